"""The team's change per indicator and the headline (the Team Results sheet).

Per indicator, over the n members with both a baseline and a latest score:
Baseline mean, Latest mean, Change = Latest mean - Baseline mean,
% change (change of means) = Change / Baseline mean (blank when that is 0),
% change (mean of changes) = the mean of the members' % change (members with
a 0 baseline have none and are left out of this mean), Median change, and
how many members improved, stayed unchanged or declined. A member with a
baseline but no later score is in none of these figures.

The headline is the mean, over the indicators with n >= 1 (and a % of that
method), of the per-indicator %: the ALL row shows it for both methods.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_tracker.contract import HEADLINE_METHODS, TEAM_RESULTS
from xl_tracker.results.inputs import Indicators, output_frame
from xl_tracker.results.members import UNCHANGED_TOLERANCE

ALL_CODE = "ALL"
ALL_NAME = "All indicators (headline)"
CHANGE_OF_MEANS, MEAN_OF_CHANGES = HEADLINE_METHODS
PERCENT_COLUMN = {CHANGE_OF_MEANS: "pct_change_of_means", MEAN_OF_CHANGES: "pct_mean_of_changes"}
"""Headline method -> the key of its per-indicator % on Team Results."""


def indicator_rows(changes: pd.DataFrame, indicators: Indicators) -> pd.DataFrame:
    """One row per indicator in Indicators order (n = 0 rows have blank means and 0 counts)."""
    both = changes[changes["latest_pos"].notna()]
    grouped = both.groupby("Indicator code", sort=False)
    change = both["change"]
    stats = pd.DataFrame(
        {
            "members": grouped.size(),
            "baseline_mean": grouped["baseline"].mean(),
            "latest_mean": grouped["latest"].mean(),
            "pct_mean_of_changes": grouped["pct_change"].mean(),
            "median_change": grouped["change"].median(),
            "improved": (change > UNCHANGED_TOLERANCE).groupby(both["Indicator code"], sort=False).sum(),
            "unchanged": (change.abs() <= UNCHANGED_TOLERANCE).groupby(both["Indicator code"], sort=False).sum(),
            "declined": (change < -UNCHANGED_TOLERANCE).groupby(both["Indicator code"], sort=False).sum(),
        }
    ).reindex(list(indicators.codes))
    base = stats["baseline_mean"].to_numpy(float)
    diff = stats["latest_mean"].to_numpy(float) - base
    with np.errstate(invalid="ignore", divide="ignore"):
        change_of_means = np.where(base != 0, diff / base, np.nan)
    counts = {k: stats[k].fillna(0).to_numpy(float) for k in ("members", "improved", "unchanged", "declined")}
    return output_frame(
        {
            "indicator_code": np.asarray(indicators.codes, dtype=object),
            "indicator_name": np.asarray([indicators.names.get(c) for c in indicators.codes], dtype=object),
            "members": counts["members"],
            "baseline_mean": base,
            "latest_mean": stats["latest_mean"].to_numpy(float),
            "change": diff,
            "pct_change_of_means": change_of_means,
            "pct_mean_of_changes": stats["pct_mean_of_changes"].to_numpy(float),
            "median_change": stats["median_change"].to_numpy(float),
            "improved": counts["improved"],
            "unchanged": counts["unchanged"],
            "declined": counts["declined"],
        }
    )


def headlines(per_indicator: pd.DataFrame) -> dict[str, float | None]:
    """Headline method -> the mean of that method's % over the indicators with n >= 1 and a %; None when none has one."""
    counted = per_indicator[per_indicator["members"] >= 1]
    out: dict[str, float | None] = {}
    for method, column in PERCENT_COLUMN.items():
        values = counted[column].dropna()
        out[method] = float(values.mean()) if len(values) else None
    return out


def team_results_sheet(per_indicator: pd.DataFrame, headline: dict[str, float | None], members_with_change: int) -> pd.DataFrame:
    """The indicator rows, then the ALL row: n = members with a change in any indicator, the headline by each method."""
    all_row = {k: np.nan for k in TEAM_RESULTS.keys}
    all_row.update(
        {
            "indicator_code": ALL_CODE,
            "indicator_name": ALL_NAME,
            "members": float(members_with_change),
            PERCENT_COLUMN[CHANGE_OF_MEANS]: np.nan if headline[CHANGE_OF_MEANS] is None else headline[CHANGE_OF_MEANS],
            PERCENT_COLUMN[MEAN_OF_CHANGES]: np.nan if headline[MEAN_OF_CHANGES] is None else headline[MEAN_OF_CHANGES],
        }
    )
    sheet = pd.concat([per_indicator, pd.DataFrame([all_row])], ignore_index=True)
    for text in ("indicator_code", "indicator_name"):
        sheet[text] = sheet[text].astype(object)
    sheet = sheet.astype({k: float for k in TEAM_RESULTS.keys if k not in ("indicator_code", "indicator_name")})
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
