"""Read a freshly written workbook back before it may replace the original.

Four checks, none of which trusts the writer's own code:

* the zip directory: every part the writer did not rewrite is in the new
  file with the same size and CRC-32 (the input sheets, shared strings and
  everything else the user made are byte-identical);
* the sheet map: every sheet that is not an output sheet still names the
  same worksheet part, in the same order (so a byte-identical part is still
  the same sheet's values), read with :class:`~xl_tracker.ooxml.package.PackageReader`;
* python-calamine, a reader independent of the writer, opens the new file
  (its workbook part, relationships, styles and shared strings) and lists
  every output sheet;
* each output sheet's worksheet part, found through the new file's workbook
  part and relationships, is read back from the new file (inflated, its
  CRC-32 checked against the zip directory, so every byte on disk is the byte
  written); its first row is parsed as XML and must read as the sheet's header
  row (a free-layout sheet: its title), and a table sheet must hold one row
  element per row that has a value, the last of them at the right row number.
  A large part the writer deflated is not inflated again: its compressed
  bytes on disk must equal the deflated bytes, and its directory entry their
  CRC-32 and sizes, which proves the same (zlib's inflate of its own deflate
  is trusted), and the checks read the bytes that were deflated.

Together they prove the input sheets' values unchanged more strictly than
comparing values would (a value comparison cannot see a changed format or
a lost comment) and at a fraction of the cost of reading every sheet twice.
The output sheets' rows are counted in the part's bytes rather than parsed
cell by cell: that is what made verification cost as much as writing, and the
values of output sheets are recomputed by every refresh (the backup keeps the
previous file), while everything a person typed is covered by the CRC check.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from itertools import repeat
from pathlib import Path

from xl_tracker.errors import WorkbookError
from xl_tracker.ooxml.package import PackageReader
from xl_tracker.ooxml.zip_copy import Deflated, StoredEntry
from xl_tracker.outputs.model import CellValue, SheetContent


class VerificationFailed(WorkbookError):
    """The written file did not read back as it should; the original was not replaced."""


def _failed(detail: str) -> VerificationFailed:
    return VerificationFailed(f"the refreshed workbook did not read back correctly ({detail}); the original was not changed")


_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def verify_written(
    original: Path, written: Path, sheets: Sequence[SheetContent], rewritten: frozenset[str] | None = None,
    deflated: Mapping[str, tuple[bytes, Deflated]] | None = None,
) -> None:
    """Raise :class:`VerificationFailed` unless ``written`` is ``original`` with ``sheets`` written into it.

    ``rewritten`` names the parts the writer changed or removed; every other
    part must be in the new file with the same size and CRC. ``deflated``:
    part -> (bytes, deflated entry) of the parts the writer deflated ahead
    (:attr:`xl_tracker.ooxml.writer.PackageOutputWriter.deflated`).
    """
    from python_calamine import CalamineError, CalamineWorkbook

    output_names = {s.name.casefold() for s in sheets}
    try:
        if rewritten is not None:
            with zipfile.ZipFile(original) as a, zipfile.ZipFile(written) as b:
                after = {i.filename: (i.CRC, i.file_size) for i in b.infolist()}
                for info in a.infolist():
                    if info.filename not in rewritten and after.get(info.filename) != (info.CRC, info.file_size):
                        raise _failed(f"its part {info.filename} changed")
        with PackageReader(original) as a, PackageReader(written) as b:
            before = [(n, p) for n, p in a.worksheet_parts().items() if n.casefold() not in output_names]
            parts = b.worksheet_parts()
            now = [(n, p) for n, p in parts.items() if n.casefold() not in output_names]
            if before != now:
                raise _failed("the sheets other than the output sheets are not the same as before")
            by_name = {n.casefold(): p for n, p in parts.items()}
            for content in sheets:
                part = by_name.get(content.name.casefold())
                if part is None:
                    raise _failed(f"the sheet {content.name} is missing")
                check_sheet_part(content, _as_written(b, part, deflated.get(part) if deflated else None))
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, OSError) as exc:
        raise _failed(f"it cannot be opened as a package: {exc}") from None
    try:
        book = CalamineWorkbook.from_path(str(written))
    except (CalamineError, ValueError, OSError) as exc:
        raise _failed(f"it cannot be opened: {exc}") from None
    with book:
        names = {n.casefold() for n in book.sheet_names}
        for content in sheets:
            if content.name.casefold() not in names:
                raise _failed(f"the sheet {content.name} is missing")


def _as_written(package: PackageReader, part: str, deflated: tuple[bytes, Deflated] | None) -> bytes:
    """The part's bytes as the file holds them: inflated, or, for a part deflated ahead, its stored bytes compared with the deflated ones."""
    if deflated is None:
        return package.read(part)
    data, packed = deflated
    stored = package.stored(part)
    info = stored.info if isinstance(stored, StoredEntry) else None
    if (
        info is None or info.compress_type != zipfile.ZIP_DEFLATED or stored.data != packed.data  # type: ignore[union-attr]
        or (info.CRC, info.file_size, info.compress_size) != (packed.crc, packed.size, len(packed.data))
    ):
        raise _failed(f"its part {part} is not the part written")
    return data


