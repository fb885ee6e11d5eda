"""Cell addresses and the reading of one cell value by column kind.

Pure functions, no file access: the reader hands each column's raw values
(as python-calamine returns them) to :func:`coerce_column` and gets back the
typed values plus the problems found, each with the position of its cell.
The contract's reading rules live here: numbers and dates typed as text are
read with a warning, ``"3,5"`` is not a number, nor is a number no workbook
can hold (``"1e400"`` reads as infinity), dates typed as text are ISO or day
first (Kenya), Excel error values are errors.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from xl_tracker.contract import NO_WORDS, YES_WORDS, Column, Kind

EXCEL_ERRORS = frozenset(
    {
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
        "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!",
    }
)

_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers Excel would show as dates between 1990 and 2100: a date column
# pasted without its format still holds a date.
_SERIAL_MIN, _SERIAL_MAX = 32874, 73415


def column_letters(col: int) -> str:
    """0-based column index to letters: 0 -> A, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """1-based row and 0-based column to an A1 address."""
    return f"{column_letters(col)}{row}"


_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def split_a1(ref: str) -> tuple[int, int]:
    """An A1 address to (1-based row, 0-based column); (0, -1) when it is not one."""
    m = _A1.fullmatch(ref)
    if not m:
        return (0, -1)
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col - 1


@dataclass(frozen=True, slots=True)
class Problem:
    """A cell that could not be read as its column's kind, or was read with a warning."""

    position: int
    rule: str
    message: str
    value: object


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    return False


def show(value: object) -> str:
    """A value as a coach would recognise it in a message."""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else f"{value:g}"  # 1e+308, not its 309 digits
    return str(value)


def as_float(value: int | float) -> float:
    """A number as a float; an int past a float's range as the infinity of its sign, which the readers refuse as not a number."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def number_from_text(text: str) -> float | None:
    """``"4"``, ``"4 "``, ``"-2.5"`` are numbers; ``"3,5"``, ``"4%"``, ``"four"`` are not.

    ``"1e400"`` is read as ``inf``, as Python reads it: callers refuse a number that is not finite.
    """
    s = text.strip()
    if _NUMBER_TEXT.fullmatch(s):
        return float(s)
    return None


def date_from_text(text: str) -> dt.date | None:
    """ISO ``2026-03-15`` or day-first ``15/03/2026`` (also with ``-`` or ``.``); else None."""
    s = text.strip()
    try:
        m = _ISO_DATE.fullmatch(s)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _DAY_FIRST.fullmatch(s)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return None


def date_from_serial(value: float) -> dt.date | None:
    if _SERIAL_MIN <= value <= _SERIAL_MAX:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    return None


def split_id_list(text: str) -> tuple[str, ...]:
    """``"M02; M05,M07"`` to ``("M02", "M05", "M07")``: IDs never hold ``;`` or ``,``."""
    return tuple(p.strip() for p in re.split(r"[;,]", text) if p.strip())


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.date, dt.datetime)):
        return show(value)
    return str(value).strip()


def coerce_column(column: Column, values: list[object]) -> tuple[list[object], list[Problem]]:
    """Read every value of one column as its kind.

    Returns the typed values (``None`` for blank or unreadable cells; ``float``
    for numbers, ``datetime.date`` for dates, ``bool`` for yes-no, ``tuple``
    for lists of IDs, trimmed ``str`` otherwise) and the problems found.
    A column whose cells all have the expected type takes a fast path: a real
    workbook's columns almost always do, and this is the reader's hot loop.
    """
    fast = _fast_column(column.kind, values)
    if fast is not None:
        return fast, []
    reader = _READERS[column.kind]
    out: list[object] = []
    problems: list[Problem] = []
    append = out.append
    for pos, value in enumerate(values):
        if value is None or value == "":
            append(None)
            continue
        if isinstance(value, str):
            stripped = value.strip()
            if not stripped:
                append(None)
                continue
            if stripped in EXCEL_ERRORS:
                append(None)
                problems.append(Problem(pos, "excel-error", f"{column.header} holds the Excel error {stripped}: correct the formula or type the value", stripped))
                continue
        typed, problem = reader(column, value)
        append(typed)
        if problem is not None:
            problems.append(Problem(pos, problem[0], problem[1], _as_issue_value(value)))
    return out, problems


def _as_issue_value(value: object) -> object:
    """The value an issue keeps: a number that is not finite as its text (``inf``), which JSON and a sheet can hold."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


_TEXT_KINDS = (Kind.TEXT, Kind.ID, Kind.CHOICE)
_NUMBER_KINDS = (Kind.NUMBER, Kind.WHOLE)


