"""What every family of rules shares while a workbook is checked.

The rules read and rewrite the *usable* tables (copies of what the reader
produced, so ``WorkbookData`` itself is never changed) and add issues here.
One promise holds the pieces together: a cell that gets an Error is set to NA
in its usable table, so results never use a value a person was told is wrong.
Rules run as column operations; only the cells they flag become Python
objects, which keeps checking a 100,000-cell workbook a matter of milliseconds.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from xl_tracker.cells import a1, show
from xl_tracker.contract import ERROR, RULES_BY_ID, Column
from xl_tracker.issues import Issue, issue
from xl_tracker.settings import Settings
from xl_tracker.tables import SheetTable, UsableTables, WorkbookData


def plain(value: object) -> object:
    """A value as an issue stores it: Python types, whole numbers as ``int``, dates as ``date``, lists as text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    return value


def missing(value: object) -> bool:
    """None, NaN, NaT or NA: what pandas' ``isna`` calls missing, for one cell."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def shown(value: object) -> str:
    """A value the way a coach would type it: ``7``, ``15/03/2026``, ``M01``."""
    value = plain(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    return show(value)


class CheckContext:
    """The usable tables of one workbook, the issues found so far and the cells already in error."""

    def __init__(self, data: WorkbookData) -> None:
        self.data = data
        self.settings: Settings = data.settings
        self.item_codes: tuple[str, ...] = tuple(data.item_codes)
        self.usable: UsableTables = data.usable_copy()
        self.issues: list[Issue] = []
        self.error_cells: set[tuple[str, str]] = {(i.sheet, i.cell) for i in data.issues if i.is_error and i.cell}
        """(sheet, A1) of every cell already reported as an Error, so no rule reports it twice."""

    def table(self, sheet: str) -> SheetTable:
        return self.data.sheets[sheet]

    def present(self, sheet: str, *headers: str) -> bool:
        """True when the sheet was found and every header in ``headers`` was found on it."""
        table = self.data.sheets.get(sheet)
        return bool(table is not None and table.present and all(h in table.columns for h in headers))

    def cell(self, sheet: str, row: int, header: str) -> str:
        return self.data.sheets[sheet].cell(int(row), header)

    def header_cell(self, sheet: str, header: str) -> str:
        """A1 address of a column's header cell (for rules about a whole column)."""
        table = self.data.sheets[sheet]
        col = table.columns.get(header, table.extra_columns.get(header))
        return a1(table.header_row, col) if col is not None else ""

    def in_error(self, sheet: str, cell: str) -> bool:
        return (sheet, cell) in self.error_cells

    def report(self, rule: str, sheet: str, cell: str, message: str, value: object = None, severity: str | None = None) -> None:
        found = issue(rule, sheet, cell, message, plain(value), severity)
        self.issues.append(found)
        if found.is_error and cell:
            self.error_cells.add((sheet, cell))

    def report_rows(
        self,
        rule: str,
        sheet: str,
        header: str,
        rows: Iterable[int],
        message: Callable[[int, object], str],
        *,
        blank_out: bool | None = None,
    ) -> None:
        """Report ``rule`` at ``header`` for each Excel row in ``rows``; an Error also sets the cell to NA.

        ``message(row, value)`` writes the message from the row number and the
        value in the cell. Cells already in error are left alone, so one cell
        never carries two Errors.
        """
        rows = [int(r) for r in rows]
        if not rows:
            return
        error = blank_out if blank_out is not None else _is_error(rule)
        values = self.usable[sheet][header].loc[rows].tolist()
        flagged: list[int] = []
        for row, value in zip(rows, values):
            cell = self.cell(sheet, row, header)
            if error and self.in_error(sheet, cell):
                continue
            self.report(rule, sheet, cell, message(row, value), value)
            flagged.append(row)
        if error and flagged:
            self.set_na(sheet, header, flagged)

    def set_na(self, sheet: str, header: str, rows: Iterable[int]) -> None:
        """Set the usable cells of ``header`` in ``rows`` to the column's NA, keeping its dtype."""
        frame = self.usable[sheet]
        rows = list(rows)
        if not rows:
            return
        dtype = frame[header].dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            frame.loc[rows, header] = pd.NaT
        elif pd.api.types.is_float_dtype(dtype):
            frame.loc[rows, header] = np.nan
        elif isinstance(dtype, pd.BooleanDtype):
            frame.loc[rows, header] = pd.NA
        else:
            frame.loc[rows, header] = None


def _is_error(rule: str) -> bool:
    return RULES_BY_ID[rule].severity == ERROR


def found_columns(ctx: CheckContext, sheet: str, columns: Iterable[Column]) -> list[Column]:
    """The columns of ``columns`` that were found on the sheet (the rest are NA and already reported)."""
    table = ctx.data.sheets.get(sheet)
    if table is None or not table.present:
        return []
    return [c for c in columns if c.header in table.columns]


def first_rows(ids: pd.Series, wanted: pd.Series | np.ndarray) -> np.ndarray:
    """Position in ``ids`` of the defining (first) row of each ID in ``wanted``; -1 where it is not defined.

    A dictionary of first positions, one pass over each column: cheaper than
    an index look-up both on a county's hundred rows and on 16,000 progress
    rows, and far cheaper than reindexing whole tables.
    """
    values = ids.to_numpy(object)
    first: dict[object, int] = {}
    for n, (value, blank) in enumerate(zip(values.tolist(), pd.isna(values).tolist())):
        if not blank:
            first.setdefault(value, n)
    return np.array([first.get(w, -1) for w in np.asarray(wanted, dtype=object).tolist()], dtype="int64")


def take(values: pd.Series, at: np.ndarray, blank: object) -> np.ndarray:
    """``values`` at the positions ``at``; ``blank`` where a position is -1."""
    taken = values.to_numpy()[np.where(at >= 0, at, 0)] if len(values) else np.full(len(at), blank)
    return np.where(at >= 0, taken, blank)
