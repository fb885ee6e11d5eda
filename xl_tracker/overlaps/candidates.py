"""Which pairs of texts to score: blocking on shared words, bounded whatever the vocabulary.

Scoring every pair of 10,000 initiatives is 50 million rapidfuzz calls per
column. The similarity gate of :mod:`~xl_tracker.overlaps.text` makes most of
them unnecessary: two texts can only be similar if they share two content
words (or the one word of a one-word text). So each distinct text is indexed
under every pair of its words (a key), and only texts that meet under a key
are scored.

That alone is exact but not bounded: when titles come from a small shared
vocabulary, a pair of words such as "antenatal coverage" is in hundreds of
texts and meeting under it degenerates to scoring nearly all pairs. So keys
are taken rarest first, as exact set-similarity joins (AllPairs, PPJoin) index
only the rare prefix of each set:

- words are ranked by how many distinct texts have them, and a key is
  **common** when more than :data:`COMMON_KEY` distinct texts share it;
- a common key is narrowed by one more of the text's words (rarer ones:
  words are numbered most common first and a key grows only by higher
  numbers, so each set of words is made once), up to :data:`MAX_KEY_WORDS`
  words; texts that meet under a key that is not common are all compared;
- a text that cannot narrow a common key further (it has no more words, or
  the key has :data:`MAX_KEY_WORDS` words) is compared with its
  :data:`NEIGHBOURS` nearest texts on each side in that key (texts in order
  of their words, so near-identical texts sit together);
- each text then keeps at most :data:`CANDIDATES_PER_TEXT` candidates (those
  it meets under most keys) before any is scored.

What this can miss, and why, is in ``docs/overlaps.md`` ("How it scales"):
two texts whose only shared words are 2 to 4 words that more than
:data:`COMMON_KEY` other texts also share, and candidates beyond the
per-text cap. Below those sizes (every real CHMT workbook) nothing similar is
missed, except among the dropped common words of texts longer than
:data:`INDEXED_WORDS` words.

Work is done on distinct texts, not rows: a title written identically on 50
rows is normalised and compared once. Two texts are also only compared when
the time windows of their rows can overlap.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_tracker.overlaps.text import Words

INDEXED_WORDS = 12
"""A text is indexed under pairs of at most this many of its rarest words (66 keys)."""

COMMON_KEY = 32
"""A set of words shared by more distinct texts than this is too common to compare them all on."""

MAX_KEY_WORDS = 4
"""A common key grows to at most this many words."""

NEIGHBOURS = 4
"""In a key it cannot narrow, a text is compared with this many texts on each side of it."""

CANDIDATES_PER_TEXT = 48
"""Candidates kept per text before scoring (those met under most keys), unless the other text keeps it."""

PARALLEL_SCORING = 20_000
"""Candidate pairs from which rapidfuzz scores on every core (``workers=-1``): below it, starting the threads costs more
than it saves (about 0.1 ms a call, the time of some 60 pairs). Scores do not depend on the number of workers."""


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
    groups: np.ndarray | None = None,
    lookback: int = 0,
    apart_limit: int | None = None,
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
    text, and rows are expanded in chunks for the same reason. With ``groups``
    (a whole number of 0 or more per row), two rows of one group are never
    paired (requests with requests when matching offers; two initiatives of
    one county when matching across counties): texts whose rows all lie in
    one group are not even scored against each other, and such pairs take no
    candidate's or partner's place under the caps. With ``lookback`` (days),
    rows whose windows do not overlap but lie at most that far apart are
    kept too (an initiative and an earlier one); they are capped apart from
    the overlapping ones (at ``apart_limit``, else ``limit``), so the
    overlapping pairs are the same with or without it.
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

    text_group = None
    if groups is not None:
        groups = np.asarray(groups, np.int64)
        text_group = _text_groups(groups[rows], uids, len(distinct))
    u, v = _candidate_texts(distinct, first, last, text_group, lookback)
    scores = np.empty(0, np.float64)
    if len(u):
        from rapidfuzz.fuzz import token_set_ratio
        from rapidfuzz.process import cpdist

        joined = np.array([" ".join(words) for _, words in distinct], dtype=object)
        workers = -1 if len(u) >= PARALLEL_SCORING else 1
        scores = cpdist(
            joined[u].tolist(), joined[v].tolist(), scorer=token_set_ratio, processor=None, score_cutoff=threshold, dtype=np.float32, workers=workers
        )
        similar = scores >= threshold
        u, v, scores = u[similar], v[similar], scores[similar].astype(np.float64)
    # identical texts on several rows are similar to each other (score 100)
    same = np.arange(len(distinct), dtype=np.int64)
    if text_group is not None:
        same = same[text_group == MIXED]
    u = np.concatenate([u, same])
    v = np.concatenate([v, same])
    scores = np.concatenate([scores, np.full(len(same), 100.0)])
    window = (np.asarray(starts, np.int64), np.asarray(ends, np.int64))
    return _rows_of_text_pairs(uids, rows, u, v, scores, window, owners, limit, rank, groups, lookback, apart_limit)


MIXED = -1
"""A text's group when its rows lie in more than one group (:func:`_text_groups`)."""


