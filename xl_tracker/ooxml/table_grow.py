"""Grow an existing Excel Table on a user's sheet: new columns on its right, new rows below it.

``upgrade`` gives a table the columns a newer contract defines (appended on
the right, so no cell the user filled moves and no formula pointing at the
sheet changes meaning) and gives the Settings table the settings it lacks
(appended below). Only cells that were empty are written, and only when the
whole strip they need is empty: a value, formula, merged range or other
table in the way stops the upgrade of that table with a message naming the
cell, and nothing is written. What the new cells look like and how they are
checked (width, number format, dropdown, input message) is copied from the
same column of a workbook built from the contract.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from xl_tracker.cells import column_letters, split_a1
from xl_tracker.ooxml.namespaces import NS_MAIN

_M = f"{{{NS_MAIN}}}"
_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup",
    "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
    "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
    "extLst",
)
"""The children of ``<worksheet>`` in the order ISO 29500 (CT_Worksheet) requires."""


class Blocked(Exception):
    """A table cannot grow without overwriting something: the message says which cell to clear."""


@dataclass(frozen=True)
class Box:
    """A cell range by 1-based rows and 0-based columns."""

    top: int
    left: int
    bottom: int
    right: int

    @classmethod
    def parse(cls, ref: str) -> Box:
        first, _, last = ref.partition(":")
        r1, c1 = split_a1(first)
        r2, c2 = split_a1(last or first)
        if c1 < 0 or c2 < 0:
            raise ValueError(f"not a cell range: {ref!r}")
        return cls(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))

    def ref(self) -> str:
        return f"{column_letters(self.left)}{self.top}:{column_letters(self.right)}{self.bottom}"

    def overlaps(self, other: Box) -> bool:
        return not (other.right < self.left or other.left > self.right or other.bottom < self.top or other.top > self.bottom)


@dataclass(frozen=True)
class NewCell:
    """A cell to add: its 0-based column, the donor's ``<c>`` (format and inline text already the target's)."""

    column: int
    element: etree._Element


def child(root: etree._Element, tag: str, create: bool = True) -> etree._Element | None:
    """The worksheet's child ``tag``, created at its place in the schema's order when missing."""
    found = root.find(_M + tag)
    if found is not None or not create:
        return found
    el = etree.Element(_M + tag)
    later = set(_ORDER[_ORDER.index(tag) + 1 :])
    for i, existing in enumerate(root):
        if isinstance(existing.tag, str) and etree.QName(existing).localname in later:
            root.insert(i, el)
            return el
    root.append(el)
    return el


def _has_content(cell: etree._Element) -> bool:
    return any(c.tag in (_M + "v", _M + "f", _M + "is") for c in cell)


def _rows(sheet_data: etree._Element) -> dict[int, etree._Element]:
    return {int(r.get("r")): r for r in sheet_data.iter(_M + "row") if r.get("r", "").isdigit()}


def _row(sheet_data: etree._Element, number: int) -> etree._Element:
    """Row ``number``, created in order when the sheet has no such row yet."""
    rows = _rows(sheet_data)
    if number in rows:
        return rows[number]
    el = etree.Element(_M + "row", r=str(number))
    after = [n for n in rows if n < number]
    if after:
        rows[max(after)].addnext(el)
    else:
        sheet_data.insert(0, el)
    return el


def _cell_column(cell: etree._Element) -> int:
    return split_a1(cell.get("r", ""))[1]


def check_empty(sheet: etree._Element, box: Box, other_tables: Sequence[Box], sheet_name: str, what: str) -> None:
    """Raise :class:`Blocked` when anything occupies ``box``."""
    sheet_data = child(sheet, "sheetData", create=False)
    if sheet_data is not None:
        for number, row in _rows(sheet_data).items():
            if not box.top <= number <= box.bottom:
                continue
            for cell in row.iter(_M + "c"):
                if box.left <= _cell_column(cell) <= box.right and _has_content(cell):
                    raise Blocked(
                        f"'{sheet_name}'!{cell.get('r')} is not empty, but {what} needs that cell: "
                        "move its content elsewhere and upgrade again"
                    )
    merges = child(sheet, "mergeCells", create=False)
    for merge in [] if merges is None else merges.iter(_M + "mergeCell"):
        try:
            merged = Box.parse(merge.get("ref", ""))
        except ValueError:
            continue
        if merged.overlaps(box):
            raise Blocked(f"'{sheet_name}'!{merged.ref()} is a merged range in the way of {what}: unmerge or move it and upgrade again")
    for other in other_tables:
        if other.overlaps(box):
            raise Blocked(f"another table on '{sheet_name}' ({other.ref()}) is in the way of {what}: move it and upgrade again")


def place_cells(sheet: etree._Element, number: int, cells: Sequence[NewCell]) -> None:
    """Put ``cells`` into row ``number`` in column order, each with its address."""
    row = _row(child(sheet, "sheetData"), number)
    for new in sorted(cells, key=lambda c: c.column):
        el = copy.deepcopy(new.element)
        el.set("r", f"{column_letters(new.column)}{number}")
        before = next((c for c in row.iter(_M + "c") if _cell_column(c) > new.column), None)
        if before is None:
            row.append(el)
        else:
            before.addprevious(el)
    spans = row.get("spans")
    if spans and ":" in spans:
        first, last = (int(x) for x in spans.split(":"))
        columns = [c.column + 1 for c in cells]
        row.set("spans", f"{min(first, *columns)}:{max(last, *columns)}")


def set_column_look(sheet: etree._Element, column: int, donor_col: etree._Element | None) -> None:
    """Give a new column the donor's width and format, unless the user already set one for it."""
    if donor_col is None:
        return
    cols = child(sheet, "cols")
    n = column + 1
    for col in cols.iter(_M + "col"):
        if int(col.get("min", "0")) <= n <= int(col.get("max", "0")):
            return
    el = copy.deepcopy(donor_col)
    el.set("min", str(n))
    el.set("max", str(n))
    before = next((c for c in cols.iter(_M + "col") if int(c.get("min", "0")) > n), None)
    if before is None:
        cols.append(el)
    else:
        before.addprevious(el)


