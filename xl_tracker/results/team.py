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

import numpy as np
import pandas as pd

from xl_tracker.contract import HEADLINE_METHODS, TEAM_RESULTS
from xl_tracker.results.inputs import Indicators, output_frame

ALL_CODE = "ALL"
ALL_NAME = "All indicators (headline)"
CHANGE_OF_MEANS, MEAN_OF_CHANGES = HEADLINE_METHODS
PERCENT_COLUMN = {CHANGE_OF_MEANS: "% change (change of means)", MEAN_OF_CHANGES: "% change (mean of changes)"}
UNCHANGED_TOLERANCE = 1e-9
"""Two scores computed from different items can differ in the last bit; that is no change."""


def indicator_rows(changes: pd.DataFrame, indicators: Indicators) -> pd.DataFrame:
    """One row per indicator in Indicators order (n = 0 rows have blank means and 0 counts)."""
    both = changes[changes["latest_pos"].notna()]
    grouped = both.groupby("Indicator code", sort=False)
    change = both["Change"]
    stats = pd.DataFrame(
        {
            "Members": grouped.size(),
            "Baseline mean": grouped["Baseline"].mean(),
            "Latest mean": grouped["Latest"].mean(),
            "% change (mean of changes)": grouped["% change"].mean(),
            "Median change": grouped["Change"].median(),
            "Improved": (change > UNCHANGED_TOLERANCE).groupby(both["Indicator code"], sort=False).sum(),
            "Unchanged": (change.abs() <= UNCHANGED_TOLERANCE).groupby(both["Indicator code"], sort=False).sum(),
            "Declined": (change < -UNCHANGED_TOLERANCE).groupby(both["Indicator code"], sort=False).sum(),
        }
    ).reindex(list(indicators.codes))
    base = stats["Baseline mean"].to_numpy(float)
    diff = stats["Latest mean"].to_numpy(float) - base
    with np.errstate(invalid="ignore", divide="ignore"):
        change_of_means = np.where(base != 0, diff / base, np.nan)
    counts = {c: stats[c].fillna(0).to_numpy(float) for c in ("Members", "Improved", "Unchanged", "Declined")}
    return output_frame(
        {
            "Indicator code": np.asarray(indicators.codes, dtype=object),
            "Indicator name": np.asarray([indicators.names.get(c) for c in indicators.codes], dtype=object),
            "Members": counts["Members"],
            "Baseline mean": base,
            "Latest mean": stats["Latest mean"].to_numpy(float),
            "Change": diff,
            "% change (change of means)": change_of_means,
            "% change (mean of changes)": stats["% change (mean of changes)"].to_numpy(float),
            "Median change": stats["Median change"].to_numpy(float),
            "Improved": counts["Improved"],
            "Unchanged": counts["Unchanged"],
            "Declined": counts["Declined"],
        }
    )


def headlines(per_indicator: pd.DataFrame) -> dict[str, float | None]:
    """Headline method -> the mean of that method's % over the indicators with n >= 1 and a %; None when none has one."""
    counted = per_indicator[per_indicator["Members"] >= 1]
    out: dict[str, float | None] = {}
    for method, column in PERCENT_COLUMN.items():
        values = counted[column].dropna()
        out[method] = float(values.mean()) if len(values) else None
    return out


def team_results_sheet(per_indicator: pd.DataFrame, headline: dict[str, float | None], members_with_change: int) -> pd.DataFrame:
    """The indicator rows, then the ALL row: n = members with a change in any indicator, the headline by each method."""
    all_row = {h: np.nan for h in TEAM_RESULTS.headers}
    all_row.update(
        {
            "Indicator code": ALL_CODE,
            "Indicator name": ALL_NAME,
            "Members": float(members_with_change),
            PERCENT_COLUMN[CHANGE_OF_MEANS]: np.nan if headline[CHANGE_OF_MEANS] is None else headline[CHANGE_OF_MEANS],
            PERCENT_COLUMN[MEAN_OF_CHANGES]: np.nan if headline[MEAN_OF_CHANGES] is None else headline[MEAN_OF_CHANGES],
        }
    )
    sheet = pd.concat([per_indicator, pd.DataFrame([all_row])], ignore_index=True)
    for text in ("Indicator code", "Indicator name"):
        sheet[text] = sheet[text].astype(object)
    sheet = sheet.astype({h: float for h in TEAM_RESULTS.headers if h not in ("Indicator code", "Indicator name")})
    assert tuple(sheet.columns) == TEAM_RESULTS.headers
    return sheet
