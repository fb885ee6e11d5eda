"""The ribbon buttons: entry points that xlwings' ``RunPython`` calls from the open workbook.

Each button of the "CHMT Tracker" tab (``macros/customUI14.xml``) runs one
function here (``macros/Tracker.bas``). It reads the book as it is on
screen, unsaved edits included, through xlwings into the same
:class:`~xl_tracker.reader.WorkbookData` the file reader makes (the
reader's per-sheet function does the reading), runs the same core
(:func:`xl_tracker.pipeline.run_on_data`) and writes the output sheets
back through xlwings, each in a handful of bulk range writes.

A person clicking a button sees progress in the status bar and, at the
end, one message box in plain words: what was done, or what went wrong and
what to do. Never a traceback: the details of an unexpected failure go to
a log file that the message names. Imports are lazy, because every click
starts a fresh Python that pays for each of them.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xl_tracker.outputs.model import AnySheet, SheetContent
    from xl_tracker.pipeline import TrackerRun
    from xl_tracker.reader import WorkbookData

TITLE = "CHMT Tracker"
FORMULA_STARTS = ("=", "+", "-", "@")
"""Text starting with one of these would become a formula if typed into Excel."""
REPORTS_SUFFIX = " reports"
SCREEN_WIDTH = 60
"""A table column whose longest text fits this many characters keeps Excel's AutoFit width on screen; a longer one is
set to the model's width and wraps (the file writer wraps every capped column: its widths are fitted to the printed page)."""
ERROR_LOG = "xl-tracker-last-error.log"


# --- reading the open book ----------------------------------------------------


def sheet_map(book) -> dict[str, object]:
    """Every sheet of the book by name, in workbook order: fetched once per click (each sheet and name is a round trip)."""
    return {sheet.name: sheet for sheet in book.sheets}


def sheet_grid(sheet) -> list[list[object]]:
    """The sheet's cells from A1 to the last used cell, as the file reader sees a sheet (row 0 = Excel row 1).

    One read of the used range; the rows and columns before it are blank
    and added here rather than read. Excel errors come back as their text
    (``#N/A``), which the reader reports as excel-error.
    """
    used = sheet.used_range
    top, left = used.row - 1, used.column - 1
    grid = used.options(ndim=2, err_to_str=True).value or []
    width = left + max((len(row) for row in grid), default=0)
    return [[None] * width for _ in range(top)] + [[None] * left + list(row) for row in grid]


def _may_hold_inputs(name: str) -> bool:
    """Sheets xl-tracker writes itself (outputs, Start here, xlwings.conf) hold no input table worth a round trip."""
    from xl_tracker.contract import OUTPUT_SHEETS_BY_NAME, START_HERE
    from xl_tracker.ribbon.config_sheet import CONFIG_SHEET

    return name not in OUTPUT_SHEETS_BY_NAME and name not in (START_HERE, CONFIG_SHEET)


def read_book(
    book,
    progress: Callable[[str], None] = lambda _: None,
    today: dt.date | None = None,
    sheets: dict[str, object] | None = None,
) -> WorkbookData:
    """Read every input sheet of an open xlwings Book, exactly as the file reader reads a file.

    ``sheets`` is the click's :func:`sheet_map` (made here if not given).
    The book's file name is never asked for: a workbook opened from
    OneDrive or SharePoint has a web address that xlwings may fail to map
    to a local file, and the open book is all the reader needs.
    """
    from xl_tracker.reader import WorkbookSource, read_source

    sheets = sheet_map(book) if sheets is None else sheets
    tables = {
        table.name.casefold(): (name, _header_row_of(table))
        for name, sheet in sheets.items()
        if _may_hold_inputs(name)
        for table in sheet.tables
    }
    names = list(sheets)
    progress("reading the input sheets")
    source = WorkbookSource(Path(book.name), names, names, tables, lambda name: sheet_grid(sheets[name]))
    return read_source(source, today)


def _header_row_of(table) -> Callable[[], int]:
    """The table's header row (0-based), asked of Excel only if the reader needs it: rarely, as the grid usually decides."""
    return lambda: table.range.row - 1


def local_path(book) -> Path | None:
    """The workbook's file on this computer, or None: never saved (``Book1``), or on OneDrive/SharePoint without a synced copy.

    xlwings maps a web address to the synced local file where it can and
    raises ``XlwingsError`` where it cannot; both cases without a local
    file are None here.
    """
    try:
        fullname = str(book.fullname or "")
    except Exception:  # xlwings.XlwingsError (cannot map the web address), or Excel refusing
        return None
    if not fullname or "://" in fullname or ("/" not in fullname and "\\" not in fullname):
        return None
    return Path(fullname)


# --- writing output sheets ----------------------------------------------------


def cell_for_excel(value: object, text_format: bool = False) -> object:
    """A value as it must be handed to Excel so that it shows exactly that value.

    Text is prefixed with an apostrophe, Excel's mark for "this is text",
    unless its cell is formatted as text (``@``, set before the values are
    written): without either, Excel would turn ``=SUM(A1)``, ``+254 700``,
    ``-x`` or ``@home`` into formulas and ``007`` or ``1/2`` into numbers
    and dates. The apostrophe is not part of the value. A missing number
    (NaN) is a blank cell, as in the file writer.
    """
    if value is None:
        return None
    if isinstance(value, str):
        if not value:
            return None
        return value if text_format else "'" + value
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    from xl_tracker.outputs.model import Formula

    if isinstance(value, Formula):
        return value.text  # one of xl-tracker's own formulas (a builder made it; text never is one)
    return value


