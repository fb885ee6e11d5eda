"""The programme's sheets (Teams, Cascading, Actions, Team agreements) and the Initiatives columns added with them.

One test per new rule, each with a case that must be reported and a near
case that must not; the rules they extend (not-whole, out-of-range,
date-order, unknown-reference, unknown-member) on the new sheets; the task
team an initiative gets from Teams; and workbooks made by the earlier
version (no new sheet, no new column), which still validate and refresh.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd

import xl_tracker
from xl_tracker.contract import INPUT_SHEETS, PROGRAMME_SHEETS_SINCE
from xl_tracker.overlaps import find_overlaps
from xl_tracker.settings import read_settings

from test_checks_support import check_rows, clean_rows, found

D = dt.date
EARLIER = Path(__file__).parent / "data" / "earlier"
"""Workbooks made at 7b2f5be, before the programme's sheets (tests/data/earlier/README.md)."""
NEW_SHEETS = ("Teams", "Cascading", "Actions", "Team agreements")


def programme_rows() -> dict[str, list[dict[str, object]]]:
    """The clean CHMT of test_checks_support with every programme sheet filled, nothing any rule reports."""
    rows = clean_rows()
    rows["Teams"] = [
        {"Team ID": "TT01", "Kind": "Task team", "Name": "Oxytocin supply", "Members": "M01; M02; M09",
         "Start date": D(2026, 3, 5)},
        {"Team ID": "CC01", "Kind": "Consultant circle", "Name": "Circle A", "Members": "M01; M02", "Start date": D(2026, 6, 1),
         "End date": D(2026, 9, 1)},
    ]
    rows["Initiatives"][0]["Team ID"] = "TT01"
    rows["Initiatives"][0]["Within my control"] = "Partly"
    rows["Cascading"] = [
        {"Date": D(2026, 5, 2), "Member ID": "M01", "Audience level": "Facility in-charges", "People reached": 12,
         "Tool or skill": "Fishbone analysis"},
        {"Date": D(2026, 6, 2), "Member ID": "M02", "Audience level": "Community health units", "People reached": 1,
         "Tool or skill": "Challenge model"},
    ]
    rows["Actions"] = [
        {"Session date": D(2026, 4, 1), "Member ID": "M01", "Action": "Share the stock report", "Due date": D(2026, 4, 29),
         "Done date": D(2026, 4, 25), "Status": "Done"},
        {"Session date": D(2026, 4, 1), "Member ID": "M01", "Action": "Call the partner", "Due date": D(2026, 4, 29)},
        {"Session date": D(2026, 4, 6), "Member ID": "M02", "Action": "Draft the challenge", "Status": "Dropped"},
    ]
    rows["Team agreements"] = [
        {"Kind": "Shared value", "Agreement": "Accountability", "Date": D(2026, 3, 3), "Status": "Agreed"},
        {"Kind": "Role clarified", "Agreement": "M02 approves requisitions in 5 days", "Owners": "M02", "Status": "In practice"},
    ]
    return rows


def only(result, rule):
    others = [i for i in result.issues if i.rule != rule]
    assert not others, others
    return found(result, rule)


def test_the_programme_sheets_are_in_the_contract_as_added_later():
    specs = {s.name: s for s in INPUT_SHEETS}
    assert all(specs[name].since == PROGRAMME_SHEETS_SINCE for name in NEW_SHEETS)
    assert {s.name for s in INPUT_SHEETS if s.since is None}.isdisjoint(NEW_SHEETS)


def test_the_filled_programme_sheets_raise_nothing_and_are_read(tmp_path):
    result = check_rows(tmp_path, programme_rows())
    assert result.issues == []
    assert result.usable["Cascading"]["People reached"].tolist() == [12, 1]
    assert result.usable["Actions"]["Status"].tolist() == ["Done", "Open", "Dropped"], "a blank Status is Open"
    assert result.usable["Teams"].at[2, "Members"] == ("M01", "M02", "M09")
    assert result.usable["Team agreements"].at[3, "Owners"] == ("M02",)


def test_action_status_date(tmp_path):
    rows = programme_rows()
    rows["Actions"][0]["Done date"] = None
    rows["Actions"][1]["Done date"] = D(2026, 4, 20)  # Status blank, so Open
    result = check_rows(tmp_path, rows)
    issues = only(result, "action-status-date")
    assert [(i.severity, i.sheet, i.cell) for i in issues] == [("Warning", "Actions", "E2"), ("Warning", "Actions", "F3")]
    assert "marked Done but has no Done date" in issues[0].message
    assert "has a Done date 20/04/2026 but its Status is Open" in issues[1].message

    rows["Actions"][0]["Done date"] = D(2026, 4, 25)
    rows["Actions"][1]["Status"] = "Done"
    assert check_rows(tmp_path, rows).issues == []


