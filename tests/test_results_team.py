"""Team figures per indicator, the ALL row and the headline with its method note."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from test_results_support import indicator_rows, members, settings, usable

from xl_tracker.contract import ENGAGEMENT, TEAM_RESULTS, default_indicator_rows
from xl_tracker.results import compute_results

ITEMS = {"PLAN": [("PLAN1", 1.0)]}


def a(member, rnd, **items):
    return {"Member ID": member, "Round": rnd, "Date": dt.date(2026, 3, 1), **items}


def test_team_figures_of_one_indicator_by_hand():
    # baselines 2, 3, 4, 4 -> latest 3, 3, 5, 3; M05 has a baseline only and counts nowhere.
    pairs = {"M01": (2, 3), "M02": (3, 3), "M03": (4, 5), "M04": (4, 3)}
    rows = [a(m, rnd, PLAN1=v) for m, (b, l) in pairs.items() for rnd, v in (("Baseline", b), ("Endline", l))]
    rows.append(a("M05", "Baseline", PLAN1=1))
    data = usable(("PLAN1",), Members=members(*pairs, "M05"), Indicators=indicator_rows(ITEMS), Assessments=rows)
    r = compute_results(data, settings(), ("PLAN1",))
    team = r.team_results
    assert tuple(team.columns) == TEAM_RESULTS.keys
    assert team["indicator_code"].tolist() == ["PLAN", "ALL"]
    plan = team.iloc[0]
    assert plan[["indicator_name", "members", "baseline_mean", "latest_mean", "change", "median_change", "improved", "unchanged", "declined"]].tolist() == [
        "PLAN indicator", 4, 3.25, 3.5, 0.25, 0.5, 2, 1, 1,
    ]
    assert plan["pct_change_of_means"] == pytest.approx(0.25 / 3.25)
    assert plan["pct_mean_of_changes"] == pytest.approx((0.5 + 0 + 0.25 - 0.25) / 4)
    all_row = team.iloc[1]
    assert all_row["members"] == 4
    assert all_row["pct_change_of_means"] == pytest.approx(0.25 / 3.25)
    assert all_row["pct_mean_of_changes"] == pytest.approx(0.125)
    assert all(math.isnan(all_row[k]) for k in ("baseline_mean", "latest_mean", "change", "median_change", "improved"))


def _four_indicator_data(drop_results_endline: bool = False):
    """Two members on the contract's four indicators, every item of an indicator given the same score."""
    indicators = default_indicator_rows()
    codes = tuple(r["Item code"] for r in indicators)
    by_indicator = {}
    for r in indicators:
        by_indicator.setdefault(r["Indicator code"], []).append(r["Item code"])
    scores = {  # indicator: ((M01 baseline, M01 endline), (M02 baseline, M02 endline))
        "TOOLS": ((2, 3), (2, 3)),     # change of means 0.5,  mean of changes 0.5
        "DRIVE": ((2, 4), (4, 4)),     # 3 -> 4: 1/3,          (1 + 0) / 2 = 0.5
        "NETWORKS": ((4, 3), (4, 5)),  # 4 -> 4: 0,            (-0.25 + 0.25) / 2 = 0
        "RESULTS": ((1, 2), (3, 3)),   # 2 -> 2.5: 0.25,       (1 + 0) / 2 = 0.5
    }
    rows = []
    for n, member in enumerate(("M01", "M02")):
        for rnd, k in (("Baseline", 0), ("Endline", 1)):
            row = a(member, rnd)
            for code, items in by_indicator.items():
                if drop_results_endline and code == "RESULTS" and rnd == "Endline":
                    continue
                row.update({item: scores[code][n][k] for item in items})
            rows.append(row)
    return usable(codes, Members=members("M01", "M02"), Indicators=indicators, Assessments=rows), codes


def test_four_indicators_with_known_change_of_means_give_their_mean_as_headline():
    data, codes = _four_indicator_data()
    r = compute_results(data, settings(), codes)
    team = r.team_results.set_index("indicator_code")
    assert team["pct_change_of_means"].tolist()[:4] == pytest.approx([0.5, 1 / 3, 0.0, 0.25])
    assert team["pct_mean_of_changes"].tolist()[:4] == pytest.approx([0.5, 0.5, 0.0, 0.5])
    assert team.loc["ALL", "pct_change_of_means"] == pytest.approx((0.5 + 1 / 3 + 0 + 0.25) / 4)
    assert team.loc["ALL", "pct_mean_of_changes"] == pytest.approx(0.375)
    assert r.headline == pytest.approx((0.5 + 1 / 3 + 0 + 0.25) / 4)
    assert r.method.headline_method == "Change of means" and r.method.n == 2
    assert r.method.n_by_indicator == {"TOOLS": 2, "DRIVE": 2, "NETWORKS": 2, "RESULTS": 2}
    assert "n = 2 members" in r.method.text and "1–5 scale" in r.method.text and "Self" in r.method.text
    by_other = compute_results(data, settings(headline_method="Mean of changes"), codes)
    assert by_other.headline == pytest.approx(0.375)
    assert by_other.method.headline_method == "Mean of changes" and "Mean of changes" in by_other.method.text


