"""The one table of overlap reasons: everything else derives from it, and the docs show it as it is."""

from __future__ import annotations

import numpy as np

from xl_tracker.contract import INPUT_SHEETS_BY_NAME
from xl_tracker.overlaps import find_overlaps, reasons_in_words
from xl_tracker.overlaps.pairs import _ACTION_TEXT, _REASON_TEXT
from xl_tracker.overlaps.reasons import (
    ALIGN_TARGETS,
    CONTENT,
    CONTEXT,
    DOC,
    FORM_ONE_TASK_TEAM,
    INITIATIVE_REASONS,
    LEARN_FROM,
    OFFER,
    REASON_ORDER,
    REASONS,
    SEQUENCE,
    TAKE_UP_THE_OFFER,
    TALK,
    doc_with_table,
    markdown_table,
    suggested_action,
)


def test_docs_show_the_table_in_code():
    text = DOC.read_text(encoding="utf-8")
    assert markdown_table() in text
    assert doc_with_table(text) == text, "run: python -m xl_tracker.overlaps"


def test_every_reason_reads_a_contract_column_and_is_complete():
    assert len({r.code for r in REASONS}) == len(REASONS)
    for r in REASONS:
        assert r.kind in (CONTENT, CONTEXT, OFFER, SEQUENCE)
        headers = [c.header for c in INPUT_SHEETS_BY_NAME[r.sheet].columns]
        assert r.column in headers, r.code
        if r.block:
            assert r.block in headers, r.code
        if r.kind == CONTENT and r.sheet != "Initiatives":
            assert "Initiative ID" in headers, f"{r.code}: rows of {r.sheet} need their initiative"
        if r.kind == CONTEXT:
            assert r.keys is not None and r.threshold is None, r.code
        elif r.kind == SEQUENCE:
            assert r.keys is None and r.threshold is None and r.action and not r.repeats, r.code
        else:
            assert r.threshold is not None and r.keys is None, r.code
        if r.action_needs_same_numbers:
            assert r.action, r.code
        assert r.words and r.words == r.words.lower(), r.code


def test_codes_are_written_in_table_order_and_each_has_its_bit():
    assert REASON_ORDER == tuple(r.code for r in INITIATIVE_REASONS)
    for position, reason in enumerate(INITIATIVE_REASONS):
        assert _REASON_TEXT[1 << position] == reason.code
    everything = (1 << len(INITIATIVE_REASONS)) - 1
    assert _REASON_TEXT[everything] == "; ".join(REASON_ORDER)
    sequence = sum(1 << k for k, r in enumerate(INITIATIVE_REASONS) if r.kind == SEQUENCE)
    assert np.all(_ACTION_TEXT[everything] == LEARN_FROM), "two initiatives one after the other never run at once"
    assert np.all(_ACTION_TEXT[everything & ~sequence] == FORM_ONE_TASK_TEAM)


def test_the_action_rule():
    assert suggested_action(["SIMILAR-TITLE", "SAME-SITE"]) == FORM_ONE_TASK_TEAM
    assert suggested_action(["SIMILAR-CHALLENGE", "SAME-ROOT-CAUSE", "SHARED-TEAM"]) == FORM_ONE_TASK_TEAM
    assert suggested_action(["SIMILAR-CHALLENGE", "SHARED-TEAM"]) == TALK, "one point of same work is not enough"
    assert suggested_action(["SIMILAR-TITLE"]) == TALK, "same work without shared ground"
    assert suggested_action(["OFFER-MATCHES-REQUEST"]) == TAKE_UP_THE_OFFER
    measure = next(r for r in REASONS if r.code == "SAME-MEASURE")
    assert measure.action == ALIGN_TARGETS
    assert measure.action_needs_same_numbers
    assert suggested_action(["SAME-MEASURE"]) == TALK
    assert suggested_action(["SAME-MEASURE"], ["SAME-MEASURE"]) == ALIGN_TARGETS
    assert suggested_action(["SAME-ROOT-CAUSE", "SAME-MEASURE", "SAME-SITE", "LEARN-FROM"], ["SAME-MEASURE"]) == LEARN_FROM


def test_reports_say_each_code_in_the_tables_words():
    for r in REASONS:
        assert reasons_in_words(r.code) == r.words
    assert reasons_in_words("SAME-SITE; NEW-REASON") == "the same site and new-reason", "a code from a later version"


def test_an_empty_workbook_part_is_not_an_error():
    """A reason whose sheet is absent (an older workbook) simply does not hold."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("overlap_pairs", Path(__file__).parent / "data" / "overlap_pairs.py")
    frames = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(frames)
    a, _ = frames.initiative("I1", "M01", {"Title": "Reduce oxytocin stock-outs"})
    b, _ = frames.initiative("I2", "M02", {"Title": "Oxytocin stock-outs in the maternity"})
    usable = frames.usable([a, b])
    del usable["Measures"], usable["Offers & Requests"]
    assert find_overlaps(usable, None)["reasons"].tolist() == ["SIMILAR-TITLE"]
