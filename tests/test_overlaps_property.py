"""Row order never changes which pairs are flagged, nor their reasons and scores (hypothesis)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from xl_tracker.overlaps import find_overlaps

_spec = importlib.util.spec_from_file_location("overlap_pairs", Path(__file__).parent / "data" / "overlap_pairs.py")
frames = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(frames)

# Every side of every labelled pair, as one workbook: many near misses and true overlaps among 148 initiatives.
SIDES = [(f"{p['id']}{side}", p[side]) for p in frames.labelled_pairs() for side in ("a", "b")]
ROWS, MEASURES = [], []
for n, (iid, fields) in enumerate(SIDES):
    row, measures = frames.initiative(iid, fields.get("Owner", frames.MEMBER_IDS[n % len(frames.MEMBER_IDS)]), fields)
    ROWS.append(row)
    MEASURES.extend(measures)


def pair_set(result) -> set[tuple]:
    """Each flagged pair as an unordered pair plus its reasons, score and action (A/B follow sheet order)."""
    return {
        (frozenset((r["initiative_a"], r["initiative_b"])), r["reasons"], r["score"], r["suggested_action"])
        for r in result.to_dict("records")
    }


BASELINE = pair_set(find_overlaps(frames.usable(ROWS, MEASURES), None))


def test_the_workbook_has_overlaps_to_compare():
    assert len(BASELINE) >= 30


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(len(ROWS))), st.permutations(range(len(MEASURES))))
def test_row_order_does_not_change_the_pairs(initiative_order, measure_order):
    shuffled = find_overlaps(frames.usable([ROWS[k] for k in initiative_order], [MEASURES[k] for k in measure_order]), None)
    assert pair_set(shuffled) == BASELINE
    position = {iid: k for k, iid in enumerate(ROWS[k]["Initiative ID"] for k in initiative_order)}
    a = [position[x] for x in shuffled["initiative_a"]]
    b = [position[x] for x in shuffled["initiative_b"]]
    assert all(x < y for x, y in zip(a, b)), "A is above B on the sheet"
    scores = shuffled["score"].tolist()
    assert list(zip(scores, a, b)) == sorted(zip(scores, a, b), key=lambda r: (-r[0], r[1], r[2])), "ranked by score, then A, then B"
