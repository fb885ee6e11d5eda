"""The demo workbook prints and reads at a glance: formats and alignment by column kind, traffic lights, print setup, page counts.

Styles are read back with openpyxl from the refreshed demo (the file
writer); the page count renders the demo with LibreOffice and counts each
sheet's pages by the footer every page carries (the sheet's name, "Page x of y").
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import warnings
from collections import Counter

import openpyxl
import pytest

from conftest import run_soffice
from xl_tracker.contract import DASHBOARD, INPUT_SHEETS, OUTPUT_SHEETS, PRINTED_ACROSS, RUN_CHARTS, Shown
from xl_tracker.demo import build_demo_workbook
from xl_tracker.outputs.model import FOOTER, NUMBER_FORMATS, TONE_LOOKS, NumberKind, Tone, alignment_of
from xl_tracker.outputs.sheets import SHOWN_AS
from xl_tracker.template import build_workbook
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
        if spec.name != "Run charts":  # its area is fixed: title, picker and chart, not the tables beside them that feed it
            assert not book[spec.name].print_area, "no print area: a sheet prints what it holds, however many rows"
    assert FOOTER == "&L&A&CPage &P of &N&R&D"


def _setup(ws) -> tuple:
    """Orientation, fitted, pages wide, pages tall (0: as many as it takes), scale; a fit left out of the XML is 1 page."""
    setup, fitted = ws.page_setup, ws.sheet_properties.pageSetUpPr
    wide, tall = (1 if n is None else int(n) for n in (setup.fitToWidth, setup.fitToHeight))
    return setup.orientation, bool(fitted and fitted.fitToPage), wide, tall, setup.scale


def test_a_new_workbook_and_a_refresh_give_each_output_sheet_one_print_setup(book, tmp_path):
    """The ribbon keeps the page setup an output sheet has (the template's), the file writer writes its own: they are one.

    Every output sheet is fitted to the page width (Excel's AutoFit sets the
    widths on the ribbon, so a fixed scale could push a column off the page),
    landscape when the contract prints it across.
    """
    made = _load(build_workbook(tmp_path / "new.xlsx"))
    for spec in OUTPUT_SHEETS:
        wanted = ("landscape" if spec.name in PRINTED_ACROSS else "portrait", True, 1, 1 if spec in (DASHBOARD, RUN_CHARTS) else 0, None)
        assert _setup(book[spec.name]) == _setup(made[spec.name]) == wanted, spec.name


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


PAGES = {
    "Start here": 1, "Settings": 1, "Members": 1, "Indicators": 1, "Assessments": 1, "Sessions": 3, "Strengths": 3,
    "Goals": 1, "Initiatives": 1, "Measures": 2, "Progress": 5, "Offers & Requests": 1, "Teams": 1, "Cascading": 1,
    "Actions": 2, "Team agreements": 1, "Issues": 2, "Member Results": 3, "Team Results": 1, "Initiative Results": 2,
    "Overlaps by department": 1, "Overlaps": 1, "Offer matches": 1, "Engagement": 1, "Coaches": 1, "Trends": 3,
    "Dashboard": 1, "Run charts": 1, "About": 1,
}
"""Pages each sheet of the demo prints on, as measured (45 in all). Issue 13 asks under 30 for the whole workbook, which
its 28 sheets cannot meet while text stays readable: the long sheets are at their floor (Progress, 366 rows, takes 5
pages down to 55 %; Sessions, Strengths, Trends and Member Results hold 145 to 260 rows each), so the issue stays open.
A sheet added to the workbook gets its own line here."""

READABLE = 4.5
"""The smallest median height (points) of a printed word's box on any page: about 3.2 pt type, 11 pt at 29 %. The
Indicators sheet printed at 4.3 before its level descriptors wrapped (their single lines ran past the page, and
LibreOffice shrinks a sheet to hold its overflowing text); Progress, at 68 %, measures 9.7."""

FOOTER_LINE = re.compile(r"^\s*(\S.*?)\s{2,}Page (\d+) of (\d+)\s", re.M)
WORD_BOX = re.compile(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"')


def _pages(pdf) -> list[str]:
    """The text of each page of a PDF (pdftotext -layout), split at form feeds."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def _word_heights(pdf) -> list[float]:
    """The median height of the word boxes on each page (pdftotext -bbox): how large the text prints."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [statistics.median(float(b) - float(a) for a, b in WORD_BOX.findall(page)) for page in boxes.split("<page ")[1:]]


def _print(path, tmp_path, soffice) -> tuple[list[str], list[str]]:
    """Render a workbook with LibreOffice: the text of each page and the sheet each page belongs to (its footer)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to count pages")
    done = run_soffice(soffice, ["--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], tmp_path)
    assert done.returncode == 0, done.stderr
    pages = _pages(tmp_path / (path.stem + ".pdf"))
    sheets = []
    for n, page in enumerate(pages, start=1):
        footer = FOOTER_LINE.findall(page)
        assert footer, f"page {n} has no footer"
        sheets.append(re.split(r"\s{2,}", footer[-1][0])[-1])
    return pages, sheets


@pytest.mark.libreoffice
def test_a_new_workbook_prints_a_page_a_sheet(tmp_path, soffice):
    """The rows a new sheet keeps ready for typing (table row, dropdowns) print nothing: a page a sheet, no empty pages."""
    _, sheets = _print(build_workbook(tmp_path / "new.xlsx"), tmp_path, soffice)
    assert sorted(sheets) == sorted({*sheets}) and set(sheets) == set(PAGES), Counter(sheets)


@pytest.mark.libreoffice
def test_demo_prints_every_sheet_on_its_pages_with_a_one_page_dashboard(demo, tmp_path, soffice):
    copy = tmp_path / "demo.xlsx"
    shutil.copy(demo, copy)
    pages, sheets = _print(copy, tmp_path, soffice)
    per_sheet = Counter(sheets)
    print(dict(per_sheet), len(pages))
    assert set(per_sheet) == {s.name for s in INPUT_SHEETS} | {s.name for s in OUTPUT_SHEETS} | {"Start here"}
    assert {name: n for name, n in per_sheet.items() if n > PAGES.get(name, 0)} == {}, "a sheet prints on more pages than measured"
    assert len(pages) <= sum(PAGES.values())
    assert per_sheet["Dashboard"] == 1 and per_sheet["Start here"] == 1
    for spec in TABLE_SHEETS:  # every page repeats the header row, all of it: the columns are on the page width
        for page, name in zip(pages, sheets):
            if name == spec.name:
                first, last = spec.headers[0].split()[0], spec.headers[-1].split()[0]
                assert first in page and last in page, (spec.name, first, last)
    heights = _word_heights(tmp_path / "demo.pdf")
    assert len(heights) == len(pages)
    small = {name: round(h, 1) for name, h in zip(sheets, heights) if h < READABLE}
    assert not small, f"text too small to read on {small}"
