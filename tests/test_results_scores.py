"""Indicator scores: weighted mean of the answered items, minimum answered share, the rater chosen in Settings."""

from __future__ import annotations

import datetime as dt

import pytest
from test_results_support import indicator_rows, members, row_of, settings, usable

from xl_tracker.results import compute_results

ITEMS = {"PLAN": [("PLAN1", 1.0), ("PLAN2", 1.0)], "LEAD": [("LEAD1", 2.0), ("LEAD2", 1.0), ("LEAD3", 1.0)]}
CODES = ("PLAN1", "PLAN2", "LEAD1", "LEAD2", "LEAD3")
# Assessments columns: A Member ID, B Round, C Date, D Rater, E PLAN1, F PLAN2, G LEAD1, H LEAD2, I LEAD3, J Notes


def assessment(member, rnd, rater="Self", **scores):
    return {"Member ID": member, "Round": rnd, "Date": dt.date(2026, 3, 1), "Rater": rater, **scores}


def run(rows, **kw):
    data = usable(CODES, Members=members("M01", "M02"), Indicators=indicator_rows(ITEMS), Assessments=rows)
    return compute_results(data, settings(**kw), CODES)


def score(results, member, code, rnd, rater="Self"):
    s = results.scores
    hit = s[(s["Member ID"] == member) & (s["Indicator code"] == code) & (s["Round"] == rnd) & (s["Rater"] == rater)]
    return None if hit.empty else float(hit["Score"].iloc[0])


def test_score_is_the_weighted_mean_of_the_items():
    r = run([assessment("M01", "Baseline", PLAN1=3, PLAN2=5, LEAD1=4, LEAD2=2, LEAD3=1)])
    assert score(r, "M01", "PLAN", "Baseline") == 4.0
    assert score(r, "M01", "LEAD", "Baseline") == pytest.approx((2 * 4 + 2 + 1) / 4)  # 2.75, not the plain mean 2.33
    assert r.issues == []


def test_too_few_items_answered_gives_no_score_and_a_warning_at_the_blank_item():
    r = run([assessment("M01", "Baseline", PLAN1=3, LEAD1=4, LEAD2=2)])
    assert score(r, "M01", "PLAN", "Baseline") is None  # 1 of 2 items: 50% < 80%
    assert score(r, "M01", "LEAD", "Baseline") is None  # weight 3 of 4 answered: 75% < 80%
    assert [(i.severity, i.rule, i.sheet, i.cell) for i in r.issues] == [
        ("Warning", "too-few-items", "Assessments", "F2"),
        ("Warning", "too-few-items", "Assessments", "I2"),
    ]
    assert "PLAN" in r.issues[0].message and "M01" in r.issues[0].message and "Baseline" in r.issues[0].message
    assert "LEAD" in r.issues[1].message
    assert r.member_results.empty


def test_minimum_share_is_by_weight_and_inclusive():
    rows = [assessment("M01", "Baseline", PLAN1=3, LEAD1=4, LEAD2=2)]
    r = run(rows, min_items_answered=0.75)
    assert score(r, "M01", "LEAD", "Baseline") == pytest.approx((2 * 4 + 2) / 3)  # 75% answered: enough
    assert score(r, "M01", "PLAN", "Baseline") is None
    r = run([assessment("M01", "Baseline", PLAN1=3, LEAD2=2, LEAD3=2)], min_items_answered=0.5)
    assert score(r, "M01", "PLAN", "Baseline") == 3.0
    assert score(r, "M01", "LEAD", "Baseline") == 2.0  # LEAD1 (weight 2) blank: 2 of 4 = 50%


def test_an_indicator_with_no_answered_item_has_no_score_even_at_minimum_zero():
    r = run([assessment("M01", "Baseline", PLAN1=3, PLAN2=3)], min_items_answered=0.0)
    assert score(r, "M01", "LEAD", "Baseline") is None
    assert [(i.rule, i.cell) for i in r.issues] == [("too-few-items", "G2")]


