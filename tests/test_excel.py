"""The ribbon's Python side (xl_tracker.excel) against the in-memory xlwings stand-in (tests/fake_xlwings.py).

Workbooks are built with the template builder, loaded into the stand-in
with openpyxl (not with the code under test), and what a person would see
afterwards is read from the stand-in's cells and message boxes.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import fake_xlwings
from xl_tracker import excel
from xl_tracker.contract import INPUT_SHEETS, ISSUES
from xl_tracker.outputs.model import NUMBER_FORMATS, Emphasis, Link, NumberKind, SheetContent
from xl_tracker.reader import read_workbook
from xl_tracker.template import build_workbook

MEMBERS = [
    {"Member ID": "M01", "Full name": "Achieng Otieno", "Department": "Health", "Consent to named reporting": "Yes"},
    {"Member ID": "M02", "Full name": "=HYPERLINK(\"http://x\")", "Department": "-Finance", "Start date": dt.date(2026, 1, 5)},
    {"Member ID": "m03", "Full name": "@Wanjiru", "Department": "+254 Planning"},
]
ITEMS = {f"{code}{n}": 3 for code, count in (("TOOLS", 5), ("DRIVE", 4), ("NETWORKS", 5), ("RESULTS", 4)) for n in range(1, count + 1)}
ASSESSMENTS = [
    {"Member ID": "M01", "Round": "Baseline", "Date": dt.date(2026, 2, 1), **ITEMS},
    {"Member ID": "M01", "Round": "Endline", "Date": dt.date(2026, 9, 1), **{k: 4 for k in ITEMS}},
    {"Member ID": "M02", "Round": "Baseline", "Date": "2026-02-03", "Rater": "coach", **{k: "4" for k in ITEMS}},
    {"Member ID": "M09", "Round": "Midterm", "Date": "yesterday", "TOOLS1": 9, "TOOLS2": 2.5},
]
SESSIONS = [
    {"Session date": dt.date(2026, 3, 1), "Member ID": "M01", "Session type": "One-on-one", "Attended": "Yes", "Duration (min)": 45},
    {"Session date": dt.date(2026, 3, 3), "Member ID": "m01", "Session type": "One-on-one", "Attended": "Yes"},
    {"Session date": dt.date(2026, 3, 2), "Member ID": "M02", "Session type": "Group coaching", "Attended": "n", "Duration (min)": "sixty"},
]


@pytest.fixture(autouse=True)
def error_log(tmp_path, monkeypatch):
    """Failures are logged under the test's own folder, never in the real temp folder."""
    log = tmp_path / "last-error.log"
    monkeypatch.setattr(excel, "error_log_path", lambda: log)
    return log


@pytest.fixture
def workbook(tmp_path):
    return build_workbook(
        tmp_path / "Tracker.xlsx",
        {"Members": MEMBERS, "Assessments": ASSESSMENTS, "Sessions": SESSIONS},
        {"County": "Bungoma", "As-of date": dt.date(2026, 10, 1)},
    )


@pytest.fixture
def book(workbook, monkeypatch):
    book = fake_xlwings.Book.from_file(workbook)
    fake_xlwings.install(monkeypatch, book)
    return book


def test_open_book_reads_like_the_file(workbook, book):
    from_file = read_workbook(workbook)
    on_screen = excel.read_book(book)
    assert on_screen.item_codes == from_file.item_codes
    assert on_screen.settings == from_file.settings
    assert on_screen.issues == from_file.issues
    assert on_screen.sheet_names == from_file.sheet_names
    for spec in INPUT_SHEETS:
        pd.testing.assert_frame_equal(on_screen.sheets[spec.name].values, from_file.sheets[spec.name].values)
        assert on_screen.sheets[spec.name].columns == from_file.sheets[spec.name].columns
    assert {i.rule for i in on_screen.issues} >= {"not-a-number", "text-as-number"}


def test_unsaved_edits_are_read(book):
    members = book.sheets["Members"]
    members.range("B2").value = "Achieng Otieno-Were"
    members.range((5, 1), (5, 4)).value = ["M04", "New Member", None, "Health"]
    data = excel.read_book(book)
    names = data.sheets["Members"].values["Full name"]
    assert names[2] == "Achieng Otieno-Were"
    assert names[5] == "New Member"


def test_error_values_on_screen_are_excel_errors(book):
    cell = book.sheets["Sessions"]._cell(2, 5)
    cell.value, cell.error = None, "#DIV/0!"
    data = excel.read_book(book)
    found = [i for i in data.issues if i.rule == "excel-error"]
    assert [(i.sheet, i.cell, i.value) for i in found] == [("Sessions", "E2", "#DIV/0!")]


