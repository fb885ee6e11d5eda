"""Engagement per member: sessions attended, the last one-on-one, strengths, goals and a flag.

A session counts when Attended is Yes: a One-on-one as one-on-one, every
other type as group (a session whose type is blank or was an error counts
as neither). Days since last one-on-one = As-of date - the date of the
latest attended One-on-one (blank if none). Strengths and Goals count the
member's rows on those sheets (every goal, whatever its Status).

Flag, the parts joined by ``; `` (blank when none applies):

- ``Left the programme`` when the Exit date is before the As-of date; it
  replaces the one-on-one flags, which no longer apply;
- otherwise ``No one-on-one yet`` when no One-on-one was attended, or
  ``No one-on-one for N days`` when N > Days without one-on-one;
- ``Fewer than M strengths`` when the member names fewer than Minimum strengths (M).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_tracker.contract import ENGAGEMENT, GOALS, ONE_ON_ONE, SESSIONS, STRENGTHS
from xl_tracker.results.inputs import Members, datetimes, folded_list, output_frame, table, yes_no

LEFT = "Left the programme"
NO_ONE_ON_ONE = "No one-on-one yet"
SEPARATOR = "; "


def _counts(at: np.ndarray, mask: np.ndarray, size: int) -> np.ndarray:
    """Rows counted per member position (``at`` from :meth:`Members.positions`, -1 for no member) where ``mask`` holds."""
    return np.bincount(at[(at >= 0) & mask], minlength=size).astype("int64")


def engagement_sheet(usable: dict[str, pd.DataFrame], members: Members, as_of: dt.date, max_days: int, min_strengths: int) -> pd.DataFrame:
    """One row per member on Members, in sheet order: the Engagement columns up to Flag (the programme's follow, from :mod:`.programme`).

    Counts are ``np.bincount`` over member positions and the last one-on-one
    a loop: a county's few dozen sessions cost less that way than grouped Series.
    """
    index = members.rows.index
    n = len(index)
    sessions = table(usable, SESSIONS)
    who = members.positions(sessions["Member ID"])
    attended = yes_no(sessions["Attended"])[1]
    kind = folded_list(sessions["Session type"])
    one_on_one = attended & np.array([k == ONE_ON_ONE.casefold() for k in kind], dtype=bool)
    group = attended & np.array([k is not None for k in kind], dtype=bool) & ~one_on_one
    dates = datetimes(sessions["Session date"])
    nat = np.iinfo(np.int64).min  # NaT as int64 nanoseconds: the loop compares Python ints, not numpy scalars
    latest = [nat] * n
    for member, date, counted in zip(who.tolist(), dates.view("int64").tolist(), one_on_one.tolist()):
        if counted and member >= 0 and date > latest[member]:
            latest[member] = date
    last = np.array(latest, dtype="int64").view("datetime64[ns]")
    when = np.datetime64(pd.Timestamp(as_of).to_datetime64(), "ns")
    days = (when - last).astype("timedelta64[D]").astype(float)
    days[np.isnat(last)] = np.nan

    strengths_frame = table(usable, STRENGTHS)
    strengths = _counts(members.positions(strengths_frame["Member ID"]), strengths_frame["Strength"].notna().to_numpy(bool), n)
    goals_frame = table(usable, GOALS)
    goals = _counts(members.positions(goals_frame["Member ID"]), goals_frame["Goal ID"].notna().to_numpy(bool), n)

    exit_date = members.rows["Exit date"].to_numpy("datetime64[ns]")
    left = (~np.isnat(exit_date) & (exit_date < when)).tolist()
    few = f"Fewer than {min_strengths} strengths"
    flags = []
    for member in range(n):
        if left[member]:
            gap = LEFT
        elif np.isnat(last[member]):
            gap = NO_ONE_ON_ONE
        elif days[member] > max_days:
            gap = f"No one-on-one for {int(days[member])} days"
        else:
            gap = None
        flags.append(SEPARATOR.join(part for part in (gap, few if strengths[member] < min_strengths else None) if part) or None)

    sheet = output_frame(
        {
            "member_id": index.to_numpy(object),
            "full_name": members.rows["Full name"].to_numpy(object),
            "one_on_one": _counts(who, one_on_one, n),
            "group": _counts(who, group, n),
            "last_one_on_one": pd.to_datetime(last),
            "days_since": days,
            "strengths": strengths,
            "goals": goals,
            "flag": np.array(flags, dtype=object),
        }
    )
    assert tuple(sheet.columns) == ENGAGEMENT.keys[: len(sheet.columns)]
    return sheet


@dataclass(frozen=True)
class EngagementTotals:
    """The team's engagement in a few figures (the team report's overview), from the Engagement rows."""

    members: int
    one_on_one: int
    group: int
    without_one_on_one: int
    flagged: int
    median_days_since: float | None
    """Median days since the last one-on-one over the members who had one; None when nobody had one."""


def engagement_totals(sheet: pd.DataFrame) -> EngagementTotals:
    """Sums, counts and the median over the Engagement rows (one per member)."""
    days = sheet["days_since"].dropna()
    return EngagementTotals(
        members=len(sheet),
        one_on_one=int(sheet["one_on_one"].sum()),
        group=int(sheet["group"].sum()),
        without_one_on_one=int((sheet["one_on_one"] == 0).sum()),
        flagged=int(sheet["flag"].notna().sum()),
        median_days_since=float(days.median()) if len(days) else None,
    )
