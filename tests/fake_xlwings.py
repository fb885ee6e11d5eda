"""An in-memory stand-in for the part of xlwings that xl_tracker.excel uses, behaving as Excel does.

Installed as the ``xlwings`` module in tests (``install(monkeypatch, book)``),
it lets the ribbon entry points run without Excel. What matters is that it
is faithful where a mistake would show in real Excel:

- writing a value converts it the way typing it into a cell does: text
  starting with ``=`` becomes a formula, ``+``/``-``/``@`` text that is not
  a number becomes a formula too (shown as ``#NAME?``), number-like text
  becomes a number, unless the text is prefixed with an apostrophe (Excel's
  text mark, not part of the value) or the cell's number format is ``@``;
- reading gives what xlwings gives: numbers as float, dates as datetime,
  blanks as None, a single cell as a scalar, a row or column as a flat
  list unless ``ndim=2``; Excel errors as None, or as their text with
  ``err_to_str=True``;
- a table cannot overlap another one and table names are unique in the book.

Every call that reaches "Excel" is counted in ``App.calls``, so tests can
check that a sheet is written in bulk rather than cell by cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

_NUMBER = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*")
_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_HYPERLINK = re.compile(r'=HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)', re.I)


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _address(ref) -> tuple[int, int]:
    """(row, column), both 1-based, from ``(row, col)`` or ``"B3"``."""
    if isinstance(ref, tuple):
        return int(ref[0]), int(ref[1])
    m = _A1.fullmatch(ref.strip())
    if not m:
        raise ValueError(f"not a cell address: {ref!r}")
    return int(m.group(2)), _col_number(m.group(1))


@dataclass
class Cell:
    value: object = None
    formula: str | None = None
    error: str | None = None
    prefixed: bool = False
    number_format: str = "General"
    bold: bool = False
    italic: bool = False
    size: float = 11
    font_color: str | None = None
    fill: str | None = None


class App:
    def __init__(self):
        self.status_bar: str | bool = False
        self.status_history: list[str] = []
        self.alerts: list[dict] = []
        self.calls = 0
        self.books: list[Book] = []

    def __setattr__(self, name, value):
        if name == "status_bar" and isinstance(value, str):
            self.__dict__.setdefault("status_history", []).append(value)
        object.__setattr__(self, name, value)

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        if mode not in (None, "info", "critical"):
            raise ValueError(f"mode must be 'info' or 'critical', not {mode!r}")
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})
        return "ok"


class Book:
    _mock_caller: Book | None = None

    def __init__(self, name: str = "Book1", fullname: str | None = None, app: App | None = None):
        self.app = app or App()
        self.app.books.append(self)
        self.name = name
        self.fullname = fullname or name
        self.sheets = Sheets(self)

    @classmethod
    def caller(cls) -> Book:
        if cls._mock_caller is None:
            raise RuntimeError("Book.caller() needs RunPython from Excel or set_mock_caller()")
        return cls._mock_caller

    def set_mock_caller(self) -> None:
        Book._mock_caller = self

    @classmethod
    def from_file(cls, path: str | Path, fullname: str | None = None) -> Book:
        """The book as Excel would show a workbook file: values (cached for formulas), tables, hidden sheets."""
        import openpyxl

        path = Path(path)
        wb = openpyxl.load_workbook(path, data_only=True)
        book = cls(path.name, fullname or str(path))
        for ws in wb.worksheets:
            sheet = book.sheets.add(ws.title, after=book.sheets[len(book.sheets) - 1] if len(book.sheets) else None)
            sheet.visible = ws.sheet_state == "visible"
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None:
                        continue
                    cell = sheet._cell(c.row, c.column)
                    value = c.value
                    if isinstance(value, str) and c.data_type == "e":
                        cell.error = value
                    elif isinstance(value, bool) or isinstance(value, (str, dt.datetime)):
                        cell.value = value
                    elif isinstance(value, dt.date):
                        cell.value = dt.datetime(value.year, value.month, value.day)
                    elif isinstance(value, (int, float)):
                        cell.value = float(value)
                    else:
                        cell.value = value
                    cell.number_format = c.number_format
            for table in ws.tables.values():
                first, last = table.ref.split(":")
                sheet.tables._tables.append(Table(sheet, table.name, _address(first), _address(last)))
        book.app.calls = 0
        return book


class Sheets:
    def __init__(self, book: Book):
        self.book = book
        self._sheets: list[Sheet] = []

    def __iter__(self):
        return iter(list(self._sheets))

    def __len__(self):
        return len(self._sheets)

    def __getitem__(self, key):
        self.book.app.calls += 1
        if isinstance(key, int):
            return self._sheets[key]
        for s in self._sheets:
            if s.name.casefold() == key.casefold():
                return s
        raise KeyError(key)

    def add(self, name=None, before=None, after=None) -> Sheet:
        self.book.app.calls += 1
        name = name or f"Sheet{len(self._sheets) + 1}"
        if any(s.name.casefold() == name.casefold() for s in self._sheets):
            raise ValueError(f"a sheet named {name!r} exists already")
        sheet = Sheet(self.book, name)
        if before is not None:
            self._sheets.insert(self._sheets.index(before), sheet)
        elif after is not None:
            self._sheets.insert(self._sheets.index(after) + 1, sheet)
        else:
            self._sheets.insert(0, sheet)
        return sheet

    @property
    def active(self) -> Sheet | None:
        return next((s for s in self._sheets if s.active), None)


class Sheet:
    def __init__(self, book: Book, name: str):
        self.book = book
        self.name = name
        self.cells: dict[tuple[int, int], Cell] = {}
        self.column_widths: dict[int, float] = {}
        self.tables = Tables(self)
        self.charts = Charts(self)
        self.freeze_panes = FreezePanes(self)
        self.visible = True
        self.active = False

    def __repr__(self):
        return f"<Sheet {self.name!r}>"

    def _cell(self, row: int, col: int) -> Cell:
        return self.cells.setdefault((row, col), Cell())

    def range(self, first, last=None) -> Range:
        self.book.app.calls += 1
        if last is None and isinstance(first, str) and ":" in first:
            first, last = first.split(":")
        r1, c1 = _address(first)
        r2, c2 = _address(last) if last is not None else (r1, c1)
        return Range(self, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))

    def __getitem__(self, ref: str) -> Range:
        return self.range(ref)

    @property
    def used_range(self) -> Range:
        self.book.app.calls += 1
        filled = [k for k, c in self.cells.items() if c.value is not None or c.formula or c.error]
        if not filled:
            return Range(self, 1, 1, 1, 1)
        rows = [r for r, _ in filled]
        cols = [c for _, c in filled]
        return Range(self, min(rows), min(cols), max(rows), max(cols))

    def clear(self) -> None:
        self.book.app.calls += 1
        self.cells.clear()

    def activate(self) -> None:
        for s in self.book.sheets:
            s.active = False
        self.active = True

    def value(self, ref: str) -> object:
        """Test helper: what the cell shows (a formula's result), read without counting calls."""
        cell = self.cells.get(_address(ref))
        if cell is None:
            return None
        return cell.error if cell.error else cell.value


class Font:
    def __init__(self, rng: Range):
        self._rng = rng

    def _set(self, attr, value):
        self._rng.sheet.book.app.calls += 1
        for cell in self._rng._cells():
            setattr(cell, attr, value)

    bold = property(lambda self: self._rng._first().bold, lambda self, v: self._set("bold", v))
    italic = property(lambda self: self._rng._first().italic, lambda self, v: self._set("italic", v))
    size = property(lambda self: self._rng._first().size, lambda self, v: self._set("size", v))
    color = property(lambda self: self._rng._first().font_color, lambda self, v: self._set("font_color", v))


class Range:
    def __init__(self, sheet: Sheet, r1: int, c1: int, r2: int, c2: int, ndim: int | None = None, err_to_str: bool = False):
        self.sheet = sheet
        self.row, self.column, self.last_row, self.last_column = r1, c1, r2, c2
        self._ndim = ndim
        self._err_to_str = err_to_str

    def __repr__(self):
        return f"<Range {self.sheet.name}!R{self.row}C{self.column}:R{self.last_row}C{self.last_column}>"

    @property
    def shape(self) -> tuple[int, int]:
        return self.last_row - self.row + 1, self.last_column - self.column + 1

    @property
    def last_cell(self) -> Range:
        return Range(self.sheet, self.last_row, self.last_column, self.last_row, self.last_column)

    def options(self, ndim=None, err_to_str=False, **_ignored) -> Range:
        return Range(self.sheet, self.row, self.column, self.last_row, self.last_column, ndim, err_to_str)

    def _cells(self):
        for r in range(self.row, self.last_row + 1):
            for c in range(self.column, self.last_column + 1):
                yield self.sheet._cell(r, c)

    def _first(self) -> Cell:
        return self.sheet._cell(self.row, self.column)

    # values

    def _read(self, cell: Cell | None) -> object:
        if cell is None:
            return None
        if cell.error:
            return cell.error if self._err_to_str else None
        return cell.value

    @property
    def value(self):
        self.sheet.book.app.calls += 1
        rows = [
            [self._read(self.sheet.cells.get((r, c))) for c in range(self.column, self.last_column + 1)]
            for r in range(self.row, self.last_row + 1)
        ]
        if self._ndim == 2:
            return rows
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        if len(rows) == 1:
            return rows[0]
        if all(len(r) == 1 for r in rows):
            return [r[0] for r in rows]
        return rows

    @value.setter
    def value(self, data) -> None:
        self.sheet.book.app.calls += 1
        if isinstance(data, (list, tuple)) and data and isinstance(data[0], (list, tuple)):
            grid = [list(r) for r in data]
        elif isinstance(data, (list, tuple)):
            grid = [list(data)]
        else:
            grid = [[data] * self.shape[1] for _ in range(self.shape[0])]
        widths = {len(r) for r in grid}
        if len(widths) > 1:
            raise ValueError("all rows of a 2D list must have the same length")
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                _type_into(self.sheet._cell(self.row + i, self.column + j), v)

    @property
    def formula(self):
        return self._first().formula

    # formats

    @property
    def number_format(self) -> str | None:
        formats = {c.number_format for c in self._cells()}
        return formats.pop() if len(formats) == 1 else None

    @number_format.setter
    def number_format(self, value: str) -> None:
        self.sheet.book.app.calls += 1
        for cell in self._cells():
            cell.number_format = value

    def clear(self) -> None:
        self.sheet.book.app.calls += 1
        for r in range(self.row, self.last_row + 1):
            for c in range(self.column, self.last_column + 1):
                self.sheet.cells.pop((r, c), None)

    def clear_contents(self) -> None:
        self.sheet.book.app.calls += 1
        for cell in self._cells():
            cell.value = cell.formula = cell.error = None

    @property
    def font(self) -> Font:
        return Font(self)

    @property
    def color(self):
        return self._first().fill

    @color.setter
    def color(self, value) -> None:
        self.sheet.book.app.calls += 1
        for cell in self._cells():
            cell.fill = value

    @property
    def column_width(self) -> float:
        return self.sheet.column_widths.get(self.column, 8.43)

    @column_width.setter
    def column_width(self, value: float) -> None:
        self.sheet.book.app.calls += 1
        for c in range(self.column, self.last_column + 1):
            self.sheet.column_widths[c] = value

    # geometry (points, Excel's default grid)

    @property
    def left(self) -> float:
        return sum(self.sheet.column_widths.get(c, 8.43) * 5.67 for c in range(1, self.column))

    @property
    def top(self) -> float:
        return (self.row - 1) * 15.0

    @property
    def width(self) -> float:
        return sum(self.sheet.column_widths.get(c, 8.43) * 5.67 for c in range(self.column, self.last_column + 1))

    @property
    def height(self) -> float:
        return self.shape[0] * 15.0


def _type_into(cell: Cell, value) -> None:
    """Put ``value`` into ``cell`` as Excel does when xlwings assigns it."""
    cell.value = cell.formula = cell.error = None
    cell.prefixed = False
    if value is None:
        return
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, (int, float)):
        if value != value:
            cell.error = "#NUM!"
        else:
            cell.value = float(value)
    elif isinstance(value, dt.datetime):
        cell.value = value
    elif isinstance(value, dt.date):
        cell.value = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        if cell.number_format == "@":
            cell.value = value
        elif value.startswith("'"):
            cell.value = value[1:]
            cell.prefixed = True
        elif _NUMBER.fullmatch(value):
            cell.value = float(value)
        elif value.startswith("=") and len(value) > 1:
            cell.formula = value
            link = _HYPERLINK.fullmatch(value)
            if link:
                cell.value = link.group(2).replace('""', '"')
            else:
                cell.error = "#NAME?"
        elif value[:1] in ("+", "-", "@") and len(value) > 1:
            cell.formula = "=" + value.lstrip("+@")
            cell.error = "#NAME?"
        else:
            cell.value = value
    else:
        raise TypeError(f"Excel cannot hold a {type(value).__name__}")


