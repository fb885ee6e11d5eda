"""An in-memory stand-in for the part of xlwings that xl_tracker.excel uses, behaving as desktop Excel and xlwings do.

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
- a table cannot overlap another one and table names are unique in the book;
- it fails where desktop xlwings 0.37.8 fails: ``Sheet.freeze_panes``
  raises ``NotImplementedError`` (only xlwings' Office.js clients implement
  it), and ``Book.fullname`` of a workbook opened from OneDrive or
  SharePoint raises ``XlwingsError`` when xlwings cannot map the web address
  to a synced local file. Its classes carry xlwings' class names and its
  members xlwings' signatures; tests/test_xlwings_calls.py checks both
  against the installed xlwings' source.

Every access from outside this module to a member of one of its objects
(a property read or written, a method called, one step of iterating a
collection, its length) is recorded in ``App.log`` as ``(xlwings class,
member, "get"/"set")``: each is at least one round trip from Python to
Excel in real xlwings. ``App.calls`` counts them. Names a test uses to look
inside (``cells``, ``alerts``…) are listed in ``_HELPERS`` and not recorded.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import sys
from pathlib import Path

import xlwings_source

_NUMBER = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*")
_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_HYPERLINK = re.compile(r'=HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)', re.I)
CALCULATION = ("automatic", "manual", "semiautomatic")


def _chart_types() -> frozenset[str]:
    """The chart type names xlwings knows (``xlwings.constants.chart_types``), read from the installed xlwings' source."""
    tree = ast.parse((xlwings_source.xlwings_dir() / "constants.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "chart_types" for t in node.targets):
            return frozenset(ast.literal_eval(node.value))
    raise AssertionError("xlwings.constants has no chart_types")


CHART_TYPES = _chart_types()


class XlwingsError(Exception):
    """xlwings' own error class (``xlwings.XlwingsError``)."""


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _letters(col: int) -> str:
    """Column letters of a 1-based column number."""
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def _address(ref) -> tuple[int, int]:
    """(row, column), both 1-based, from ``(row, col)`` or ``"B3"``."""
    if isinstance(ref, tuple):
        return int(ref[0]), int(ref[1])
    m = _A1.fullmatch(ref.strip())
    if not m:
        raise ValueError(f"not a cell address: {ref!r}")
    return int(m.group(2)), _col_number(m.group(1))


def _outside() -> bool:
    """Whether the caller of the member being accessed is code outside this module (the code under test)."""
    return sys._getframe(2).f_globals.get("__name__") != __name__


class _Xl:
    """Base of every stand-in object: records each outside access to a public member in its App's log."""

    _HELPERS: frozenset[str] = frozenset()

    def __getattribute__(self, name):
        if name[0] != "_" and name not in type(self)._HELPERS and _outside():
            object.__getattribute__(self, "_record")(name, "get")
        return object.__getattribute__(self, name)

    def __setattr__(self, name, value):
        if name[0] != "_" and name not in type(self)._HELPERS and _outside():
            self._record(name, "set")
        object.__setattr__(self, name, value)

    def _record(self, member: str, op: str) -> None:
        app = self._app()
        if app is not None:
            app.log.append((type(self).__name__, member, op))

    def _app(self) -> App | None:
        raise NotImplementedError


class Cell:
    __slots__ = (
        "value", "formula", "error", "prefixed", "number_format", "bold", "italic", "size", "font_color", "fill",
        "wrap_text", "vertical_alignment", "horizontal_alignment", "merged",
    )

    def __init__(self):
        self.value = self.formula = self.error = self.font_color = self.fill = self.vertical_alignment = None
        self.horizontal_alignment = self.merged = None
        self.prefixed = self.bold = self.italic = self.wrap_text = False
        self.number_format = "General"
        self.size = 11


class App(_Xl):
    _HELPERS = frozenset({"calls", "log", "alerts", "status_history", "alerts_of", "answers"})

    def __init__(self):
        self._status_bar: str | bool = False
        self._screen_updating = True
        self._calculation = "automatic"
        self.status_history: list[str] = []
        self.alerts: list[dict] = []
        self.log: list[tuple[str, str, str]] = []
        self._books: list[Book] = []
        self.answers: list[str] = []
        """What the person presses in each message box that asks (``buttons`` other than ``"ok"``), in order."""

    def _app(self) -> App:
        return self

    @property
    def calls(self) -> int:
        return len(self.log)

    @calls.setter
    def calls(self, value: int) -> None:
        if value != 0:
            raise ValueError("calls can only be reset to 0")
        self.log.clear()

    @property
    def status_bar(self) -> str | bool:
        return self._status_bar

    @status_bar.setter
    def status_bar(self, value) -> None:
        if isinstance(value, str):
            self.status_history.append(value)
        self._status_bar = value

    @property
    def screen_updating(self) -> bool:
        return self._screen_updating

    @screen_updating.setter
    def screen_updating(self, value: bool) -> None:
        self._screen_updating = bool(value)

    @property
    def calculation(self) -> str:
        return self._calculation

    @calculation.setter
    def calculation(self, value: str) -> None:
        if value not in CALCULATION:
            raise ValueError(f"calculation must be one of {CALCULATION}, not {value!r}")
        self._calculation = value

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        if mode not in (None, "info", "critical"):
            raise ValueError(f"mode must be 'info' or 'critical', not {mode!r}")
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})
        if buttons in (None, "ok"):
            return "ok"
        choices = {"ok_cancel": ("ok", "cancel"), "yes_no": ("yes", "no"), "yes_no_cancel": ("yes", "no", "cancel")}[buttons]
        if not self.answers:
            raise AssertionError(f"a message box asks ({buttons}) and the test did not say what the person presses")
        answer = self.answers.pop(0)
        assert answer in choices, (answer, choices)
        return answer

    @property
    def books(self) -> Books:
        return Books(self)


