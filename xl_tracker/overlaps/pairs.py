"""Pairs of initiatives that may duplicate each other: reasons -> flag -> score -> suggested action.

Only pairs with different owners whose Start..End windows overlap (both ends
inclusive) are considered. A missing Start date counts as "since always" and a
missing End date as "for ever": the validator already reports the blank date,
and a possible duplication is cheaper to look at than to miss.

The rule that turns reasons into a flag (``docs/overlaps.md``): a pair is
flagged when at least one *content* reason holds: SAME-ROOT-CAUSE,
SIMILAR-TITLE, SIMILAR-CHALLENGE or SAME-MEASURE. SAME-SITE and SHARED-TEAM
are reported beside them but never flag a pair on their own: one referral
hospital hosts many unrelated initiatives, and the same few members sit on
many task teams.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_tracker.contract import OVERLAPS
from xl_tracker.overlaps.candidates import similar_rows, strongest_partners
from xl_tracker.overlaps.text import TextNormaliser, Words

SAME_SITE = "SAME-SITE"
SAME_ROOT_CAUSE = "SAME-ROOT-CAUSE"
SIMILAR_TITLE = "SIMILAR-TITLE"
SIMILAR_CHALLENGE = "SIMILAR-CHALLENGE"
SAME_MEASURE = "SAME-MEASURE"
SHARED_TEAM = "SHARED-TEAM"
REASON_ORDER = (SAME_SITE, SAME_ROOT_CAUSE, SIMILAR_TITLE, SIMILAR_CHALLENGE, SAME_MEASURE, SHARED_TEAM)
"""The order reasons are written in (the contract's order)."""
CONTENT_REASONS = (SAME_ROOT_CAUSE, SIMILAR_TITLE, SIMILAR_CHALLENGE, SAME_MEASURE)
"""Any one of these flags a pair; SAME-SITE and SHARED-TEAM only add to its score."""
REASON_SEPARATOR = "; "

THRESHOLDS = {SIMILAR_TITLE: 72.0, SIMILAR_CHALLENGE: 72.0, SAME_ROOT_CAUSE: 72.0, SAME_MEASURE: 75.0}
"""Least similarity (0-100, after the shared-words gate) for each content reason."""

MAX_PARTNERS = 10
"""At most this many partners are listed per initiative (its strongest), unless the partner lists it among its own.

A real CHMT workbook rarely comes near it; it keeps a workbook in which
hundreds of initiatives share one title from filling the Overlaps sheet with
every pair of them.
"""

FIELD_PARTNERS = 3 * MAX_PARTNERS
"""Before reasons are combined, each content reason keeps at most this many partners per initiative (its strongest)."""

TALK = "Talk"
ALIGN_TARGETS = "Align targets"
FORM_ONE_TASK_TEAM = "Form one task team"

OVERLAP_COLUMNS = (
    "Initiative A", "Owner A", "Department A", "Initiative B", "Owner B", "Department B", "Reasons", "Score", "Suggested action",
)
"""The contract's Overlaps headers (checked against ``contract.OVERLAPS`` at import)."""

assert OVERLAP_COLUMNS == OVERLAPS.headers, "the Overlaps headers are the contract's"

OPEN_START = np.iinfo(np.int64).min // 4
OPEN_END = np.iinfo(np.int64).max // 4


@dataclass(frozen=True)
class Initiative:
    """One usable initiative row, as overlap detection needs it."""

    id: str
    owner: str
    department: object
    sites: frozenset[str]
    people: frozenset[str]
    """The owner and the task team: SHARED-TEAM when two initiatives' people meet."""


def suggested_action(reasons: Sequence[str]) -> str:
    """The documented rule, first match wins.

    1. Form one task team: the same work (a similar title, or two of similar
       challenge, same root cause and same measure) at the same site or with
       shared task team members.
    2. Align targets: they track the same measure.
    3. Talk: anything else that was flagged.
    """
    evidence = sum(r in reasons for r in (SIMILAR_CHALLENGE, SAME_ROOT_CAUSE, SAME_MEASURE))
    same_work = SIMILAR_TITLE in reasons or evidence >= 2
    if same_work and (SAME_SITE in reasons or SHARED_TEAM in reasons):
        return FORM_ONE_TASK_TEAM
    if SAME_MEASURE in reasons:
        return ALIGN_TARGETS
    return TALK


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
    fields: dict[str, tuple[Sequence[Words], Sequence[object] | None]],
    measures: tuple[Sequence[Words], np.ndarray] | None,
) -> pd.DataFrame:
    """The flagged pairs as the Overlaps sheet's rows (contract headers), in sheet order of A then B.

    ``fields`` maps SIMILAR-TITLE, SIMILAR-CHALLENGE and SAME-ROOT-CAUSE to
    each initiative's words (and the blocks that must match: the root-cause
    category). ``measures`` holds each measure's words and the position of its
    initiative. Vectorised: a large workbook can flag many pairs.
    """
    n = len(initiatives)
    owners = pd.factorize(pd.Series([i.owner.casefold() for i in initiatives], dtype="object"))[0]
    found: list[pd.DataFrame] = []

    id_rank = pd.Series([i.id.casefold() for i in initiatives]).rank(method="dense").to_numpy()

    # With every ID distinct, a field's initiative pairs already come capped from similar_rows (same pairs, same
    # limit, same ranking, no ties): capping them again would keep them all.
    ranks_distinct = len(np.unique(id_rank)) == n

    def keep(reason: str, left: np.ndarray, right: np.ndarray, score: np.ndarray, capped: bool) -> None:
        a, b = np.minimum(left, right), np.maximum(left, right)
        ok = (a != b) & (owners[a] != owners[b]) & (starts[a] <= ends[b]) & (starts[b] <= ends[a])
        key, score = a[ok] * n + b[ok], score[ok]
        if not len(key):
            return
        order = np.argsort(key, kind="stable")
        key, score = key[order], score[order]
        first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        if len(first) < len(key):  # measures give a pair several scores: its best counts
            key, score = key[first], np.maximum.reduceat(score, first)
        # a field cannot put more than FIELD_PARTNERS partners per initiative forward (bounds memory on degenerate sheets)
        if not (capped and ranks_distinct):
            strongest = strongest_partners(key // n, key % n, score, id_rank, FIELD_PARTNERS)
            key, score = key[strongest], score[strongest]
        found.append((key, CONTENT_REASONS.index(reason), score))

    for reason, (words, blocks) in fields.items():
        pairs = similar_rows(words, THRESHOLDS[reason], starts, ends, blocks, owners, FIELD_PARTNERS, id_rank)
        keep(reason, pairs.left, pairs.right, pairs.score, capped=True)
    if measures is not None:
        words, owner_rows = measures
        pairs = similar_rows(
            words, THRESHOLDS[SAME_MEASURE], starts[owner_rows], ends[owner_rows], None, owners[owner_rows], FIELD_PARTNERS, id_rank[owner_rows]
        )
        keep(SAME_MEASURE, owner_rows[pairs.left], owner_rows[pairs.right], pairs.score, capped=False)

    columns = list(OVERLAP_COLUMNS)
    if not found:
        return pd.DataFrame(columns=columns)
    # one row per pair (in pair order), one column per content reason: its similarity, NaN when it does not hold
    pair, where = np.unique(np.concatenate([key for key, _, _ in found]), return_inverse=True)
    similarity = np.full((len(pair), len(CONTENT_REASONS)), np.nan)
    start = 0
    for key, reason, score in found:
        similarity[where[start : start + len(key)], reason] = score
        start += len(key)
    a, b = pair // n, pair % n
    present = ~np.isnan(similarity)
    content = 0.6 * np.nanmax(similarity, axis=1) + 10 * (present.sum(axis=1) - 1)
    strongest = strongest_partners(a, b, content, id_rank, MAX_PARTNERS)
    a, b, similarity, present, content = a[strongest], b[strongest], similarity[strongest], present[strongest], content[strongest]
    sites = [i.sites for i in initiatives]
    people = [i.people for i in initiatives]
    same_site = np.fromiter((not sites[i].isdisjoint(sites[j]) for i, j in zip(a.tolist(), b.tolist())), bool, len(a))
    shared_team = np.fromiter((not people[i].isdisjoint(people[j]) for i, j in zip(a.tolist(), b.tolist())), bool, len(a))
    # Score (whole number 0-100, it orders pairs): 60 % of the best content similarity,
    # +10 per further content reason, +15 same site, +10 shared team members.
    score = content + 15 * same_site + 10 * shared_team
    bits = same_site.astype(np.int64) | (shared_team.astype(np.int64) << 1)
    for k in range(len(CONTENT_REASONS)):
        bits |= present[:, k].astype(np.int64) << (2 + k)
    reasons, actions = _REASON_TEXT, _ACTION_TEXT
    ids = np.array([i.id for i in initiatives], dtype=object)
    owner_ids = np.array([i.owner for i in initiatives], dtype=object)
    departments = np.array([i.department for i in initiatives], dtype=object)
    return pd.DataFrame(
        {
            "Initiative A": ids[a], "Owner A": owner_ids[a], "Department A": departments[a],
            "Initiative B": ids[b], "Owner B": owner_ids[b], "Department B": departments[b],
            "Reasons": reasons[bits], "Score": np.minimum(100, np.round(score)).astype(np.int64),
            "Suggested action": actions[bits],
        },
        columns=columns,
    )


def _reasons_of(bits: int) -> list[str]:
    present = {SAME_SITE} if bits & 1 else set()
    if bits & 2:
        present.add(SHARED_TEAM)
    present.update(r for k, r in enumerate(CONTENT_REASONS) if bits & (1 << (2 + k)))
    return [r for r in REASON_ORDER if r in present]


_BIT_PATTERNS = range(1 << (2 + len(CONTENT_REASONS)))
_REASON_TEXT = np.array([REASON_SEPARATOR.join(_reasons_of(b)) for b in _BIT_PATTERNS], dtype=object)
_ACTION_TEXT = np.array([suggested_action(_reasons_of(b)) for b in _BIT_PATTERNS], dtype=object)
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