def test_an_indicator_without_members_with_both_rounds_is_left_out_of_the_headline():
    data, codes = _four_indicator_data(drop_results_endline=True)
    r = compute_results(data, settings(), codes)
    team = r.team_results.set_index("indicator_code")
    assert team.loc["RESULTS", ["members", "improved", "unchanged", "declined"]].tolist() == [0, 0, 0, 0]
    assert math.isnan(team.loc["RESULTS", "pct_change_of_means"])
    assert r.headline == pytest.approx((0.5 + 1 / 3 + 0) / 3)
    assert r.method.indicators_in_headline == 3 and "over 3 indicators" in r.method.text


def test_no_member_with_a_later_round_means_no_headline_and_says_so():
    data = usable(("PLAN1",), Members=members("M01"), Indicators=indicator_rows(ITEMS), Assessments=[a("M01", "Baseline", PLAN1=2)])
    r = compute_results(data, settings(), ("PLAN1",))
    assert r.headline is None
    all_row = r.team_results.iloc[-1]
    assert all_row["indicator_code"] == "ALL" and all_row["members"] == 0
    assert math.isnan(all_row["pct_change_of_means"]) and math.isnan(all_row["pct_mean_of_changes"])
    assert r.method.text.startswith("No headline yet")


def test_empty_workbook_gives_empty_tables_with_the_contract_headers():
    r = compute_results(usable(()), settings(), ())
    assert r.member_results.empty and r.initiative_results.empty and r.engagement.empty and r.scores.empty
    assert r.team_results["indicator_code"].tolist() == ["ALL"]
    assert r.headline is None and r.issues == []
    nothing = compute_results({}, settings(), ())  # no input sheet at all: still every table, still its headers
    assert [len(t) for t in (nothing.member_results, nothing.initiative_results, nothing.engagement)] == [0, 0, 0]
    assert tuple(nothing.engagement.columns) == ENGAGEMENT.keys


def test_the_worked_example_of_docs_results_md():
    """The numbers docs/results.md walks through, so the docs cannot drift from the code."""
    items = {"LEAD": [("LEAD1", 2.0), ("LEAD2", 1.0), ("LEAD3", 1.0)]}
    codes = ("LEAD1", "LEAD2", "LEAD3")

    def row(member, rnd, *values):
        return {"Member ID": member, "Round": rnd, "Date": dt.date(2026, 3, 1), **dict(zip(codes, values))}

    rows = [
        row("M01", "Baseline", 4, 2, 1), row("M01", "Midline", 4, 3, 3), row("M01", "Endline", 4, 3, None),
        row("M02", "Baseline", 2, 2, 2), row("M02", "Endline", 3, 3, 3),
        row("M03", "Baseline", 4, 4, 4), row("M03", "Endline", 4, 3, 3),
        row("M04", "Baseline", 3, 3, 3),
    ]
    data = usable(codes, Members=members("M01", "M02", "M03", "M04"), Indicators=indicator_rows(items), Assessments=rows)
    r = compute_results(data, settings(), codes)
    m01 = r.member_results.iloc[0]
    assert m01[["baseline", "latest_round", "latest", "change"]].tolist() == [2.75, "Midline", 3.5, 0.75]
    assert m01["pct_change"] == pytest.approx(0.2727, abs=1e-4) and m01["pomp_change"] == 0.1875
    assert [(i.rule, i.cell) for i in r.issues] == [("too-few-items", "G4")]
    lead = r.team_results.iloc[0]
    assert lead[["members", "median_change", "improved", "unchanged", "declined"]].tolist() == [3, 0.75, 2, 0, 1]
    assert lead["baseline_mean"] == pytest.approx(2.9167, abs=1e-4) and lead["latest_mean"] == pytest.approx(3.3333, abs=1e-4)
    assert lead["pct_change_of_means"] == pytest.approx(0.1429, abs=1e-4)
    assert lead["pct_mean_of_changes"] == pytest.approx(0.2159, abs=1e-4)
    assert r.headline == pytest.approx(0.1429, abs=1e-4)