class Books(_Xl):
    """The open workbooks; ``open`` as xlwings does it: a missing file or a second book of one name fails."""

    def __init__(self, app: App):
        self._app_ = app

    def _app(self) -> App:
        return self._app_

    def open(self, fullname=None):
        import os

        fullname = str(fullname)
        if not os.path.exists(fullname):
            raise FileNotFoundError(f"No such file: '{fullname}'")
        name = os.path.basename(fullname)
        for book in self._app_._books:
            if book._name == name:
                if os.path.realpath(book._fullname) != os.path.realpath(fullname):
                    raise ValueError(f"Cannot open two workbooks named '{name}', even if they are saved indifferent locations.")
                return book
        log = list(self._app_.log)
        book = Book.from_file(fullname, app=self._app_)
        self._app_.log[:] = log
        return book


class Book(_Xl):
    _mock_caller: Book | None = None

    _HELPERS = frozenset({"from_file", "saves"})

    def __init__(self, name: str = "Book1", fullname: str | None = None, app: App | None = None):
        self.saves = 0
        self._app_ = app or App()
        self._app_._books.append(self)
        self._name = name
        self._fullname = fullname or name
        self._sheets = Sheets(self)

    def _app(self) -> App:
        return self._app_

    @property
    def app(self) -> App:
        return self._app_

    @property
    def name(self) -> str:
        return self._name

    @property
    def sheets(self) -> Sheets:
        return self._sheets

    @property
    def fullname(self) -> str:
        """As xlwings gives it: the local path, or for a web address the synced local copy, or XlwingsError."""
        if "://" in self._fullname:
            raise XlwingsError("Couldn't find your local OneDrive for Business file, see: xlwings.org/error")
        return self._fullname

    def save(self, path=None, password=None) -> None:
        """Excel saves what it shows; the stand-in's book is read from a file that already holds it, so only the count changes."""
        if path is not None:
            raise NotImplementedError("the stand-in saves in place only")
        self.saves += 1

    @classmethod
    def caller(cls) -> Book:
        if cls._mock_caller is None:
            raise RuntimeError("Book.caller() needs RunPython from Excel or set_mock_caller()")
        cls._mock_caller._app_.log.append(("Book", "caller", "get"))
        return cls._mock_caller

    def set_mock_caller(self) -> None:
        Book._mock_caller = self

    @classmethod
    def from_file(cls, path: str | Path, fullname: str | None = None, app: App | None = None) -> Book:
        """The book as Excel would show a workbook file: values (cached for formulas), tables, hidden sheets."""
        import openpyxl

        path = Path(path)
        wb = openpyxl.load_workbook(path, data_only=True)
        book = cls(path.name, fullname or str(path), app)
        for ws in wb.worksheets:
            sheet = book._sheets._add(ws.title)
            sheet._visible = ws.sheet_state == "visible"
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
                style = table.tableStyleInfo.name if table.tableStyleInfo is not None else None
                sheet._tables._tables.append(Table(sheet, table.name, _address(first), _address(last), style))
        book._app_.log.clear()
        return book


