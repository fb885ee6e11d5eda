"""Rules about when progress is entered: no-recent-progress, progress-after-end, outside-programme.

An initiative is *active* on the As-of date when it has started, has not
ended (Start date <= As-of date <= End date) and its Status is neither
Completed nor Dropped. Dates of progress in the future (after the As-of
date) are ``future-date``'s.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from xl_tracker.contract import INITIATIVES, MEASURES, PROGRESS, SETTINGS, SETTINGS_BY_NAME

from .context import CheckContext, first_rows, shown, take

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
NAT = np.iinfo(np.int64).min
"""NaT as int64 nanoseconds."""
DAY = 86_400 * 10**9
"""A day in nanoseconds."""


def _where(ctx: CheckContext, name: str) -> str:
    """`` (Settings B15)``: where a setting's value is, or nothing when the Settings sheet does not list it."""
    cell = ctx.settings.cells.get(name)
    return f" ({SETTINGS.name} {cell})" if cell else ""


class DatedProgress(NamedTuple):
    """Per Progress row with a usable date and measure: its Excel row, date, initiative and its measure's Target date."""

    rows: np.ndarray
    date: np.ndarray
    initiative: np.ndarray
    """The measure's Initiative ID as typed (object); None where the measure is not defined."""
    target_date: np.ndarray


def _measure_initiative(ctx: CheckContext) -> DatedProgress:
    """The Progress rows with a usable date and measure, as plain arrays.

    Arrays rather than a filtered copy of the Progress table: two rules
    read them, and on a county's small sheets copying and indexing frames
    cost more than the work.
    """
    progress = ctx.usable[PROGRESS.name]
    measures = ctx.usable[MEASURES.name]
    if progress.empty or measures.empty or not ctx.present(MEASURES.name, MEASURE_ID, MEASURE_INITIATIVE):
        nat = np.array([], dtype="datetime64[ns]")
        return DatedProgress(np.array([], dtype="int64"), nat, np.array([], dtype=object), nat)
    dates = progress[PROGRESS_DATE].to_numpy("datetime64[ns]")
    ids = progress[PROGRESS_MEASURE].to_numpy(object)
    dated = ~np.isnat(dates) & ~pd.isna(ids)
    at = first_rows(measures[MEASURE_ID], ids[dated])
    return DatedProgress(
        progress.index.to_numpy("int64")[dated],
        dates[dated],
        take(measures[MEASURE_INITIATIVE], at, None),
        take(measures[TARGET_DATE], at, np.datetime64("NaT", "ns")).astype("datetime64[ns]"),
    )


def check_recent_progress(ctx: CheckContext) -> None:
    """An active initiative whose last progress value (or Start date, before any) is more than N days before the As-of date."""
    days = ctx.settings.days_without_progress
    initiatives = ctx.usable[INITIATIVES.name]
    if days <= 0 or initiatives.empty or not ctx.present(PROGRESS.name, PROGRESS_MEASURE, PROGRESS_DATE):
        return
    if not ctx.present(MEASURES.name, MEASURE_ID, MEASURE_INITIATIVE):
        return  # progress cannot be traced to its initiative: the missing sheet or column is the issue
    as_of = pd.Timestamp(ctx.settings.as_of_date)
    when_ns = int(np.datetime64(as_of.to_datetime64(), "ns").view("int64"))
    starts = initiatives[START].to_numpy("datetime64[ns]")
    ends = initiatives[END].to_numpy("datetime64[ns]")
    active = (
        initiatives[INITIATIVE_ID].notna().to_numpy(bool) & (starts <= as_of.to_datetime64()) & (ends >= as_of.to_datetime64())
        & ~initiatives[STATUS].isin(CLOSED).to_numpy(bool)
    )
    if not active.any():
        return
    # The latest progress date per initiative, and each active initiative's idle days, in plain Python over int64
    # nanoseconds: a county's few dozen rows cost a groupby, a reindex and Series arithmetic more than the work.
    progress = _measure_initiative(ctx)
    last: dict[object, int] = {}
    for initiative, day in zip(progress.initiative.tolist(), progress.date.view("int64").tolist()):
        if not pd.isna(initiative) and day != NAT:
            last[initiative] = max(last.get(initiative, day), day)
    ids = initiatives[INITIATIVE_ID].to_numpy(object).tolist()
    start_ns = starts.view("int64").tolist()
    for n in np.flatnonzero(active).tolist():
        latest = last.get(ids[n], NAT)
        since = latest if latest != NAT and latest > start_ns[n] else start_ns[n]
        idle = (when_ns - since) // DAY
        if idle <= days:
            continue
        row = initiatives.index[n]
        initiative, start = ids[n], initiatives.at[row, START]
        when = pd.NaT if latest == NAT else pd.Timestamp(np.datetime64(latest, "ns"))
        if pd.isna(when):
            what = f"has no progress value since it started on {shown(start)}, {idle} days ago"
        elif when < start:
            what = f"has no progress value since it started on {shown(start)}, {idle} days ago (the last is dated {shown(when)})"
        else:
            what = f"has no progress value since {shown(when)}, {idle} days ago"
        ctx.report(
            "no-recent-progress", INITIATIVES.name, ctx.cell(INITIATIVES.name, row, INITIATIVE_ID),
            f"Initiative {initiative} ({initiatives.at[row, TITLE]}) runs to {shown(initiatives.at[row, END])} but {what}, "
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
    if not len(progress.rows):
        return
    at = first_rows(initiatives[INITIATIVE_ID], progress.initiative)
    ends = take(initiatives[END], at, np.datetime64("NaT", "ns")).astype("datetime64[ns]")
    target = progress.target_date
    dates = progress.date
    with np.errstate(invalid="ignore"):
        late = (dates > ends) & ~(dates <= target)
    late &= ~np.isnat(ends) & (dates <= np.datetime64(ctx.settings.as_of_date, "ns"))  # later still is future-date's
    if not late.any():
        return
    rows = progress.rows[late].tolist()
    found = dict(zip(rows, zip(progress.initiative[late].tolist(), initiatives.index.to_numpy()[at[late]].tolist(), pd.DatetimeIndex(progress.target_date[late]).tolist())))
    ctx.report_rows(
        "progress-after-end", PROGRESS.name, PROGRESS_DATE, rows,
        lambda row, value: _after_end_message(ctx, value, *found[row]),
    )


def _after_end_message(ctx: CheckContext, value: object, initiative: str, row: int, target_date: object) -> str:
    end = ctx.usable[INITIATIVES.name].at[row, END]
    cell = ctx.cell(INITIATIVES.name, row, END)
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
