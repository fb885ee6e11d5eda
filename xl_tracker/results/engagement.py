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
    """One row per member on Members, in sheet order."""
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
            "Member ID": index.to_numpy(object),
            "Full name": members.rows["Full name"].to_numpy(object),
            "One-on-one sessions": _counts(who[one_on_one & known], index),
            "Group sessions": _counts(who[group & known], index),
            "Last one-on-one": pd.to_datetime(last),
            "Days since last one-on-one": days,
            "Strengths": strengths,
            "Goals": _counts(goal_ids.dropna(), index),
            "Flag": flags.astype(object),
        }
    )
    assert tuple(sheet.columns) == ENGAGEMENT.headers
    return sheet