def _hyperlink_formula(target: str, text: object) -> object:
    """A link cell as a ``HYPERLINK`` formula (written with the values, one write for the sheet), or the text if too long."""
    shown = "" if text is None else str(text)
    if len(shown) > 255 or len(target) > 254:
        return cell_for_excel(text)
    return '=HYPERLINK("#{}","{}")'.format(target.replace('"', '""'), shown.replace('"', '""'))


def _address(first_row: int, first_col: int, last_row: int | None = None, last_col: int | None = None) -> str:
    from xl_tracker.cells import a1

    top_left = a1(first_row + 1, first_col)
    if last_row is None or last_col is None or (last_row, last_col) == (first_row, first_col):
        return top_left
    return f"{top_left}:{a1(last_row + 1, last_col)}"


class _Areas:
    """One sheet's ranges by address while it is written: a range used twice (a chart's categories, a merged note) is asked for once.

    A range is asked for by its A1 address: one call in Excel on both
    platforms, where a pair of (row, column) tuples costs xlwings two more
    (on Windows ``Cells`` twice, on a Mac an Apple event per corner to learn
    its address). Every range the ribbon writes comes from here.
    """

    def __init__(self, sheet):
        self.sheet = sheet
        self._made: dict[str, object] = {}

    def __call__(self, first_row: int, first_col: int, last_row: int | None = None, last_col: int | None = None):
        address = _address(first_row, first_col, last_row, last_col)
        if address not in self._made:
            self._made[address] = self.sheet.range(address)
        return self._made[address]


def _render_look(rng, look) -> None:
    """Give a range the :class:`~xl_tracker.outputs.model.Look` the model describes (all of it but underline: xlwings' Font has none)."""
    if look.bold or look.italic or look.size or look.colour:
        font = rng.font
        if look.bold:
            font.bold = True
        if look.italic:
            font.italic = True
        if look.size:
            font.size = look.size
        if look.colour:
            font.color = look.colour
    if look.fill:
        rng.color = look.fill
    if look.wrap:
        rng.wrap_text = True
    if look.vertical:
        rng.vertical_alignment = look.vertical


def _within(look, other) -> bool:
    """Whether every property ``look`` gives, ``other`` gives the same (so cells of ``other`` may take ``look`` too)."""
    from dataclasses import fields

    return all(
        getattr(look, name) in (None, False) or getattr(look, name) == getattr(other, name)
        for name in (f.name for f in fields(look))
    )


