"""Read a tracking-tool workbook file into typed tables in which every value knows its cell.

python-calamine reads the cells (cached values of formulas included); the
OOXML layer adds what calamine cannot see (error cells, formulas saved
without a result). The contract's reading rules apply: the named table or
else the header row within the first 10 rows, headers matched ignoring case,
spaces, ``*`` and order (a header repeated is reported, and only its first
column read), extra columns kept but ignored, blank rows skipped, text
trimmed, numbers and dates typed as text read with a warning. Output sheets
and the user's own sheets are not read. The file is opened for reading only.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import threading
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from xl_tracker.cells import a1, coerce_column, column_letters, is_blank, show, split_a1
from xl_tracker.contract import (
    ASSESSMENTS,
    INDICATORS,
    INPUT_SHEETS,
    LEVEL_HEADER,
    MEMBERS,
    SETTINGS,
    Column,
    InputSheet,
    Kind,
    header_key,
    scale_levels,
    sheet_columns,
)
from xl_tracker.errors import UnreadableWorkbook
from xl_tracker.issues import Issue, issue
from xl_tracker.ooxml.package import PackageReader, open_checked_workbook
from xl_tracker.ooxml.sheet_reach import Box, Reach, core_box, reach
from xl_tracker.ooxml.cell_text import cell_texts
from xl_tracker.ooxml.uncalculated import formula_cells_without_result
from xl_tracker.ooxml.worksheet_cells import error_cells
from xl_tracker.settings import read_settings
from xl_tracker.tables import SheetTable, WorkbookData, frame_of_arrays

HEADER_SEARCH_ROWS = 10
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
"""Excel's sheet size."""
GRID_CELLS = 1_000_000
"""Cells of a sheet's grid (from A1 to its last filled cell) read without question; beyond it, at most
:data:`GRID_CELLS_PER_FILLED` per filled cell: one value far out must not make the grid billions of cells."""
GRID_CELLS_PER_FILLED = 4
PREFETCH_BYTES = 2_000_000
"""Input sheets' XML (unpacked) from which a second thread reads sheets: below it, opening the
workbook a second time costs more than the thread saves (a 25-member county is 0.4 MB, 1,000 members about 15 MB)."""
OUTSIDE_LISTED = 20
"""Values outside a table reported one by one; the rest in one issue. Likewise formulas without a result in otherwise blank rows."""

_EPOCH = dt.date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min
"""numpy's integer for NaT."""
_DTYPES = {Kind.NUMBER: "float64", Kind.WHOLE: "float64", Kind.DATE: "datetime64[ns]", Kind.YES_NO: "boolean"}


def _find_sheet(spec: InputSheet, names: list[str], table_sheets: dict[str, str]) -> str | None:
    if spec.name in names:
        return spec.name
    key = header_key(spec.name).replace(" ", "")
    for name in names:
        if header_key(name).replace(" ", "") == key:
            return name
    return table_sheets.get(spec.table.casefold())


TableRow = int | Callable[[], int | None] | None
"""A table's 0-based header row, or a function that asks for it (a round trip to Excel), or None."""


def _header_row(grid: list[list[object]], wanted: dict[str, str], required: set[str], table_row: TableRow) -> tuple[int, dict[str, int], dict[str, int]]:
    """(0-based header row, found columns, extra columns); row -1 when no row holds any known header.

    A ``table_row`` given as a function is asked only when the table's row
    could change the answer (:func:`_table_row_may_decide`).
    """

    def match(r: int) -> tuple[dict[str, int], dict[str, int]]:
        found: dict[str, int] = {}
        extra: dict[str, int] = {}
        for c, v in enumerate(grid[r]):
            if is_blank(v):
                continue
            name = wanted.get(header_key(v))
            if name is not None and name not in found:
                found[name] = c
            elif name is None:
                extra[" ".join(str(v).split())] = c
        return found, extra

    if callable(table_row):
        table_row = table_row() if _table_row_may_decide(grid, wanted, required) else None
    if table_row is not None and table_row < len(grid):
        found, extra = match(table_row)
        if required <= found.keys():
            return table_row, found, extra
    best = (-1, {}, {})
    for r in range(min(HEADER_SEARCH_ROWS, len(grid))):
        found, extra = match(r)
        if required <= found.keys() and found:
            return r, found, extra
        if len(found) > len(best[1]):
            best = (r, found, extra)
    return best


