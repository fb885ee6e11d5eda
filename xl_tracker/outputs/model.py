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
import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol, Union

CellValue = Union[str, float, int, bool, dt.date, dt.datetime, None]
"""What a cell may hold. Text is always written as text, never as a formula."""

NOT_AVAILABLE = "#N/A"
"""The cached value of a formula that gives ``NA()``: a chart leaves the point out."""


@dataclass(frozen=True)
class Formula:
    """A formula xl-tracker wrote itself (never text from a workbook), with the value it gives when written.

    ``text`` starts with ``=``; ``cached`` is its value for the workbook as
    written (:data:`NOT_AVAILABLE` for ``NA()``), stored with it so that a
    reader that does not recalculate (LibreOffice's PDF, a previewer, a
    chart's cache) shows the real figures. Only the builders make these: a
    string cell is always text.
    """

    text: str
    cached: CellValue = None


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
    NUMBER = "number"
    """A number as typed (General), right-aligned like every number."""


def _padded(code: str) -> str:
    """A right-aligned format with a space's width after the value (``_)``), for a number and a text (its header) alike.

    Without it a right-aligned number runs into the left-aligned text of
    the next column: "66.7%Behind schedule", "2.20Endline".
    """
    return f"{code}_);-{code}_);{code}_);@_)"


NUMBER_FORMATS: dict[NumberKind, str] = {
    NumberKind.GENERAL: "General",
    NumberKind.TEXT: "@",
    NumberKind.INTEGER: _padded("0"),
    NumberKind.DECIMAL: _padded("0.00"),
    NumberKind.PERCENT: _padded("0.0%"),
    NumberKind.DATE: _padded("dd/mm/yyyy"),
    NumberKind.DATETIME: _padded("dd/mm/yyyy hh:mm"),
    NumberKind.NUMBER: "General",
}
"""The Excel number format code of each kind (dates day first: Kenya)."""

RIGHT_ALIGNED = frozenset({NumberKind.INTEGER, NumberKind.DECIMAL, NumberKind.PERCENT, NumberKind.DATE, NumberKind.DATETIME, NumberKind.NUMBER})
"""Kinds whose cells, and the header above them, are right-aligned so that digits line up under their header.

A General or text column keeps Excel's default (text left, a stray number right)."""


def alignment_of(kind: NumberKind) -> str | None:
    """The horizontal alignment of a column of this kind: ``right`` for numbers and dates, None (Excel's default) otherwise."""
    return "right" if kind in RIGHT_ALIGNED else None


class Tone(str, Enum):
    """What a status or flag says about its row, shown as a traffic-light fill by native conditional formatting."""

    GOOD = "good"
    CAUTION = "caution"
    BAD = "bad"


@dataclass(frozen=True)
class Highlight:
    """Cells coloured by their own text through native conditional formatting (a rule in the sheet, not a fixed fill).

    A cell of ``columns`` (grid columns), rows ``first_row``..``last_row``,
    takes the tone's look when its text equals one of ``equals`` or contains
    one of ``contains`` (both case-insensitive, as Excel compares text).
    With ``key_column`` set, every cell of the row from column 0 to the last
    of ``columns`` is coloured by the text of that column instead (the
    Issues sheet: a row by its severity).
    """

    tone: Tone
    columns: tuple[int, ...]
    first_row: int
    last_row: int
    equals: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    key_column: int | None = None

    def formula(self, top: int, left: int) -> str:
        """The rule's formula relative to the cell at grid (``top``, ``left``): the top-left cell of the area it applies to."""
        from xl_tracker.cells import column_letters

        if self.key_column is not None:
            ref = f"${column_letters(self.key_column)}{top + 1}"
        else:
            ref = f"{column_letters(left)}{top + 1}"
        return self._tests(ref)

    def formula_anywhere(self) -> str:
        """The same test with no reference that depends on where it is read from (``INDIRECT("RC",FALSE)`` is the cell itself).

        Excel reads a relative reference in a rule added through COM from
        the active cell, not from the range's corner; the xlwings writer
        uses this form.
        """
        own = 'INDIRECT("RC",FALSE)' if self.key_column is None else f'INDIRECT("RC{self.key_column + 1}",FALSE)'
        return self._tests(own)

    def _tests(self, ref: str) -> str:
        def text(value: str) -> str:
            return '"' + value.replace('"', '""') + '"'

        tests = [f"{ref}={text(v)}" for v in self.equals] + [f"ISNUMBER(SEARCH({text(v)},{ref}))" for v in self.contains]
        return tests[0] if len(tests) == 1 else "OR(" + ",".join(tests) + ")"


PRINT_SCALE = 68
"""Sheets print at this scale (nearly 8 pt text from 11 pt), smaller only when their columns need it to fit the page width.

At 100 % the demo's long input sheets (Progress: 366 rows) ran to a page per 47 rows."""
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.4, "bottom": 0.5, "header": 0.2, "footer": 0.2}
"""Page margins in inches: narrow, the footer inside the bottom margin."""