def _blocks(cells: Sequence[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Cells as (first row, first col, last row, last col) runs, down the columns or along the rows, whichever needs
    fewer ranges: a header row of six cells is one range, not six (each range is a round trip per font property)."""
    down = [(start, col, end, col) for col, start, end in _runs(cells)]
    along = [(row, start, row, end) for row, start, end in _runs([(c, r) for r, c in cells])]
    return along if len(along) < len(down) else down


def _cell_strokes(kinds: dict[tuple[int, int], object], first: int) -> list[tuple[object, tuple[int, int, int, int], bool]]:
    """Number formats of single cells as few ranges as can give them: (kind, (top, left, bottom, right), align it).

    Runs down the columns (or along the rows, whichever is fewer), then
    side by side runs over the same rows as one rectangle, formats painted
    over each other where that is fewer (:func:`_paint`): a table of decimals
    beside percentages is two ranges, not one per column. Only cells of a
    kind are ever covered. A stroke over a header (above ``first``) of a
    right-aligned kind aligns it, as a header stands over its numbers.
    """
    from xl_tracker.outputs.model import NUMBER_FORMATS, alignment_of

    def strokes(cells: dict[tuple[int, int], object], flip: bool) -> list[tuple[object, tuple[int, int, int, int], bool]]:
        bands: dict[tuple[int, int], dict[int, object]] = {}
        for kind in dict.fromkeys(cells.values()):
            for col, start, end in _runs([cell for cell, k in cells.items() if k == kind]):
                bands.setdefault((start, end), {})[col] = kind
        out = []
        for (start, end), by_col in sorted(bands.items()):
            cols = sorted(by_col)
            segment = [cols[0]]
            for col in [*cols[1:], None]:
                same_look = col is not None and alignment_of(by_col[col]) == alignment_of(by_col[segment[0]])
                if col == segment[-1] + 1 and same_look:
                    segment.append(col)
                    continue
                formats = [NUMBER_FORMATS[by_col[c]] for c in segment]
                kind_of = {NUMBER_FORMATS[by_col[c]]: by_col[c] for c in segment}
                for n, (fmt, a, b) in enumerate(_paint(formats)):
                    box = (start, segment[a], end, segment[b])
                    top, left, bottom, right = (box[1], box[0], box[3], box[2]) if flip else box
                    out.append((kind_of[fmt], (top, left, bottom, right), n == 0 and bool(alignment_of(kind_of[fmt])) and top < first))
                segment = [col] if col is not None else []
        return out

    down = strokes(kinds, False)
    along = strokes({(c, r): k for (r, c), k in kinds.items()}, True)
    return along if len(along) < len(down) else down


def _runs(cells: Sequence[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Cells grouped into vertical runs (column, first row, last row), so one range call formats many cells."""
    runs: list[tuple[int, int, int]] = []
    for row, col in sorted(cells, key=lambda rc: (rc[1], rc[0])):
        if runs and runs[-1][0] == col and runs[-1][2] == row - 1:
            runs[-1] = (col, runs[-1][1], row)
        else:
            runs.append((col, row, row))
    return runs


def _span_of(content: SheetContent, first_row: int, first_col: int, last_row: int, last_col: int) -> int | None:
    """The last column of the merged rows a block of the first column lies in (all with one span), else None."""
    if first_col != 0 or last_col != 0:
        return None
    spans = {content.spans.get(r) for r in range(first_row, last_row + 1)}
    span = spans.pop() if len(spans) == 1 else None
    if not span or span < 2:
        return None
    same = [r for r in (first_row - 1, last_row + 1) if content.spans.get(r) == span]
    return None if same else span - 1  # the merged range is this block's rows exactly (a run of one span, see _spans)


def _column_strokes(kinds: Sequence) -> list[tuple[object, int, int, bool]]:
    """Number formats by column as few ranges as can give them: (kind, first column, last column, aligned).

    Adjacent right-aligned columns are one run, aligned in one range from
    its first stroke; inside a run, formats are painted over each other
    where that takes fewer ranges (integer over C:H, then date over E is
    two ranges, not three: the last stroke over a column is its format).
    Text columns are a range per run of them; General needs none.
    """
    from xl_tracker.outputs.model import NUMBER_FORMATS, NumberKind, alignment_of

    strokes: list[tuple[object, int, int, bool]] = []
    col = 0
    while col < len(kinds):
        kind = kinds[col]
        end = col
        aligned = bool(alignment_of(kind))
        while end + 1 < len(kinds) and (
            bool(alignment_of(kinds[end + 1])) and aligned if aligned else kinds[end + 1] == kind
        ):
            end += 1
        if aligned:
            run = [NUMBER_FORMATS[k] for k in kinds[col : end + 1]]
            kind_of = {NUMBER_FORMATS[k]: k for k in kinds[col : end + 1]}
            for n, (fmt, first, last) in enumerate(_paint(run)):
                strokes.append((kind_of[fmt], col + first, col + last, n == 0))
        elif kind is not NumberKind.GENERAL:
            strokes.append((kind, col, end, False))
        col = end + 1
    return strokes


def _paint(colours: Sequence[str]) -> list[tuple[str, int, int]]:
    """The fewest strokes (colour, first, last) that paint ``colours``, later strokes over earlier ones, the first over all.

    The "strange printer" recurrence: the first position not yet of its
    colour is painted from it to some k, the rest of that stretch is painted
    over it, and what follows k is done alone. Runs of output columns are
    short (at most some 25 columns), so the cubic search costs nothing.
    """
    from functools import lru_cache

    n = len(colours)

    @lru_cache(maxsize=None)
    def best(i: int, j: int, under: str | None) -> tuple[int, tuple[tuple[str, int, int], ...]]:
        while i <= j and colours[i] == under:
            i += 1
        if i > j:
            return 0, ()
        found: tuple[int, tuple[tuple[str, int, int], ...]] | None = None
        for k in range(i, j + 1):
            if colours[k] != colours[i]:
                continue
            inner, inner_strokes = best(i + 1, k, colours[i])
            rest, rest_strokes = best(k + 1, j, under)
            cost = 1 + inner + rest
            if found is None or cost < found[0]:
                found = (cost, ((colours[i], i, k), *inner_strokes, *rest_strokes))
        assert found is not None
        return found

    if not n:
        return []
    # some fewest strokes start with one over all (extending the first stroke changes nothing painted over later)
    under = min(dict.fromkeys(colours), key=lambda c: best(0, n - 1, c)[0])
    return [(under, 0, n - 1), *best(0, n - 1, under)[1]]


def _column_runs(column_emphasis: dict) -> list[tuple[object, int, int]]:
    """Adjacent columns of the same look as (look, first column, last column), so one range call styles them all."""
    runs: list[tuple[object, int, int]] = []
    for col in sorted(column_emphasis):
        look = column_emphasis[col]
        if runs and runs[-1][0] == look and runs[-1][2] == col - 1:
            runs[-1] = (look, runs[-1][1], col)
        else:
            runs.append((look, col, col))
    return runs


class XlwingsOutputWriter:
    """Writes output sheets into an open xlwings Book (the :class:`~xl_tracker.outputs.model.OutputWriter` protocol).

    Each call to xlwings is a round trip to Excel (milliseconds each, from
    the separate Python that RunPython starts), so a sheet is written in a
    number of calls that does not grow with its rows: cleared, number
    formats per run of columns, every value in one bulk write, widths (Excel's
    AutoFit on a table sheet, then the capped columns), the table, emphasis per run of
    cells, charts.
    Traffic lights are native conditional formats (xlwings' ``add_custom``)
    on the range the values went to; orientation, fit, footer and repeated
    header rows stay as the template or a file refresh set them (Excel's
    Clear leaves the page setup), and with no print area a sheet prints
    what it holds.
    Screen updating and calculation are off while writing and restored
    afterwards, even on failure. A sheet that exists keeps its place (and
    its tab colour and frozen header, which the file writer and the
    template put in the sheet's XML: desktop xlwings cannot freeze panes);
    a new one goes after the last sheet.
    """

    def __init__(self, book, progress: Callable[[str], None] = lambda _: None, sheets: dict[str, object] | None = None, app=None):
        self.book = book
        self.progress = progress
        self._sheets = sheets
        self._app = app

    def write_sheets(self, sheets: Sequence[AnySheet]) -> None:
        from xl_tracker.outputs.model import built_sheet

        app = self._app if self._app is not None else self.book.app
        calculation = app.calculation
        app.screen_updating = False
        app.calculation = "manual"
        try:
            for n, sheet in enumerate(sheets, start=1):
                self.progress(f"writing {sheet.name} ({n} of {len(sheets)})")
                self.write_sheet(built_sheet(sheet))
        finally:
            app.calculation = calculation
            app.screen_updating = True

    def _sheet(self, name: str):
        if self._sheets is None:
            self._sheets = sheet_map(self.book)
        if name in self._sheets:
            return self._sheets[name]
        last = list(self._sheets.values())[-1] if self._sheets else None
        sheet = self.book.sheets.add(name, after=last)
        self._sheets[name] = sheet
        return sheet

    def write_sheet(self, content: SheetContent) -> None:
        from xl_tracker.outputs.model import NUMBER_FORMATS, NumberKind, alignment_of

        sheet = self._sheet(content.name)
        if content.charts:  # an output sheet is rewritten completely, its charts too
            for chart in [c for c in sheet.charts]:
                chart.delete()
        sheet.clear()  # conditional formats and merges too; the page setup stays (the template or a file refresh set it)
        area = _Areas(sheet)
        grid = content.grid()
        width = max((len(r) for r in grid), default=0)
        height = len(grid)
        first = content.first_row
        if width and height > first:
            for kind, start, end, aligned in _column_strokes(content.kinds[:width]):
                # a right-aligned kind from the header row down, so a header stands aligned over its numbers
                # (not "@": a header typed into a text cell would keep its apostrophe)
                columns = area(0 if alignment_of(kind) else first, start, height - 1, end)
                columns.number_format = NUMBER_FORMATS[kind]
                if aligned:
                    columns.horizontal_alignment = alignment_of(kind)
            kinds = {
                cell: kind for cell, kind in content.cell_kinds.items()
                # a whole number shows as one, right-aligned, in a General cell: no call needed
                if not (kind is NumberKind.INTEGER and type(grid[cell[0]][cell[1]]) is int)
            }
            for kind, (top, left, bottom, right), aligned in _cell_strokes(kinds, first):
                block = area(top, left, bottom, right)
                block.number_format = NUMBER_FORMATS[kind]
                if aligned:  # a number is right-aligned anyway; a header over numbers is not
                    block.horizontal_alignment = alignment_of(kind)
        links = [(link.row, link.col) for link in content.links if link.row < height and link.col < width]
        text_columns = {c for c, kind in enumerate(content.kinds) if NUMBER_FORMATS[kind] == "@"}
        for col, start, end in _runs([cell for cell in links if cell[1] in text_columns or cell in content.cell_kinds]):
            # a HYPERLINK formula in a cell formatted as text would show as its own text (after clear() a cell is General)
            area(start, col, end, col).number_format = "General"
        values = self._values(content, grid, width)
        for link in content.links:
            if link.row < height and link.col < width:
                values[link.row][link.col] = _hyperlink_formula(link.target, grid[link.row][link.col] if link.col < len(grid[link.row]) else None)
        whole = area(0, 0, height - 1, width - 1) if height and width else None  # one range for values, AutoFit and table
        if values and whole is not None:
            whole.value = values
        self._widths(area, content, height, width, whole)
        if content.headers:
            from xl_tracker.outputs.model import LOOKS, Emphasis

            _render_look(area(0, 0, 0, len(content.headers) - 1), LOOKS[Emphasis.HEADER])
            if whole is not None and content.wrap_columns:
                whole.vertical_alignment = "top"  # rows made tall by a wrapped column read from the top
            if content.table:
                same = height >= 2 and width == len(content.headers)
                self._table(area, content.table, max(height, 2), len(content.headers), whole if same else None)
        self._spans(area, content)
        self._emphasis(area, content)
        self._highlights(content, whole)
        if content.validations or content.print_area is not None:
            write_run_chart_parts(area, content)
        for chart in content.charts:
            self._chart(area, chart)

    @staticmethod
    def _spans(area: _Areas, content: SheetContent) -> None:
        """Sentences across several columns: each run of rows with the same span merged across, wrapped and as tall as its longest.

        Merged before the emphasis is given, so that a note's look can go to
        the merged range already asked for (:meth:`_emphasis`).
        """
        runs: list[tuple[int, int, int]] = []
        for row, span in sorted(content.spans.items()):
            if runs and runs[-1][1] == row - 1 and runs[-1][2] == span:
                runs[-1] = (runs[-1][0], row, span)
            else:
                runs.append((row, row, span))
        for top, bottom, span in runs:
            merged = area(top, 0, bottom, span - 1)
            merged.merge(across=True)
            merged.wrap_text = True
            merged.vertical_alignment = "top"
            tallest = max(content.row_heights.get(r, 0.0) for r in range(top, bottom + 1))
            if tallest:
                merged.row_height = tallest

    @staticmethod
    def _highlights(content: SheetContent, whole) -> None:
        """Native conditional formats: each rule on the range the values were written to, so a rule costs one call.

        The formula is :meth:`Highlight.formula_anywhere`, limited to the
        rule's columns and rows: Excel reads the relative references of a
        formula added through COM from the active cell, which during a click
        is anywhere, so the formula refers to no cell by position.
        """
        from xl_tracker.outputs.model import TONE_LOOKS

        if whole is None:
            return
        width = max((len(r) for r in content.grid()), default=0)
        for h in content.highlights:
            if h.last_row < h.first_row or not h.columns:
                continue
            guards = [f"ROW()>={h.first_row + 1}", f"ROW()<={h.last_row + 1}"]
            columns = range(0, max(h.columns) + 1) if h.key_column is not None else sorted(set(h.columns))
            if set(columns) != set(range(width)):
                guards.append("OR(" + ",".join(f"COLUMN()={c + 1}" for c in columns) + ")" if len(columns) > 1 else f"COLUMN()={columns[0] + 1}")
            look = TONE_LOOKS[h.tone]
            whole.conditional_formats.add_custom(
                "=AND(" + ",".join(guards) + "," + h.formula_anywhere() + ")", fill_color=look.fill, font_color=look.colour,
            )

    @staticmethod
    def _values(content: SheetContent, grid: list[tuple], width: int) -> list[list[object]]:
        """The grid as handed to Excel, padded to a rectangle; text in ``@`` cells goes as it is."""
        from xl_tracker.outputs.model import NumberKind

        text_cols = [content.kinds[c] is NumberKind.TEXT if c < len(content.kinds) else False for c in range(width)]
        values = []
        for r, row in enumerate(grid):
            body = r >= content.first_row
            values.append([cell_for_excel(v, body and text_cols[c]) for c, v in enumerate(row)] + [None] * (width - len(row)))
        for (r, c), kind in content.cell_kinds.items():
            if r < len(grid) and c < len(grid[r]):
                values[r][c] = cell_for_excel(grid[r][c], kind is NumberKind.TEXT)
        return values

    @staticmethod
    def _widths(area: _Areas, content: SheetContent, height: int, width: int, whole=None) -> None:
        """Column widths in a number of calls that does not grow with the columns of a table sheet.

        xlwings sets one width per call, so a table sheet is fitted to its
        content by Excel's own AutoFit (one call) and only the columns the
        builder capped (long free text, at ``MAX_WIDTH``) are then set one by
        one, so a long Message or Reasons column cannot widen the sheet past
        the page. A free-layout sheet (Dashboard, About) has its few widths set
        as given: AutoFit would stretch column A to its longest sentence.
        """
        from xl_tracker.outputs.sheets import MAX_WIDTH

        fitted = bool(content.headers) and height > 0 and width > 0
        if fitted:
            (whole if whole is not None else area(0, 0, height - 1, width - 1)).autofit()
        grid = content.grid()
        done = -1
        for col, w in enumerate(content.widths):
            if col <= done or not w:
                continue
            if col in content.wrap_columns and fitted:
                longest = max((len(r[col]) for r in grid[content.first_row:] if col < len(r) and isinstance(r[col], str)), default=0)
                if longest <= SCREEN_WIDTH:
                    continue  # AutoFit gave it its text's width, which the screen holds: nothing to wrap
                column = area(content.first_row, col, height - 1, col)
                column.column_width = w
                column.wrap_text = True
            elif not fitted or w >= MAX_WIDTH:
                wrapped = col in content.wrap_columns
                last = col
                while not wrapped and not fitted and last + 1 < len(content.widths) and content.widths[last + 1] == w:
                    last += 1  # side by side columns of one width: one call
                # a width is the whole column's: a wrapped column's own range sets both
                columns = area(0, col, max(height - 1, 0) if wrapped else 0, last)
                columns.column_width = w
                if wrapped:
                    columns.wrap_text = True
                done = last

    @staticmethod
    def _table(area: _Areas, name: str, rows: int, cols: int, source=None) -> None:
        source = source if source is not None else area(0, 0, rows - 1, cols - 1)
        from xl_tracker.outputs.model import TABLE_STYLE

        existing = {t.name: t for t in area.sheet.tables}
        if name in existing:
            existing[name].resize(source)
            existing[name].table_style = TABLE_STYLE  # a table an earlier version made kept xlwings' default
        else:
            area.sheet.tables.add(source=source, name=name, table_style_name=TABLE_STYLE)

    @staticmethod
    def _emphasis(area: _Areas, content: SheetContent) -> None:
        from xl_tracker.outputs.model import LOOKS, Emphasis

        height = len(content.rows) + content.first_row
        width = max((len(r) for r in content.grid()), default=0)
        for emphasis, first, last in _column_runs(content.column_emphasis):
            if height > content.first_row and emphasis is not Emphasis.NORMAL:
                top = content.first_row
                if (first, last) == (0, width - 1) == (0, len(content.headers) - 1) and _within(LOOKS[emphasis], LOOKS[Emphasis.HEADER]):
                    top = 0  # the header row looks so already: the range the values went to serves (one range fewer)
                _render_look(area(top, first, height - 1, last), LOOKS[emphasis])
        emphasis_of = {(link.row, link.col): Emphasis.LINK for link in content.links}
        emphasis_of.update(content.emphasis)
        by_kind: dict[Emphasis, list[tuple[int, int]]] = {}
        for cell, emphasis in emphasis_of.items():
            by_kind.setdefault(emphasis, []).append(cell)
        for emphasis, cells in by_kind.items():
            if emphasis is Emphasis.NORMAL or not cells:
                continue
            for first_row, first_col, last_row, last_col in _blocks(cells):
                # a look for the first column of merged rows goes to the merged range (its other cells are blank)
                merged = _span_of(content, first_row, first_col, last_row, last_col)
                _render_look(area(first_row, first_col, last_row, merged if merged is not None else last_col), LOOKS[emphasis])

    def _chart(self, area: _Areas, chart) -> None:
        # the span starts at the anchor cell: its left and top are the anchor's
        span = area(chart.anchor_row, chart.anchor_col, chart.anchor_row + chart.height_rows - 1, chart.anchor_col + chart.width_cols - 1)
        if chart.kind == "scatter":
            self._scatter(area, chart, span)
            return
        if chart.kind == "run":
            run_chart(area, chart, span)
            return
        first, last = chart.series[0].values, chart.series[-1].values
        source = area(first.first_row, first.first_col, last.last_row, last.last_col)
        made = area.sheet.charts.add(
            left=span.left, top=span.top, width=span.width, height=span.height,
            chart_type="bar_clustered" if chart.kind == "bar" else "column_clustered",
            source=source, plot_by="columns",
        )
        categories = chart.series[0].categories
        made.set_x_axis_values(area(categories.first_row, categories.first_col, categories.last_row, categories.last_col))
        for series, spec in zip(made.series, chart.series):
            series.name = spec.name
        made.title = chart.title
        if chart.percent_axis or chart.axis_min is not None or chart.axis_max is not None:
            axis = made.value_axis
            if chart.percent_axis:
                axis.number_format = "0%"
            if chart.axis_min is not None:
                axis.minimum_scale = chart.axis_min
            if chart.axis_max is not None:
                axis.maximum_scale = chart.axis_max

    @staticmethod
    def _scatter(area: _Areas, chart, span) -> None:
        """An XY scatter from two adjacent columns: Excel takes the first as x and the second as y (one series)."""
        x, y = chart.series[0].categories, chart.series[0].values
        source = area(x.first_row, x.first_col, y.last_row, y.last_col)
        made = area.sheet.charts.add(
            left=span.left, top=span.top, width=span.width, height=span.height,
            chart_type="xy_scatter", source=source, plot_by="columns",
        )
        for series in made.series:
            series.name = chart.series[0].name
        made.title = chart.title


# --- the Run charts sheet's own parts ------------------------------------------------


RUN_CHART_TYPE = "xy_scatter_lines"
"""Lines between markers over x values (the dates), so a value's place on the axis is its date."""
RUN_CHART_DATES = "mmm yy"


def write_run_chart_parts(area: _Areas, content: SheetContent) -> None:
    """The picker's list of measures and the print area, in 6 calls (see :mod:`xl_tracker.outputs.run_charts`).

    xlwings cannot set a validation's input message (its ``input_message``
    is read-only), so in a sheet the ribbon made the picker has no pop-up
    hint; the sentence above it says what to do. The file writer writes
    the message.
    """
    for v in content.validations:
        source = v.source
        area(v.row, v.col).data_validation.set_list(area(source.first_row, source.first_col, source.last_row, source.last_col))
    if content.print_area is not None:
        from xl_tracker.cells import a1

        printed = content.print_area
        area.sheet.page_setup.print_area = f"{a1(printed.first_row + 1, printed.first_col)}:{a1(printed.last_row + 1, printed.last_col)}"


def run_chart(area: _Areas, chart, span) -> None:
    """The run chart from its block of cells, header row included: Excel names the series from the row (its first cell is
    blank) and takes the first column, the dates, as every series' x values. 5 calls besides placing it at ``span``."""
    x, last = chart.series[0].categories, chart.series[-1].values
    source = area(x.first_row - 1, x.first_col, last.last_row, last.last_col)
    made = area.sheet.charts.add(
        left=span.left, top=span.top, width=span.width, height=span.height,
        chart_type=RUN_CHART_TYPE, source=source, plot_by="columns",
    )
    made.title = chart.title
    made.category_axis.number_format = RUN_CHART_DATES


# --- the buttons ----------------------------------------------------------------


class _Click:
    """One button click: the calling book, its sheets (looked up once), the status bar, and the closing message box."""

    def __init__(self, action: str):
        import xlwings as xw

        self.action = action
        self.book = xw.Book.caller()
        self.app = self.book.app
        self._sheets: dict[str, object] | None = None

    @property
    def sheets(self) -> dict[str, object]:
        """The book's sheets by name, fetched on first use and kept up to date by the writer: one sheet map per click."""
        if self._sheets is None:
            self._sheets = sheet_map(self.book)
        return self._sheets

    def writer(self) -> XlwingsOutputWriter:
        return XlwingsOutputWriter(self.book, self.status, self.sheets, self.app)

    def status(self, text: str) -> None:
        self.app.status_bar = f"{TITLE}: {text}…"

    def tell(self, message: str, critical: bool = False) -> None:
        self.app.alert(message, title=TITLE, mode="critical" if critical else "info")

    def run(self, work: Callable[[_Click], str | None]) -> None:
        from xl_tracker.errors import WorkbookError

        try:
            message = work(self)
        except WorkbookError as exc:
            self._reset()
            self.tell(f"{self.action} could not be done.\n\n{exc}", critical=True)
            return
        except Exception as exc:  # the last line of defence: a person sees plain words, the details go to a log
            self._reset()
            log = write_error_log(self.action, exc)
            where = f"\n\nThe details are in {log}: send that file to whoever supports xl-tracker." if log else ""
            self.tell(
                f"{self.action} stopped because of an unexpected problem ({type(exc).__name__}: {_first_line(exc)}).\n\n"
                "Nothing on the input sheets was changed. " + FALLBACK + where,
                critical=True,
            )
            return
        self._reset()
        if message:
            self.tell(message)

    def _reset(self) -> None:
        self.app.status_bar = False


FALLBACK = (
    "What works without the buttons: save the workbook (Ctrl+S), close it, and in a Command Prompt run "
    "xl-tracker refresh followed by the workbook's file name; then open it again. "
    "`xl-tracker doctor` says what stops the buttons on this computer."
)
"""The one-step fallback that works where Office may not start Python (also in macros/Tracker.bas)."""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else "no message")[:200]


def error_log_path() -> Path:
    import tempfile

    return Path(tempfile.gettempdir()) / ERROR_LOG


def write_error_log(action: str, exc: BaseException) -> Path | None:
    """Write the traceback of an unexpected failure to a file a person can send on; None if even that fails."""
    import traceback

    path = error_log_path()
    try:
        from xl_tracker import __version__

        text = (
            f"xl-tracker {__version__}, Python {sys.version.split()[0]}, {dt.datetime.now():%Y-%m-%d %H:%M}\n"
            f"Button: {action}\n\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        )
        path.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return path


def _run_book(click: _Click, with_overlaps: bool = True) -> TrackerRun:
    from xl_tracker.pipeline import run_on_data

    data = read_book(click.book, click.status, sheets=click.sheets)
    click.status("checking and computing")
    return run_on_data(data, with_overlaps)


def _counts(run: TrackerRun) -> str:
    errors, warnings = run.error_count, run.warning_count
    if not errors and not warnings:
        return "No problems found."
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''} (values left out of the results)")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''} (values used, but please look)")
    return " and ".join(parts) + ": each is listed on the Issues sheet with the cell to fix."


