"""Rules about one cell on its own: required, unknown-choice, not-whole, out-of-range (a score off the scale, a number off its column's range).

Also the usable table's defaults that the contract gives for blank cells
(``Rater`` blank is ``Self``, ``Weight`` blank is 1) and the rewriting of
choices to the contract's spelling (``one-on-one`` is ``One-on-one``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_tracker.cells import show
from xl_tracker.contract import ACTION_STATUSES, ACTIONS, ASSESSMENTS, INDICATORS, INPUT_SHEETS, RATERS, Column, Kind

from .context import CheckContext, found_columns, missing, shown
from .suggest import did_you_mean, suggest_choice

RATER = ASSESSMENTS.column("Rater").header
WEIGHT = INDICATORS.column("Weight").header
ACTION_STATUS = ACTIONS.column("Status").header


def check_required(ctx: CheckContext) -> None:
    """A blank required cell, in a row that holds something else (blank rows were skipped by the reader)."""
    for spec in INPUT_SHEETS:
        frame = ctx.usable[spec.name]
        if frame.empty:
            continue
        for column in found_columns(ctx, spec.name, spec.required):
            blank = pd.isna(frame[column.header].to_numpy())  # on the array: Series.isna costs more than the test
            if not blank.any():
                continue
            hint = f" ({column.help})" if column.help else ""
            ctx.report_rows(
                "required", spec.name, column.header, frame.index[blank],
                lambda row, value, h=column.header, hint=hint: f"{h} is blank in row {row} but is required: fill it in{hint}",
            )


def check_choices(ctx: CheckContext) -> None:
    """Values outside a column's choice list; the rest are rewritten to the contract's spelling."""
    for spec in INPUT_SHEETS:
        frame = ctx.usable[spec.name]
        if frame.empty:
            continue
        for column in found_columns(ctx, spec.name, spec.columns):
            if column.kind is not Kind.CHOICE or not column.choices:
                continue
            unknown = rewrite_choices(frame, column.header, column.choices)
            listed = ", ".join(column.choices)
            ctx.report_rows(
                "unknown-choice", spec.name, column.header, unknown,
                lambda row, value, h=column.header, choices=column.choices, listed=listed: (
                    f"{h} '{shown(value)}' is not in the list: pick one of {listed}."
                    + did_you_mean(suggest_choice(str(value), choices))
                ),
            )


def rewrite_choices(frame: pd.DataFrame, header: str, choices: tuple[str, ...]) -> list[int]:
    """Rewrite ``header`` to the spelling of ``choices`` (case-insensitive); return the rows whose value is none of them."""
    # Most cells hold a choice spelled exactly: only the others are case-folded and looked up. Plain Python,
    # since a county's columns are a few dozen cells, fewer than pandas' isin and string methods cost to set up.
    allowed = set(choices)
    lookup = {c.casefold(): c for c in choices}
    rows = frame.index.tolist()
    changed: list[int] = []
    spelled: list[str] = []
    unknown: list[int] = []
    for at, value in enumerate(frame[header].tolist()):
        if (isinstance(value, str) and value in allowed) or missing(value):
            continue
        text = str(value)
        canonical = lookup.get(text.casefold())
        if canonical is None:
            unknown.append(rows[at])
        elif canonical != text:
            changed.append(rows[at])
            spelled.append(canonical)
    if changed:
        frame.loc[changed, header] = np.array(spelled, dtype=object)
    return unknown


def check_scores(ctx: CheckContext) -> None:
    """Item scores: a whole number from Scale minimum to Scale maximum (out-of-range first, then not-whole)."""
    sheet = ASSESSMENTS.name
    frame = ctx.usable[sheet]
    codes = [c for c in ctx.item_codes if c in ctx.table(sheet).columns]
    if frame.empty or not codes:
        return
    lo, hi = ctx.settings.scale_min, ctx.settings.scale_max
    scores = frame[codes].to_numpy(dtype="float64")
    with np.errstate(invalid="ignore"):
        below = scores < lo
        above = scores > hi
        fraction = ~(below | above) & ~np.isnan(scores) & (np.mod(scores, 1) != 0)
    to_type = f"type a whole number from {lo} to {hi}, or leave it blank if not answered"
    for mask, rule, words in (
        (below, "out-of-range", f"is below the scale minimum {lo}"),
        (above, "out-of-range", f"is above the scale maximum {hi}"),
        (fraction, "not-whole", "is not a whole number"),
    ):
        rows_at, cols_at = np.nonzero(mask)
        for j in np.unique(cols_at):
            rows = frame.index[rows_at[cols_at == j]]
            code = codes[j]
            ctx.report_rows(
                rule, sheet, code, rows,
                lambda row, value, code=code, words=words: f"Score {shown(value)} for {code} {words}: {to_type}",
            )


def check_ranges(ctx: CheckContext) -> None:
    """Numbers outside their column's range (:attr:`~xl_tracker.contract.Column.bounds`).

    A negative Duration or Weight, a Weight above 1000, People reached
    outside 1 to 1000000, and any number beyond ``NUMBER_LIMIT`` (1e15) either
    side of 0: a typo the results could only overflow on. Item scores are
    :func:`check_scores`' (the scale of the Settings).
    """
    for spec in INPUT_SHEETS:
        frame = ctx.usable[spec.name]
        if frame.empty:
            continue
        for column in found_columns(ctx, spec.name, spec.columns):
            if column.kind not in (Kind.NUMBER, Kind.WHOLE):
                continue
            lo, hi = column.bounds
            values = frame[column.header].to_numpy(dtype="float64")
            with np.errstate(invalid="ignore"):
                low, high = values < lo, values > hi
            ctx.report_rows("out-of-range", spec.name, column.header, frame.index[low], _below(column))
            ctx.report_rows("out-of-range", spec.name, column.header, frame.index[high], _above(column))


def _range_words(column: Column) -> str:
    lo, hi = column.bounds
    kind = "whole number" if column.kind is Kind.WHOLE else "number"
    return f"type a {kind} from {show(lo)} to {show(hi)}"


def _below(column: Column):
    h, m = column.header, column.bounds[0]
    if column.minimum is None:
        return lambda row, value: f"{h} {shown(value)} is below {show(m)}, beyond any value the tracking tool can use: check the value"
    fix = _range_words(column) if column.maximum is not None else f"type {show(m)} or more"
    if m == 0:
        return lambda row, value: f"{h} {shown(value)} is negative: {fix}"
    return lambda row, value: f"{h} {shown(value)} is below {show(m)}: {fix}"


def _above(column: Column):
    h, m = column.header, column.bounds[1]
    if column.maximum is None:
        return lambda row, value: f"{h} {shown(value)} is above {show(m)}, beyond any value the tracking tool can use: check the value"
    return lambda row, value: f"{h} {shown(value)} is above {show(m)}: {_range_words(column)}"


def check_whole_numbers(ctx: CheckContext) -> None:
    """Counts that must be whole (a whole-number column other than an item score, e.g. People reached)."""
    for spec in INPUT_SHEETS:
        frame = ctx.usable[spec.name]
        if frame.empty:
            continue
        for column in found_columns(ctx, spec.name, spec.columns):
            if column.kind is not Kind.WHOLE:
                continue
            values = frame[column.header].to_numpy(dtype="float64")
            with np.errstate(invalid="ignore"):
                fraction = ~np.isnan(values) & (np.mod(values, 1) != 0)
            ctx.report_rows(
                "not-whole", spec.name, column.header, frame.index[fraction],
                lambda row, value, h=column.header: f"{h} {shown(value)} is not a whole number: type a whole number, e.g. 25",
            )


def fill_defaults(ctx: CheckContext) -> None:
    """Blank cells the contract gives a value: Rater is Self, Weight is 1, an action's Status is Open."""
    for sheet, header, default in (
        (ASSESSMENTS.name, RATER, RATERS[0]), (INDICATORS.name, WEIGHT, 1.0), (ACTIONS.name, ACTION_STATUS, ACTION_STATUSES[0]),
    ):
        frame = ctx.usable[sheet]
        if frame.empty or header not in frame.columns:
            continue
        blank = frame.index[frame[header].isna().to_numpy()]
        rows = [r for r in blank if not _in_error(ctx, sheet, r, header)]
        if rows:
            frame.loc[rows, header] = default


def _in_error(ctx: CheckContext, sheet: str, row: int, header: str) -> bool:
    """True when the cell holds an Error: it stays NA rather than take the default."""
    return header in ctx.table(sheet).columns and ctx.in_error(sheet, ctx.cell(sheet, row, header))
