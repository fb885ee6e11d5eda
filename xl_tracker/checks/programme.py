"""Rules about the programme's own sheets: Teams, Actions, and the task team an initiative names.

action-status-date (an action's Status and Done date disagree),
team-too-small (a team of fewer than two), owner-not-in-team and
team-not-task-team (an initiative's Team ID). Also the usable ``Task team``
of an initiative: the Member IDs typed there plus the Members of the team
its Team ID names, so that everything reading task teams (the SHARED-TEAM
overlap reason among them) sees one list, and a workbook that only types
Member IDs in Task team keeps working as before.

The rules read the usable tables, so IDs are already spelled as defined
and a cell found wrong earlier (an unknown Team ID) is left alone.
"""

from __future__ import annotations

import pandas as pd

from xl_tracker.contract import ACTION_STATUSES, ACTIONS, INITIATIVES, TEAM_KINDS, TEAMS

from .context import CheckContext, shown

TEAM_ID = TEAMS.column("Team ID").header
TEAM_KIND = TEAMS.column("Kind").header
TEAM_MEMBERS = TEAMS.column("Members").header
TASK_TEAM_KIND = TEAM_KINDS[0]
INITIATIVE_TEAM = INITIATIVES.column("Team ID").header
TASK_TEAM = INITIATIVES.column("Task team").header
OWNER = INITIATIVES.column("Owner").header
ACTION_STATUS = ACTIONS.column("Status").header
DONE_DATE = ACTIONS.column("Done date").header
OPEN, DONE, _DROPPED = ACTION_STATUSES
SMALLEST_TEAM = 2


def _members(cell: object) -> tuple[str, ...]:
    return tuple(cell) if isinstance(cell, (tuple, list)) else ()


def team_rows(ctx: CheckContext) -> dict[str, pd.Series]:
    """Each Team ID (as defined) -> its first row on Teams (the definition; a repeated ID is already an Error)."""
    teams = ctx.usable[TEAMS.name]
    if teams.empty or not ctx.present(TEAMS.name, TEAM_ID):
        return {}
    defined = teams[teams[TEAM_ID].notna()].drop_duplicates(TEAM_ID)
    return {str(row[TEAM_ID]): row for _, row in defined.iterrows()}


def fill_task_teams(ctx: CheckContext) -> None:
    """An initiative that names a Team ID gets that team's Members in its usable Task team (added after the typed IDs)."""
    frame = ctx.usable[INITIATIVES.name]
    if frame.empty or INITIATIVE_TEAM not in frame.columns:
        return
    teams = team_rows(ctx)
    named = frame[INITIATIVE_TEAM].notna().to_numpy(bool)
    for row in frame.index[named]:
        team = teams.get(str(frame.at[row, INITIATIVE_TEAM]))
        if team is None:
            continue
        typed = _members(frame.at[row, TASK_TEAM])
        joined = tuple(dict.fromkeys((*typed, *_members(team[TEAM_MEMBERS]))))
        frame.at[row, TASK_TEAM] = joined or None


def check_team_size(ctx: CheckContext) -> None:
    """team-too-small: a team whose Members cell names fewer than two members (a blank cell included)."""
    frame = ctx.usable[TEAMS.name]
    if frame.empty or not ctx.present(TEAMS.name, TEAM_MEMBERS):
        return
    typed = frame[TEAM_ID].notna().to_numpy(bool)
    sizes = frame[TEAM_MEMBERS].map(lambda cell: len(set(_members(cell))))
    # a Members cell in error (an unknown ID) is NA in the usable table: its size is not known, so no second issue
    known = ~frame[TEAM_MEMBERS].isna().to_numpy(bool) | ~ctx.data.sheets[TEAMS.name].values[TEAM_MEMBERS].notna().to_numpy(bool)
    small = frame.index[typed & known & (sizes < SMALLEST_TEAM).to_numpy(bool)]
    ctx.report_rows(
        "team-too-small", TEAMS.name, TEAM_MEMBERS, small,
        lambda row, value: (
            f"Team {shown(frame.at[row, TEAM_ID])} names {len(set(_members(value)))} member"
            f"{'' if len(set(_members(value))) == 1 else 's'} in {TEAM_MEMBERS}: a team needs at least {SMALLEST_TEAM}; "
            "add the Member IDs of everyone on it, separated by ';'"
        ),
    )


def check_initiative_teams(ctx: CheckContext) -> None:
    """owner-not-in-team and team-not-task-team, for every initiative whose Team ID is defined on Teams."""
    frame = ctx.usable[INITIATIVES.name]
    if frame.empty or not ctx.present(INITIATIVES.name, INITIATIVE_TEAM):
        return
    teams = team_rows(ctx)
    circle, outside = [], []
    for row in frame.index[frame[INITIATIVE_TEAM].notna().to_numpy(bool)]:
        team = teams.get(str(frame.at[row, INITIATIVE_TEAM]))
        if team is None:
            continue
        if isinstance(team[TEAM_KIND], str) and team[TEAM_KIND] != TASK_TEAM_KIND:
            circle.append(row)
        owner = frame.at[row, OWNER]
        listed = _members(team[TEAM_MEMBERS])
        if isinstance(owner, str) and listed and owner not in listed:
            outside.append(row)
    ctx.report_rows(
        "team-not-task-team", INITIATIVES.name, INITIATIVE_TEAM, circle,
        lambda row, value: (
            f"Team ID {shown(value)} is a {teams[str(value)][TEAM_KIND]} on the {TEAMS.name} sheet, not a {TASK_TEAM_KIND}: "
            f"name the initiative's task team, or set the team's Kind to {TASK_TEAM_KIND}"
        ),
    )
    ctx.report_rows(
        "owner-not-in-team", INITIATIVES.name, INITIATIVE_TEAM, outside,
        lambda row, value: (
            f"The Owner {shown(frame.at[row, OWNER])} is not among the Members of team {shown(value)} "
            f"({'; '.join(_members(teams[str(value)][TEAM_MEMBERS]))}): add the owner to the team on the {TEAMS.name} sheet, "
            "or correct the Team ID"
        ),
    )


def check_action_status(ctx: CheckContext) -> None:
    """action-status-date: Done without a Done date, or a Done date while the Status is Open (blank Status is Open)."""
    frame = ctx.usable[ACTIONS.name]
    if frame.empty or not ctx.present(ACTIONS.name, ACTION_STATUS, DONE_DATE):
        return
    status = frame[ACTION_STATUS]
    has_date = frame[DONE_DATE].notna().to_numpy(bool)
    undated = [
        row for row in frame.index[(status == DONE).to_numpy(bool) & ~has_date]
        if not ctx.in_error(ACTIONS.name, ctx.cell(ACTIONS.name, row, DONE_DATE))  # a Done date typed wrong is its own Error
    ]
    still_open = frame.index[(status == OPEN).to_numpy(bool) & has_date]
    ctx.report_rows(
        "action-status-date", ACTIONS.name, DONE_DATE, undated,
        lambda row, value: f"The action in row {row} is marked {DONE} but has no {DONE_DATE}: type the date it was done",
    )
    ctx.report_rows(
        "action-status-date", ACTIONS.name, ACTION_STATUS, still_open,
        lambda row, value: (
            f"The action in row {row} has a {DONE_DATE} {shown(frame.at[row, DONE_DATE])} but its Status is {shown(value)}: "
            f"set the Status to {DONE}, or clear the {DONE_DATE}"
        ),
    )
