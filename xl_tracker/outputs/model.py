"""What an output sheet holds, independent of how it is written.

The builder (:mod:`xl_tracker.outputs.sheets`) turns a tracker run into a
list of :class:`SheetContent`; a writer puts them into a workbook. There
are two writers behind the one :class:`OutputWriter` protocol: the package
writer for a file (:class:`xl_tracker.ooxml.writer.PackageOutputWriter`)
and the xlwings writer for the book open in Excel (``xl_tracker.excel``).
Both must give a person the same sheets, so everything a sheet shows
(values, number formats, widths, table, frozen header, links, big headline
cells, charts) is described here and nothing else is decided by a writer.

Coordinates are 0-based positions in the sheet grid: ``(0, 0)`` is A1.
When a sheet has ``headers`` they are row 0 and ``rows[i]`` is grid row
``i + 1``; a free-layout sheet (Dashboard, About) has no headers and
``rows[0]`` is grid row 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol, Union

CellValue = Union[str, float, int, bool, dt.date, dt.datetime, None]
"""What a cell may hold. Text is always written as text, never as a formula."""


EXCEL_MAX_ROWS = 1_048_576
"""Rows of a worksheet; a table sheet shows at most this minus its header row."""


class NumberKind(str, Enum):
    """How a number is shown. Stored values are never rounded: this is display only."""

    GENERAL = "general"
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    DATE = "date"
    DATETIME = "datetime"


NUMBER_FORMATS: dict[NumberKind, str] = {
    NumberKind.GENERAL: "General",
    NumberKind.TEXT: "@",
    NumberKind.INTEGER: "0",
    NumberKind.DECIMAL: "0.00",
    NumberKind.PERCENT: "0.0%",
    NumberKind.DATE: "dd/mm/yyyy",
    NumberKind.DATETIME: "dd/mm/yyyy hh:mm",
}
"""The Excel number format code of each kind (dates day first: Kenya)."""


class Emphasis(str, Enum):
    """How a cell looks beyond its number format."""

    NORMAL = "normal"
    HEADER = "header"
    """A table's header row: bold on a grey fill."""
    TITLE = "title"
    """A sheet title on a free-layout sheet: bold, 14 pt."""
    LABEL = "label"
    """A label beside a value on a free-layout sheet: bold."""
    HEADLINE = "headline"
    """A headline figure: bold, 24 pt."""
    NOTE = "note"
    """Explanatory text: grey italic, wrapped."""
    LINK = "link"
    """A hyperlink: blue, underlined."""
    WRAPPED = "wrapped"
    """Text read in full: wrapped within the column's width, top-aligned (the Overlaps sheet's titles and reasons)."""


@dataclass(frozen=True)
class Look:
    """How a cell looks beyond its value and number format: what every writer renders, and all it renders.

    Colours are ``#RRGGBB``; ``size`` in points (None: the workbook's
    default font size). The file writer (:mod:`xl_tracker.ooxml.styles`)
    renders every field; the xlwings writer (:mod:`xl_tracker.excel`)
    renders every field but ``underline``, which xlwings' Font does not
    offer (only its Windows-only ``api`` does).
    """

    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float | None = None
    colour: str | None = None
    fill: str | None = None
    """Solid background colour."""
    wrap: bool = False
    vertical: str | None = None
    """``top`` (None: Excel's default, bottom)."""


LOOKS: dict[Emphasis, Look] = {
    Emphasis.NORMAL: Look(),
    Emphasis.HEADER: Look(bold=True, fill="#D9D9D9", wrap=True, vertical="top"),
    Emphasis.TITLE: Look(bold=True, size=14),
    Emphasis.LABEL: Look(bold=True),
    Emphasis.HEADLINE: Look(bold=True, size=24),
    Emphasis.NOTE: Look(italic=True, colour="#595959"),
    Emphasis.LINK: Look(underline=True, colour="#0563C1"),
    Emphasis.WRAPPED: Look(wrap=True, vertical="top"),
}
"""The look of each emphasis: the one place fonts, fills and alignment are decided."""


@dataclass(frozen=True)
class Link:
    """A hyperlink from a cell to a place in the workbook, e.g. ``'Assessments'!F12``."""

    row: int
    col: int
    target: str