def _table_row_may_decide(grid: list[list[object]], wanted: dict[str, str], required: set[str]) -> bool:
    """Whether a table's header row can pick another row than the search of the first rows does.

    It is taken only when it holds every required header; so it decides
    only when such a row lies below the searched rows or more than one row
    holds them all. Otherwise the answer is the same without it, and the
    open book in Excel is not asked for the table's address (a round trip
    per table).
    """
    if not required:
        return True
    keys: dict[tuple[type, object], str | None] = {}
    full = []
    for r, row in enumerate(grid):
        names = set()
        for v in row:
            if is_blank(v):
                continue
            key = (type(v), v)
            if key not in keys:
                keys[key] = wanted.get(header_key(v))
            if keys[key] in required:
                names.add(keys[key])
        if len(names) == len(required):
            full.append(r)
            if len(full) > 1 or r >= HEADER_SEARCH_ROWS:
                return True
    return False


def _filled(value: object) -> bool:
    """Not blank: calamine gives "" for an empty cell; a cell of spaces is blank too."""
    return value != "" and value is not None and not (type(value) is str and value.isspace())


def _series(col: Column, values: list[object]):
    """One column's typed values as the array the frame is built from.

    Built with numpy directly (not through a Series each): a county has
    about a hundred columns and this was most of the reader's time. The
    arrays are those a Series of the column's dtype would hold (None is
    NaN, NaT or masked), so the frame is the same.
    """
    n = len(values)
    if col.kind is Kind.DATE:
        # Days since 1970 from each date's ordinal, NaT's integer for a blank: numpy's own conversion of
        # date objects is ten times slower than this on a 20,000-row column.
        days = np.fromiter((_NAT if d is None else d.toordinal() - _EPOCH for d in values), dtype=np.int64, count=n)
        return days.view("datetime64[D]").astype("datetime64[ns]")
    if col.kind in (Kind.NUMBER, Kind.WHOLE):
        return np.array(values, dtype="float64")
    if col.kind is Kind.YES_NO:
        return pd.arrays.BooleanArray(
            np.fromiter((v is True for v in values), dtype=bool, count=n),
            np.fromiter((v is None for v in values), dtype=bool, count=n),
        )
    return np.fromiter(values, dtype=object, count=n)  # element by element: a tuple of IDs stays one value


def _empty_values(columns: tuple[Column, ...]) -> pd.DataFrame:
    """An empty sheet's frame: a copy of one made once per column set (a county has a dozen empty sheets)."""
    return _empty_frame(columns).copy()


@functools.lru_cache(maxsize=64)
def _empty_frame(columns: tuple[Column, ...]) -> pd.DataFrame:
    frame = pd.DataFrame({c.header: pd.Series([], dtype=_DTYPES.get(c.kind, "object")) for c in columns})
    frame.index = pd.Index([], dtype="int64", name="row")
    return frame


def read_sheet(
    spec: InputSheet,
    grid: list[list[object]],
    found_as: str,
    item_codes: tuple[str, ...] = (),
    errors: dict[str, str] | None = None,
    table_row: TableRow = None,
    levels: tuple[int, ...] = (),
    uncalculated: dict[str, str] | None = None,
) -> tuple[SheetTable, list[Issue]]:
    """Read one input sheet from its cell grid (row 0 = Excel row 1, column 0 = A).

    ``errors`` are the sheet's error cells (A1 -> ``#N/A``) and
    ``uncalculated`` its formula cells saved without a result (A1 -> the
    formula), both of which the grid shows as blank.
    """
    columns = sheet_columns(spec, item_codes, levels)
    wanted = {c.key: c.header for c in columns}
    required = {c.header for c in columns if c.required}
    table = SheetTable(spec, found_as, column_specs=columns)
    issues: list[Issue] = []
    hr, found, extra = _header_row(grid, wanted, required, table_row)
    if hr < 0:
        hr = 0
    table.header_row = hr + 1
    table.columns = found
    table.extra_columns = extra
    width = max((len(r) for r in grid[hr : hr + 1]), default=0)
    for col in columns:
        if col.required and col.header not in found:
            where = a1(hr + 1, max([width, *[c + 1 for c in found.values()]]))
            issues.append(
                issue(
                    "missing-column", spec.name, where,
                    f"Required column '{col.header}' is missing from the header row (row {hr + 1}) of {spec.name}: add it, e.g. in cell {where}",
                    col.header,
                )
            )
    body = grid[hr + 1 :]
    issues.extend(_repeated_headers(spec, grid[hr] if hr < len(grid) else [], hr, wanted, found, body))
    no_result = _without_result(uncalculated, hr, found)
    if errors:
        for ref, text in errors.items():
            r, c = split_a1(ref)
            i = r - hr - 2
            if 0 <= i < len(body) and c in found.values():
                row = body[i]
                if c >= len(row):
                    row.extend([""] * (c + 1 - len(row)))
                row[c] = text
    read_cols = list(found.values())
    body_width = min((len(row) for row in body), default=0)
    if read_cols and max(read_cols) < body_width:
        # Column by column, each time only over the rows still blank: the first column read
        # (usually the ID) settles almost every row, so this is one pass, not one per cell.
        filled = [False] * len(body)
        pending = list(range(len(body)))
        for c in read_cols:
            still = []
            for i in pending:
                if _filled(body[i][c]):
                    filled[i] = True
                else:
                    still.append(i)
            pending = still
            if not pending:
                break
        keep = [i for i, f in enumerate(filled) if f]
    else:
        keep = [i for i, row in enumerate(body) if any(c < len(row) and _filled(row[c]) for c in read_cols)]
    excel_rows = [hr + 2 + i for i in keep]
    issues.extend(_no_result_issues(spec, no_result, found, set(excel_rows)))
    every_row = len(keep) == len(body)
    data: dict[str, list[object]] = {}
    for col in columns:
        c = found.get(col.header)
        if c is None:
            data[col.header] = [None] * len(keep)
            continue
        if c < body_width:
            raw = list(map(itemgetter(c), body))
            if not every_row:
                raw = [raw[i] for i in keep]
        else:
            raw = [body[i][c] if c < len(body[i]) else None for i in keep]
        typed, problems = coerce_column(col, raw)
        for p in problems:
            issues.append(issue(p.rule, spec.name, a1(excel_rows[p.position], c), p.message, p.value))
        data[col.header] = typed
    if excel_rows:
        frame = frame_of_arrays(
            [_series(col, data[col.header]) for col in columns], [col.header for col in columns],
            pd.Index(np.array(excel_rows, dtype=np.int64), name="row"),
        )
    else:
        frame = _empty_values(columns)
    table.values = frame
    return table, issues


