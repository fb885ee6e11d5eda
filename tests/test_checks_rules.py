"""One test per validation rule: a case that must be reported and a near case that must not.

Each test spoils the clean fixture CHMT in one place, reads the file and
checks it, then asserts the issue a coach would see (rule, severity, sheet,
cell, message) and what the results get to use (the usable tables). Rules
raised by the reader are tested here too, because validation promises that
their cells are unusable. too-few-items and missing-baseline are raised by
the results (tests/test_results*.py).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from xl_tracker.contract import RULES

from test_checks_support import build, check, check_rows, clean_rows, edit_cells, found, where

NOT_HERE = {"too-few-items", "missing-baseline", "outside-table"}  # outside-table: tests/test_reader_bounds.py


def only(result, rule):
    """The issues of ``rule``, asserting that the fixture raised nothing else."""
    others = [i for i in result.issues if i.rule != rule]
    assert not others, others
    return found(result, rule)


# --- reading rules (raised by the reader; validation keeps their cells out of the results) ---------


def test_missing_sheet(tmp_path):
    path = edit_cells(build(tmp_path), "Sessions", delete_sheet=True)
    result = check(path)
    [issue] = found(result, "missing-sheet")
    assert (issue.severity, issue.sheet) == ("Warning", "Sessions")
    assert result.usable["Sessions"].empty
    core = check(edit_cells(build(tmp_path, name="core.xlsx"), "Members", delete_sheet=True))
    assert [(i.severity, i.sheet) for i in found(core, "missing-sheet")] == [("Error", "Members")]

    near = check(edit_cells(build(tmp_path, name="near.xlsx"), "Sessions", rename_sheet="sessions"))
    assert not found(near, "missing-sheet")
    assert len(near.usable["Sessions"]) == 3


def test_missing_column(tmp_path):
    result = check(edit_cells(build(tmp_path), "Members", {"B1": "Name"}))
    [issue] = found(result, "missing-column")
    assert (issue.severity, issue.sheet, issue.value) == ("Error", "Members", "Full name")
    assert result.usable["Members"]["Full name"].isna().all()
    assert not found(result, "required"), "a missing column is one issue, not one per row"

    near = check(edit_cells(build(tmp_path, name="near.xlsx"), "Members", {"B1": "  full   NAME* "}))
    assert near.issues == []
    assert near.usable["Members"].at[2, "Full name"] == "Wanjiru Achieng"


def test_not_a_number(tmp_path):
    rows = clean_rows()
    rows["Sessions"][0]["Duration (min)"] = "sixty"
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "not-a-number")
    assert (issue.severity, issue.sheet, issue.cell, issue.value) == ("Error", "Sessions", "E2", "sixty")
    assert math.isnan(result.usable["Sessions"].at[2, "Duration (min)"])

    rows["Sessions"][0]["Duration (min)"] = "60 "
    near = check_rows(tmp_path, rows)
    assert not found(near, "not-a-number")
    assert near.usable["Sessions"].at[2, "Duration (min)"] == 60


def test_not_a_date(tmp_path):
    rows = clean_rows()
    rows["Sessions"][1]["Session date"] = "next week"
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "not-a-date")
    assert (issue.severity, issue.sheet, issue.cell) == ("Error", "Sessions", "A3")
    assert pd.isna(result.usable["Sessions"].at[3, "Session date"])

    rows["Sessions"][1]["Session date"] = "06/04/2026"
    near = check_rows(tmp_path, rows)
    assert [i.rule for i in near.issues] == ["text-as-number"]
    assert near.usable["Sessions"].at[3, "Session date"] == pd.Timestamp(2026, 4, 6)


def test_excel_error(tmp_path):
    result = check(edit_cells(build(tmp_path), "Assessments", errors={"F2": "#N/A"}))
    [issue] = only(result, "excel-error")
    assert (issue.severity, issue.sheet, issue.cell) == ("Error", "Assessments", "F2")
    assert "#N/A" in issue.message
    assert math.isnan(result.usable["Assessments"].at[2, "TOOLS2"])

    near = check(edit_cells(build(tmp_path, name="near.xlsx"), "Assessments", {"W2": "n/a"}))
    assert near.issues == []


def test_repeated_column(tmp_path):
    copy = check(edit_cells(build(tmp_path), "Members", {"J1": "member ID", "J2": "M01", "J4": "M09"}))  # a copy, one cell left blank
    [issue] = only(copy, "repeated-column")
    assert (issue.severity, issue.sheet, issue.cell, issue.value) == ("Warning", "Members", "J1", "member ID")
    assert issue.message == (
        "Column J repeats the header 'member ID' of column A and holds no value that differs from it; only column A is read: "
        "delete column J or give it a header of its own"
    )

    # Values that differ are never to be deleted on our word: the advice is to move or rename.
    differs = check(edit_cells(build(tmp_path, name="differs.xlsx"), "Assessments", {"Z1": "TOOLS1", "Z3": 9}))
    [issue] = only(differs, "repeated-column")
    assert (issue.severity, issue.cell) == ("Error", "Z1")
    assert "(Z3 is 9, E3 is 3); only column E is read" in issue.message and "delete" not in issue.message
    assert differs.usable["Assessments"].at[3, "TOOLS1"] == 3, "the first column is the one read"

    near = check(edit_cells(build(tmp_path, name="near.xlsx"), "Members", {"J1": "Member ID (old)", "J2": "X1"}))
    assert near.issues == []


def _with_results(path, sheet: str, results: dict[str, tuple[str, str]]):
    """Give formula cells that openpyxl saved without a result one: A1 -> (cell type, result), as Excel saves it."""
    import re
    import zipfile

    from xl_tracker.ooxml.package import PackageReader

    with PackageReader(path) as package:
        part = package.worksheet_parts()[sheet]
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                for ref, (kind, result) in results.items():
                    data, n = re.subn(
                        rb'<c r="' + ref.encode() + rb'"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>',
                        lambda m: b'<c r="' + ref.encode() + b'"' + m.group(1) + b' t="' + kind.encode() + b'"><f>' + m.group(2)
                        + b"</f><v>" + result.encode() + b"</v></c>",
                        data,
                    )
                    assert n == 1, ref
            zout.writestr(info, data)
    copy.replace(path)
    return path


def test_formula_no_result(tmp_path):
    """A formula saved by a program that does not calculate (openpyxl here) has no value to read: not blank, unknown."""
    path = edit_cells(build(tmp_path), "Members", {"B3": '=UPPER("otieno barasa")'})
    edit_cells(path, "Assessments", {"F2": "=1/0", "G2": "=NA()"})
    result = check(path)
    issues = only(result, "formula-no-result")
    assert [(i.severity, i.sheet, i.cell, i.value) for i in issues] == [
        ("Error", "Members", "B3", '=UPPER("otieno barasa")'), ("Error", "Assessments", "F2", "=1/0"), ("Error", "Assessments", "G2", "=NA()"),
    ]
    assert issues[0].message == (
        "Full name holds the formula =UPPER(\"otieno barasa\") with no saved result (the file was saved by a program that does not calculate), "
        "so its value is unknown: open the workbook in Excel or LibreOffice and save it, then refresh (or type the value instead of the formula)"
    )
    assert not found(result, "required"), "the cell is not called blank"
    assert pd.isna(result.usable["Members"].at[3, "Full name"])

    # Saved by Excel: the result is read, and a result of empty text (in an optional column) is simply blank.
    near = edit_cells(build(tmp_path, name="near.xlsx"), "Members", {"B3": '=UPPER("otieno barasa")', "E2": '=IF(TRUE,"","x")'})
    edit_cells(near, "Assessments", {"F2": "=1+1"})
    _with_results(near, "Members", {"B3": ("str", "OTIENO BARASA"), "E2": ("str", "")})
    _with_results(near, "Assessments", {"F2": ("n", "2")})
    near = check(near)
    assert near.issues == []
    assert near.usable["Members"].at[3, "Full name"] == "OTIENO BARASA" and near.usable["Assessments"].at[2, "TOOLS2"] == 2


def test_text_as_number(tmp_path):
    rows = clean_rows()
    rows["Assessments"][0]["TOOLS1"] = "4"
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "text-as-number")
    assert (issue.severity, issue.cell) == ("Warning", "E2")
    assert result.usable["Assessments"].at[2, "TOOLS1"] == 4.0, "a warning keeps the value"

    rows["Assessments"][0]["TOOLS1"] = 4
    assert check_rows(tmp_path, rows).issues == []


def test_unknown_choice(tmp_path):
    rows = clean_rows()
    rows["Sessions"][0]["Session type"] = "One on one"
    rows["Sessions"][1]["Attended"] = "maybe"
    result = check_rows(tmp_path, rows)
    issues = only(result, "unknown-choice")
    assert [(i.severity, i.cell) for i in issues] == [("Error", "C2"), ("Error", "F3")]
    assert "Did you mean 'One-on-one'?" in issues[0].message
    assert "Yes or No" in issues[1].message
    assert pd.isna(result.usable["Sessions"].at[2, "Session type"])
    assert pd.isna(result.usable["Sessions"].at[3, "Attended"])

    rows["Sessions"][0]["Session type"] = "one-ON-one"
    rows["Sessions"][1]["Attended"] = "y"
    near = check_rows(tmp_path, rows)
    assert near.issues == []
    assert near.usable["Sessions"].at[2, "Session type"] == "One-on-one"
    assert bool(near.usable["Sessions"].at[3, "Attended"]) is True


# --- rules of validation -----------------------------------------------------------------------------


def test_required(tmp_path):
    rows = clean_rows()
    rows["Members"][1]["Full name"] = "   "
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "required")
    assert (issue.severity, issue.sheet, issue.cell) == ("Error", "Members", "B3")
    assert "Full name" in issue.message and "row 3" in issue.message

    rows = clean_rows()
    rows["Members"][1]["Role"] = None  # optional
    rows["Strengths"].insert(2, {})  # an all-blank row in the middle is skipped, not reported
    assert check_rows(tmp_path, rows).issues == []


def test_not_whole(tmp_path):
    rows = clean_rows()
    rows["Assessments"][0]["TOOLS2"] = 2.5
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "not-whole")
    assert (issue.severity, issue.cell, issue.value) == ("Error", "F2", 2.5)
    assert "whole number from 1 to 5" in issue.message
    assert math.isnan(result.usable["Assessments"].at[2, "TOOLS2"])

    rows["Assessments"][0]["TOOLS2"] = 3.0
    assert check_rows(tmp_path, rows).issues == []


def test_out_of_range(tmp_path):
    rows = clean_rows()
    rows["Assessments"][2]["TOOLS3"] = 7
    rows["Assessments"][3]["DRIVE1"] = 0
    rows["Sessions"][1]["Duration (min)"] = -30
    result = check_rows(tmp_path, rows)
    issues = only(result, "out-of-range")
    assert [(i.sheet, i.cell, i.value) for i in issues] == [
        ("Assessments", "G4", 7), ("Assessments", "J5", 0), ("Sessions", "E3", -30)]
    assert "Score 7 for TOOLS3 is above the scale maximum 5: type a whole number from 1 to 5" in issues[0].message
    assert "below the scale minimum 1" in issues[1].message
    assert "negative" in issues[2].message
    assert all(i.severity == "Error" for i in issues)
    assert math.isnan(result.usable["Assessments"].at[4, "TOOLS3"])
    assert math.isnan(result.usable["Sessions"].at[3, "Duration (min)"])

    rows["Assessments"][2]["TOOLS3"] = 5
    rows["Assessments"][3]["DRIVE1"] = 1
    rows["Sessions"][1]["Duration (min)"] = 0
    assert check_rows(tmp_path, rows).issues == []
    assert where(check_rows(tmp_path, rows, {"Scale maximum": 4})) == {("out-of-range", "Assessments", "G4")}


def test_unknown_member(tmp_path):
    rows = clean_rows()
    rows["Sessions"][0]["Member ID"] = "M99"
    rows["Initiatives"][0]["Owner"] = "M 09"
    rows["Initiatives"][0]["Task team"] = "M02; M77"
    rows["Offers & Requests"][0]["To"] = "M03"
    result = check_rows(tmp_path, rows)
    issues = only(result, "unknown-member")
    assert [(i.severity, i.sheet, i.cell) for i in issues] == [
        ("Error", "Sessions", "B2"), ("Error", "Initiatives", "B2"), ("Error", "Initiatives", "M2"), ("Error", "Offers & Requests", "D2")]
    assert issues[0].message == "Member ID M99 is not on the Members sheet: add the member there or correct the ID."
    assert issues[1].message.endswith("Did you mean M09?")
    assert "M77" in issues[2].message and "M02" not in issues[2].message
    assert pd.isna(result.usable["Sessions"].at[2, "Member ID"])
    assert pd.isna(result.usable["Initiatives"].at[2, "Task team"])
    assert pd.isna(result.usable["Initiatives"].at[2, "Department"]), "an unknown owner has no department"

    rows = clean_rows()
    rows["Sessions"][0]["Member ID"] = " m01 "
    rows["Initiatives"][0]["Task team"] = "m02;M09"
    near = check_rows(tmp_path, rows)
    assert {i.rule for i in near.issues} == {"id-case"}
    assert near.usable["Initiatives"].at[2, "Task team"] == ("M02", "M09")


def test_unknown_reference(tmp_path):
    rows = clean_rows()
    rows["Assessments"][4]["Round"] = "Midterm"
    rows["Goals"][0]["Linked indicator"] = "TOOL"
    rows["Measures"][0]["Initiative ID"] = "I03"
    rows["Progress"][0]["Measure ID"] = "I01-C"
    rows["Offers & Requests"][0]["Initiative ID"] = "I9"
    result = check_rows(tmp_path, rows)
    # the measure moved to I03 leaves I01 without a Leading measure
    assert where(result) - where(result, "unknown-reference") == {("no-leading-measure", "Initiatives", "A2")}
    issues = found(result, "unknown-reference")
    assert [(i.sheet, i.cell) for i in issues] == [
        ("Assessments", "B6"), ("Goals", "D2"), ("Measures", "B2"), ("Progress", "A2"), ("Offers & Requests", "G2")]
    assert all(i.severity == "Error" for i in issues)
    assert "Rounds setting (Baseline, Midline, Endline)" in issues[0].message
    assert "type one of TOOLS, DRIVE, NETWORKS, RESULTS" in issues[1].message and "Did you mean TOOLS?" in issues[1].message
    assert pd.isna(result.usable["Assessments"].at[6, "Round"])
    assert pd.isna(result.usable["Progress"].at[2, "Measure ID"])

    rows = clean_rows()
    rows["Assessments"][4]["Round"] = "MIDLINE"
    rows["Goals"][0]["Linked indicator"] = "tools"
    near = check_rows(tmp_path, rows)
    assert where(near) == {("id-case", "Goals", "D2")}
    assert near.usable["Assessments"].at[6, "Round"] == "Midline"
    assert near.usable["Goals"].at[2, "Linked indicator"] == "TOOLS"


def test_duplicate_setting(tmp_path):
    """A setting on a second row (here below the Settings table) is not read: the first row is, and the second is a Warning."""
    rows = clean_rows()
    rows["Assessments"][2]["TOOLS3"] = 7  # G4: off the 1-5 scale, and on the 1-7 scale of the second row
    path = edit_cells(build(tmp_path, rows), "Settings", {"A21": "Scale maximum", "B21": 7})
    result = check(path)
    assert [(i.rule, i.severity, i.sheet, i.cell) for i in result.issues] == [
        ("duplicate-setting", "Warning", "Settings", "B21"), ("out-of-range", "Error", "Assessments", "G4")]
    assert result.issues[0].message == "Scale maximum is set again in row 21 (7); the first, in row 7 (5), is used: delete one of the two rows"
    assert result.issues[0].value == 7

    near = edit_cells(build(tmp_path, rows, name="near.xlsx"), "Settings", {"A21": "Scale maximum", "B21": 7, "A7": "Scale max"})
    assert [(i.rule, i.cell) for i in check(near).issues] == [], "a setting on one row (the other renamed) is read from it"


def test_duplicate_id(tmp_path):
    rows = clean_rows()
    rows["Members"].append({**rows["Members"][1], "Member ID": "m02", "Full name": "Someone else"})
    rows["Goals"][1]["Goal ID"] = "G01"
    result = check_rows(tmp_path, rows)
    issues = [i for i in result.issues if i.rule == "duplicate-id"]
    assert [(i.severity, i.sheet, i.cell) for i in issues] == [("Error", "Members", "A5"), ("Error", "Goals", "A3")]
    assert "already used in row 3" in issues[0].message
    assert pd.isna(result.usable["Members"].at[5, "Member ID"])
    assert result.usable["Members"].at[3, "Member ID"] == "M02", "the first definition stays"

    rows = clean_rows()
    rows["Goals"][1]["Goal ID"] = "G01-b"
    assert check_rows(tmp_path, rows).issues == []


def test_duplicate_item_code(tmp_path):
    from xl_tracker.contract import default_indicator_rows

    items = default_indicator_rows()
    items.append({**items[0], "Item statement": "Another statement"})
    rows = {**clean_rows(), "Indicators": items}
    result = check_rows(tmp_path, rows)
    assert where(result, "duplicate-id") == {("duplicate-id", "Indicators", f"C{len(items) + 1}")}


def test_duplicate_assessment(tmp_path):
    rows = clean_rows()
    rows["Assessments"].append({**rows["Assessments"][0], "Member ID": "m01", "Rater": None})
    result = check_rows(tmp_path, rows)
    [issue] = found(result, "duplicate-assessment")
    assert (issue.severity, issue.sheet, issue.cell) == ("Error", "Assessments", "A8")
    assert "already has a Self assessment for Baseline in row 2" in issue.message
    assert pd.isna(result.usable["Assessments"].at[8, "Member ID"])
    assert where(result) == {("duplicate-assessment", "Assessments", "A8"), ("id-case", "Assessments", "A8")}

    rows = clean_rows()
    rows["Assessments"].append({**rows["Assessments"][0], "Rater": "Consensus"})
    assert check_rows(tmp_path, rows).issues == []


def test_unknown_item_column(tmp_path):
    result = check(edit_cells(build(tmp_path), "Assessments", {"X1": "TOLS1", "Y1": "TOOLS6", "X2": 3}))
    issues = only(result, "unknown-item-column")
    assert [(i.severity, i.cell, i.value) for i in issues] == [("Warning", "X1", "TOLS1"), ("Warning", "Y1", "TOOLS6")]
    assert issues[0].message.endswith("Did you mean TOOLS1?")

    near = check(edit_cells(build(tmp_path, name="near.xlsx"), "Assessments", {"X1": "Coach notes", "Y1": "Q3 2026"}))
    assert near.issues == []
    no_items = check(edit_cells(build(tmp_path, name="no-items.xlsx"), "Indicators", delete_sheet=True))
    assert not found(no_items, "unknown-item-column"), "the missing Indicators sheet is the one issue, not every item column"
    assert [(i.sheet, i.severity) for i in found(no_items, "missing-sheet")] == [("Indicators", "Error")]


def test_date_order(tmp_path):
    rows = clean_rows()
    rows["Initiatives"][1]["End date"] = rows["Initiatives"][1]["Start date"].replace(month=1)
    rows["Members"][2]["Exit date"] = rows["Members"][2]["Start date"].replace(month=2)
    result = check_rows(tmp_path, rows)
    issues = only(result, "date-order")
    assert [(i.severity, i.sheet, i.cell) for i in issues] == [("Error", "Members", "H4"), ("Error", "Initiatives", "K3")]
    assert issues[1].message == "End date 01/01/2026 is before the Start date 01/04/2026 (cell J3): correct one of the two dates"
    assert pd.isna(result.usable["Initiatives"].at[3, "End date"])

    rows["Initiatives"][1]["End date"] = rows["Initiatives"][1]["Start date"]
    rows["Members"][2]["Exit date"] = rows["Members"][2]["Start date"]
    near = check_rows(tmp_path, rows)
    assert not found(near, "date-order")
    assert {i.rule for i in near.issues} == {"progress-after-end"}, "I02's progress now falls after its one-day window"


def test_round_order(tmp_path):
    rows = clean_rows()
    rows["Assessments"][2]["Date"] = rows["Assessments"][0]["Date"].replace(day=1)
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "round-order")
    assert (issue.severity, issue.cell) == ("Warning", "C4")
    assert "before its Baseline assessment of 10/03/2026 (row" in issue.message
    assert not pd.isna(result.usable["Assessments"].at[4, "Date"]), "a warning keeps the value"

    rows["Assessments"][2]["Date"] = rows["Assessments"][0]["Date"]  # same day: not before
    assert check_rows(tmp_path, rows).issues == []


def test_future_date(tmp_path):
    rows = clean_rows()
    rows["Assessments"][2]["Date"] = pd.Timestamp(2026, 10, 16).date()
    rows["Sessions"][0]["Session date"] = pd.Timestamp(2026, 11, 1).date()
    rows["Progress"][0]["Date"] = pd.Timestamp(2027, 1, 1).date()
    rows["Offers & Requests"][1]["Date"] = pd.Timestamp(2026, 12, 1).date()
    rows["Measures"][0]["Baseline date"] = pd.Timestamp(2026, 11, 30).date()
    result = check_rows(tmp_path, rows)
    issues = only(result, "future-date")
    assert [(i.sheet, i.cell) for i in issues] == [
        ("Assessments", "C4"), ("Sessions", "A2"), ("Measures", "H2"), ("Progress", "B2"), ("Offers & Requests", "B3")]
    assert all(i.severity == "Warning" for i in issues)
    assert "after the As-of date 15/10/2026" in issues[0].message

    rows = clean_rows()
    rows["Assessments"][2]["Date"] = pd.Timestamp(2026, 10, 15).date()  # on the As-of date
    rows["Sessions"][1]["Attended"] = "No"
    rows["Sessions"][1]["Session date"] = pd.Timestamp(2026, 11, 1).date()  # planned, not attended
    assert check_rows(tmp_path, rows).issues == []


def test_id_case(tmp_path):
    rows = clean_rows()
    rows["Strengths"][0]["Member ID"] = "m01"
    rows["Progress"][0]["Measure ID"] = "i01-a"
    result = check_rows(tmp_path, rows)
    issues = only(result, "id-case")
    assert [(i.severity, i.sheet, i.cell) for i in issues] == [("Warning", "Strengths", "A2"), ("Warning", "Progress", "A2")]
    assert "type M01" in issues[0].message
    assert result.usable["Strengths"].at[2, "Member ID"] == "M01"
    assert result.usable["Progress"].at[2, "Measure ID"] == "I01-A"

    assert check_rows(tmp_path, clean_rows()).issues == []


def test_few_strengths(tmp_path):
    rows = clean_rows()
    rows["Strengths"] = [s for s in rows["Strengths"] if not (s["Member ID"] == "M02" and s["Strength"] == "Strength 2")]
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "few-strengths")
    assert (issue.severity, issue.sheet, issue.cell, issue.value) == ("Warning", "Members", "A3", "M02")
    assert "M02 names 1 strength" in issue.message and "add 1 more" in issue.message

    assert check_rows(tmp_path, rows, {"Minimum strengths": 1}).issues == []


def test_target_equals_baseline(tmp_path):
    rows = clean_rows()
    rows["Measures"][0]["Target"] = 20
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "target-equals-baseline")
    assert (issue.severity, issue.sheet, issue.cell) == ("Error", "Measures", "I2")
    assert math.isnan(result.usable["Measures"].at[2, "Target"])

    rows["Measures"][0]["Target"] = 20.5
    assert check_rows(tmp_path, rows).issues == []


def test_target_wrong_side(tmp_path):
    rows = clean_rows()
    rows["Measures"][1]["Target"] = 15  # Lower is better, baseline 12
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "target-wrong-side")
    assert (issue.severity, issue.cell) == ("Warning", "I3")
    assert "above the Baseline 12, but Better when is Lower" in issue.message
    assert result.usable["Measures"].at[3, "Target"] == 15

    rows["Measures"][1]["Better when"] = "higher"
    near = check_rows(tmp_path, rows)
    assert near.issues == []
    assert near.usable["Measures"].at[3, "Better when"] == "Higher"


@pytest.mark.parametrize(("kind", "rule"), [("Lagging", "no-lagging-measure"), ("Leading", "no-leading-measure")])
def test_initiative_without_measure_kind(tmp_path, kind, rule):
    rows = clean_rows()
    gone = {m["Measure ID"] for m in rows["Measures"] if m["Initiative ID"] == "I02" and m["Kind"] == kind}
    rows["Measures"] = [m for m in rows["Measures"] if m["Measure ID"] not in gone]
    rows["Progress"] = [p for p in rows["Progress"] if p["Measure ID"] not in gone]
    result = check_rows(tmp_path, rows, {"Days without progress": 0})  # the measure taken out held I02's latest progress
    [issue] = only(result, rule)
    assert (issue.severity, issue.sheet, issue.cell) == ("Warning", "Initiatives", "A3")
    assert f"Initiative I02 has no {kind} measure" in issue.message

    rows = clean_rows()
    for m in rows["Measures"]:
        m["Kind"] = m["Kind"].upper()
    assert check_rows(tmp_path, rows).issues == []


def test_self_coach_gap(tmp_path):
    rows = clean_rows()
    rows["Assessments"][1]["NETWORKS1"] = 5  # self scored 2
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "self-coach-gap")
    assert (issue.severity, issue.sheet, issue.cell, issue.value) == ("Warning", "Assessments", "N3", 5)
    assert "self, cell N2" in issue.message and "3 points apart" in issue.message

    rows["Assessments"][1]["NETWORKS1"] = 1  # one apart from 2; the fixture's 3 vs 2 elsewhere too
    assert check_rows(tmp_path, rows).issues == []


def test_every_rule_has_a_test():
    """Here, or in tests/test_checks_data.py (measures and progress) and tests/test_checks_programme.py (the programme's sheets)."""
    import test_checks_data
    import test_checks_programme

    names = [*globals(), *vars(test_checks_data), *vars(test_checks_programme)]
    tested = {
        name.removeprefix("test_").replace("_", "-") for name in names if name.startswith("test_")
    } | {"no-lagging-measure", "no-leading-measure", "duplicate-id"}
    missing = {r.id for r in RULES} - NOT_HERE - tested
    assert not missing
