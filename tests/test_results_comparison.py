"""What the headline compares (the Compared rounds setting, the mix, exits) and every rater beside it: the second worked example of docs/results.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from test_results_support import indicator_rows, members, row_of, settings, usable

from xl_tracker.api import refresh
from xl_tracker.demo_data import SETTINGS, demo_rows
from xl_tracker.results import compute_results
from xl_tracker.settings import compared_rounds, read_settings
from xl_tracker.template import build_workbook

DOC = Path(__file__).resolve().parents[1] / "docs" / "results.md"
CODES = ("PLAN1",)
SCORES = {
    # member: {(round, rater): PLAN score}
    "M01": {("Baseline", "Self"): 2, ("Midline", "Self"): 3, ("Endline", "Self"): 4, ("Baseline", "Coach"): 2, ("Endline", "Coach"): 3},
    "M02": {("Baseline", "Self"): 3, ("Endline", "Self"): 4, ("Baseline", "Coach"): 3, ("Endline", "Coach"): 3},
    "M03": {("Baseline", "Self"): 2, ("Midline", "Self"): 3, ("Baseline", "Coach"): 2},
    "M04": {("Midline", "Self"): 3, ("Endline", "Self"): 4, ("Endline", "Coach"): 3},
    "M05": {("Baseline", "Self"): 4},
}


def example(**kw):
    rows = [
        {"Member ID": m, "Round": rnd, "Rater": rater, "Date": dt.date(2026, 3, 1), "PLAN1": float(v)}
        for m, scores in SCORES.items()
        for (rnd, rater), v in scores.items()
    ]
    people = members(*SCORES, M03={"Exit date": dt.date(2026, 7, 31)})
    data = usable(CODES, Members=people, Indicators=indicator_rows({"PLAN": [("PLAN1", 1.0)]}), Assessments=rows)
    return compute_results(data, settings(**kw), CODES)


def doc_text() -> str:
    return " ".join(DOC.read_text(encoding="utf-8").split())


def in_doc(sentence: str) -> bool:
    """The docs wrap lines and quote with '> '; compare with the whitespace and quote marks folded."""
    return " ".join(sentence.split()) in doc_text().replace(" > ", " ")


def test_first_to_last_worked_example():
    r = example()
    m = r.method
    assert m.mix == (("Baseline→Endline", 2), ("Baseline→Midline", 1), ("Midline→Endline", 1))
    assert (m.n, m.not_compared, m.exits_compared, m.exits_left_out) == (4, 1, 1, 0)
    self_all = row_of(r.team_results, indicator_code="ALL", rater="Self")
    coach_all = row_of(r.team_results, indicator_code="ALL", rater="Coach")
    assert self_all[["members", "pct_change_of_means", "pomp_change"]].tolist() == [4, 0.5, 0.3125]
    assert self_all["pct_mean_of_changes"] == pytest.approx((1 + 1 / 3 + 0.5 + 1 / 3) / 4)
    assert coach_all[["members", "pct_change_of_means"]].tolist() == [2, pytest.approx(0.2)]
    assert r.headline == 0.5
    assert [(f.rater, f.n, f.covered) for f in m.raters] == [("Self", 4, 4), ("Coach", 2, 2)]
    coach = r.member_results[r.member_results["rater"] == "Coach"].set_index("member_id")
    assert coach["rating_gap"].to_dict() == {"M01": 1.0, "M02": 1.0, "M03": 0.0, "M04": 1.0}
    compared = r.member_results[r.member_results["rater"] == "Self"].set_index("member_id")["compared"].to_dict()
    assert compared == {
        "M01": "Baseline→Endline", "M02": "Baseline→Endline", "M03": "Baseline→Midline; left 31 Jul 2026",
        "M04": "Midline→Endline", "M05": "Baseline only: no later score",
    }
    for sentence in (m.mix_sentence, m.exits_sentence, m.secondary_sentence(), m.raters_sentence(), m.coverage_sentence):
        assert sentence and in_doc(sentence), sentence


def test_fixed_rounds_worked_example():
    r = example(compared_rounds=("Baseline", "Endline"))
    m = r.method
    assert m.mix == (("Baseline→Endline", 2),) and (m.n, m.not_compared, m.exits_compared, m.exits_left_out) == (2, 3, 0, 1)
    assert r.headline == pytest.approx((4 - 2.5) / 2.5)
    assert row_of(r.team_results, indicator_code="ALL", rater="Coach")["pct_change_of_means"] == pytest.approx(0.2)
    assert "M04" not in set(r.member_results["member_id"]), "no Baseline score: no row under Baseline→Endline"
    m03 = row_of(r.member_results, member_id="M03", rater="Self")
    assert m03["compared"] == "no Endline score: left out; left 31 Jul 2026"
    missing = [i for i in r.issues if i.rule == "missing-baseline"]
    assert len(missing) == 1 and "M04 is left out of the Baseline→Endline comparison of PLAN" in missing[0].message
    for sentence in (m.mix_sentence, m.exits_sentence, m.raters_sentence()):
        assert sentence and in_doc(sentence), sentence


def test_the_headline_row_is_named_and_the_others_are_secondary():
    r = example()
    names = r.team_results.set_index(["indicator_code", "rater"])["indicator_name"]
    assert names[("ALL", "Self")] == "All indicators: HEADLINE = % change (change of means)"
    assert names[("ALL", "Coach")] == "All indicators: Coach, secondary"
    team = r.team_results.set_index(["indicator_code", "rater"])
    assert team.loc[("ALL", "Self"), "compared"] == "2 Baseline→Endline, 1 Baseline→Midline, 1 Midline→Endline"
    assert team.loc[("ALL", "Self"), "left"] == 1 and team.loc[("PLAN", "Self"), "left"] == 1
    assert team.loc[("PLAN", "Coach"), "compared"] == "2 Baseline→Endline" and team.loc[("ALL", "Coach"), "left"] == 0
    assert r.team_results["rater"].tolist() == ["Self", "Coach", "Self", "Coach"]


@pytest.mark.parametrize(
    "text, expected, problem",
    [
        ("", None, ""),
        ("first to last", None, ""),
        ("Baseline, Endline", ("Baseline", "Endline"), ""),
        ("midline → endline", ("Midline", "Endline"), ""),
        ("Baseline to Midline", ("Baseline", "Midline"), ""),
        ("Endline, Baseline", None, "earlier round first"),
        ("Baseline, Final", None, "not in Rounds"),
        ("Baseline", None, "not two rounds"),
        ("Baseline, Baseline", None, "earlier round first"),
    ],
)
def test_the_compared_rounds_setting(text, expected, problem):
    chosen, why = compared_rounds(text, ("Baseline", "Midline", "Endline"))
    assert chosen == expected and (problem in why if problem else why == "")


def test_a_bad_compared_rounds_value_is_named_at_its_cell_and_the_default_used():
    settings_read, issues = read_settings([("Compared rounds", "Endline, Baseline", "B12")])
    assert settings_read.compared_rounds is None
    assert [(i.rule, i.cell) for i in issues] == [("unknown-choice", "B12")]
    assert "First to last is used" in issues[0].message
    fixed, none = read_settings([("Rounds", "Pre, Post", "B8"), ("Compared rounds", "pre, post", "B12")])
    assert fixed.compared_rounds == ("Pre", "Post") and none == []
    missing, none = read_settings([])
    assert missing.compared_rounds is None and none == [], "an earlier workbook without the row keeps today's behaviour"


def test_a_workbook_without_the_setting_refreshes_first_to_last_and_a_fixed_setting_is_honoured(tmp_path):
    """An earlier workbook has no Compared rounds row: it refreshes as before (first to last); typing Baseline, Endline narrows n."""
    book = build_workbook(tmp_path / "demo.xlsx", demo_rows(), SETTINGS)
    wb = openpyxl.load_workbook(book)
    sheet = wb["Settings"]
    (row,) = [r[0].row for r in sheet.iter_rows() if r[0].value == "Compared rounds"]
    sheet.delete_rows(row)
    wb.save(tmp_path / "earlier.xlsx")
    earlier = refresh(tmp_path / "earlier.xlsx", tmp_path / "earlier-out.xlsx").run.results
    assert earlier.method.compared is None and earlier.method.n == 18
    assert dict(earlier.method.mix) == {"Baseline→Endline": 16, "Baseline→Midline": 1, "Midline→Endline": 1}

    wb = openpyxl.load_workbook(tmp_path / "earlier.xlsx")
    sheet = wb["Settings"]
    sheet.append(["Compared rounds", "Baseline, Endline"])
    wb.save(tmp_path / "fixed.xlsx")
    fixed = refresh(tmp_path / "fixed.xlsx", tmp_path / "fixed-out.xlsx").run.results
    assert fixed.method.compared == ("Baseline", "Endline") and fixed.method.n == 16
    assert fixed.method.mix == (("Baseline→Endline", 16),) and fixed.method.exits_left_out == 1
    shown = openpyxl.load_workbook(tmp_path / "fixed-out.xlsx", read_only=True)
    header, *rows = shown["Member Results"].iter_rows(values_only=True)
    compared = {r[header.index("Compared")] for r in rows if r[0] == "M16" and r[header.index("Rater")] == "Self"}
    assert compared == {"no Endline score: left out; left 31 Jul 2026"}
