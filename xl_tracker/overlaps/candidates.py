"""Find every pair of similar texts without scoring all pairs (blocking on shared word pairs).

Scoring every pair of 10,000 initiatives is 50 million rapidfuzz calls per
column. The similarity gate of :mod:`~xl_tracker.overlaps.text` makes that
unnecessary: two texts can only be similar if they share two content words
(or the one word of a one-word text). So each distinct text is indexed under
every pair of its words (and one-word texts under their word), and only texts
that meet under an index key are scored. No similar pair is missed except
when a text has more than :data:`INDEXED_WORDS` content words: then only its
rarest words are indexed (its most common words are ones that every long
text shares).

Work is done on distinct texts, not rows: a title written identically on 50
rows is normalised and compared once. Two texts are also only compared when
the time windows of their rows can overlap.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from xl_tracker.overlaps.text import Words

INDEXED_WORDS = 12
"""A text is indexed under pairs of at most this many of its rarest words (66 keys)."""


@dataclass(frozen=True)
class TextPairs:
    """Pairs of rows whose texts are similar: row positions ``left < right`` and the similarity 0-100."""

    left: np.ndarray
    right: np.ndarray
    score: np.ndarray

    @staticmethod
    def empty() -> TextPairs:
        return TextPairs(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64))

    def __len__(self) -> int:
        return len(self.left)


def similar_rows(
    texts: Sequence[Words],
    threshold: float,
    starts: np.ndarray,
    ends: np.ndarray,
    blocks: Sequence[Hashable] | None = None,
) -> TextPairs:
    """Row pairs whose texts pass the gate and score at least ``threshold``.

    ``starts``/``ends`` are each row's window as day numbers (use very small
    or very large numbers for an open end): texts are not compared when no
    row of one can overlap a row of the other. ``blocks`` (optional) must be
    equal for two rows to be compared (the root-cause category); a row whose
    block is ``None`` is never compared. Rows with no content words are never
    compared. The pairs returned still need the row-level window and owner
    checks of the caller: only distinct texts were screened here.
    """
    from rapidfuzz.fuzz import token_set_ratio
    from rapidfuzz.process import cdist

    if blocks is None:
        blocks = [0] * len(texts)
    text_ids: dict[tuple[Hashable, Words], int] = {}
    rows_of: list[list[int]] = []
    for row, (words, block) in enumerate(zip(texts, blocks)):
        if not words or block is None:
            continue
        key = (block, words)
        uid = text_ids.get(key)
        if uid is None:
            uid = text_ids[key] = len(rows_of)
            rows_of.append([])
        rows_of[uid].append(row)
    if not rows_of:
        return TextPairs.empty()
    distinct = list(text_ids)
    first = np.array([min(starts[r] for r in rs) for rs in rows_of])
    last = np.array([max(ends[r] for r in rs) for rs in rows_of])
    joined = [" ".join(words) for _, words in distinct]

    frequency = Counter(w for _, words in distinct for w in words)
    index: dict[tuple, list[int]] = defaultdict(list)
    for uid, (block, words) in enumerate(distinct):
        if len(words) == 1:
            index[(block, words[0])].append(uid)
            continue
        if len(words) > INDEXED_WORDS:
            words = tuple(sorted(words, key=lambda w: (frequency[w], w))[:INDEXED_WORDS])
        for a, b in combinations(words, 2):
            index[(block, a, b) if a < b else (block, b, a)].append(uid)
    singles = [(block, words[0], uid) for uid, (block, words) in enumerate(distinct) if len(words) == 1]
    holders: dict[tuple, list[int]] = defaultdict(list)
    if singles:
        wanted = {(block, w) for block, w, _ in singles}
        for uid, (block, words) in enumerate(distinct):
            for w in words:
                if (block, w) in wanted:
                    holders[(block, w)].append(uid)

    partners: list[set[int]] = [set() for _ in distinct]
    for key, uids in index.items():
        if len(uids) < 2:
            continue
        for k, u in enumerate(uids):
            partners[u].update(uids[k + 1 :])
    for block, w, uid in singles:
        for other in holders[(block, w)]:
            if other != uid:
                partners[min(uid, other)].add(max(uid, other))

    lefts: list[np.ndarray] = []
    rights: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    single_left: list[int] = []
    single_right: list[int] = []
    single_score: list[float] = []
    for u, found in enumerate(partners):
        if len(rows_of[u]) > 1:
            _pairs_within(rows_of[u], lefts, rights, scores)
        if not found:
            continue
        others = np.fromiter(found, np.int64, len(found))
        others = others[(first[others] <= last[u]) & (first[u] <= last[others])]
        if not len(others):
            continue
        scored = cdist([joined[u]], [joined[v] for v in others], scorer=token_set_ratio, processor=None, score_cutoff=threshold, dtype=np.float32)[0]
        keep = scored >= threshold
        for v, score in zip(others[keep].tolist(), scored[keep].tolist()):
            if len(rows_of[u]) == 1 and len(rows_of[v]) == 1:
                single_left.append(rows_of[u][0])
                single_right.append(rows_of[v][0])
                single_score.append(score)
            else:
                _pairs_between(rows_of[u], rows_of[v], score, lefts, rights, scores)
    lefts.append(np.array(single_left, np.int64))
    rights.append(np.array(single_right, np.int64))
    scores.append(np.array(single_score, np.float64))
    if not lefts:
        return TextPairs.empty()
    left = np.concatenate(lefts)
    right = np.concatenate(rights)
    swap = left > right
    left[swap], right[swap] = right[swap], left[swap]
    return TextPairs(left, right, np.concatenate(scores).astype(np.float64))


def _pairs_within(rows: list[int], lefts: list, rights: list, scores: list) -> None:
    a, b = np.triu_indices(len(rows), 1)
    r = np.asarray(rows, np.int64)
    lefts.append(r[a])
    rights.append(r[b])
    scores.append(np.full(len(a), 100.0))


def _pairs_between(rows_u: list[int], rows_v: list[int], score: float, lefts: list, rights: list, scores: list) -> None:
    u, v = np.meshgrid(np.asarray(rows_u, np.int64), np.asarray(rows_v, np.int64), indexing="ij")
    lefts.append(u.ravel())
    rights.append(v.ravel())
    scores.append(np.full(u.size, score))