def test_a_book_that_is_not_a_tracker_is_refused_in_plain_words(monkeypatch):
    book = fake_xlwings.Book("Budget.xlsx", "C:\\Users\\me\\Budget.xlsx")
    book.sheets.add("Sheet1")
    fake_xlwings.install(monkeypatch, book)
    excel.validate()
    (alert,) = book.app.alerts
    assert alert["mode"] == "critical"
    assert "not a tracking-tool workbook" in alert["prompt"] and "Traceback" not in alert["prompt"]
    assert book.app.status_bar is False


def _content(rows, **kw) -> SheetContent:
    headers = ("ID", "Name", "Score", "Share", "When")
    kinds = (NumberKind.TEXT, NumberKind.GENERAL, NumberKind.DECIMAL, NumberKind.PERCENT, NumberKind.DATE)
    return SheetContent("Issues", headers, rows, kinds, widths=(10, 30, 8, 8, 12), table="tblIssues", freeze_header=True, **kw)


def test_formula_like_text_stays_text(book):
    tricky = ["=SUM(A1:A3)", "+254 700 000", "-Dr. Kamau", "@home", "007", "1/2", "=cmd|' /C calc'!A0", "'quoted"]
    rows = [(t, t, 1.5, 0.25, dt.date(2026, 3, 1)) for t in tricky]
    excel.XlwingsOutputWriter(book).write_sheets([_content(rows)])
    sheet = book.sheets["Issues"]
    for n, text in enumerate(tricky, start=2):
        for col in "AB":
            cell = sheet.cells[fake_xlwings._address(f"{col}{n}")]
            assert cell.formula is None and cell.error is None, (col, n, text)
            assert sheet.value(f"{col}{n}") == text


def test_writer_shows_what_the_model_says_in_bulk_writes(book):
    rows = [(f"I{n:04d}", f"Name {n}", n / 7, n / 3000, dt.date(2026, 1, 1) + dt.timedelta(days=n % 300)) for n in range(2000)]
    rows[5] = ("I0005", None, float("nan"), None, None)
    content = _content(rows, links=(Link(1, 0, "'Members'!A2"),), emphasis={(2, 1): Emphasis.NOTE})
    sheets = excel.sheet_map(book)
    book.app.calls = 0
    excel.XlwingsOutputWriter(book, sheets=sheets).write_sheets([content])
    assert book.app.calls <= 50, "a sheet is written in a few bulk calls (every xlwings call counted), not cell by cell"
    sheet = book.sheets["Issues"]
    assert [sheet.value(f"{c}1") for c in "ABCDE"] == ["ID", "Name", "Score", "Share", "When"]
    assert sheet.value("B3") == "Name 1" and sheet.value("C3") == pytest.approx(1 / 7)
    assert sheet.value("E3") == dt.datetime(2026, 1, 2)
    assert sheet.value("C7") is None and sheet.value("B7") is None
    assert sheet.range("C2:C2001").number_format == NUMBER_FORMATS[NumberKind.DECIMAL]
    assert sheet.range("D2:D2001").number_format == NUMBER_FORMATS[NumberKind.PERCENT]
    assert sheet.range("E2:E2001").number_format == NUMBER_FORMATS[NumberKind.DATE]
    assert sheet.cells[(1, 3)].horizontal_alignment == "right", "a header stands aligned over its numbers"
    assert sheet.range("A3:A2001").number_format == "@" and sheet.range("A2").number_format == "General"
    assert sheet.cells[(1, 1)].bold and sheet.column_widths[2] == len("Name 1999") + 1  # a table sheet is fitted by Excel's AutoFit
    (table,) = list(sheet.tables)
    assert (table.name, table.first, table.last) == ("tblIssues", (1, 1), (2001, 5))
    link = sheet.cells[(2, 1)]
    assert link.formula == "=HYPERLINK(\"#'Members'!A2\",\"I0000\")" and sheet.value("A2") == "I0000"
    assert sheet.cells[(3, 2)].italic


def test_rewrite_replaces_everything_and_keeps_the_sheet_in_place(book):
    names_before = [s.name for s in book.sheets]
    writer = excel.XlwingsOutputWriter(book)
    writer.write_sheets([_content([("A", "x", 1, 0.1, None)] * 50)])
    writer.write_sheets([_content([("B", "y", 2, 0.2, None)] * 3)])
    sheet = book.sheets["Issues"]
    assert [s.name for s in book.sheets] == names_before
    assert sheet.value("A4") == "B" and sheet.value("A5") is None and sheet.value("A51") is None
    (table,) = list(sheet.tables)
    assert table.last == (4, 5)


def test_a_new_output_sheet_goes_last(book):
    excel.XlwingsOutputWriter(book).write_sheets([SheetContent("Notes from coaches", rows=[("hello",)])])
    assert [s.name for s in book.sheets][-1] == "Notes from coaches"


