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

from xl_tracker.overlaps.candidates import TextPairs, similar_rows
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

THRESHOLDS = {SIMILAR_TITLE: 70.0, SIMILAR_CHALLENGE: 70.0, SAME_ROOT_CAUSE: 70.0, SAME_MEASURE: 75.0}
"""Least similarity (0-100, after the shared-words gate) for each content reason."""

TALK = "Talk"
ALIGN_TARGETS = "Align targets"
FORM_ONE_TASK_TEAM = "Form one task team"

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


def score_pair(similarities: dict[str, float], same_site: bool, shared_team: bool) -> int:
    """0-100: 60 % of the best content similarity, +10 per further content reason, +15 same site, +10 shared team.

    A whole number by definition (it orders pairs; it is not a measurement).
    """
    best = max(similarities.values())
    points = 0.6 * best + 10 * (len(similarities) - 1) + 15 * same_site + 10 * shared_team
    return int(min(100, round(points)))


def suggested_action(reasons: Sequence[str]) -> str:
    """Form one task team for the same work at the same place or with the same people; align targets for the same measure; else talk."""
    same_work = SIMILAR_TITLE in reasons or (SIMILAR_CHALLENGE in reasons and SAME_ROOT_CAUSE in reasons)
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
) -> list[dict[str, object]]:
    """The flagged pairs as Overlaps rows (contract headers), in sheet order of A then B.

    ``fields`` maps SIMILAR-TITLE, SIMILAR-CHALLENGE and SAME-ROOT-CAUSE to
    each initiative's words (and the blocks that must match: the root-cause
    category). ``measures`` holds each measure's words and the position of its
    initiative.
    """
    owners = pd.factorize(pd.Series([i.owner.casefold() for i in initiatives], dtype="object"))[0]
    found: dict[tuple[int, int], dict[str, float]] = {}

    def keep(pairs: TextPairs, reason: str, left: np.ndarray, right: np.ndarray) -> None:
        swap = left > right
        a = np.where(swap, right, left)
        b = np.where(swap, left, right)
        ok = (a != b) & (owners[a] != owners[b]) & (starts[a] <= ends[b]) & (starts[b] <= ends[a])
        for i, j, s in zip(a[ok].tolist(), b[ok].tolist(), pairs.score[ok].tolist()):
            best = found.setdefault((i, j), {})
            if s > best.get(reason, -1.0):
                best[reason] = s

    for reason, (words, blocks) in fields.items():
        pairs = similar_rows(words, THRESHOLDS[reason], starts, ends, blocks)
        keep(pairs, reason, pairs.left, pairs.right)
    if measures is not None:
        words, owner_rows = measures
        pairs = similar_rows(words, THRESHOLDS[SAME_MEASURE], starts[owner_rows], ends[owner_rows])
        keep(pairs, SAME_MEASURE, owner_rows[pairs.left], owner_rows[pairs.right])

    rows = []
    for i, j in sorted(found):
        a, b = initiatives[i], initiatives[j]
        similarities = found[(i, j)]
        same_site = bool(a.sites & b.sites)
        shared_team = bool(a.people & b.people)
        present = set(similarities) | ({SAME_SITE} if same_site else set()) | ({SHARED_TEAM} if shared_team else set())
        reasons = [r for r in REASON_ORDER if r in present]
        rows.append(
            {
                "Initiative A": a.id, "Owner A": a.owner, "Department A": a.department,
                "Initiative B": b.id, "Owner B": b.owner, "Department B": b.department,
                "Reasons": REASON_SEPARATOR.join(reasons),
                "Score": score_pair(similarities, same_site, shared_team),
                "Suggested action": suggested_action(reasons),
            }
        )
    return rows


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