def _activate(click: _Click, name: str) -> None:
    sheet = click.sheets.get(name)
    if sheet is not None:
        sheet.activate()


def _validate(click: _Click) -> str:
    from xl_tracker.contract import ISSUES
    from xl_tracker.outputs.sheets import issues_sheet

    run = _run_book(click, with_overlaps=False)
    click.writer().write_sheets([issues_sheet(run)])
    if run.issues:
        _activate(click, ISSUES.name)
    return f"Validation done. {_counts(run)}"


def _refresh(click: _Click) -> str:
    from xl_tracker.contract import OUTPUT_SHEETS
    from xl_tracker.outputs.sheets import output_sheets

    run = _run_book(click)
    sheets = output_sheets(run, picked=_picked_measure(click))
    click.writer().write_sheets(sheets)
    written = ", ".join(s.name for s in sheets if s.name in {o.name for o in OUTPUT_SHEETS})
    headline = run.results.headline
    method = run.results.method
    raters = method.raters_sentence()
    head = f"\n\nAverage increase from baseline: {headline:.1%}. {method.text}{' ' + raters if raters else ''}" if headline is not None else ""
    return f"Results refreshed ({written}). {_counts(run)}{head}"


def _picked_measure(click: _Click) -> object:
    """The measure the Run charts sheet shows (its B3), which the refresh keeps showing: 2 calls, none without the sheet."""
    from xl_tracker.contract import RUN_CHARTS
    from xl_tracker.outputs.run_charts import PICKER_CELL

    sheet = click.sheets.get(RUN_CHARTS.name)
    return None if sheet is None else sheet.range(PICKER_CELL).value


