"""progress-jump: a progress value that moved from the previous one far more than the measure usually moves.

For each measure, its values in date order (the Baseline first, then every
usable Progress value; two on one date in sheet order) give the successive
changes. A change is an outlier when its robust z-score is above
:data:`Z_LIMIT`: (change - median change) / scale, the scale being 1.4826 x
the median absolute deviation of the changes (or, when more than half the
changes are equal, 1.2533 x their mean absolute deviation). This is the
modified z-score of Iglewicz and Hoaglin, which one typo cannot drag along
as it would a mean and standard deviation. It needs at least
:data:`MIN_CHANGES` changes, and the change must also be at least half the
distance from Baseline to Target, so a count that steps by one is not an
outlier. A spike (a jump up then straight back down) is reported once, at
the value that jumped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_tracker.contract import MEASURES, PROGRESS

from .context import CheckContext, shown

MEASURE_ID = MEASURES.column("Measure ID").header
BASELINE = MEASURES.column("Baseline").header
BASELINE_DATE = MEASURES.column("Baseline date").header
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


def robust_z(changes: np.ndarray) -> np.ndarray:
    """The modified z-score of each change; zeros when the changes do not vary."""
    median = float(np.median(changes))
    deviation = np.abs(changes - median)
    scale = MAD_SCALE * float(np.median(deviation))
    if scale == 0:
        scale = MEAN_AD_SCALE * float(np.mean(deviation))
    if scale == 0:
        return np.zeros_like(changes)
    return (changes - median) / scale


def check_jumps(ctx: CheckContext) -> None:
    progress = ctx.usable[PROGRESS.name]
    measures = ctx.usable[MEASURES.name]
    if progress.empty or not ctx.present(PROGRESS.name, PROGRESS_MEASURE, DATE, VALUE):
        return
    rows = progress[[PROGRESS_MEASURE, DATE, VALUE]].dropna()
    if rows.empty:
        return
    defined = measures.dropna(subset=[MEASURE_ID]).drop_duplicates(MEASURE_ID).set_index(MEASURE_ID) if not measures.empty else None
    rows = rows.rename_axis("row").reset_index().sort_values([PROGRESS_MEASURE, DATE, "row"], kind="stable")
    for measure, group in rows.groupby(PROGRESS_MEASURE, sort=False):
        baseline = target = np.nan
        if defined is not None and measure in defined.index:
            baseline = float(defined.at[measure, BASELINE]) if pd.notna(defined.at[measure, BASELINE]) else np.nan
            target = float(defined.at[measure, TARGET]) if pd.notna(defined.at[measure, TARGET]) else np.nan
        values = group[VALUE].to_numpy(dtype=float)
        dates = list(group[DATE])
        excel_rows = group["row"].to_numpy().tolist()
        if not np.isnan(baseline):
            values = np.concatenate(([baseline], values))
            dates = [None, *dates]
            excel_rows = [None, *excel_rows]
        changes = np.diff(values)
        if len(changes) < MIN_CHANGES:
            continue
        z = robust_z(changes)
        big = np.abs(changes - np.median(changes)) >= MIN_SHARE_OF_RANGE * abs(target - baseline) if not np.isnan(target - baseline) else True
        outlier = (np.abs(z) > Z_LIMIT) & big
        typical = float(np.median(changes))
        for i in np.flatnonzero(outlier):
            if i > 0 and outlier[i - 1] and np.sign(changes[i]) != np.sign(changes[i - 1]):
                continue  # the way back from a spike: the spike itself was reported
            row = excel_rows[i + 1]
            before = "the Baseline" if excel_rows[i] is None else f"the value on {shown(dates[i])} (row {excel_rows[i]})"
            ctx.report(
                "progress-jump", PROGRESS.name, ctx.cell(PROGRESS.name, row, VALUE),
                f"{VALUE} {shown(values[i + 1])} of measure {measure} on {shown(dates[i + 1])} moved by {changes[i]:+g} from "
                f"{shown(values[i])}, {before}, while its values usually move by {typical:+g} a step "
                f"(robust z-score {z[i]:+.1f}): check the value (a digit too many or too few?)",
                values[i + 1],
            )
