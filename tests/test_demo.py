"""`xl-tracker demo` as a new user runs it: every step, the planted mistakes shown, the same every time."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import openpyxl
import pytest

from xl_tracker.contract import OUTPUT_SHEETS
from xl_tracker.demo_data import PLANTED_MISTAKES


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "out"
    result = subprocess.run([sys.executable, "-m", "xl_tracker", "demo", str(folder)], capture_output=True, text=True, timeout=600)
    return folder, result


def test_demo_runs_every_step_and_says_where_things_are(demo):
    folder, result = demo
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "chmt-tracking-tool-demo.xlsx" in out and "Headline: average increase from baseline" in out
    assert "18 member reports and the team report" in out
    reports = sorted((folder / "reports").glob("*.docx"))
    assert len(reports) == 19


def test_demo_workbook_shows_the_planted_mistakes_and_no_other_error(demo):
    folder, _ = demo
    book = openpyxl.load_workbook(folder / "chmt-tracking-tool-demo.xlsx", read_only=True)
    assert [s.name for s in OUTPUT_SHEETS if s.name in book.sheetnames] == [s.name for s in OUTPUT_SHEETS]
    rows = list(book["Issues"].iter_rows(min_row=2, values_only=True))
    found = {(sheet, rule) for _severity, sheet, _cell, rule, _message, _value in rows}
    for sheet, rule, what in PLANTED_MISTAKES:
        assert (sheet, rule) in found, f"the demo should show: {what}"
    errors = {(sheet, rule) for severity, sheet, _c, rule, _m, _v in rows if severity == "Error"}
    planted = {(sheet, rule) for sheet, rule, _ in PLANTED_MISTAKES}
    assert errors <= planted
    team = {r[0]: r for r in book["Team Results"].iter_rows(min_row=2, values_only=True)}
    assert set(team) == {"TOOLS", "DRIVE", "NETWORKS", "RESULTS", "ALL"}
    assert 0 < team["ALL"][6] < 2


def test_demo_reports_its_impossible_values_and_keeps_them_out_of_the_results(demo):
    """A negative number of hours, a negative and an over-100 percentage: Errors at their cells, not Latest values."""
    folder, _ = demo
    book = openpyxl.load_workbook(folder / "chmt-tracking-tool-demo.xlsx", read_only=True)
    rows = list(book["Issues"].iter_rows(min_row=2, values_only=True))
    impossible = {value: (severity, sheet) for severity, sheet, _cell, rule, _message, value in rows if rule == "impossible-value"}
    assert impossible == {-0.1: ("Error", "Progress"), -0.3: ("Error", "Progress"), 104: ("Error", "Progress")}
    header, *measures = book["Initiative Results"].iter_rows(min_row=1, values_only=True)
    latest = {r[header.index("Measure ID")]: r[header.index("Latest")] for r in measures}
    assert latest["I02-2-R"] is not None and latest["I02-2-R"] >= 0
    jumps = [r for r in rows if r[3] == "progress-jump"]
    assert [(r[1], r[5]) for r in jumps] == [("Progress", 3210)], "one planted typo, and no jump among the generated values"


def test_demo_names_every_on_track_initiative_whose_measures_say_otherwise(demo):
    folder, _ = demo
    book = openpyxl.load_workbook(folder / "chmt-tracking-tool-demo.xlsx", read_only=True)
    header, *measures = book["Initiative Results"].iter_rows(min_row=1, values_only=True)
    column = {h: n for n, h in enumerate(header)}
    contradicted = {
        r[column["Initiative ID"]] for r in measures
        if r[column["Status (recorded)"]] == "On track" and r[column["Measure status (computed)"]] in ("At risk", "Off track")
    }
    computed = {r[column["Initiative ID"]]: r[column["Status (computed)"]] for r in measures}
    messages = {
        message.split(", so initiative ")[1].split(" ")[0]: message
        for _s, _sheet, _c, rule, message, _v in book["Issues"].iter_rows(min_row=2, values_only=True)
        if rule == "status-contradicts-measures"
    }
    named = set(messages)
    for initiative, message in messages.items():
        assert message.startswith("Status On track, but ") and f"is computed {computed[initiative]}" in message
    assert contradicted and named == contradicted


def test_demo_overlaps_show_titles_offers_apart_and_the_repeat_to_learn_from(demo):
    """Issue 12: titles beside IDs, offer-request matches under their own headers, and the two initiatives that ran one
    after the other on the same root cause and measures (I05-2, then I14-2)."""
    from xl_tracker.contract import OFFER_MATCHES, OVERLAPS

    folder, _ = demo
    book = openpyxl.load_workbook(folder / "chmt-tracking-tool-demo.xlsx", read_only=True)
    titles = {r[0]: r[3] for r in book["Initiatives"].iter_rows(min_row=2, values_only=True) if r[0]}
    rows = [dict(zip(OVERLAPS.headers, r)) for r in book[OVERLAPS.name].iter_rows(min_row=2, values_only=True) if r[0]]
    assert rows and all(r["Title A"] == titles[r["Initiative A"]] and r["Title B"] == titles[r["Initiative B"]] for r in rows)
    assert not any(str(r["Initiative A"]).startswith("OR") for r in rows), "offers are on Offer matches"
    repeat = next(r for r in rows if (r["Initiative A"], r["Initiative B"]) == ("I05-2", "I14-2"))
    assert "SAME-ROOT-CAUSE" in repeat["Reasons"] and "LEARN-FROM" in repeat["Reasons"]
    assert repeat["Suggested action"] == "Learn from the earlier one"
    offers = [dict(zip(OFFER_MATCHES.headers, r)) for r in book[OFFER_MATCHES.name].iter_rows(min_row=2, values_only=True) if r[0]]
    assert ("OR02", "M12", "OR01", "M07") in {(o["Request ID"], o["Requested by"], o["Offer ID"], o["Offered by"]) for o in offers}
    scores = [r["Score"] for r in rows]
    assert scores == sorted(scores, reverse=True), "ranked, strongest first"


def test_demo_is_the_same_every_time(demo, tmp_path):
    from xl_tracker.demo import build_demo_workbook

    folder, _ = demo
    again = build_demo_workbook(tmp_path / "again.xlsx")
    backups = sorted((folder / ".xl-tracker-backups").glob("*.xlsx"))
    assert backups, "the refresh keeps the workbook as built"
    with zipfile.ZipFile(backups[-1]) as first, zipfile.ZipFile(again) as second:
        for name in first.namelist():
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                assert first.read(name) == second.read(name), name
