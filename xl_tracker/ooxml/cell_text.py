"""The text of one cell near the top of a worksheet part, read without inflating the rest of the part.

A refresh keeps what a person picked on an output sheet (the Run charts
sheet's measure in B3) while it rewrites the sheet. The part may be tens of
megabytes (a dense workbook's run-chart tables), and calamine would read all
of it, so the part is parsed as a stream and left at the cell's row. The
cell may be written any way a writer may: with or without its ``r``
address (a cell without one follows the cell before it), as an inline
string, a shared string (Excel saves a typed text so), a formula's cached
text or a number.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from xl_tracker.cells import split_a1
from xl_tracker.ooxml.namespaces import NS_MAIN, RT_SHARED_STRINGS
from xl_tracker.ooxml.package import PackageReader, rels_part_for, resolve_target, safe_parser

_ROW, _CELL, _VALUE, _INLINE, _TEXT = (f"{{{NS_MAIN}}}{t}" for t in ("row", "c", "v", "is", "t"))
MAX_INFLATED = 8 << 20
"""Bytes of a part read at most to reach the cell: its row is near the top, and a damaged or hostile part stops here."""


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
            kind, text = _raw_cell(package, part, row, col)
            if kind == "s" and text is not None:
                return _shared_string(package, int(text))
            return text
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError):
        return None


def _raw_cell(package: PackageReader, part: str, row: int, col: int) -> tuple[str | None, str | None]:
    """(type attribute, text) of the cell: the text of ``<v>``, or of an inline string's ``<t>`` runs."""
    with package.stream(part) as stream:
        at_row = 0
        for _event, element in etree.iterparse(_Bounded(stream), events=("end",), tag=_ROW, resolve_entities=False, no_network=True):
            number = element.get("r")
            at_row = int(number) if number else at_row + 1
            if at_row > row:
                return None, None
            if at_row == row:
                return _in_row(element, col)
            element.clear()
    return None, None


def _in_row(row: etree._Element, col: int) -> tuple[str | None, str | None]:
    at_col = -1
    for cell in row.iter(_CELL):
        ref = cell.get("r")
        at_col = split_a1(ref)[1] if ref else at_col + 1
        if at_col > col:
            break
        if at_col == col:
            kind = cell.get("t")
            if kind == "inlineStr":
                inline = cell.find(_INLINE)
                return kind, None if inline is None else "".join(t.text or "" for t in inline.iter(_TEXT))
            value = cell.find(_VALUE)
            return kind, None if value is None else value.text
    return None, None


def _shared_string(package: PackageReader, index: int) -> str | None:
    book = package.workbook_part()
    rels = etree.fromstring(package.read(rels_part_for(book)), parser=safe_parser())
    targets = [resolve_target(book, r.get("Target", "")) for r in rels if r.get("Type") == RT_SHARED_STRINGS]
    if not targets or not package.has(targets[0]):
        return None
    with package.stream(targets[0]) as stream:
        for n, (_event, item) in enumerate(
            etree.iterparse(_Bounded(stream), events=("end",), tag=f"{{{NS_MAIN}}}si", resolve_entities=False, no_network=True)
        ):
            if n == index:  # plain text, or rich-text runs; never a phonetic guide (rPh)
                runs = [item.find(_TEXT), *(r.find(_TEXT) for r in item.iterfind(f"{{{NS_MAIN}}}r"))]
                return "".join(t.text or "" for t in runs if t is not None)
            item.clear()
    return None