def test_the_rater_for_results_decides_whose_scores_count_and_all_raters_are_scored():
    rows = [
        assessment("M01", "Baseline", "Self", PLAN1=4, PLAN2=4, LEAD1=4, LEAD2=4, LEAD3=4),
        assessment("M01", "Baseline", "Coach", PLAN1=2, PLAN2=2, LEAD1=2, LEAD2=2, LEAD3=2),
        assessment("M01", "Endline", "Self", PLAN1=5, PLAN2=5, LEAD1=5, LEAD2=5, LEAD3=5),
        assessment("M01", "Endline", "Coach", PLAN1=3, PLAN2=4, LEAD1=3, LEAD2=3, LEAD3=3),
    ]
    self_rated = run(rows)
    coach_rated = run(rows, rater="Coach")
    assert row_of(self_rated.member_results, member_id="M01", indicator_code="PLAN", rater="Self")[["baseline", "latest"]].tolist() == [4.0, 5.0]
    plan = row_of(coach_rated.member_results, member_id="M01", indicator_code="PLAN", rater="Coach")
    assert plan[["baseline", "latest", "change", "pct_change"]].tolist() == [2.0, 3.5, 1.5, 0.75]
    assert set(coach_rated.scores["Rater"]) == {"Self", "Coach"}
    assert score(coach_rated, "M01", "PLAN", "Endline", "Self") == 5.0
    assert coach_rated.method.rater == "Coach" and "Coach" in coach_rated.method.text
    assert coach_rated.member_results["rater"].tolist()[:2] == ["Coach", "Self"], "the Rater for results' row comes first"
    other = row_of(coach_rated.member_results, member_id="M01", indicator_code="PLAN", rater="Self")
    assert other["rating_gap"] == 3.5 - 5.0, "the Coach's Endline PLAN minus the Self Endline PLAN"


def test_blank_rater_is_self_and_unknown_member_or_round_rows_are_ignored():
    rows = [
        assessment("M01", "Baseline", None, PLAN1=2, PLAN2=2),
        assessment("M01", "Endline", "self", PLAN1=3, PLAN2=3),
        assessment("M99", "Baseline", PLAN1=1, PLAN2=1),
        assessment("M02", "Follow-up", PLAN1=1, PLAN2=1),
        assessment(None, "Baseline", PLAN1=1, PLAN2=1),
    ]
    r = run(rows)
    plan = row_of(r.member_results, **{"member_id": "M01", "indicator_code": "PLAN"})
    assert plan[["baseline", "latest"]].tolist() == [2.0, 3.0]
    assert set(r.scores["Member ID"]) == {"M01"}
    assert [i.cell for i in r.issues] == ["G2", "G3"]  # only M01's rows: LEAD unanswered


def test_a_second_row_for_the_same_member_round_and_rater_does_not_count():
    rows = [
        assessment("M01", "Baseline", PLAN1=2, PLAN2=2),
        assessment("M01", "Baseline", PLAN1=5, PLAN2=5),
    ]
    r = run(rows)
    assert score(r, "M01", "PLAN", "Baseline") == 2.0
    assert len(r.scores[r.scores["Indicator code"] == "PLAN"]) == 1


def test_items_of_zero_weight_do_not_count_and_all_zero_weights_are_reported_once():
    items = {"PLAN": [("PLAN1", 1.0), ("PLAN2", 0.0)], "LEAD": [("LEAD1", 0.0), ("LEAD2", 0.0), ("LEAD3", 0.0)]}
    data = usable(
        CODES, Members=members("M01"), Indicators=indicator_rows(items),
        Assessments=[assessment("M01", "Baseline", PLAN1=2, PLAN2=5, LEAD1=1, LEAD2=1, LEAD3=1),
                     assessment("M01", "Endline", PLAN1=3, LEAD1=1, LEAD2=1, LEAD3=1)],
    )
    r = compute_results(data, settings(), CODES)
    assert score(r, "M01", "PLAN", "Baseline") == 2.0
    assert score(r, "M01", "PLAN", "Endline") == 3.0  # PLAN2 blank but weighs nothing
    assert [(i.sheet, i.cell, i.rule) for i in r.issues] == [("Indicators", "E4", "too-few-items")]
    assert "LEAD" in r.issues[0].message
