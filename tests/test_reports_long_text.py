"""Very long free text is cut in reports with a note of how much was left out, so no member report runs to hundreds of pages."""

from __future__ import annotations

import zipfile

from xl_tracker.demo_data import SETTINGS, demo_rows
from xl_tracker.pipeline import run_tracker
from xl_tracker.reports.generate import write_reports
from xl_tracker.reports.text_cap import TEXT_LIMIT, cap_text
from xl_tracker.template import build_workbook


def test_short_text_is_kept_and_long_text_is_cut_at_a_word_with_the_count_left_out():
    assert cap_text("as typed") == "as typed"
    text = "word " * 2000
    capped = cap_text(text.strip())
    shown = capped.split(" … [")[0]
    assert len(shown) <= TEXT_LIMIT and shown.endswith("word")
    left_out = len(text.strip()) - len(shown)
    assert f"[{left_out:,} more characters left out here; the full text is in the workbook]" in capped
    assert len(cap_text("x" * 40_000)) < TEXT_LIMIT + 100  # no space to cut at: cut at the limit


def test_a_32767_character_goal_makes_a_member_report_of_normal_size(tmp_path):
    rows = demo_rows()
    member = rows["Goals"][0]["Member ID"]
    for goal in rows["Goals"]:
        if goal["Member ID"] == member:
            goal["Development goal"] = ("Lead the quarterly review meeting with every facility in-charge " * 600)[:32767]
            goal["Actions"] = "x" * 32767
    book = build_workbook(tmp_path / "long.xlsx", rows, SETTINGS)
    reports = write_reports(run_tracker(book), tmp_path / "reports", members=[member])
    [path] = reports.member_reports
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "more characters left out here; the full text is in the workbook" in body
    assert "x" * (TEXT_LIMIT + 1) not in body
    assert len(body) < 400_000