def _repeated_headers(
    spec: InputSheet, header: list[object], hr: int, wanted: dict[str, str], found: dict[str, int], body: list[list[object]]
) -> list[Issue]:
    """One issue per column whose header repeats a known header found in an earlier column (only the first is read).

    A Warning when the repeat holds no value the column read does not (a
    copy, or blank): deleting it loses nothing. An Error when a row holds
    another value there: the workbook then says two things for one column and
    the results take the first. The advice never asks to delete values that
    differ.
    """
    found_issues = []
    for c, v in enumerate(header):
        if is_blank(v):
            continue
        name = wanted.get(header_key(v))
        first = found.get(name) if name is not None else None
        if first is None or first == c:
            continue
        here, there = column_letters(c), column_letters(first)
        shown_header = " ".join(str(v).split())
        differs = next(
            (
                (i, row[c] if c < len(row) else "", row[first] if first < len(row) else "")
                for i, row in enumerate(body)
                if _differ(row[c] if c < len(row) else "", row[first] if first < len(row) else "")
            ),
            None,
        )
        if differs is None:
            message = (
                f"Column {here} repeats the header '{shown_header}' of column {there} and holds no value that differs from it; only column {there} is read: "
                f"delete column {here} or give it a header of its own"
            )
            severity = "Warning"
        else:
            i, value, read = differs
            row = hr + 2 + i
            value_text = show(value.strip() if type(value) is str else value)
            read_text = show(read.strip() if type(read) is str else read) if _filled(read) else "blank"
            message = (
                f"Column {here} repeats the header '{shown_header}' of column {there}, but holds other values ({here}{row} is {value_text}, "
                f"{there}{row} is {read_text}); only column {there} is read, so the values in {here} are not used: "
                f"move the ones that are right into column {there}, or give column {here} a header of its own"
            )
            severity = "Error"
        found_issues.append(issue("repeated-column", spec.name, a1(hr + 1, c), message, shown_header, severity=severity))
    return found_issues


def _differ(repeat: object, read: object) -> bool:
    """The repeat's cell holds a value the read column's does not (a blank repeat holds nothing to lose)."""
    if not _filled(repeat):
        return False
    if not _filled(read):
        return True
    a, b = repeat, read
    if type(a) is str and type(b) is str:
        return a.strip() != b.strip()
    return a != b


def _without_result(uncalculated: dict[str, str] | None, hr: int, found: dict[str, int]) -> list[tuple[int, int, str]]:
    """(Excel row, column, formula) of the formula cells without a result in the columns read, below the header, in sheet order.

    Below the grid's last row too: a grid ends at its last value, and such cells have none.
    """
    if not uncalculated:
        return []
    read = set(found.values())
    cells = []
    for ref, formula in uncalculated.items():
        r, c = split_a1(ref)
        if c in read and r > hr + 1:
            cells.append((r, c, formula))
    return sorted(cells)


