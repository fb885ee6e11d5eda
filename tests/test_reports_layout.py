"""How the demo's reports read on the page: no word broken inside a table column, no table row split across pages,
no heading apart from its chart, one precision per kind of figure.

Read back with python-docx: every word of every table cell fits its
column at its size and weight in DejaVu Sans (the widest font a report is
read in: LibreOffice's stand-in for Calibri where Calibri and Carlito are
missing), every table row may not break across a page, a chart's heading
shares an unsplittable row with it (and LibreOffice prints them on one
page), and every percentage has the sheets' one decimal.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from conftest import run_soffice
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph

from xl_tracker.demo import build_demo_workbook
from xl_tracker.pipeline import run_tracker
from xl_tracker.reports.build_templates import build_templates
from xl_tracker.reports.generate import write_reports
from xl_tracker.reports.text_width import CELL_MARGINS_CM, column_holds, text_width_cm, words
from xl_tracker.resources import shipped_dir


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo workbook's run and its 18 member reports and team report."""
    folder = tmp_path_factory.mktemp("layout")
    run = run_tracker(build_demo_workbook(folder / "demo.xlsx"))
    reports = write_reports(run, folder / "reports", workers=1)
    return run, reports


def _style_value(style, get):
    while style is not None:
        value = get(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def _run_look(run, paragraph) -> tuple[float, bool]:
    """A run's size in points and whether it is bold: its own, else its paragraph style's (and the styles it is based on)."""
    size = run.font.size or _style_value(paragraph.style, lambda s: s.font.size)
    bold = run.font.bold
    if bold is None:
        bold = _style_value(paragraph.style, lambda s: s.font.bold)
    return (size.pt if size is not None else 10.0), bool(bold)


JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def broken_words(path: Path) -> list[str]:
    """Each word of a table cell wider than its column (cell margins taken off), as 'table N: word needs X cm, column Y cm'.

    Jinja tags are left out (a template's data is checked in the reports rendered from it)."""
    found = []
    document = docx.Document(path)
    for n, table in enumerate(document.tables):
        for tr in table._tbl.tr_lst:
            for tc in tr.tc_lst:
                width = tc.width
                if width is None:
                    continue
                cm = Emu(width).cm
                for p in (Paragraph(p, table) for p in tc.iter(qn("w:p"))):
                    for run in p.runs:
                        size, bold = _run_look(run, p)
                        for word in words(JINJA_TAG.sub(" ", run.text)):
                            if not column_holds(cm, word, size, bold):
                                found.append(f"table {n}: {word!r} ({size:g} pt{' bold' if bold else ''}) needs "
                                             f"{text_width_cm(word, size, bold) + CELL_MARGINS_CM:.2f} cm, column {cm:.2f} cm")
    return found


def test_no_word_is_wider_than_its_table_column_in_any_demo_report(demo):
    """'Leadin g', 'Membe rs', 'Overdu e', 'NETWORKS 1': a column narrower than its longest word breaks the word."""
    _, reports = demo
    broken = {path.name: words for path in reports.files if (words := broken_words(path))}
    assert broken == {}


@pytest.mark.parametrize("name", ["member_report.docx", "team_report.docx", "programme_report.docx", "scoring_form.docx"])
def test_every_template_header_word_fits_its_column(name):
    """The headers, as typed in the shipped templates (the data is checked in the rendered reports above)."""
    assert broken_words(shipped_dir("report_templates") / name) == []


def rows_that_may_split(path: Path) -> list[str]:
    """Each table row without w:cantSplit, as 'table N row R: its first cell's text'."""
    found = []
    for n, table in enumerate(docx.Document(path).tables):
        for r, tr in enumerate(table._tbl.tr_lst):
            if tr.trPr is None or tr.trPr.find(qn("w:cantSplit")) is None:
                found.append(f"table {n} row {r}: {''.join(tr.tc_lst[0].itertext())[:40]!r}")
    return found


def test_no_table_row_of_any_demo_report_breaks_across_a_page(demo):
    """A goal's row split over pages 2-3 of M01, a member's scores and their bracketed values apart in the team report."""
    _, reports = demo
    split = {path.name: rows for path in reports.files if (rows := rows_that_may_split(path))}
    assert split == {}


def test_every_header_row_repeats_on_the_next_page(demo):
    """A table that runs onto a second page repeats its header row there (key-value tables and the comment box have none)."""
    _, reports = demo
    for path in reports.files:
        for table in docx.Document(path).tables:
            first = table._tbl.tr_lst[0]
            bold = all(r.font.bold for c in table.rows[0].cells for p in c.paragraphs for r in p.runs if r.text.strip())
            if len(table.columns) > 2 and bold:
                assert first.trPr.find(qn("w:tblHeader")) is not None, (path.name, table.rows[0].cells[0].text)


@pytest.mark.parametrize("name", ["member_report.docx", "team_report.docx", "programme_report.docx", "scoring_form.docx"])
def test_every_row_of_every_template_is_kept_whole(name):
    assert rows_that_may_split(shipped_dir("report_templates") / name) == []


# --- a heading or caption on the page of its chart --------------------------------------------

WP_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _text(element) -> str:
    return " ".join("".join(t.text or "" for t in element.iter(qn("w:t"))).split())


def _kept_with_next(paragraph, document) -> bool:
    """The paragraph's own keep-with-next, else its style's (a heading's)."""
    p_pr = paragraph.pPr
    if p_pr is not None and p_pr.find(qn("w:keepNext")) is not None:
        return True
    style = document.styles.element.get_by_id(paragraph.style) if paragraph.style else None
    while style is not None:
        s_pr = style.pPr
        if s_pr is not None and s_pr.find(qn("w:keepNext")) is not None:
            return True
        based = style.basedOn_val
        style = document.styles.element.get_by_id(based) if based else None
    return False


def charts_with_lead(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Each chart whose heading or caption sits in the cell above it, as (the cell's first text, the chart's title);
    and each chart at body level that a heading or a kept-with-next paragraph comes straight before (left to
    keep-with-next), as (that paragraph's text, the chart's title)."""
    document = docx.Document(path)
    kept, loose = [], []
    for paragraph in document.element.body.iter(qn("w:p")):
        doc_pr = paragraph.find(".//" + WP_DOC_PR)
        if doc_pr is None:
            continue
        parent = paragraph.getparent()
        if parent.tag == qn("w:tc"):
            first = parent.find(qn("w:p"))
            if first is not paragraph:
                row = parent.getparent()
                assert row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None, path.name
                kept.append((_text(first), " ".join(doc_pr.get("descr", "").split())))
            continue
        before = paragraph.getprevious()
        if before is not None and before.tag == qn("w:p") and _kept_with_next(before, document):
            loose.append((_text(before), " ".join(doc_pr.get("descr", "").split())))
    return kept, loose


def test_every_heading_and_caption_of_a_chart_stands_with_it_in_a_row_kept_whole(demo):
    """"Scores round by round" was kept with its chart by keep-with-next only, which LibreOffice ignored at the foot of
    page 1 of every demo member report: the heading, a measure's caption and the commitment finding now share an
    unsplittable row with their chart."""
    _, reports = demo
    loose = {path.name: found for path in reports.files if (found := charts_with_lead(path)[1])}
    assert loose == {}
    member, team = charts_with_lead(reports.member_reports[0])[0], charts_with_lead(reports.team_report)[0]
    assert ("Scores round by round" in {lead for lead, _ in member}) and len(member) >= 2  # and the measures' run charts
    assert {"Team scores round by round", "Commitment and change"} <= {lead for lead, _ in team}


@pytest.mark.libreoffice
def test_libreoffice_prints_each_chart_on_the_page_of_its_heading(demo, soffice, tmp_path):
    """The reviewer's reports (M01, M07, M16, M18 and the team's), converted by LibreOffice: the page that shows a chart's
    heading or caption shows the chart's title too."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the PDFs")
    _, reports = demo
    chosen = [p for p in reports.member_reports if p.name[:3] in ("M01", "M07", "M16", "M18")] + [reports.team_report]
    done = run_soffice(soffice, ["--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, chosen)], tmp_path)
    assert done.returncode == 0, done.stderr
    apart = []
    for path in chosen:
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / (path.stem + ".pdf")), "-"],
                              capture_output=True, text=True, check=True).stdout
        pages = [" ".join(page.split()) for page in text.split("\f")]
        for lead, title in [pair for pairs in charts_with_lead(path) for pair in pairs]:
            on = {n for n, page in enumerate(pages) if lead[:40] in page}
            titled = {n for n, page in enumerate(pages) if title[:40] in page}
            if not on & titled:
                apart.append(f"{path.name}: {lead[:40]!r} on pages {sorted(on)}, its chart {title[:40]!r} on {sorted(titled)}")
    assert apart == []


