"""`xl-tracker demo` as a new user runs it: every step, the planted mistakes shown, the same every time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from xl_tracker.contract import OUTPUT_SHEETS
from xl_tracker.demo_data import PLANTED_MISTAKES
from xl_tracker.reports import formats as fmt


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
    header, *rows = book["Team Results"].iter_rows(min_row=1, values_only=True)
    team = {(r[0], r[header.index("Rater")]): r for r in rows}
    assert set(team) == {(code, rater) for code in ("TOOLS", "DRIVE", "NETWORKS", "RESULTS", "ALL") for rater in ("Self", "Coach")}
    assert 0 < team[("ALL", "Self")][header.index("% change (change of means)")] < 2


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


def test_demo_names_every_on_track_or_completed_initiative_whose_measures_say_otherwise(demo):
    folder, _ = demo
    book = openpyxl.load_workbook(folder / "chmt-tracking-tool-demo.xlsx", read_only=True)
    header, *measures = book["Initiative Results"].iter_rows(min_row=1, values_only=True)
    column = {h: n for n, h in enumerate(header)}
    contradicted = {
        r[column["Initiative ID"]] for r in measures
        if (r[column["Status (recorded)"]] == "On track" and r[column["Status (computed)"]] in ("At risk", "Off track"))
        or (r[column["Status (recorded)"]] == "Completed" and r[column["Status (computed)"]] not in ("Achieved", "No data"))
    }
    computed = {r[column["Initiative ID"]]: r[column["Status (computed)"]] for r in measures}
    messages = {
        message.split(", so initiative ")[1].split(" ")[0]: message
        for _s, _sheet, _c, rule, message, _v in book["Issues"].iter_rows(min_row=2, values_only=True)
        if rule == "status-contradicts-measures"
    }
    named = set(messages)
    for initiative, message in messages.items():
        assert message.startswith(("Status On track, but ", "Status Completed, but ")) and f"is computed {computed[initiative]}" in message
    assert contradicted and named == contradicted
    completed = [m for m in messages.values() if m.startswith("Status Completed")]
    assert completed == ["Status Completed, but 1 of 2 measures Off track (I02-2-R), short of target, so initiative I02-2 is computed "
                         "Off track (Status (computed) on the Initiative Results sheet): update the Status, or the measures' latest "
                         "values on the Progress sheet"], "the generator maintenance initiative ended short of its result target"


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
    assert repeat["Reasons"].startswith("The same root cause") and repeat["Reasons"].endswith("one ran after the other had ended")
    assert repeat["Suggested action"] == "Learn from the earlier one"
    offers = [dict(zip(OFFER_MATCHES.headers, r)) for r in book[OFFER_MATCHES.name].iter_rows(min_row=2, values_only=True) if r[0]]
    assert ("OR02", "M12", "OR01", "M07") in {(o["Request ID"], o["Requested by"], o["Offer ID"], o["Offered by"]) for o in offers}
    scores = [r["Score"] for r in rows]
    assert scores == sorted(scores, reverse=True), "ranked, strongest first"


def test_demo_is_the_same_every_time(tmp_path):
    from xl_tracker.demo import build_demo_workbook

    built = build_demo_workbook(tmp_path / "built.xlsx")
    again = build_demo_workbook(tmp_path / "again.xlsx")
    with zipfile.ZipFile(built) as first, zipfile.ZipFile(again) as second:
        for name in first.namelist():
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                assert first.read(name) == second.read(name), name


def _cells_text(sheet) -> str:
    return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)


def test_every_headline_figure_agrees_between_sheets_cli_and_reports(demo):
    """Team Results' ALL rows are the source; the Dashboard, the CLI summary, both reports and docs/results.md say the same."""
    folder, result = demo
    book = openpyxl.load_workbook(folder / "chmt-tracking-tool-demo.xlsx", read_only=True)
    header, *rows = book["Team Results"].iter_rows(min_row=1, values_only=True)
    col = {h: n for n, h in enumerate(header)}
    all_rows = {r[col["Rater"]]: r for r in rows if r[0] == "ALL"}
    self_row, coach_row = all_rows["Self"], all_rows["Coach"]
    self_pct, coach_pct = self_row[col["% change (change of means)"]], coach_row[col["% change (change of means)"]]
    self_n, coach_n = int(self_row[col["Members"]]), int(coach_row[col["Members"]])
    assert (round(self_pct, 3), self_n, round(coach_pct, 3), coach_n) == (0.561, 18, 0.496, 16), "the figures docs/results.md quotes"
    mix = "16 Baseline→Endline, 1 Baseline→Midline, 1 Midline→Endline"
    assert "HEADLINE" in self_row[1] and "secondary" in coach_row[1]
    assert self_row[col["Compared"]] == mix and self_row[col["Left the programme"]] == 1

    raters = f"Self {self_pct:.1%} (n = {self_n}, the headline); Coach {coach_pct:.1%} (n = {coach_n})"
    secondary = f"mean of changes {self_row[col['% change (mean of changes)']]:.1%}; POMP change {self_row[col['POMP change']]:.1%} of the scale"
    dashboard = _cells_text(book["Dashboard"])
    headline_cell = next(v for row in book["Dashboard"].iter_rows(values_only=True) for v in row if isinstance(v, float))
    assert headline_cell == self_pct
    cli = " ".join(result.stdout.split())
    for text in (dashboard, cli):
        assert f"Rounds compared (each member's first and last scored round): {mix}." in text
        assert "Exits: 1 member who left the programme is compared up to their last round before leaving." in text
        assert raters in text and secondary in text
        assert f"Coach ratings cover {coach_n} of the {self_n} members in the headline" in text
    assert f"{self_pct:.1%}" in cli

    team = "\n".join(p.text for p in docx.Document(folder / "reports" / "Team_progress_report.docx").paragraphs)
    assert f"Self {fmt.percent(self_pct)} (n = {self_n}, the headline); Coach {fmt.percent(coach_pct)} (n = {coach_n})" in team
    assert f"rounds compared: {mix}" in team and f"Coach ratings cover {coach_n} of the {self_n} members" in team
    doc = docx.Document(folder / "reports" / "Team_progress_report.docx")
    by_rater = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:3] == ["Indicator", "Rater", "n"])
    last_two = [[c.text for c in row.cells] for row in by_rater.rows[-2:]]
    assert last_two == [
        ["All indicators (headline)", "Self", str(self_n), "–", "–", fmt.signed_percent(self_pct)],
        ["All indicators", "Coach", str(coach_n), "–", "–", fmt.signed_percent(coach_pct)],
    ]

    left = "\n".join(p.text for p in docx.Document(next((folder / "reports").glob("M16_*.docx"))).paragraphs)
    assert "Rounds compared: Baseline→Midline; left 31 Jul 2026." in left

    docs = " ".join((Path(__file__).resolve().parents[1] / "docs" / "results.md").read_text(encoding="utf-8").split())
    assert f"Self {self_pct * 100:.1f} % (n = {self_n}, the headline) and Coach {coach_pct * 100:.1f} % (n = {coach_n})" in docs