def _no_result_issues(spec: InputSheet, cells: list[tuple[int, int, str]], found: dict[str, int], rows_read: set[int]) -> list[Issue]:
    """An Error at each formula cell saved without a result: its value is unknown, not blank.

    Every such cell of a row read is reported (so that no rule calls it
    blank). In a row otherwise blank (skipped), the first few are reported
    one by one and the rest in one issue: a generated sheet may hold a
    formula down every empty row.
    """
    if not cells:
        return []
    headers = {c: name for name, c in found.items()}
    fix = "open the workbook in Excel or LibreOffice and save it, then refresh (or type the value instead of the formula)"
    out = []
    skipped = []
    for r, c, formula in cells:
        if r in rows_read or len(skipped) < OUTSIDE_LISTED:
            out.append(
                issue(
                    "formula-no-result", spec.name, a1(r, c),
                    f"{headers[c]} holds {_formula_shown(formula)} with no saved result (the file was saved by a program "
                    f"that does not calculate), so its value is unknown: {fix}",
                    formula or None,
                )
            )
            if r not in rows_read:
                skipped.append((r, c))
        else:
            skipped.append((r, c))
    if len(skipped) > OUTSIDE_LISTED:
        r, c = skipped[OUTSIDE_LISTED]
        rest = len(skipped) - OUTSIDE_LISTED
        out.append(
            issue(
                "formula-no-result", spec.name, a1(r, c),
                f"{rest:,} more cells from {a1(r, c)} on, in rows otherwise blank, hold formulas with no saved result: {fix}",
            )
        )
    return out


def _formula_shown(formula: str) -> str:
    """``the formula =1/0`` for a message; a long formula cut short (the issue's value keeps it whole)."""
    if not formula:
        return "a formula"
    return f"the formula {formula if len(formula) <= 60 else formula[:59] + '…'}"


def _settings_rows(table: SheetTable, grid: list[list[object]]) -> list[tuple[str, object, str]]:
    """(name, raw value, value cell) per Settings row; raw so that numbers and dates keep their type."""
    name_col = table.columns.get("Setting")
    value_col = table.columns.get("Value")
    if name_col is None or value_col is None:
        return []
    rows = []
    for excel_row, name in table.values["Setting"].items():
        if name is None:
            continue
        row = grid[excel_row - 1]
        raw = row[value_col] if value_col < len(row) else None
        rows.append((str(name), raw, a1(excel_row, value_col)))
    return rows


def _item_codes(indicators: SheetTable) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for code in indicators.values["Item code"]:
        if isinstance(code, str) and code and code.casefold() not in seen:
            seen[code.casefold()] = code
    return tuple(seen.values())


@dataclass
class WorkbookSource:
    """What the reader needs from a workbook, whether a file on disk or a book open in Excel.

    ``read_workbook`` makes one from a file (python-calamine and the OOXML
    layer); :mod:`xl_tracker.excel` makes one from an xlwings Book. Both are
    then read by the same :func:`read_source`, so the ribbon and the command
    line see a workbook alike.
    """

    path: Path | None
    sheet_names: list[str]
    """Every sheet, in workbook order."""
    worksheet_names: list[str]
    """The worksheets among them (chart sheets left out)."""
    tables: dict[str, tuple[str, TableRow]]
    """Excel Table name (casefolded) -> (its sheet, 0-based row of its header, or a function asked for it when needed)."""
    grid: Callable[[str], list[list[object]]]
    """A worksheet's cells from A1 (row 0 = Excel row 1, column 0 = A)."""
    errors: Callable[[str], dict[str, str]] = lambda _name: {}
    """A worksheet's error cells (A1 -> ``#N/A``) when the grid cannot show them."""
    outside: Callable[[str], list[str]] = lambda _name: []
    """A worksheet's filled cells (A1) left out of its grid because they lie far outside the table."""
    uncalculated: Callable[[str], dict[str, str]] = lambda _name: {}
    """A worksheet's formula cells saved without a result (A1 -> formula), which the grid shows as blank."""


