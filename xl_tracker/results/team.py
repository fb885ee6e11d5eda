"""The team's change per indicator and the headline (the Team Results sheet).

Per indicator, over the n members with both a baseline and a latest score:
Baseline mean, Latest mean, Change = Latest mean - Baseline mean,
% change (change of means) = Change / Baseline mean (blank when that is 0),
% change (mean of changes) = the mean of the members' % change (members with
a 0 baseline have none and are left out of this mean), Median change, and
how many members improved, stayed unchanged or declined. A member with a
baseline but no later score is in none of these figures.

POMP change = Change / (Scale maximum - Scale minimum), the change as a
share of the scale. Every rater's rows are computed the same way; the
headline is the Rater for results'.

The headline is the mean, over the indicators with n >= 1 (and a % of that
method), of the per-indicator %: each rater's ALL row shows it for both
methods and POMP; its name says which of them is the headline (the Headline
method of the Rater for results) and which are secondary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_tracker.contract import HEADLINE_METHODS, TEAM_RESULTS
from xl_tracker.results.inputs import Indicators, output_frame
from xl_tracker.results.members import UNCHANGED_TOLERANCE, comparison_mixes
from xl_tracker.results.method import POMP_NAME, mix_text

ALL_CODE = "ALL"
CHANGE_OF_MEANS, MEAN_OF_CHANGES = HEADLINE_METHODS
PERCENT_COLUMN = {CHANGE_OF_MEANS: "pct_change_of_means", MEAN_OF_CHANGES: "pct_mean_of_changes"}
"""Headline method -> the key of its per-indicator % on Team Results."""
POMP = POMP_NAME
"""The key of the share-of-scale figure in :func:`headlines` (a secondary figure, never the headline)."""


def indicator_rows(
    changes: pd.DataFrame, indicators: Indicators, rater: str, scale_range: float, rounds: tuple[str, ...] = (), left: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """One row per indicator in Indicators order for one rater's changes (n = 0 rows have blank means and 0 counts).

    ``left`` are the members who left the programme (counted per indicator);
    ``rounds`` name the compared rounds of the mix.
    """
    mixes = {code: mix_text(mix) for code, mix in comparison_mixes(changes, rounds, "Indicator code").items()} if rounds else {}
    # The means and the median stay pandas' (its sums are compensated: plain sums could differ in the last bit);
    # the counts are a Python pass, cheaper than a groupby each on a county's hundred rows. Rows without a
    # latest score are grouped under None, which groupby leaves out, rather than filtered into a copy first.
    order = list(indicators.codes)
    present = changes["latest_pos"].notna().to_numpy(bool)
    codes = changes["Indicator code"].to_numpy(object)
    grouped = changes.groupby(np.where(present, codes, None), sort=False)
    figures = {column: grouped[column].mean() for column in ("baseline", "latest", "pct_change")}  # one column each: cheaper than a frame's
    figures["median"] = grouped["change"].median()
    row_of = figures["median"].index.get_indexer(order)  # the same groups in every figure; -1 for an indicator without a row

    def per_indicator(key: str) -> np.ndarray:
        values = figures[key].to_numpy(float)
        return np.where(row_of >= 0, values[row_of], np.nan) if len(values) else np.full(len(order), np.nan)

    place = {code: n for n, code in enumerate(order)}
    counts = {k: np.zeros(len(order)) for k in ("members", "improved", "unchanged", "declined", "left")}
    for code, member, change, here in zip(codes.tolist(), changes["Member ID"].tolist(), changes["change"].to_numpy(float).tolist(), present.tolist()):
        at = place.get(code)
        if at is None or not here:
            continue
        counts["members"][at] += 1
        counts["improved"][at] += change > UNCHANGED_TOLERANCE
        counts["unchanged"][at] += abs(change) <= UNCHANGED_TOLERANCE
        counts["declined"][at] += change < -UNCHANGED_TOLERANCE
        counts["left"][at] += member in left
    base = per_indicator("baseline")
    latest_mean = per_indicator("latest")
    diff = latest_mean - base
    with np.errstate(invalid="ignore", divide="ignore"):
        change_of_means = np.where(base != 0, diff / base, np.nan)
    return output_frame(
        {
            "indicator_code": np.asarray(indicators.codes, dtype=object),
            "indicator_name": np.asarray([indicators.names.get(c) for c in indicators.codes], dtype=object),
            "rater": np.asarray([rater] * len(indicators.codes), dtype=object),
            "members": counts["members"],
            "baseline_mean": base,
            "latest_mean": latest_mean,
            "change": diff,
            "pct_change_of_means": change_of_means,
            "pct_mean_of_changes": per_indicator("pct_change"),
            "pomp_change": diff / float(scale_range),
            "median_change": per_indicator("median"),
            "improved": counts["improved"],
            "unchanged": counts["unchanged"],
            "declined": counts["declined"],
            "left": counts["left"],
            "compared": np.asarray([mixes.get(c) for c in indicators.codes], dtype=object),
        }
    )


def headlines(per_indicator: pd.DataFrame) -> dict[str, float | None]:
    """Headline method (and :data:`POMP`) -> the mean of that % over the indicators with n >= 1 and a %; None when none has one."""
    counted = per_indicator["members"].to_numpy(float) >= 1
    out: dict[str, float | None] = {}
    for method, column in (*PERCENT_COLUMN.items(), (POMP, "pomp_change")):
        values = per_indicator[column].to_numpy(float)[counted]
        values = values[~np.isnan(values)]
        out[method] = float(values.sum() / len(values)) if len(values) else None  # as pandas' mean: the sum over the count
    return out


@dataclass(frozen=True)
class RaterTeam:
    """One rater's team figures: the indicator rows, the ALL row's figures, n and the ALL row's name."""

    rater: str
    per_indicator: pd.DataFrame
    headline: dict[str, float | None]
    members_with_change: int
    all_name: str
    left: int = 0
    """Members with a change who left the programme."""
    compared: str | None = None
    """The mix of compared rounds over members."""


