"""The package-level writer: text is text, tables and formats are real, shared parts only grow, reruns are stable."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from xl_tracker.errors import WorkbookError
from xl_tracker.ooxml import calc_chain
from xl_tracker.ooxml.writer import attribute_text, write_output_sheets
from xl_tracker.outputs.model import (
    NUMBER_FORMATS,
    CellRange,
    Chart,
    ChartSeries,
    Emphasis,
    Link,
    NumberKind,
    PendingSheet,
    SheetContent,
)

INJECTIONS = ("=1+1", "+A1", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0")


def load(path: Path) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture
def user_book(tmp_path) -> Path:
    """A user's workbook: two sheets with values, formulas, a table named like an output table, and a date."""
    path = tmp_path / "user.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Members")
    ws.write_row(0, 0, ["Member ID", "Full name"])
    ws.write_row(1, 0, ["M01", "Amina"])
    ws.write_formula(2, 0, "=A2&\"x\"", None, "M01x")
    ws.add_table(0, 3, 2, 4, {"name": "tblIssues", "columns": [{"header": "a"}, {"header": "b"}]})
    notes = wb.add_worksheet("Notes")
    notes.write_datetime(0, 0, dt.datetime(2026, 3, 15), wb.add_format({"num_format": "dd/mm/yyyy"}))
    wb.close()
    return path


def issues_sheet(rows) -> SheetContent:
    headers = ("Severity", "Sheet", "Cell", "Rule", "Message", "Value")
    return SheetContent(
        "Issues", headers, rows, kinds=(NumberKind.GENERAL,) * 6, widths=(10,) * 6, table="tblIssues",
        freeze_header=True, links=(Link(1, 2, "'Members'!B2"),), emphasis={(1, 2): Emphasis.LINK}, tab_colour="#7F7F7F",
    )


def test_text_starting_like_a_formula_is_stored_as_text(user_book, tmp_path):
    out = tmp_path / "out.xlsx"
    rows = [("Error", "Members", "B2", "required", text, text) for text in INJECTIONS]
    write_output_sheets(user_book, out, [issues_sheet(rows)])
    ws = load(out)["Issues"]
    for r, text in enumerate(INJECTIONS, start=2):
        for col in (5, 6):
            cell = ws.cell(r, col)
            assert cell.data_type == "s" and cell.value == text
    xml = parts(out)["xl/worksheets/sheet3.xml"]
    assert b"<f>" not in xml and b"<f " not in xml


def test_characters_xml_cannot_hold_are_dropped_and_excel_escapes_kept_literal(user_book, tmp_path):
    out = tmp_path / "out.xlsx"
    rows = [("Warning", "Members", "B2", "x", "bell\x07 and\x00 nul & <tag>", "_x0041_ stays")]
    write_output_sheets(user_book, out, [issues_sheet(rows)])
    ws = load(out)["Issues"]
    assert ws["E2"].value == "bell and nul & <tag>"
    grid = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Issues").to_python()
    assert grid[1][4] == "bell and nul & <tag>"
    assert b"_x005F_x0041_ stays" in parts(out)["xl/worksheets/sheet3.xml"]


def test_table_hyperlink_freeze_and_formats(user_book, tmp_path):
    out = tmp_path / "out.xlsx"
    results = SheetContent(
        "Team Results", ("Indicator code", "Baseline mean", "% change", "Latest date", "Members"),
        [("TOOLS", 2.5, 0.25, dt.date(2026, 3, 1), 12), ("ALL", None, 0.1, None, None)],
        kinds=(NumberKind.GENERAL, NumberKind.DECIMAL, NumberKind.PERCENT, NumberKind.DATE, NumberKind.INTEGER),
        table="tblTeamResults", freeze_header=True,
    )
    write_output_sheets(user_book, out, [issues_sheet([("Error", "Members", "B2", "r", "m", None)]), results])
    book = load(out)
    ws = book["Team Results"]
    assert ws.tables["tblTeamResults"].ref == "A1:E3"
    assert ws.freeze_panes == "A2"
    assert (ws["B2"].number_format, ws["C2"].number_format, ws["D2"].number_format, ws["E2"].number_format) == (NUMBER_FORMATS[NumberKind.DECIMAL], NUMBER_FORMATS[NumberKind.PERCENT], NUMBER_FORMATS[NumberKind.DATE], NUMBER_FORMATS[NumberKind.INTEGER])
    assert ws["D2"].value == dt.datetime(2026, 3, 1)
    assert ws["B3"].value is None and ws["C3"].value == 0.1
    assert book["Issues"]["C2"].hyperlink.location == "'Members'!B2"
    # the user's own table already took tblIssues: ours gets another name, both survive
    assert list(book["Members"].tables) == ["tblIssues"]
    assert list(book["Issues"].tables) == ["tblIssues2"]


def test_an_empty_table_keeps_one_blank_row(user_book, tmp_path):
    out = tmp_path / "out.xlsx"
    write_output_sheets(user_book, out, [issues_sheet([])])
    ws = load(out)["Issues"]
    assert ws.tables["tblIssues2"].ref == "A1:F2"
    assert ws.max_row <= 2 and ws["A2"].value is None


def test_dates_follow_the_1904_date_system(tmp_path):
    src = tmp_path / "mac.xlsx"
    wb = xlsxwriter.Workbook(str(src), {"date_1904": True})
    wb.add_worksheet("Data").write(0, 0, "x")
    wb.close()
    out = tmp_path / "out.xlsx"
    sheet = SheetContent("About", rows=[("Made", dt.datetime(2026, 11, 26, 9, 30))], cell_kinds={(0, 1): NumberKind.DATETIME})
    write_output_sheets(src, out, [sheet])
    assert load(out)["About"]["B1"].value == dt.datetime(2026, 11, 26, 9, 30)


