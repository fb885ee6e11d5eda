"""Commitment and change: the engagement score, the mean change, Spearman's rank correlation and the words beside it.

``test_the_worked_example_of_docs_results_md`` builds the workbook of the
worked example in docs/results.md ("Commitment and change") and recomputes
every figure there.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from xl_tracker.contract import DEFAULT_INDICATORS
from xl_tracker.pipeline import run_tracker
from xl_tracker.results.commitment import CAUTION, MIN_MEMBERS, CommitmentSummary, spearman

from test_checks_support import build

D = dt.date
CODES = [code for code, _name, _items in DEFAULT_INDICATORS]


def item_scores(per_indicator: dict[str, int]) -> dict[str, int]:
    return {f"{code}{n}": per_indicator[code] for code, _name, items in DEFAULT_INDICATORS for n in range(1, len(items) + 1)}


# member: (sessions attended of recorded, goals (under way, set), endline score per indicator from a baseline of 2)
WORKED = {
    "M01": ((4, 4), (2, 2), (4, 4, 4, 4)),
    "M02": ((3, 4), (1, 2), (3, 3, 3, 3)),
    "M03": ((2, 4), (1, 1), (4, 4, 3, 3)),
    "M04": ((1, 2), (0, 1), (2, 2, 2, 2)),
    "M05": ((0, 2), (0, 0), (3, 3, 2, 2)),
}


def worked_rows() -> dict:
    members, sessions, goals, assessments = [], [], [], []
    for n, (member, ((attended, recorded), (under_way, goals_set), endline)) in enumerate(WORKED.items()):
        members.append({"Member ID": member, "Full name": f"Member {n + 1}", "Department": f"Department {n + 1}"})
        for k in range(recorded):
            sessions.append({"Session date": D(2026, 4, 6) + dt.timedelta(days=28 * k), "Member ID": member,
                             "Session type": "Group coaching", "Attended": "Yes" if k < attended else "No"})
        for k in range(goals_set):
            goals.append({"Goal ID": f"G{n}{k}", "Member ID": member, "Development goal": "Delegate",
                          "Status": "In progress" if k < under_way else "Not started"})
        assessments.append({"Member ID": member, "Round": "Baseline", "Date": D(2026, 3, 10), **item_scores(dict.fromkeys(CODES, 2))})
        assessments.append({"Member ID": member, "Round": "Endline", "Date": D(2026, 9, 10), **item_scores(dict(zip(CODES, endline)))})
    return {"Members": members, "Sessions": sessions, "Goals": goals, "Assessments": assessments}


def test_the_worked_example_of_docs_results_md(tmp_path):
    results = run_tracker(build(tmp_path, worked_rows(), {"Minimum strengths": 0})).results
    rows = {r["member_id"]: r for r in results.engagement.to_dict("records")}
    # Sessions part, goals part; Initiatives and Offers & Requests are empty, so their parts do not exist.
    assert [rows[m]["part_sessions"] for m in WORKED] == [1.0, 0.75, 0.5, 0.5, 0.0]
    assert [rows[m]["part_goals"] for m in WORKED] == [1.0, 0.5, 1.0, 0.0, 0.0]
    assert all(math.isnan(rows[m]["part_initiatives"]) and math.isnan(rows[m]["part_offers"]) for m in WORKED)
    assert [rows[m]["engagement_score"] for m in WORKED] == [1.0, 0.625, 0.75, 0.25, 0.0]
    assert [rows[m]["mean_change"] for m in WORKED] == [2.0, 1.0, 1.5, 0.0, 0.5]
    summary = results.commitment
    # ranks of the score 5, 3, 4, 2, 1 and of the change 5, 3, 4, 1, 2: sum of squared differences 2, so 1 - 6*2/(5*24) = 0.9
    assert (summary.n, summary.rho) == (5, pytest.approx(0.9))
    assert summary.finding == (
        "Spearman rank correlation of engagement score and mean indicator change: 0.90 (n = 5), a strong positive "
        "association: members with a higher engagement score tended to change more."
    )
    assert summary.score_made_of == "The engagement score is the mean of: sessions attended of those recorded, goals under way of those set."
    assert summary.caution == CAUTION and "association, not cause" in summary.caution


def test_four_members_give_no_correlation(tmp_path):
    rows = worked_rows()
    rows["Assessments"] = [a for a in rows["Assessments"] if a["Member ID"] != "M05"]
    summary = run_tracker(build(tmp_path, rows, {"Minimum strengths": 0})).results.commitment
    assert (summary.n, summary.rho) == (MIN_MEMBERS - 1, None)
    assert summary.finding.startswith(f"No rank correlation: fewer than {MIN_MEMBERS} members have both")


def test_a_member_without_goals_scores_0_on_goals_only_when_someone_has_goals(tmp_path):
    rows = worked_rows()
    del rows["Goals"]
    results = run_tracker(build(tmp_path, rows, {"Minimum strengths": 0})).results
    assert results.engagement["part_goals"].isna().all()
    assert results.engagement["engagement_score"].tolist() == [1.0, 0.75, 0.5, 0.5, 0.0], "the sessions part alone"


def test_spearman_gives_ties_their_mean_rank_and_agrees_with_the_textbook_formula():
    rng = np.random.default_rng(14)
    for _ in range(20):
        x, y = rng.permutation(9).astype(float), rng.permutation(9).astype(float)
        d = x - y
        assert spearman(x, y) == pytest.approx(1 - 6 * (d * d).sum() / (9 * (81 - 1)))
    # ties: ranks of x are 1.5, 1.5, 3, 4; of y 1, 2, 3, 4 -> Pearson of those
    assert spearman(np.array([1.0, 1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0, 4.0])) == pytest.approx(np.corrcoef([1.5, 1.5, 3, 4], [1, 2, 3, 4])[0, 1])
    assert spearman(np.array([1.0, 1.0, 1.0]), np.array([1.0, 2.0, 3.0])) is None
    assert spearman(np.array([1.0, 2.0, 3.0]), np.array([3.0, 2.0, 1.0])) == pytest.approx(-1.0)


@pytest.mark.parametrize(("rho", "words"), [
    (0.05, "no association."), (-0.2, "a weak negative association: members with a higher engagement score tended to change less."),
    (0.3, "a moderate positive association"), (-0.5, "a strong negative association"),
])
def test_the_finding_in_words(rho, words):
    assert words in CommitmentSummary(12, rho, ()).finding
