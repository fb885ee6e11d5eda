"""Rules about dates: date-order (an end before its start) and future-date.

``future-date`` concerns only dates of things that have happened (an
assessment, an attended session, a progress value, an offer or request, a
measure's baseline); a planned date such as ``Next session date`` or ``Due
date`` may well be after the As-of date.
"""

from __future__ import annotations

import pandas as pd

from xl_tracker.contract import (
    ACTIONS,
    ASSESSMENTS,
    CASCADING,
    INITIATIVES,
    MEASURES,
    MEMBERS,
    OFFERS_REQUESTS,
    PROGRESS,
    SESSIONS,
    SETTINGS,
    SETTINGS_BY_NAME,
    TEAM_AGREEMENTS,
    TEAMS,
)

from .context import CheckContext, shown

AS_OF_SETTING = SETTINGS_BY_NAME["As-of date"].name
ATTENDED = SESSIONS.column("Attended").header

DATE_PAIRS = (
    (INITIATIVES.name, INITIATIVES.column("Start date").header, INITIATIVES.column("End date").header),
    (MEMBERS.name, MEMBERS.column("Start date").header, MEMBERS.column("Exit date").header),
    (TEAMS.name, TEAMS.column("Start date").header, TEAMS.column("End date").header),
    (ACTIONS.name, ACTIONS.column("Session date").header, ACTIONS.column("Due date").header),
    (ACTIONS.name, ACTIONS.column("Session date").header, ACTIONS.column("Done date").header),
)
"""(sheet, start, end): the end must not come before the start; the end cell is the one reported."""

HAPPENED_DATES = (
    (ASSESSMENTS.name, ASSESSMENTS.column("Date").header, "an assessment"),
    (SESSIONS.name, SESSIONS.column("Session date").header, "an attended session"),
    (PROGRESS.name, PROGRESS.column("Date").header, "a progress value"),
    (OFFERS_REQUESTS.name, OFFERS_REQUESTS.column("Date").header, "an offer or request"),
    (MEASURES.name, MEASURES.column("Baseline date").header, "a baseline measurement"),
    (CASCADING.name, CASCADING.column("Date").header, "a cascade"),
    (ACTIONS.name, ACTIONS.column("Session date").header, "the session an action was agreed at"),
    (ACTIONS.name, ACTIONS.column("Done date").header, "an action done"),
    (TEAM_AGREEMENTS.name, TEAM_AGREEMENTS.column("Date").header, "an agreement"),
)
"""(sheet, column, what it dates): dates of things that have happened, never after the As-of date."""


def check_date_order(ctx: CheckContext) -> None:
    for sheet, start, end in DATE_PAIRS:
        if not ctx.present(sheet, start, end):
            continue
        frame = ctx.usable[sheet]
        if frame.empty:
            continue
        before = frame.index[(frame[end] < frame[start]).to_numpy()]
        ctx.report_rows(
            "date-order", sheet, end, before,
            lambda row, value, frame=frame, sheet=sheet, start=start, end=end: (
                f"{end} {shown(value)} is before the {start} {shown(frame.at[row, start])} "
                f"(cell {ctx.cell(sheet, row, start)}): correct one of the two dates"
            ),
        )


def check_future_dates(ctx: CheckContext) -> None:
    as_of = ctx.settings.as_of_date
    limit = pd.Timestamp(as_of)
    if ctx.settings.as_of_is_default:
        where = f"today's date {shown(as_of)} (the {AS_OF_SETTING} on the {SETTINGS.name} sheet is blank)"
    else:
        cell = ctx.settings.cells.get(AS_OF_SETTING)
        where = f"the {AS_OF_SETTING} {shown(as_of)}" + (f" ({SETTINGS.name} {cell})" if cell else "")
    for sheet, header, what in HAPPENED_DATES:
        if not ctx.present(sheet, header):
            continue
        frame = ctx.usable[sheet]
        if frame.empty:
            continue
        late = (frame[header] > limit).to_numpy().copy()
        if sheet == SESSIONS.name:
            late &= frame[ATTENDED].fillna(False).to_numpy(dtype=bool)
        ctx.report_rows(
            "future-date", sheet, header, frame.index[late],
            lambda row, value, header=header, what=what: (
                f"{header} {shown(value)} is after {where}, but {what} cannot be in the future: "
                f"check the date (or the {AS_OF_SETTING})"
            ),
        )
