"""Rules about when progress is entered: no-recent-progress, progress-after-end, outside-programme.

An initiative is *active* on the As-of date when it has started, has not
ended (Start date <= As-of date <= End date) and its Status is neither
Completed nor Dropped. Dates of progress in the future (after the As-of
date) are ``future-date``'s.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_tracker.contract import INITIATIVES, MEASURES, PROGRESS, SETTINGS, SETTINGS_BY_NAME

from .context import CheckContext, shown

INITIATIVE_ID = INITIATIVES.column("Initiative ID").header
TITLE = INITIATIVES.column("Title").header
START = INITIATIVES.column("Start date").header
END = INITIATIVES.column("End date").header
STATUS = INITIATIVES.column("Status").header
MEASURE_ID = MEASURES.column("Measure ID").header
MEASURE_INITIATIVE = MEASURES.column("Initiative ID").header
TARGET_DATE = MEASURES.column("Target date").header
PROGRESS_MEASURE = PROGRESS.column("Measure ID").header
PROGRESS_DATE = PROGRESS.column("Date").header
CLOSED = ("Completed", "Dropped")
DAYS_SETTING = SETTINGS_BY_NAME["Days without progress"].name
PROGRAMME_START = SETTINGS_BY_NAME["Programme start"].name
PROGRAMME_END = SETTINGS_BY_NAME["Programme end"].name


def _defined(frame: pd.DataFrame, header: str) -> pd.DataFrame:
    """The first row of each ID (later ones are duplicate-id), indexed by the ID, the Excel row kept as ``row``."""
    return frame.dropna(subset=[header]).rename_axis("row").reset_index().drop_duplicates(header).set_index(header)


def _where(ctx: CheckContext, name: str) -> str:
    """`` (Settings B15)``: where a setting's value is, or nothing when the Settings sheet does not list it."""
    cell = ctx.settings.cells.get(name)
    return f" ({SETTINGS.name} {cell})" if cell else ""


def _measure_initiative(ctx: CheckContext) -> pd.DataFrame:
    """Per Progress row with a usable date: its initiative and its measure's Target date."""
    progress = ctx.usable[PROGRESS.name]
    measures = ctx.usable[MEASURES.name]
    if progress.empty or measures.empty or not ctx.present(MEASURES.name, MEASURE_ID, MEASURE_INITIATIVE):
        return pd.DataFrame(columns=["initiative", "date", "target_date"])
    defined = _defined(measures, MEASURE_ID)
    dated = progress[progress[PROGRESS_DATE].notna() & progress[PROGRESS_MEASURE].notna()]
    at = defined.reindex(dated[PROGRESS_MEASURE].to_numpy())
    return pd.DataFrame(
        {
            "initiative": at[MEASURE_INITIATIVE].to_numpy(object),
            "date": dated[PROGRESS_DATE].to_numpy(),
            "target_date": at[TARGET_DATE].to_numpy() if TARGET_DATE in at else pd.NaT,
        },
        index=dated.index,
    )


def check_recent_progress(ctx: CheckContext) -> None:
    """An active initiative whose last progress value (or Start date, before any) is more than N days before the As-of date."""
    days = ctx.settings.days_without_progress
    initiatives = ctx.usable[INITIATIVES.name]
    if days <= 0 or initiatives.empty or not ctx.present(PROGRESS.name, PROGRESS_MEASURE, PROGRESS_DATE):
        return
    as_of = pd.Timestamp(ctx.settings.as_of_date)
    active = initiatives[
        initiatives[INITIATIVE_ID].notna() & (initiatives[START] <= as_of) & (initiatives[END] >= as_of)
        & ~initiatives[STATUS].isin(CLOSED)
    ]
    if active.empty:
        return
    last = _measure_initiative(ctx).groupby("initiative")["date"].max()
    for row, initiative in active[INITIATIVE_ID].items():
        start = active.at[row, START]
        latest = last.get(initiative, pd.NaT)
        since = max(start, latest) if pd.notna(latest) else start
        idle = (as_of - since).days
        if idle <= days:
            continue
        if pd.isna(latest):
            what = f"has no progress value since it started on {shown(start)}, {idle} days ago"
        elif latest < start:
            what = f"has no progress value since it started on {shown(start)}, {idle} days ago (the last is dated {shown(latest)})"
        else:
            what = f"has no progress value since {shown(latest)}, {idle} days ago"
        ctx.report(
            "no-recent-progress", INITIATIVES.name, ctx.cell(INITIATIVES.name, row, INITIATIVE_ID),
            f"Initiative {initiative} ({active.at[row, TITLE]}) runs to {shown(active.at[row, END])} but {what}, "
            f"more than the {DAYS_SETTING} {days}{_where(ctx, DAYS_SETTING)}: add its measures' latest values on the "
            f"{PROGRESS.name} sheet, or set its {STATUS} to Completed or Dropped if it has stopped",
            initiative,
        )