def read_source(
    source: WorkbookSource, today: dt.date | None = None, progress: Callable[[str], None] | None = None
) -> WorkbookData:
    """Read every input sheet of a workbook source into typed tables, settings and reading issues."""
    table_sheets = {name: sheet for name, (sheet, _row) in source.tables.items()}
    found = {spec.name: _find_sheet(spec, source.worksheet_names, table_sheets) for spec in INPUT_SHEETS}
    core = (MEMBERS, INDICATORS, ASSESSMENTS)
    if all(found[s.name] is None for s in core):
        label = str(source.path) if source.path else "This workbook"
        raise UnreadableWorkbook(
            f"{label} is not a tracking-tool workbook: it has none of the sheets "
            f"{', '.join(s.name for s in core)} (start from `xl-tracker new`)"
        )
    sheets: dict[str, SheetTable] = {}
    issues: list[Issue] = []
    item_codes: tuple[str, ...] = ()
    settings_rows: list[tuple[str, object, str]] = []
    levels = _levels(settings_rows, today)
    for n, spec in enumerate(INPUT_SHEETS, start=1):
        actual = found[spec.name]
        if actual is None:
            columns = sheet_columns(spec, item_codes)
            sheets[spec.name] = SheetTable(spec, None, values=_empty_values(columns), column_specs=columns)
            if spec.since is None:  # a sheet added later is simply absent from a workbook made before it
                issues.append(_missing_sheet(spec))
            continue
        if progress is not None:
            progress(f"reading {spec.name} ({n} of {len(INPUT_SHEETS)})")
        grid = source.grid(actual)
        table = source.tables.get(spec.table.casefold())
        table_row = table[1] if table is not None and table[0] == actual else None
        outside = source.outside(actual)
        uncalculated = source.uncalculated(actual)
        if uncalculated and outside:  # a formula left far outside the table is reported as outside it, once
            far = set(outside)
            uncalculated = {ref: formula for ref, formula in uncalculated.items() if ref not in far}
        sheet, sheet_issues = read_sheet(spec, grid, actual, item_codes, source.errors(actual), table_row, levels, uncalculated)
        sheets[spec.name] = sheet
        issues.extend(sheet_issues)
        issues.extend(_outside_issues(spec, outside, len(grid), max(map(len, grid), default=0)))
        if spec is INDICATORS:
            item_codes = _item_codes(sheet)
        elif spec is SETTINGS:
            settings_rows = _settings_rows(sheet, grid)
            levels = _levels(settings_rows, today)
    settings, setting_issues = read_settings(settings_rows, today)
    issues.extend(setting_issues)
    return WorkbookData(source.path, sheets, settings, issues, list(source.sheet_names), item_codes)


def _levels(settings_rows: list[tuple[str, object, str]], today: dt.date | None) -> tuple[int, ...]:
    """The scale's levels, whose descriptor columns the Indicators sheet may hold (Settings comes before it)."""
    settings, _issues = read_settings(settings_rows, today)  # its issues are reported once, after every sheet
    return scale_levels(settings.scale_min, settings.scale_max)


def read_workbook(path: str | Path, today: dt.date | None = None, shown_as: str | Path | None = None) -> WorkbookData:
    """Read every input sheet of a tracking-tool workbook file (.xlsx or .xlsm).

    Raises :class:`~xl_tracker.errors.UnreadableWorkbook` with a one-line
    message when the file is not a readable workbook or holds none of the
    Members, Indicators and Assessments sheets. Everything else wrong with
    the content becomes an issue on the returned data. The file is only read.
    ``shown_as`` is the name messages and the data give the file (a refresh
    reads a private snapshot of the workbook, but speaks of the workbook).
    """
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

    path = Path(path)
    label = Path(shown_as) if shown_as is not None else path
    package = open_checked_workbook(path, label)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except BaseException as exc:
        package.close()
        if isinstance(exc, PasswordError):
            raise UnreadableWorkbook(f"{label} is protected with a password: remove the password in Excel and save it again") from None
        if isinstance(exc, (CalamineError, ValueError, OSError)):
            raise UnreadableWorkbook(f"{label} could not be read as a workbook ({_short(exc)}): use a saved copy or the backup") from None
        raise

    def damaged(exc: BaseException) -> UnreadableWorkbook:
        return UnreadableWorkbook(f"{label} is damaged ({_short(exc)}): use a saved copy or the backup")

    with book, package:
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        try:
            parts = package.worksheet_parts()
            refs = _table_refs(package, parts)
        except (KeyError, ValueError, OSError, SyntaxError, zipfile.BadZipFile) as exc:
            raise damaged(exc) from None
        tables: dict[str, tuple[str, TableRow]] = {name: (sheet, split_a1(ref.split(":")[0])[0] - 1) for name, (sheet, ref) in refs.items()}

        scans = _SheetScans(package, parts, damaged, _sheet_shapes(names, refs))

        def read_grid(reader: CalamineWorkbook, sheet: str) -> list[list[object]]:
            box = scans.box(sheet)
            if box is not None and box.outside:
                return _openpyxl_grid(path, sheet, box.rows, box.columns)
            try:
                with _quiet_stderr():
                    return reader.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            except (CalamineError, ValueError) as exc:
                raise UnreadableWorkbook(f"{label}: sheet '{sheet}' could not be read ({_short(exc)})") from None
            except BaseException as exc:
                if type(exc).__name__ != "PanicException":
                    raise
                if box is None:
                    box = Box(MAX_ROWS, MAX_COLUMNS, [])
                return _openpyxl_grid(path, sheet, box.rows, box.columns)

        def outside(sheet: str) -> list[str]:
            box = scans.box(sheet)
            return [] if box is None else [a1(r, c - 1) for r, c in box.outside]

        table_sheets = {name: sheet for name, (sheet, _row) in tables.items()}
        wanted = [s for s in (_find_sheet(spec, names, table_sheets) for spec in INPUT_SHEETS) if s is not None]
        if sum(package.size(parts.get(s, "")) for s in dict.fromkeys(wanted)) < PREFETCH_BYTES:
            wanted = []  # a small workbook is read sooner, and with less work, by one thread
        helper = _SheetPrefetch(lambda: CalamineWorkbook.from_path(str(path)), read_grid, wanted)
        try:
            source = WorkbookSource(
                label, list(book.sheet_names), names, tables, lambda s: helper.grid(s, book), scans.errors, outside, scans.uncalculated
            )
            return read_source(source, today)
        finally:
            helper.close()