def test_a_first_demo_keeps_no_backup_and_a_second_keeps_the_first(demo, tmp_path):
    """The demo is built aside and refreshed into place, so an earlier demo someone typed into is kept like any workbook."""
    import shutil

    from xl_tracker.demo import run_demo

    folder, result = demo
    assert "Previous version kept" not in result.stdout and not list(folder.glob(".~xl-tracker-demo-*"))
    assert not (folder / ".xl-tracker-backups").exists()
    copy = tmp_path / "out"
    shutil.copytree(folder, copy)
    earlier = (copy / "chmt-tracking-tool-demo.xlsx").read_bytes()
    again = run_demo(copy)
    backups = list((copy / ".xl-tracker-backups").glob("*.xlsx"))
    assert [b.read_bytes() for b in backups] == [earlier] and any("Previous version kept" in line for line in again.lines)
    assert not list(copy.glob(".~xl-tracker-demo-*"))


def test_the_workbook_and_the_reports_folder_are_named_alike(tmp_path):
    """A folder given as relative stays relative in both lines the person reads (the reports' once came out absolute)."""
    done = subprocess.run([sys.executable, "-m", "xl_tracker", "demo", "out"], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    workbook = next(line for line in lines if line.startswith("Demo tracking tool"))
    reports = next(line for line in lines if line.startswith("Word reports:"))
    assert workbook.endswith(": " + str(Path("out") / "chmt-tracking-tool-demo.xlsx"))
    assert reports.endswith(" in " + str(Path("out") / "reports"))