def check_sheet_part(content: SheetContent, xml: bytes) -> None:
    """Raise :class:`VerificationFailed` unless the worksheet part ``xml`` shows ``content``'s first row and holds all its rows.

    A row is written when it has a value that shows (or a row height of its
    own), so the part must hold exactly that many row elements, the last at
    the number of the last such row.
    """
    if not xml.rstrip().endswith(b"worksheet>"):
        raise _failed(f"the sheet {content.name} is cut short")
    grid = content.grid()
    wanted = [v for v in grid[0] if _shown(v) and not _reads_as("", v)] if grid else []  # text of control characters only reads as ""
    first = [v for v in first_row_values(xml, content.name) if v not in (None, "")]
    if content.headers:
        same = len(first) >= len(wanted) and all(_reads_as(r, w) for r, w in zip(first, wanted))
    else:
        same = len(first) >= len(wanted[:1]) and all(_reads_as(r, w) for r, w in zip(first[:1], wanted[:1]))
    if not same:
        raise _failed(f"the first row of {content.name} reads {tuple(first)!r}")
    written = _written_rows(grid, content.row_heights)
    count = xml.count(b"<row ")
    last = _ROW_NUMBER.findall(xml, xml.rfind(b"<row ")) if count else []
    if count != len(written) or (written and (not last or int(last[0]) != written[-1])):
        shown = len(written) - (1 if content.headers else 0)
        raise _failed(f"{content.name} reads {count - (1 if content.headers else 0)} rows instead of {shown}")


def _written_rows(grid: list[tuple[CellValue, ...]], heights: dict[int, float]) -> list[int]:
    """The row numbers (from 1) of the rows that must be written: those with a value that shows, or a height of their own.

    Each row's first true value is found in C (``filter(None, row)``): a row
    whose first true value is not a float shows. Only the others (rows of
    blanks, zeros or empty text only, or starting with a float that may be
    NaN) are looked at value by value.
    """
    firsts = map(next, map(filter, repeat(None), grid), repeat(None))
    not_none = functools.partial(operator.is_not, None)
    shown = [
        n for n, (row, value) in enumerate(zip(grid, firsts), start=1)
        if (value is not None and type(value) is not float) or any(map(_shown, filter(not_none, row)))
    ]
    if heights:
        shown = sorted({*shown, *(r + 1 for r, h in heights.items() if h and 0 <= r < len(grid))})
    return shown


def first_row_values(xml: bytes, sheet: str) -> list[CellValue]:
    """The values of the first row element of a worksheet part, left to right, as a reader sees them."""
    from xml.etree import ElementTree

    start = xml.find(b"<sheetData")
    row_start = xml.find(b"<row", start) if start >= 0 else -1
    if row_start < 0:
        return []
    row_end = xml.find(b"</row>", row_start)
    head = xml[row_start : row_end + len(b"</row>")] if row_end >= 0 else b""
    if not head or head.find(b"/>", 0, head.find(b">") + 1) >= 0:  # <row r="1"/>: an empty row
        return []
    number = _ROW_NUMBER.match(head)
    if number is None or number.group(1) != b"1":  # the first row element is further down: row 1 is empty
        return []
    try:
        row = ElementTree.fromstring(
            b'<sheetData xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + head + b"</sheetData>"
        )[0]
    except ElementTree.ParseError as exc:
        raise _failed(f"the first row of {sheet} is not readable XML ({exc})") from None
    values: list[CellValue] = []
    for cell in row.iter(_MAIN + "c"):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            values.append(_unescape("".join(t.text or "" for t in cell.iter(_MAIN + "t"))))
            continue
        v = cell.find(_MAIN + "v")
        text = v.text if v is not None and v.text is not None else None
        if text is None:
            values.append(None)
        elif kind in ("str", "e"):
            values.append(_unescape(text))
        elif kind == "b":
            values.append(text == "1")
        elif kind == "n":
            values.append(float(text))
        else:
            raise _failed(f"the first row of {sheet} holds a cell of type {kind}, which the refresh never writes")
    return values


def _unescape(text: str) -> str:
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _shown(value: CellValue) -> bool:
    """Whether a value shows in its cell: blanks, empty text and numbers Excel cannot hold (NaN, infinity) do not."""
    if value is None or value == "":
        return False
    return not (type(value) is float and not math.isfinite(value))


def _reads_as(read: CellValue, wanted: CellValue) -> bool:
    """Whether a value read back from the first row is the value that was to be written there."""
    from xl_tracker.ooxml.xmltext import MAX_CELL_TEXT, clean

    if isinstance(wanted, str):
        return read == clean(wanted)[:MAX_CELL_TEXT]
    if isinstance(wanted, bool):
        return read is wanted
    if isinstance(wanted, dt.date):
        return isinstance(read, float)  # a date is stored as its serial number
    try:
        return isinstance(read, float) and read == float(wanted)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return isinstance(read, str)  # any other object is written as its text