def _table_refs(package: PackageReader, parts: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Excel Table name (casefolded) -> (its sheet, its ref such as ``A1:M73``), as far as the reading needs them.

    A table matters only as an input sheet's own table (its header row and
    the columns it spans) or to find an input sheet by its table when no
    sheet has the sheet's name. So when every input sheet is found by its
    name, only those sheets' tables are read (table names are unique in a
    workbook: a table on another sheet could not be the found sheet's own),
    not those of the output and the user's sheets.
    """
    by_name = [_find_sheet(spec, list(parts), {}) for spec in INPUT_SHEETS]
    sheets = list(parts) if None in by_name else list(dict.fromkeys(by_name))
    return {
        table_name.casefold(): (sheet_name, ref)
        for sheet_name in sheets
        for table_name, ref in package.sheet_tables(parts[sheet_name])
    }


_ITEM_CODE_KEY = re.compile(r"[a-z]+\d+")
"""An Assessments header that may be an item column (letters then digits): the Indicators sheet may not be read yet when the box is chosen."""
_LEVEL_KEYS = frozenset(header_key(LEVEL_HEADER.format(n)) for n in range(-10, 101))
"""Indicators' level columns of any scale one could describe (the Settings may not be read yet)."""


@dataclass(frozen=True)
class _SheetShape:
    """What the box of an input sheet keeps, whatever stray values lie far out (see :func:`_box`)."""

    table: tuple[int, int]
    """The last row and column (1-based) of the sheet's own Excel Table; (0, 0) without one."""
    header_rows: int
    """The rows the header row may be in: the first :data:`HEADER_SEARCH_ROWS`, or down to the table's header row."""
    known: Callable[[object], bool]
    """Whether a header cell's text is one of the sheet's headers."""


def _known_headers(specs: list[InputSheet]) -> Callable[[object], bool]:
    keys = {c.key for spec in specs for c in sheet_columns(spec)}
    items = any(spec.has_item_columns for spec in specs)
    if any(spec.has_level_columns for spec in specs):
        keys |= _LEVEL_KEYS

    def known(text: object) -> bool:
        key = header_key(text)
        return key in keys or bool(items and _ITEM_CODE_KEY.fullmatch(key))

    return known


def _sheet_shapes(names: list[str], refs: dict[str, tuple[str, str]]) -> dict[str, _SheetShape]:
    """Each input sheet's :class:`_SheetShape`, by the sheet's name in the workbook."""
    table_sheets = {name: sheet for name, (sheet, _ref) in refs.items()}
    specs: dict[str, list[InputSheet]] = {}
    for spec in INPUT_SHEETS:
        sheet = _find_sheet(spec, names, table_sheets)
        if sheet is not None:
            specs.setdefault(sheet, []).append(spec)
    shapes = {}
    for sheet, its_specs in specs.items():
        last_row = last_column = 0
        header_rows = HEADER_SEARCH_ROWS
        for spec in its_specs:
            own = refs.get(spec.table.casefold())
            if own is None or own[0] != sheet:
                continue
            first, _sep, last = own[1].partition(":")
            top, _left = split_a1(first)
            bottom, right = split_a1(last or first)
            if top > 0 and bottom > 0:
                last_row, last_column = max(last_row, bottom), max(last_column, right + 1)
                header_rows = max(header_rows, top)
        shapes[sheet] = _SheetShape((last_row, last_column), header_rows, _known_headers(its_specs))
    return shapes


