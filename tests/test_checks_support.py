"""Fixture workbooks for the validation tests: a small clean CHMT and ways to spoil it.

``clean_rows()`` is a complete, valid tracking tool (no Error, no Warning);
each rule test changes one thing in it, builds the file with the template
builder and checks it. ``edit_cells`` spoils a built file the way a person
does in Excel (an error value, a renamed header, a deleted sheet) with
openpyxl, which the code under test does not use.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from xl_tracker.checks import CheckResult, check_workbook
from xl_tracker.contract import default_indicator_rows
from xl_tracker.reader import read_workbook
from xl_tracker.template import build_workbook

D = dt.date
AS_OF = D(2026, 10, 15)
SETTINGS = {"As-of date": AS_OF, "Minimum strengths": 2, "County": "Bungoma"}
ITEMS = [r["Item code"] for r in default_indicator_rows()]


def scores(value: int) -> dict[str, int]:
    return {code: value for code in ITEMS}


def clean_rows() -> dict[str, list[dict[str, object]]]:
    """A small valid CHMT: every sheet filled, nothing any rule reports."""
    members = [
        {"Member ID": mid, "Full name": name, "Department": dept, "Start date": D(2026, 3, 1), "Consent to named reporting": "Yes"}
        for mid, name, dept in (
            ("M01", "Wanjiru Achieng", "Nursing Services"),
            ("M02", "Otieno Barasa", "Public Health"),
            ("M09", "Nafula Wekesa", "Pharmacy"),
        )
    ]
    assessments = [
        {"Member ID": "M01", "Round": "Baseline", "Date": D(2026, 3, 10), "Rater": "Self", **scores(2)},
        {"Member ID": "M01", "Round": "Baseline", "Date": D(2026, 3, 10), "Rater": "Coach", **scores(3)},
        {"Member ID": "M01", "Round": "Endline", "Date": D(2026, 9, 10), "Rater": "Self", **scores(4)},
        {"Member ID": "M02", "Round": "Baseline", "Date": D(2026, 3, 11), "Rater": "Self", **scores(1)},
        {"Member ID": "M02", "Round": "Midline", "Date": D(2026, 6, 11), "Rater": "Self", **scores(2)},
        {"Member ID": "M09", "Round": "Baseline", "Date": D(2026, 3, 12), "Rater": "Self", **scores(3)},
    ]
    sessions = [
        {"Session date": D(2026, 4, 1), "Member ID": "M01", "Session type": "One-on-one", "Duration (min)": 60, "Attended": "Yes"},
        {"Session date": D(2026, 4, 6), "Member ID": "M02", "Session type": "Group coaching", "Duration (min)": 120, "Attended": "Yes"},
        {"Session date": D(2026, 12, 1), "Member ID": "M09", "Session type": "One-on-one", "Duration (min)": 45, "Attended": "No",
         "Next session date": D(2027, 1, 10)},
    ]
    strengths = [{"Member ID": m["Member ID"], "Strength": f"Strength {n}"} for m in members for n in (1, 2)]
    goals = [
        {"Goal ID": "G01", "Member ID": "M01", "Development goal": "Delegate to sub-county teams", "Linked indicator": "TOOLS",
         "Due date": D(2027, 3, 1), "Status": "In progress"},
        {"Goal ID": "G02", "Member ID": "M02", "Development goal": "Plan jointly with other departments", "Linked indicator": "NETWORKS",
         "Status": "Not started"},
    ]
    initiatives = [
        {"Initiative ID": "I01", "Owner": "M01", "Title": "Reduce stock-outs of oxytocin", "Root cause category": "Commodities and supplies",
         "Tool used": "Fishbone", "Sites": "Bungoma CRH; Webuye SCH", "Start date": D(2026, 3, 1), "End date": D(2026, 9, 30),
         "Status": "Completed", "Task team": "M02; M09"},
        {"Initiative ID": "I02", "Owner": "M02", "Department": "Public Health", "Title": "Improve partograph use",
         "Start date": D(2026, 4, 1), "End date": D(2026, 12, 31), "Status": "At risk"},
    ]
    measures = [
        {"Measure ID": "I01-A", "Initiative ID": "I01", "Kind": "Leading", "Measure": "% of facilities ordering on time",
         "Better when": "Higher", "Baseline": 20, "Baseline date": D(2026, 3, 1), "Target": 60},
        {"Measure ID": "I01-B", "Initiative ID": "I01", "Kind": "Lagging", "Measure": "Days out of stock per month",
         "Better when": "Lower", "Baseline": 12, "Target": 2},
        {"Measure ID": "I02-A", "Initiative ID": "I02", "Kind": "Leading", "Measure": "Mentorship visits", "Better when": "Higher",
         "Baseline": 0, "Target": 10},
        {"Measure ID": "I02-B", "Initiative ID": "I02", "Kind": "Lagging", "Measure": "% partographs filled", "Better when": "Higher",
         "Baseline": 35, "Target": 80},
    ]
    progress = [
        {"Measure ID": "I01-A", "Date": D(2026, 6, 1), "Value": 60},  # I01 is recorded Completed: its measure reached target
        {"Measure ID": "I02-B", "Date": D(2026, 7, 1), "Value": 50, "Comment": "after mentorship"},
        {"Measure ID": "I02-A", "Date": D(2026, 9, 20), "Value": 4},
    ]
    offers = [
        {"ID": "OR01", "Date": D(2026, 4, 2), "From": "M01", "To": "M02", "Type": "Offer", "Description": "Stock reports weekly",
         "Initiative ID": "I01", "Status": "Open"},
        {"Date": D(2026, 5, 2), "From": "M09", "Type": "Request", "Description": "Transport for samples", "Status": "Open"},
    ]
    return {
        "Members": members, "Assessments": assessments, "Sessions": sessions, "Strengths": strengths, "Goals": goals,
        "Initiatives": initiatives, "Measures": measures, "Progress": progress, "Offers & Requests": offers,
    }


def build(tmp_path: Path, rows: dict | None = None, settings: dict | None = None, name: str = "tracker.xlsx") -> Path:
    return build_workbook(tmp_path / name, copy.deepcopy(rows if rows is not None else clean_rows()), {**SETTINGS, **(settings or {})})


def check(path: Path) -> CheckResult:
    return check_workbook(read_workbook(path))


def check_rows(tmp_path: Path, rows: dict | None = None, settings: dict | None = None) -> CheckResult:
    return check(build(tmp_path, rows, settings))


def edit_cells(path: Path, sheet: str, cells: dict[str, object] | None = None, *, errors: dict[str, str] | None = None,
               delete_sheet: bool = False, rename_sheet: str | None = None) -> Path:
    """Change a built workbook with openpyxl: cell values, Excel error values, a deleted or renamed sheet."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    if delete_sheet:
        del book[sheet]
    else:
        for ref, value in (cells or {}).items():
            ws[ref].value = value
        for ref, text in (errors or {}).items():
            ws[ref].value = text
            ws[ref].data_type = "e"
        if rename_sheet:
            ws.title = rename_sheet
    book.save(path)
    return path


def found(result: CheckResult, rule: str) -> list:
    return [i for i in result.issues if i.rule == rule]


def where(result: CheckResult, rule: str | None = None) -> set[tuple[str, str, str]]:
    """(rule, sheet, cell) of every issue, or of one rule's."""
    return {(i.rule, i.sheet, i.cell) for i in result.issues if rule is None or i.rule == rule}
