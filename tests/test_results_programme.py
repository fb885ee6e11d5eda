"""The programme's figures per member (Engagement) and per coach (Coaches), computed by hand from a small CHMT.

The fixture is tests/test_checks_programme.py's clean CHMT with every
programme sheet filled, As-of date 15/10/2026; each figure below is worked
out from its rows in the comment beside it (docs/results.md, "The
programme's work").
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pandas as pd

from xl_tracker.contract import COACHES, ENGAGEMENT, PROGRAMME_COLUMNS
from xl_tracker.pipeline import run_tracker
from xl_tracker.results.programme import coaches_note

from test_checks_programme import EARLIER, programme_rows
from test_checks_support import build

D = dt.date
AS_OF = {"As-of date": D(2026, 10, 15)}


def fixture_rows() -> dict:
    rows = programme_rows()
    for member, coach in zip(rows["Members"], ("Alice", "Alice", "Ben")):
        member["Coach"] = coach
    rows["Sessions"][0]["Next session date"] = D(2026, 5, 1)  # M01's one-on-one of 01/04 agreed the next for 01/05
    return rows


def run(tmp_path: Path, rows: dict, settings: dict | None = None):
    return run_tracker(build(tmp_path, rows, {**AS_OF, **(settings or {})})).results


def by_member(results) -> dict[str, dict]:
    return {r["member_id"]: r for r in results.engagement.to_dict("records")}


def test_member_figures(tmp_path):
    results = run(tmp_path, fixture_rows())
    m = by_member(results)
    # Cascading: M01 one row of 12 people, M02 one row of 1.
    assert [(m[k]["cascades"], m[k]["people_reached"]) for k in ("M01", "M02", "M09")] == [(1, 12), (1, 1), (0, 0)]
    # Teams: TT01 names M01, M02, M09; CC01 names M01, M02.
    assert [m[k]["teams"] for k in ("M01", "M02", "M09")] == ["TT01; CC01", "TT01; CC01", "TT01"]
    # Actions of M01: one Done (due 29/04), one with a blank Status (Open) due 29/04; M02's only action is Dropped.
    assert [m["M01"][k] for k in ("actions_agreed", "actions_due", "actions_done", "actions_overdue")] == [2, 2, 1, 1]
    assert [m["M02"][k] for k in ("actions_agreed", "actions_due", "actions_done", "actions_overdue")] == [0, 0, 0, 0]
    # Next session: M01's 01/05 has passed, no one-on-one since: 15/10 - 01/05 = 167 days.
    assert m["M01"]["next_session"] == pd.Timestamp(2026, 5, 1) and m["M01"]["next_session_overdue"] == 167
    # M09's next session (10/01/2027) is still to come; M02 has none.
    assert m["M09"]["next_session"] == pd.Timestamp(2027, 1, 10) and math.isnan(m["M09"]["next_session_overdue"])
    assert pd.isna(m["M02"]["next_session"])
    # Old offers: OR01 by M01 on 02/04 (196 days), the request by M09 on 02/05 (166 days), both Open, both over 30 days.
    assert [m[k]["old_offers"] for k in ("M01", "M02", "M09")] == [1, 0, 1]
    assert tuple(results.engagement.columns) == ENGAGEMENT.keys
    assert results.programme.people_reached == 13 and results.programme.actions_overdue == 1
    assert results.programme.next_sessions_overdue == 1 and results.programme.old_offers == 2


def test_near_cases_of_the_member_figures(tmp_path):
    rows = fixture_rows()
    rows["Sessions"].append({"Session date": D(2026, 5, 4), "Member ID": "M01", "Session type": "One-on-one", "Attended": "Yes"})
    rows["Actions"][1]["Due date"] = D(2026, 10, 15)  # due today: due, not yet overdue
    m = by_member(run(tmp_path, rows, {"Days an offer or request stays open": 196}))
    assert math.isnan(m["M01"]["next_session_overdue"]), "a one-on-one attended after the agreed date"
    assert (m["M01"]["actions_due"], m["M01"]["actions_overdue"]) == (2, 0)
    assert [m[k]["old_offers"] for k in ("M01", "M09")] == [0, 0], "196 days is not more than 196"


def test_coaches(tmp_path):
    coaches = run(tmp_path, fixture_rows()).coaches
    assert tuple(coaches.columns) == COACHES.keys
    rows = {r["coach"]: r for r in coaches.to_dict("records")}
    # Alice: M01 (last one-on-one 01/04, 197 days) and M02 (none) are both overdue; no one-on-one in the last 45 days.
    assert rows["Alice"] == {
        "coach": "Alice", "members": 2, "left": 0, "recent_one_on_ones": 0, "members_overdue": 2, "overdue_members": "M01; M02",
        "actions_due": 2, "actions_done": 1, "actions_overdue": 1, "next_sessions_overdue": 1,
    }
    # Ben: M09's one-on-one of 01/12 was not attended.
    assert (rows["Ben"]["members"], rows["Ben"]["members_overdue"], rows["Ben"]["overdue_members"]) == (1, 1, "M09")


def test_coaches_near_case_a_recent_one_on_one_and_a_member_who_left(tmp_path):
    rows = fixture_rows()
    rows["Sessions"].append({"Session date": D(2026, 9, 1), "Member ID": "M02", "Session type": "One-on-one", "Attended": "Yes"})
    rows["Sessions"].append({"Session date": D(2026, 8, 31), "Member ID": "M02", "Session type": "One-on-one", "Attended": "Yes"})
    rows["Members"][0]["Exit date"] = D(2026, 9, 30)
    results = run(tmp_path, rows)
    rows = {r["coach"]: r for r in results.coaches.to_dict("records")}
    # 01/09 is 44 days before the As-of date: inside the 45; 31/08 is 45 days before: outside. M01 left on 30/09.
    assert (rows["Alice"]["members"], rows["Alice"]["recent_one_on_ones"], rows["Alice"]["members_overdue"]) == (1, 1, 0)
    # M01 is not in Members but counted beside it, under Left, and their two actions stay in Alice's action figures.
    assert (rows["Alice"]["left"], rows["Alice"]["actions_due"], rows["Alice"]["actions_done"]) == (1, 2, 1)
    assert results.coaches_left == ("M01",)
    assert coaches_note(results.coaches_left) == (
        "Members counts each coach's members still in the programme; actions due, done and overdue also count those of "
        "the 1 member who left (M01)."
    )
    assert coaches_note(results.coaches_left, ids=False).endswith("those of the 1 member who left.")
    assert coaches_note(()) == ""


def test_an_earlier_workbook_has_the_programme_columns_empty(tmp_path):
    path = tmp_path / "demo-7b2f5be.xlsx"
    shutil.copy(EARLIER / "demo-7b2f5be.xlsx", path)
    results = run_tracker(path).results
    frame = results.engagement
    assert (frame[["cascades", "people_reached", "actions_agreed", "actions_overdue"]] == 0).all().all()
    assert frame["teams"].isna().all()
    assert set(PROGRAMME_COLUMNS) <= set(frame.columns)
    assert set(results.coaches["coach"]) == {"Alice Mwangi", "Leonard Kamau"}
