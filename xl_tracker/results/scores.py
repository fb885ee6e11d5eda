"""Indicator scores: the weighted mean of the answered items, when enough of them are answered.

S(member, indicator, round, rater) = sum(weight x score) / sum(weight) over
the answered items of the indicator, when the answered weight is at least
Minimum items answered x the indicator's total weight. Otherwise there is no
score, and a ``too-few-items`` warning points at the first blank item cell
of that indicator in that row. All rows of all raters are scored at once with
two matrix products (rows x items times items x indicators); only the rows
that get a warning are looked at one by one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_tracker.contract import ASSESSMENTS, INDICATORS
from xl_tracker.issues import Issue, issue
from xl_tracker.results.inputs import AssessmentRows, Indicators, column_letter, output_frame

SHARE_TOLERANCE = 1e-9
"""Answered shares are sums of weights: 0.1 + 0.7 must count as the 0.8 it is meant to be."""

SCORE_COLUMNS = ("Member ID", "Indicator code", "Round", "Rater", "Score")


def score_matrix(assessments: AssessmentRows, indicators: Indicators, min_share: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(scores, answered items, items) as rows x indicators arrays; scores NaN where there is none."""
    frame = assessments.frame
    n_rows = len(frame)
    items = np.column_stack(
        [frame[c].to_numpy(float) if c in frame.columns else np.full(n_rows, np.nan) for c in indicators.item_columns]
    ) if indicators.item_columns else np.zeros((n_rows, 0))
    weights = indicators.weights
    answered = ~np.isnan(items)
    answered_weight = answered.astype(float) @ weights
    weighted_sum = np.where(answered, items, 0.0) @ weights
    total_weight = weights.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total_weight > 0, answered_weight / total_weight, 0.0)
        scored = (answered_weight > 0) & (share >= min_share - SHARE_TOLERANCE)
        scores = np.where(scored, weighted_sum / answered_weight, np.nan)
    item_counts = (weights > 0).sum(axis=0)
    answered_counts = answered.astype(int) @ (weights > 0).astype(int)
    return scores, answered_counts, np.broadcast_to(item_counts, scores.shape)


def long_scores(assessments: AssessmentRows, indicators: Indicators, scores: np.ndarray, rounds: tuple[str, ...]) -> pd.DataFrame:
    """Every score computed, one row per member, indicator, round and rater (NaN scores left out).

    Besides the public columns it carries ``round_pos`` (place in Rounds) and
    ``row`` (the Excel row of the assessment) for the calculations that follow.
    """
    n_rows, n_ind = scores.shape
    flat = scores.ravel()
    has = ~np.isnan(flat)
    row_of = np.repeat(np.arange(n_rows), n_ind)[has]
    ind_of = np.tile(np.arange(n_ind), n_rows)[has]
    round_pos = assessments.round_pos[row_of]
    return output_frame(
        {
            "Member ID": assessments.member[row_of],
            "Indicator code": np.asarray(indicators.codes, dtype=object)[ind_of] if n_ind else np.array([], dtype=object),
            "Round": np.asarray(rounds, dtype=object)[round_pos] if len(round_pos) else np.array([], dtype=object),
            "Rater": assessments.rater[row_of],
            "Score": flat[has],
            "round_pos": round_pos,
            "row": assessments.frame.index.to_numpy("int64")[row_of],
        }
    )


def too_few_items_issues(
    assessments: AssessmentRows,
    indicators: Indicators,
    scores: np.ndarray,
    answered_counts: np.ndarray,
    item_counts: np.ndarray,
    min_share: float,
    rounds: tuple[str, ...],
) -> list[Issue]:
    """One warning per assessment row and indicator without a score; one per indicator whose items all weigh 0."""
    issues: list[Issue] = []
    frame = assessments.frame
    total_weight = indicators.weights.sum(axis=0)
    for k, code in enumerate(indicators.codes):
        if total_weight[k] <= 0:
            issues.append(
                issue(
                    "too-few-items", INDICATORS.name, indicators.weight_cells[code],
                    f"Indicator {code} has no item with a weight above 0, so no member gets a {code} score: "
                    f"give its items a Weight (blank means 1)",
                    code,
                )
            )
    missing = np.isnan(scores) & (total_weight > 0)
    if not missing.any():
        return issues
    columns = indicators.item_columns
    present = [c in frame.columns for c in columns]
    blank_items = np.column_stack(
        [frame[c].isna().to_numpy(bool) if ok else np.ones(len(frame), bool) for c, ok in zip(columns, present)]
    )
    item_cells = [column_letter(frame, c, assessments.places) for c in columns]
    excel_rows = frame.index.to_numpy("int64")
    need = f"{min_share * 100:g}%"
    for k, code in enumerate(indicators.codes):
        rows = np.flatnonzero(missing[:, k])
        if not len(rows):
            continue
        own = np.flatnonzero(indicators.weights[:, k] > 0)
        first_blank = own[np.argmax(blank_items[np.ix_(rows, own)], axis=1)]
        for i, item in zip(rows.tolist(), first_blank.tolist()):
            answered = int(answered_counts[i, k])
            total = int(item_counts[i, k])
            who = f"{assessments.member[i]} {rounds[assessments.round_pos[i]]} ({assessments.rater[i]})"
            blank = columns[item]
            issues.append(
                issue(
                    "too-few-items", ASSESSMENTS.name, f"{item_cells[item]}{excel_rows[i]}" if item_cells[item] else "",
                    f"{who}: {answered} of {total} {code} items answered, fewer than the Minimum items answered ({need} of the items' weight), "
                    f"so there is no {code} score for this assessment: score the blank {code} items (from {blank})",
                    f"{answered} of {total}",
                )
            )
    return issues
