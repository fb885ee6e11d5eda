"""The reports' programme sections: the member's cascades, actions, teams and agreements; the team's totals,
coaches, teams and agreements within the consent rules; commitment and change with its n, caution and scatter."""

from __future__ import annotations

import datetime as dt
import zipfile

import xl_tracker
from xl_tracker.pipeline import run_tracker
from xl_tracker.reports.context.member import member_reports
from xl_tracker.reports.context.programme import UNKNOWN_OWNERS, WHOLE_CHMT
from xl_tracker.reports.context.team import team_report
from xl_tracker.reports.context.view import RunView

from test_checks_support import build
from test_results_commitment import worked_rows
from test_results_programme import AS_OF, fixture_rows

D = dt.date


def runs(tmp_path, rows=None, settings=None):
    return run_tracker(build(tmp_path, rows or fixture_rows(), {**AS_OF, **(settings or {})}))


def test_the_member_report_lists_the_member_s_cascades_actions_teams_and_agreements(tmp_path):
    run = runs(tmp_path)
    m01 = next(r for r in member_reports(run) if r.member.id == "M01").programme
    assert [(c.date, c.audience, c.people, c.tool) for c in m01.cascades] == [("2 May 2026", "Facility in-charges", "12", "Fishbone analysis")]
    assert [(a.action, a.status, a.done) for a in m01.actions] == [("Share the stock report", "Done", "25 Apr 2026"), ("Call the partner", "Open", "")]
    assert (m01.actions_due, m01.actions_done, m01.actions_overdue) == ("2", "1", "1"), "the Engagement figures"
    assert (m01.next_session, m01.next_session_overdue) == ("1 May 2026", "167")
    assert [t.id for t in m01.teams] == ["TT01", "CC01"]
    assert [(g.text, g.owners) for g in m01.agreements] == [("Accountability", WHOLE_CHMT)]
    m02 = next(r for r in member_reports(run) if r.member.id == "M02").programme
    assert [g.text for g in m02.agreements] == ["M02 approves requisitions in 5 days", "Accountability"], "held first, then the CHMT's"
    assert m01.sentence == "1 cascade reaching 12 people; 1 of 2 actions due done, 1 overdue; the next session agreed for 1 May 2026 is 167 days overdue."


def test_the_team_report_names_an_agreement_s_owner_only_with_the_setting_and_consent(tmp_path):
    rows = fixture_rows()
    rows["Members"][1]["Consent to named reporting"] = "No"
    hidden = team_report(RunView(runs(tmp_path, rows))).programme
    assert [g.owners for g in hidden.agreements] == [WHOLE_CHMT, "1 other member"]
    assert "Otieno" not in str(hidden)
    rows["Members"][1]["Consent to named reporting"] = "Yes"
    named = team_report(RunView(runs(tmp_path, rows, {"Name members in team report": "Yes"}))).programme
    assert [g.owners for g in named.agreements] == [WHOLE_CHMT, "Otieno Barasa"]


def test_the_team_report_s_programme_figures_are_the_results(tmp_path):
    run = runs(tmp_path)
    programme = team_report(RunView(run)).programme
    totals = run.results.programme
    assert (programme.cascades, programme.people_reached, programme.actions_overdue) == (
        str(totals.cascades), str(totals.people_reached), str(totals.actions_overdue))
    assert [(c.coach, c.members, c.members_overdue) for c in programme.coaches] == [("Alice", "2", "2"), ("Ben", "1", "1")]
    assert not any("M0" in value for c in programme.coaches for value in vars(c).values()), "no member in the coaches' table"
    assert [t.id for t in programme.teams] == ["TT01", "CC01"]


def test_an_agreement_whose_owners_are_in_error_is_not_put_on_the_whole_chmt(tmp_path):
    rows = fixture_rows()
    rows["Team agreements"][1]["Owners"] = "M02; M21"
    run = runs(tmp_path, rows)
    assert [g.owners for g in team_report(RunView(run)).programme.agreements] == [WHOLE_CHMT, UNKNOWN_OWNERS]
    m02 = next(r for r in member_reports(run) if r.member.id == "M02").programme
    assert [g.text for g in m02.agreements] == ["Accountability"]


def test_commitment_and_change_in_the_team_report(tmp_path):
    """The worked example of docs/results.md: the finding, n, caution and the scatter's points are the results'."""
    path = build(tmp_path, worked_rows(), {**AS_OF, "Minimum strengths": 0})
    run = run_tracker(path)
    report = team_report(RunView(run))
    summary = run.results.commitment
    assert (report.commitment.finding, report.commitment.n, report.commitment.rho) == (summary.finding, "5", "0.9")
    assert "association, not cause" in report.commitment.caution
    assert report.commitment_chart.x == (0.0, 0.25, 0.625, 0.75, 1.0) and report.commitment_chart.y == (0.5, 0.0, 1.0, 1.5, 2.0)
    out = tmp_path / "reports"
    xl_tracker.generate_reports(path, out)
    with zipfile.ZipFile(out / "Team_progress_report.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
        charts = {n: z.read(n) for n in z.namelist() if n.startswith("word/charts/")}
    assert "Commitment and change" in body and "0.90 (n = 5)" in body and "association, not cause" in body
    [scatter] = [part for part in charts.values() if b"<c:scatterChart>" in part]
    assert scatter.count(b"<c:pt ") == 10, "five members, an x and a y each"


def test_the_team_report_says_what_the_coaches_figures_count_when_a_member_left(tmp_path):
    """Members counts those still in the programme, the actions count the members who left too: the demo's 9 + 8 members
    of 18 beside actions that include M16's. The note says so, naming the member only where they may be named."""
    rows = fixture_rows()
    rows["Members"][0]["Exit date"] = D(2026, 9, 30)
    run = runs(tmp_path, rows)
    programme = team_report(RunView(run)).programme
    assert [(c.coach, c.members, c.left, c.actions_due) for c in programme.coaches] == [("Alice", "1", "1", "2"), ("Ben", "1", "0", "0")]
    assert programme.coaches_note == ("Members counts each coach's members still in the programme; actions due, done and "
                                      "overdue also count those of the 1 member who left.")
    rows["Members"][0]["Consent to named reporting"] = "Yes"
    named = team_report(RunView(runs(tmp_path, rows, {"Name members in team report": "Yes"}))).programme
    assert named.coaches_note.endswith("those of the 1 member who left (M01).")
    assert team_report(RunView(runs(tmp_path))).programme.coaches_note == "", "nobody left: nothing to say"


def test_the_demo_team_report_prints_the_coaches_note_under_their_table(tmp_path):
    import docx

    from xl_tracker.demo import build_demo_workbook

    out = tmp_path / "reports"
    xl_tracker.generate_reports(build_demo_workbook(tmp_path / "demo.xlsx"), out)
    document = docx.Document(out / "Team_progress_report.docx")
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Coach")
    assert sum(int(r.cells[1].text) for r in table.rows[1:]) == 17, "M16 left: 9 + 8 of 18"
    after = table._tbl.getnext()
    texts = []
    while after is not None and len(texts) < 2:
        texts.append("".join(t.text or "" for t in after.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")))
        after = after.getnext()
    assert "Members counts each coach's members still in the programme; actions due, done and overdue also count those of the 1 member who left" in " ".join(texts)
