"""Results: indicator changes, the team headline, initiative progress and engagement.

:func:`compute_results` is the one entry point the refresh, the ribbon and
the reports share. It is pure (DataFrames in, DataFrames and issues out) and
follows the Results definitions of the workbook contract exactly; each
module holds one part and states its definitions in its docstring
(``docs/results.md`` has them all with a worked example):

- :mod:`.scores` indicator scores from items, weights, rater and minimum share;
- :mod:`.members` baseline, latest and change per member and indicator;
- :mod:`.team` per-indicator team figures, the ALL row and the headline;
- :mod:`.initiatives` measure progress to target;
- :mod:`.status` expected progress, the computed status of measures and initiatives, their tallies;
- :mod:`.engagement` sessions, last one-on-one, strengths, goals, flags;
- :mod:`.trends` scores across every round (team and member), measures' runs and expected paths;
- :mod:`.programme` cascading, teams, actions, the next session, old offers, the Coaches sheet;
- :mod:`.commitment` the engagement score against indicator change, and their rank correlation;
- :mod:`.method` the method note printed beside every headline.

The tables are keyed by the contract's column keys (``MEMBER_RESULTS.keys``
…), never by the headers people read; the figures the reports need beyond
the tables (tallies, engagement totals, the method note) are computed here
too, so no view computes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from xl_tracker.contract import ENGAGEMENT
from xl_tracker.issues import Issue, sorted_issues
from xl_tracker.results.commitment import CommitmentSummary, commitment
from xl_tracker.results.engagement import EngagementTotals, engagement_sheet, engagement_totals
from xl_tracker.results.initiatives import initiative_results_sheet
from xl_tracker.results.inputs import read_assessments, read_indicators, read_members
from xl_tracker.results.members import member_changes, member_results_sheet, missing_baseline_issues
from xl_tracker.results.method import MethodNote, method_note
from xl_tracker.results.programme import ProgrammeTotals, coaches_sheet, member_activity, programme_totals
from xl_tracker.results.status import InitiativeStatuses, initiative_statuses
from xl_tracker.results.scores import SCORE_COLUMNS, long_scores, score_matrix, too_few_items_issues
from xl_tracker.results.team import PERCENT_COLUMN, ScoreTallies, headlines, indicator_rows, score_tallies, team_results_sheet
from xl_tracker.results.trends import expected_paths, measure_runs, score_trends
from xl_tracker.settings import Settings


@dataclass
class Results:
    """Everything computed from the usable inputs: the output sheets' tables, the scores, the headline and its method."""

    member_results: pd.DataFrame
    team_results: pd.DataFrame
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
    programme: ProgrammeTotals | None = None
    """The CHMT's cascades, actions, overdue next sessions and old offers, summed from the Engagement rows."""
    commitment: CommitmentSummary | None = None
    """Engagement score against mean indicator change: the rank correlation, its n and the words beside it."""


def compute_results(usable: dict[str, pd.DataFrame], settings: Settings, item_codes: tuple[str, ...]) -> Results:
    """Compute every result from the checked, usable input tables (see the module docstring)."""
    rounds = tuple(settings.rounds)
    members = read_members(usable)
    indicators = read_indicators(usable, tuple(item_codes))
    assessments = read_assessments(usable, tuple(item_codes), members, rounds)

    matrix, answered, items = score_matrix(assessments, indicators, settings.min_items_answered)
    scores = long_scores(assessments, indicators, matrix, rounds)
    chosen = scores[scores["Rater"] == settings.rater]
    changes = member_changes(chosen, settings.scale_min, settings.scale_max)

    per_indicator = indicator_rows(changes, indicators)
    by_method = headlines(per_indicator)
    with_change = changes.loc[changes["latest_pos"].notna(), "Member ID"]
    n = int(with_change.nunique())
    column = PERCENT_COLUMN.get(settings.headline_method, PERCENT_COLUMN[next(iter(PERCENT_COLUMN))])
    in_headline = int(((per_indicator["members"] >= 1) & per_indicator[column].notna()).sum())
    note = method_note(
        settings.headline_method, settings.rater, settings.scale_min, settings.scale_max, rounds,
        settings.min_items_answered, n,
        dict(zip(per_indicator["indicator_code"], per_indicator["members"].astype(int))), in_headline,
    )
    issues = [
        *too_few_items_issues(assessments, indicators, matrix, answered, items, settings.min_items_answered, rounds),
        *missing_baseline_issues(changes, assessments, members, indicators, settings.rater, rounds),
    ]
    paths = expected_paths(usable)
    initiatives = initiative_results_sheet(usable, members, settings.as_of_date, settings.status_tolerance)
    member_results = member_results_sheet(changes, members, indicators, rounds)
    committed, commitment_summary = commitment(usable, members, member_results)
    engagement = pd.concat(
        [
            engagement_sheet(usable, members, settings.as_of_date, settings.days_without_one_on_one, settings.min_strengths),
            member_activity(usable, members, settings.as_of_date, settings.days_offer_open),
            committed,
        ],
        axis=1,
    )
    assert tuple(engagement.columns) == ENGAGEMENT.keys
    return Results(
        member_results=member_results,
        team_results=team_results_sheet(per_indicator, by_method, n),
        initiative_results=initiatives,
        engagement=engagement,
        scores=scores.loc[:, list(SCORE_COLUMNS)].reset_index(drop=True),
        headline=by_method.get(settings.headline_method),
        method=note,
        tallies=score_tallies(per_indicator),
        engagement_totals=engagement_totals(engagement),
        initiative_statuses=initiative_statuses(initiatives),
        issues=sorted_issues(issues),
        trends=score_trends(chosen, members, indicators, rounds),
        measure_runs=measure_runs(usable, paths),
        expected_paths=paths,
        coaches=coaches_sheet(engagement, usable, members, settings.as_of_date, settings.days_without_one_on_one),
        programme=programme_totals(engagement),
        commitment=commitment_summary,
    )


__all__ = ["Results", "MethodNote", "compute_results"]