def check_progress_after_end(ctx: CheckContext) -> None:
    """A Progress Date after its initiative's End date and after its measure's Target date (when that is later).

    A date after the As-of date is reported once, as ``future-date``.
    """
    initiatives = ctx.usable[INITIATIVES.name]
    if initiatives.empty or not ctx.present(INITIATIVES.name, INITIATIVE_ID, END):
        return
    progress = _measure_initiative(ctx)
    if progress.empty:
        return
    defined = _defined(initiatives, INITIATIVE_ID)
    ends = defined[END].reindex(progress["initiative"].to_numpy()).to_numpy("datetime64[ns]")
    target = pd.to_datetime(progress["target_date"]).to_numpy("datetime64[ns]")
    dates = progress["date"].to_numpy("datetime64[ns]")
    with np.errstate(invalid="ignore"):
        late = (dates > ends) & ~(dates <= target)
    late &= ~np.isnat(ends) & (dates <= np.datetime64(ctx.settings.as_of_date, "ns"))  # later still is future-date's
    if not late.any():
        return
    rows = progress.index[late]
    info = progress.loc[rows]
    ctx.report_rows(
        "progress-after-end", PROGRESS.name, PROGRESS_DATE, rows,
        lambda row, value: _after_end_message(ctx, value, info.at[row, "initiative"], defined, info.at[row, "target_date"]),
    )


def _after_end_message(ctx: CheckContext, value: object, initiative: str, defined: pd.DataFrame, target_date: object) -> str:
    end = defined.at[initiative, END]
    cell = ctx.cell(INITIATIVES.name, int(defined.at[initiative, "row"]), END)
    later = pd.notna(target_date) and target_date > end
    also = f" and after its measure's Target date {shown(target_date)}" if later else ""
    return (
        f"{PROGRESS_DATE} {shown(value)} is after the End date {shown(end)} of initiative {initiative} "
        f"({INITIATIVES.name} {cell}){also}: check the date, or extend the initiative's End date"
    )


def check_programme_window(ctx: CheckContext) -> None:
    """An initiative's Start date before Programme start, or End date after Programme end (when the settings are given)."""
    first, last = ctx.settings.programme_start, ctx.settings.programme_end
    frame = ctx.usable[INITIATIVES.name]
    if frame.empty or (first is None and last is None):
        return
    for header, limit, name, side in ((START, first, PROGRAMME_START, "before"), (END, last, PROGRAMME_END, "after")):
        if limit is None or not ctx.present(INITIATIVES.name, header):
            continue
        bound = pd.Timestamp(limit)
        outside = (frame[header] < bound) if side == "before" else (frame[header] > bound)
        ctx.report_rows(
            "outside-programme", INITIATIVES.name, header, frame.index[outside.fillna(False).to_numpy(dtype=bool)],
            lambda row, value, header=header, limit=limit, name=name, side=side: (
                f"{header} {shown(value)} of initiative {frame.at[row, INITIATIVE_ID]} is {side} the {name} "
                f"{shown(limit)}{_where(ctx, name)}: check the date, or the {name}"
            ),
        )
