"""Baseline, latest and change per member and indicator (the Member Results sheet)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from test_results_support import indicator_rows, members, row_of, settings, usable

from xl_tracker.contract import MEMBER_RESULTS
from xl_tracker.results import compute_results
from xl_tracker.results.members import comparison_mix, comparison_mixes

ITEMS = {"PLAN": [("PLAN1", 1.0)], "LEAD": [("LEAD1", 1.0)]}
CODES = ("PLAN1", "LEAD1")
# Assessments columns: A Member ID, B Round, C Date, D Rater, E PLAN1, F LEAD1, G Notes


def a(member, rnd, plan=None, lead=None, **extra):
    return {"Member ID": member, "Round": rnd, "Date": dt.date(2026, 3, 1), "PLAN1": plan, "LEAD1": lead, **extra}


def run(rows, ids=("M01", "M02", "M03", "M04"), member_extra=None, **kw):
    data = usable(CODES, Members=members(*ids, **(member_extra or {})), Indicators=indicator_rows(ITEMS), Assessments=rows)
    return compute_results(data, settings(**kw), CODES)


def line(results, member, code):
    return row_of(results.member_results, **{"member_id": member, "indicator_code": code})


def test_member_results_columns_order_and_values():
    r = run([
        a("M02", "Endline", 4, 3), a("M01", "Baseline", 2, 4), a("M02", "Baseline", 3, 3), a("M01", "Midline", 3, 2),
    ])
    sheet = r.member_results
    assert tuple(sheet.columns) == MEMBER_RESULTS.keys
    assert sheet[["member_id", "indicator_code"]].values.tolist() == [["M01", "PLAN"], ["M01", "LEAD"], ["M02", "PLAN"], ["M02", "LEAD"]]
    first = sheet.iloc[0]
    assert first[["full_name", "department", "indicator_name"]].tolist() == ["Name of M01", "Dept of M01", "PLAN indicator"]
    assert first[["baseline_round", "baseline", "latest_round", "latest", "change", "pct_change", "pomp_change"]].tolist() == [
        "Baseline", 2.0, "Midline", 3.0, 1.0, 0.5, 0.25,
    ]
    lead = line(r, "M01", "LEAD")
    assert lead[["change", "pct_change", "pomp_change"]].tolist() == [-2.0, -0.5, -0.5]
    assert line(r, "M02", "LEAD")[["latest_round", "change", "pct_change"]].tolist() == ["Endline", 0.0, 0.0]


def test_a_missing_middle_round_latest_is_the_last_round_with_a_score():
    r = run([a("M01", "Baseline", 2, 2), a("M01", "Endline", 4, None), a("M01", "Midline", 3, 3)])
    assert line(r, "M01", "PLAN")[["latest_round", "latest"]].tolist() == ["Endline", 4.0]
    assert line(r, "M01", "LEAD")[["latest_round", "latest"]].tolist() == ["Midline", 3.0]


def test_no_first_round_baseline_is_the_first_scored_round_with_a_warning():
    r = run([a("M03", "Endline", 4, 4), a("M03", "Midline", 2, 2), a("M01", "Baseline", 2, None), a("M01", "Endline", 3, 3)])
    assert line(r, "M03", "PLAN")[["baseline_round", "baseline", "latest_round", "latest"]].tolist() == ["Midline", 2.0, "Endline", 4.0]
    assert line(r, "M01", "LEAD")[["baseline_round", "latest_round"]].tolist() == ["Endline", None]
    baseline_warnings = [i for i in r.issues if i.rule == "missing-baseline"]
    assert [(i.severity, i.sheet, i.cell, i.value) for i in baseline_warnings] == [
        ("Warning", "Assessments", "B3", "PLAN, LEAD"),  # M03: earliest row is the Midline one, row 3
        ("Warning", "Assessments", "B4", "LEAD"),  # M01: has a Baseline row, but its LEAD item is blank
    ]
    assert "M03" in baseline_warnings[0].message and "no Baseline assessment" in baseline_warnings[0].message
    assert "too few items" in baseline_warnings[1].message


def test_a_member_who_left_after_baseline_has_a_row_with_blank_later_columns():
    r = run(
        [a("M01", "Baseline", 2, 3), a("M02", "Baseline", 3, 3), a("M02", "Endline", 4, 4)],
        member_extra={"M01": {"Exit date": dt.date(2026, 5, 1)}},
    )
    left = line(r, "M01", "PLAN")
    assert left[["baseline_round", "baseline"]].tolist() == ["Baseline", 2.0]
    assert left["latest_round"] is None
    assert all(math.isnan(left[k]) for k in ("latest", "change", "pct_change", "pomp_change"))
    team = r.team_results.set_index("indicator_code")
    assert team.loc["PLAN", "members"] == 1 and team.loc["PLAN", "baseline_mean"] == 3.0
    assert r.method.n == 1


def test_zero_baseline_on_a_zero_based_scale_has_no_percent_change_but_a_pomp_change():
    r = run([a("M01", "Baseline", 0, 2), a("M01", "Endline", 2, 3), a("M02", "Baseline", 2, 0), a("M02", "Endline", 3, 0)],
            scale_min=0, scale_max=4)
    zero = line(r, "M01", "PLAN")
    assert zero[["baseline", "latest", "change", "pomp_change"]].tolist() == [0.0, 2.0, 2.0, 0.5]
    assert math.isnan(zero["pct_change"])
    team = r.team_results.set_index("indicator_code")
    plan = team.loc["PLAN"]
    assert plan[["members", "baseline_mean", "latest_mean", "change", "median_change"]].tolist() == [2, 1.0, 2.5, 1.5, 1.5]
    assert plan["pct_change_of_means"] == pytest.approx(1.5)
    assert plan["pct_mean_of_changes"] == pytest.approx(0.5)  # M01 has no % change: left out of the mean
    lead = team.loc["LEAD"]  # baselines 2 and 0: mean 1; M02 stays at 0 (no %)
    assert lead["pct_mean_of_changes"] == pytest.approx(0.5)
    assert lead[["improved", "unchanged", "declined"]].tolist() == [1, 1, 0]


def test_one_member():
    r = run([a("M01", "Baseline", 2, 4), a("M01", "Endline", 3, 5)], ids=("M01",))
    team = r.team_results.set_index("indicator_code")
    assert team.loc["PLAN", ["members", "baseline_mean", "latest_mean", "median_change"]].tolist() == [1, 2.0, 3.0, 1.0]
    assert team.loc["PLAN", "pct_change_of_means"] == team.loc["PLAN", "pct_mean_of_changes"] == 0.5
    assert r.headline == pytest.approx((0.5 + 0.25) / 2)
    assert r.method.n == 1 and "n = 1 member " in r.method.text


def test_members_without_an_id_and_duplicate_ids_count_once_in_sheet_order():
    data = usable(
        CODES,
        Members=[{"Member ID": None, "Full name": "No ID"}, *members("M02", "M01"), {"Member ID": "m01", "Full name": "Twice"}],
        Indicators=indicator_rows(ITEMS),
        Assessments=[a("M01", "Baseline", 2, 2), a("m02", "Baseline", 3, 3)],
    )
    r = compute_results(data, settings(), CODES)
    assert r.member_results["member_id"].tolist() == ["M02", "M02", "M01", "M01"]
    assert r.member_results["full_name"].tolist()[2] == "Name of M01"
    assert r.engagement["member_id"].tolist() == ["M02", "M01"]


def test_the_comparison_mix_counts_members_by_their_rounds_and_mixed_when_indicators_differ():
    """Per member the rounds compared; a member whose indicators compare different rounds is 'mixed'; most first, then round order."""
    rounds = ("Baseline", "Midline", "Endline")
    changes = pd.DataFrame({
        "Member ID": ["M1", "M1", "M2", "M2", "M3", "M4", "M5", None],
        "Indicator code": ["A", "B", "A", "B", "A", "A", "B", "A"],
        "baseline_pos": [0, 0, 0, 0, 0, 0, 1, 0],
        "latest_pos": [2.0, 2.0, 2.0, 1.0, 1.0, float("nan"), 2.0, 2.0],
    })
    assert comparison_mix(changes, rounds) == (("Baseline→Midline", 1), ("Baseline→Endline", 1), ("Midline→Endline", 1), ("mixed", 1))
    by_indicator = comparison_mixes(changes, rounds, "Indicator code")
    assert by_indicator["A"] == (("Baseline→Endline", 2), ("Baseline→Midline", 1))
    assert by_indicator["B"] == (("Baseline→Midline", 1), ("Baseline→Endline", 1), ("Midline→Endline", 1))
    assert comparison_mix(changes.iloc[[5]], rounds) == ()
