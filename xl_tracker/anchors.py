"""Anchored scales: each item's statement and what each score looks like, as the Indicators sheet holds them.

A score of 3 means the same to a member scoring themself, to their coach
and to next year's coach only when every level is described by something a
person can be seen doing. The descriptors live on the Indicators sheet (one
``Level N`` column per score of the scale in Settings, optional: a workbook
without them reads as before). A blank level of an item of the default
set, unchanged (same Item code and statement) on the default 1-5 scale,
has its default descriptor, as a blank Weight is 1: so a workbook made
before the Level columns existed, or upgraded to them, shows the same
descriptors as a new one. This module reads
them once into :class:`AnchoredItem` objects, which every view shows: the
Assessments item column's input message (:func:`input_message`), the paper
scoring forms and the reports' annex. So the three cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from xl_tracker.contract import (
    DEFAULT_INDICATORS,
    DEFAULT_LEVEL_DESCRIPTORS,
    DEFAULT_LEVELS,
    INDICATORS,
    LEVEL_HEADER,
    scale_levels,
)
from xl_tracker.tables import WorkbookData

_DEFAULT_STATEMENTS = {
    f"{code}{n}".casefold(): " ".join(statement.split()).casefold()
    for code, _name, statements in DEFAULT_INDICATORS
    for n, statement in enumerate(statements, start=1)
}

INPUT_MESSAGE_LIMIT = 255
"""Excel keeps at most 255 characters of a data validation's input message (XlsxWriter refuses more)."""
INPUT_TITLE_LIMIT = 32
"""… and 32 of its title."""


@dataclass(frozen=True)
class Level:
    score: int
    text: str
    """What this score looks like; "" where the Indicators sheet leaves it blank."""


@dataclass(frozen=True)
class AnchoredItem:
    """One scored item: its statement and a descriptor per level of the scale, in score order."""

    indicator_code: str
    indicator_name: str
    code: str
    statement: str
    levels: tuple[Level, ...]

    @property
    def described(self) -> bool:
        return any(level.text for level in self.levels)


@dataclass(frozen=True)
class AnchoredIndicator:
    code: str
    name: str
    items: tuple[AnchoredItem, ...]


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return " ".join(str(value).split())


def default_descriptor(code: str, statement: str, level: int, levels: tuple[int, ...]) -> str:
    """The default descriptor of ``level`` for an unchanged default item on the default scale, else ""."""
    if levels != DEFAULT_LEVELS:
        return ""
    known = _DEFAULT_STATEMENTS.get(code.casefold())
    if known is None or known != statement.casefold():
        return ""
    return DEFAULT_LEVEL_DESCRIPTORS[code.upper()][level - levels[0]]


def anchored_items(
    indicators: pd.DataFrame | Iterable[Mapping[str, object]] | None, scale: tuple[int, int], item_order: Sequence[str] = ()
) -> tuple[AnchoredItem, ...]:
    """The items of an Indicators table (a frame or rows keyed by contract header; ``Level N`` optional), one per Item code.

    ``scale`` is (Scale minimum, Scale maximum); a level without its column
    or with a blank cell has the text "". A repeated Item code counts once
    (its first row, as the results count it). ``item_order`` is the order of
    the Assessments item columns: items are listed in it (the rest after, in
    Indicators order), so a paper form is typed in from left to right.
    """
    if indicators is None:
        return ()
    rows = indicators.to_dict("records") if isinstance(indicators, pd.DataFrame) else indicators
    levels = scale_levels(*scale)
    seen: set[str] = set()
    items: list[AnchoredItem] = []
    for row in rows:
        code = _text(row.get("Item code"))
        if not code or code.casefold() in seen:
            continue
        seen.add(code.casefold())
        items.append(
            AnchoredItem(
                indicator_code=_text(row.get("Indicator code")),
                indicator_name=_text(row.get("Indicator name")),
                code=code,
                statement=_text(row.get("Item statement")),
                levels=tuple(
                    Level(n, _text(row.get(LEVEL_HEADER.format(n))) or default_descriptor(code, _text(row.get("Item statement")), n, levels))
                    for n in levels
                ),
            )
        )
    place = {c.strip().casefold(): n for n, c in enumerate(item_order)}
    return tuple(sorted(items, key=lambda i: place.get(i.code.casefold(), len(place))))


def workbook_items(data: WorkbookData, indicators: pd.DataFrame | None = None) -> tuple[AnchoredItem, ...]:
    """The items of a workbook as read (``indicators``: its usable Indicators table, else the sheet as read), in the
    order of its Assessments item columns, on the scale of its Settings."""
    frame = indicators if indicators is not None else data.sheets[INDICATORS.name].values
    assessments = data.sheets.get("Assessments")
    order = []
    if assessments is not None and assessments.present:
        codes = {c.casefold() for c in data.item_codes}
        order = [c for c in sorted(assessments.columns, key=assessments.columns.get) if c.casefold() in codes]
    return anchored_items(frame, (data.settings.scale_min, data.settings.scale_max), order)


def by_indicator(items: Iterable[AnchoredItem]) -> tuple[AnchoredIndicator, ...]:
    """Items grouped under their indicator, keeping their order (an indicator split by another item shows twice)."""
    groups: list[AnchoredIndicator] = []
    for item in items:
        if groups and groups[-1].code.casefold() == item.indicator_code.casefold():
            last = groups[-1]
            groups[-1] = AnchoredIndicator(last.code, last.name, (*last.items, item))
        else:
            groups.append(AnchoredIndicator(item.indicator_code, item.indicator_name, (item,)))
    return tuple(groups)


def input_title(item: AnchoredItem) -> str:
    title = f"{item.code}: score {item.levels[0].score}-{item.levels[-1].score}" if item.levels else item.code
    return title[:INPUT_TITLE_LIMIT]


def input_message(item: AnchoredItem, fallback: str = "", limit: int = INPUT_MESSAGE_LIMIT) -> str:
    """The Assessments column's input message: the statement, then one line per described level, within ``limit``.

    The level lines are what a scorer needs at the cell, so they are kept
    whole as long as they fit and the statement is shortened (with "…"; it
    is in full on the Indicators sheet and the paper form); only when the
    levels alone are too long is each of them shortened, the longest first.
    Without descriptors the message is the statement, or ``fallback``.
    """
    lines = [f"{level.score} {level.text}" for level in item.levels if level.text]
    statement = item.statement or fallback
    if not lines:
        return _clip(statement, limit)
    body = "\n".join(lines)
    room = limit - len(body) - 1
    if room >= 20 or (room > 0 and len(statement) <= room):
        return f"{_clip(statement, room)}\n{body}" if statement else body
    return _fit_lines(lines, limit)


def _clip(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut at a space where one is near the end, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    space = cut.rfind(" ")
    if space >= len(cut) * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:(") + "…"


def _fit_lines(lines: list[str], limit: int) -> str:
    """Shorten the longest lines, one character at a time in effect, until the lines joined fit ``limit``."""
    budget = limit - (len(lines) - 1)
    cap = max(len(line) for line in lines)
    while cap > 4 and sum(min(len(line), cap) for line in lines) > budget:
        cap -= 1
    return "\n".join(_clip(line, cap) for line in lines)[:limit]


__all__ = [
    "AnchoredIndicator", "AnchoredItem", "Level", "anchored_items", "by_indicator", "default_descriptor", "input_message",
    "input_title", "workbook_items",
]
