"""The reader: contract -> template -> reader round trip, messy layouts, LibreOffice-saved files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

from conftest import run_soffice
from xl_tracker import contract
from xl_tracker.reader import read_workbook
from xl_tracker.template import build_workbook

D = dt.date


def _one_of_each_kind() -> dict[str, list[dict[str, object]]]:
    return {
        "Members": [
            {"Member ID": "M01", "Full name": "Grace Wanjala", "Department": "Nursing", "Start date": D(2026, 3, 2), "Consent to named reporting": True},
            {"Member ID": "M02", "Full name": "Peter & <Sons>", "Department": "Pharmacy", "Start date": D(2026, 3, 9), "Exit date": D(2026, 8, 1), "Consent to named reporting": False},
        ],
        "Assessments": [{"Member ID": "M01", "Round": "Baseline", "Date": D(2026, 3, 10), "Rater": "Self", "TOOLS1": 3, "TOOLS2": 4, "Notes": "first"}],
        "Sessions": [{"Session date": D(2026, 4, 1), "Member ID": "M01", "Session type": "One-on-one", "Duration (min)": 45.5, "Attended": True}],
        "Initiatives": [{"Initiative ID": "I01", "Owner": "M01", "Title": "Reduce stock-outs", "Start date": D(2026, 4, 1), "End date": D(2026, 9, 30), "Task team": "M02; m03,M04"}],
    }


def test_round_trip_of_every_column_kind(tmp_path):
    path = build_workbook(tmp_path / "kinds.xlsx", _one_of_each_kind())
    data = read_workbook(path)
    assert data.issues == []
    members = data["Members"]
    assert list(members.values.index) == [2, 3]
    assert members.values.loc[3, "Full name"] == "Peter & <Sons>"                         # text
    assert members.values.loc[2, "Member ID"] == "M01"                                    # id
    assert members.values.loc[3, "Exit date"] == pd.Timestamp(2026, 8, 1)                # date
    assert pd.isna(members.values.loc[2, "Exit date"])
    assert members.values["Consent to named reporting"].tolist() == [True, False]        # yes-no
    sessions = data["Sessions"].values
    assert sessions.loc[2, "Duration (min)"] == 45.5                                      # number
    assert sessions.loc[2, "Session type"] == "One-on-one"                               # choice
    assessment = data["Assessments"].values
    assert assessment.loc[2, "TOOLS1"] == 3.0 and pd.isna(assessment.loc[2, "TOOLS3"])    # whole number
    assert data["Initiatives"].values.loc[2, "Task team"] == ("M02", "m03", "M04")        # list of ids
    assert members.cell(3, "Exit date") == "H3"
    assert data["Assessments"].cell(2, "TOOLS2") == "F2"
    assert data.item_codes[:2] == ("TOOLS1", "TOOLS2")
    assert data.settings.scale_max == 5 and data.settings.rounds == ("Baseline", "Midline", "Endline")


def test_missing_optional_sheet_is_a_warning_and_missing_core_sheet_an_error(tmp_path):
    path = tmp_path / "partial.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Members")
    for c, h in enumerate(["Member ID", "Full name", "Department"]):
        ws.write_string(0, c, h)
    ws.write_row(1, 0, ["M01", "Grace", "Nursing"])
    wb.close()
    data = read_workbook(path)
    missing = {i.sheet: i.severity for i in data.issues if i.rule == "missing-sheet"}
    assert missing["Indicators"] == "Error" and missing["Assessments"] == "Error"
    assert missing["Sessions"] == "Warning" and missing["Settings"] == "Warning"
    assert "Members" not in missing
    assert data.settings.scale_min == 1  # defaults without a Settings sheet
    assert len(data["Members"].values) == 1


def _messy_workbook(path: Path) -> Path:
    """Members and Assessments as people really leave them: no tables, title rows, quirks everywhere."""
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("members ")  # odd case and a trailing space
    ws.write_string(0, 0, "Bungoma CHMT members (updated June)")
    ws.write_string(2, 0, "Department *")
    ws.write_string(2, 1, "  full   NAME")
    ws.write_string(2, 2, "My own notes")
    ws.write_string(2, 3, "MEMBER ID*")
    ws.write_string(2, 4, "Start date")
    ws.write_row(3, 0, ["Nursing", "Grace Wanjala", "call her", "M01"])
    ws.write_datetime(3, 4, dt.datetime(2026, 3, 2), date)
    ws.write_row(5, 0, ["Pharmacy", "  Daniel Simiyu  ", "", "M02", "15/03/2026"])   # row 5 blank above; day-first text date
    ws.write_row(6, 0, ["   ", "", "", "", ""])                                      # only spaces: blank
    ws.write_row(7, 0, ["Public Health", "Esther", "", "M03", "2026-04-01"])         # ISO text date
    ws.write_row(8, 0, ["Finance", "Brian", "", "M04", "31/02/2026"])                # not a date
    ws2 = wb.add_worksheet("Indicators")
    ws2.write_row(0, 0, ["Indicator code", "Indicator name", "Item code", "Item statement"])
    ws2.write_row(1, 0, ["TOOLS", "Use of tools", "TOOLS1", "Uses fishbone"])
    ws2.write_row(2, 0, ["TOOLS", "Use of tools", "TOOLS2", "Uses challenge model"])
    ws3 = wb.add_worksheet("Assessments")
    ws3.write_row(0, 0, ["tools2", "Round", "member id", "Date*", "TOOLS1", "Extra"])
    ws3.write_row(1, 0, ["4 ", "Baseline", "M01"])
    ws3.write_datetime(1, 3, dt.datetime(2026, 3, 10), date)
    ws3.write_formula(1, 4, "=1+2", None, 3)                     # formula: read by its cached value
    ws3.write_row(2, 0, ["3,5", "Baseline", "M02"])              # comma decimal: not a number
    ws3.write_datetime(2, 3, dt.datetime(2026, 3, 11), date)
    ws3.write_formula(2, 4, "=NA()", None, "#N/A")               # an error value from a formula
    ws3.write_row(3, 0, ["#REF!", "Baseline", "M03"])            # an error pasted as text
    ws3.write_number(3, 3, 46092)                                # a date that lost its format: a serial number
    ws3.write_number(3, 4, 2)
    wb.close()
    return path


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    return read_workbook(_messy_workbook(tmp_path_factory.mktemp("messy") / "messy.xlsx"), today=D(2026, 10, 1))


def test_messy_headers_found_below_title_rows_in_any_order_and_case(messy):
    members = messy["Members"]
    assert members.found_as == "members "
    assert members.header_row == 3
    assert members.columns["Member ID"] == 3 and members.columns["Full name"] == 1
    assert "My own notes" in members.extra_columns
    assert list(members.values.index) == [4, 6, 8, 9]                     # rows 5 and 7 are blank
    assert members.values["Full name"].tolist() == ["Grace Wanjala", "Daniel Simiyu", "Esther", "Brian"]


def test_messy_dates_typed_as_text_are_read_with_a_warning(messy):
    starts = messy["Members"].values["Start date"]
    assert starts[6] == pd.Timestamp(2026, 3, 15) and starts[8] == pd.Timestamp(2026, 4, 1)
    assert pd.isna(starts[9])
    by_cell = {(i.sheet, i.cell): i for i in messy.issues}
    assert by_cell[("Members", "E6")].rule == "text-as-number" and by_cell[("Members", "E6")].severity == "Warning"
    assert by_cell[("Members", "E8")].rule == "text-as-number"
    assert by_cell[("Members", "E9")].rule == "not-a-date" and "dd/mm/yyyy" in by_cell[("Members", "E9")].message


def test_messy_numbers_errors_and_formulas(messy):
    values = messy["Assessments"].values
    assert values.loc[2, "TOOLS2"] == 4.0 and values.loc[2, "TOOLS1"] == 3.0     # "4 " and a formula's cached value
    assert pd.isna(values.loc[3, "TOOLS2"]) and pd.isna(values.loc[3, "TOOLS1"])
    assert values.loc[4, "Date"] == pd.Timestamp(2026, 3, 11)                  # serial 46092 (Excel epoch 30/12/1899)
    rules = {(i.cell, i.rule) for i in messy.issues if i.sheet == "Assessments"}
    assert rules == {("A2", "text-as-number"), ("A3", "not-a-number"), ("E3", "excel-error"), ("A4", "excel-error")}
    comma = next(i for i in messy.issues if i.cell == "A3")
    assert "point, not a comma" in comma.message
    assert messy["Assessments"].extra_columns == {"Extra": 5}


def test_no_other_issue_in_the_messy_workbook(messy):
    expected = {("Members", "E6"), ("Members", "E8"), ("Members", "E9"), ("Assessments", "A2"), ("Assessments", "A3"), ("Assessments", "E3"), ("Assessments", "A4")}
    found = {(i.sheet, i.cell) for i in messy.issues if i.rule != "missing-sheet"}
    assert found == expected
    assert {i.sheet for i in messy.issues if i.rule == "missing-sheet"} == {
        s.name for s in contract.INPUT_SHEETS if s.since is None} - {"Members", "Indicators", "Assessments"}, "sheets added later are simply absent"


def test_output_and_own_sheets_are_not_read(tmp_path):
    path = build_workbook(tmp_path / "x.xlsx", _one_of_each_kind())
    data = read_workbook(path)
    assert set(data.sheets) == {s.name for s in contract.INPUT_SHEETS}
    assert "Issues" in data.sheet_names


def test_a_broken_table_falls_back_to_the_header_row(tmp_path):
    """A table whose header no longer holds the columns (pasted over) is ignored; the header row is searched."""
    path = tmp_path / "broken.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Members")
    ws.add_table("A1:C2", {"name": "tblMembers", "columns": [{"header": "x"}, {"header": "y"}, {"header": "z"}]})
    ws.write_row(3, 0, ["Member ID", "Full name", "Department"])
    ws.write_row(4, 0, ["M01", "Grace", "Nursing"])
    wb.close()
    data = read_workbook(path)
    assert data["Members"].header_row == 4
    assert data["Members"].values["Member ID"].tolist() == ["M01"]


@pytest.mark.libreoffice
def test_demo_saved_again_by_libreoffice_reads_the_same(soffice, tmp_path):
    from xl_tracker.demo import build_demo_workbook

    src = tmp_path / "src"
    src.mkdir()
    original = build_demo_workbook(src / "demo.xlsx")
    out = tmp_path / "out"
    result = run_soffice(soffice, ["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(original)], tmp_path)
    resaved = out / "demo.xlsx"
    assert resaved.exists(), result.stdout + result.stderr
    a, b = read_workbook(original), read_workbook(resaved)
    assert [(i.sheet, i.cell, i.rule) for i in a.issues] == [(i.sheet, i.cell, i.rule) for i in b.issues]
    for name in a.sheets:
        pd.testing.assert_frame_equal(a[name].values, b[name].values, check_dtype=False, obj=name)


def test_a_date_cell_calamine_cannot_convert_is_an_excel_error_not_a_crash(tmp_path):
    """python-calamine panics on a date-formatted serial far outside the calendar; that sheet is read by openpyxl instead."""
    path = tmp_path / "panic.xlsx"
    wb = xlsxwriter.Workbook(path)
    fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Members")
    ws.write_row(0, 0, ["Member ID", "Full name", "Department", "Start date"])
    ws.write_row(1, 0, ["M01", "Grace", "Nursing"])
    ws.write_number(1, 3, -1e12, fmt)
    ws.write_row(2, 0, ["M02", "Peter", "Pharmacy"])
    ws.write_number(2, 3, 46082, fmt)
    wb.close()
    data = read_workbook(path)
    values = data["Members"].values
    assert values["Member ID"].tolist() == ["M01", "M02"]
    assert pd.isna(values.loc[2, "Start date"]) and values.loc[3, "Start date"] == pd.Timestamp(2026, 3, 1)
    assert [(i.cell, i.rule) for i in data.issues if i.sheet == "Members"] == [("D2", "excel-error")]


# --- formulas saved without a result (by a program that does not calculate) ----------------------------------


def _sheet_xml(cells: str, prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f' xmlns{":" + prefix if prefix else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    body = cells.replace("<c", f"<{p}c").replace("</c", f"</{p}c").replace("<f", f"<{p}f").replace("</f", f"</{p}f")
    body = body.replace("<v", f"<{p}v").replace("</v", f"</{p}v")
    return f'<{p}worksheet{ns}><{p}sheetData><{p}row r="2">{body}</{p}row></{p}sheetData></{p}worksheet>'.encode()


@pytest.mark.parametrize("prefix", ["", "x"])
def test_formula_cells_without_a_result_are_found_and_those_with_one_are_not(prefix):
    from xl_tracker.ooxml.uncalculated import formula_cells_without_result

    cells = (
        '<c r="A2"><f>1/0</f><v></v></c>'                            # openpyxl: an empty value
        '<c r="B2" s="3"><f>A2&amp;"x"</f></c>'                     # no value at all
        '<c r="C2"><f t="shared" si="0"/></c>'                       # a shared formula's cell, no value
        '<c r="D2" t="str"><f>IF(1,"","x")</f><v></v></c>'          # a result of empty text: a result
        '<c r="E2"><f>1+1</f><v>2</v></c>'                           # a result
        '<c r="F2" t="e"><f>NA()</f><v>#N/A</v></c>'                # an error: read as an error
        '<c r="G2"><v>5</v></c>'                                     # no formula
        '<c r="H2" t="str"><f aca="false">UPPER("a")</f><v>A</v></c>'
    )
    found = formula_cells_without_result(_sheet_xml(cells, prefix))
    assert found == {"A2": "=1/0", "B2": '=A2&"x"', "C2": ""}


def test_formulas_without_a_result_in_blank_rows_are_listed_up_to_a_cap_and_not_in_columns_of_ones_own(tmp_path):
    import openpyxl

    path = build_workbook(tmp_path / "t.xlsx", {"Members": [{"Member ID": "M01", "Full name": "Ann", "Department": "Nursing"}]})
    book = openpyxl.load_workbook(path)
    ws = book["Members"]
    for row in range(3, 33):
        ws[f"C{row}"] = '=IF(A{0}="","",A{0})'.format(row)  # a helper formula down 30 blank rows
    ws["B2"] = "=PROPER(B1)"
    ws["K2"] = "=1+1"  # a column of one's own: not read, not reported
    book.save(path)
    data = read_workbook(path)
    found = [i for i in data.issues if i.rule == "formula-no-result"]
    assert [i.cell for i in found] == ["B2", *(f"C{r}" for r in range(3, 23)), "C23"]
    assert found[-1].message.startswith("10 more cells from C23 on, in rows otherwise blank, hold formulas with no saved result")
    assert all(i.severity == "Error" for i in found)
    assert data["Members"].values["Member ID"].tolist() == ["M01"], "rows holding only such formulas are still blank rows"


def test_a_repeated_header_is_reported_and_only_its_first_column_read(tmp_path):
    import openpyxl

    path = build_workbook(tmp_path / "t.xlsx", {"Members": [{"Member ID": "M01", "Full name": "Ann", "Department": "Nursing"}]})
    book = openpyxl.load_workbook(path)
    book["Members"]["L1"] = " member  id*"
    book["Members"]["L2"] = "M77"
    book.save(path)
    data = read_workbook(path)
    [repeat] = [i for i in data.issues if i.rule == "repeated-column"]
    assert (repeat.severity, repeat.cell) == ("Error", "L1")
    assert "repeats the header 'member id*' of column A, but holds other values (L2 is M77, A2 is M01)" in repeat.message
    assert data["Members"].values["Member ID"].tolist() == ["M01"] and data["Members"].columns["Member ID"] == 0