def add_validation(sheet: etree._Element, donor_validation: etree._Element | None, box: Box) -> None:
    """The donor's check for a column (or cell), on ``box`` of the target."""
    if donor_validation is None:
        return
    validations = child(sheet, "dataValidations")
    el = copy.deepcopy(donor_validation)
    el.set("sqref", box.ref() if box.top != box.bottom or box.left != box.right else f"{column_letters(box.left)}{box.top}")
    validations.append(el)
    validations.set("count", str(len(validations.findall(_M + "dataValidation"))))


def extend_dimension(sheet: etree._Element, box: Box) -> None:
    dimension = child(sheet, "dimension", create=False)
    if dimension is None:
        return
    try:
        current = Box.parse(dimension.get("ref", ""))
    except ValueError:
        return
    grown = Box(min(current.top, box.top), min(current.left, box.left), max(current.bottom, box.bottom), max(current.right, box.right))
    dimension.set("ref", grown.ref())


def grow_table(table: etree._Element, headers: Sequence[str] = (), rows: int = 0) -> Box:
    """The table part with ``headers`` appended as columns and ``rows`` more rows; returns its new range."""
    box = Box.parse(table.get("ref", ""))
    grown = Box(box.top, box.left, box.bottom + rows, box.right + len(headers))
    table.set("ref", grown.ref())
    auto_filter = table.find(_M + "autoFilter")
    if auto_filter is not None:
        auto_filter.set("ref", Box(grown.top, grown.left, grown.bottom - int(table.get("totalsRowCount", "0") or 0), grown.right).ref())
    if headers:
        columns = table.find(_M + "tableColumns")
        ids = [int(c.get("id", "0")) for c in columns.findall(_M + "tableColumn")]
        for n, header in enumerate(headers, start=1):
            etree.SubElement(columns, _M + "tableColumn", id=str(max(ids, default=0) + n), name=header)
        columns.set("count", str(len(columns.findall(_M + "tableColumn"))))
    return grown


__all__ = [
    "Blocked", "Box", "NewCell", "add_validation", "check_empty", "child", "extend_dimension", "grow_table",
    "place_cells", "set_column_look",
]
