"""The reports' programme sections: cascading, agreed actions, teams, team agreements, coaches, commitment and change.

Every figure is the results' (the Engagement and Coaches rows, the
programme totals, the commitment summary), formatted here; the rows listed
(cascades, actions, teams, agreements) are the usable input rows as typed.
In the team report a member is named only where they may be (the Settings
and their consent): an agreement's other owners are counted, the coaches'
table carries no member at all, and the scatter's points carry no names.
"""

from __future__ import annotations

from collections.abc import Iterable

from xl_tracker.contract import ACTIONS, CASCADING, COACHES, ENGAGEMENT, TEAM_AGREEMENTS, TEAMS
from xl_tracker.reports import formats as fmt
from xl_tracker.reports.context.variables import (
    AgreedAction,
    Agreement,
    Cascade,
    CoachRow,
    Commitment,
    MemberProgramme,
    TeamMembership,
    TeamProgramme,
)
from xl_tracker.reports.context.view import ResultRow, RunView, clean, key_of, records, result_rows
from xl_tracker.reports.scatter_chart import ScatterChart
from xl_tracker.results.programme import coaches_note

WHOLE_CHMT = "the whole CHMT"
UNKNOWN_OWNERS = "owners to correct on the Issues sheet"


def _rows(view: RunView, sheet: str) -> list[dict]:
    return records(view.run.checks.usable.get(sheet))


def _ids(cell: object) -> list[str]:
    return [clean(v) for v in cell] if isinstance(cell, (tuple, list)) else []


def _by_date(rows: Iterable[dict], column: str) -> list[dict]:
    return sorted(rows, key=lambda r: (fmt.is_missing(r.get(column)), str(r.get(column) or "")))


def _team(row: dict) -> TeamMembership:
    return TeamMembership(clean(row.get("Team ID")), clean(row.get("Kind")), clean(row.get("Name")), clean(row.get("Purpose")))


def _agreements(view: RunView) -> list[dict]:
    """The usable Team agreements rows, each knowing whether its Owners cell was typed (an Owners cell in error is NA)."""
    frame = view.run.checks.usable.get(TEAM_AGREEMENTS.name)
    table = view.run.data.sheets.get(TEAM_AGREEMENTS.name)
    if frame is None or frame.empty:
        return []
    typed = table.values["Owners"].notna() if table is not None and not table.values.empty else frame["Owners"].notna()
    return [dict(r, owners_typed=bool(typed.get(row, False))) for row, r in zip(frame.index, records(frame))]


def _agreement(view: RunView, row: dict, may_name) -> Agreement:
    owners = _ids(row.get("Owners"))
    if not owners and row.get("owners_typed"):
        who = UNKNOWN_OWNERS
    elif not owners:
        who = WHOLE_CHMT
    else:
        named = [view.name_of(o) for o in owners if may_name(o)]
        hidden = len(owners) - len(named)
        who = ", ".join([*named, *([fmt.count_phrase(hidden, "other member")] if hidden else [])])
    return Agreement(clean(row.get("Kind")), clean(row.get("Agreement")), who, fmt.date(row.get("Date")), clean(row.get("Status")))


