"""Engagement: sessions attended, the last one-on-one, days since it, strengths, goals and the flag."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from test_results_support import members, row_of, settings, usable

from xl_tracker.contract import ENGAGEMENT
from xl_tracker.results import compute_results

D = dt.date


def s(member, date, kind, attended=True):
    return {"Session date": date, "Member ID": member, "Session type": kind, "Attended": attended}


def run():
    data = usable(
        Members=members("M01", "M02", "M03", "M04", "M05", M04={"Exit date": D(2026, 9, 1)}, M05={"Exit date": D(2026, 10, 15)}),
        Sessions=[
            s("M01", D(2026, 9, 1), "One-on-one"),
            s("M01", D(2026, 10, 1), "One-on-one"),
            s("M01", D(2026, 10, 10), "One-on-one", attended=False),
            s("M01", D(2026, 4, 1), "Group coaching"),
            s("M01", D(2026, 3, 1), "Opening workshop"),
            s("M01", D(2026, 5, 1), "Task team", attended=False),
            s("M01", D(2026, 5, 2), "Consultant circle", attended=None),
            s("M02", D(2026, 8, 1), "One-on-one"),
            s("M05", D(2026, 8, 31), "One-on-one"),
            s("M99", D(2026, 10, 1), "One-on-one"),
        ],
        Strengths=[{"Member ID": m, "Strength": f"Strength {n}"} for m, k in (("M01", 3), ("M02", 1), ("M05", 3)) for n in range(k)],
        Goals=[{"Goal ID": f"G{n}", "Member ID": "M01", "Development goal": "Delegate"} for n in range(2)]
        + [{"Goal ID": "G9", "Member ID": "M02", "Development goal": "Listen", "Status": "Dropped"}],
    )
    return compute_results(data, settings(as_of_date=D(2026, 10, 15), min_strengths=3), ()).engagement


def member(sheet, mid):
    return row_of(sheet, **{"member_id": mid})


def test_one_row_per_member_in_order_with_the_contract_keys():
    sheet = run()
    assert tuple(sheet.columns) == ENGAGEMENT.keys
    assert sheet["member_id"].tolist() == ["M01", "M02", "M03", "M04", "M05"]
    assert sheet["full_name"].tolist()[0] == "Name of M01"


def test_attended_sessions_only_one_on_one_apart_from_group():
    row = member(run(), "M01")
    assert row[["one_on_one", "group", "strengths", "goals"]].tolist() == [2, 2, 3, 2]
    assert row["last_one_on_one"] == pd.Timestamp(2026, 10, 1)
    assert row["days_since"] == 14
    assert row["flag"] is None


def test_long_gap_and_few_strengths_are_joined():
    row = member(run(), "M02")
    assert row["days_since"] == 75
    assert row["flag"] == "No one-on-one for 75 days; Fewer than 3 strengths"
    assert row["goals"] == 1


def test_never_had_a_one_on_one():
    row = member(run(), "M03")
    assert row[["one_on_one", "group", "strengths", "goals"]].tolist() == [0, 0, 0, 0]
    assert pd.isna(row["last_one_on_one"]) and math.isnan(row["days_since"])
    assert row["flag"] == "No one-on-one yet; Fewer than 3 strengths"


def test_a_member_who_left_is_not_flagged_for_gaps():
    assert member(run(), "M04")["flag"] == "Left the programme; Fewer than 3 strengths"


def test_exactly_at_the_threshold_and_leaving_on_the_as_of_date_is_no_flag():
    row = member(run(), "M05")
    assert row["days_since"] == 45
    assert row["flag"] is None