# --- one precision per kind of figure ----------------------------------------------------------

PERCENTAGE = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?%")


def report_text(path: Path) -> str:
    document = docx.Document(path)
    return "\n".join([p.text for p in document.paragraphs] + [_text(p) for p in document.element.body.iter(qn("w:p"))])


def test_every_percentage_of_every_demo_report_has_the_sheets_one_decimal(demo):
    """M16's indicator table printed 0.0% and +6.2% beside +40% and +12%; the sheets show every percentage as 0.0%."""
    from xl_tracker.outputs.model import NUMBER_FORMATS, NumberKind

    run, reports = demo
    assert NUMBER_FORMATS[NumberKind.PERCENT].startswith("0.0%")
    setting = run.results.method.min_items  # a Setting as typed ('80%'), not a figure of the results
    other = {path.name: sorted({p for p in PERCENTAGE.findall(report_text(path)) if p != setting and not re.fullmatch(r"[-+]?\d+\.\d%", p)})
             for path in reports.files}
    assert {name: found for name, found in other.items() if found} == {}


def test_m16s_percentages_are_the_member_results_as_the_sheet_shows_them(demo):
    """The member who left: % change and POMP in the report are the Member Results values with the sheet's one decimal."""
    run, reports = demo
    path = next(p for p in reports.member_reports if p.name.startswith("M16_"))
    table = next(t for t in docx.Document(path).tables if t.rows[0].cells[0].text == "Indicator" and len(t.columns) == 6)
    rows = run.results.member_results
    rows = rows[(rows["member_id"] == "M16") & (rows["rater"] == run.results.method.rater)]
    shown = [(r.cells[4].text, r.cells[5].text) for r in table.rows[1:]]
    wanted = [(as_a_sheet_shows(pct), as_a_sheet_shows(pomp)) for pct, pomp in zip(rows["pct_change"], rows["pomp_change"])]
    assert shown == wanted
    assert shown[-1] == ("+16.7%", "+6.3%"), "0.0625 shows as 6.3% on the Member Results sheet (LibreOffice and Excel), not 6.2%"


def as_a_sheet_shows(fraction: float) -> str:
    """A fraction as a 0.0% cell shows it, halves away from zero, signed as a report signs a change."""
    from decimal import ROUND_HALF_UP, Decimal

    shown = (Decimal(repr(fraction)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return "0.0%" if not shown else f"{shown:+}%"


def test_halves_round_away_from_zero_as_in_a_spreadsheet_cell():
    """Python's format rounds a half to even (f"{6.25:.1f}" is 6.2); a 0.0% or 0.00 cell shows 6.3% and 2.13."""
    from xl_tracker.reports import formats

    assert [formats.percent(0.0625), formats.signed_percent(-0.0625), formats.percent(0.145)] == ["6.3%", "-6.3%", "14.5%"]
    assert [formats.score(2.125), formats.signed(-0.125), formats.signed(-0.001), formats.whole(2.5)] == ["2.13", "-0.13", "0.00", "3"]
    assert [formats.signed_percent(-0.0004), formats.plain(70.875), formats.plain(12345.0)] == ["0.0%", "70.88", "12 345"]
