"""Template parts made ready for Jinja with lxml, and a chart's drawing run."""

from __future__ import annotations

import itertools

from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from xl_tracker.ooxml.namespaces import NS_CHART, NS_REL, NS_W, NS_WP
from xl_tracker.ooxml.wordprocessing import (
    DRAWING_ID_VARIABLE,
    PLACE_CHART_VARIABLE,
    inline_chart_run,
    prepare_template_part,
    source_line_text,
    value_markup,
)

W = f"{{{NS_W}}}"
DOC = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{NS_W}" xmlns:wp="{NS_WP}"><w:body>'
    '<w:p><w:r><w:t>Hello {{ name }}</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>{{ </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>chart</w:t></w:r><w:r><w:t> }}</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>{{ other }}</w:t></w:r></w:p>'
    '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="7" name="Picture"/></wp:inline></w:drawing></w:r></w:p>'
    "</w:body></w:document>"
).encode()


class Chart:
    def inline(self, drawing_id, number):
        from markupsafe import Markup

        return Markup(inline_chart_run(f"rIdXlChart{number}", 100, 50, drawing_id, f"Chart {number}", "a <b> & \"c\"\x01"))


def _render(prepared, **variables):
    """Render as the report renderer does: drawings numbered, charts placed and numbered in order."""
    env = SandboxedEnvironment(autoescape=True)
    drawing_id = itertools.count(1).__next__
    placed = []

    def place(chart):
        placed.append(chart)
        return chart.inline(drawing_id(), len(placed))

    variables[DRAWING_ID_VARIABLE] = drawing_id
    variables[PLACE_CHART_VARIABLE] = place
    return env.from_string(prepared.xml).render(variables)


def test_a_paragraph_holding_only_a_chart_tag_becomes_the_chart_run_and_nothing_else():
    prepared = prepare_template_part(DOC, frozenset({"chart", "other"}), number_drawings=True)
    assert prepared.charts == {"chart", "other"}
    root = etree.fromstring(_render(prepared, name="Ann", chart=Chart(), other=None).encode())
    paragraphs = root.findall(f".//{W}p")
    assert len(paragraphs) == 4
    assert paragraphs[1].find(f"{W}pPr") is not None
    runs = paragraphs[1].findall(f"{W}r")
    assert len(runs) == 1 and runs[0].find(f"{W}drawing") is not None
    assert paragraphs[2].findall(f"{W}r") == [] and not "".join(paragraphs[2].itertext()).strip()
    chart_ref = root.find(f".//{{{NS_CHART}}}chart")
    assert chart_ref.get(f"{{{NS_REL}}}id") == "rIdXlChart1"
    doc_prs = root.findall(f".//{{{NS_WP}}}docPr")
    assert [d.get("id") for d in doc_prs] == ["1", "2"], "every drawing numbered in document order"
    assert doc_prs[0].get("descr") == 'a <b> & "c"'


def test_a_chart_in_a_loop_is_placed_once_per_item_and_numbered_in_order():
    loop = DOC.replace(b"<w:t>chart</w:t>", b"<w:t>m.run_chart</w:t>").replace(
        b"<w:p><w:r><w:t>{{ other }}", b"<w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p><w:p><w:r><w:t>{{ other }}"
    ).replace(b"<w:p><w:pPr>", b"<w:p><w:r><w:t>{%p for m in ms %}</w:t></w:r></w:p><w:p><w:pPr>", 1)
    prepared = prepare_template_part(loop, frozenset({"run_chart"}))
    assert prepared.charts == {"m.run_chart"}
    xml = prepared.xml.replace("{%p for m in ms %}", "{% for m in ms %}").replace("{%p endfor %}", "{% endfor %}")
    from xl_tracker.ooxml.wordprocessing import PreparedPart

    out = _render(PreparedPart(xml, prepared.charts), name="Ann", ms=[{"run_chart": Chart()}, {"run_chart": None}, {"run_chart": Chart()}], other="")
    ids = [c.get(f"{{{NS_REL}}}id") for c in etree.fromstring(out.encode()).iter(f"{{{NS_CHART}}}chart")]
    assert ids == ["rIdXlChart1", "rIdXlChart2"]


def test_other_tags_and_text_stay_and_no_line_markers_reach_the_output():
    prepared = prepare_template_part(DOC, frozenset({"chart"}))
    out = _render(prepared, name="Ann & <Bo>", chart=None, other="x")
    root = etree.fromstring(out.encode())
    assert "".join(root.find(f".//{W}p").itertext()) == "Hello Ann & <Bo>"
    assert "{#" not in out and "#}" not in out and "\n<w:p" not in out
    assert root.find(f".//{{{NS_WP}}}docPr").get("id") == "7", "ids are only renumbered where asked"


def test_each_paragraph_is_one_line_of_the_prepared_source():
    prepared = prepare_template_part(DOC, frozenset({"chart"}))
    lines = prepared.xml.splitlines()
    assert sum("<w:p>" in line or "<w:p " in line for line in lines) == 4
    assert all(line.count("<w:p>") + line.count("<w:p ") <= 1 for line in lines)
    first = next(n for n, line in enumerate(lines, start=1) if "<w:p>" in line)
    assert source_line_text(prepared.xml, first) == "Hello {{ name }}"
    assert source_line_text(prepared.xml, first + 2) == "{{ other }}"
    assert source_line_text(prepared.xml, 99) == "" and source_line_text(prepared.xml, None) == ""


def test_the_chart_run_declares_what_it_uses_and_drops_what_xml_cannot_hold():
    run = etree.fromstring(inline_chart_run("rId9", 5486400, 2377440, 3, "Chart <1>", "]]> & \x0b"))
    doc_pr = run.find(f".//{{{NS_WP}}}docPr")
    assert (doc_pr.get("id"), doc_pr.get("name"), doc_pr.get("descr")) == ("3", "Chart <1>", "]]> & ")
    assert run.find(f".//{{{NS_WP}}}extent").attrib == {"cx": "5486400", "cy": "2377440"}


def test_a_value_is_text_inside_its_run_whatever_it_holds():
    value = "a\x01<w:p>&amp;\"'\r\nb\rc\n]]>"
    xml = f'<w:r xmlns:w="{NS_W}"><w:t xml:space="preserve">{value_markup(value)}</w:t></w:r>'
    run = etree.fromstring(xml)
    assert [t.text for t in run.iter(f"{W}t")] == ["a<w:p>&amp;\"'", "b", "c", "]]>"]
    assert len(run.findall(f"{W}br")) == 3
    one_line = "a\x01<w:p>&amp;\"' ]]>"
    assert etree.fromstring(f'<x a="{value_markup(one_line)}"/>').get("a") == "a<w:p>&amp;\"' ]]>"