def _upgrade(click: _Click) -> str | None:
    """Save the book, write its upgraded copy beside it and open the copy: the open workbook itself is never rewritten.

    The upgrade works on the file (:func:`xl_tracker.upgrade.upgrade`), and
    Excel holds an open workbook's file; closing the workbook whose macro is
    running is not safe. So the person gets a copy, opened for them, and
    chooses when to switch.
    """
    from xl_tracker.upgrade import upgrade, upgraded_copy_path

    path = local_path(click.book)
    if path is None:
        return (
            "Upgrade works on the workbook's file, and this workbook has none on this computer (it was never saved, or it "
            "is open from OneDrive or SharePoint without a synced copy). Save it to a folder on this computer "
            "(File > Save As) and click Upgrade again."
        )
    copy = upgraded_copy_path(path)
    answer = click.app.alert(
        "Upgrade adds the sheets, columns and settings of this version of xl-tracker. It saves this workbook, then "
        f"writes an upgraded copy beside it and opens it:\n\n{copy.name}\n\nThis workbook stays as it is. Go on?",
        title=TITLE, buttons="ok_cancel", mode="info",
    )
    if answer != "ok":
        return None
    click.status("saving the workbook")
    click.book.save()
    click.status("writing the upgraded copy")
    result = upgrade(path, copy)
    summary = "\n".join(result.summary())
    if not result.changed:
        return summary
    click.app.books.open(str(copy))
    return f"{summary}\n\nThe upgraded copy is open. Check it, then close this workbook and work in the copy from now on."


