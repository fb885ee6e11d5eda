"""The partner cap keeps exactly the pairs the documented rule keeps, however the fast ranking is done (hypothesis).

``strongest_partners`` prunes entries by counting stronger partners and sorts
the rest by one packed key; this compares it with the rule written plainly:
each side ranks its partners by strength (strongest first), then by the
partner's ID rank, then by input order, and a pair stays when it is within
the first ``limit`` of either side (a side with no more than ``limit``
partners keeps them all).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_tracker.overlaps.candidates import strongest_partners


def plain_rule(a: list[int], b: list[int], strength: list[float], rank: list[float], limit: int) -> list[bool]:
    entries = [(a[i], b[i], strength[i], i) for i in range(len(a))] + [(b[i], a[i], strength[i], i) for i in range(len(a))]
    keep = [False] * len(a)
    for node in set(a) | set(b):
        mine = [e for e in entries if e[0] == node]  # input order: A sides first, then B sides
        mine.sort(key=lambda e: (-e[2], rank[e[1]]))  # stable: ties keep input order
        for _, _, _, i in mine[:limit]:
            keep[i] = True
    return keep


@st.composite
def partner_lists(draw):
    nodes = draw(st.integers(2, 12))
    count = draw(st.integers(0, 60))
    pair = st.tuples(st.integers(0, nodes - 1), st.integers(0, nodes - 1)).filter(lambda p: p[0] != p[1])
    pairs = draw(st.lists(pair, min_size=count, max_size=count))
    # few distinct strengths and ranks, so that ties are common
    strength = draw(st.lists(st.sampled_from([60.0, 72.5, 80.0, 100.0]), min_size=count, max_size=count))
    rank = draw(st.lists(st.sampled_from([1.0, 2.0, 3.0, 5.0]), min_size=nodes, max_size=nodes))
    limit = draw(st.integers(1, 4))
    return [p[0] for p in pairs], [p[1] for p in pairs], strength, rank, limit


@settings(max_examples=300, deadline=None)
@given(partner_lists())
def test_the_cap_keeps_what_the_plain_rule_keeps(case):
    a, b, strength, rank, limit = case
    kept = strongest_partners(
        np.asarray(a, np.int64), np.asarray(b, np.int64), np.asarray(strength, np.float64), np.asarray(rank, np.float64), limit
    )
    assert kept.tolist() == plain_rule(a, b, strength, rank, limit)

