"""The demo workbook prints and reads at a glance: formats and alignment by column kind, traffic lights, print setup, page counts.

Styles are read back with openpyxl from the refreshed demo (the file
writer); the page count renders the demo with LibreOffice and counts each
sheet's pages by the footer every page carries (the sheet's name, "Page x of y").
"""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from collections import Counter

import openpyxl
import pytest

from conftest import run_soffice
from xl_tracker.contract import INPUT_SHEETS, OUTPUT_SHEETS, Shown
from xl_tracker.demo import build_demo_workbook
from xl_tracker.outputs.model import FOOTER, NUMBER_FORMATS, TONE_LOOKS, NumberKind, Tone, alignment_of
from xl_tracker.outputs.sheets import SHOWN_AS
from xl_tracker.workbook_refresh import refresh

TABLE_SHEETS = [s for s in OUTPUT_SHEETS if s.shown]


def _load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = build_demo_workbook(tmp_path_factory.mktemp("print") / "demo.xlsx")
    refresh(path)
    return path


@pytest.fixture(scope="module")
def book(demo):
    return _load(demo)


def _columns_of_kind(kind: Shown):
    return [(spec, c, column) for spec in TABLE_SHEETS for c, column in enumerate(spec.shown) if column.kind is kind]


@pytest.mark.parametrize("kind", list(Shown), ids=lambda k: k.value)
def test_every_output_column_has_the_format_and_alignment_of_its_kind(book, kind):
    """Read back from the file: the number format and alignment of each column come from its kind, its header aligned alike."""
    found = _columns_of_kind(kind)
    if kind is Shown.VALUE:
        assert [(s.name, col.key) for s, _, col in found] == [("Issues", "value")]
    for spec, c, column in found:
        ws = book[spec.name]
        wanted = SHOWN_AS[kind]
        header = ws.cell(1, c + 1)
        assert header.value == column.header
        assert header.alignment.horizontal == alignment_of(wanted), (spec.name, column.key)
        cells = [ws.cell(r, c + 1) for r in range(2, ws.max_row + 1) if ws.cell(r, c + 1).value is not None]
        for cell in cells:
            if spec.name == "Issues" and column.key == "value" and not isinstance(cell.value, str):
                continue  # a date among the values has its own date format (test_outputs_sheets)
            assert cell.number_format == NUMBER_FORMATS[wanted], (spec.name, column.key, cell.coordinate)
            assert cell.alignment.horizontal == alignment_of(wanted), (spec.name, column.key, cell.coordinate)


def test_counts_show_as_whole_numbers_and_do_not_touch_the_next_column(book):
    ws = book["Team Results"]
    members = next(c for c in ws[1] if c.value == "Members")
    below = ws.cell(2, members.column)
    assert isinstance(below.value, int) and below.number_format.startswith("0_)")  # 18, not 18.00
    for kind in (NumberKind.INTEGER, NumberKind.DECIMAL, NumberKind.PERCENT, NumberKind.DATE):
        assert "_)" in NUMBER_FORMATS[kind], "a space's width after the number: 66.7% | Behind schedule"
    measures = book["Initiative Results"]
    headers = [c.value for c in measures[1]]
    target = headers.index("Target") + 1
    values = [measures.cell(r, target) for r in range(2, measures.max_row + 1) if measures.cell(r, target).value is not None]
    assert any(float(c.value).is_integer() and c.value >= 100 for c in values)
    assert all(c.number_format == "General" and c.alignment.horizontal == "right" for c in values), "a count shows as 404, not 404.00"


def _rules(ws):
    return [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]


def test_statuses_and_flags_carry_traffic_lights_and_issues_rows_their_severity(book):
    issues = _rules(book["Issues"])
    by_formula = {rule.formula[0]: (sqref, rule) for sqref, rule in issues}
    assert set(by_formula) == {'$A2="Error"', '$A2="Warning"'}
    last = book["Issues"].max_row
    assert all(sqref == f"A2:F{last}" for sqref, _ in by_formula.values()), "the whole row takes its severity's colour"
    error_fill = by_formula['$A2="Error"'][1].dxf.fill
    assert error_fill.fgColor.rgb == "FF" + TONE_LOOKS[Tone.BAD].fill.lstrip("#")

    initiative = book["Initiative Results"]
    headers = [c.value for c in initiative[1]]
    status, flag = (openpyxl.utils.get_column_letter(headers.index(h) + 1) for h in ("Status (recorded)", "Flag"))
    rules = _rules(initiative)
    assert {rule.dxf.fill.fgColor.rgb for _, rule in rules} == {"FF" + TONE_LOOKS[t].fill.lstrip("#") for t in Tone}
    for sqref, rule in rules:
        assert sqref.split()[0].startswith(status) and sqref.split()[-1].split(":")[-1].startswith(flag), sqref
        assert rule.type == "expression"
    bad = next(rule for _, rule in rules if rule.dxf.fill.fgColor.rgb == "FF" + TONE_LOOKS[Tone.BAD].fill.lstrip("#"))
    assert f'{status}2="Off track"' in bad.formula[0] and "Ended without reaching target" in bad.formula[0]
    assert not _rules(book["Member Results"]), "rounds are statuses that say nothing good or bad: no colour"


