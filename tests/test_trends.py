"""Trends (scores across rounds, run charts per measure), the team report's member comparison, and anonymous labels.

Trend figures are recomputed here from the checked inputs by a second, plain
route (item means per assessment row, then means per round) and compared with
the Trends sheet as written into the workbook and with the reports' text and
chart parts. Labels are checked against every member ID and against the
orders that would give a member away.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict

import docx
import openpyxl
import pytest
from lxml import etree

import ooxml_check as oc
from xl_tracker.contract import TRENDS
from xl_tracker.demo import run_demo
from xl_tracker.pipeline import run_tracker
from xl_tracker.reports.context.privacy import LABELS_NOTE, anonymous_labels
from xl_tracker.results.trends import MEMBER, TEAM

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    made = run_demo(tmp_path_factory.mktemp("trends") / "demo")
    run = run_tracker(made.workbook)
    return made, run


def _item_scores(run):
    """(member, indicator, round) -> score of the Settings' rater, recomputed from the usable Assessments rows."""
    settings = run.data.settings
    usable = run.checks.usable
    items: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for row in usable["Indicators"].to_dict("records"):
        weight = row.get("Weight")
        items[row["Indicator code"]].append((row["Item code"], 1.0 if weight is None or weight != weight else float(weight)))
    scores = {}
    for row in usable["Assessments"].to_dict("records"):
        member, round_, rater = row.get("Member ID"), row.get("Round"), row.get("Rater")
        if not isinstance(member, str) or not isinstance(round_, str) or str(rater).casefold() != settings.rater.casefold():
            continue
        for code, weighted in items.items():
            total = sum(w for _, w in weighted)
            answered = [(row.get(item), w) for item, w in weighted if row.get(item) is not None and row.get(item) == row.get(item)]
            share = sum(w for _, w in answered) / total
            if answered and share >= settings.min_items_answered - 1e-9:
                key = (member.strip().upper(), code, round_.strip().casefold())
                scores.setdefault(key, sum(float(v) * w for v, w in answered) / sum(w for _, w in answered))
    return scores


def _sheet_rows(path, spec):
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(book[spec.name].iter_rows(values_only=True))
    assert rows[0] == spec.headers
    return [dict(zip((c.key for c in spec.shown), r)) for r in rows[1:]]


def test_trends_sheet_holds_team_means_and_member_scores_recomputed_from_the_inputs(demo):
    made, run = demo
    scores = _item_scores(run)
    rows = _sheet_rows(made.workbook, TRENDS)
    team = [r for r in rows if r["scope"] == TEAM]
    members = [r for r in rows if r["scope"] == MEMBER]
    assert len(members) == len(scores) and len(team) == len({(i, r) for _, i, r in scores})
    for r in members:
        assert r["score"] == pytest.approx(scores[(r["member_id"].upper(), r["indicator_code"], r["round"].casefold())])
        assert r["members"] == 1
    by_round = defaultdict(list)
    for (_, code, round_), value in scores.items():
        by_round[(code, round_)].append(value)
    previous = {}
    for r in team:
        values = by_round[(r["indicator_code"], r["round"].casefold())]
        assert r["score"] == pytest.approx(sum(values) / len(values))
        assert r["members"] == len(values)
        before = previous.get(r["indicator_code"])
        assert (r["change_from_previous"] is None) == (before is None)
        if before is not None:
            assert r["change_from_previous"] == pytest.approx(r["score"] - before)
        previous[r["indicator_code"]] = r["score"]
    assert [r["round"] for r in team[:3]] == list(run.data.settings.rounds), "rounds in Rounds order"


def test_reports_print_the_same_trends(demo):
    made, run = demo
    trends = run.results.trends
    team_doc = docx.Document(next(p for p in made.reports if p.name.startswith("Team")))
    team_lines = {r.cells[0].text: r.cells[1].text for t in team_doc.tables for r in t.rows if len(r.cells) == 2}
    for code, rows in trends[trends["scope"] == TEAM].groupby("indicator_code", sort=False):
        line = next(v for k, v in team_lines.items() if k.endswith(f"({code})"))
        assert line == " → ".join(f"{r['round']} {r['score']:.2f} (n = {int(r['members'])})" for _, r in rows.iterrows())
    m01 = docx.Document(next(p for p in made.reports if p.name.startswith("M01")))
    lines = {r.cells[0].text: r.cells[1].text for t in m01.tables for r in t.rows if len(r.cells) == 2}
    own = trends[(trends["scope"] == MEMBER) & (trends["member_id"] == "M01")]
    for code, rows in own.groupby("indicator_code", sort=False):
        line = next(v for k, v in lines.items() if k.endswith(f"({code})"))
        assert line == " → ".join(f"{r['round']} {r['score']:.2f}" for _, r in rows.iterrows())


def _charts(path):
    with zipfile.ZipFile(path) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/charts/")}


def _numbers(series, tag):
    return [float(p.findtext(f"{C}v")) for p in series.find(f"{C}{tag}").iter(f"{C}pt")]


