"""progress-jump: a progress value that moved from the previous one far more than the measure usually moves.

For each measure, its values in date order (the Baseline first, then every
usable Progress value; two on one date in sheet order) give the successive
changes. A change is an outlier when its robust z-score is above
:data:`Z_LIMIT`: (change - median change) / scale, the scale being 1.4826 x
the median absolute deviation of the changes (or, when that is 0 because
half the changes or more equal the median, 1.2533 x their mean absolute
deviation; changes that are all equal have no outlier). This is the
modified z-score of Iglewicz and Hoaglin, which one typo cannot drag along
as it would a mean and standard deviation. It needs at least
:data:`MIN_CHANGES` changes, and the change must also be at least half the
distance from Baseline to Target, so a count that steps by one is not an
outlier. A spike (a jump up then straight back down) is reported once, at
the value that jumped.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from xl_tracker.contract import MEASURES, PROGRESS

from .context import CheckContext, shown

MEASURE_ID = MEASURES.column("Measure ID").header
BASELINE = MEASURES.column("Baseline").header
TARGET = MEASURES.column("Target").header
PROGRESS_MEASURE = PROGRESS.column("Measure ID").header
DATE = PROGRESS.column("Date").header
VALUE = PROGRESS.column("Value").header

Z_LIMIT = 3.5
MIN_CHANGES = 5
"""Six values (the Baseline and five progress values) before a change can stand out."""
MIN_SHARE_OF_RANGE = 0.5
MAD_SCALE = 1.4826
MEAN_AD_SCALE = 1.2533


def _most_values(progress: pd.DataFrame) -> int:
    """The most usable Progress values (ID, Date and Value all filled in) that any one measure has.

    With its Baseline a measure has at most one change more than it has
    values, so below :data:`MIN_CHANGES` no measure can have an outlier: a
    county's measures have four values or so, and this count in plain Python
    spares the table operations below on every one of them.
    """
    ids = progress[PROGRESS_MEASURE].to_numpy(object)
    usable = ~(pd.isna(ids) | pd.isna(progress[DATE].to_numpy()) | pd.isna(progress[VALUE].to_numpy()))
    counts = Counter(ids[usable].tolist())
    return max(counts.values(), default=0)


def check_jumps(ctx: CheckContext) -> None:
    """Column operations over every measure at once; only the flagged values become messages."""
    progress = ctx.usable[PROGRESS.name]
    if progress.empty or not ctx.present(PROGRESS.name, PROGRESS_MEASURE, DATE, VALUE):
        return
    if _most_values(progress) < MIN_CHANGES:
        return
    rows = progress[[PROGRESS_MEASURE, DATE, VALUE]].dropna()
    counts = rows[PROGRESS_MEASURE].value_counts()
    measures = ctx.usable[MEASURES.name]
    defined = measures.dropna(subset=[MEASURE_ID]).drop_duplicates(MEASURE_ID).set_index(MEASURE_ID)
    baseline = defined[BASELINE].astype(float).reindex(counts.index)
    target = defined[TARGET].astype(float).reindex(counts.index)
    # values per measure, Baseline included, give len - 1 changes: measures with too few are left out here
    enough = counts + baseline.notna().astype(int) - 1 >= MIN_CHANGES
    if not enough.any():
        return
    series = pd.DataFrame(
        {
            "measure": rows[PROGRESS_MEASURE].to_numpy(object),
            "first": 1,
            "date": rows[DATE].to_numpy("datetime64[ns]"),
            "row": rows.index.to_numpy("int64"),
            "value": rows[VALUE].to_numpy(float),
        }
    )
    start = baseline[baseline.notna()]
    series = pd.concat(
        [
            series,
            pd.DataFrame({"measure": start.index.to_numpy(object), "first": 0, "date": pd.NaT, "row": -1, "value": start.to_numpy(float)}),
        ],
        ignore_index=True,
    )
    series = series[series["measure"].isin(enough.index[enough.to_numpy()])]
    series = series.sort_values(["measure", "first", "date", "row"], kind="stable", ignore_index=True)
    by_measure = series.groupby("measure", sort=False)
    series["before"] = by_measure["value"].shift()
    series["before_row"] = by_measure["row"].shift()
    series["before_date"] = by_measure["date"].shift()
    series["change"] = series["value"] - series["before"]
    changes = series[series["change"].notna()].copy()
    grouped = changes.groupby("measure", sort=False)["change"]
    changes["median"] = grouped.transform("median")
    changes["deviation"] = (changes["change"] - changes["median"]).abs()
    by_deviation = changes.groupby("measure", sort=False)["deviation"]
    scale = MAD_SCALE * by_deviation.transform("median")
    scale = scale.where(scale > 0, MEAN_AD_SCALE * by_deviation.transform("mean"))
    changes["z"] = (changes["change"] - changes["median"]) / scale.where(scale > 0)
    span = (target - baseline).abs().reindex(changes["measure"].to_numpy()).to_numpy(float)
    big = ~(changes["deviation"].to_numpy(float) < MIN_SHARE_OF_RANGE * span)  # NaN span: no Target to compare with
    changes["outlier"] = (changes["z"].abs() > Z_LIMIT).to_numpy() & big
    previous = changes.groupby("measure", sort=False)[["outlier", "change"]].shift()
    way_back = previous["outlier"].fillna(False).astype(bool) & (np.sign(previous["change"]) != np.sign(changes["change"]))
    for found in changes[changes["outlier"] & ~way_back].itertuples(index=False):
        row = int(found.row)
        before = "the Baseline" if found.before_row < 0 else f"the value on {shown(found.before_date)} (row {int(found.before_row)})"
        ctx.report(
            "progress-jump", PROGRESS.name, ctx.cell(PROGRESS.name, row, VALUE),
            f"{VALUE} {shown(found.value)} of measure {found.measure} on {shown(found.date)} moved by {found.change:+g} from "
            f"{shown(found.before)}, {before}, while its values usually move by {found.median:+g} a step "
            f"(robust z-score {found.z:+.1f}): check the value (a digit too many or too few?)",
            found.value,
        )
