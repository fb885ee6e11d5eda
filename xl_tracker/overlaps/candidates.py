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
import pandas as pd

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
    owners: np.ndarray | None = None,
    limit: int | None = None,
    rank: np.ndarray | None = None,
    sides: np.ndarray | None = None,
) -> TextPairs:
    """Row pairs whose texts pass the gate and score at least ``threshold``.

    ``starts``/``ends`` are each row's window as day numbers (use very small
    or very large numbers for an open end): texts are not compared when no
    row of one can overlap a row of the other. ``blocks`` (optional) must be
    equal for two rows to be compared (the root-cause category); a row whose
    block is ``None`` is never compared. Rows with no content words are never
    compared. Row pairs whose windows do not overlap, or whose ``owners``
    (optional codes) are equal, are dropped. With ``limit``, a row keeps only
    its ``limit`` most similar partners (ties to the lower ``rank``) unless
    the partner keeps it: this bounds memory when hundreds of rows carry one
    text, and rows are expanded in chunks for the same reason. With ``sides``
    (0 or 1 per row), only rows of different sides are compared (requests
    with offers): texts whose rows are all on one side are not even scored
    against each other.
    """
    if blocks is None:
        blocks = [0] * len(texts)
    text_ids: dict[tuple[Hashable, Words], int] = {}
    text_of_row = np.full(len(texts), -1, np.int64)
    for row, (words, block) in enumerate(zip(texts, blocks)):
        if words and block is not None:
            text_of_row[row] = text_ids.setdefault((block, words), len(text_ids))
    if not text_ids:
        return TextPairs.empty()
    distinct = list(text_ids)
    rows = np.flatnonzero(text_of_row >= 0)
    uids = text_of_row[rows]
    first = np.full(len(distinct), OPEN_LAST, np.int64)
    last = np.full(len(distinct), OPEN_FIRST, np.int64)
    np.minimum.at(first, uids, np.asarray(starts, np.int64)[rows])
    np.maximum.at(last, uids, np.asarray(ends, np.int64)[rows])

    u, v = _candidate_texts(distinct, first, last)
    on_side = None
    if sides is not None:
        sides = np.asarray(sides, np.int64)
        on_side = np.zeros(len(distinct), np.int64)  # bit 1: a row on side 0, bit 2: a row on side 1
        np.bitwise_or.at(on_side, uids, 1 << sides[rows])
        across = (((on_side[u] & 1) & (on_side[v] >> 1)) | ((on_side[u] >> 1) & (on_side[v] & 1))).astype(bool)
        u, v = u[across], v[across]
    scores = np.empty(0, np.float64)
    if len(u):
        from rapidfuzz.fuzz import token_set_ratio
        from rapidfuzz.process import cpdist

        joined = np.array([" ".join(words) for _, words in distinct], dtype=object)
        scores = cpdist(joined[u].tolist(), joined[v].tolist(), scorer=token_set_ratio, processor=None, score_cutoff=threshold, dtype=np.float32)
        similar = scores >= threshold
        u, v, scores = u[similar], v[similar], scores[similar].astype(np.float64)
    # identical texts on several rows are similar to each other (score 100)
    same = np.arange(len(distinct), dtype=np.int64)
    if on_side is not None:
        same = same[on_side == 3]
    u = np.concatenate([u, same])
    v = np.concatenate([v, same])
    scores = np.concatenate([scores, np.full(len(same), 100.0)])
    window = (np.asarray(starts, np.int64), np.asarray(ends, np.int64))
    return _rows_of_text_pairs(uids, rows, u, v, scores, window, owners, limit, rank, sides)


OPEN_FIRST = np.iinfo(np.int64).min
OPEN_LAST = np.iinfo(np.int64).max