def test_action_status_date_leaves_a_wrong_done_date_to_its_own_error(tmp_path):
    rows = programme_rows()
    rows["Actions"][0]["Done date"] = "last week"
    result = check_rows(tmp_path, rows)
    assert [i.rule for i in result.issues] == ["not-a-date"]


def test_team_too_small(tmp_path):
    rows = programme_rows()
    rows["Teams"][0]["Members"] = "M01; m01"  # one member, typed twice
    rows["Teams"][1]["Members"] = None
    result = check_rows(tmp_path, rows)
    small = found(result, "team-too-small")
    assert [(i.severity, i.sheet, i.cell) for i in small] == [("Warning", "Teams", "E2"), ("Warning", "Teams", "E3")]
    assert "Team TT01 names 1 member in Members" in small[0].message
    assert "Team CC01 names 0 members" in small[1].message
    assert {i.rule for i in result.issues} == {"team-too-small", "id-case"}

    rows["Teams"][0]["Members"] = "M01; M02"
    rows["Teams"][1]["Members"] = "M02; M09"
    assert check_rows(tmp_path, rows).issues == []


def test_team_too_small_says_nothing_of_a_members_cell_in_error(tmp_path):
    rows = programme_rows()
    rows["Teams"][0]["Members"] = "M77"
    result = check_rows(tmp_path, rows)
    assert [i.rule for i in result.issues] == ["unknown-member"]


def test_owner_not_in_team(tmp_path):
    rows = programme_rows()
    rows["Teams"][0]["Members"] = "M02; M09"
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "owner-not-in-team")
    assert (issue.severity, issue.sheet, issue.cell, issue.value) == ("Warning", "Initiatives", "O2", "TT01")
    assert issue.message.startswith("The Owner M01 is not among the Members of team TT01 (M02; M09)")

    rows["Teams"][0]["Members"] = "M02; M09; m01"  # the owner, in another case: read as M01
    near = check_rows(tmp_path, rows)
    assert not found(near, "owner-not-in-team")


def test_team_not_task_team(tmp_path):
    rows = programme_rows()
    rows["Initiatives"][0]["Team ID"] = "CC01"
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "team-not-task-team")
    assert (issue.severity, issue.cell) == ("Warning", "O2")
    assert "CC01 is a Consultant circle on the Teams sheet, not a Task team" in issue.message

    rows["Teams"][1]["Kind"] = "Task team"
    assert check_rows(tmp_path, rows).issues == []


def test_unknown_team_id_is_an_error_and_left_out(tmp_path):
    rows = programme_rows()
    rows["Initiatives"][0]["Team ID"] = "TT1"
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "unknown-reference")
    assert (issue.severity, issue.cell) == ("Error", "O2")
    assert "Team ID TT1 is not on the Teams sheet: add the team there or correct the ID" in issue.message
    assert pd.isna(result.usable["Initiatives"].at[2, "Team ID"])
    assert result.usable["Initiatives"].at[2, "Task team"] == ("M02", "M09"), "only the typed IDs"


def test_people_reached_must_be_a_whole_number_of_one_or_more(tmp_path):
    rows = programme_rows()
    rows["Cascading"][0]["People reached"] = 12.5
    rows["Cascading"][1]["People reached"] = 0
    result = check_rows(tmp_path, rows)
    assert [(i.rule, i.severity, i.cell) for i in result.issues] == [("not-whole", "Error", "D2"), ("out-of-range", "Error", "D3")]
    assert result.usable["Cascading"]["People reached"].isna().all()

    rows["Cascading"][0]["People reached"] = 12.0
    rows["Cascading"][1]["People reached"] = 1
    assert check_rows(tmp_path, rows).issues == []


def test_date_order_and_future_date_on_the_programme_sheets(tmp_path):
    rows = programme_rows()
    rows["Actions"][0]["Due date"] = D(2026, 3, 30)
    rows["Teams"][1]["End date"] = D(2026, 5, 1)
    rows["Cascading"][0]["Date"] = D(2027, 1, 5)
    result = check_rows(tmp_path, rows, {"As-of date": D(2026, 10, 15)})
    assert sorted((i.rule, i.sheet, i.cell) for i in result.issues) == [
        ("date-order", "Actions", "D2"), ("date-order", "Teams", "G3"), ("future-date", "Cascading", "A2"),
    ]

    rows["Actions"][0]["Due date"] = D(2026, 4, 1)
    rows["Teams"][1]["End date"] = D(2026, 6, 1)
    rows["Cascading"][0]["Date"] = D(2026, 10, 15)
    assert check_rows(tmp_path, rows, {"As-of date": D(2026, 10, 15)}).issues == []


