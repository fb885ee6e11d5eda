"""Render a Word template (.docx with Jinja tags) into reports: compiled once, in a sandbox, escaped.

The tag syntax is docxtpl's (``{{ x }}``, ``{%p if %}``, ``{%tr for %}``…):
docxtpl's own ``patch_xml`` cleans the tags Word splits across runs, once per
template. Unlike a plain docxtpl loop, the cleaned XML of each part is
compiled to a Jinja template ONCE and every report only renders it and zips
the result with the template's other parts, which were compressed once too
(:mod:`.package`). That, and a chart written as XML text, is what makes a
report cost milliseconds.

Safety: templates run in :class:`jinja2.sandbox.SandboxedEnvironment` (a
template cannot reach Python internals), with autoescape on (workbook text
with ``&``, ``<``, ``>``, quotes renders as typed and cannot inject XML) and
with values never re-parsed as templates (``{{ }}`` typed in a workbook is
text). A value's line breaks become Word line breaks. An unknown variable is
an error naming the template and the text around the tag, not a silent blank.
A template is also bounded: a text or list repeated beyond
:data:`MAX_REPEAT` items or a power beyond :data:`MAX_POWER_BITS` bits is
refused (``{{ 'x' * 10**9 }}`` once ran 46 s at 6.8 GB), and rendering stops
when a part grows beyond :data:`MAX_PART_CHARS` characters or takes longer
than :data:`MAX_RENDER_SECONDS`.
"""

from __future__ import annotations

import re
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xl_tracker.errors import WorkbookError
from xl_tracker.reports.charts import CHART_CONTENT_TYPE, CHART_REL_TYPE, BarChart, chart_part
from xl_tracker.reports.package import ZipEntry, deflate, write_zip

_TEMPLATE_PARTS = re.compile(r"^(word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml)$")
_DOC_RELS = "word/_rels/document.xml.rels"
_CONTENT_TYPES = "[Content_Types].xml"
_PARAGRAPH = re.compile(r"<w:p([ >])")
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAG = re.compile(r"\{[{%#](?:(?!\{[{%#]).)*?(?:[}%#]\}|(?=\{[{%#])|$)")


MAX_REPEAT = 1_000_000
"""Longest text or list a template may make by ``*``."""
MAX_POWER_BITS = 4096
"""Largest number a template may make by ``**``."""
MAX_PART_CHARS = 50_000_000
"""Longest rendered part of one report (a real report's body is under 1 MB)."""
MAX_RENDER_SECONDS = 60.0
"""Longest time one part of one report may take to render."""


class ReportTemplateError(WorkbookError):
    """A report template cannot be used: the message names the file and the tag or text to fix."""


class TemplateTooLarge(Exception):
    """A template asked for more than a report can hold (a huge repetition, power, output or time)."""


def _bounded_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``*`` and ``**`` whose result would be huge, before it is computed."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_REPEAT:
                raise TemplateTooLarge(f"a repetition of {len(seq) * times:,} items is more than the {MAX_REPEAT:,} a template may make")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        if right * abs(left).bit_length() > MAX_POWER_BITS:
            raise TemplateTooLarge("a power too large for a report")


def _part_label(part: str) -> str:
    if part.startswith("word/header"):
        return "the page header"
    if part.startswith("word/footer"):
        return "the page footer"
    if part == "docProps/core.xml":
        return "the document properties"
    if part.startswith("word/foot") or part.startswith("word/end"):
        return "the notes"
    return "the body"


def _finalize(value: Any) -> Any:
    """Every ``{{ }}`` value: escaped for XML, line breaks as Word breaks; charts pass through as markup."""
    from markupsafe import Markup, escape

    if hasattr(value, "__html__"):
        return value
    if value is None:
        return ""
    text = escape(str(value))
    if "\n" in text:
        text = Markup(text.replace("\r\n", "\n").replace("\n", _BREAK))
    return text


