"""Results: indicator changes, the team headline, initiative progress and engagement.

:func:`compute_results` is the one entry point the refresh, the ribbon and
the reports share. It is pure (DataFrames in, DataFrames and issues out) and
follows the Results definitions of the workbook contract exactly; each
module holds one part and states its definitions in its docstring
(``docs/results.md`` has them all with a worked example):

- :mod:`.scores` indicator scores from items, weights, rater and minimum share;
- :mod:`.members` baseline, latest and change per member, indicator and rater,
  the compared rounds, exits and the rating gap;
- :mod:`.team` per-indicator team figures per rater, the ALL rows and the headline;
- :mod:`.initiatives` measure progress to target;
- :mod:`.status` expected progress, the computed status of measures and initiatives, their tallies;
- :mod:`.engagement` sessions, last one-on-one, strengths, goals, flags;
- :mod:`.trends` scores across every round (team and member), measures' runs and expected paths;
- :mod:`.programme` cascading, teams, actions, the next session, old offers, the Coaches sheet;
- :mod:`.commitment` the engagement score against indicator change, and their rank correlation;
- :mod:`.method` the method note printed beside every headline: what it
  compares (rounds mix, exits), which figure is the headline, the
  secondary figures and every rater's headline with its n.

The tables are keyed by the contract's column keys (``MEMBER_RESULTS.keys``
…), never by the headers people read; the figures the reports need beyond
the tables (tallies, engagement totals, the method note) are computed here
too, so no view computes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from xl_tracker.contract import ENGAGEMENT, RATERS
from xl_tracker.issues import Issue, sorted_issues
from xl_tracker.results.commitment import CommitmentSummary, commitment
from xl_tracker.results.engagement import EngagementTotals, engagement_sheet, engagement_totals
from xl_tracker.results.initiatives import initiative_results_sheet
from xl_tracker.results.inputs import read_assessments, read_indicators, read_members
from xl_tracker.results.members import (
    comparison_mix,
    covered,
    exits,
    member_changes,
    member_results_sheet,
    missing_baseline_issues,
    with_rating_gaps,
)
from xl_tracker.results.method import MethodNote, RaterFigure, method_note, mix_text
from xl_tracker.results.programme import ProgrammeTotals, coached_exits, coaches_sheet, member_activity, programme_totals
from xl_tracker.results.status import InitiativeStatuses, initiative_statuses
from xl_tracker.results.scores import SCORE_COLUMNS, long_scores, score_matrix, too_few_items_issues
from xl_tracker.results.team import (
    PERCENT_COLUMN,
    POMP,
    RaterTeam,
    ScoreTallies,
    headlines,
    indicator_rows,
    score_tallies,
    team_results_sheet,
)
from xl_tracker.results.trends import expected_paths, measure_runs, score_trends
from xl_tracker.settings import Settings


@dataclass
class Results:
    """Everything computed from the usable inputs: the output sheets' tables, the scores, the headline and its method."""

    member_results: pd.DataFrame
    """Every rater's rows (a ``rater`` column), the Rater for results' first within each member and indicator."""
    team_results: pd.DataFrame
    """Every rater's rows per indicator, then one ALL row per rater; the headline is the Rater for results' ALL row."""
    initiative_results: pd.DataFrame
    engagement: pd.DataFrame
    scores: pd.DataFrame
    """Every indicator score computed (all raters): Member ID, Indicator code, Round, Rater, Score."""
    headline: float | None
    method: MethodNote
    tallies: ScoreTallies
    """Over all indicators: member scores that rose, stayed the same, fell."""
    engagement_totals: EngagementTotals
    initiative_statuses: InitiativeStatuses = field(default_factory=InitiativeStatuses)
    """Each initiative's recorded and computed status, its measures' figures, and the tallies of both statuses."""
    issues: list[Issue] = field(default_factory=list)
    """too-few-items and missing-baseline warnings, in sheet, row, column order."""
    trends: pd.DataFrame | None = None
    """The Trends sheet: team mean and member score per indicator and round (:mod:`.trends`)."""
    measure_runs: pd.DataFrame | None = None
    """Every dated Progress value per measure, in date order (the reports' run charts)."""
    expected_paths: pd.DataFrame | None = None
    """Each measure's expected path, baseline at Start to target at End (the reports' run charts)."""
    coaches: pd.DataFrame | None = None
    """The Coaches sheet: one row per coach (keys ``COACHES.keys``)."""
    coaches_left: tuple[str, ...] = ()
    """Member IDs of coached members who left: in the Coaches sheet's action sums, not in its Members (``coaches_note``)."""
    programme: ProgrammeTotals | None = None
    """The CHMT's cascades, actions, overdue next sessions and old offers, summed from the Engagement rows."""
    commitment: CommitmentSummary | None = None
    """Engagement score against mean indicator change: the rank correlation, its n and the words beside it."""