POINTS_PER_UNIT, POINTS_PER_COLUMN = 7.05, 5.0
"""Printed width at 100 % of a column ``w`` units wide, as LibreOffice draws it: ``7.05 w + 5`` points (measured on the
demo's PDF: Progress's four columns, 76 units, span 370 pt at 68 %; Offer matches' ten, 186 units, fill a 537 pt page at
39 %). Excel draws a unit narrower (``7w + 5`` pixels at 96 per inch), so a sheet that fits LibreOffice's page fits Excel's."""
_PRINTABLE_POINTS = {False: (8.27 * 72 - 0.8 * 72, 11.69 * 72 - 0.9 * 72), True: (11.69 * 72 - 0.8 * 72, 8.27 * 72 - 0.9 * 72)}
"""(width, height) inside the margins of an A4 page, portrait and landscape, in points."""
READABLE_SCALE = 45
"""Below this scale 11 pt text prints smaller than 5 pt, too small to read: the orientation is chosen to keep a sheet at or
above it where it can, before it saves pages. (Text reads well from 60 %; a floor that high would add 13 pages to the demo,
the long logs turning landscape.)"""


def print_scale(widths: Sequence[float], landscape: bool) -> int | None:
    """The print scale (%) of a sheet with these column widths, or None to shrink it to the page width (fit to 1 page wide).

    A fixed scale keeps a narrow sheet from printing at 100 % (a page per
    47 rows); a sheet wider than the page at that scale is fitted instead,
    so its columns are on the page width whatever widths Excel gives them.
    """
    return PRINT_SCALE if fitted_scale(widths, landscape) >= PRINT_SCALE else None


def fitted_scale(widths: Sequence[float], landscape: bool) -> float:
    """The scale (%) at which these columns fill the printable width, at most :data:`PRINT_SCALE`."""
    points = sum(POINTS_PER_UNIT * (w or 0) + POINTS_PER_COLUMN for w in widths)
    return min(PRINT_SCALE, 100 * _PRINTABLE_POINTS[landscape][0] / points) if points else PRINT_SCALE


def printed_pages(widths: Sequence[float], height: float, landscape: bool) -> int:
    """Pages a sheet ``height`` points tall takes fitted to the page width in this orientation (an estimate)."""
    return max(1, math.ceil(height * fitted_scale(widths, landscape) / 100 / _PRINTABLE_POINTS[landscape][1]))


def landscape(widths: Sequence[float], height: float = 0.0) -> bool:
    """Whether a sheet with these column widths and rows ``height`` points tall prints landscape (one rule for every sheet).

    Readable text first: the orientation whose text is larger, as long as
    one of them is below :data:`READABLE_SCALE`. Then the one that takes fewer
    pages (a long table stays upright, where a page holds half as many rows
    again), then the larger text (a short wide table turns across the page).
    """
    def cost(wide: bool) -> tuple[float, int, float]:
        scale = fitted_scale(widths, wide)
        return -min(scale, READABLE_SCALE), printed_pages(widths, height, wide), -scale

    return cost(True) < cost(False)


LINE_HEIGHT = 15.0
"""Points per line of 11 pt text."""


