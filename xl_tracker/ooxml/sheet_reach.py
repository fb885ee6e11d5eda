"""How far a worksheet's cells reach, found from its XML before any grid is built.

python-calamine builds a dense grid from A1 to the last filled cell, so one
value typed at XFD1048576 asks for 17 billion cells and the process aborts
(a Rust allocation failure, which Python cannot catch). The declared
``<dimension>`` says nothing reliable, so the reach is bounded from the cell
references themselves: in the common case by a few byte searches (the
longest row number and column letters present), and exactly, cell by cell,
only when those bounds say the grid could be too large. :func:`core_box`
then picks the rectangle worth reading (keeping, while it fits, the rows and
columns the caller knows to be the table's) and names the cells left outside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO

import numpy as np
from lxml import etree

from xl_tracker.ooxml.package import NS_MAIN

_ROOT_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")
_CHUNK = 8 * 1024 * 1024
_OVERLAP = 32
_CHUNK_CELLS = 1 << 20
_WINDOW = 12
"""Bytes looked at after ``r="``: three letters, seven digits, the closing quote, and one to spare."""
_COLUMNS = np.arange(_WINDOW)
_POW26 = 26 ** np.arange(4, dtype=np.int64)
_POW10 = 10 ** np.arange(8, dtype=np.int64)
_SPACE = np.zeros(256, dtype=bool)
_SPACE[[0x20, 0x09, 0x0A, 0x0D]] = True
_ENDS_NAME = _SPACE.copy()
_ENDS_NAME[[0x3E, 0x2F]] = True


@dataclass(frozen=True)
class Reach:
    """A sheet's last row and column (1-based; or upper bounds of them) and how many cell elements it has."""

    cells: int
    rows: int
    columns: int
    positions: tuple[np.ndarray, np.ndarray] | None = field(default=None, compare=False)
    """(rows, columns) of every cell, 1-based."""

    @property
    def area(self) -> int:
        return self.rows * self.columns


