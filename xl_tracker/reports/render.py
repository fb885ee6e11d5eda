"""Render a Word template (.docx with Jinja tags) into reports: compiled once, in a sandbox, escaped.

The tag syntax is docxtpl's (``{{ x }}``, ``{%p if %}``, ``{%tr for %}``…):
docxtpl's own ``patch_xml`` cleans the tags Word splits across runs, once per
template, after :func:`~xl_tracker.ooxml.wordprocessing.prepare_template_part`
has made the part ready (chart paragraphs, drawing ids, one line per
paragraph for error messages). Unlike a plain docxtpl loop, the cleaned XML
of each part is compiled to a Jinja template ONCE and every report only
renders it and writes the result with the template's other parts, copied as
their stored (compressed) bytes, through the package layer
(:func:`~xl_tracker.ooxml.package.write_package`). That, and a native chart
part, is what makes a report cost milliseconds.

Safety: templates run in :class:`jinja2.sandbox.SandboxedEnvironment` (a
template cannot reach Python internals), with autoescape on (workbook text
with ``&``, ``<``, ``>``, quotes renders as typed and cannot inject XML;
characters XML cannot hold are dropped) and with values never re-parsed as
templates (``{{ }}`` typed in a workbook is text). A value's line breaks
become Word line breaks. An unknown variable is an error naming the
template and the text around the tag, not a silent blank.
A template is also bounded: a text or list repeated beyond
:data:`MAX_REPEAT` items or a power beyond :data:`MAX_POWER_BITS` bits is
refused (``{{ 'x' * 10**9 }}`` once ran 46 s at 6.8 GB), and rendering stops
when a part grows beyond :data:`MAX_PART_CHARS` characters or takes longer
than :data:`MAX_RENDER_SECONDS`.
"""

from __future__ import annotations

import itertools
import re
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from xl_tracker.errors import WorkbookError
from xl_tracker.ooxml.content_types import ContentTypes
from xl_tracker.ooxml.namespaces import CT_CHART, RT_CHART
from xl_tracker.ooxml.package import CONTENT_TYPES_PART, PackageReader, write_package
from xl_tracker.ooxml.relationships import Relationships
from xl_tracker.ooxml.wordprocessing import (
    DRAWING_ID_VARIABLE,
    PLACE_CHART_VARIABLE,
    prepare_template_part,
    source_line_text,
    value_markup,
)
from xl_tracker.ooxml.zip_copy import Deflated, StoredEntry, deflate
from xl_tracker.reports.charts import CHART_VARIABLES, ReportChart, chart_part_name, chart_rel_id

_TEMPLATE_PARTS = re.compile(r"^(word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml)$")
_DOCUMENT = "word/document.xml"
_DOC_RELS = "word/_rels/document.xml.rels"
_JINJA_TAG = re.compile(r"\{[{%#]")
_RENDERED_LEVEL = 1
"""Deflate level of the parts rendered per report: level 1 is several times faster than 6 on text this repetitive."""
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
    """Every ``{{ }}`` value: XML-safe, escaped, line breaks as Word breaks; markup (a chart's drawing) passes through."""
    if hasattr(value, "__html__"):
        return value
    if value is None:
        return ""
    return value_markup(value if type(value) is str else str(value))


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with ``*`` and ``**`` checked before they are computed."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        _bounded_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)


