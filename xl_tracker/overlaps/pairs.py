"""Pairs of initiatives that may duplicate each other: reasons -> flag -> score -> suggested action.

Only pairs with different owners whose Start..End windows overlap (both ends
inclusive) are considered. A missing Start date counts as "since always" and a
missing End date as "for ever": the validator already reports the blank date,
and a possible duplication is cheaper to look at than to miss.

Which reasons there are, which flag a pair (content) and which only add to
it (context), their thresholds, score points and action rule are the table
of :mod:`~xl_tracker.overlaps.reasons`; this module applies it to arrays of
pairs (``docs/overlaps.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_tracker.contract import OVERLAPS
from xl_tracker.overlaps.candidates import similar_rows, strongest_partners
from xl_tracker.overlaps.reasons import (
    CONTENT_REASONS,
    INITIATIVE_REASONS,
    LEARN_FROM_DAYS,
    REASONS_BY_CODE,
    SEPARATOR,
    SEQUENCE,
    SIMILARITY_SHARE,
    suggested_action,
)
from xl_tracker.overlaps.text import TextNormaliser, Words
from xl_tracker.tables import frame_of_arrays

MAX_PARTNERS = 10
"""At most this many partners are listed per initiative (its strongest), unless the partner lists it among its own.

A real CHMT workbook rarely comes near it; it keeps a workbook in which
hundreds of initiatives share one title from filling the Overlaps sheet with
every pair of them.
"""

LEARN_FROM_PARTNERS = 3
"""At most this many earlier or later initiatives to learn from are listed per initiative (its closest), unless the
other lists it: the few closest say what to learn, and they do not take the places of work running at the same time."""

FIELD_APART_PARTNERS = 3 * LEARN_FROM_PARTNERS
"""The same for initiatives apart in time: enough to choose the closest three once reasons are combined."""

FIELD_PARTNERS = 3 * MAX_PARTNERS
"""Before reasons are combined, each content reason keeps at most this many partners per initiative (its strongest)."""

OVERLAP_COLUMNS = OVERLAPS.keys
"""The Overlaps frame's columns: the contract's keys."""


def overlap_frame(rows: int, columns: dict[str, object]) -> pd.DataFrame:
    """The Overlaps frame (:data:`OVERLAP_COLUMNS`, in order) of ``rows`` rows from ``columns``: arrays, or one value
    for every row; a column not given is blank. Text stays ``object`` (:func:`~xl_tracker.tables.frame_of_arrays`)."""
    arrays = []
    for key in OVERLAP_COLUMNS:
        value = columns.get(key)
        if isinstance(value, np.ndarray):
            arrays.append(value)
        else:
            arrays.append(np.full(rows, value, dtype=object))
    return frame_of_arrays(arrays, list(OVERLAP_COLUMNS), pd.RangeIndex(rows))


OPEN_START = np.iinfo(np.int64).min // 4
OPEN_END = np.iinfo(np.int64).max // 4


@dataclass(frozen=True)
class Initiative:
    """One usable initiative row, as the Overlaps sheet names it."""

    id: str
    owner: str
    department: object
    title: object = None


@dataclass(frozen=True)
class TextField:
    """The texts a content reason compares: one per initiative, or (``owners``) many, each with its initiative's position."""

    words: Sequence[Words]
    blocks: Sequence[object] | None = None
    """Per text, a value that must be equal too (``None``: never compared); ``blocks=None``: no such condition."""
    owners: np.ndarray | None = None


def partners_in_time(
    a: np.ndarray, b: np.ndarray, strength: np.ndarray, rank: np.ndarray, starts: np.ndarray, ends: np.ndarray, limit: int, apart_limit: int
) -> np.ndarray:
    """:func:`strongest_partners` applied on their own to the pairs that run at the same time (``limit``) and to those
    apart in time (``apart_limit``): work to learn from never takes the place of work that may duplicate."""
    apart = (ends[a] < starts[b]) | (ends[b] < starts[a])
    if not apart.any():
        return strongest_partners(a, b, strength, rank, limit)
    keep = np.zeros(len(a), bool)
    for group, most in ((~apart, limit), (apart, apart_limit)):
        if group.any():
            keep[group] = strongest_partners(a[group], b[group], strength[group], rank, most)
    return keep


def window_days(values: pd.Series, open_value: int) -> np.ndarray:
    """Dates as whole day numbers; a missing date becomes ``open_value`` (an open end)."""
    dates = pd.to_datetime(values, errors="coerce")
    days = dates.to_numpy(dtype="datetime64[D]").astype(np.int64)
    days[dates.isna().to_numpy()] = open_value
    return days


