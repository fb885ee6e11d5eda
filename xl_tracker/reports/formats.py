"""Numbers and dates as people read them in a report.

Scores get two decimals and percentages one, as the workbook's sheets show
them (``0.00``, ``0.0%``), so a figure reads the same in a report and on the
sheet it comes from; changes carry their sign. One rule per kind of figure,
whatever its size: a report once printed "+6.2%" and "0.0%" beside "+40%" and
"+12%" in one table. Halves round away from zero, as Excel and LibreOffice
show a cell (Python's own formatting rounds 0.0625 to 6.2 %, the sheet
shows 6.3 %). The stored results are never rounded (contract); rounding
happens only here, so every figure in a report is the result it came from,
formatted.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from xl_tracker.contract import Shown
from xl_tracker.dates import date_in_words

BLANK = "–"
"""What a report shows where a result is blank (no score, no progress yet)."""


def is_missing(value: object) -> bool:
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        return False
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(value: object) -> float | None:
    """A result as a float, or None when blank or not a number."""
    if is_missing(value) or isinstance(value, bool):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def fixed(x: float, decimals: int, sign: bool = False, scale: int = 0) -> str:
    """``x`` × 10**``scale`` with ``decimals`` decimals as a spreadsheet cell shows it: the value to 15 significant
    digits, halves away from zero (2.125 -> ``2.13``, 0.0625 as a percentage -> ``6.3``); ``-0.00`` reads ``0.00``."""
    if not math.isfinite(x):
        return f"{x * 10**scale:{'+' if sign else ''}.{decimals}f}"
    shown = Decimal(f"{x:.15g}").scaleb(scale).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if not shown:
        shown = abs(shown)
        sign = False
    return f"{shown:{'+' if sign else ''}.{decimals}f}"


def score(value: object) -> str:
    """A score or mean score: ``3.40``."""
    x = number(value)
    return BLANK if x is None else fixed(x, 2)


def signed(value: object) -> str:
    """A change of score with its sign: ``+0.40``, ``-0.25``, ``0.00``."""
    x = number(value)
    return BLANK if x is None else fixed(x, 2, sign=True)


PERCENT_DECIMALS = 1
"""Decimals of every percentage in a report: the sheets' ``0.0%`` (outputs.model.NUMBER_FORMATS)."""


def percent(value: object, sign: bool = False) -> str:
    """A fraction as a percentage with one decimal, as the sheets show it: ``40.0%``, ``6.3%``; signed ``+6.3%``; ``0.0%``."""
    x = number(value)
    return BLANK if x is None else fixed(x, PERCENT_DECIMALS, sign=sign, scale=2) + "%"


def signed_percent(value: object) -> str:
    return percent(value, sign=True)


def plain(value: object, decimals: int = 2) -> str:
    """A measure value in its own unit: whole numbers without decimals, others with up to ``decimals``."""
    x = number(value)
    if x is None:
        return BLANK
    if x.is_integer():
        return f"{int(x):,}".replace(",", " ") if abs(x) >= 10000 else str(int(x))
    return fixed(x, decimals).rstrip("0").rstrip(".")


def days(value: object) -> str:
    """A median number of days: ``28.5``, ``46`` (a median of whole days is whole or halfway), in every report alike."""
    return plain(value, 1)


def whole(value: object) -> str:
    """A count: ``12``."""
    x = number(value)
    return BLANK if x is None else fixed(x, 0)


def date(value: object) -> str:
    """A date, unambiguous wherever it is read: ``15 Mar 2026``."""
    if is_missing(value):
        return BLANK
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, (dt.date, dt.datetime)):
        return date_in_words(value)
    return str(value)


def text(value: object) -> str:
    """Workbook text as typed (trimmed); blank for a missing value."""
    if type(value) is str:
        return value.strip()
    if is_missing(value):
        return ""
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def count_phrase(n: int, one: str, many: str | None = None) -> str:
    """``1 indicator``, ``3 indicators``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def join_words(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def by_kind(kind: Shown, value: object) -> str:
    """A result value as the report prints a value of its column's kind (:class:`~xl_tracker.contract.Shown`)."""
    if kind is Shown.INTEGER:
        return whole(value)
    if kind is Shown.DECIMAL:
        return score(value)
    if kind is Shown.PERCENT:
        return percent(value)
    if kind is Shown.DATE:
        return date(value)
    if kind is Shown.MEASURE:
        return plain(value)
    return text(value)