def make_environment():
    """The Jinja environment of every report: sandboxed, autoescaped, strict about unknown names."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedEnvironment(SandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):
            _bounded_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

    return BoundedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=_finalize, keep_trailing_newline=True)


def _render_bounded(template: Any, variables: dict[str, Any]) -> str:
    """``template.render(variables)``, stopped when the output grows beyond :data:`MAX_PART_CHARS` or time runs out."""
    pieces: list[str] = []
    size = 0
    deadline = time.monotonic() + MAX_RENDER_SECONDS
    for piece in template.generate(variables):
        pieces.append(piece)
        size += len(piece)
        if size > MAX_PART_CHARS:
            raise TemplateTooLarge(f"the report would be longer than {MAX_PART_CHARS:,} characters")
        if time.monotonic() > deadline:
            raise TemplateTooLarge(f"rendering took longer than {MAX_RENDER_SECONDS:.0f} s")
    return "".join(pieces)


@dataclass
class CompiledTemplate:
    """A template ready to render many reports: its compiled parts and its compressed static parts."""

    path: Path
    static: list[ZipEntry]
    parts: dict[str, Any]
    sources: dict[str, str] = field(repr=False)
    rels: str = ""
    content_types: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    def render(self, variables: dict[str, Any], out_path: Path) -> Path:
        """Render one report to ``out_path`` (a .docx)."""
        rendered: dict[str, str] = {}
        for part, template in self.parts.items():
            try:
                xml = _render_bounded(template, variables)
            except Exception as exc:  # an error inside a custom template: one line for the user
                raise self._runtime_error(part, exc) from None
            rendered[part] = xml.replace("\n<w:p", "<w:p")
        body = rendered.get("word/document.xml", "")
        counter = iter(range(1, 1_000_000))
        if "<wp:docPr" in body:
            rendered["word/document.xml"] = _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(3)}", body)
        charts = [v for v in variables.values() if isinstance(v, BarChart) and f'r:id="{v.rel_id}"' in body]
        rels, types = self.rels, self.content_types
        extra: list[ZipEntry] = []
        for chart in charts:
            rels = rels.replace(
                "</Relationships>",
                f'<Relationship Id="{chart.rel_id}" Type="{CHART_REL_TYPE}" Target="{chart.part_name[len("word/"):]}"/></Relationships>',
            )
            types = types.replace("</Types>", f'<Override PartName="/{chart.part_name}" ContentType="{CHART_CONTENT_TYPE}"/></Types>')
            extra.append(deflate(chart.part_name, chart_part(chart), 1))
        entries = [deflate(_CONTENT_TYPES, types.encode("utf-8"), 1), deflate(_DOC_RELS, rels.encode("utf-8"), 1)]
        entries += [deflate(part, xml.encode("utf-8"), 1) for part, xml in rendered.items()]
        write_zip(out_path, entries + extra + self.static)
        return out_path

    def _runtime_error(self, part: str, exc: Exception) -> ReportTemplateError:
        lineno = None
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename == "<template>":
                lineno = frame.lineno
        near = _near(self.sources[part], lineno)
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if type(exc).__name__ == "UndefinedError":
            detail += " (docs/report-templates.md lists every variable)"
        where = f" near “{near}”" if near else ""
        return ReportTemplateError(f"report template {self.name}, {_part_label(part)}{where}: {detail}")


def _near(source: str, lineno: int | None) -> str:
    """The text (tags included, XML stripped) of the paragraph at ``lineno`` of a compiled part."""
    if not lineno:
        return ""
    lines = source.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()
    tags = _TAG.findall(text)
    shown = " ".join(tags) if tags else text
    return shown if len(shown) <= 120 else shown[:119] + "…"


def _syntax_error(path: Path, part: str, source: str, exc: Exception, env) -> ReportTemplateError:
    message = (getattr(exc, "message", None) or str(exc)).splitlines()[0].rstrip(".")
    if "end of template" in message:
        where = ""
    else:
        where = _broken_tag(source, getattr(exc, "lineno", None), env)
        where = f", tag “{where}”" if where else ""
    return ReportTemplateError(
        f"report template {path.name}: broken tag in {_part_label(part)}{where}: {message}; "
        "fix it in Word (docs/report-templates.md shows the tag syntax)"
    )


def _broken_tag(source: str, lineno: int | None, env) -> str:
    """The first tag on the error's line that does not compile on its own, else every tag on that line."""
    from jinja2 import TemplateSyntaxError

    near = _near(source, lineno)
    for tag in _TAG.findall(near):
        if tag.startswith("{{"):
            try:
                env.parse(tag)
            except TemplateSyntaxError:
                return tag.strip()
    return near


def compile_template(path: str | Path, environment=None) -> CompiledTemplate:
    """Read, clean and compile a .docx template once. Raises :class:`ReportTemplateError` for a file or tag to fix."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    path = Path(path)
    if not path.is_file():
        raise ReportTemplateError(f"report template {path} does not exist")
    env = environment or make_environment()
    try:
        cleaner = DocxTemplate(str(path))
        cleaner.init_docx()
        with zipfile.ZipFile(path) as package:
            members = {info.filename: package.read(info) for info in package.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReportTemplateError(f"report template {path.name} is not a Word document (.docx) that can be read ({exc})") from None
    except Exception as exc:  # python-docx raises its own types for a damaged package
        raise ReportTemplateError(f"report template {path.name} is not a Word document (.docx) that can be read ({type(exc).__name__})") from None
    if "word/document.xml" not in members or _DOC_RELS not in members or _CONTENT_TYPES not in members:
        raise ReportTemplateError(f"report template {path.name} is not a Word document: it has no document body")
    parts: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, data in members.items():
        if not _TEMPLATE_PARTS.match(name):
            continue
        xml = data.decode("utf-8")
        patched = cleaner.patch_xml(xml)
        if name != "word/document.xml" and not re.search(r"\{[{%#]", patched):
            continue
        source = _PARAGRAPH.sub(r"\n<w:p\1", patched)
        try:
            parts[name] = env.from_string(source)
        except TemplateSyntaxError as exc:
            raise _syntax_error(path, name, source, exc, env) from None
        sources[name] = source
    static = [
        deflate(name, data)
        for name, data in members.items()
        if name not in parts and name not in (_DOC_RELS, _CONTENT_TYPES) and not name.startswith("word/charts/xlchart")
    ]
    return CompiledTemplate(
        path=path,
        static=static,
        parts=parts,
        sources=sources,
        rels=members[_DOC_RELS].decode("utf-8"),
        content_types=members[_CONTENT_TYPES].decode("utf-8"),
    )