def fallback_reports_root() -> Path:
    """Where reports go for a workbook with no local file (OneDrive/SharePoint not synced, or never saved): Documents, else home."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def reports_folder(book) -> Path:
    """Where a workbook's reports go: a folder beside it, named after it (``Tracker.xlsm`` -> ``Tracker reports``).

    A workbook with no local file (opened from OneDrive or SharePoint
    without a synced copy, or never saved) gets the same folder name in the
    Documents folder (:func:`fallback_reports_root`); the message names it.
    """
    path = local_path(book)
    if path is not None:
        return path.with_name(path.stem + REPORTS_SUFFIX)
    stem = Path(str(book.name)).stem or "Tracker"
    return fallback_reports_root() / (stem + REPORTS_SUFFIX)


def _reports(click: _Click) -> str:
    from xl_tracker.reports.generate import write_reports

    folder = reports_folder(click.book)
    run = _run_book(click)
    click.status("making the reports")
    made = write_reports(run, folder)
    return (
        f"{len(made.files)} reports were written to {folder}.\n\nThey are made from the workbook as it is on screen, "
        "unsaved edits included."
    )


def open_folder(folder: Path) -> None:
    """Show a folder in Explorer (Windows) or the Finder (Mac)."""
    import os
    import subprocess

    if sys.platform.startswith("win"):
        os.startfile(str(folder))  # noqa: S606 - a folder the workbook's own path names
    elif sys.platform == "darwin":
        subprocess.run(["open", str(folder)], check=False)
    else:
        subprocess.run(["xdg-open", str(folder)], check=False)


def _open_reports_folder(click: _Click) -> str | None:
    folder = reports_folder(click.book)
    if not folder.is_dir():
        return f"There are no reports yet ({folder} does not exist): click Generate reports first."
    open_folder(folder)
    return None


FORMS_FOLDER = "Scoring forms"
"""The forms' folder, inside the reports folder (so Open reports folder finds them)."""