def make_environment() -> SandboxedEnvironment:
    """The Jinja environment of every report: sandboxed, bounded, autoescaped, strict about unknown names."""
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
    """A template ready to render many reports: its compiled parts and its other parts as stored."""

    path: Path
    static: list[tuple[str, StoredEntry | bytes]]
    parts: dict[str, Any]
    sources: dict[str, str] = field(repr=False)
    rels: bytes = b""
    content_types: bytes = b""
    charts: frozenset[str] = frozenset()
    """The chart expressions the parts place (``{{ chart }}`` or ``{{ m.run_chart }}`` alone in a paragraph)."""
    _package_cache: dict[tuple[int, ...], list[tuple[str, Deflated]]] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    def render(self, variables: dict[str, Any], out_path: Path) -> Path:
        """Render one report to ``out_path`` (a .docx)."""
        context = dict(variables)
        drawing_id = itertools.count(1).__next__
        context[DRAWING_ID_VARIABLE] = drawing_id
        placed: list[ReportChart] = []

        def place_chart(chart: Any) -> Any:
            """Chart N of this report, in the order the template places them; anything else renders as nothing."""
            if not isinstance(chart, ReportChart):
                return ""
            placed.append(chart)
            return chart.inline(drawing_id(), len(placed))

        context[PLACE_CHART_VARIABLE] = place_chart
        rendered: list[tuple[str, Deflated]] = []
        for part, template in self.parts.items():
            try:
                xml = _render_bounded(template, context)
            except Exception as exc:  # an error inside a custom template: one line for the user
                raise self._runtime_error(part, exc) from None
            rendered.append((part, deflate(xml.encode("utf-8"), _RENDERED_LEVEL)))
        charts = [(chart_part_name(n), deflate(chart.part(), _RENDERED_LEVEL)) for n, chart in enumerate(placed, start=1)]
        write_package(out_path, [*self._package_parts(tuple(range(1, len(placed) + 1))), *rendered, *charts, *self.static])
        return out_path

    def _package_parts(self, chart_numbers: tuple[int, ...]) -> list[tuple[str, Deflated]]:
        """``[Content_Types].xml`` and the body's relationships with these charts added: the same for every
        report with the same charts, so made once per template and chart set."""
        made = self._package_cache.get(chart_numbers)
        if made is None:
            rels = Relationships(_DOC_RELS, self.rels)
            types = ContentTypes(self.content_types)
            for number in chart_numbers:
                rels.add(RT_CHART, chart_part_name(number), rid=chart_rel_id(number))
                types.set(chart_part_name(number), CT_CHART)
            made = self._package_cache[chart_numbers] = [
                (CONTENT_TYPES_PART, deflate(types.to_bytes(), _RENDERED_LEVEL)),
                (_DOC_RELS, deflate(rels.to_bytes(), _RENDERED_LEVEL)),
            ]
        return made

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
    """The text (tags included, XML left out) of the paragraph at ``lineno`` of a compiled part."""
    text = source_line_text(source, lineno)
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

    path = Path(path)
    if not path.is_file():
        raise ReportTemplateError(f"report template {path} does not exist")
    env = environment or make_environment()
    try:
        cleaner = DocxTemplate(str(path))
        cleaner.init_docx()
        with PackageReader(path) as package:
            names = package.parts()
            if _DOCUMENT not in names or _DOC_RELS not in names or CONTENT_TYPES_PART not in names:
                raise ReportTemplateError(f"report template {path.name} is not a Word document: it has no document body")
            xml_parts = {name: package.read(name) for name in names if _TEMPLATE_PARTS.match(name)}
            rels, content_types = package.read(_DOC_RELS), package.read(CONTENT_TYPES_PART)
            static = [
                (name, package.stored(name)) for name in names
                if name not in (_DOC_RELS, CONTENT_TYPES_PART) and not name.startswith("word/charts/xlchart")
            ]
    except ReportTemplateError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReportTemplateError(f"report template {path.name} is not a Word document (.docx) that can be read ({exc})") from None
    except Exception as exc:  # python-docx raises its own types for a damaged package
        raise ReportTemplateError(f"report template {path.name} is not a Word document (.docx) that can be read ({type(exc).__name__})") from None
    parts: dict[str, Any] = {}
    sources: dict[str, str] = {}
    charts: frozenset[str] = frozenset()
    for name, data in xml_parts.items():
        if name != _DOCUMENT and not _JINJA_TAG.search(cleaner.patch_xml(data.decode("utf-8"))):  # no tags: copied as stored
            continue
        try:
            prepared = prepare_template_part(data, CHART_VARIABLES, number_drawings=name == _DOCUMENT)
        except Exception as exc:  # lxml's syntax error: the part is not XML
            raise ReportTemplateError(f"report template {path.name}: {_part_label(name)} is not readable XML ({exc})") from None
        source = cleaner.patch_xml(prepared.xml)
        try:
            template = env.from_string(source)
        except TemplateSyntaxError as exc:
            raise _syntax_error(path, name, source, exc, env) from None
        charts |= prepared.charts
        parts[name] = template
        sources[name] = source
    return CompiledTemplate(
        path=path,
        static=[(name, entry) for name, entry in static if name not in parts],
        parts=parts,
        sources=sources,
        rels=rels,
        content_types=content_types,
        charts=charts,
    )