@functools.lru_cache(maxsize=65536)
def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` units wide: greedy word wrap; the one estimate every wrapped row's height comes from.

    Cached: a table sheet asks it once per wrapped cell, and status or
    reason texts repeat.

    A unit is the width of a digit; average text is narrower, about 1.2
    characters a unit (measured on the Issues sheet's messages in LibreOffice's
    PDF: a 48-unit column holds about 60 characters a line).
    """
    room = max(int(width * 1.2) - 1, 1)
    lines, used = 1, 0
    for word in text.split():
        size = len(word)
        if used and used + 1 + size > room:
            lines += 1 + (size - 1) // room
            used = size % room or room
        elif not used:
            lines += (size - 1) // room
            used = size % room or room
        else:
            used += 1 + size
    return lines + text.count("\n")


def rows_height(rows: int, heights: dict[int, float]) -> float:
    """Points that ``rows`` grid rows take, those in ``heights`` (grid row -> points) at their height, the others one line."""
    return LINE_HEIGHT * rows + sum(h - LINE_HEIGHT for r, h in heights.items() if r < rows)


def sentence_height(text: str, width: float) -> float:
    """The height in points of a row whose wrapped text fills ``width`` units (about a character each).

    Spreadsheets do not grow a row for wrapped text written by a program
    (LibreOffice prints such rows over each other), so a wrapped sentence
    gets its row height from here.
    """
    return LINE_HEIGHT * wrapped_lines(text, width) + 2


FOOTER = "&L&A&CPage &P of &N&R&D"
"""Every printed page's footer: the sheet's name left, page x of y centre, the print date right (Excel's header/footer codes)."""


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

TABLE_STYLE = "TableStyleLight1"
"""Excel's built-in table style for output tables, in both writers. Its header row has dark text: the output
headers' look above sets a light grey fill and no font colour, and Excel lets a table style colour a font the cell
leaves unset, so a style with white header text (TableStyleMedium2, xlwings' default) would print white on grey."""

TONE_LOOKS: dict[Tone, Look] = {
    Tone.GOOD: Look(colour="#006100", fill="#C6EFCE"),
    Tone.CAUTION: Look(colour="#9C5700", fill="#FFEB9C"),
    Tone.BAD: Look(colour="#9C0006", fill="#FFC7CE"),
}
"""The fill and font of each tone: Excel's own Good / Neutral / Bad cell styles, which LibreOffice shows alike."""


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
    ``"scatter"`` (one series: its categories are the x cells, its values the y cells),
    ``"run"`` (a run chart: every series' categories are the same date cells, drawn as lines);
    ``percent_axis`` shows the value axis as a percentage. ``axis_min`` and
    ``axis_max`` fix the value axis (scores on the indicator scale, 1 to 5,
    not the 0 to 4 a spreadsheet would pick); None lets it choose. The chart
    covers ``width_cols`` columns and ``height_rows`` rows from ``anchor``.
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
    axis_min: float | None = None
    axis_max: float | None = None


@dataclass(frozen=True)
class ListValidation:
    """A cell whose value is picked from a list of cells (``source``), with a message shown when it is selected."""

    row: int
    col: int
    source: CellRange
    title: str
    prompt: str


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
    wrap_columns: frozenset[int] = frozenset()
    """Columns cut to the width cap whose text wraps within the column instead of running past the page."""
    highlights: tuple[Highlight, ...] = ()
    """Conditional formatting: status and flag cells coloured by their text."""
    spans: dict[int, int] = field(default_factory=dict)
    """Free-layout grid row -> columns its column-A sentence spans: merged across them, wrapped, its height set (``row_heights``)."""
    landscape: bool = False
    """Print across the page; every sheet is fitted to the page width and repeats its header row on every page."""
    one_page: bool = False
    """Fit the whole sheet on one printed page (the Dashboard)."""
    pages_wide: int = 1
    """Pages its columns are printed across; beyond one, the first column is repeated on each (the roll-up's Counties)."""
    validations: tuple[ListValidation, ...] = ()
    """Cells that offer a list to pick from (the Run charts sheet's measure selector)."""
    print_area: CellRange | None = None
    """The part of the sheet that prints; None: all it holds (an area would go stale as the rows change)."""

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


def print_names(content: SheetContent) -> dict[str, str | None]:
    """The sheet's built-in print names: its header row repeated on every page; a print area only where the sheet sets one.

    Without a print area a sheet prints what it holds, charts included, so
    nothing goes stale when the rows change; and a name that changed with
    every refresh would rewrite workbook.xml every time (the Run charts
    sheet's area is fixed: its title, selector and chart, without the
    tables beside them that feed it). A print area left
    on an output sheet (by hand, or an earlier version) is removed.
    """
    name = "'" + content.name.replace("'", "''") + "'"
    area = content.print_area.formula() if content.print_area is not None else None
    titles = [f"{name}!$A:$A"] if content.pages_wide > 1 else []  # columns first, as Excel writes them
    if content.headers:
        titles.append(f"{name}!$1:$1")
    return {"_xlnm.Print_Titles": ",".join(titles) or None, "_xlnm.Print_Area": area}


def pages_wide(widths: Sequence[float], landscape: bool) -> int:
    """Pages a sheet's columns print across so that its text stays at :data:`GOOD_SCALE` or larger (at most 3).

    For a wide table read across (23 columns of county figures): one page
    fitted would print it at under half size.
    """
    return max(1, min(3, math.ceil(GOOD_SCALE / fitted_scale(widths, landscape) - 0.05)))


GOOD_SCALE = 60
"""The scale (%) from which printed text reads well (see :data:`READABLE_SCALE`)."""


class PendingSheet:
    """A sheet placed by its name before its content exists: a writer builds it after every other sheet.

    The roll-up's Learn from sheet waits for a worker process's matching;
    the file writer renders and deflates the other sheets meanwhile, then
    calls :meth:`content` (once: the result is kept) and writes it in its
    place.
    """

    def __init__(self, name: str, build: Callable[[], SheetContent]):
        self.name = name
        self._build: Callable[[], SheetContent] | None = build
        self._content: SheetContent | None = None

    def content(self) -> SheetContent:
        if self._content is None:
            assert self._build is not None
            built = self._build()
            if built.name != self.name:
                raise ValueError(f"the pending sheet '{self.name}' was built as '{built.name}'")
            self._content, self._build = built, None
        return self._content


AnySheet = Union[SheetContent, PendingSheet]


def built_sheet(sheet: AnySheet) -> SheetContent:
    """The sheet's content (a pending sheet is built now, once)."""
    return sheet.content() if isinstance(sheet, PendingSheet) else sheet


class OutputWriter(Protocol):
    """Writes output sheets into a workbook, replacing any sheets of the same names.

    An implementation rewrites each named sheet completely and changes
    nothing else the workbook holds. New sheets go after the existing ones,
    in the given order, pending ones too (:class:`PendingSheet`: the file
    writer builds them after the others, the xlwings writer where it meets
    them); a sheet that exists keeps its position.
    """

    def write_sheets(self, sheets: Sequence[AnySheet]) -> None: ...