def _forms(click: _Click) -> str:
    from xl_tracker.reports.forms import write_forms

    folder = reports_folder(click.book) / FORMS_FOLDER
    data = read_book(click.book, click.status, sheets=click.sheets)
    click.status("making the scoring forms")
    made = write_forms(data, folder)
    return (
        f"{made.summary()[0].upper()}{made.summary()[1:]}.\n\nPrint them from Word. "
        "A filled form is typed in as one row of the Assessments sheet, the scores in the order of the form."
    )


def help_text() -> str:
    """What each button does, from the ribbon's own screentips, and what to do when a button fails."""
    from lxml import etree

    from xl_tracker.ooxml.custom_ui import NS_CUSTOM_UI_2009
    from xl_tracker.ooxml.package import safe_parser
    from xl_tracker.ribbon.sources import ribbon_xml

    root = etree.fromstring(ribbon_xml(), parser=safe_parser())
    lines = [
        f"{b.get('label')}: {b.get('supertip')}"
        for b in root.iter(f"{{{NS_CUSTOM_UI_2009}}}button")
        if b.get("onAction") != "TrackerHelp"
    ]
    return (
        "The CHMT Tracker tab:\n\n" + "\n\n".join(lines) + "\n\n"
        "Fill the blue input sheets; the grey output sheets are rewritten by Refresh results. "
        "If a button does nothing or shows an error, run `xl-tracker doctor` in a command prompt "
        "and follow what it prints (the Python this workbook uses is on the hidden xlwings.conf sheet).\n\n" + FALLBACK
    )


