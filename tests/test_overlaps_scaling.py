"""Candidate generation stays bounded on a dense vocabulary and exact below it (docs/overlaps.md, "How it scales")."""

from __future__ import annotations

import itertools
import random

import numpy as np

import pytest

from xl_tracker.overlaps.candidates import (
    CANDIDATES_PER_TEXT,
    COMMON_KEY,
    MIXED,
    SMALL_COLUMN,
    _candidate_texts,
    _candidates_by_index,
    _candidates_by_product,
    similar_rows,
)
from xl_tracker.overlaps.text import TextNormaliser, shares_enough, similarity

VOCABULARY = tuple(f"w{chr(97 + k // 26)}{chr(97 + k % 26)}" for k in range(30))
OPEN = np.iinfo(np.int64).max // 4


def candidates(texts: list[tuple[str, ...]]) -> set[tuple[int, int]]:
    distinct = [(0, t) for t in texts]
    first = np.full(len(texts), -OPEN, np.int64)
    last = np.full(len(texts), OPEN, np.int64)
    u, v = _candidate_texts(distinct, first, last)
    return set(zip(u.tolist(), v.tolist()))


def dense_texts(n: int, seed: int = 0) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    found: dict[tuple[str, ...], None] = {}
    while len(found) < n:
        found[tuple(sorted(rng.sample(VOCABULARY, 6)))] = None
    return list(found)


BOTH_WAYS = pytest.mark.parametrize("search", [_candidates_by_index, _candidates_by_product], ids=["index", "product"])
"""A small column is searched by _candidates_by_product; the index must find the same on it."""


@BOTH_WAYS
def test_below_the_common_size_every_pair_that_passes_the_gate_is_a_candidate(search):
    """Few texts share any two words: the search finds exactly the pairs that the gate lets through."""
    rng = random.Random(1)
    texts = list({tuple(sorted(rng.sample(VOCABULARY, rng.randint(1, 5)))) for _ in range(60)})
    expected = {(i, j) for i, j in itertools.combinations(range(len(texts)), 2) if shares_enough(texts[i], texts[j])}
    assert expected, "the sample has pairs to find"
    open_ = np.full(len(texts), OPEN, np.int64)
    u, v = search([(0, t) for t in texts], -open_, open_, None, 0)
    assert set(zip(u.tolist(), v.tolist())) == expected


@BOTH_WAYS
def test_texts_whose_windows_cannot_meet_are_never_candidates_and_all_others_are(search):
    """Pairs within a key are made in order of first day, up to the reach of each window (plus the look-back): the same
    pairs as the gate and the window test over every pair, with windows that share a first day, end before they start
    (a bad date), are open, or lie just the look-back apart."""
    rng = random.Random(3)
    texts = list({tuple(sorted(rng.sample(VOCABULARY, rng.randint(1, 5)))) for _ in range(80)})
    days = [0, 10, 10, 30, 100, 365, 400]
    first = np.array([rng.choice(days + [-OPEN]) for _ in texts], np.int64)
    last = np.array([rng.choice(days + [OPEN]) for _ in texts], np.int64)
    distinct = [(0, t) for t in texts]
    for lookback in (0, 30, 365):
        u, v = search(distinct, first, last, None, lookback)
        expected = {
            (i, j)
            for i, j in itertools.combinations(range(len(texts)), 2)
            if shares_enough(texts[i], texts[j]) and first[i] - lookback <= last[j] and first[j] - lookback <= last[i]
        }
        assert len(expected) > 20, "the sample has pairs to find"
        assert set(zip(u.tolist(), v.tolist())) == expected


@pytest.mark.parametrize("drawn", [40, 700], ids=["small column", "indexed column"])
def test_rows_of_one_group_are_never_paired_and_every_pair_across_groups_is(drawn):
    """Groups (the roll-up's 47 counties): a text is on several rows, which lie in one group or in several; the
    pairs found are exactly the similar row pairs of two different groups, on a column small enough for the
    product search and on one the index searches."""
    rng = random.Random(7)
    texts = list({tuple(sorted(rng.sample(VOCABULARY[:16], rng.randint(1, 3)))) for _ in range(drawn)})
    assert (len(texts) > SMALL_COLUMN) == (drawn > 40), "each column is searched the way its name says"
    text_of_row = [rng.randrange(len(texts)) for _ in range(3 * len(texts))]
    groups = np.array([rng.randrange(47) for _ in text_of_row], np.int64)
    always = np.zeros(len(text_of_row), np.int64)
    found = similar_rows([texts[t] for t in text_of_row], 72.0, always, always, groups=groups)
    similar = {(i, j) for i, j in itertools.combinations(range(len(texts)), 2) if similarity(texts[i], texts[j]) >= 72.0}
    similar |= {(j, i) for i, j in similar} | {(i, i) for i in range(len(texts))}
    expected = {
        (i, j) for i, j in itertools.combinations(range(len(text_of_row)), 2)
        if groups[i] != groups[j] and (text_of_row[i], text_of_row[j]) in similar
    }
    assert len(expected) > len(text_of_row), "the sample has pairs to find"
    assert set(zip(found.left.tolist(), found.right.tolist())) == expected