def member_programme(view: RunView, member: dict) -> MemberProgramme:
    """The member report's programme section."""
    key = key_of(member.get("Member ID"))
    row = view.engagement.get(key) or ResultRow(ENGAGEMENT)
    cascades = [
        Cascade(fmt.date(r.get("Date")), clean(r.get("Audience level")), fmt.whole(r.get("People reached")),
                clean(r.get("Tool or skill")), clean(r.get("Notes")))
        for r in _by_date((r for r in _rows(view, CASCADING.name) if key_of(r.get("Member ID")) == key), "Date")
    ]
    actions = [
        AgreedAction(fmt.date(r.get("Session date")), clean(r.get("Action")), fmt.date(r.get("Due date")),
                     fmt.date(r.get("Done date")) if not fmt.is_missing(r.get("Done date")) else "", clean(r.get("Status")))
        for r in _by_date((r for r in _rows(view, ACTIONS.name) if key_of(r.get("Member ID")) == key), "Session date")
    ]
    teams = [_team(r) for r in _rows(view, TEAMS.name) if key in {key_of(m) for m in _ids(r.get("Members"))}]
    agreements = _agreements(view)
    held = [r for r in agreements if key in {key_of(o) for o in _ids(r.get("Owners"))}]
    everyone = [r for r in agreements if not _ids(r.get("Owners")) and not r["owners_typed"]]
    overdue = row["next_session_overdue"]
    parts = [
        f"{fmt.count_phrase(len(cascades), 'cascade')} reaching {fmt.whole(row['people_reached']) or '0'} people",
        f"{fmt.whole(row['actions_done']) or '0'} of {fmt.whole(row['actions_due']) or '0'} actions due done"
        + (f", {fmt.whole(row['actions_overdue'])} overdue" if (fmt.number(row["actions_overdue"]) or 0) > 0 else ""),
    ]
    if not fmt.is_missing(overdue):
        parts.append(f"the next session agreed for {fmt.date(row['next_session'])} is {fmt.whole(overdue)} days overdue")
    return MemberProgramme(
        cascades=cascades,
        people_reached=fmt.whole(row["people_reached"]) or "0",
        actions=actions,
        actions_due=fmt.whole(row["actions_due"]) or "0",
        actions_done=fmt.whole(row["actions_done"]) or "0",
        actions_overdue=fmt.whole(row["actions_overdue"]) or "0",
        next_session=fmt.date(row["next_session"]) if not fmt.is_missing(row["next_session"]) else "–",
        next_session_overdue=fmt.whole(overdue) if not fmt.is_missing(overdue) else "",
        teams=teams,
        agreements=[_agreement(view, r, lambda _o: True) for r in [*held, *everyone]],
        sentence=(parts[0][0].upper() + "; ".join(parts)[1:] + ".") if parts else "",
    )


def team_programme(view: RunView, named_keys: set[str]) -> TeamProgramme:
    """The team report's programme section: totals, coaches, teams and agreements, names only where allowed."""
    totals = view.run.results.programme
    coaches = [
        CoachRow(clean(r["coach"]), fmt.whole(r["members"]), fmt.whole(r["left"]), fmt.whole(r["recent_one_on_ones"]),
                 fmt.whole(r["members_overdue"]), fmt.whole(r["actions_due"]), fmt.whole(r["actions_done"]),
                 fmt.whole(r["actions_overdue"]), fmt.whole(r["next_sessions_overdue"]))
        for r in result_rows(view.run.results.coaches, COACHES)
    ]
    left = view.run.results.coaches_left
    note = coaches_note(left, ids=all(key_of(m) in named_keys for m in left))  # IDs only where every one may be named
    figures = {k: str(getattr(totals, k)) if totals else "0" for k in (
        "cascades", "people_reached", "members_cascading", "actions_agreed", "actions_due", "actions_done",
        "actions_overdue", "next_sessions_overdue", "old_offers")}
    sentence = (
        f"{figures['members_cascading']} members cascaded tools and skills {figures['cascades']} times, reaching "
        f"{figures['people_reached']} people. Of {figures['actions_due']} agreed actions due, {figures['actions_done']} "
        f"are done and {figures['actions_overdue']} overdue; {figures['next_sessions_overdue']} members' next sessions are "
        f"overdue and {figures['old_offers']} offers or requests have stayed open too long."
    )
    return TeamProgramme(
        **figures,
        sentence=sentence,
        coaches=coaches,
        coaches_note=note,
        teams=[_team(r) for r in _rows(view, TEAMS.name) if clean(r.get("Team ID"))],
        agreements=[_agreement(view, r, lambda o: key_of(o) in named_keys) for r in _agreements(view)],
    )


def commitment(view: RunView) -> tuple[Commitment, ScatterChart]:
    """Commitment and change as the results word it, and its scatter (no names: a point is a score and a change)."""
    summary = view.run.results.commitment
    frame = view.run.results.engagement
    score, change = ENGAGEMENT.column("engagement_score"), ENGAGEMENT.column("mean_change")
    points = frame.loc[:, [score.key, change.key]].dropna().sort_values(score.key, kind="stable")
    chart = ScatterChart(
        f"Commitment and change (n = {summary.n})",
        tuple(float(v) for v in points[score.key]), tuple(float(v) for v in points[change.key]),
        score.header, change.header,
    )
    return Commitment(
        finding=summary.finding, n=str(summary.n), rho=fmt.plain(summary.rho) if summary.rho is not None else "–",
        made_of=summary.score_made_of, caution=summary.caution,
    ), chart