class Sheets(_Xl):
    def __init__(self, book: Book):
        self._book = book
        self._sheets: list[Sheet] = []

    def _app(self) -> App:
        return self._book._app_

    def __iter__(self):
        outside = sys._getframe(1).f_globals.get("__name__") != __name__
        if outside:
            self._record("__iter__", "get")
        for sheet in list(self._sheets):
            if outside:
                self._record("__iter__", "get")  # xlwings fetches each sheet from Excel as it goes
            yield sheet

    def __len__(self):
        if _outside_direct():
            self._record("__len__", "get")
        return len(self._sheets)

    def __getitem__(self, key):
        if _outside_direct():
            self._record("__getitem__", "get")
        if isinstance(key, int):
            return self._sheets[key]
        for s in self._sheets:
            if s._name.casefold() == key.casefold():
                return s
        raise KeyError(key)

    def _add(self, name=None, before=None, after=None) -> Sheet:
        name = name or f"Sheet{len(self._sheets) + 1}"
        if any(s._name.casefold() == name.casefold() for s in self._sheets):
            raise ValueError(f"a sheet named {name!r} exists already")
        sheet = Sheet(self._book, name)
        if before is not None:
            self._sheets.insert(self._sheets.index(before), sheet)
        elif after is not None:
            self._sheets.insert(self._sheets.index(after) + 1, sheet)
        else:
            self._sheets.append(sheet)
        return sheet

    def add(self, name=None, before=None, after=None) -> Sheet:
        """As Excel: a new sheet goes before the active one unless ``before``/``after`` say otherwise."""
        if before is None and after is None:
            active = self._active() or (self._sheets[0] if self._sheets else None)
            return self._add(name, before=active)
        return self._add(name, before, after)

    def _active(self) -> Sheet | None:
        return next((s for s in self._sheets if s._active), None)

    @property
    def active(self) -> Sheet | None:
        return self._active()


def _outside_direct() -> bool:
    """For dunder methods that Python calls for the code under test (len(), x[i]): their caller's module."""
    return sys._getframe(2).f_globals.get("__name__") != __name__


class FreezePanes:
    """Never reached: desktop xlwings has no freeze panes (``base_classes.Sheet.freeze_panes`` raises)."""


