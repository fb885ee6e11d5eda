"""Coordination overlaps: initiatives that may duplicate each other, and offers that answer requests.

:func:`find_overlaps` is the one entry point the pipeline calls; it returns
the Overlaps sheet as a DataFrame with exactly the contract's headers.
:func:`overlaps_for_member` gives a report one member's rows from the other
side's point of view. How pairs are found, flagged and scored, and the known
limits, are in ``docs/overlaps.md``.

Modules: :mod:`.reasons` (the one table of reasons: codes, words, kinds,
thresholds, score points, actions), :mod:`.sites` (facility names),
:mod:`.words` (stop words, phrases, synonyms), :mod:`.text` (content words
and similarity), :mod:`.candidates` (blocking), :mod:`.pairs` (reasons
applied to pairs: flag, score, action),
:mod:`.offers` (offers matched to requests), :mod:`.member_view`, :mod:`.summary`
(counts by pair of departments).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from xl_tracker.contract import INITIATIVES, MEMBERS, OFFERS_REQUESTS, OVERLAPS
from xl_tracker.overlaps.member_view import overlaps_for_member, reason_words_column, reasons_in_words
from xl_tracker.overlaps.offers import offer_matches
from xl_tracker.overlaps.pairs import OPEN_END, OPEN_START, Initiative, TextField, initiative_pairs, normaliser_for, window_days
from xl_tracker.overlaps.reasons import (
    ALIGN_TARGETS,
    CONTENT,
    CONTEXT,
    FORM_ONE_TASK_TEAM,
    INITIATIVE_REASONS,
    OFFER_MATCHES_REQUEST,
    REASON_ORDER,
    REASONS,
    SEQUENCE,
    TAKE_UP_THE_OFFER,
    TALK,
)
from xl_tracker.overlaps.summary import overlap_summary

if TYPE_CHECKING:
    from xl_tracker.settings import Settings

__all__ = [
    "ALIGN_TARGETS", "FORM_ONE_TASK_TEAM", "OFFER_MATCHES_REQUEST", "REASONS", "REASON_ORDER", "TAKE_UP_THE_OFFER", "TALK",
    "find_overlaps", "overlap_summary", "overlaps_for_member", "reasons_in_words",
]


def _column(frame: pd.DataFrame, header: str) -> pd.Series:
    """A column, or all-NA when the sheet lacks it (a missing optional column)."""
    if header in frame:
        return frame[header]
    return pd.Series([None] * len(frame), index=frame.index, dtype="object")


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def find_overlaps(usable: Mapping[str, pd.DataFrame], settings: Settings | None = None, apart_by: str | None = None) -> pd.DataFrame:
    """The Overlaps sheet: flagged initiative pairs (A above B on the sheet), then offers matched to requests.

    Each of the two parts is ranked by Score, highest first; equal scores keep
    sheet order (A's row, then B's; for offers, the request's, then the
    offer's).

    ``usable`` is :attr:`CheckResult.usable` (index = Excel row, contract
    headers). Rows without an Initiative ID or Owner are left out: they cannot
    be named or told apart from their owner's other work. ``settings`` gives
    the County name, removed from texts like a facility name. ``apart_by``
    names a column of the Initiatives table: two initiatives with the same
    value there are never paired (the roll-up's similar initiatives across
    counties, where two of one county are that county's own Overlaps).
    """
    members = usable.get(MEMBERS.name)
    departments: dict[str, object] = {}
    if members is not None and not members.empty:
        for mid, dept in zip(_column(members, "Member ID").tolist(), _column(members, "Department").tolist()):
            if _text(mid) and _text(dept):
                departments.setdefault(_text(mid), _text(dept))
    county = getattr(settings, "county", "") or ""

    table = usable.get(INITIATIVES.name)
    if table is None:
        table = pd.DataFrame()
    table = table.sort_index()
    ids = [_text(v) for v in _column(table, "Initiative ID").tolist()]
    owners = [_text(v) for v in _column(table, "Owner").tolist()]
    keep = [k for k in range(len(table)) if ids[k] and owners[k]]
    initiatives_frame = table.iloc[keep]
    normaliser = normaliser_for(initiatives_frame, county)

    parts = []
    if len(keep) >= 2:
        groups = None if apart_by is None else pd.factorize(initiatives_frame[apart_by], use_na_sentinel=False)[0].astype(np.int64)
        parts.append(_initiative_rows(initiatives_frame, usable, departments, normaliser, groups))
    parts.append(offer_matches(usable.get(OFFERS_REQUESTS.name), normaliser, departments))
    parts = [p for p in parts if len(p)]  # each part comes ranked (strongest first, ties in sheet order) and typed
    if not parts:
        return pd.DataFrame({k: pd.Series(dtype=_DTYPES.get(k, "object")) for k in OVERLAPS.keys})
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    frame["reason_words"] = reason_words_column(frame["reasons"])
    return frame


_DTYPES = {"score": "int64", "offer_match": "bool"}


def _initiative_rows(
    frame: pd.DataFrame, usable: Mapping[str, pd.DataFrame], departments: dict[str, object], normaliser, groups: np.ndarray | None = None,
) -> pd.DataFrame:
    """Every initiative reason of the table, read from the sheet and column its row names."""
    ids = [_text(v) for v in _column(frame, "Initiative ID").tolist()]
    owners = [_text(v) for v in _column(frame, "Owner").tolist()]
    own_departments = [_text(v) for v in _column(frame, "Department").tolist()]
    titles = [_text(v) for v in _column(frame, "Title").tolist()]
    initiatives = [
        Initiative(id=ids[k], owner=owners[k], department=own_departments[k] or departments.get(owners[k]), title=titles[k])
        for k in range(len(ids))
    ]
    starts = window_days(_column(frame, "Start date"), OPEN_START)
    ends = window_days(_column(frame, "End date"), OPEN_END)
    words = normaliser.words
    position = {i.casefold(): k for k, i in enumerate(ids)}
    texts: dict[str, TextField] = {}
    context: dict[str, list[frozenset[str]]] = {}
    for reason in INITIATIVE_REASONS:
        if reason.kind == CONTEXT:
            context[reason.code] = [reason.keys(cell, owners[k]) for k, cell in enumerate(_column(frame, reason.column).tolist())]
            continue
        if reason.kind == SEQUENCE:  # read from the windows (starts, ends) by initiative_pairs
            continue
        assert reason.kind == CONTENT
        if reason.sheet == INITIATIVES.name:
            rows, owner_rows = frame, None
        else:  # rows of another sheet, each belonging to the initiative of its Initiative ID
            rows = usable.get(reason.sheet)
            if rows is None or rows.empty:
                continue
            rows = rows.sort_index()
            at = [position.get((_text(v) or "").casefold()) for v in _column(rows, "Initiative ID").tolist()]
            linked = [k for k, p in enumerate(at) if p is not None]
            if not linked:
                continue
            rows, owner_rows = rows.iloc[linked], np.asarray([at[k] for k in linked], np.int64)
        blocks = None
        if reason.block:
            blocks = [c.casefold() if c else None for c in (_text(v) for v in _column(rows, reason.block).tolist())]
        texts[reason.code] = TextField([words(v) for v in _column(rows, reason.column).tolist()], blocks, owner_rows)
    return initiative_pairs(initiatives, starts, ends, texts, context, groups)