def _fast_column(kind: Kind, values: list[object]) -> list[object] | None:
    """The typed column when every cell is blank or already of the kind's type; else None (take the slow path)."""
    types = set(map(type, values))
    if kind in _TEXT_KINDS and types <= {str}:
        out = [v.strip() or None for v in values]
        return out if EXCEL_ERRORS.isdisjoint(out) else None
    if kind in _NUMBER_KINDS and types <= {float, int, str}:
        if str in types and any(v != "" for v in values if type(v) is str):
            return None
        try:
            out = [None if v == "" else float(v) for v in values]
        except OverflowError:  # an int past a float's range
            return None
        # One sum finds an infinity or a NaN (0 and blanks left out): the slow path then reports it.
        # A sum that overflows from finite values only sends the column there too, which reads it alike.
        return out if math.isfinite(sum(filter(None, out))) else None
    if kind is Kind.DATE and types <= {dt.date, dt.datetime, str}:
        if str in types and any(v != "" for v in values if type(v) is str):
            return None
        out = [None if v == "" else (v.date() if type(v) is dt.datetime else v) for v in values]
        return out if all(v is None or _USABLE_DATES[0] <= v <= _USABLE_DATES[1] for v in out) else None
    if kind is Kind.YES_NO and types <= {str, bool}:
        # A column of a few spellings (Yes, No, yes): read each spelling once.
        answers: dict[object, object] = {}
        for v in set(values):
            if type(v) is bool:
                answers[v] = v
                continue
            word = v.strip().casefold()
            if not word:
                answers[v] = None
            elif word in YES_WORDS or word in NO_WORDS:
                answers[v] = word in YES_WORDS
            else:
                return None  # an unknown word (or an Excel error as text): the slow path reports it
        return [answers[v] for v in values]
    return None


def _read_text(column: Column, value: object):
    return _as_text(value), None


def _read_id_list(column: Column, value: object):
    return split_id_list(_as_text(value)), None


def _read_number(column: Column, value: object):
    if isinstance(value, bool):
        return None, ("not-a-number", f"{column.header} must be a number, not {show(value)}: type a number such as 4")
    if isinstance(value, (int, float)):
        number = as_float(value)
        if not math.isfinite(number):
            what = "NaN, which is not a number" if math.isnan(number) else f"the number {'-' if number < 0 else ''}infinity"
            return None, ("not-a-number", f"{column.header} holds {what}: type a number such as 4")
        return number, None
    if isinstance(value, str):
        number = number_from_text(value)
        if number is not None and not math.isfinite(number):
            return None, ("not-a-number", f"{column.header} '{value.strip()}' is too large a number for a workbook to hold (it reads as "
                                          f"{'-' if number < 0 else ''}infinity): type a number such as 4")
        if number is not None:
            return number, ("text-as-number", f"{column.header} '{value}' was typed as text and read as the number {show(number)}: retype it as a number")
        hint = " (use a point, not a comma, for decimals)" if re.fullmatch(r"\s*[+-]?\d+,\d+\s*", value) else ""
        return None, ("not-a-number", f"{column.header} '{value.strip()}' is not a number{hint}: type a number such as 4")
    return None, ("not-a-number", f"{column.header} must be a number, not the date or time {show(value)}: type a number such as 4")


_USABLE_DATES = (dt.date(1900, 1, 1), dt.date(2261, 12, 31))
"""Dates a table can hold (pandas' datetime64[ns] ends in 2262): a year typed 3026 for 2026 is not-a-date, not a crash."""


def _read_date(column: Column, value: object):
    typed, problem = _read_any_date(column, value)
    if typed is not None and not _USABLE_DATES[0] <= typed <= _USABLE_DATES[1]:
        return None, ("not-a-date", f"{column.header} {show(typed)} is not a date the tracking tool can use (year {typed.year}): check the year and type it as dd/mm/yyyy")
    return typed, problem


def _read_any_date(column: Column, value: object):
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, bool):
        return None, ("not-a-date", f"{column.header} must be a date, not {show(value)}: type it as dd/mm/yyyy, e.g. 15/03/2026")
    if isinstance(value, (int, float)):
        date = date_from_serial(float(value))
        if date is not None:
            return date, None
        return None, ("not-a-date", f"{column.header} {show(value)} is not a date: type it as dd/mm/yyyy, e.g. 15/03/2026")
    if isinstance(value, str):
        date = date_from_text(value)
        if date is not None:
            return date, ("text-as-number", f"{column.header} '{value.strip()}' was typed as text and read as the date {show(date)}: retype it as a date (dd/mm/yyyy)")
        return None, ("not-a-date", f"{column.header} '{value.strip()}' is not a date: type it as dd/mm/yyyy, e.g. 15/03/2026")
    return None, ("not-a-date", f"{column.header} {show(value)} is not a date: type it as dd/mm/yyyy, e.g. 15/03/2026")


def _read_yes_no(column: Column, value: object):
    if isinstance(value, bool):
        return value, None
    word = _as_text(value).casefold()
    if word in YES_WORDS:
        return True, None
    if word in NO_WORDS:
        return False, None
    return None, ("unknown-choice", f"{column.header} '{_as_text(value)}' is not Yes or No: type Yes or No")


_READERS = {
    Kind.TEXT: _read_text,
    Kind.ID: _read_text,
    Kind.CHOICE: _read_text,
    Kind.ID_LIST: _read_id_list,
    Kind.NUMBER: _read_number,
    Kind.WHOLE: _read_number,
    Kind.DATE: _read_date,
    Kind.YES_NO: _read_yes_no,
}