def test_each_run_chart_holds_the_measures_progress_values_by_date_and_its_expected_path(demo):
    made, run = demo
    usable = run.checks.usable
    path = next(p for p in made.reports if p.name.startswith("M01"))
    charts = [c for c in _charts(path).values() if c.find(f".//{C}scatterChart") is not None]
    mine = [i["Initiative ID"] for i in usable["Initiatives"].to_dict("records") if i["Owner"] == "M01" or "M01" in (i["Task team"] or ())]
    measures = {f"{m['Measure']} ({m['Unit']})": m for m in usable["Measures"].to_dict("records") if m["Initiative ID"] in mine}
    assert len(charts) == len(measures) >= 2
    progress = usable["Progress"]
    for chart in charts:
        measure = measures["".join(chart.find(f"{C}chart/{C}title").itertext())]
        rows = progress[progress["Measure ID"] == measure["Measure ID"]].sort_values("Date", kind="stable")
        rows = rows[rows["Value"].notna() & rows["Date"].notna()]
        series = chart.findall(f".//{C}ser")
        names = [s.findtext(f"{C}tx/{C}v") for s in series]
        assert names == ["Value", "Expected", "Target", "Baseline"]
        assert _numbers(series[0], "yVal") == pytest.approx(list(rows["Value"].astype(float)))
        assert _numbers(series[1], "yVal") == pytest.approx([float(measure["Baseline"]), float(measure["Target"])])
        assert _numbers(series[2], "yVal") == pytest.approx([float(measure["Target"])] * 2)


def test_trend_dot_and_run_charts_are_valid_against_the_chart_schema(demo):
    made, _ = demo
    for path in (next(p for p in made.reports if p.name.startswith(s)) for s in ("Team", "M01")):
        package = oc.Package.read(path)
        parts = [p for p in package.parts if p.startswith("word/charts/")]
        kinds = {etree.QName(e).localname for p in parts for e in etree.fromstring(package.parts[p]).iter() if etree.QName(e).localname.endswith("Chart")}
        assert {"barChart", "lineChart"} <= kinds
        report = oc.validate_parts(package, parts)
        assert report.problems == [] and set(report.validated) == set(parts)


# --- anonymous labels ---------------------------------------------------------------------------


def test_labels_skip_letters_that_are_member_ids_and_do_not_depend_on_the_order_given():
    ids = ["A", "b", "M01", "Member C", "D"]
    labels = anonymous_labels(ids, b"seed")
    codes = {label.removeprefix("Member ") for label in labels.values()}
    assert len(set(labels.values())) == len(ids)
    assert not codes & {"A", "B", "C", "D"}, "a letter that is someone's ID, or a label that is, is skipped"
    assert anonymous_labels(list(reversed(ids)), b"seed") == labels
    assert len({tuple(anonymous_labels(ids, bytes([n])).items()) for n in range(20)}) > 1, "the seed deals the letters"


def test_labels_run_past_z():
    labels = anonymous_labels([f"M{n:03d}" for n in range(30)], b"x")
    assert sorted(labels.values(), key=lambda v: (len(v), v))[-4:] == ["Member AA", "Member AB", "Member AC", "Member AD"]


def _rank_order(values):
    return [sorted(values).index(v) for v in values]


def test_team_report_labels_follow_neither_ids_nor_scores_and_say_how_they_were_given(demo):
    made, run = demo
    path = next(p for p in made.reports if p.name.startswith("Team"))
    doc = docx.Document(path)
    codes = list(run.results.member_results["indicator_code"].unique())
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["Member", *codes])
    labels = [r.cells[0].text for r in table.rows[1:]]
    ids = {str(i).casefold() for i in run.results.member_results["member_id"]}
    anonymous = [label for label in labels if label.startswith("Member ")]
    assert anonymous and all(re.fullmatch(r"Member [A-Z]+", label) for label in anonymous)
    assert not {label.removeprefix("Member ").casefold() for label in anonymous} & ids
    assert not any(re.search(r"\d", label) for label in anonymous), "no number that reads as an ID"
    assert anonymous == sorted(anonymous, key=lambda v: (len(v), v)), "rows listed by label"

    # which member is which label: the labels' order must not be the order of IDs, nor of any score
    from xl_tracker.reports.context.team import _labels
    from xl_tracker.reports.context.view import RunView

    view = RunView(run)
    given = _labels(view, set())
    assert [given[k] for k in sorted(given)] != sorted(given.values(), key=lambda v: (len(v), v)), "not in ID order"
    results = run.results.member_results
    compared = results[results["latest"].notna()]
    for key in ("baseline", "latest", "change"):
        by_member = compared.groupby("member_id")[key].mean()
        ranked = sorted(by_member.index, key=lambda m: by_member[m])
        letters = [given[m.casefold()] for m in ranked]
        assert letters != sorted(letters, key=lambda v: (len(v), v)), key
        assert letters != sorted(letters, key=lambda v: (len(v), v), reverse=True), key
    assert LABELS_NOTE in " ".join(p.text for p in doc.paragraphs)