def _box(package: PackageReader, xml: bytes, found: Reach, limit: int, shape: _SheetShape | None) -> Box:
    """The box of a sheet to read: the table's rows and columns and every column with a known header kept, strays left out.

    A stray row of a few values far below holds more cells than a sparse
    column of the table (Lowest valid value, Comment); kept this way, it is
    the stray that is left out. The header texts are read (from the first
    rows only) just when the box would leave out a cell where a header may
    be: on a sheet without far values, this costs nothing.
    """
    if shape is None:
        return core_box(found, limit)
    rows, columns = shape.table
    box = core_box(found, limit, (rows, columns), (0, columns))
    near_top = [cell for cell in box.outside if cell[0] <= shape.header_rows]
    if not near_top:
        return box
    headers = [c for (_r, c), text in cell_texts(package, BytesIO(xml), near_top).items() if shape.known(text)]
    if not headers:
        return box
    # Strongest first. The table's columns and the headers' may not fit together: a ref may reach the sheet's
    # end (then the headers' columns are kept), a repeated header may lie far out (then the table's are).
    wide = max(columns, *headers)
    return core_box(found, limit, (rows, wide), (0, wide), (0, max(headers)), (rows, columns), (0, columns))


class _Scan(NamedTuple):
    box: Box
    errors: dict[str, str]
    uncalculated: dict[str, str]


class _SheetScans:
    """One pass over each input sheet's XML, before its grid is asked for: how far its cells reach, its error cells and its formulas without a result.

    Thread-safe (the prefetch thread scans the sheets it reads); each part
    is read once and only what is small is kept.
    """

    def __init__(
        self,
        package: PackageReader,
        parts: dict[str, str],
        damaged: Callable[[BaseException], UnreadableWorkbook],
        shapes: dict[str, _SheetShape] | None = None,
    ):
        self._package = package
        self._parts = parts
        self._damaged = damaged
        self._shapes = shapes or {}
        self._lock = threading.Lock()
        self._sheet_locks: dict[str, threading.Lock] = {}
        self._done: dict[str, _Scan] = {}

    def _scan(self, sheet: str) -> _Scan | None:
        if sheet not in self._parts:
            return None
        with self._lock:
            sheet_lock = self._sheet_locks.setdefault(sheet, threading.Lock())
        with sheet_lock:
            if sheet not in self._done:
                try:
                    xml = self._package.read(self._parts[sheet])
                    found = reach(xml, GRID_CELLS, GRID_CELLS_PER_FILLED)
                    limit = max(GRID_CELLS, GRID_CELLS_PER_FILLED * found.cells)
                    box = _box(self._package, xml, found, limit, self._shapes.get(sheet))
                    self._done[sheet] = _Scan(box, error_cells(xml), formula_cells_without_result(xml))
                except (KeyError, ValueError, OSError, SyntaxError, zipfile.BadZipFile) as exc:
                    raise self._damaged(exc) from None
            return self._done[sheet]

    def box(self, sheet: str) -> Box | None:
        done = self._scan(sheet)
        return None if done is None else done.box

    def errors(self, sheet: str) -> dict[str, str]:
        done = self._scan(sheet)
        return {} if done is None else done.errors

    def uncalculated(self, sheet: str) -> dict[str, str]:
        done = self._scan(sheet)
        return {} if done is None else done.uncalculated


class _SheetPrefetch:
    """Reads input sheets' grids in a second thread while the main thread reads and types the others.

    python-calamine lets go of the GIL for much of its parsing, so on two
    cores the sheets of a large workbook are read in about two thirds of the
    time. The helper thread opens its own workbook object and takes sheets
    from the end of the list while the main thread asks for them from the
    front; a sheet is read by whichever thread gets to it first, and a sheet
    the helper holds is waited for. Errors are raised where the sheet is
    asked for, exactly as if the main thread had read it.
    """

    def __init__(self, open_book: Callable[[], object], read_grid: Callable[[object, str], list[list[object]]], sheets: list[str]):
        import threading

        self._read_grid = read_grid
        self._open_book = open_book
        self._lock = threading.Lock()
        self._pending = list(dict.fromkeys(sheets))
        self._taken: dict[str, threading.Event] = {}
        self._done: dict[str, tuple[list[list[object]] | None, BaseException | None]] = {}
        self._thread = threading.Thread(target=self._run, name="xl-tracker-read", daemon=True) if len(self._pending) > 1 else None
        if self._thread is not None:
            self._thread.start()

    def _run(self) -> None:
        import threading

        try:
            book = self._open_book()
        except Exception:
            return  # the main thread reads every sheet itself
        with book:  # type: ignore[attr-defined]
            while True:
                with self._lock:
                    if not self._pending:
                        return
                    sheet = self._pending.pop()
                    done = self._taken[sheet] = threading.Event()
                try:
                    self._done[sheet] = (self._read_grid(book, sheet), None)
                except BaseException as exc:  # handed to the main thread with the sheet
                    self._done[sheet] = (None, exc)
                done.set()

    def grid(self, sheet: str, book: object) -> list[list[object]]:
        """The sheet's grid: read here with ``book``, or as read by the helper thread."""
        with self._lock:
            done = self._taken.get(sheet)
            if done is None and sheet in self._pending:
                self._pending.remove(sheet)
        if done is None:
            return self._read_grid(book, sheet)
        done.wait()
        grid, exc = self._done.pop(sheet)
        if exc is not None:
            raise exc
        return grid  # type: ignore[return-value]

    def close(self) -> None:
        """Stop taking sheets and wait for the one being read (after an error, nothing is left running)."""
        with self._lock:
            self._pending.clear()
        if self._thread is not None:
            self._thread.join()