def compute_results(
    usable: dict[str, pd.DataFrame], settings: Settings, item_codes: tuple[str, ...], county_views: bool = True,
) -> Results:
    """Compute every result from the checked, usable input tables (see the module docstring).

    ``county_views=False`` leaves out what only a county's own workbook and
    reports show (Trends, Coaches, the run charts' measure runs and expected
    paths, the programme totals: those fields stay None): a roll-up shows
    none of them, and on 47 small workbooks they were a sixth of this call.
    """
    rounds = tuple(settings.rounds)
    members = read_members(usable)
    indicators = read_indicators(usable, tuple(item_codes))
    assessments = read_assessments(usable, tuple(item_codes), members, rounds)

    matrix, answered, items = score_matrix(assessments, indicators, settings.min_items_answered)
    scores = long_scores(assessments, indicators, matrix, rounds)
    fixed = getattr(settings, "compared_rounds", None)
    places = None if fixed is None else (rounds.index(fixed[0]), rounds.index(fixed[1]))
    present = set(scores["Rater"].tolist())
    raters = (settings.rater, *(r for r in RATERS if r != settings.rater and r in present))
    scale_range = float(settings.scale_max - settings.scale_min)
    by_rater = {
        r: member_changes(scores[scores["Rater"] == r], settings.scale_min, settings.scale_max, places).assign(Rater=r)
        for r in raters
    }
    changes = by_rater[settings.rater]
    all_changes = with_rating_gaps(pd.concat(list(by_rater.values()), ignore_index=True), scores, settings.rater)

    left = exits(members, settings.as_of_date)
    teams = {r: indicator_rows(by_rater[r], indicators, r, scale_range, rounds, frozenset(left)) for r in raters}
    per_indicator = teams[settings.rater]
    by_method = headlines(per_indicator)
    n = _members_with_change(changes)
    column = PERCENT_COLUMN.get(settings.headline_method, PERCENT_COLUMN[next(iter(PERCENT_COLUMN))])
    in_headline = int(((per_indicator["members"] >= 1) & per_indicator[column].notna()).sum())
    scored = set(scores.loc[scores["Rater"] == settings.rater, "Member ID"].tolist())
    compared_members = set(changes.loc[changes["latest_pos"].notna(), "Member ID"].tolist())
    rater_headlines = {r: headlines(teams[r]) for r in raters}
    note = method_note(
        settings.headline_method, settings.rater, settings.scale_min, settings.scale_max, rounds,
        settings.min_items_answered, n,
        dict(zip(per_indicator["indicator_code"], per_indicator["members"].astype(int))), in_headline,
        compared=fixed,
        mix=comparison_mix(changes, rounds),
        exits_compared=len(compared_members & set(left)),
        exits_left_out=len((scored - compared_members) & set(left)),
        not_compared=len(scored - compared_members),
        secondary=tuple((m, by_method[m]) for m in (*(m for m in PERCENT_COLUMN if m != settings.headline_method), POMP)),
        raters=tuple(
            RaterFigure(r, rater_headlines[r].get(settings.headline_method), _members_with_change(by_rater[r]), covered(changes, scores, r))
            for r in raters
        ),
    )
    first_to_last = changes if fixed is None else member_changes(scores[scores["Rater"] == settings.rater], settings.scale_min, settings.scale_max)
    issues = [
        *too_few_items_issues(assessments, indicators, matrix, answered, items, settings.min_items_answered, rounds),
        *missing_baseline_issues(first_to_last, assessments, members, indicators, settings.rater, rounds, fixed),
    ]
    paths = expected_paths(usable) if county_views else None
    initiatives = initiative_results_sheet(usable, members, settings.as_of_date, settings.status_tolerance)
    member_results = member_results_sheet(all_changes, members, indicators, rounds, raters, fixed, left)
    committed, commitment_summary = commitment(usable, members, member_results[member_results["rater"] == settings.rater])
    engagement = pd.concat(
        [
            engagement_sheet(usable, members, settings.as_of_date, settings.days_without_one_on_one, settings.min_strengths),
            member_activity(usable, members, settings.as_of_date, settings.days_offer_open),
            committed,
        ],
        axis=1,
    )
    assert tuple(engagement.columns) == ENGAGEMENT.keys
    blocks = [
        RaterTeam(
            r, teams[r], rater_headlines[r], _members_with_change(by_rater[r]), note.all_row_name(r),
            left=len(_with_change(by_rater[r]) & set(left)), compared=mix_text(comparison_mix(by_rater[r], rounds)),
        )
        for r in raters
    ]
    return Results(
        member_results=member_results,
        team_results=team_results_sheet(blocks),
        initiative_results=initiatives,
        engagement=engagement,
        scores=scores.loc[:, list(SCORE_COLUMNS)].reset_index(drop=True),
        headline=by_method.get(settings.headline_method),
        method=note,
        tallies=score_tallies(per_indicator),
        engagement_totals=engagement_totals(engagement),
        initiative_statuses=initiative_statuses(initiatives),
        issues=sorted_issues(issues),
        trends=score_trends(scores[scores["Rater"] == settings.rater], members, indicators, rounds) if county_views else None,
        measure_runs=measure_runs(usable, paths) if paths is not None else None,
        expected_paths=paths,
        coaches=coaches_sheet(engagement, usable, members, settings.as_of_date, settings.days_without_one_on_one) if county_views else None,
        coaches_left=coached_exits(engagement, members, settings.as_of_date) if county_views else (),
        programme=programme_totals(engagement) if county_views else None,
        commitment=commitment_summary,
    )


def _with_change(changes: pd.DataFrame) -> set[str]:
    return {m for m, at in zip(changes["Member ID"].tolist(), changes["latest_pos"].to_numpy(float).tolist()) if at == at}


def _members_with_change(changes: pd.DataFrame) -> int:
    return len(_with_change(changes))


__all__ = ["Results", "MethodNote", "compute_results"]
