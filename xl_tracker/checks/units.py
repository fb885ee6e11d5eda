"""impossible-value: a measure's value that its unit rules out (DHIS2's min/max check).

Each measure gets a range from its ``Unit`` (or, without one, from how its
name starts), narrowed or widened by its own ``Lowest valid value`` and
``Highest valid value`` when the Measures sheet gives them:

- a percentage (Unit ``%``, ``percent``, ``percentage``; or no Unit and a
  name that starts with ``%`` or ``Percentage of``) runs from 0 to 100;
- a count or a duration (Unit ``count``, ``number``, ``days``, ``hours``,
  ``minutes``, ``visits``, ``per 1,000``, …; or no Unit and a name that starts
  with ``Number of``) cannot be negative;
- any other unit (``KES``, ``°C``, ``score``) has no range of its own.

The inference is deliberately narrow: a unit it does not know is never
guessed at, and a measure that can go past the range (a coverage against a
population estimate can exceed 100%) says so in its own columns. The
Baseline, the Target and every Progress value are checked; an impossible
value is an Error, so it never becomes a "110% Achieved".
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from xl_tracker.contract import MEASURES, PROGRESS

from .context import CheckContext, first_rows, shown, take

MEASURE_ID = MEASURES.column("Measure ID").header
NAME = MEASURES.column("Measure").header
UNIT = MEASURES.column("Unit").header
BASELINE = MEASURES.column("Baseline").header
TARGET = MEASURES.column("Target").header
LOWEST = MEASURES.column("Lowest valid value").header
HIGHEST = MEASURES.column("Highest valid value").header
PROGRESS_MEASURE = PROGRESS.column("Measure ID").header
VALUE = PROGRESS.column("Value").header

PERCENT_UNITS = frozenset({"%", "percent", "percentage", "per cent", "pct"})
COUNT_WORDS = frozenset({"count", "counts", "number", "no", "no.", "#", "n"})
COUNT_UNITS = frozenset(
    {
        "day", "days", "hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins",
        "week", "weeks", "month", "months", "year", "years",
        "visit", "visits", "session", "sessions", "meeting", "meetings", "people", "persons",
        "staff", "facilities", "cases", "deaths", "births", "babies", "women", "mothers", "times",
    }
)
PERCENT_NAME = re.compile(r"\s*(%|percentage of\b|percent of\b)", re.IGNORECASE)
COUNT_NAME = re.compile(r"\s*(number of\b|no\. of\b)", re.IGNORECASE)
RATE_UNIT = re.compile(r"per\s+[\d,]+")
"""``per 1,000`` / ``per 100 000``: a rate, never negative."""


@lru_cache(maxsize=4096)
def unit_range(unit: object, name: object) -> tuple[float, float, str]:
    """(lowest, highest, what the unit is called) implied by a measure's Unit, or by its name when the Unit is blank."""
    text = " ".join(str(unit).split()).casefold() if isinstance(unit, str) and unit.strip() else ""
    if text:
        if text in PERCENT_UNITS:
            return 0.0, 100.0, "a percentage"
        if text in COUNT_WORDS:
            return 0.0, math.inf, "a count"
        if RATE_UNIT.match(text):
            return 0.0, math.inf, "a rate"
        if text in COUNT_UNITS:
            return 0.0, math.inf, f"in {unit.strip()}"  # type: ignore[union-attr]
        return -math.inf, math.inf, ""
    if isinstance(name, str):
        if PERCENT_NAME.match(name):
            return 0.0, 100.0, "a percentage"
        if COUNT_NAME.match(name):
            return 0.0, math.inf, "a count"
    return -math.inf, math.inf, ""


def measure_ranges(ctx: CheckContext) -> pd.DataFrame:
    """Per usable measure row: lowest, highest, the unit's words and whether each bound is the measure's own."""
    frame = ctx.usable[MEASURES.name]
    # a workbook made before these columns existed reads them as all blank
    own_low = pd.to_numeric(frame[LOWEST], errors="coerce")
    own_high = pd.to_numeric(frame[HIGHEST], errors="coerce")
    inferred = [unit_range(u, n) for u, n in zip(frame[UNIT].tolist(), frame[NAME].tolist())]
    low = np.array([r[0] for r in inferred], dtype=float)
    high = np.array([r[1] for r in inferred], dtype=float)
    words = [r[2] for r in inferred]
    given_low = own_low.notna().to_numpy()
    given_high = own_high.notna().to_numpy()
    low = np.where(given_low, own_low.to_numpy(dtype=float), low)
    high = np.where(given_high, own_high.to_numpy(dtype=float), high)
    return pd.DataFrame(
        {"low": low, "high": high, "words": words, "own_low": given_low, "own_high": given_high, "id": frame[MEASURE_ID]},
        index=frame.index,
    )


def check_unit_ranges(ctx: CheckContext) -> None:
    """Baseline and Target on Measures, Value on Progress: within the measure's range (see the module docstring)."""
    measures = ctx.usable[MEASURES.name]
    if measures.empty or not ctx.present(MEASURES.name, MEASURE_ID):
        return
    ranges = measure_ranges(ctx)
    for header in (BASELINE, TARGET):
        if not ctx.present(MEASURES.name, header):
            continue
        values = measures[header].to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            outside = (values < ranges["low"].to_numpy()) | (values > ranges["high"].to_numpy())
        ctx.report_rows(
            "impossible-value", MEASURES.name, header, measures.index[outside],
            lambda row, value, header=header: _message(ctx, header, value, ranges.loc[row], row),
        )
    progress = ctx.usable[PROGRESS.name]
    if progress.empty or not ctx.present(PROGRESS.name, PROGRESS_MEASURE, VALUE):
        return
    at = first_rows(measures[MEASURE_ID], progress[PROGRESS_MEASURE])
    values = progress[VALUE].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        outside = (values < take(ranges["low"], at, -math.inf)) | (values > take(ranges["high"], at, math.inf))
    measure_row = dict(zip(progress.index, measures.index.to_numpy()[at]))
    ctx.report_rows(
        "impossible-value", PROGRESS.name, VALUE, progress.index[outside],
        lambda row, value: _message(ctx, VALUE, value, ranges.loc[int(measure_row[row])], int(measure_row[row])),
    )


def _message(ctx: CheckContext, header: str, value: object, bounds: pd.Series, measure_row: int) -> str:
    low, high = float(bounds["low"]), float(bounds["high"])
    below = float(value) < low  # type: ignore[arg-type]
    limit = low if below else high
    side = "below" if below else "above"
    measure = bounds["id"]
    column = LOWEST if below else HIGHEST
    found = f"{header} {shown(value)} is {side} {limit:g}"
    if bool(bounds["own_low"] if below else bounds["own_high"]):
        cell = ctx.cell(MEASURES.name, measure_row, column)
        return f"{found}, the {column} of measure {measure} ({MEASURES.name} {cell}): check the value, or the measure's {column}"
    if high == 100 and low == 0:
        kind, beyond = "a percentage (0 to 100)", ("go below 0" if below else "exceed 100 (a coverage against a population estimate)")
    else:
        kind, beyond = f"{bounds['words']}, which cannot be negative", "go below 0"
    return (
        f"{found}, but measure {measure} is {kind}: check the value; "
        f"if this measure can {beyond}, type its {column} on the {MEASURES.name} sheet"
    )