@dataclass(frozen=True)
class CellRange:
    """A rectangle of a sheet, inclusive, 0-based; ``formula()`` gives ``'Dashboard'!$A$5:$A$8``."""

    sheet: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def formula(self) -> str:
        from xl_tracker.cells import column_letters

        name = "'" + self.sheet.replace("'", "''") + "'"
        first = f"${column_letters(self.first_col)}${self.first_row + 1}"
        last = f"${column_letters(self.last_col)}${self.last_row + 1}"
        return f"{name}!{first}:{last}" if first != last else f"{name}!{first}"


@dataclass(frozen=True)
class ChartSeries:
    """One series: its name, category labels and values, all cells of the same sheet."""

    name: str
    categories: CellRange
    values: CellRange


@dataclass(frozen=True)
class Chart:
    """A native Excel chart placed over the grid.

    ``kind`` is ``"column"`` (vertical bars), ``"bar"`` (horizontal) or
    ``"scatter"`` (one series: its categories are the x cells, its values the y cells);
    ``percent_axis`` shows the value axis as a percentage. The chart covers
    ``width_cols`` columns and ``height_rows`` rows from ``anchor``.
    """

    kind: str
    title: str
    series: tuple[ChartSeries, ...]
    anchor_row: int
    anchor_col: int
    width_cols: int = 8
    height_rows: int = 16
    percent_axis: bool = False
    axis_titles: tuple[str, str] = ()
    """A scatter's (x, y) axis titles."""
    x_percent: bool = False
    """A scatter's x axis as a percentage."""


@dataclass
class SheetContent:
    """Everything one output sheet shows.

    ``kinds`` gives the number format per column (same length as the widest
    row); ``cell_kinds`` overrides it for single cells. ``emphasis`` marks
    cells that look different (the header row of a table is emphasised by
    the writer, it is not listed here). ``table`` is the Excel Table name
    spanning the header and rows, or ``None`` for a free-layout sheet.
    """

    name: str
    headers: tuple[str, ...] = ()
    rows: list[tuple[CellValue, ...]] = field(default_factory=list)
    kinds: tuple[NumberKind, ...] = ()
    widths: tuple[float, ...] = ()
    table: str | None = None
    freeze_header: bool = False
    links: tuple[Link, ...] = ()
    cell_kinds: dict[tuple[int, int], NumberKind] = field(default_factory=dict)
    emphasis: dict[tuple[int, int], Emphasis] = field(default_factory=dict)
    charts: tuple[Chart, ...] = ()
    row_heights: dict[int, float] = field(default_factory=dict)
    """Grid row -> height in points, for rows with large type (a headline, a title) or wrapped text."""
    column_emphasis: dict[int, Emphasis] = field(default_factory=dict)
    """Column -> the look of its body cells (below a header row), where ``emphasis`` does not say otherwise:
    one style per column, whatever the number of rows."""
    rows_left_out: int = 0
    """Rows beyond Excel's limit of :data:`EXCEL_MAX_ROWS` that the sheet cannot show (the About sheet says so)."""
    tab_colour: str | None = None
    """``#RRGGBB``; output sheets are grey so people can tell them from input sheets."""

    @property
    def first_row(self) -> int:
        """Grid row of ``rows[0]``: 1 below a header row, else 0."""
        return 1 if self.headers else 0

    def grid(self) -> list[tuple[CellValue, ...]]:
        """Header row (if any) and rows, as the sheet shows them from A1."""
        return [tuple(self.headers), *self.rows] if self.headers else list(self.rows)

    def kind_at(self, row: int, col: int) -> NumberKind:
        kind = self.cell_kinds.get((row, col))
        if kind is not None:
            return kind
        return self.kinds[col] if col < len(self.kinds) else NumberKind.GENERAL


class OutputWriter(Protocol):
    """Writes output sheets into a workbook, replacing any sheets of the same names.

    An implementation rewrites each named sheet completely and changes
    nothing else the workbook holds. New sheets go after the existing ones;
    a sheet that exists keeps its position.
    """

    def write_sheets(self, sheets: Sequence[SheetContent]) -> None: ...
