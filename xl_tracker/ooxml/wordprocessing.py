"""WordprocessingML for the reports: a template part made ready for Jinja, and a chart's inline drawing.

A report template is a .docx whose text holds Jinja tags (docxtpl syntax).
:func:`prepare_template_part` edits a template part once, with lxml, before
docxtpl cleans its tags and Jinja compiles it:

* a paragraph that holds nothing but ``{{ chart }}`` or ``{{ x.run_chart }}``
  (a name of a chart variable, alone or after dots) loses its runs and gets a
  tag that places the chart (:data:`PLACE_CHART_VARIABLE`, which renders its
  drawing run and numbers it), or nothing when there is no chart;
* every drawing's ``wp:docPr`` id becomes a per-report counter, so that ids
  stay unique when a loop repeats a drawing (Word refuses duplicates);
* a Jinja comment holding one line break goes before every paragraph, so
  that a template error's line number is the paragraph it is in, while the
  rendered XML carries nothing extra.

:func:`inline_chart_run` builds the drawing run that shows a chart part,
with lxml, so a chart title typed in a workbook is an attribute value and
nothing else.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from lxml import etree
from markupsafe import Markup, escape

from xl_tracker.ooxml.namespaces import NS_A, NS_CHART, NS_REL, NS_W, NS_WP
from xl_tracker.ooxml.package import safe_parser
from xl_tracker.ooxml.xmltext import clean

_W = f"{{{NS_W}}}"
_WP = f"{{{NS_WP}}}"
_A = f"{{{NS_A}}}"
_C = f"{{{NS_CHART}}}"

LINE_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
"""What a line break inside a ``{{ value }}`` becomes: the text run's ``w:t`` closed, a Word break, ``w:t`` reopened.

A value is rendered inside the template's ``w:t``; this fixed markup (no
text in it) is the one splice :func:`value_markup` makes, between two
escaped texts.
"""

DRAWING_ID_VARIABLE = "xl_drawing_id"
"""The render variable (a counter) that numbers every drawing of a report."""

PLACE_CHART_VARIABLE = "xl_place_chart"
"""The render variable (a function of a chart) that places a chart: it numbers it and returns its drawing run."""

PARAGRAPH_LINE = "{#\n#}"
"""A Jinja comment with one line break: renders to nothing, counts as a line."""

_ONLY_TAG = re.compile(r"\{\{\s*((?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*))\s*\}\}")
_MARKUP = re.compile(r"<[^>]+>")


def source_line_text(source: str, lineno: int | None) -> str:
    """The text of line ``lineno`` of a prepared part (one paragraph, tags kept), for an error message; markup left out."""
    if not lineno:
        return ""
    lines = source.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    text = _MARKUP.sub("", lines[lineno - 1]).strip()
    return text.removeprefix("#}").removesuffix("{#").strip()


_NOT_PLAIN = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters that need more than escaping: line breaks, and what XML 1.0 cannot hold."""


def value_markup(text: str) -> Markup:
    """A ``{{ value }}`` as it goes into a template's ``w:t`` (or an attribute): XML-safe and escaped, quotes
    included, so that workbook text stays text; its line breaks become Word line breaks."""
    if not _NOT_PLAIN.search(text):
        return escape(text)
    plain = str(escape(clean(text))).replace("\r\n", "\n").replace("\r", "\n")
    return Markup(plain.replace("\n", LINE_BREAK)) if "\n" in plain else Markup(plain)


def _paragraph_text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(_W + "t"))


def _chart_paragraphs(root: etree._Element, chart_names: frozenset[str]) -> set[str]:
    """Replace the runs of each paragraph that holds only ``{{ name }}`` (or ``{{ x.name }}``) of a chart by the chart's tag."""
    placed = set()
    for paragraph in list(root.iter(_W + "p")):
        if paragraph.find(".//" + _W + "p") is not None:
            continue
        found = _ONLY_TAG.fullmatch(_paragraph_text(paragraph).strip())
        if not found or found.group(2) not in chart_names:
            continue
        name = found.group(1)
        placed.add(name)
        properties = paragraph.find(_W + "pPr")
        for child in list(paragraph):
            if child is not properties:
                paragraph.remove(child)
        tag = f"{{% if {name} %}}{{{{ {PLACE_CHART_VARIABLE}({name}) }}}}{{% endif %}}"
        if properties is None:
            paragraph.text = tag
        else:
            properties.tail = tag
    return placed


def _number_drawings(root: etree._Element) -> None:
    for doc_pr in root.iter(_WP + "docPr"):
        doc_pr.set("id", f"{{{{ {DRAWING_ID_VARIABLE}() }}}}")


def _line_per_paragraph(root: etree._Element) -> None:
    for paragraph in root.iter(_W + "p"):
        before = paragraph.getprevious()
        if before is None:
            parent = paragraph.getparent()
            parent.text = (parent.text or "") + PARAGRAPH_LINE
        else:
            before.tail = (before.tail or "") + PARAGRAPH_LINE


@dataclass(frozen=True)
class PreparedPart:
    """A template part ready for docxtpl and Jinja: its XML as text, and the chart variables it places."""

    xml: str
    charts: frozenset[str]


def prepare_template_part(xml: bytes, chart_names: frozenset[str] = frozenset(), number_drawings: bool = False) -> PreparedPart:
    """A template part's XML, edited as the module docstring says."""
    root = etree.fromstring(xml, parser=safe_parser())
    placed = _chart_paragraphs(root, chart_names) if chart_names else set()
    if number_drawings:
        _number_drawings(root)
    _line_per_paragraph(root)
    text = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")
    return PreparedPart(text, frozenset(placed))


def _chart_run(rel_id: str, width_emu: int, height_emu: int, name: str) -> etree._Element:
    run = etree.Element(_W + "r", nsmap={"w": NS_W, "wp": NS_WP})
    inline = etree.SubElement(etree.SubElement(run, _W + "drawing"), _WP + "inline", distT="0", distB="0", distL="0", distR="0")
    etree.SubElement(inline, _WP + "extent", cx=str(width_emu), cy=str(height_emu))
    etree.SubElement(inline, _WP + "effectExtent", l="0", t="0", r="0", b="0")
    etree.SubElement(inline, _WP + "docPr", id="0", name=clean(name), descr="")
    etree.SubElement(inline, _WP + "cNvGraphicFramePr")
    graphic = etree.SubElement(inline, _A + "graphic", nsmap={"a": NS_A})
    data = etree.SubElement(graphic, _A + "graphicData", uri=NS_CHART)
    etree.SubElement(data, _C + "chart", {f"{{{NS_REL}}}id": rel_id}, nsmap={"c": NS_CHART, "r": NS_REL})
    return run


_RUNS: dict[tuple[str, int, int, str], etree._Element] = {}
_RUNS_LOCK = threading.Lock()


def inline_chart_run(rel_id: str, width_emu: int, height_emu: int, drawing_id: int, name: str, description: str) -> str:
    """A ``w:r`` holding an inline drawing of the chart part that ``rel_id`` points at.

    The run is built once per chart placement and kept; each report sets its
    drawing id and description (the chart's title, workbook text) into it
    through lxml.
    """
    key = (rel_id, width_emu, height_emu, name)
    with _RUNS_LOCK:
        run = _RUNS.get(key)
        if run is None:
            if len(_RUNS) > 64:
                _RUNS.clear()
            run = _RUNS[key] = _chart_run(rel_id, width_emu, height_emu, name)
        doc_pr = run[0][0][2]
        doc_pr.set("id", str(drawing_id))
        doc_pr.set("descr", clean(description))
        return etree.tostring(run, encoding="unicode")
