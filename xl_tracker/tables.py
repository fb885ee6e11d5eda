"""The input tables as read: one typed table per input sheet, each value knowing its cell.

Written by the reader (from a file or from a book open in Excel) and read by
the checks and the results. It sits below both, so that validating and
computing never need the reader, its zip or its spreadsheet libraries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from xl_tracker.cells import a1
from xl_tracker.contract import Column, InputSheet
from xl_tracker.issues import Issue
from xl_tracker.settings import Settings


@dataclass
class SheetTable:
    """One input sheet as read.

    ``values`` has one column per contract column (Assessments: plus one per
    item code, between Rater and Notes), in contract order, missing columns
    all blank. Its index is the Excel row number, so ``cell(row, header)``
    gives the A1 address of any value. Missing values are NA (``pd.isna``):
    NaN for numbers, NaT for dates, ``<NA>`` for yes-no, ``None`` otherwise.
    Dates are ``datetime64`` at midnight; lists of IDs are tuples.
    """

    spec: InputSheet
    found_as: str | None = None
    header_row: int = 0
    columns: dict[str, int] = field(default_factory=dict)
    """Contract header (or item code) -> 0-based column index where it was found."""
    extra_columns: dict[str, int] = field(default_factory=dict)
    """Other non-blank headers of the header row -> 0-based column index."""
    values: pd.DataFrame = field(default_factory=pd.DataFrame)
    column_specs: tuple[Column, ...] = ()

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def present(self) -> bool:
        return self.found_as is not None

    def cell(self, row: int, header: str) -> str:
        """A1 address of the value in Excel row ``row`` under ``header`` (the header cell's column)."""
        col = self.columns.get(header)
        if col is None:
            return ""
        return a1(row, col)

    def row_cell(self, row: int) -> str:
        """A1 address of a row as a whole: its first read column (for rules about a whole row or member)."""
        if not self.columns:
            return ""
        return a1(row, min(self.columns.values()))


def frame_of_arrays(arrays: list, columns: list[str], index: pd.Index) -> pd.DataFrame:
    """A frame of ready columns (numpy arrays, or pandas' own arrays), each kept as it is: text stays ``object``.

    Made by pandas' own constructor for ready arrays (``DataFrame._from_arrays``,
    which ``from_records`` uses too) without its per-column checks and
    inference. The public constructor turns a column of text into pandas 3's
    ``str`` dtype, column by column, which cost four times the frame on a
    county's small tables, and gave a text column a dtype that depends on
    the pandas release and on whether the column is blank. The tables as
    read, the Overlaps frame and the result tables of ``output_frame`` are
    made here, text as ``object`` with ``None`` for a blank. ``_from_arrays`` is private: should a pandas
    release drop it, the public constructor gives the same frame (a test
    removes it and compares), only slower.
    """
    from_arrays = getattr(pd.DataFrame, "_from_arrays", None)
    if from_arrays is None:
        return pd.DataFrame(
            {name: pd.Series(values, index=index, dtype=values.dtype, copy=False) for name, values in zip(columns, arrays)},
            index=index, columns=pd.Index(columns),
        )
    return from_arrays(arrays, columns=pd.Index(columns), index=index, verify_integrity=False)


class UsableTables(dict):
    """The usable tables of one workbook (sheet name -> table, :class:`~xl_tracker.checks.CheckResult`), and where each
    table's columns are on its sheet (``columns``: sheet name -> :attr:`SheetTable.columns`).

    The places travel with the tables rather than in each frame's ``attrs``:
    pandas deep-copies ``attrs`` into the result of every operation on a
    frame, which cost about 4 % of a county's read and run (instruction
    counts); results that point at a cell look the places up here
    (:func:`sheet_places`).
    """

    def __init__(self, tables: dict[str, pd.DataFrame] | None = None, columns: dict[str, dict[str, int]] | None = None) -> None:
        super().__init__(tables or {})
        self.columns: dict[str, dict[str, int]] = dict(columns or {})


def sheet_places(usable: dict[str, pd.DataFrame], sheet: str) -> dict[str, int]:
    """Header -> 0-based sheet column where the reader found it; empty when ``usable`` does not know (tables put
    together from several workbooks, or made by hand), and then a header's column is its place in the table."""
    return getattr(usable, "columns", {}).get(sheet, {})


@dataclass
class WorkbookData:
    """Everything read from one workbook: the input tables, the settings and the reading issues."""

    path: Path | None
    sheets: dict[str, SheetTable]
    settings: Settings
    issues: list[Issue]
    sheet_names: list[str]
    item_codes: tuple[str, ...]

    def __getitem__(self, sheet: str) -> SheetTable:
        return self.sheets[sheet]

    def usable_copy(self) -> UsableTables:
        """Every table as read, copied, with where its columns are: what the checks start from and make usable."""
        return UsableTables({n: t.values.copy() for n, t in self.sheets.items()}, {n: t.columns for n, t in self.sheets.items()})