class Sheet(_Xl):
    _HELPERS = frozenset({"cells", "column_widths", "value", "book_", "row_heights", "rules", "validations"})

    def __init__(self, book: Book, name: str):
        self._book = book
        self._name = name
        self.cells: dict[tuple[int, int], Cell] = {}
        self.validations: dict[tuple[int, int], str] = {}
        """List validations, as Excel keeps them per cell: (row, column) -> the list's formula (``=$P$4:$P$9``)."""
        self._page_setup = PageSetup(self)
        self.column_widths: dict[int, float] = {}
        self.row_heights: dict[int, float] = {}
        self.rules: list[dict] = []
        """Conditional formats, as Excel keeps them per sheet: each rule's range (r1, c1, r2, c2), formula and colours."""

        self._tables = Tables(self)
        self._charts = Charts(self)
        self._visible = True
        self._active = False

    def _app(self) -> App:
        return self._book._app_

    def __repr__(self):
        return f"<Sheet {self._name!r}>"

    @property
    def name(self) -> str:
        return self._name

    @property
    def book(self) -> Book:
        return self._book

    @property
    def visible(self) -> bool:
        return self._visible

    @property
    def tables(self) -> Tables:
        return self._tables

    @property
    def charts(self) -> Charts:
        return self._charts

    @property
    def freeze_panes(self) -> FreezePanes:
        raise NotImplementedError()

    @property
    def page_setup(self) -> PageSetup:
        return self._page_setup

    def _cell(self, row: int, col: int) -> Cell:
        cell = self.cells.get((row, col))
        if cell is None:
            cell = self.cells[(row, col)] = Cell()
        return cell

    def range(self, cell1, cell2=None) -> Range:
        if cell2 is None and isinstance(cell1, str) and ":" in cell1:
            cell1, cell2 = cell1.split(":")
        r1, c1 = _address(cell1)
        r2, c2 = _address(cell2) if cell2 is not None else (r1, c1)
        return Range(self, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))

    def __getitem__(self, ref: str) -> Range:
        if _outside_direct():
            self._record("__getitem__", "get")
        return self.range(ref)

    @property
    def used_range(self) -> Range:
        filled = [k for k, c in self.cells.items() if c.value is not None or c.formula or c.error]
        if not filled:
            return Range(self, 1, 1, 1, 1)
        rows = [r for r, _ in filled]
        cols = [c for _, c in filled]
        return Range(self, min(rows), min(cols), max(rows), max(cols))

    def clear(self) -> None:
        """Excel's Cells.Clear: values, formats, merges, conditional formats and data validation go; row heights and the
        page setup (print area included) stay."""
        self.cells.clear()
        self.rules.clear()
        self.validations.clear()

    def activate(self) -> None:
        for s in self._book._sheets._sheets:
            s._active = False
        self._active = True

    def value(self, ref: str) -> object:
        """Test helper: what the cell shows (a formula's result), read without counting calls."""
        cell = self.cells.get(_address(ref))
        if cell is None:
            return None
        return cell.error if cell.error else cell.value


class Font(_Xl):
    def __init__(self, rng: Range):
        self._rng = rng

    def _app(self) -> App:
        return self._rng._app()

    def _set(self, attr, value):
        for cell in self._rng._cells():
            setattr(cell, attr, value)

    bold = property(lambda self: self._rng._first().bold, lambda self, v: self._set("bold", v))
    italic = property(lambda self: self._rng._first().italic, lambda self, v: self._set("italic", v))
    size = property(lambda self: self._rng._first().size, lambda self, v: self._set("size", v))
    color = property(lambda self: self._rng._first().font_color, lambda self, v: self._set("font_color", v))