def _letters_value(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _starts(a: np.ndarray, pattern: bytes, low: int, limit: int) -> int:
    """How many times ``pattern`` starts in ``a[low:limit]`` followed by whitespace, ``>`` or ``/`` (an element start)."""
    n = min(len(a) - len(pattern), limit)
    if n <= 0:
        return 0
    at = np.flatnonzero((a[:n] == pattern[0]) & (a[1 : n + 1] == pattern[1]))
    for i, ch in enumerate(pattern[2:], start=2):
        at = at[a[at + i] == ch]
    return int((_ENDS_NAME[a[at + len(pattern)]] & (at >= low)).sum())


def _parse(window: np.ndarray, n_letters: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of A1 references laid out one per line of ``window`` (letters, then digits up to ``end``)."""
    upper = window & 0xDF
    letters = np.where(_COLUMNS < n_letters[:, None], upper.astype(np.int64) - 64, 0)
    column = (letters * _POW26[np.clip(n_letters[:, None] - 1 - _COLUMNS, 0, 3)]).sum(axis=1)
    in_digits = (_COLUMNS >= n_letters[:, None]) & (_COLUMNS < end[:, None])
    digits = np.where(in_digits, window.astype(np.int64) - 48, 0)
    row = (digits * _POW10[np.clip(end[:, None] - 1 - _COLUMNS, 0, 7)]).sum(axis=1)
    return row, column


@dataclass
class _Scan:
    """What one pass over a part's references found (see :func:`_references`)."""

    windows: list[np.ndarray] = field(default_factory=list)
    letters: list[np.ndarray] = field(default_factory=list)
    ends: list[np.ndarray] = field(default_factory=list)
    row_references: int = 0
    odd: int = 0


def _references(a: np.ndarray, low: int, limit: int, scan: _Scan) -> None:
    """Collect the ``r="A1"`` attributes starting in ``a[low:limit]``: cells' references (as raw bytes),
    how many were row numbers, and how many ``r=`` values were neither.

    Done on arrays rather than with a regular expression: a worksheet has one
    reference per cell, and this runs before every read.
    """
    n = min(len(a) - 3, limit)
    if n <= 1:
        return
    at = np.flatnonzero((a[1:n] == 0x72) & (a[2 : n + 1] == 0x3D)) + 1
    after = a[at + 2]
    at = at[((after == 0x22) | (after == 0x27)) & _SPACE[a[at - 1]] & (at >= low)]
    start = at + 3
    if len(start) and start[-1] + _WINDOW > len(a):
        a = np.concatenate([a, np.zeros(_WINDOW, np.uint8)])
    window = np.lib.stride_tricks.sliding_window_view(a, _WINDOW)[start]
    quote = a[start - 1]
    upper = window & 0xDF
    n_letters = np.argmin((upper >= 65) & (upper <= 90), axis=1)
    closing = window == quote[:, None]
    end = np.where(closing.any(axis=1), np.argmax(closing, axis=1), _WINDOW)
    in_digits = (_COLUMNS >= n_letters[:, None]) & (_COLUMNS < end[:, None])
    digit = (window >= 48) & (window <= 57)
    n_digits = end - n_letters
    good = (end < _WINDOW) & (n_letters <= 3) & (n_digits >= 1) & (n_digits <= 7) & ((digit & in_digits).sum(axis=1) == n_digits)
    cell = good & (n_letters > 0)
    scan.row_references += int((good & (n_letters == 0)).sum())
    scan.odd += int((~good).sum())
    scan.windows.append(window[cell])
    scan.letters.append(n_letters[cell])
    scan.ends.append(end[cell])


def reach(xml: bytes, minimum: int, per_cell: int) -> Reach:
    """The last row and column of the cells of one worksheet part, from their references.

    When rows x columns could exceed the limit (``minimum``, or ``per_cell``
    times the cells, whichever is larger) the reach is exact and, if it does
    exceed it, comes with every cell's position; otherwise it may be upper
    bounds within the limit, found from the longest references alone. A cell
    or row without a reference (placed after the previous one) or a
    reference no sheet can hold sends the part to :func:`exact_reach`.
    """
    head = _ROOT_PREFIX.search(xml, 0, 65536)
    prefix = (head.group(1) or b"") if head else b""
    everything = np.frombuffer(xml, dtype=np.uint8)
    scan = _Scan()
    cells = row_elements = 0
    for offset in range(0, len(everything), _CHUNK):
        low = min(offset, _OVERLAP)
        a = everything[offset - low : offset + _CHUNK + _OVERLAP]
        cells += _starts(a, b"<" + prefix + b"c", low, low + _CHUNK)
        row_elements += _starts(a, b"<" + prefix + b"row", low, low + _CHUNK)
        _references(a, low, low + _CHUNK, scan)
    window = np.concatenate(scan.windows) if scan.windows else np.zeros((0, _WINDOW), np.uint8)
    n_letters = np.concatenate(scan.letters) if scan.letters else np.zeros(0, np.int64)
    end = np.concatenate(scan.ends) if scan.ends else np.zeros(0, np.int64)
    if scan.odd or len(window) != cells or scan.row_references != row_elements:
        return exact_reach(xml)
    if not cells:
        return Reach(0, 0, 0)
    limit = max(minimum, per_cell * cells)
    n_digits = end - n_letters
    most_digits, most_letters = int(n_digits.max()), int(n_letters.max())
    if (10**most_digits - 1) * (26**most_letters if most_letters < 3 else 16384) <= limit:
        return Reach(cells, 10**most_digits - 1, 26**most_letters if most_letters < 3 else 16384)
    longest = n_digits == most_digits
    rows = int(_parse(window[longest], n_letters[longest], end[longest])[0].max())
    if most_letters == 1:
        columns = int((window[:, 0] & 0xDF).max()) - 64
    else:
        widest = n_letters == most_letters
        columns = int(_parse(window[widest], n_letters[widest], end[widest])[1].max())
    if rows * columns <= limit:
        return Reach(cells, rows, columns)
    parts = [_parse(window[i : i + _CHUNK_CELLS], n_letters[i : i + _CHUNK_CELLS], end[i : i + _CHUNK_CELLS]) for i in range(0, cells, _CHUNK_CELLS)]
    return Reach(
        cells, rows, columns,
        (np.concatenate([r for r, _c in parts]).astype(np.int32), np.concatenate([c for _r, c in parts]).astype(np.int32)),
    )


def exact_reach(xml: bytes) -> Reach:
    """The position of every cell, read element by element (rows and cells without ``r`` follow the previous one)."""
    row_tag, cell_tag = f"{{{NS_MAIN}}}row", f"{{{NS_MAIN}}}c"
    rows: list[int] = []
    columns: list[int] = []
    row = 0
    column = 0
    for event, element in etree.iterparse(
        BytesIO(xml), events=("start", "end"), tag=(row_tag, cell_tag), resolve_entities=False, no_network=True, huge_tree=True
    ):
        if event == "start":
            if element.tag == row_tag:
                ref = element.get("r")
                row = int(ref) if ref and ref.isdigit() else row + 1
                column = 0
            else:
                ref = element.get("r")
                letters = ref.rstrip("0123456789") if ref else ""
                column = _letters_value(letters.encode()) if letters.isalpha() else column + 1
                if ref and ref[len(letters) :].isdigit():
                    row = int(ref[len(letters) :])
                rows.append(row)
                columns.append(column)
        elif element.tag == row_tag:
            element.clear()
    return Reach(len(rows), max(rows, default=0), max(columns, default=0), (np.array(rows, np.int32), np.array(columns, np.int32)))


@dataclass(frozen=True)
class Box:
    """The rectangle A1:(rows, columns) to read, and the cells outside it (row, column), in sheet order."""

    rows: int
    columns: int
    outside: list[tuple[int, int]]


def core_box(found: Reach, limit: int, *keep: tuple[int, int]) -> Box:
    """The rectangle from A1 that holds the most cells within ``limit`` cells of area, peeling far rows and columns.

    Each step drops whichever of the last row or the last column holds fewer
    cells (a stray value far out is one cell; a real table's last row or
    column holds many), until the rectangle fits. But a sparse column of the
    table itself (a column few rows fill in) holds fewer cells than a stray
    row of a few values: so ``keep`` gives rectangles A1:(rows, columns),
    strongest first (the sheet's Excel Table, its known headers), whose rows
    and columns are never peeled. The first of them that leaves a rectangle
    within the limit is kept; when none does (a table's ref may itself reach
    XFD1048576), the peeling keeps nothing, so the grid stays bounded.
    """
    if found.area <= limit or found.positions is None:
        return Box(found.rows, found.columns, [])
    rows, columns = found.positions
    row_keys = np.unique(rows).tolist()
    column_keys = np.unique(columns).tolist()
    for keep_rows, keep_columns in (*keep, (0, 0)):
        box = _peel(rows, columns, list(row_keys), list(column_keys), limit, keep_rows, keep_columns)
        if box is not None:
            return box
    raise AssertionError("peeling without keeping anything always fits")  # pragma: no cover


def _peel(
    rows: np.ndarray, columns: np.ndarray, row_keys: list[int], column_keys: list[int], limit: int, keep_rows: int, keep_columns: int
) -> Box | None:
    """:func:`core_box` keeping rows up to ``keep_rows`` and columns up to ``keep_columns``; None when that cannot fit."""
    last_row, last_column = row_keys[-1], column_keys[-1]
    while row_keys and column_keys and last_row * last_column > limit:
        row_may = last_row > keep_rows
        column_may = last_column > keep_columns
        if not (row_may or column_may):
            return None
        if row_may and column_may:
            in_row = int(((rows == last_row) & (columns <= last_column)).sum())
            in_column = int(((columns == last_column) & (rows <= last_row)).sum())
            drop_row = in_row <= in_column
        else:
            drop_row = row_may
        if drop_row:
            row_keys.pop()
            last_row = row_keys[-1] if row_keys else 0
        else:
            column_keys.pop()
            last_column = column_keys[-1] if column_keys else 0
    inside = (rows <= last_row) & (columns <= last_column)
    last_row = int(rows[inside].max(initial=0))
    last_column = int(columns[inside].max(initial=0))
    out = ~((rows <= last_row) & (columns <= last_column))
    outside = sorted(zip(rows[out].tolist(), columns[out].tolist()))
    return Box(last_row, last_column, outside)
