"""Rules about a member as a whole, reported at the member's row on the Members sheet."""

from __future__ import annotations

from xl_tracker.contract import MEMBERS, STRENGTHS

from .context import CheckContext

MEMBER_ID = MEMBERS.column("Member ID").header
STRENGTH_MEMBER = STRENGTHS.column("Member ID").header


def check_strengths(ctx: CheckContext) -> None:
    """few-strengths: a member names fewer strengths on Strengths than the Minimum strengths setting."""
    minimum = ctx.settings.min_strengths
    members = ctx.usable[MEMBERS.name]
    if minimum <= 0 or members.empty or not ctx.present(STRENGTHS.name, STRENGTH_MEMBER):
        return
    counts = ctx.usable[STRENGTHS.name][STRENGTH_MEMBER].value_counts()
    ids = members[MEMBER_ID].dropna()
    named = ids.map(counts).fillna(0).astype(int)
    few = named < minimum
    for row, member in ids[few].items():
        n = int(named.at[row])
        ctx.report(
            "few-strengths", MEMBERS.name, ctx.cell(MEMBERS.name, row, MEMBER_ID),
            f"{member} names {n} strength{'s' if n != 1 else ''} on the {STRENGTHS.name} sheet, fewer than the "
            f"Minimum strengths {minimum}: add {minimum - n} more (one row each)",
            member,
        )