def team_results_sheet(blocks: list[RaterTeam]) -> pd.DataFrame:
    """Each indicator's rows, one per rater in ``blocks`` order; then each rater's ALL row: n in any indicator, both methods and POMP."""
    all_rows = []
    for block in blocks:
        row = {k: np.nan for k in TEAM_RESULTS.keys}
        row.update(
            {
                "indicator_code": ALL_CODE,
                "indicator_name": block.all_name,
                "rater": block.rater,
                "members": float(block.members_with_change),
                "left": float(block.left),
                "compared": block.compared,
            }
        )
        for method, column in (*PERCENT_COLUMN.items(), (POMP, "pomp_change")):
            row[column] = np.nan if block.headline[method] is None else block.headline[method]
        all_rows.append(row)
    # Indicator by indicator, each rater's row in ``blocks`` order, then the ALL rows: columns put together
    # with numpy (a concat, a sort and astype per column cost more than a county's few dozen rows).
    lines = sorted((i, n) for n, b in enumerate(blocks) for i in range(len(b.per_indicator)))
    offsets = np.cumsum([0, *(len(b.per_indicator) for b in blocks)])
    take = np.array([offsets[n] + i for i, n in lines], dtype="int64")
    texts = ("indicator_code", "indicator_name", "rater", "compared")
    columns: dict[str, np.ndarray] = {}
    for key in TEAM_RESULTS.keys:
        dtype = object if key in texts else float
        rows = np.concatenate([b.per_indicator[key].to_numpy(dtype) for b in blocks])[take]
        values = np.concatenate([rows, np.array([row[key] for row in all_rows], dtype=dtype)])
        if key in texts:
            values[pd.isna(values)] = None
        columns[key] = values
    sheet = output_frame(columns)
    assert tuple(sheet.columns) == TEAM_RESULTS.keys
    return sheet


@dataclass(frozen=True)
class ScoreTallies:
    """Indicator scores of members with a baseline and a latest score that rose, stayed the same or fell, over all indicators."""

    improved: int
    unchanged: int
    declined: int

    @property
    def total(self) -> int:
        return self.improved + self.unchanged + self.declined


def score_tallies(per_indicator: pd.DataFrame) -> ScoreTallies:
    """The sums of the Improved, Unchanged and Declined columns of the indicator rows."""
    return ScoreTallies(*(int(per_indicator[k].sum()) for k in ("improved", "unchanged", "declined")))