def _help(click: _Click) -> str:
    from xl_tracker.contract import START_HERE

    _activate(click, START_HERE)
    return help_text()


def _button(action: str, work: Callable[[_Click], str | None]) -> None:
    try:
        click = _Click(action)
    except Exception as exc:  # no calling workbook: a plain line on stderr, which xlwings shows in its own box
        sys.exit(f"{TITLE}: {action} must be started from the workbook's CHMT Tracker tab ({_first_line(exc)}).")
    click.run(work)


def validate() -> None:
    """Validate button: check the input sheets on screen and rewrite the Issues sheet."""
    _button("Validate", _validate)


def refresh() -> None:
    """Refresh results button: rewrite every output sheet from the input sheets on screen."""
    _button("Refresh results", _refresh)


def reports() -> None:
    """Generate reports button: Word reports for each member and the team, from the book on screen, in the folder beside the workbook."""
    _button("Generate reports", _reports)


def open_reports_folder() -> None:
    """Open reports folder button."""
    _button("Open reports folder", _open_reports_folder)


def upgrade() -> None:
    """Upgrade button: an upgraded copy of the saved workbook, with this version's new sheets, columns and settings, opened."""
    _button("Upgrade", _upgrade)


def forms() -> None:
    """Scoring forms button: a paper form per member and round, and a blank one, from the book on screen."""
    _button("Scoring forms", _forms)


def show_help() -> None:
    """Help button: go to the Start here sheet and say what each button does."""
    _button("Help", _help)
