"""The texts of a few cells in the first rows of a worksheet part already in hand, shared strings resolved.

The reader asks for them only when a sheet has cells far outside its table
and the box it reads would leave out cells of the rows a header may be in
(:func:`xl_tracker.ooxml.sheet_reach.core_box`): a header of the sheet's
own is kept, a stray value is not. So the part is parsed only down to the
last row asked about, and the shared strings only up to the last index
needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from lxml import etree

from xl_tracker.cells import split_a1
from xl_tracker.ooxml.namespaces import NS_MAIN, RT_SHARED_STRINGS
from xl_tracker.ooxml.package import PackageReader, rels_part_for, resolve_target, safe_parser

_ROW, _CELL, _VALUE, _INLINE, _TEXT, _ITEM, _RUN = (f"{{{NS_MAIN}}}{t}" for t in ("row", "c", "v", "is", "t", "si", "r"))


def top_cell_texts(package: PackageReader, sheet_xml: bytes, cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """(row, column), both 1-based -> the text the cell shows: a shared or inline string, a formula's text result, a number as written.

    Cells that are blank, errors or not found are left out. Rows and cells
    without an ``r`` address follow the one before, as in Excel.
    """
    wanted = set(cells)
    if not wanted:
        return {}
    last = max(r for r, _c in wanted)
    raw: dict[tuple[int, int], tuple[str | None, str]] = {}
    row = 0
    for _event, element in etree.iterparse(
        BytesIO(sheet_xml), events=("end",), tag=_ROW, resolve_entities=False, no_network=True, huge_tree=True
    ):
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