@dataclass
class Table:
    sheet: Sheet
    name: str
    first: tuple[int, int]
    last: tuple[int, int]

    @property
    def range(self) -> Range:
        return Range(self.sheet, *self.first, *self.last)

    def resize(self, rng: Range) -> None:
        if (rng.row, rng.column) != self.first:
            raise ValueError("a table keeps its header row and first column when resized")
        self.sheet.tables._check(rng, ignore=self)
        self.last = (rng.last_row, rng.last_column)


class Tables:
    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self._tables: list[Table] = []

    def __iter__(self):
        self.sheet.book.app.calls += 1
        return iter(list(self._tables))

    def __len__(self):
        return len(self._tables)

    def __getitem__(self, key):
        return {t.name: t for t in self._tables}[key] if isinstance(key, str) else self._tables[key]

    def _check(self, rng: Range, ignore: Table | None = None) -> None:
        for t in self._tables:
            if t is ignore:
                continue
            (r1, c1), (r2, c2) = t.first, t.last
            if not (rng.last_row < r1 or rng.row > r2 or rng.last_column < c1 or rng.column > c2):
                raise ValueError(f"a table cannot overlap the table {t.name}")

    def add(self, source: Range, name: str | None = None, **_ignored) -> Table:
        self.sheet.book.app.calls += 1
        name = name or f"Table{len(self._tables) + 1}"
        for sheet in self.sheet.book.sheets:
            if any(t.name.casefold() == name.casefold() for t in sheet.tables._tables):
                raise ValueError(f"the table name {name} is taken")
        self._check(source)
        table = Table(self.sheet, name, (source.row, source.column), (source.last_row, source.last_column))
        self._tables.append(table)
        return table