def test_every_sheet_has_its_print_setup(book):
    for ws in book.worksheets:
        setup = ws.page_setup
        assert setup.paperSize in (9, "9"), ws.title
        assert ws.oddFooter.left.text == "&A" and ws.oddFooter.center.text == "Page &P of &N" and ws.oddFooter.right.text == "&D", ws.title
        fitted = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
        assert fitted and setup.fitToWidth in (1, None) or setup.scale, ws.title
    for spec in [*INPUT_SHEETS, *TABLE_SHEETS]:
        assert book[spec.name].print_title_rows.replace("$", "") == "1:1", spec.name
    dashboard = book["Dashboard"]
    assert dashboard.page_setup.orientation == "landscape" and dashboard.page_setup.fitToHeight == 1
    for spec in OUTPUT_SHEETS:
        assert not book[spec.name].print_area, "no print area: a sheet prints what it holds, however many rows"
    assert FOOTER == "&L&A&CPage &P of &N&R&D"


def test_dashboard_chart_runs_on_the_indicator_scale(demo, tmp_path):
    import zipfile

    with zipfile.ZipFile(demo) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    scores = [c for c in charts if "baseline and latest" in c]
    assert len(scores) == 1
    assert '<c:max val="5.0"/>' in scores[0] and '<c:min val="1.0"/>' in scores[0]


def test_a_second_refresh_keeps_styles_print_names_and_rules(demo, tmp_path):
    import zipfile

    again = tmp_path / "again.xlsx"
    shutil.copy(demo, again)
    refresh(again)
    with zipfile.ZipFile(demo) as one, zipfile.ZipFile(again) as two:
        assert one.read("xl/styles.xml") == two.read("xl/styles.xml")
        assert one.read("xl/workbook.xml") == two.read("xl/workbook.xml"), "print names are found again, not added twice"
    first, second = _load(demo), _load(again)
    for spec in OUTPUT_SHEETS:
        assert _rules(first[spec.name]).__len__() == _rules(second[spec.name]).__len__(), spec.name


def test_a_refresh_leaves_an_input_sheets_own_print_settings(tmp_path):
    """Print setup of input sheets is set when the workbook is made; a person's own settings there survive a refresh."""
    path = build_demo_workbook(tmp_path / "own.xlsx")
    wb = _load(path)
    wb["Sessions"].page_setup.orientation = "landscape"
    wb["Sessions"].page_setup.scale = 55
    wb["Sessions"].sheet_properties.pageSetUpPr.fitToPage = False
    wb.save(path)
    refresh(path)
    sessions = _load(path)["Sessions"]
    assert sessions.page_setup.orientation == "landscape" and sessions.page_setup.scale == 55


ISSUE_13_SHEETS = {
    "Start here", "Settings", "Members", "Indicators", "Assessments", "Sessions", "Strengths", "Goals", "Initiatives",
    "Measures", "Progress", "Offers & Requests", "Issues", "Member Results", "Team Results", "Initiative Results",
    "Overlaps", "Engagement", "Dashboard", "About",
}
"""The sheets of the demo workbook that printed as 121 pages when issue 13 was filed."""

FOOTER_LINE = re.compile(r"^\s*(\S.*?)\s{2,}Page (\d+) of (\d+)\s", re.M)


def _pages(pdf) -> list[str]:
    """The text of each page of a PDF (pdftotext -layout), split at form feeds."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.mark.libreoffice
def test_demo_prints_in_about_30_pages_with_a_one_page_dashboard(demo, tmp_path, soffice):
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to count pages")
    copy = tmp_path / "demo.xlsx"
    shutil.copy(demo, copy)
    done = run_soffice(soffice, ["--convert-to", "pdf", "--outdir", str(tmp_path), str(copy)], tmp_path)
    assert done.returncode == 0, done.stderr
    pages = _pages(tmp_path / "demo.pdf")
    sheets = []
    for n, page in enumerate(pages, start=1):
        footer = FOOTER_LINE.findall(page)
        assert footer, f"page {n} has no footer"
        name = re.split(r"\s{2,}", footer[-1][0])[-1]
        sheets.append(name)
    per_sheet = Counter(sheets)
    print(dict(per_sheet), len(pages))
    # the sheets the demo had when it printed in 121 pages; sheets added since count on their own. 32 measured (the
    # issue asks under 30, so issue 13 stays open): Progress (366 rows), Sessions and Strengths would need text below
    # 60 % to lose a page each, and Member Results holds a row per member, indicator and rater (3 pages)
    assert sum(n for name, n in per_sheet.items() if name in ISSUE_13_SHEETS) <= 32, per_sheet
    assert per_sheet["Dashboard"] == 1 and per_sheet["Start here"] == 1
    assert set(per_sheet) == {s.name for s in INPUT_SHEETS} | {s.name for s in OUTPUT_SHEETS} | {"Start here"}
    for spec in TABLE_SHEETS:  # every page repeats the header row, all of it: the columns are on the page width
        for page, name in zip(pages, sheets):
            if name == spec.name:
                first, last = spec.headers[0].split()[0], spec.headers[-1].split()[0]
                assert first in page and last in page, (spec.name, first, last)