def _candidate_texts(distinct: list[tuple[Hashable, Words]], first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (u < v) of distinct texts that meet under a shared pair of words (or a one-word text's word)
    and whose rows' windows (``first``..``last`` per text) can overlap."""
    frequency = Counter(w for _, words in distinct for w in words)
    key_ids: dict[tuple, int] = {}
    entry_keys: list[int] = []
    entry_texts: list[int] = []
    singles: list[tuple[Hashable, str, int]] = []
    for uid, (block, words) in enumerate(distinct):
        if len(words) == 1:
            singles.append((block, words[0], uid))
            continue
        if len(words) > INDEXED_WORDS:
            words = tuple(sorted(sorted(words, key=lambda w: (frequency[w], w))[:INDEXED_WORDS]))
        for a, b in combinations(words, 2):
            entry_keys.append(key_ids.setdefault((block, a, b), len(key_ids)))
            entry_texts.append(uid)
    lefts = [np.empty(0, np.int64)]
    rights = [np.empty(0, np.int64)]
    if entry_keys:
        keys = np.asarray(entry_keys, np.int64)
        texts = np.asarray(entry_texts, np.int64)
        order = np.argsort(keys, kind="stable")
        left, right = _pairs_within_groups(keys[order], texts[order])
        overlapping = (first[left] <= last[right]) & (first[right] <= last[left])
        left, right = left[overlapping], right[overlapping]
        lefts.append(left)
        rights.append(right)
    if singles:
        wanted: dict[tuple[Hashable, str], list[int]] = defaultdict(list)
        for block, w, uid in singles:
            wanted[(block, w)].append(uid)
        single_left, single_right = [], []
        for other, (block, words) in enumerate(distinct):
            for w in words:
                for uid in wanted.get((block, w), ()):
                    if uid != other:
                        single_left.append(uid)
                        single_right.append(other)
        lefts.append(np.asarray(single_left, np.int64))
        rights.append(np.asarray(single_right, np.int64))
    left = np.concatenate(lefts)
    right = np.concatenate(rights)
    low, high = np.minimum(left, right), np.maximum(left, right)
    unique = np.unique(low * len(distinct) + high)
    return unique // len(distinct), unique % len(distinct)


def _pairs_within_groups(keys: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All pairs of ``members`` that share a key (``keys`` sorted), without a Python loop per group."""
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    # each position pairs with the positions after it in its group
    group_end = np.repeat(starts + sizes, sizes)
    after = group_end - np.arange(len(keys)) - 1
    total = int(after.sum())
    if total == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    first = np.repeat(np.arange(len(keys)), after)
    offset = np.arange(total) - np.repeat(np.cumsum(after) - after, after)
    return members[first], members[first + 1 + offset]


EXPANSION_CHUNK = 1 << 21
"""Row pairs expanded at once (a few tens of MB of arrays)."""


def _rows_of_text_pairs(
    uids: np.ndarray,
    rows: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    scores: np.ndarray,
    window: tuple[np.ndarray, np.ndarray],
    owners: np.ndarray | None,
    limit: int | None,
    rank: np.ndarray | None,
    sides: np.ndarray | None = None,
) -> TextPairs:
    """Expand pairs of distinct texts to the pairs of their rows (u == v: pairs among its rows), filtered and capped.

    Filters are tested on positions in the text-sorted row order (windows,
    owners and sides looked up there once), and rows are only looked up for
    the row pairs that pass: on a workbook spread over years most row pairs
    of two similar texts fail the window test.
    """
    starts, ends = window
    order = np.argsort(uids, kind="stable")
    rows_sorted = rows[order]  # ascending within each text: among a text's own rows, left < right is q < r
    starts_sorted, ends_sorted = starts[rows_sorted], ends[rows_sorted]
    owners_sorted = None if owners is None else owners[rows_sorted]
    sides_sorted = None if sides is None else sides[rows_sorted]
    size = np.bincount(uids, minlength=int(max(u.max(initial=0), v.max(initial=0))) + 1)
    offset = np.cumsum(size) - size
    count = size[u] * size[v]
    ends_at = np.cumsum(count)
    kept = TextPairs.empty()
    first = 0
    while first < len(u):
        last = int(np.searchsorted(ends_at, (ends_at[first - 1] if first else 0) + EXPANSION_CHUNK, side="right"))
        last = max(last, first + 1)
        chunk = slice(first, last)
        cu, cv, cs, cc = u[chunk], v[chunk], scores[chunk], count[chunk]
        total = int(cc.sum())
        pair = np.repeat(np.arange(len(cu)), cc)
        k = np.arange(total) - np.repeat(np.cumsum(cc) - cc, cc)
        q, r = np.divmod(k, size[cv][pair])
        at_left = offset[cu][pair] + q
        at_right = offset[cv][pair] + r
        keep = (cu != cv)[pair] | (q < r)
        keep &= (starts_sorted[at_left] <= ends_sorted[at_right]) & (starts_sorted[at_right] <= ends_sorted[at_left])
        if owners_sorted is not None:
            keep &= owners_sorted[at_left] != owners_sorted[at_right]
        if sides_sorted is not None:
            keep &= sides_sorted[at_left] != sides_sorted[at_right]
        left, right, score = rows_sorted[at_left[keep]], rows_sorted[at_right[keep]], cs[pair[keep]]
        found = TextPairs(np.minimum(left, right), np.maximum(left, right), score)
        if len(kept):
            found = TextPairs(*(np.concatenate([x, y]) for x, y in zip((kept.left, kept.right, kept.score), (found.left, found.right, found.score))))
        if limit is not None and rank is not None:
            strongest = strongest_partners(found.left, found.right, found.score, rank, limit)
            found = TextPairs(found.left[strongest], found.right[strongest], found.score[strongest])
        kept = found
        first = last
    return kept


def strongest_partners(a: np.ndarray, b: np.ndarray, strength: np.ndarray, rank: np.ndarray, limit: int) -> np.ndarray:
    """Which pairs to keep: those among the ``limit`` strongest partners of A or of B.

    Ties go to the partner whose ID (``rank``: its place in ID order) sorts
    first, so the choice does not depend on row order; pairs still tied keep
    their input order. Only the sides with more than ``limit`` partners are
    ranked, and entries that ``limit`` stronger partners of the same side
    already beat are dropped before the sort (a count per side and strength
    level): on a large workbook most entries go there, and sorting the rest by
    one packed integer key is several times cheaper than a three-key lexsort.
    """
    if len(a) == 0:
        return np.zeros(0, bool)
    nodes = int(max(a.max(), b.max())) + 1
    over = (np.bincount(a, minlength=nodes) + np.bincount(b, minlength=nodes)) > limit
    busy_a, busy_b = over[a], over[b]
    keep = ~(busy_a & busy_b)  # a pair is within the top of any side that has no more than ``limit`` partners
    if keep.all():
        return keep
    codes, uniques = pd.factorize(strength, use_na_sentinel=False)
    levels = len(uniques)
    place = np.empty(levels, np.int64)
    place[np.argsort(-np.asarray(uniques, np.float64), kind="stable")] = np.arange(levels)
    level = place[codes]  # 0 = strongest
    busy_nodes = int(over.sum())
    side = np.where(over, np.cumsum(over) - 1, busy_nodes)  # busy nodes numbered 0.., the others share one number
    if (busy_nodes + 1) * levels <= 2 * len(a) + (1 << 20):
        cell_a = side[a] * levels + level
        cell_b = side[b] * levels + level
        size = (busy_nodes + 1) * levels
        counts = (np.bincount(cell_a, minlength=size) + np.bincount(cell_b, minlength=size)).reshape(-1, levels)
        stronger = (np.cumsum(counts, axis=1) - counts).ravel()
        # an entry that ``limit`` stronger partners of its side beat is out of reach
        busy_a &= stronger[cell_a] < limit
        busy_b &= stronger[cell_b] < limit
    ia, ib = np.flatnonzero(busy_a), np.flatnonzero(busy_b)
    which = np.concatenate([ia, ib])
    node = np.concatenate([a[ia], b[ib]])
    partner = np.concatenate([b[ia], a[ib]])
    level = level[which]
    rank_values, rank_code = np.unique(rank, return_inverse=True)
    ranks = len(rank_values)
    if busy_nodes * levels * ranks < (1 << 62):
        key = (side[node] * levels + level) * ranks + rank_code.reshape(-1)[partner]
        if busy_nodes * levels * ranks * len(key) < (1 << 62):  # ties broken by input order inside the key: a plain sort is as stable
            order = np.argsort(key * len(key) + np.arange(len(key)))
        else:
            order = np.argsort(key, kind="stable")
    else:
        order = np.lexsort((rank[partner], level, node))
    node, which = node[order], which[order]
    first_of_node = np.flatnonzero(np.r_[True, node[1:] != node[:-1]])
    position = np.arange(len(node)) - np.repeat(first_of_node, np.diff(np.r_[first_of_node, len(node)]))
    keep[which[position < limit]] = True
    return keep