def initiative_pairs(
    initiatives: list[Initiative],
    starts: np.ndarray,
    ends: np.ndarray,
    texts: dict[str, TextField],
    context: dict[str, Sequence[frozenset[str]]],
    groups: np.ndarray | None = None,
) -> pd.DataFrame:
    """The flagged pairs as the Overlaps sheet's rows (contract headers), ranked: Score, highest first, then sheet order of A
    and B (ranked here, on arrays: a frame's sort costs more than the search on a county's few dozen pairs).

    ``texts`` maps each content reason's code to the texts it compares;
    ``context`` maps each context reason's code to each initiative's keys (the
    reason holds when two initiatives' keys meet). ``groups`` (a whole
    number of 0 or more per initiative): two initiatives of one group are
    never paired, nor take a partner's place under the caps. Vectorised: a
    large workbook can flag many pairs.
    """
    n = len(initiatives)
    owners = pd.factorize(pd.Series([i.owner.casefold() for i in initiatives], dtype="object"))[0]
    found: list[tuple[np.ndarray, int, np.ndarray, np.ndarray]] = []

    id_rank = pd.Series([i.id.casefold() for i in initiatives]).rank(method="dense").to_numpy()

    # With every ID distinct, a field's initiative pairs already come capped from similar_rows (same pairs, same
    # limit, same ranking, no ties): capping them again would keep them all.
    ranks_distinct = len(np.unique(id_rank)) == n

    def keep(reason: str, left: np.ndarray, right: np.ndarray, score: np.ndarray, strong: np.ndarray, capped: bool) -> None:
        a, b = np.minimum(left, right), np.maximum(left, right)
        lookback = LEARN_FROM_DAYS if REASONS_BY_CODE[reason].repeats else 0
        ok = (a != b) & (owners[a] != owners[b]) & (starts[a] - lookback <= ends[b]) & (starts[b] - lookback <= ends[a])
        if groups is not None:
            ok &= groups[a] != groups[b]
        if lookback and REASONS_BY_CODE[reason].action_needs_same_numbers:  # an earlier measure is the same only with the same numbers
            ok &= strong | ((starts[a] <= ends[b]) & (starts[b] <= ends[a]))
        key, score, strong = a[ok] * n + b[ok], score[ok], strong[ok]
        if not len(key):
            return
        order = np.argsort(key, kind="stable")
        key, score, strong = key[order], score[order], strong[order]
        first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        if len(first) < len(key):  # many texts per initiative give a pair several scores: its best counts
            key, score, strong = key[first], np.maximum.reduceat(score, first), np.logical_or.reduceat(strong, first)
        # a field cannot put more than FIELD_PARTNERS partners per initiative forward (bounds memory on degenerate sheets)
        if not (capped and ranks_distinct):
            strongest = partners_in_time(key // n, key % n, score, id_rank, starts, ends, FIELD_PARTNERS, FIELD_APART_PARTNERS)
            key, score, strong = key[strongest], score[strongest], strong[strongest]
        found.append((key, CONTENT_REASONS.index(reason), score, strong))

    def same_numbers(words: Sequence[Words], left: np.ndarray, right: np.ndarray) -> np.ndarray:
        # each text's numbers as one code: a pair compares two integers, not two tuples
        numbers = pd.factorize(pd.Series([" ".join(w for w in ws if w.isdigit()) for ws in words], dtype="object"))[0]
        return numbers[left] == numbers[right]

    for code, field in texts.items():
        reason = REASONS_BY_CODE[code]
        lookback = LEARN_FROM_DAYS if reason.repeats else 0
        if field.owners is None:
            pairs = similar_rows(
                field.words, reason.threshold, starts, ends, field.blocks, owners, FIELD_PARTNERS, id_rank, groups=groups,
                lookback=lookback, apart_limit=FIELD_APART_PARTNERS,
            )
            at = np.arange(n)
        else:
            at = field.owners
            pairs = similar_rows(
                field.words, reason.threshold, starts[at], ends[at], field.blocks, owners[at], FIELD_PARTNERS, id_rank[at],
                groups=None if groups is None else groups[at], lookback=lookback, apart_limit=FIELD_APART_PARTNERS,
            )
        strong = same_numbers(field.words, pairs.left, pairs.right) if reason.action_needs_same_numbers else np.zeros(len(pairs), bool)
        keep(code, at[pairs.left], at[pairs.right], pairs.score, strong, capped=field.owners is None)

    columns = list(OVERLAP_COLUMNS)
    if not found:
        return pd.DataFrame(columns=columns)
    # one row per pair (in pair order), one column per content reason: its similarity, NaN when it does not hold
    pair, where = np.unique(np.concatenate([key for key, _, _, _ in found]), return_inverse=True)
    similarity = np.full((len(pair), len(CONTENT_REASONS)), np.nan)
    numbers_agree = np.zeros((len(pair), len(CONTENT_REASONS)), bool)
    start = 0
    for key, reason, score, strong in found:
        similarity[where[start : start + len(key)], reason] = score
        numbers_agree[where[start : start + len(key)], reason] = strong
        start += len(key)
    a, b = pair // n, pair % n
    present = ~np.isnan(similarity)
    weights = np.array([REASONS_BY_CODE[c].weight for c in CONTENT_REASONS])
    # Score (whole number 0-100, it orders pairs): a share of the best content similarity, the points of every
    # further content reason, and of every context reason that holds (docs/overlaps.md, from the reasons table).
    held = np.where(present, weights, 0.0)
    content = SIMILARITY_SHARE * np.nanmax(similarity, axis=1) + (held.sum(axis=1) - held.max(axis=1))
    strongest = partners_in_time(a, b, content, id_rank, starts, ends, MAX_PARTNERS, LEARN_FROM_PARTNERS)
    a, b, present, content, numbers_agree = a[strongest], b[strongest], present[strongest], content[strongest], numbers_agree[strongest]
    # a pair apart in time (one ended before the other started) is written earlier one first
    apart = (ends[a] < starts[b]) | (ends[b] < starts[a])
    later_first = apart & (ends[b] < starts[a])
    a, b = np.where(later_first, b, a), np.where(later_first, a, b)
    score = content.copy()
    bits = np.zeros(len(a), np.int64)
    for position, reason in enumerate(INITIATIVE_REASONS):
        if reason.kind == SEQUENCE:
            holds = apart
        elif reason.code in CONTENT_REASONS:
            column = CONTENT_REASONS.index(reason.code)
            holds = present[:, column]
            if reason.action_needs_same_numbers:
                strong = holds & numbers_agree[:, column]
                bits |= strong.astype(np.int64) << (len(INITIATIVE_REASONS) + _STRONG.index(reason.code))
        else:
            keys = context.get(reason.code)
            if keys is None:
                continue
            holds = np.fromiter((not keys[i].isdisjoint(keys[j]) for i, j in zip(a.tolist(), b.tolist())), bool, len(a))
            score += reason.weight * holds
        bits |= holds.astype(np.int64) << position
    score = np.minimum(100, np.round(score)).astype(np.int64)
    ranked = np.argsort(-score, kind="stable")
    a, b, bits, score = a[ranked], b[ranked], bits[ranked], score[ranked]
    ids = np.array([i.id for i in initiatives], dtype=object)
    owner_ids = np.array([i.owner for i in initiatives], dtype=object)
    departments = np.array([i.department for i in initiatives], dtype=object)
    titles = np.array([i.title for i in initiatives], dtype=object)
    return overlap_frame(len(a), {
        "initiative_a": ids[a], "title_a": titles[a], "owner_a": owner_ids[a], "department_a": departments[a],
        "initiative_b": ids[b], "title_b": titles[b], "owner_b": owner_ids[b], "department_b": departments[b],
        "reasons": _REASON_TEXT[bits], "score": score,
        "suggested_action": _ACTION_TEXT[bits], "offer_match": np.zeros(len(a), dtype=bool),
    })


_STRONG = tuple(r.code for r in INITIATIVE_REASONS if r.action_needs_same_numbers)
"""Reasons whose action needs more than the reason (the same numbers): one more bit each, after the reasons' own bits."""


def _codes_of(bits: int) -> tuple[list[str], list[str]]:
    """The reasons (in table order) and the strong ones a bit pattern stands for."""
    codes = [r.code for k, r in enumerate(INITIATIVE_REASONS) if bits >> k & 1]
    strong = [c for k, c in enumerate(_STRONG) if bits >> (len(INITIATIVE_REASONS) + k) & 1]
    return codes, strong


_BIT_PATTERNS = range(1 << (len(INITIATIVE_REASONS) + len(_STRONG)))
_REASON_TEXT = np.array([SEPARATOR.join(_codes_of(b)[0]) for b in _BIT_PATTERNS], dtype=object)
_ACTION_TEXT = np.array([suggested_action(*_codes_of(b)) for b in _BIT_PATTERNS], dtype=object)
"""Reasons and suggested action for every combination of reasons (a bit each), looked up per pair."""


def normaliser_for(initiatives: pd.DataFrame, county: str) -> TextNormaliser:
    """A normaliser that removes the workbook's own facility names (every Sites entry) and the county name."""
    from xl_tracker.overlaps.sites import SITE_SEPARATOR

    places: set[str] = set()
    for cell in initiatives["Sites"].dropna().unique().tolist() if "Sites" in initiatives else []:
        if isinstance(cell, str):
            places.update(p.strip() for p in cell.replace("\n", SITE_SEPARATOR).split(SITE_SEPARATOR) if p.strip())
    if county.strip():
        places.add(county.strip())
    return TextNormaliser(places)
