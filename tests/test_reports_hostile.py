"""Workbook text cannot break a report's XML: hostile text in every free-text field a report shows.

Every text column of every input sheet (IDs, references and choices stay
valid, so the rows still reach the reports) gets markup, CDATA ends, control
characters, ampersands, emoji, Jinja tags, line breaks and very long text.
Each report must then be well-formed XML in every part, open with
python-docx, show the text as typed (control characters dropped), and
convert with LibreOffice.
"""

from __future__ import annotations

import itertools
import re
import zipfile

import docx
import pytest
from lxml import etree

from xl_tracker import generate_reports
from xl_tracker.contract import INPUT_SHEETS, Kind
from xl_tracker.demo_data import SETTINGS, demo_rows
from xl_tracker.reports.pdf import convert_to_pdf
from xl_tracker.template import build_workbook

HOSTILE = [
    "]]> <![CDATA[ x ]]>",
    "<w:p><w:r><w:t>injected</w:t></w:r></w:p>",
    '</w:t></w:r><w:r><w:t xml:space="preserve">"quoted" & \'single\'',
    "ctrl\x01\x02\x0b\x0c\x1f\x7f end",
    "A & B &amp; C &lt;tag&gt; &#0; &unknown;",
    "emoji 👩🏽‍⚕️ 🏥 ✓ — Ñandú 王小明",
    "{{ report.programme }} {% if x %}tag{% endif %} {# c #}",
    "line one\nline two\r\nline three",
    "long " + "x" * 6000,
]
MARKERS = ("<w:p><w:r><w:t>injected", "]]> <![CDATA[ x ]]>", "A & B &amp; C &lt;tag&gt;", "👩🏽‍⚕️", "{{ report.programme }}")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _free_text_columns() -> dict[str, list[str]]:
    return {
        sheet.name: [c.header for c in sheet.columns if c.kind is Kind.TEXT and not c.refers_to and not c.defines_id]
        for sheet in INPUT_SHEETS
    }


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    rows = demo_rows()
    members = rows["Members"][:3]
    keep = {m["Member ID"] for m in members}
    rows["Members"] = members
    for sheet in ("Assessments", "Sessions", "Strengths", "Goals"):
        rows[sheet] = [r for r in rows[sheet] if r["Member ID"] in keep]
    texts = itertools.cycle(HOSTILE)
    touched = 0
    for sheet, headers in _free_text_columns().items():
        for row in rows.get(sheet, []):
            for header in headers:
                if header in row:
                    row[header] = next(texts)
                    touched += 1
    assert touched > 50
    book = build_workbook(tmp / "book.xlsx", rows, SETTINGS)
    reports = generate_reports(book, tmp / "reports")
    assert len(reports.member_reports) == 3 and reports.team_report
    return reports


def test_every_part_of_every_report_is_well_formed_xml(hostile_reports):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    for path in hostile_reports.files:
        with zipfile.ZipFile(path) as z:
            assert z.namelist()[0] == "[Content_Types].xml"
            for name in z.namelist():
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(z.read(name), parser)


def test_hostile_text_shows_as_typed_and_injects_nothing(hostile_reports):
    seen = set()
    for path in hostile_reports.files:
        document = docx.Document(str(path))
        body = document.element.body
        text = "\n".join("".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t"))) for p in body.iter(docx.oxml.ns.qn("w:p")))
        cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert "injected" not in [t.text for t in body.iter(docx.oxml.ns.qn("w:t"))], "markup became a run"
        assert not _CONTROL.search(text + cells)
        seen.update(m for m in MARKERS if m in text or m in cells)
    assert seen == set(MARKERS), set(MARKERS) - seen


def test_line_breaks_in_workbook_text_are_word_line_breaks(hostile_reports):
    br, t = docx.oxml.ns.qn("w:br"), docx.oxml.ns.qn("w:t")
    broken = 0
    for path in hostile_reports.files:
        for node in docx.Document(str(path)).element.body.iter(t):
            if (node.text or "").startswith(("line two", "line three")):
                assert node.getprevious() is not None and node.getprevious().tag == br
                broken += 1
    assert broken >= 2


def test_chart_of_a_hostile_member_names_them_as_typed(hostile_reports):
    member = hostile_reports.member_reports[0]
    with zipfile.ZipFile(member) as z:
        chart = etree.fromstring(z.read("word/charts/xlchart1.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
    title = "".join(chart.itertext())
    doc_pr = body.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert doc_pr is not None and doc_pr.get("descr")
    assert doc_pr.get("descr").split(":")[0] in title


@pytest.mark.libreoffice
def test_libreoffice_converts_the_hostile_reports(hostile_reports, soffice, tmp_path):
    files = [hostile_reports.member_reports[0], hostile_reports.team_report]
    pdfs = convert_to_pdf(files, tmp_path, soffice=soffice)
    assert len(pdfs) == 2
    for path in pdfs:
        assert path.read_bytes().startswith(b"%PDF")