@dataclass
class Axis:
    number_format: str = "General"


@dataclass
class Series:
    name: str = ""


@dataclass
class Chart:
    sheet: Sheet
    chart_type: str
    source: Range
    left: float
    top: float
    width: float
    height: float
    title: str | None = None
    categories: Range | None = None
    series: list[Series] = field(default_factory=list)
    value_axis: Axis = field(default_factory=Axis)

    def set_x_axis_values(self, source: Range) -> None:
        self.categories = source

    def delete(self) -> None:
        self.sheet.charts._charts.remove(self)


class Charts:
    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self._charts: list[Chart] = []

    def __iter__(self):
        return iter(list(self._charts))

    def __len__(self):
        return len(self._charts)

    def add(self, left=0, top=0, width=355, height=211, chart_type=None, source=None, plot_by=None, **_ignored) -> Chart:
        self.sheet.book.app.calls += 1
        columns = source.shape[1] if source is not None else 0
        chart = Chart(self.sheet, chart_type or "column_clustered", source, left, top, width, height,
                      series=[Series() for _ in range(columns)])
        self._charts.append(chart)
        return chart


class FreezePanes:
    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.at: str | None = None

    def freeze_at(self, where: str) -> None:
        self.sheet.book.app.calls += 1
        self.at = where


def install(monkeypatch, book: Book):
    """Make ``import xlwings`` give this module, with ``book`` as the workbook that clicked the button."""
    import sys

    module = sys.modules[__name__]
    monkeypatch.setitem(sys.modules, "xlwings", module)
    monkeypatch.setattr(Book, "_mock_caller", book)
    return module