def test_unexpected_failure_is_a_message_box_and_a_log(book, monkeypatch, error_log):
    log = error_log

    def broken(data, with_overlaps=True):
        raise KeyError("Indicator code")

    monkeypatch.setattr("xl_tracker.pipeline.run_on_data", broken)
    excel.refresh()
    (alert,) = book.app.alerts
    assert alert["mode"] == "critical" and alert["title"] == "CHMT Tracker"
    assert "Refresh results stopped because of an unexpected problem (KeyError" in alert["prompt"]
    assert "Nothing on the input sheets was changed" in alert["prompt"] and str(log) in alert["prompt"]
    assert "Traceback" not in alert["prompt"]
    assert "Traceback" in log.read_text() and "Button: Refresh results" in log.read_text()
    assert book.app.status_bar is False
    assert any(s.startswith("CHMT Tracker: reading the input sheets") for s in book.app.status_history)


def test_without_a_calling_workbook_a_plain_line_not_a_traceback(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "xlwings", fake_xlwings)
    monkeypatch.setattr(fake_xlwings.Book, "_mock_caller", None)
    with pytest.raises(SystemExit) as stop:
        excel.validate()
    assert str(stop.value).startswith("CHMT Tracker: Validate must be started from the workbook's CHMT Tracker tab")


def test_help_lists_every_button_and_goes_to_start_here(book):
    excel.show_help()
    (alert,) = book.app.alerts
    for label in ("Validate", "Refresh results", "Generate reports", "Open reports folder"):
        assert f"{label}: " in alert["prompt"]
    assert "xl-tracker doctor" in alert["prompt"] and "xl-tracker refresh" in alert["prompt"]
    assert book.sheets.active.name == "Start here"


def test_open_reports_folder(book, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(excel, "open_folder", opened.append)
    excel.open_reports_folder()
    assert "no reports yet" in book.app.alerts[-1]["prompt"] and not opened
    (tmp_path / "Tracker reports").mkdir()
    excel.open_reports_folder()
    assert opened == [tmp_path / "Tracker reports"] and len(book.app.alerts) == 1


def test_reports_of_a_never_saved_workbook_go_to_documents(monkeypatch, workbook, tmp_path):
    monkeypatch.setattr(excel, "fallback_reports_root", lambda: tmp_path / "Documents")
    book = fake_xlwings.Book.from_file(workbook, fullname="Book1")
    fake_xlwings.install(monkeypatch, book)
    excel.reports()
    folder = tmp_path / "Documents" / "Tracker reports"
    assert book.app.alerts[-1]["prompt"].startswith(f"4 reports were written to {folder}")


def test_reports_are_made_from_the_book_on_screen(book, workbook):
    book.sheets["Members"].range("B2").value = "Achieng Unsaved"
    excel.reports()
    assert book.app.alerts[-1]["mode"] == "info", book.app.alerts[-1]["prompt"]
    assert any("Achieng Unsaved" in p.name.replace("_", " ") or "Achieng" in p.name
               for p in workbook.with_name("Tracker reports").glob("*.docx"))


def test_validate_writes_the_issues_sheet(book):
    excel.validate()
    alert = book.app.alerts[-1]
    assert alert["mode"] == "info" and alert["prompt"].startswith("Validation done.")
    sheet = book.sheets[ISSUES.name]
    assert [sheet.value(f"{c}1") for c in "ABCDEF"] == list(ISSUES.headers)
    rules = {sheet.value(f"D{r}") for r in range(2, 200)} - {None}
    assert {"not-a-number", "unknown-member", "id-case"} <= rules
    assert book.sheets.active.name == ISSUES.name
    assert book.sheets["Members"].value("B3") == MEMBERS[1]["Full name"], "input sheets are never changed"


def test_refresh_writes_every_output_sheet(book):
    from xl_tracker.contract import MEMBER_RESULTS, TEAM_RESULTS

    excel.refresh()
    alert = book.app.alerts[-1]
    assert alert["mode"] == "info" and alert["prompt"].startswith("Results refreshed"), alert["prompt"]
    team = book.sheets[TEAM_RESULTS.name]
    assert [team.value(f"{c}1") for c in "ABC"] == list(TEAM_RESULTS.headers[:3])
    member = book.sheets[MEMBER_RESULTS.name]
    change = "ABCDEFGHIJKLMNOP"[MEMBER_RESULTS.headers.index("Change")]
    assert member.value("A2") == "M01" and member.value(f"{change}2") == pytest.approx(1.0)
    for sheet in book.sheets:
        for cell in sheet.cells.values():
            assert cell.error is None or sheet.name in {s.name for s in INPUT_SHEETS}, (sheet.name, cell)


def test_reports_go_to_the_folder_beside_the_workbook(book, workbook):
    excel.reports()
    alert = book.app.alerts[-1]
    folder = workbook.with_name("Tracker reports")
    assert alert["mode"] == "info", alert["prompt"]
    files = sorted(p.name for p in folder.glob("*.docx"))
    assert len(files) == 4 and alert["prompt"].startswith(f"4 reports were written to {folder}")
