"""End to end: a workbook built from the contract, read by the reader, computed by compute_results.

The cells the warnings point at are looked up in the file with openpyxl, an
independent reader, so an address that is off by a column fails here.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from xl_tracker.contract import default_indicator_rows
from xl_tracker.reader import read_workbook
from xl_tracker.results import compute_results

D = dt.date


def _items(code: str, value, blanks: int = 0) -> dict:
    items = [r["Item code"] for r in default_indicator_rows() if r["Indicator code"] == code]
    return {item: (None if n < blanks else value) for n, item in enumerate(items)}


def _assessment(member, rnd, date, rater=None, **by_indicator):
    row = {"Member ID": member, "Round": rnd, "Date": date, "Rater": rater}
    for code, spec in by_indicator.items():
        row.update(_items(code, *spec) if isinstance(spec, tuple) else _items(code, spec))
    return row


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    from xl_tracker.template import build_workbook

    path = tmp_path_factory.mktemp("results") / "tracker.xlsx"
    data = {
        "Members": [
            {"Member ID": "M01", "Full name": "Achieng Otieno", "Department": "Nursing Services"},
            {"Member ID": "M02", "Full name": "Brian Wafula", "Department": "Pharmacy", "Exit date": D(2026, 6, 30)},
        ],
        "Assessments": [
            _assessment("M01", "Baseline", D(2026, 3, 10), TOOLS=2, DRIVE=2, NETWORKS=4, RESULTS=(3, 2)),
            _assessment("M01", "Endline", D(2026, 9, 10), "Self", TOOLS=3, DRIVE=3, NETWORKS=4, RESULTS=3),
            _assessment("M01", "Endline", D(2026, 9, 10), "Coach", TOOLS=5, DRIVE=5, NETWORKS=5, RESULTS=5),
            _assessment("M02", "Baseline", D(2026, 3, 11), TOOLS=4, DRIVE=4, NETWORKS=4, RESULTS=4),
        ],
        "Sessions": [
            {"Session date": D(2026, 9, 20), "Member ID": "M01", "Session type": "One-on-one", "Attended": True},
            {"Session date": D(2026, 4, 2), "Member ID": "M01", "Session type": "Group coaching", "Attended": True},
        ],
        "Initiatives": [
            {"Initiative ID": "I01", "Owner": "M01", "Title": "Reduce oxytocin stock-outs", "Start date": D(2026, 4, 1),
             "End date": D(2026, 12, 31), "Status": "On track"},
        ],
        "Measures": [
            {"Measure ID": "I01-A", "Initiative ID": "I01", "Kind": "Lagging", "Measure": "Days out of stock per month",
             "Better when": "Lower", "Baseline": 12, "Target": 2},
        ],
        "Progress": [
            {"Measure ID": "I01-A", "Date": D(2026, 9, 30), "Value": 4},
            {"Measure ID": "I01-A", "Date": D(2026, 6, 30), "Value": 9},
        ],
    }
    build_workbook(path, data, {"As-of date": D(2026, 10, 15), "Rounds": "Baseline, Midline, Endline"})
    return path


@pytest.fixture(scope="module")
def results(workbook):
    data = read_workbook(workbook)
    usable = data.usable_copy()  # the tables as read, with where their columns are
    usable["Assessments"]["Rater"] = usable["Assessments"]["Rater"].fillna("Self")
    usable["Indicators"]["Weight"] = usable["Indicators"]["Weight"].fillna(1.0)
    return compute_results(usable, data.settings, data.item_codes)


def test_member_results_from_the_workbook(results):
    every_rater = results.member_results
    coach = every_rater[every_rater["rater"] == "Coach"]
    assert coach["member_id"].tolist() == ["M01"] * 4 and coach["compared"].tolist() == ["Endline only: no later score"] * 4
    assert coach.iloc[0]["rating_gap"] == 3.0 - 5.0, "the Self Endline TOOLS minus the Coach's"
    sheet = every_rater[every_rater["rater"] == "Self"].reset_index(drop=True)
    assert sheet["member_id"].tolist() == ["M01"] * 4 + ["M02"] * 4
    tools = sheet.iloc[0]
    assert tools[["full_name", "indicator_code", "baseline_round", "baseline", "latest_round", "latest", "change", "pct_change", "pomp_change"]].tolist() == [
        "Achieng Otieno", "TOOLS", "Baseline", 2.0, "Endline", 3.0, 1.0, 0.5, 0.25,
    ]
    results_row = sheet.iloc[3]
    assert results_row["indicator_code"] == "RESULTS" and results_row["baseline_round"] == "Endline"  # 2 of 4 items at baseline
    assert sheet.iloc[4:]["latest_round"].isna().all()  # M02 left after the baseline


def test_team_results_and_headline_from_the_workbook(results):
    every_rater = results.team_results
    assert every_rater["rater"].tolist() == ["Self", "Coach"] * 5, "each indicator's Self and Coach rows, then the two ALL rows"
    assert every_rater.iloc[-1]["members"] == 0 and "secondary" in every_rater.iloc[-1]["indicator_name"]
    team = every_rater[every_rater["rater"] == "Self"].set_index("indicator_code")
    assert team.loc["TOOLS", ["members", "baseline_mean", "latest_mean"]].tolist() == [1, 2.0, 3.0]
    assert team.loc["RESULTS", "members"] == 0
    assert results.headline == pytest.approx((0.5 + 0.5 + 0.0) / 3)
    assert team.loc["ALL", "members"] == 1


def test_warnings_point_at_the_cells_to_fix(workbook, results):
    sheet = openpyxl.load_workbook(workbook)["Assessments"]
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found = [(i.rule, i.cell) for i in results.issues]
    assert [rule for rule, _ in found] == ["missing-baseline", "too-few-items"]  # same row: column order
    too_few = results.issues[1]
    assert headers[too_few.cell.rstrip("0123456789")] == "RESULTS1"
    assert sheet[too_few.cell].value is None and too_few.cell.endswith("2")
    missing = results.issues[0]
    assert headers[missing.cell.rstrip("0123456789")] == "Round" and sheet[missing.cell].value == "Baseline"
    assert "RESULTS" in missing.message


def test_initiative_and_engagement_from_the_workbook(results):
    measure = results.initiative_results.iloc[0]
    assert measure[["initiative_id", "department", "latest", "measure_status", "flag"]].tolist() == ["I01", "Nursing Services", 4.0, "On track", None]
    assert measure["progress"] == pytest.approx(0.8)
    engagement = results.engagement.set_index("member_id")
    assert engagement.loc["M01", ["one_on_one", "group", "days_since"]].tolist() == [1, 1, 25]
    assert engagement.loc["M02", "flag"] == "Left the programme; Fewer than 10 strengths"


def test_warnings_point_at_the_right_cell_when_columns_were_moved(workbook, tmp_path):
    """A coach inserted a column before Member ID: addresses follow the header, not the contract's column order."""
    moved = tmp_path / "moved.xlsx"
    book = openpyxl.load_workbook(workbook)
    sheet = book["Assessments"]
    for table in list(sheet.tables):
        del sheet.tables[table]
    sheet.insert_cols(1)
    sheet["A1"] = "Interviewer"
    book.save(moved)

    data = read_workbook(moved)
    usable = data.usable_copy()  # the tables as read, with where their columns are
    usable["Assessments"]["Rater"] = usable["Assessments"]["Rater"].fillna("Self")
    usable["Indicators"]["Weight"] = usable["Indicators"]["Weight"].fillna(1.0)
    issues = compute_results(usable, data.settings, data.item_codes).issues
    headers = {cell.column_letter: cell.value for cell in openpyxl.load_workbook(moved)["Assessments"][1]}
    assert [(i.rule, headers[i.cell.rstrip("0123456789")]) for i in issues] == [
        ("missing-baseline", "Round"), ("too-few-items", "RESULTS1"),
    ]
