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
from xl_tracker.results.inputs import Members, folded, output_frame, table

LEFT = "Left the programme"
NO_ONE_ON_ONE = "No one-on-one yet"
SEPARATOR = "; "


def _counts(member_ids: pd.Series, index: pd.Index) -> np.ndarray:
    return member_ids.value_counts().reindex(index, fill_value=0).to_numpy("int64")


def engagement_sheet(usable: dict[str, pd.DataFrame], members: Members, as_of: dt.date, max_days: int, min_strengths: int) -> pd.DataFrame:
    """One row per member on Members, in sheet order: the Engagement columns up to Flag (the programme's follow, from :mod:`.programme`)."""
    index = members.rows.index
    sessions = table(usable, SESSIONS)
    who = members.ids(sessions["Member ID"])
    attended = sessions["Attended"].astype("boolean").fillna(False).to_numpy(bool)
    kind = folded(sessions["Session type"])
    one_on_one = attended & (kind == ONE_ON_ONE.casefold()).to_numpy(bool)
    group = attended & kind.notna().to_numpy(bool) & ~one_on_one
    known = who.notna().to_numpy(bool)
    dates = pd.to_datetime(sessions["Session date"])
    last = (
        dates[one_on_one & known].groupby(who[one_on_one & known]).max().reindex(index).to_numpy("datetime64[ns]")
    )
    when = np.datetime64(pd.Timestamp(as_of).to_datetime64(), "ns")
    days = (when - last).astype("timedelta64[D]").astype(float)
    days[np.isnat(last)] = np.nan

    strengths_frame = table(usable, STRENGTHS)
    strength_ids = members.ids(strengths_frame["Member ID"])[strengths_frame["Strength"].notna().to_numpy(bool)]
    goals_frame = table(usable, GOALS)
    goal_ids = members.ids(goals_frame["Member ID"])[goals_frame["Goal ID"].notna().to_numpy(bool)]
    strengths = _counts(strength_ids.dropna(), index)

    exit_date = members.rows["Exit date"].to_numpy("datetime64[ns]")
    left = ~np.isnat(exit_date) & (exit_date < when)
    n = len(index)
    long_gap = days > max_days
    gap_text = ("No one-on-one for " + pd.Series(np.nan_to_num(days), dtype="int64").astype(str) + " days").to_numpy(object)
    gap = np.full(n, None, dtype=object)
    gap[long_gap] = gap_text[long_gap]
    gap[np.isnat(last)] = NO_ONE_ON_ONE
    gap[left] = LEFT
    few = np.full(n, None, dtype=object)
    few[strengths < min_strengths] = f"Fewer than {min_strengths} strengths"
    has_gap, has_few = pd.notna(gap), pd.notna(few)
    joined = np.where(has_gap, gap, "").astype(object) + np.where(has_gap & has_few, SEPARATOR, "").astype(object) + np.where(has_few, few, "").astype(object)
    flags = np.where(joined == "", None, joined)

    sheet = output_frame(
        {
            "member_id": index.to_numpy(object),
            "full_name": members.rows["Full name"].to_numpy(object),
            "one_on_one": _counts(who[one_on_one & known], index),
            "group": _counts(who[group & known], index),
            "last_one_on_one": pd.to_datetime(last),
            "days_since": days,
            "strengths": strengths,
            "goals": _counts(goal_ids.dropna(), index),
            "flag": flags.astype(object),
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