def test_similar_rows_finds_what_scoring_every_pair_finds_on_the_labelled_texts():
    """On real titles (every side of the labelled pairs) the bounded search misses nothing."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("overlap_pairs", Path(__file__).parent / "data" / "overlap_pairs.py")
    frames = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(frames)
    normaliser = TextNormaliser(set())
    words = [normaliser.words(side.get("Title")) for p in frames.labelled_pairs() for side in (p["a"], p["b"])]
    always = np.zeros(len(words), np.int64)
    found = similar_rows(words, 72.0, always, always)
    pairs = set(zip(found.left.tolist(), found.right.tolist()))
    brute = {(i, j) for i, j in itertools.combinations(range(len(words)), 2) if words[i] and words[j] and similarity(words[i], words[j]) >= 72.0}
    assert pairs == brute


def test_a_small_column_gets_the_same_candidates_from_either_search():
    """Blocks, groups, windows and look-back on many small columns: where the product answers, it is the index's answer,
    pair for pair and in the same order; and it leaves to the index a column with a word in too many texts."""
    rng = random.Random(5)
    answered = 0
    for trial in range(300):
        vocabulary = VOCABULARY[: rng.choice((6, 12, 30))]
        n = rng.randint(2, 70 if len(vocabulary) > 6 else 60)  # six words make only 62 distinct sets of one to five
        found = {}
        while len(found) < n:
            block = rng.choice(("a", "b")) if trial % 3 == 0 else 0
            found[(block, tuple(sorted(rng.sample(vocabulary, rng.randint(1, min(5, len(vocabulary)))))))] = None
        distinct = list(found)
        days = [0, 10, 30, 100, 365, 400, 1200]
        first = np.array([rng.choice(days + [-OPEN]) for _ in distinct], np.int64)
        last = np.array([rng.choice(days + [OPEN]) for _ in distinct], np.int64)
        groups = np.array([rng.choice((0, 1, MIXED)) for _ in distinct], np.int64) if trial % 4 == 1 else None
        lookback = rng.choice((0, 0, 365))
        small = _candidates_by_product(distinct, first, last, groups, lookback)
        if small is None:
            continue
        answered += 1
        index = _candidates_by_index(distinct, first, last, groups, lookback)
        assert small[0].tolist() == index[0].tolist() and small[1].tolist() == index[1].tolist()
    assert 100 < answered < 300, "both kinds of column are in the sample"


def test_a_dense_vocabulary_gives_a_bounded_number_of_candidates():
    texts = dense_texts(3000)
    found = candidates(texts)
    share_two = sum(shares_enough(texts[0], t) for t in texts[1:])
    assert share_two > 500, "the vocabulary is dense: most texts share two words with the first"
    # each text keeps at most CANDIDATES_PER_TEXT: a pair is kept by one of its texts at least
    assert len(found) <= CANDIDATES_PER_TEXT * len(texts)


def test_near_duplicates_in_a_dense_vocabulary_are_still_candidates():
    """Texts that share five of six words meet under a four-word key that few texts share."""
    texts = dense_texts(3000)
    rng = random.Random(2)
    planted = []
    for k in range(0, 300, 10):
        base = list(texts[k])
        other = rng.choice([w for w in VOCABULARY if w not in base])
        twin = tuple(sorted(base[:5] + [other]))
        if twin not in texts:
            texts.append(twin)
            planted.append((k, len(texts) - 1))
    found = candidates(texts)
    assert planted and all(pair in found for pair in planted)


def test_a_short_text_inside_a_common_key_still_meets_its_nearest_texts():
    """"wa wb" is in more than COMMON_KEY texts and cannot be narrowed: it is compared with its neighbours, not dropped."""
    texts = [("waa", "wab")] + [("waa", "wab", VOCABULARY[2 + k % 28], f"x{k}") for k in range(COMMON_KEY * 3)]
    found = candidates(texts)
    partners = {j for i, j in found if i == 0}
    assert 0 < len(partners) <= 2 * 4 + CANDIDATES_PER_TEXT


def test_the_summary_counts_rows_by_unordered_pair_of_departments():
    import pandas as pd

    from xl_tracker.overlaps import overlap_summary

    overlaps = pd.DataFrame({
        "department_a": ["Pharmacy", "Nursing", None, "Pharmacy"],
        "department_b": ["Nursing", "Pharmacy", "Nursing", "Nursing"],
        "reasons": ["SIMILAR-TITLE", "SAME-MEASURE", "SIMILAR-TITLE", "OFFER-MATCHES-REQUEST"],
        "score": [60, 90, 70, 65],
        "offer_match": [False, False, False, True],
    })
    summary = overlap_summary(overlaps)
    assert summary.to_dict("records") == [
        {"department_a": "Nursing", "department_b": "Pharmacy", "initiative_pairs": 2, "offer_matches": 1, "highest_score": 90},
        {"department_a": "(no department)", "department_b": "Nursing", "initiative_pairs": 1, "offer_matches": 0, "highest_score": 70},
    ]
    assert overlap_summary(overlaps.iloc[:0]).columns.tolist() == list(summary.columns)