def test_unknown_owner_of_an_agreement(tmp_path):
    rows = programme_rows()
    rows["Team agreements"][1]["Owners"] = "M02; M21"
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "unknown-member")
    assert (issue.sheet, issue.cell) == ("Team agreements", "C3")


def test_an_initiative_s_task_team_is_its_typed_ids_and_its_team_s_members(tmp_path):
    rows = programme_rows()
    rows["Initiatives"][0]["Task team"] = "M09"
    result = check_rows(tmp_path, rows)
    assert result.usable["Initiatives"].at[2, "Task team"] == ("M09", "M01", "M02")


def test_shared_team_reads_teams(tmp_path):
    """Two similar initiatives share a task-team member only through Teams: SHARED-TEAM holds; without it, not."""
    rows = programme_rows()
    rows["Initiatives"][0].update({"Task team": None, "Team ID": "TT01"})
    rows["Initiatives"][1].update({"Title": "Reduce stock-outs of oxytocin in maternity", "Task team": None, "Team ID": "TT02",
                                   "Root cause category": "Commodities and supplies"})
    rows["Teams"][0]["Members"] = "M01; M09"
    rows["Teams"].append({"Team ID": "TT02", "Kind": "Task team", "Name": "Maternity supplies", "Members": "M02; M09"})
    result = check_rows(tmp_path, rows)
    assert result.issues == []
    settings = read_settings([], D(2026, 10, 15))[0]
    overlaps = find_overlaps(result.usable, settings)
    pair = overlaps[~overlaps["offer_match"]]
    assert len(pair) == 1 and "SHARED-TEAM" in pair["reasons"].iloc[0]

    rows["Teams"][0]["Members"] = "M01; M09"
    rows["Teams"][2]["Members"] = "M02; M01"  # M01 owns I01 and is on I02's team: still shared
    assert "SHARED-TEAM" in find_overlaps(check_rows(tmp_path, rows).usable, settings)["reasons"].iloc[0]
    rows["Teams"][2]["Members"] = "M02; M03"
    rows["Members"] = [*rows["Members"], {"Member ID": "M03", "Full name": "Juma Wafula", "Department": "Pharmacy",
                                          "Start date": D(2026, 3, 1)}]
    rows["Strengths"] += [{"Member ID": "M03", "Strength": f"Strength {n}"} for n in (1, 2)]
    apart = check_rows(tmp_path, rows)
    pair = find_overlaps(apart.usable, settings)
    pair = pair[~pair["offer_match"]]
    assert len(pair) == 1 and "SHARED-TEAM" not in pair["reasons"].iloc[0]


def test_the_earlier_files_have_none_of_the_new_parts():
    for name in ("template-7b2f5be.xlsx", "demo-7b2f5be.xlsx"):
        book = openpyxl.load_workbook(EARLIER / name, read_only=True)
        assert not set(NEW_SHEETS) & set(book.sheetnames), name
        header = [c.value for c in next(book["Initiatives"].iter_rows(max_row=1))]
        assert "Within my control" not in header and "Team ID" not in header


def test_an_earlier_template_validates_without_a_word_about_the_new_parts(tmp_path):
    issues = xl_tracker.validate(EARLIER / "template-7b2f5be.xlsx")
    assert [i for i in issues if i.rule == "missing-sheet" or i.sheet in NEW_SHEETS] == []


def test_an_earlier_demo_validates_and_refreshes_as_before(tmp_path):
    """The 7b2f5be demo: the same issues as then (none about the new parts), and a refresh that keeps every input cell."""
    path = tmp_path / "demo-7b2f5be.xlsx"
    shutil.copy(EARLIER / "demo-7b2f5be.xlsx", path)
    issues = xl_tracker.validate(path)
    assert not [i for i in issues if i.rule == "missing-sheet" or i.sheet in NEW_SHEETS]
    before = openpyxl.load_workbook(path)
    inputs = {s.name: [[c.value for c in row] for row in before[s.name].iter_rows()] for s in INPUT_SHEETS if s.name in before.sheetnames}
    result = xl_tracker.refresh(path)
    assert result.error_count == sum(1 for i in issues if i.is_error)
    after = openpyxl.load_workbook(path)
    assert {name: [[c.value for c in row] for row in after[name].iter_rows()] for name in inputs} == inputs
    assert not set(NEW_SHEETS) & set(after.sheetnames), "a refresh adds no input sheet (that is `xl-tracker upgrade`)"