def _text_groups(row_groups: np.ndarray, uids: np.ndarray, texts: int) -> np.ndarray:
    """Each distinct text's group: the one group all its rows lie in, or :data:`MIXED`."""
    low = np.full(texts, np.iinfo(np.int64).max, np.int64)
    high = np.full(texts, -1, np.int64)
    np.minimum.at(low, uids, row_groups)
    np.maximum.at(high, uids, row_groups)
    return np.where(low == high, low, MIXED)


def _across(text_group: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Which text pairs have two rows in different groups: all but those whose rows all lie in one and the same group."""
    return (text_group[low] != text_group[high]) | (text_group[low] == MIXED)


OPEN_FIRST = np.iinfo(np.int64).min
OPEN_LAST = np.iinfo(np.int64).max


def _candidate_texts(
    distinct: list[tuple[Hashable, Words]], first: np.ndarray, last: np.ndarray, text_group: np.ndarray | None = None,
    lookback: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (u < v) of distinct texts worth scoring (module docstring): they meet under a key that is not
    common, or sit near each other in one they cannot narrow; their rows' windows (``first``..``last``
    per text) can overlap, or (``lookback``) lie at most that many days apart; with ``text_group``
    (:func:`_text_groups`), they have rows in different groups; at most :data:`CANDIDATES_PER_TEXT` per
    text unless the other keeps it, counted apart for the texts whose windows can only lie apart."""
    small = _candidates_by_product(distinct, first, last, text_group, lookback)
    if small is not None:
        return small
    return _candidates_by_index(distinct, first, last, text_group, lookback)


def _candidates_by_index(
    distinct: list[tuple[Hashable, Words]], first: np.ndarray, last: np.ndarray, text_group: np.ndarray | None = None,
    lookback: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_candidate_texts` on any column: the keys of shared words, rarest first (module docstring)."""
    n = len(distinct)
    canon, lengths, flat = _tokens(distinct)
    # each text's first day (less lookback) and last day as places among those first days: windows compared as small numbers
    days = np.unique(first - lookback)
    window = (np.searchsorted(days, first - lookback), np.searchsorted(days, last, "right"))
    vocabulary = int(flat.max()) + 1
    lefts: list[np.ndarray] = [np.empty(0, np.int64)]
    rights: list[np.ndarray] = [np.empty(0, np.int64)]
    # one-word texts meet every text that has their word
    posting_token = flat
    posting_text = np.repeat(np.arange(n, dtype=np.int64), lengths)
    singles = np.flatnonzero(lengths == 1)
    if len(singles):
        order = np.argsort(posting_token, kind="stable")
        by_token, texts_by_token = posting_token[order], posting_text[order]
        wanted = posting_token[np.searchsorted(posting_text, singles)]
        lo, hi = np.searchsorted(by_token, wanted, "left"), np.searchsorted(by_token, wanted, "right")
        count = hi - lo
        at = np.repeat(lo, count) + np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        lefts.append(np.repeat(singles, count))
        rights.append(texts_by_token[at])

    # texts of two words or more, under their INDEXED_WORDS rarest (the last ones: ids are most common first)
    size = np.minimum(lengths, INDEXED_WORDS)
    position = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    flat = flat[position >= np.repeat(lengths - size, lengths)]
    start = np.cumsum(size) - size
    keys, texts, ends = [], [], []
    for length in np.unique(size[size >= 2]).tolist():
        which = np.flatnonzero(size == length)
        i, j = np.triu_indices(length, 1)
        base = start[which][:, None]
        keys.append((flat[base + i] * vocabulary + flat[base + j]).ravel())
        texts.append(np.repeat(which.astype(TEXT_ID), len(i)))
        ends.append(np.tile(j, len(which)))  # position of the key's last word in the text
    key = np.concatenate(keys) if keys else np.empty(0, np.int64)
    text = np.concatenate(texts) if texts else np.empty(0, TEXT_ID)
    end = np.concatenate(ends) if ends else np.empty(0, np.int64)
    for words in range(2, MAX_KEY_WORDS + 1):
        if not len(key):
            break
        group, where, members = np.unique(key, return_inverse=True, return_counts=True)
        where = where.reshape(-1)
        order = np.lexsort((canon[text], where))
        where, text, end = where[order], text[order], end[order]
        common = members[where] > COMMON_KEY
        rare = ~common
        left, right = _pairs_within_groups(where[rare], text[rare], window)
        lefts.append(left)
        rights.append(right)
        if not common.any():
            break
        where, text, end = where[common], text[common], end[common]
        narrows = end < size[text] - 1 if words < MAX_KEY_WORDS else np.zeros(len(text), bool)
        # texts that cannot narrow the key: their nearest texts in it
        for step in range(1, NEIGHBOURS + 1):
            near = (where[step:] == where[:-step]) & (~narrows[step:] | ~narrows[:-step])
            lefts.append(text[:-step][near])
            rights.append(text[step:][near])
        # the others: the key and one more (rarer) word of the text
        where, text, end = where[narrows], text[narrows], end[narrows]
        more = size[text] - 1 - end
        total = int(more.sum())
        step_in = np.arange(total) - np.repeat(np.cumsum(more) - more, more)
        end = np.repeat(end, more) + 1 + step_in
        text = np.repeat(text, more)
        key = np.repeat(where, more) * vocabulary + flat[start[text] + end]

    left = np.concatenate(lefts)
    right = np.concatenate(rights)
    low, high = np.minimum(left, right), np.maximum(left, right)
    keep = (low != high) & (first[low] - lookback <= last[high]) & (first[high] - lookback <= last[low])
    if text_group is not None:
        keep &= _across(text_group, low, high)
    pair, met = np.unique(low[keep].astype(np.int64) * n + high[keep], return_counts=True)
    low, high = pair // n, pair % n
    if len(pair):
        near = (first[low] <= last[high]) & (first[high] <= last[low])
        capped = np.zeros(len(pair), bool)
        for group in (near, ~near) if lookback else (near,):
            if group.any():
                capped[group] = strongest_partners(low[group], high[group], met[group].astype(np.float64), canon.astype(np.float64), CANDIDATES_PER_TEXT)
        low, high = low[capped], high[capped]
    return low, high


SMALL_COLUMN = 256
"""Up to this many distinct texts, :func:`_candidates_by_product` finds the candidates (when its conditions hold)."""


def _candidates_by_product(
    distinct: list[tuple[Hashable, Words]], first: np.ndarray, last: np.ndarray, text_group: np.ndarray | None, lookback: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """The candidates of :func:`_candidate_texts` for a small column (a county's workbook), or ``None`` when it cannot tell.

    On a small column no word is in more than :data:`COMMON_KEY` texts (so no
    key is common), no text is long enough to be indexed under only some of
    its words, and no text has more candidates than it keeps: the candidates
    are then exactly the pairs that pass the gate and the window test. Those
    are counted here from each word's list of texts (the shared words of
    every pair of texts that shares one), a dozen array calls in place of the
    index's hundred, which cost more than the search itself on a few dozen
    texts. Any condition that fails (more than :data:`SMALL_COLUMN` texts,
    more than :data:`INDEXED_WORDS` words, a word in more than
    :data:`COMMON_KEY` texts, a text with more than
    :data:`CANDIDATES_PER_TEXT` candidates) leaves the column to the index,
    so the result never differs from it.
    """
    n = len(distinct)
    if n > SMALL_COLUMN:
        return None
    tokens: dict[tuple[str, str], int] = {}
    text_of, token_of = [], []
    for text, (block, words) in enumerate(distinct):
        if len(words) > INDEXED_WORDS:
            return None
        block = str(block)  # as _tokens tells blocks apart
        for word in words:
            text_of.append(text)
            token_of.append(tokens.setdefault((block, word), len(tokens)))
    text = np.asarray(text_of, np.int64)
    token = np.asarray(token_of, np.int64)
    if np.bincount(token).max() > COMMON_KEY:
        return None
    order = np.argsort(token, kind="stable")  # a word's texts in ascending order
    token, text = token[order], text[order]
    after = np.searchsorted(token, token, "right") - np.arange(1, len(token) + 1)  # later texts with the same word
    first_of_pair = np.repeat(np.arange(len(token)), after)
    second = np.arange(int(after.sum())) - np.repeat(np.cumsum(after) - after, after) + first_of_pair + 1
    pair = text[first_of_pair] * n + text[second]
    shared = np.bincount(pair, minlength=n * n)
    pair = np.flatnonzero(shared)  # pairs of texts that share a word, in the order of the index's pairs
    low, high = pair // n, pair % n
    single = np.bincount(text, minlength=n) == 1
    keep = (shared[pair] >= 2) | single[low] | single[high]
    keep &= (first[low] - lookback <= last[high]) & (first[high] - lookback <= last[low])
    if text_group is not None:
        keep &= _across(text_group, low, high)
    low, high = low[keep], high[keep]
    near = (first[low] <= last[high]) & (first[high] <= last[low])
    for group in (near, ~near):
        if len(low) and (np.bincount(low[group], minlength=n) + np.bincount(high[group], minlength=n)).max() > CANDIDATES_PER_TEXT:
            return None
    return low, high


def _tokens(distinct: list[tuple[Hashable, Words]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each text's words as numbers, most common first, without a Python loop per word.

    Returns each text's canonical rank (its block and words in sorted order:
    what depends on order never depends on the order of rows), its number of
    words, and all texts' word numbers one text after the other, ascending
    within a text. A word of another block is another number.
    """
    n = len(distinct)
    blocks = pd.factorize(pd.Series([str(block) for block, _ in distinct], dtype="object"), sort=True)[0]
    lengths = np.fromiter((len(words) for _, words in distinct), np.int64, n)
    word_code, words = pd.factorize(pd.Series([w for _, ws in distinct for w in ws], dtype="object"), sort=True)
    token_code, token_of = pd.factorize(np.repeat(blocks, lengths) * len(words) + word_code)
    frequency = np.bincount(token_code)
    # numbered most common first; ties by block, then word (both in sorted order)
    order = np.lexsort((token_of % max(len(words), 1), token_of // max(len(words), 1), -frequency))
    number = np.empty(len(order), np.int64)
    number[order] = np.arange(len(order))
    text = np.repeat(np.arange(n, dtype=np.int64), lengths)
    flat = number[token_code]
    flat = flat[np.lexsort((flat, text))]
    joined = pd.Series([" ".join(ws) for _, ws in distinct], dtype="object")
    canon = np.empty(n, np.int64)
    canon[np.lexsort((pd.factorize(joined, sort=True)[0], blocks))] = np.arange(n)
    return canon, lengths, flat


def _pairs_within_groups(keys: np.ndarray, members: np.ndarray, window: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of ``members`` that share a key and whose windows can meet, without a Python loop per key.

    ``window`` is each member's first day and its reach, as places in one
    sorted list of first days: B can follow A when B's first place is below
    A's reach. Within a key, members are put in order of their first day: a
    member pairs with the run of members after it that start within its
    reach. So pairs whose windows lie further apart are never made, rather
    than made and dropped: on a workbook spread over years most pairs of a
    common key are, and making them cost more in fresh memory than anything
    else done with the candidates. Every pair whose windows can meet is made
    (of such a pair, the one that starts first reaches the other's start); the
    caller applies the full test.
    """
    if not len(keys):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    start, reach = window
    width = int(reach.max()) + 1
    keys = keys.astype(np.int64) * width
    packed = keys + start[members]
    order = np.argsort(packed)
    packed, members, keys = packed[order], members[order], keys[order]
    reach = np.searchsorted(packed, keys + reach[members])
    after = np.maximum(reach - np.arange(1, len(keys) + 1), 0)
    total = int(after.sum())
    if total == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    first_of_pair = np.repeat(np.arange(len(keys)), after)
    # the second of each pair: the positions after the first, one after the other
    second = np.arange(total) - np.repeat(np.cumsum(after) - after - np.arange(1, len(keys) + 1), after)
    return members[first_of_pair], members[second]


TEXT_ID = np.int32
"""Distinct texts are numbered in 32 bits while candidates are generated: a million candidate pairs of a dense vocabulary
then move half the memory (and the kernel maps half the pages), and no workbook holds 2**31 texts."""

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
    groups: np.ndarray | None = None,
    lookback: int = 0,
    apart_limit: int | None = None,
) -> TextPairs:
    """Expand pairs of distinct texts to the pairs of their rows (u == v: pairs among its rows), filtered and capped.

    Filters are tested on positions in the text-sorted row order (windows,
    owners and groups looked up there once), and rows are only looked up for
    the row pairs that pass: on a workbook spread over years most row pairs
    of two similar texts fail the window test.
    """
    starts, ends = window
    order = np.argsort(uids, kind="stable")
    rows_sorted = rows[order]  # ascending within each text: among a text's own rows, left < right is q < r
    starts_sorted, ends_sorted = starts[rows_sorted], ends[rows_sorted]
    owners_sorted = None if owners is None else owners[rows_sorted]
    groups_sorted = None if groups is None else groups[rows_sorted]
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
        keep &= (starts_sorted[at_left] - lookback <= ends_sorted[at_right]) & (starts_sorted[at_right] - lookback <= ends_sorted[at_left])
        if owners_sorted is not None:
            keep &= owners_sorted[at_left] != owners_sorted[at_right]
        if groups_sorted is not None:
            keep &= groups_sorted[at_left] != groups_sorted[at_right]
        left, right, score = rows_sorted[at_left[keep]], rows_sorted[at_right[keep]], cs[pair[keep]]
        found = TextPairs(np.minimum(left, right), np.maximum(left, right), score)
        if len(kept):
            found = TextPairs(*(np.concatenate([x, y]) for x, y in zip((kept.left, kept.right, kept.score), (found.left, found.right, found.score))))
        if limit is not None and rank is not None:
            if lookback:  # pairs that overlap in time and pairs that lie apart are capped each on their own
                near = (starts[found.left] <= ends[found.right]) & (starts[found.right] <= ends[found.left])
                strongest = np.zeros(len(found), bool)
                for group, most in ((near, limit), (~near, apart_limit or limit)):
                    if group.any():
                        strongest[group] = strongest_partners(found.left[group], found.right[group], found.score[group], rank, most)
            else:
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