_QUIET = threading.Lock()
_quiet_users = 0
_quiet_saved: int | None = None


@contextmanager
def _quiet_stderr():
    """Silence file descriptor 2 while calamine runs: a Rust panic prints its backtrace there, not to Python.

    Two threads may read sheets at once and fd 2 belongs to the process, so
    the first to enter silences it and the last to leave restores it.
    """
    global _quiet_users, _quiet_saved
    with _QUIET:
        if _quiet_users == 0:
            try:
                saved = os.dup(2)
            except OSError:
                saved = None
            if saved is not None:
                try:
                    devnull = os.open(os.devnull, os.O_WRONLY)
                except OSError:
                    os.close(saved)
                    saved = None
                else:
                    os.dup2(devnull, 2)
                    os.close(devnull)
            _quiet_saved = saved
        _quiet_users += 1
    try:
        yield
    finally:
        with _QUIET:
            _quiet_users -= 1
            if _quiet_users == 0 and _quiet_saved is not None:
                os.dup2(_quiet_saved, 2)
                os.close(_quiet_saved)
                _quiet_saved = None


def _openpyxl_grid(path: Path, sheet: str, rows: int, columns: int) -> list[list[object]]:
    """A sheet's grid A1:(rows, columns) read by openpyxl, for what python-calamine cannot read.

    python-calamine panics on a date-formatted cell whose serial number is far
    outside the calendar (e.g. -1e12); openpyxl reads such a cell as
    ``#VALUE!``, which the reader then reports as an Excel error at its cell.
    And calamine cannot leave a far cell out of its grid, so a sheet with a
    stray value far outside its table is read here, within the table's box.
    """
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            cells = book[sheet].iter_rows(min_row=1, max_row=max(rows, 1), min_col=1, max_col=max(columns, 1), values_only=True)
            rows = [["" if v is None else v for v in row] for row in cells]
        finally:
            book.close()
    while rows and not any(_filled(v) for v in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _outside_issues(spec: InputSheet, refs: list[str], rows: int, columns: int) -> list[Issue]:
    """One warning per value left outside the table's box (the first few), then one for the rest."""
    if not refs:
        return []
    box = f"A1:{a1(max(rows, 1), max(columns, 1) - 1)}"
    found = [
        issue(
            "outside-table", spec.name, ref,
            f"A value in {ref} lies far outside the table of {spec.name} ({box}) and was not read: delete it "
            "(in Excel, Ctrl+End jumps to the last used cell)",
        )
        for ref in refs[:OUTSIDE_LISTED]
    ]
    if len(refs) > OUTSIDE_LISTED:
        rest = len(refs) - OUTSIDE_LISTED
        found.append(
            issue(
                "outside-table", spec.name, refs[OUTSIDE_LISTED],
                f"{rest:,} more values from {refs[OUTSIDE_LISTED]} on lie far outside the table of {spec.name} ({box}) "
                "and were not read: delete them",
            )
        )
    return found


def _missing_sheet(spec: InputSheet) -> Issue:
    if spec is SETTINGS:
        consequence = "the default settings are used"
    elif spec.missing_is_error:
        consequence = "no results can be computed from it"
    else:
        consequence = "its part of the results is empty"
    return issue(
        "missing-sheet", spec.name, "",
        f"The sheet '{spec.name}' is missing, so {consequence}: add it back (copy it from a new tracking tool made with `xl-tracker new`) or rename the sheet that holds it to '{spec.name}'",
        spec.name,
        severity="Error" if spec.missing_is_error else "Warning",
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


__all__ = ["SheetTable", "WorkbookData", "WorkbookSource", "read_workbook", "read_source", "read_sheet"]
