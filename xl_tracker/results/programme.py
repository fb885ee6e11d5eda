"""The programme's own work, per member and per coach: cascading, teams, agreed actions, the next session, old offers.

Definitions (``docs/results.md``, "The programme's work", has them with the
worked example):

- **Cascades** and **People reached**: the member's rows on Cascading and the
  sum of their People reached (a blank or wrong People reached adds 0).
- **Teams**: the Team IDs on Teams whose Members name the member, in sheet order.
- **Actions**: the member's rows on Actions, except Dropped ones. **Due**: those
  whose Due date is on or before the As-of date; **Done**: Status Done;
  **Overdue**: Status Open (a blank Status is Open) and Due date before the
  As-of date.
- **Next session**: the Next session date of the member's latest session
  (by Session date) that names one. **Next session overdue (days)**: As-of
  date - Next session, when it is before the As-of date and no one-on-one
  attended on or after it; blank otherwise, and for a member who left.
- **Old offers and requests**: the member's rows on Offers & Requests (From)
  whose Status is Open (blank counts as Open) and whose Date is more than
  the *Days an offer or request stays open* setting before the As-of date.

The Coaches sheet groups the members by their Coach on Members (members
without a coach are left out): **Members** still in the programme (no Exit
date before the As-of date); **Recent one-on-ones**: one-on-one sessions
attended by those members within the last *Days without one-on-one* days up
to the As-of date; **Members overdue**: those members with no one-on-one
yet or none for more than *Days without one-on-one* days (the Engagement
sheet's own test); and the sums of their actions due, done, overdue and
overdue next sessions. Those sums include the members who left (their actions
stay agreed, due and done), while Members does not count them: the sheet
counts them beside Members, under **Left (actions counted)**, and the team
report says so under its table (:func:`coaches_note`) whenever a coached
member has left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_tracker.contract import (
    ACTION_STATUSES,
    ACTIONS,
    CASCADING,
    COACHES,
    MEMBERS,
    OFFERS_REQUESTS,
    ONE_ON_ONE,
    PROGRAMME_COLUMNS,
    SESSIONS,
    TEAMS,
)
from xl_tracker.results.inputs import Members, datetimes, folded_array, output_frame, table, yes_no

OPEN, DONE, DROPPED = (s.casefold() for s in ACTION_STATUSES)
OPEN_OFFER = "open"
NAT = np.iinfo(np.int64).min
"""NaT as int64 nanoseconds."""


def _count(member_ids: pd.Series, index: pd.Index) -> np.ndarray:
    return member_ids.dropna().value_counts().reindex(index, fill_value=0).to_numpy("int64")


def _as_of(as_of: dt.date) -> pd.Timestamp:
    return pd.Timestamp(as_of)


def _teams_of(usable: dict[str, pd.DataFrame], members: Members) -> dict[str, list[str]]:
    """Member ID -> the Team IDs whose Members name them, in Teams sheet order."""
    teams = table(usable, TEAMS)
    named: list[tuple[str, object]] = []  # (team, a listed member) for every team once: one look-up for all, not one per team
    seen: set[str] = set()
    for team_id, listed in zip(teams["Team ID"], teams["Members"]):
        if not isinstance(team_id, str) or team_id.casefold() in seen:
            continue
        seen.add(team_id.casefold())
        named.extend((team_id, member) for member in (listed if isinstance(listed, (tuple, list)) else ()))
    ids = members.ids(pd.Series([member for _, member in named], dtype=object)).tolist()
    found: dict[str, list[str]] = {}
    for team_id, member in dict.fromkeys((team_id, member) for (team_id, _), member in zip(named, ids)):
        if pd.notna(member):
            found.setdefault(member, []).append(team_id)
    return found


def _per_member(at: np.ndarray, size: int, weights: np.ndarray | None = None) -> np.ndarray:
    """Rows counted (or ``weights`` summed) per member position; ``at`` holds -1 for rows of no member."""
    mine = at >= 0
    return np.bincount(at[mine], weights=None if weights is None else weights[mine], minlength=size)


def _whole(sums: np.ndarray) -> np.ndarray:
    """Sums of whole numbers as int64 when every one is a whole number a float holds exactly (below 2**53), else as
    they are: the cast never wraps a sum past int64 to a negative count.

    The checks keep each People reached to 1,000,000 at most (out-of-range above), so a county's sums always fit.
    """
    fits = np.abs(sums) < 2**53  # NaN and infinity do not
    return sums.astype("int64") if fits.all() else sums


def _days(later: np.datetime64, earlier: np.ndarray) -> np.ndarray:
    """Whole days from each of ``earlier`` to ``later`` (as pandas' ``.dt.days``); 0 where a date is NaT, which callers mask."""
    with np.errstate(invalid="ignore"):
        return (later - earlier) // np.timedelta64(1, "D")


def _next_sessions(usable: dict[str, pd.DataFrame], members: Members, as_of: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Per member: the Next session date of the latest session naming one (NaT when none), and the days it is overdue (NaN when not).

    A loop over the session rows: a county has a few dozen, fewer than a
    sort and two groupbys cost to set up.
    """
    size = len(members.rows)
    sessions = table(usable, SESSIONS)
    who = members.positions(sessions["Member ID"]).tolist()
    dates = datetimes(sessions["Session date"])
    planned = datetimes(sessions["Next session date"])
    attended = (
        yes_no(sessions["Attended"])[1]
        & (folded_array(sessions["Session type"]) == ONE_ON_ONE.casefold())
    ).tolist()
    # Dates as int64 nanoseconds (NaT is the smallest int64), so the loop compares Python ints, not numpy scalars.
    latest_on, latest, last_attended = [NAT] * size, [NAT] * size, [NAT] * size
    for member, date, plan, went in zip(who, dates.view("int64").tolist(), planned.view("int64").tolist(), attended):
        if member < 0 or date == NAT:
            continue
        if plan != NAT and (latest_on[member] == NAT or date >= latest_on[member]):
            latest_on[member], latest[member] = date, plan
        if went and date > last_attended[member]:
            last_attended[member] = date
    latest = np.array(latest, dtype="int64").view("datetime64[ns]")
    last_attended = np.array(last_attended, dtype="int64").view("datetime64[ns]")
    when = np.datetime64(_as_of(as_of).to_datetime64(), "ns")
    exit_date = members.rows["Exit date"].to_numpy("datetime64[ns]")
    left = ~np.isnat(exit_date) & (exit_date < when)
    overdue = ~np.isnat(latest) & (latest < when) & ~(last_attended >= latest) & ~left
    days = np.where(overdue, _days(when, latest), np.nan).astype(float)
    return latest, days


def member_activity(usable: dict[str, pd.DataFrame], members: Members, as_of: dt.date, days_open: int) -> pd.DataFrame:
    """The programme columns of the Engagement sheet: one row per member on Members, in sheet order."""
    index = members.rows.index
    size = len(index)
    when = np.datetime64(_as_of(as_of).to_datetime64(), "ns")

    cascading = table(usable, CASCADING)
    cascader = members.positions(cascading["Member ID"])
    reached = pd.to_numeric(cascading["People reached"], errors="coerce").fillna(0).to_numpy(float)

    teams = _teams_of(usable, members)

    actions = table(usable, ACTIONS)
    actor = members.positions(actions["Member ID"])
    status = folded_array(actions["Status"], blank=OPEN)
    due = datetimes(actions["Due date"])
    kept = (actor >= 0) & (status != DROPPED)
    is_due = kept & ~np.isnat(due) & (due <= when)
    done = kept & (status == DONE)
    overdue = kept & (status == OPEN) & ~np.isnat(due) & (due < when)

    next_session, late_days = _next_sessions(usable, members, as_of)

    offers = table(usable, OFFERS_REQUESTS)
    maker = members.positions(offers["From"])
    open_offer = folded_array(offers["Status"], blank=OPEN_OFFER) == OPEN_OFFER
    made = datetimes(offers["Date"])
    old = (maker >= 0) & open_offer & ~np.isnat(made) & (_days(when, made) > days_open)

    frame = output_frame(
        {
            "coach": _coaches(table(usable, MEMBERS), index),
            "cascades": _per_member(cascader, size).astype("int64"),
            "people_reached": _whole(_per_member(cascader, size, reached)),
            "teams": np.array(["; ".join(teams[m]) if m in teams else None for m in index], dtype=object),
            "actions_agreed": _per_member(np.where(kept, actor, -1), size).astype("int64"),
            "actions_due": _per_member(np.where(is_due, actor, -1), size).astype("int64"),
            "actions_done": _per_member(np.where(done, actor, -1), size).astype("int64"),
            "actions_overdue": _per_member(np.where(overdue, actor, -1), size).astype("int64"),
            "next_session": pd.to_datetime(next_session),
            "next_session_overdue": late_days,
            "old_offers": _per_member(np.where(old, maker, -1), size).astype("int64"),
        }
    )
    assert tuple(frame.columns) == PROGRAMME_COLUMNS
    return frame


def _coaches(rows: pd.DataFrame, index: pd.Index) -> np.ndarray:
    """The Coach of each member: the first Members row whose Member ID is typed exactly as the ID (NaN when none)."""
    coach_of: dict[object, object] = {}
    for member, coach in zip(rows["Member ID"].to_numpy(object).tolist(), rows["Coach"].to_numpy(object).tolist()):
        coach_of.setdefault(member, coach)
    return np.array([coach_of.get(m, np.nan) for m in index.tolist()], dtype=object)


def _still_in(members: Members, when: pd.Timestamp) -> np.ndarray:
    """Per Members row: True unless the member's Exit date is before the As-of date."""
    exit_date = datetimes(members.rows["Exit date"])
    return ~(~np.isnat(exit_date) & (exit_date < when.to_datetime64()))


def _coach_of(engagement: pd.DataFrame) -> pd.Series:
    """Each Engagement row's coach, trimmed; None for a blank."""
    return engagement["coach"].map(lambda v: v.strip() if isinstance(v, str) and v.strip() else None)


def coached_exits(engagement: pd.DataFrame, members: Members, as_of: dt.date) -> tuple[str, ...]:
    """The Member IDs of members with a coach who left before the As-of date, in Members order.

    The Coaches sheet's action columns count their actions; its Members
    column (the caseload) does not count them.
    """
    left = ~_still_in(members, _as_of(as_of)) & _coach_of(engagement).notna().to_numpy(bool)
    return tuple(str(m) for m in engagement["member_id"].to_numpy(object)[left].tolist())


def coaches_note(left: tuple[str, ...] | list[str], ids: bool = True) -> str:
    """The sentence under the team report's table of coaches when coached members have left (``left``, from
    :func:`coached_exits`): Members counts those still in the programme, the action columns count the members who
    left too (the sheet's Left column). Blank when none has left. ``ids=False`` leaves their IDs out (a report that
    may not name them)."""
    if not left:
        return ""
    who = f"the {len(left)} member{'s' if len(left) != 1 else ''} who left"
    if ids:
        who += " (" + ", ".join(left) + ")"
    return f"Members counts each coach's members still in the programme; actions due, done and overdue also count those of {who}."


def coaches_sheet(engagement: pd.DataFrame, usable: dict[str, pd.DataFrame], members: Members, as_of: dt.date, window: int) -> pd.DataFrame:
    """One row per coach named on Members, in order of first appearance, from the Engagement rows (one per member)."""
    when = _as_of(as_of)
    active = _still_in(members, when)
    coach = _coach_of(engagement)
    overdue = active & (engagement["days_since"].isna() | (engagement["days_since"] > window)).to_numpy(bool)

    sessions = table(usable, SESSIONS)
    who = members.ids(sessions["Member ID"])
    dates = pd.to_datetime(sessions["Session date"])
    attended = yes_no(sessions["Attended"])[1]
    recent = (
        attended & (folded_array(sessions["Session type"]) == ONE_ON_ONE.casefold()) & who.notna().to_numpy(bool)
        & (dates > when - pd.Timedelta(days=window)).to_numpy(bool) & (dates <= when).to_numpy(bool)
    )
    recent_per_member = who[recent].value_counts().reindex(members.rows.index, fill_value=0).to_numpy("int64")

    frame = pd.DataFrame(
        {
            "coach": coach.to_numpy(object),
            "active": active,
            "recent": np.where(active, recent_per_member, 0),
            "overdue": overdue,
            "overdue_id": np.where(overdue, engagement["member_id"].to_numpy(object), None),
            "actions_due": engagement["actions_due"].to_numpy("int64"),
            "actions_done": engagement["actions_done"].to_numpy("int64"),
            "actions_overdue": engagement["actions_overdue"].to_numpy("int64"),
            "late_next": engagement["next_session_overdue"].notna().to_numpy(bool),
        }
    )
    frame = frame[frame["coach"].notna()]
    grouped = frame.groupby("coach", sort=False)
    sheet = output_frame(
        {
            "coach": np.asarray(list(grouped.groups), dtype=object),
            "members": grouped["active"].sum().to_numpy("int64"),
            "left": (grouped.size() - grouped["active"].sum()).to_numpy("int64"),
            "recent_one_on_ones": grouped["recent"].sum().to_numpy("int64"),
            "members_overdue": grouped["overdue"].sum().to_numpy("int64"),
            "overdue_members": np.asarray(
                [("; ".join(ids.dropna()) or None) for _, ids in grouped["overdue_id"]], dtype=object
            ),
            "actions_due": grouped["actions_due"].sum().to_numpy("int64"),
            "actions_done": grouped["actions_done"].sum().to_numpy("int64"),
            "actions_overdue": grouped["actions_overdue"].sum().to_numpy("int64"),
            "next_sessions_overdue": grouped["late_next"].sum().to_numpy("int64"),
        }
    )
    if sheet.empty:
        sheet = output_frame({k: np.array([], dtype=object) for k in COACHES.keys})
    assert tuple(sheet.columns) == COACHES.keys
    return sheet


@dataclass(frozen=True)
class ProgrammeTotals:
    """The CHMT's programme work in a few figures (the team report and the Dashboard), summed from the Engagement rows."""

    cascades: int
    people_reached: int
    members_cascading: int
    actions_agreed: int
    actions_due: int
    actions_done: int
    actions_overdue: int
    next_sessions_overdue: int
    old_offers: int


def programme_totals(engagement: pd.DataFrame) -> ProgrammeTotals:
    return ProgrammeTotals(
        cascades=int(engagement["cascades"].sum()),
        people_reached=int(engagement["people_reached"].sum()),
        members_cascading=int((engagement["cascades"] > 0).sum()),
        actions_agreed=int(engagement["actions_agreed"].sum()),
        actions_due=int(engagement["actions_due"].sum()),
        actions_done=int(engagement["actions_done"].sum()),
        actions_overdue=int(engagement["actions_overdue"].sum()),
        next_sessions_overdue=int(engagement["next_session_overdue"].notna().sum()),
        old_offers=int(engagement["old_offers"].sum()),
    )