class Range(_Xl):
    def __init__(self, sheet: Sheet, r1: int, c1: int, r2: int, c2: int, ndim: int | None = None, err_to_str: bool = False):
        self._sheet = sheet
        self._r1, self._c1, self._r2, self._c2 = r1, c1, r2, c2
        self._ndim = ndim
        self._err_to_str = err_to_str

    def _app(self) -> App:
        return self._sheet._book._app_

    def __repr__(self):
        return f"<Range {self._sheet._name}!R{self._r1}C{self._c1}:R{self._r2}C{self._c2}>"

    @property
    def sheet(self) -> Sheet:
        return self._sheet

    @property
    def row(self) -> int:
        return self._r1

    @property
    def column(self) -> int:
        return self._c1

    @property
    def shape(self) -> tuple[int, int]:
        return self._r2 - self._r1 + 1, self._c2 - self._c1 + 1

    @property
    def last_cell(self) -> Range:
        return Range(self._sheet, self._r2, self._c2, self._r2, self._c2)

    def options(self, convert=None, **options) -> Range:
        """Conversion options: plain Python in xlwings (no round trip), so not recorded."""
        return Range(self._sheet, self._r1, self._c1, self._r2, self._c2, options.get("ndim"), options.get("err_to_str", False))

    def _cells(self):
        for r in range(self._r1, self._r2 + 1):
            for c in range(self._c1, self._c2 + 1):
                yield self._sheet._cell(r, c)

    def _first(self) -> Cell:
        return self._sheet._cell(self._r1, self._c1)

    # values

    def _read(self, cell: Cell | None) -> object:
        if cell is None:
            return None
        if cell.error:
            return cell.error if self._err_to_str else None
        return cell.value

    @property
    def value(self):
        cells = self._sheet.cells
        rows = [
            [self._read(cells.get((r, c))) for c in range(self._c1, self._c2 + 1)]
            for r in range(self._r1, self._r2 + 1)
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
                _type_into(self._sheet._cell(self._r1 + i, self._c1 + j), v)

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
        for cell in self._cells():
            cell.number_format = value

    def clear(self) -> None:
        for r in range(self._r1, self._r2 + 1):
            for c in range(self._c1, self._c2 + 1):
                self._sheet.cells.pop((r, c), None)

    def clear_contents(self) -> None:
        for cell in self._cells():
            cell.value = cell.formula = cell.error = None

    def autofit(self) -> None:
        """Excel's AutoFit of the range's rows and columns: a column as wide as its longest shown value (about a character a unit)."""
        for c in range(self._c1, self._c2 + 1):
            shown = [self._sheet.cells.get((r, c)) for r in range(self._r1, self._r2 + 1)]
            longest = max((len(str(cell.value)) for cell in shown if cell is not None and cell.value is not None), default=0)
            self._sheet.column_widths[c] = max(8.43, longest + 1.0)

    @property
    def font(self) -> Font:
        return Font(self)

    @property
    def color(self):
        return self._first().fill

    @color.setter
    def color(self, color_or_rgb) -> None:
        for cell in self._cells():
            cell.fill = color_or_rgb

    @property
    def wrap_text(self) -> bool | None:
        return self._first().wrap_text

    @wrap_text.setter
    def wrap_text(self, value: bool) -> None:
        for cell in self._cells():
            cell.wrap_text = bool(value)

    @property
    def vertical_alignment(self):
        return self._first().vertical_alignment

    @vertical_alignment.setter
    def vertical_alignment(self, value) -> None:
        if value not in ("top", "center", "bottom", "justify", "distributed"):
            raise ValueError(f"vertical_alignment {value!r}: xlwings takes top, center, bottom, justify or distributed")
        for cell in self._cells():
            cell.vertical_alignment = value

    @property
    def horizontal_alignment(self):
        return self._first().horizontal_alignment

    @horizontal_alignment.setter
    def horizontal_alignment(self, value) -> None:
        if value not in ("left", "center", "right", "general", "fill", "justify", "distributed", "center_across_selection"):
            raise ValueError(f"horizontal_alignment {value!r} is not one xlwings takes")
        for cell in self._cells():
            cell.horizontal_alignment = value

    def merge(self, across: bool = False) -> None:
        rows = [(r, r) for r in range(self._r1, self._r2 + 1)] if across else [(self._r1, self._r2)]
        for top, bottom in rows:
            for r in range(top, bottom + 1):
                for c in range(self._c1, self._c2 + 1):
                    self._sheet._cell(r, c).merged = (top, self._c1, bottom, self._c2)

    @property
    def row_height(self) -> float | None:
        return self._sheet.row_heights.get(self._r1, 15.0)

    @row_height.setter
    def row_height(self, value: float) -> None:
        if not 0 <= value <= 409.5:
            raise ValueError("Excel's row height is 0 to 409.5 points")
        for r in range(self._r1, self._r2 + 1):
            self._sheet.row_heights[r] = value

    @property
    def conditional_formats(self) -> ConditionalFormats:
        return ConditionalFormats(self)

    @property
    def data_validation(self) -> DataValidation:
        return DataValidation(self)

    @property
    def column_width(self) -> float:
        return self._sheet.column_widths.get(self._c1, 8.43)

    @column_width.setter
    def column_width(self, value: float) -> None:
        for c in range(self._c1, self._c2 + 1):
            self._sheet.column_widths[c] = value

    # geometry (points, Excel's default grid)

    @property
    def left(self) -> float:
        return sum(self._sheet.column_widths.get(c, 8.43) * 5.67 for c in range(1, self._c1))

    @property
    def top(self) -> float:
        return (self._r1 - 1) * 15.0

    @property
    def width(self) -> float:
        return sum(self._sheet.column_widths.get(c, 8.43) * 5.67 for c in range(self._c1, self._c2 + 1))

    @property
    def height(self) -> float:
        return (self._r2 - self._r1 + 1) * 15.0


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




_BUILT_IN_TABLE_STYLES = frozenset(
    [f"TableStyleLight{n}" for n in range(1, 22)] + [f"TableStyleMedium{n}" for n in range(1, 29)]
    + [f"TableStyleDark{n}" for n in range(1, 12)]
)


def _table_style(name: str) -> str:
    """Excel raises on a table style it does not hold; a new workbook holds the built-in ones only."""
    if name not in _BUILT_IN_TABLE_STYLES:
        raise ValueError(f"Excel has no table style {name!r}")
    return name


class Table(_Xl):
    _HELPERS = frozenset({"first", "last"})

    def __init__(self, sheet: Sheet, name: str, first: tuple[int, int], last: tuple[int, int], style: str):
        self._sheet = sheet
        self._name = name
        self.first = first
        self.last = last
        self._style = style

    def _app(self) -> App:
        return self._sheet._book._app_

    @property
    def name(self) -> str:
        return self._name

    @property
    def range(self) -> Range:
        return Range(self._sheet, *self.first, *self.last)

    @property
    def table_style(self) -> str:
        return self._style

    @table_style.setter
    def table_style(self, value: str) -> None:
        self._style = _table_style(value)

    def resize(self, range) -> None:  # noqa: A002 - xlwings' own parameter name
        if (range._r1, range._c1) != self.first:
            raise ValueError("a table keeps its header row and first column when resized")
        self._sheet._tables._check(range, ignore=self)
        self.last = (range._r2, range._c2)


class Tables(_Xl):
    def __init__(self, sheet: Sheet):
        self._sheet = sheet
        self._tables: list[Table] = []

    def _app(self) -> App:
        return self._sheet._book._app_

    def __iter__(self):
        outside = sys._getframe(1).f_globals.get("__name__") != __name__
        if outside:
            self._record("__iter__", "get")
        for table in list(self._tables):
            if outside:
                self._record("__iter__", "get")
            yield table

    def __len__(self):
        if _outside_direct():
            self._record("__len__", "get")
        return len(self._tables)

    def _check(self, rng: Range, ignore: Table | None = None) -> None:
        for t in self._tables:
            if t is ignore:
                continue
            (r1, c1), (r2, c2) = t.first, t.last
            if not (rng._r2 < r1 or rng._r1 > r2 or rng._c2 < c1 or rng._c1 > c2):
                raise ValueError(f"a table cannot overlap the table {t.name}")

    def add(self, source=None, name=None, source_type=None, link_source=None, has_headers=True,
            destination=None, table_style_name="TableStyleMedium2") -> Table:
        name = name or f"Table{len(self._tables) + 1}"
        for sheet in self._sheet._book._sheets._sheets:
            if any(t._name.casefold() == name.casefold() for t in sheet._tables._tables):
                raise ValueError(f"the table name {name} is taken")
        self._check(source)
        table = Table(self._sheet, name, (source._r1, source._c1), (source._r2, source._c2),
                      _table_style(table_style_name))
        self._tables.append(table)
        return table


class ChartAxis(_Xl):
    def __init__(self, chart: Chart):
        self._chart = chart
        self._number_format = "General"
        self._minimum_scale: float | None = None
        self._maximum_scale: float | None = None

    @property
    def minimum_scale(self) -> float:
        return self._minimum_scale

    @minimum_scale.setter
    def minimum_scale(self, value: float | None) -> None:
        self._minimum_scale = value

    @property
    def maximum_scale(self) -> float:
        return self._maximum_scale

    @maximum_scale.setter
    def maximum_scale(self, value: float | None) -> None:
        self._maximum_scale = value

    def _app(self) -> App:
        return self._chart._app()

    @property
    def number_format(self) -> str:
        return self._number_format

    @number_format.setter
    def number_format(self, value: str) -> None:
        self._number_format = value


class PageSetup(_Xl):
    """A sheet's page setup: the print area (an A1 address, or None), which Cells.Clear leaves alone."""

    def __init__(self, sheet: Sheet):
        self._sheet = sheet
        self._print_area: str | None = None

    def _app(self) -> App:
        return self._sheet._app()

    @property
    def print_area(self) -> str | None:
        return self._print_area

    @print_area.setter
    def print_area(self, value: str | None) -> None:
        if value is not None:
            for part in value.replace("$", "").split(":"):
                _address(part)  # Excel refuses an address it cannot read
        self._print_area = value or None


class DataValidation(_Xl):
    """A range's data validation, as xlwings 0.37.8 gives it: ``set_list`` and the read-only messages.

    It fails where xlwings and Excel fail: a list source that is a 2D
    range or from another workbook (ValueError), a source formula over 255
    characters (ValueError), cells holding different rules (XlwingsError);
    ``input_message`` and ``input_title`` cannot be set (no setter in xlwings).
    """

    def __init__(self, rng: Range):
        self._range = rng

    def _app(self) -> App:
        return self._range._app()

    @property
    def input_message(self) -> str | None:
        return None

    @property
    def input_title(self) -> str | None:
        return None

    def set_list(self, source, *, in_cell_dropdown: bool = True) -> None:
        if not isinstance(in_cell_dropdown, bool):
            raise TypeError("in_cell_dropdown must be a bool")
        r = self._range
        if isinstance(source, Range):
            if source._sheet._book is not r._sheet._book:
                raise ValueError("source must belong to the same workbook as the target")
            if source.shape[0] != 1 and source.shape[1] != 1:
                raise ValueError("a list validation source Range must be one-dimensional")
            formula = "='{}'!${}${}:${}${}".format(
                source._sheet._name.replace("'", "''"), _letters(source._c1), source._r1, _letters(source._c2), source._r2,
            )
        else:
            values = [str(v) for v in source]
            if not values:
                raise ValueError("a list validation needs at least one value")
            formula = ",".join(values)
        if len(formula) > 255:
            raise ValueError("the Excel data validation source cannot exceed 255 characters")
        cells = [(row, col) for row in range(r._r1, r._r2 + 1) for col in range(r._c1, r._c2 + 1)]
        if len({r._sheet.validations.get(cell) for cell in cells}) > 1:
            raise XlwingsError("Cannot update data validation because the target cells have different validation rules.")
        for cell in cells:
            r._sheet.validations[cell] = formula


class ConditionalFormats(_Xl):
    """A range's conditional formats; a rule added is kept on its sheet (``Sheet.rules``), as Excel keeps them."""

    def __init__(self, rng: Range):
        self._range = rng

    def _app(self) -> App:
        return self._range._app()

    def add_custom(self, formula: str, *, fill_color=None, font_color=None, font_bold=None, font_italic=None, stop_if_true: bool = False):
        if not (isinstance(formula, str) and formula.startswith("=") and len(formula) > 1):
            raise ValueError("formula must be a non-empty A1 formula starting with '='.")
        r = self._range
        r._sheet.rules.append({
            "range": (r._r1, r._c1, r._r2, r._c2), "formula": formula, "fill": fill_color, "font_color": font_color,
        })


class ChartSeries(_Xl):
    def __init__(self, chart: Chart):
        self._chart = chart
        self._name = ""

    def _app(self) -> App:
        return self._chart._app()

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self._name = value


class ChartSeriesCollection(_Xl):
    def __init__(self, chart: Chart, series: list[ChartSeries]):
        self._chart = chart
        self._series = series

    def _app(self) -> App:
        return self._chart._app()

    def __iter__(self):
        outside = sys._getframe(1).f_globals.get("__name__") != __name__
        if outside:
            self._record("__iter__", "get")
        for series in list(self._series):
            if outside:
                self._record("__iter__", "get")
            yield series

    def __len__(self):
        return len(self._series)

    def __getitem__(self, key):
        return self._series[key]


class Chart(_Xl):
    _HELPERS = frozenset({"categories", "source", "plot_by_", "series_list"})

    def __init__(self, sheet: Sheet, chart_type: str, source: Range, left, top, width, height):
        self._sheet = sheet
        self._chart_type = chart_type
        self.source = source
        self._left, self._top, self._width, self._height = left, top, width, height
        self._title: str | None = None
        self.categories: Range | None = None
        if chart_type not in CHART_TYPES:
            raise KeyError(chart_type)  # xlwings looks the name up in its table of Excel's chart types (chart_types_s2i)
        columns = source.shape[1] if source is not None else 0
        if chart_type.startswith("xy_scatter"):
            columns -= 1  # Excel plots the first column as x and each further column as a series of y
        self._series = ChartSeriesCollection(self, [ChartSeries(self) for _ in range(columns)])
        xy = chart_type.startswith("xy_scatter")
        if xy and source is not None and source._sheet._cell(source._r1, source._c1).value is None and source.shape[0] > 1:
            # a blank top-left cell: Excel takes the first row for the series' names and the rest for their values
            for n, series in enumerate(self._series._series, start=source.shape[1] - columns):
                value = source._sheet._cell(source._r1, source._c1 + n).value
                series._name = value if isinstance(value, str) else series._name
        self._value_axis = ChartAxis(self)
        self._category_axis = ChartAxis(self)

    def _app(self) -> App:
        return self._sheet._book._app_

    @property
    def chart_type(self) -> str:
        return self._chart_type

    @property
    def series(self) -> ChartSeriesCollection:
        return self._series

    @property
    def value_axis(self) -> ChartAxis:
        return self._value_axis

    @property
    def category_axis(self) -> ChartAxis:
        return self._category_axis

    @property
    def title(self) -> str | None:
        return self._title

    @title.setter
    def title(self, value: str | None) -> None:
        self._title = value

    @property
    def left(self) -> float:
        return self._left

    @property
    def top(self) -> float:
        return self._top

    @property
    def width(self) -> float:
        return self._width

    @property
    def height(self) -> float:
        return self._height

    def set_x_axis_values(self, source) -> None:
        self.categories = source

    def delete(self) -> None:
        self._sheet._charts._charts.remove(self)


class Charts(_Xl):
    def __init__(self, sheet: Sheet):
        self._sheet = sheet
        self._charts: list[Chart] = []

    def _app(self) -> App:
        return self._sheet._book._app_

    def __iter__(self):
        outside = sys._getframe(1).f_globals.get("__name__") != __name__
        if outside:
            self._record("__iter__", "get")
        for chart in list(self._charts):
            if outside:
                self._record("__iter__", "get")
            yield chart

    def __len__(self):
        if _outside_direct():
            self._record("__len__", "get")
        return len(self._charts)

    def add(self, left=0, top=0, width=355, height=211, chart_type=None, source=None, plot_by=None, name=None,
            anchor=None, style=227) -> Chart:
        chart = Chart(self._sheet, chart_type or "column_clustered", source, left, top, width, height)
        self._charts.append(chart)
        return chart


def install(monkeypatch, book: Book):
    """Make ``import xlwings`` give this module, with ``book`` as the workbook that clicked the button."""
    module = sys.modules[__name__]
    monkeypatch.setitem(sys.modules, "xlwings", module)
    monkeypatch.setattr(Book, "_mock_caller", book)
    return module
