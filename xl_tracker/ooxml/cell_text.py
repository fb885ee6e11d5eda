"""The texts of a few cells near the top of a worksheet part, read without inflating or parsing the rest of it.

Two readers need them. A refresh keeps what a person picked on an output
sheet (the Run charts sheet's measure in B3) while it rewrites the sheet;
the part may be tens of megabytes (a dense workbook's run-chart tables),
and calamine would read all of it. And the reader, when a sheet has cells
far outside its table, reads the header rows' texts to keep a header of the
sheet's own in the box it reads (:func:`xl_tracker.reader._box`). So the
part is parsed as a stream down to the last row asked about, and the shared
strings only up to the last index needed. A cell may be written any way a
writer may: with or without its ``r`` address (a cell without one follows
the cell before it), as an inline string, a shared string (Excel saves a
typed text so), a formula's cached text or a number.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from xl_tracker.cells import split_a1
from xl_tracker.ooxml.namespaces import NS_MAIN, RT_SHARED_STRINGS
from xl_tracker.ooxml.package import PackageReader, rels_part_for, resolve_target, safe_parser

_ROW, _CELL, _VALUE, _INLINE, _TEXT, _ITEM, _RUN = (f"{{{NS_MAIN}}}{t}" for t in ("row", "c", "v", "is", "t", "si", "r"))
MAX_INFLATED = 8 << 20
"""Bytes of an output sheet's part read at most to reach its cell: its row is near the top, and a damaged or hostile part stops here.
(The shared strings are read only up to the last index asked for, as calamine reads all of them anyway.)"""


class _Bounded:
    """A part's stream that ends after :data:`MAX_INFLATED` bytes, whatever its header says."""

    def __init__(self, stream):
        self._stream, self._left = stream, MAX_INFLATED

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._stream.read(size)
        self._left -= len(data)
        return data


def cell_text(path: Path, sheet: str, ref: str) -> str | None:
    """The text cell ``ref`` (``B3``) of sheet ``sheet`` in the workbook file ``path`` shows; None if blank, absent or unreadable.

    Only a cell's own text counts (a number comes back as it is written,
    ``12``); an error, a damaged part or a missing sheet give None, because
    what is kept this way is a convenience, never a figure.
    """
    row, col = split_a1(ref)
    if row < 1:
        raise ValueError(f"not a cell address: {ref}")
    try:
        with PackageReader(path) as package:
            part = package.worksheet_parts().get(sheet)
            if part is None:
                return None
            with package.stream(part) as stream:
                return cell_texts(package, _Bounded(stream), [(row, col + 1)]).get((row, col + 1))
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError):
        return None


def cell_texts(package: PackageReader, sheet: BinaryIO, cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """(row, column), both 1-based -> the text the cell shows, of the worksheet part read from ``sheet`` (a stream or BytesIO).

    A shared or inline string, a formula's text result, a number as written.
    Cells that are blank, errors or not found are left out. Rows and cells
    without an ``r`` address follow the one before, as in Excel.
    """
    wanted = set(cells)
    if not wanted:
        return {}
    last = max(r for r, _c in wanted)
    raw: dict[tuple[int, int], tuple[str | None, str]] = {}
    row = 0
    for _event, element in etree.iterparse(sheet, events=("end",), tag=_ROW, resolve_entities=False, no_network=True, huge_tree=True):
        number = element.get("r")
        row = int(number) if number and number.isdigit() else row + 1
        if row > last:
            break
        column = 0
        for cell in element.iter(_CELL):
            ref = cell.get("r")
            column = split_a1(ref)[1] + 1 if ref else column + 1
            if (row, column) in wanted:
                kind = cell.get("t")
                if kind == "inlineStr":
                    inline = cell.find(_INLINE)
                    text = None if inline is None else "".join(t.text or "" for t in inline.iter(_TEXT))
                else:
                    value = cell.find(_VALUE)
                    text = None if value is None else value.text
                if text is not None and kind != "e":
                    raw[(row, column)] = (kind, text)
        element.clear()
    indices = {int(text) for kind, text in raw.values() if kind == "s" and text.strip().isdigit()}
    shared = _shared_strings(package, indices) if indices else {}
    found: dict[tuple[int, int], str] = {}
    for at, (kind, text) in raw.items():
        if kind != "s":
            found[at] = text
        elif text.strip().isdigit() and int(text) in shared:
            found[at] = shared[int(text)]
    return found


def _shared_strings(package: PackageReader, indices: set[int]) -> dict[int, str]:
    """The shared strings at ``indices``, read up to the last of them (plain text, or rich-text runs; never a phonetic guide)."""
    book = package.workbook_part()
    rels = etree.fromstring(package.read(rels_part_for(book)), parser=safe_parser())
    targets = [resolve_target(book, r.get("Target", "")) for r in rels if r.get("Type") == RT_SHARED_STRINGS]
    if not targets or not package.has(targets[0]):
        return {}
    last = max(indices)
    found: dict[int, str] = {}
    with package.stream(targets[0]) as stream:
        for n, (_event, item) in enumerate(
            etree.iterparse(stream, events=("end",), tag=_ITEM, resolve_entities=False, no_network=True, huge_tree=True)
        ):
            if n in indices:
                runs = [item.find(_TEXT), *(r.find(_TEXT) for r in item.iterfind(_RUN))]
                found[n] = "".join(t.text or "" for t in runs if t is not None)
            item.clear()
            if n >= last:
                break
    return found
