"""Rules across the rows of the Assessments sheet.

duplicate-assessment (one row per member, round and rater), round-order (a
later round dated before an earlier one), self-coach-gap (self and coach
scores of one item two or more points apart) and unknown-item-column (a
column headed like an item code that the Indicators sheet does not define).
They run after the IDs, rounds and raters were rewritten to their defined
spelling, so ``m01``/``M01`` and ``self``/blank/``Self`` are the same row key.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from xl_tracker.contract import ASSESSMENTS, INDICATORS, RATERS

from .context import CheckContext, shown
from .suggest import IdSuggester, did_you_mean

MEMBER_ID = ASSESSMENTS.column("Member ID").header
ROUND = ASSESSMENTS.column("Round").header
DATE = ASSESSMENTS.column("Date").header
RATER = ASSESSMENTS.column("Rater").header
SELF, COACH = RATERS[0], RATERS[1]
GAP = 2
"""Self and coach scores this far apart or more are worth a conversation."""

ITEM_CODE_SHAPE = re.compile(r"[A-Za-z]+\d+")
"""Letters then digits (``TOOLS6``, ``NETWRKS2``): what an item code looks like."""

SHEET = ASSESSMENTS.name
ITEM_CODE = INDICATORS.column("Item code").header


def check_duplicates(ctx: CheckContext) -> None:
    """A second row for the same member, round and rater: its Member ID is reported and the row is unusable."""
    frame = ctx.usable[SHEET]
    if frame.empty or not ctx.present(SHEET, MEMBER_ID, ROUND):
        return
    keys = frame[[MEMBER_ID, ROUND, RATER]].dropna()
    if keys.empty:
        return
    repeated = keys.duplicated(keep="first").to_numpy()
    if not repeated.any():
        return
    first_row = {tuple(k): int(r) for r, k in zip(keys.index[~repeated], keys[~repeated].itertuples(index=False))}
    ctx.report_rows(
        "duplicate-assessment", SHEET, MEMBER_ID, keys.index[repeated],
        lambda row, value: (
            f"{value} already has a {frame.at[row, RATER]} assessment for {frame.at[row, ROUND]} in row "
            f"{first_row[(frame.at[row, MEMBER_ID], frame.at[row, ROUND], frame.at[row, RATER])]}: "
            f"delete one of the two rows, or correct its {MEMBER_ID}, {ROUND} or {RATER}"
        ),
    )


def check_round_order(ctx: CheckContext) -> None:
    """A row dated before the latest date of an earlier round of the same member."""
    frame = ctx.usable[SHEET]
    if frame.empty or not ctx.present(SHEET, MEMBER_ID, ROUND, DATE):
        return
    order = {r: n for n, r in enumerate(ctx.settings.rounds)}
    # Per member and round the latest date; a row is early when dated before the latest date of an
    # *earlier* round of its member. Plain passes over the columns: a county's sheet is small, and
    # the groupby and merge this needs cost more than the comparing.
    rows = [
        (row, member, order[round_], date)
        for row, member, round_, date in zip(frame.index.tolist(), frame[MEMBER_ID].tolist(), frame[ROUND].tolist(), frame[DATE].tolist())
        if not (_missing(member) or _missing(round_) or _missing(date)) and round_ in order
    ]
    if not rows:
        return
    latest: dict[object, dict[int, object]] = {}
    for _row, member, n, date in rows:
        theirs = latest.setdefault(member, {})
        if n not in theirs or date > theirs[n]:
            theirs[n] = date
    before: dict[tuple[object, int], object] = {}  # (member, round) -> the latest date of the member's earlier rounds
    for member, theirs in latest.items():
        so_far = None
        for n in sorted(theirs):
            if so_far is not None:
                before[(member, n)] = so_far
            so_far = theirs[n] if so_far is None or theirs[n] > so_far else so_far
    early = [row for row, member, n, date in rows if (member, n) in before and date < before[(member, n)]]
    if not early:
        return
    dated = frame[[MEMBER_ID, ROUND, DATE]].dropna()
    dated = dated.assign(_order=dated[ROUND].map(order)).dropna(subset=["_order"])
    rounds = ctx.settings.rounds
    earlier_of: dict[int, tuple[str, object, int]] = {}
    for row in early:
        earlier_of[row] = _latest_earlier(dated, frame.at[row, MEMBER_ID], order[frame.at[row, ROUND]], frame.at[row, DATE])
    ctx.report_rows(
        "round-order", SHEET, DATE, list(earlier_of),
        lambda row, value: (
            f"This {frame.at[row, ROUND]} assessment of {frame.at[row, MEMBER_ID]} is dated {shown(value)}, before its "
            f"{earlier_of[row][0]} assessment of {shown(earlier_of[row][1])} (row {earlier_of[row][2]}), but rounds follow "
            f"the order {', '.join(rounds)}: check this Date or the {ROUND}"
        ),
    )


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _latest_earlier(dated: pd.DataFrame, member: str, order_n: int, date: pd.Timestamp) -> tuple[str, object, int]:
    """(round, date, row) of the member's latest-dated row of an earlier round that is dated after ``date``."""
    earlier = dated[(dated[MEMBER_ID] == member) & (dated["_order"] < order_n) & (dated[DATE] > date)]
    row = earlier[DATE].idxmax()
    return str(earlier.at[row, ROUND]), earlier.at[row, DATE], int(row)


