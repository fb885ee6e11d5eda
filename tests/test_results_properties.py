"""Properties of the arithmetic (hypothesis): row order, members without a latest round, change of means."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings as hsettings, strategies as st
from test_results_support import indicator_rows, members, settings, usable

from xl_tracker.results import compute_results

ITEMS = {"PLAN": [("PLAN1", 1.0), ("PLAN2", 2.0)], "LEAD": [("LEAD1", 1.0)]}
CODES = ("PLAN1", "PLAN2", "LEAD1")
ROUNDS = ("Baseline", "Midline", "Endline")
RATERS = ("Self", "Coach")

score = st.one_of(st.none(), st.integers(1, 5))
assessment = st.fixed_dictionaries({code: score for code in CODES})
member_rounds = st.dictionaries(st.sampled_from([(r, t) for r in ROUNDS for t in RATERS]), assessment, max_size=6)
workbooks = st.lists(member_rounds, min_size=1, max_size=6)
options = st.fixed_dictionaries({"min_items_answered": st.sampled_from([0.5, 0.8, 1.0]), "rater": st.sampled_from(RATERS)})


def build(per_member: list[dict], extra_rows: list[dict] = ()) -> dict[str, pd.DataFrame]:
    ids = [f"M{n:02d}" for n in range(1, len(per_member) + 1)]
    rows = [
        {"Member ID": mid, "Round": rnd, "Rater": rater, "Date": dt.date(2026, 3, 1), **items}
        for mid, rounds in zip(ids, per_member)
        for (rnd, rater), items in rounds.items()
    ]
    extra_ids = sorted({r["Member ID"] for r in extra_rows})
    return usable(CODES, Members=members(*ids, *extra_ids), Indicators=indicator_rows(ITEMS), Assessments=[*rows, *extra_rows])


def shuffled(data: dict[str, pd.DataFrame], seed: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    return {name: frame.iloc[rng.permutation(len(frame))] for name, frame in data.items()}


@hsettings(max_examples=60, deadline=None)
@given(workbooks, options, st.integers(0, 2**32 - 1))
def test_results_do_not_depend_on_row_order(per_member, opts, seed):
    data = build(per_member)
    before = compute_results(data, settings(**opts), CODES)
    after = compute_results(shuffled(data, seed), settings(**opts), CODES)
    for name in ("member_results", "team_results", "engagement", "scores"):
        pd.testing.assert_frame_equal(getattr(before, name), getattr(after, name), rtol=1e-12)
    assert before.issues == after.issues
    assert before.headline == after.headline or before.headline == pytest.approx(after.headline, rel=1e-12)


@hsettings(max_examples=60, deadline=None)
@given(workbooks, options, assessment)
def test_a_member_without_a_latest_round_changes_no_team_figure(per_member, opts, baseline_items):
    data = build(per_member)
    newcomer = [{"Member ID": "M99", "Round": "Baseline", "Rater": opts["rater"], "Date": dt.date(2026, 3, 1), **baseline_items}]
    before = compute_results(data, settings(**opts), CODES)
    after = compute_results(build(per_member, newcomer), settings(**opts), CODES)
    pd.testing.assert_frame_equal(before.team_results, after.team_results)
    assert before.headline == after.headline
    assert before.method.n == after.method.n


@hsettings(max_examples=60, deadline=None)
@given(workbooks, options)
def test_change_of_means_is_mean_change_over_mean_baseline(per_member, opts):
    r = compute_results(build(per_member), settings(**opts), CODES)
    mine_rater = r.member_results[r.member_results["rater"] == r.method.rater]
    both = mine_rater[mine_rater["latest_round"].notna()]
    team_rows = r.team_results[(r.team_results["rater"] == r.method.rater) & (r.team_results["indicator_code"] != "ALL")]
    for _, team in team_rows.iterrows():
        mine = both[both["indicator_code"] == team["indicator_code"]]
        assert team["members"] == len(mine)
        if len(mine) == 0:
            assert np.isnan(team["pct_change_of_means"])
            continue
        assert team["pct_change_of_means"] == pytest.approx(mine["change"].mean() / mine["baseline"].mean(), rel=1e-12)
        assert team["change"] == pytest.approx(mine["change"].mean(), rel=1e-12, abs=1e-12)
        assert team["improved"] + team["unchanged"] + team["declined"] == len(mine)
    counted = team_rows[team_rows["members"] >= 1]
    expected = counted["pct_change_of_means"].mean() if len(counted) else None
    assert (r.headline is None) == (expected is None)
    if expected is not None:
        assert r.headline == pytest.approx(expected, rel=1e-12)
    assert ((r.scores["Score"] >= 1) & (r.scores["Score"] <= 5)).all()


session = st.tuples(st.integers(1, 3), st.integers(0, 120), st.sampled_from(["One-on-one", "Group coaching", "Task team"]), st.sampled_from([True, False, None]))
reading = st.tuples(st.integers(0, 2), st.integers(0, 200), st.floats(-50, 150, allow_nan=False))


@hsettings(max_examples=40, deadline=None)
@given(st.lists(session, max_size=15), st.lists(reading, max_size=12, unique_by=lambda r: (r[0], r[1])), st.integers(0, 2**32 - 1))
def test_initiative_and_engagement_results_do_not_depend_on_row_order(sessions, readings, seed):
    start = dt.date(2026, 3, 1)
    data = usable(
        Members=members("M01", "M02", "M03"),
        Sessions=[{"Session date": start + dt.timedelta(days=d), "Member ID": f"M0{m}", "Session type": t, "Attended": a} for m, d, t, a in sessions],
        Initiatives=[{"Initiative ID": "I01", "Owner": "M01", "Title": "Stock-outs", "Start date": start, "End date": dt.date(2026, 12, 1)}],
        Measures=[{"Measure ID": f"I01-{n}", "Initiative ID": "I01", "Kind": "Leading", "Measure": "m", "Better when": "Higher",
                   "Baseline": 10.0, "Target": 50.0 + n} for n in range(3)],
        Progress=[{"Measure ID": f"I01-{n}", "Date": start + dt.timedelta(days=d), "Value": v} for n, d, v in readings],
    )
    before = compute_results(data, settings(), ())
    after = compute_results(shuffled(data, seed), settings(), ())
    pd.testing.assert_frame_equal(before.initiative_results, after.initiative_results)
    pd.testing.assert_frame_equal(before.engagement, after.engagement)


def test_results_are_the_same_frames_without_pandas_private_constructor(tmp_path, monkeypatch):
    """The tables as read and the result tables use pandas' private DataFrame._from_arrays (tables.frame_of_arrays);
    a pandas without it must give identical tables and results."""
    import dataclasses

    from pandas.testing import assert_frame_equal

    from xl_tracker.checks import check_workbook
    from xl_tracker.demo import build_demo_workbook
    from xl_tracker.reader import read_workbook
    from xl_tracker.results import compute_results

    path = build_demo_workbook(tmp_path / "demo.xlsx")
    data = read_workbook(path)
    usable = check_workbook(data).usable
    fast = compute_results(usable, data.settings, data.item_codes)
    monkeypatch.delattr(pd.DataFrame, "_from_arrays")
    read_publicly = read_workbook(path)
    for name, table in data.sheets.items():
        assert_frame_equal(table.values, read_publicly.sheets[name].values, check_exact=True)
    public = compute_results(usable, data.settings, data.item_codes)
    compared = 0
    for field in dataclasses.fields(fast):
        a, b = getattr(fast, field.name), getattr(public, field.name)
        if isinstance(a, pd.DataFrame):
            assert_frame_equal(a, b, check_exact=True)
            compared += 1
    assert compared >= 8