def test_chart_parts_are_native_charts(user_book, tmp_path):
    out = tmp_path / "out.xlsx"
    cats = CellRange("Dashboard", 1, 0, 2, 0)
    dash = SheetContent(
        "Dashboard", rows=[("Indicator", "Baseline", "Latest"), ("TOOLS", 2.0, 3.0), ("DRIVE", 2.5, 3.5)],
        charts=(Chart("column", "Baseline and latest", (ChartSeries("Baseline", cats, CellRange("Dashboard", 1, 1, 2, 1)),
                                                        ChartSeries("Latest", cats, CellRange("Dashboard", 1, 2, 2, 2))), 4, 0),),
    )
    write_output_sheets(user_book, out, [dash])
    names = parts(out)
    assert "xl/charts/chart1.xml" in names and "xl/drawings/drawing1.xml" in names
    chart = load(out)["Dashboard"]._charts[0]
    assert chart.type == "col" and len(chart.series) == 2
    assert chart.series[0].val.numRef.f == "'Dashboard'!$B$2:$B$3"


def test_a_second_write_keeps_every_shared_part_byte_identical(user_book, tmp_path):
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    sheets = [issues_sheet([("Error", "Members", "B2", "r", "m", 1.5)])]
    write_output_sheets(user_book, once, sheets)
    write_output_sheets(once, twice, sheets)
    a, b = parts(once), parts(twice)
    assert a.keys() == b.keys()
    assert [n for n in a if a[n] != b[n]] == []


def test_new_sheets_are_appended_and_existing_ones_keep_their_place(user_book, tmp_path):
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    write_output_sheets(user_book, once, [issues_sheet([])])
    about = SheetContent("About", rows=[("About",)])
    write_output_sheets(once, twice, [issues_sheet([]), about])
    assert load(twice).sheetnames == ["Members", "Notes", "Issues", "About"]
    app = parts(twice)["docProps/app.xml"].decode()
    assert "<vt:lpstr>About</vt:lpstr>" in app and "<vt:i4>4</vt:i4>" in app


def test_a_pending_sheet_is_built_after_the_others_and_written_in_its_place(user_book, tmp_path, monkeypatch):
    """The roll-up's Learn from waits for a worker: the writer renders every other sheet first, then builds it."""
    from xl_tracker.ooxml import writer

    rendered: list[str] = []
    render = writer.worksheet_xml
    monkeypatch.setattr(writer, "worksheet_xml", lambda content, *a, **k: rendered.append(content.name) or render(content, *a, **k))

    def learn() -> SheetContent:
        rendered.append("built Learn")
        return SheetContent("Learn", ("County", "Score"), [("Bungoma", 80)], kinds=(NumberKind.GENERAL,) * 2, widths=(10, 8), table="tblLearn")

    about = SheetContent("About", rows=[("About",)])
    out = tmp_path / "out.xlsx"
    write_output_sheets(user_book, out, [issues_sheet([]), PendingSheet("Learn", learn), about])
    assert rendered == ["Issues", "About", "built Learn", "Learn"]
    book = load(out)
    assert book.sheetnames == ["Members", "Notes", "Issues", "Learn", "About"]
    assert [tuple(r) for r in book["Learn"].values] == [("County", "Score"), ("Bungoma", 80)]
    assert book["Learn"].print_title_rows == "$1:$1" == book["Issues"].print_title_rows  # each names its own place (localSheetId)
    assert book["About"].print_title_rows is None


def test_a_pending_sheet_must_be_built_under_its_own_name():
    sheet = PendingSheet("Learn", lambda: SheetContent("Other"))
    with pytest.raises(ValueError, match="Learn"):
        sheet.content()


def test_an_output_sheet_that_is_a_chart_sheet_is_refused(tmp_path):
    src = tmp_path / "chartsheet.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("Data")
    ws.write_column(0, 0, [1, 2, 3])
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Data!$A$1:$A$3"})
    wb.add_chartsheet("Dashboard").set_chart(chart)
    wb.close()
    with pytest.raises(WorkbookError, match="not a worksheet"):
        write_output_sheets(src, tmp_path / "out.xlsx", [SheetContent("Dashboard", rows=[("x",)])])
    with pytest.raises(WorkbookError, match=r"^My tracker\.xlsx: the sheet 'Dashboard' is not a worksheet"):  # a refresh's snapshot is never named
        write_output_sheets(src, tmp_path / "out.xlsx", [SheetContent("Dashboard", rows=[("x",)])], shown_as="My tracker.xlsx")


def test_calc_chain_loses_only_the_rewritten_sheets_entries():
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = f'<calcChain xmlns="{ns}"><c r="A1" i="1"/><c r="A2"/><c r="B1" i="3"/><c r="B2"/><c r="C1" i="1"/></calcChain>'.encode()
    out = calc_chain.drop_sheets(xml, {3})
    assert out is not None
    text = out.decode()
    assert 'r="B1"' not in text and 'r="B2"' not in text
    assert '<c r="A1" i="1"/><c r="A2"/><c r="C1" i="1"/>' in text
    assert calc_chain.drop_sheets(xml, {2}) is xml
    assert calc_chain.drop_sheets(xml, {1, 3}) is None


def test_a_kept_code_name_is_read_as_an_xml_parser_reads_the_attribute():
    from lxml import etree

    for raw in ("Sheet1", "a&amp;b", "&lt;x&gt;", "&quot;q&apos;", "&amp;lt;", "&#65;&#x42;z"):
        parsed = etree.fromstring(f'<s c="{raw}"/>'.encode()).get("c")
        assert attribute_text(raw) == parsed