def check_self_coach_gap(ctx: CheckContext) -> None:
    """Self and Coach scores of one member, round and item two or more apart: reported at the Coach score."""
    frame = ctx.usable[SHEET]
    codes = [c for c in ctx.item_codes if c in ctx.table(SHEET).columns]
    if frame.empty or not codes or not ctx.present(SHEET, MEMBER_ID, ROUND):
        return
    # Pairs (coach row, self row) of one member and round, coach rows in sheet order: a dict, not a merge,
    # because a county's few dozen rows cost pandas' merge more than the pairing itself.
    keyed = (frame[MEMBER_ID].notna() & frame[ROUND].notna()).to_numpy(bool).tolist()
    member_of, round_of = frame[MEMBER_ID].to_numpy(object).tolist(), frame[ROUND].to_numpy(object).tolist()
    rater_of = frame[RATER].to_numpy(object).tolist()
    own: dict[tuple[object, object], list[int]] = {}
    for at, (ok, rater) in enumerate(zip(keyed, rater_of)):
        if ok and rater == SELF:
            own.setdefault((member_of[at], round_of[at]), []).append(at)
    coach_at: list[int] = []
    self_at: list[int] = []
    for at, (ok, rater) in enumerate(zip(keyed, rater_of)):
        if ok and rater == COACH:
            for mine in own.get((member_of[at], round_of[at]), ()):
                coach_at.append(at)
                self_at.append(mine)
    if not coach_at:
        return
    scores = frame[codes].to_numpy(dtype="float64")
    coach_scores, self_scores = scores[coach_at], scores[self_at]
    with np.errstate(invalid="ignore"):
        apart = np.abs(coach_scores - self_scores) >= GAP
    at, item = np.nonzero(apart)
    excel_rows = frame.index.to_numpy().tolist()
    coach_rows, self_rows = [excel_rows[i] for i in coach_at], [excel_rows[i] for i in self_at]
    members, rounds = [member_of[i] for i in coach_at], [round_of[i] for i in coach_at]
    letters = [ctx.cell(SHEET, 1, code)[:-1] for code in codes]
    # Scores reaching here passed check_scores, so they are whole numbers.
    for i, j in zip(at.tolist(), item.tolist()):
        mine, theirs = int(self_scores[i, j]), int(coach_scores[i, j])
        ctx.report(
            "self-coach-gap", SHEET, f"{letters[j]}{coach_rows[i]}",
            f"{members[i]} scored {codes[j]} {mine} at {rounds[i]} (self, cell {letters[j]}{self_rows[i]}) and the coach "
            f"scored it {theirs}: {abs(theirs - mine)} points apart; talk it through and check both scores",
            theirs,
        )


def check_item_columns(ctx: CheckContext) -> None:
    """Extra Assessments columns headed like an item code (letters then digits) that Indicators does not define."""
    table = ctx.table(SHEET)
    if not table.present or not ctx.present(INDICATORS.name, ITEM_CODE):
        return  # without the item codes every item column would be unknown: the missing sheet or column is the issue
    suggest = IdSuggester(ctx.item_codes)
    for header in table.extra_columns:
        if not ITEM_CODE_SHAPE.fullmatch(header):
            continue
        hint = suggest(header)
        ctx.report(
            "unknown-item-column", SHEET, ctx.header_cell(SHEET, header),
            f"Column '{header}' looks like an item code, but no item {header} is on the {INDICATORS.name} sheet, "
            f"so its scores are not used: add the item on {INDICATORS.name} or correct the header."
            + did_you_mean([hint] if hint else [], quote=False),
            header,
        )
