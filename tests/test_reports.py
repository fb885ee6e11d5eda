"""Word reports read back with python-docx (and the zip's own XML): numbers equal the results, privacy, escaping.

The workbook is the demo's data with a few rows made hostile: a name with
``&``, ``<``, ``>`` and quotes, workbook text that looks like Jinja tags, a
member who did not consent and whose name is typed into an initiative title.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from xl_tracker.contract import ENGAGEMENT, INITIATIVE_RESULTS, MEMBER_RESULTS, TEAM_RESULTS
from xl_tracker.demo_data import SETTINGS, demo_rows
from xl_tracker.pipeline import run_tracker
from xl_tracker.reports.generate import TEAM_FILENAME, write_reports
from xl_tracker.template import build_workbook

SPECIAL_NAME = 'Peter "PJ" Wafula & Sons <CEO> O\'Neil'
TAG_TEXT = "{{ 7*7 }} and {% if true %}yes{% endif %} and {{ member.name }}"
HIDDEN_ID = "M03"

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _rows(name_members: str) -> tuple[dict, dict]:
    rows = demo_rows()
    for m in rows["Members"]:
        if m["Member ID"] == "M02":
            m["Full name"] = SPECIAL_NAME
            m["Consent to named reporting"] = True
        if m["Member ID"] == HIDDEN_ID:
            m["Consent to named reporting"] = False
    rows["Strengths"].append({"Member ID": "M02", "Strength": TAG_TEXT})
    hidden_name = next(m["Full name"] for m in rows["Members"] if m["Member ID"] == HIDDEN_ID)
    first = next(i for i in rows["Initiatives"] if i["Owner"] != HIDDEN_ID)
    first["Title"] = f"Support {hidden_name}'s stock-out plan"
    settings = {**SETTINGS, "Name members in team report": name_members}
    return rows, settings


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    """Reports of a workbook whose Settings name consenting members in the team report."""
    folder = tmp_path_factory.mktemp("named")
    rows, settings = _rows("Yes")
    book = build_workbook(folder / "book.xlsx", rows, settings)
    run = run_tracker(book)
    reports = write_reports(run, folder / "out", workers=1)
    return run, reports, rows


@pytest.fixture(scope="module")
def anonymous(tmp_path_factory):
    folder = tmp_path_factory.mktemp("anon")
    rows, settings = _rows("No")
    book = build_workbook(folder / "book.xlsx", rows, settings)
    run = run_tracker(book)
    reports = write_reports(run, folder / "out", workers=1)
    return run, reports, rows


# --- reading the reports back ---------------------------------------------------


def all_text(path: Path) -> str:
    """Every text node of every XML part (body, headers, footers, charts, properties), straight from the zip."""
    texts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                root = etree.fromstring(z.read(name))
                texts.extend(t for t in root.itertext())
    return "\n".join(texts)


def tables_after(doc, header_start: list[str]) -> list[list[list[str]]]:
    """Tables whose header row starts with ``header_start``, as rows of cell texts (header excluded)."""
    found = []
    for table in doc.tables:
        head = [c.text.strip() for c in table.rows[0].cells]
        if head[: len(header_start)] == header_start:
            found.append([[c.text.strip() for c in row.cells] for row in table.rows[1:]])
    return found


def first_number(text: str) -> float | None:
    m = re.search(r"[-+]?\d+(?:\.\d+)?", text)
    return float(m.group(0)) if m else None


def assert_score(text: str, value) -> None:
    """A score shown with 2 decimals is the result rounded; a blank result shows as a dash."""
    if value is None or value != value:
        assert text.startswith("–"), text
        return
    shown = first_number(text)
    assert shown is not None, text
    assert abs(shown - float(value)) <= 0.005 + 1e-9, (text, value)


def assert_percent(text: str, fraction) -> None:
    if fraction is None or fraction != fraction:
        assert text.startswith("–"), text
        return
    shown = first_number(text)
    assert text.endswith("%"), text
    decimals = len(text.rstrip("%").split(".")[1]) if "." in text else 0
    assert abs(shown - float(fraction) * 100) <= 0.5 * 10 ** -decimals + 1e-9, (text, fraction)


def own_rows(run):
    """The Rater for results' Member Results rows: the ones the reports' score tables print (other raters are side by side)."""
    rows = run.results.member_results
    return rows[rows["rater"] == run.results.method.rater]


def member_path(reports, member_id: str) -> Path:
    return next(p for p in reports.member_reports if p.name.startswith(member_id + "_"))


# --- numbers ------------------------------------------------------------------------


def test_every_member_indicator_row_equals_the_member_results(named):
    run, reports, _ = named
    assert list(run.results.member_results.columns) == list(MEMBER_RESULTS.keys)
    results = own_rows(run)
    checked = 0
    for member_id in results["member_id"].unique():
        doc = docx.Document(member_path(reports, member_id))
        (table,) = tables_after(doc, ["Indicator", "Baseline", "Latest", "Change"])
        rows = {re.search(r"\(([^()]+)\)$", r[0]).group(1): r for r in table}
        for _, expected in results[results["member_id"] == member_id].iterrows():
            cells = rows[expected["indicator_code"]]
            assert_score(cells[1], expected["baseline"])
            assert expected["baseline_round"] in cells[1]
            assert_score(cells[2], expected["latest"])
            assert_score(cells[3], expected["change"])
            assert_percent(cells[4], expected["pct_change"])
            assert_percent(cells[5], expected["pomp_change"])
            checked += 1
    assert checked == len(results) > 0


def test_member_chart_holds_the_exact_baseline_and_latest_scores(named):
    run, reports, _ = named
    results = own_rows(run)
    member_id = "M01"
    with zipfile.ZipFile(member_path(reports, member_id)) as z:
        chart = etree.fromstring(z.read("word/charts/xlchart1.xml"))
        assert "word/charts/xlchart1.xml" in z.read("[Content_Types].xml").decode()
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    series = chart.findall(".//c:ser", ns)
    assert [s.find("c:tx/c:v", ns).text for s in series] == ["Baseline", "Latest"]
    cats = [v.text for v in series[0].findall("c:cat//c:pt/c:v", ns)]
    mine = results[results["member_id"] == member_id].set_index("indicator_code")
    for s, column in zip(series, ("baseline", "latest")):
        points = {int(p.get("idx")): float(p.find("c:v", ns).text) for p in s.findall("c:val//c:pt", ns)}
        for idx, code in enumerate(cats):
            expected = mine[column].get(code)
            if expected is None or expected != expected:
                assert idx not in points
            else:
                assert points[idx] == float(expected)


def test_measures_and_engagement_in_a_member_report_equal_the_results(named):
    run, reports, _ = named
    initiative_results = run.results.initiative_results
    assert list(initiative_results.columns) == list(INITIATIVE_RESULTS.keys)
    engagement = run.results.engagement.set_index("member_id")
    assert list(run.results.engagement.columns) == list(ENGAGEMENT.keys)
    member_id = "M01"
    doc = docx.Document(member_path(reports, member_id))
    measure_rows = [row for table in tables_after(doc, ["Kind", "Measure", "Baseline", "Target"]) for row in table]
    owned = initiative_results[initiative_results["owner"] == member_id]
    assert len(owned) > 0
    by_measure = {(r[0], r[1].split(" (")[0]): r for r in measure_rows}
    for _, expected in owned.iterrows():
        cells = by_measure[(expected["kind"], expected["measure"])]
        assert first_number(cells[2]) == pytest.approx(float(expected["baseline"]), abs=0.005)
        assert first_number(cells[3]) == pytest.approx(float(expected["target"]), abs=0.005)
        assert_score(cells[4], expected["latest"]) if expected["latest"] == expected["latest"] else None
        progress, _, expected_by_then = cells[5].partition(" (expected ")
        assert_percent(progress, expected["progress"])
        assert_percent(expected_by_then.rstrip(")") or "–", expected["expected"])
        assert cells[6] == expected["measure_status"] + (f": {expected['flag']}" if expected["flag"] else "")
    text = "\n".join(p.text for p in doc.paragraphs)
    e = engagement.loc[member_id]
    assert f"One-on-one sessions attended: {int(e['one_on_one'])}." in text
    assert f"Group sessions attended: {int(e['group'])}." in text
    assert f"({int(e['days_since'])} days before" in text


def test_team_tables_and_headline_equal_the_team_results(named):
    run, reports, _ = named
    team = run.results.team_results
    assert list(team.columns) == list(TEAM_RESULTS.keys)
    doc = docx.Document(reports.team_report)
    figure = next(p.text for p in doc.paragraphs if p.style.name == "Headline Figure")
    assert_percent(figure, run.results.headline)
    (means,) = tables_after(doc, ["Indicator", "n", "Baseline mean"])
    (counts,) = tables_after(doc, ["Indicator", "Improved", "Unchanged", "Declined"])
    indicator_rows = team[(team["indicator_code"] != "ALL") & (team["rater"] == run.results.method.rater)]
    assert len(means) == len(counts) == len(indicator_rows)
    for cells, count_cells, (_, expected) in zip(means, counts, indicator_rows.iterrows()):
        assert cells[0].endswith(f"({expected['indicator_code']})")
        assert int(cells[1]) == int(expected["members"])
        assert_score(cells[2], expected["baseline_mean"])
        assert_score(cells[3], expected["latest_mean"])
        assert_score(cells[4], expected["change"])
        assert_percent(cells[5], expected["pct_change_of_means"])
        assert_percent(cells[6], expected["pct_mean_of_changes"])
        assert_score(cells[7], expected["median_change"])
        assert [int(c) for c in count_cells[1:]] == [int(expected[k]) for k in ("improved", "unchanged", "declined")]
    text = all_text(reports.team_report)
    assert f"n = {run.results.method.n} members" in text


def test_initiative_statuses_are_the_same_counts_on_the_dashboard_and_in_both_reports(named):
    from xl_tracker.outputs.sheets import dashboard_sheet

    run, reports, _ = named
    statuses = run.results.initiative_statuses
    expected = [(status, str(recorded), str(computed)) for status, recorded, computed in statuses.team.rows()]
    assert any(r != c for _, r, c in expected), "the demo's two statuses differ somewhere"
    doc = docx.Document(reports.team_report)
    (table,) = tables_after(doc, ["Status", "Initiatives (recorded Status)", "Initiatives (computed status)"])
    assert [tuple(row) for row in table] == expected
    dashboard = dashboard_sheet(run).rows
    header = next(n for n, row in enumerate(dashboard) if row[1:] == ("Initiatives (recorded Status)", "Initiatives (computed status)"))
    assert dashboard[header][0] == "Status"
    assert any(isinstance(r[0], str) and r[0].startswith(f"Change initiatives ({statuses.team.total}): recorded is") for r in dashboard)
    assert [(r[0], str(r[1]), str(r[2])) for r in dashboard[header + 1: header + 1 + len(expected)]] == expected
    assert f"status {statuses.team.in_words()}" in all_text(reports.team_report)
    member = all_text(member_path(reports, "M01"))
    assert f"(status {statuses.of_owner('M01').in_words()})" in member
    (portfolio,) = tables_after(doc, ["Initiative", "Department", "Recorded status", "Computed status"])
    contradicting = 0
    for row in portfolio:
        record = statuses.of(row[0].split(" ")[0])
        assert row[2] == (record.recorded or "–") and row[3].startswith(record.computed)
        assert (record.contradiction in row[3]) if record.contradicts else ":" not in row[3]
        contradicting += record.contradicts
    assert contradicting == statuses.team.contradictions > 0


def _comparison(doc, run):
    """The member comparison table: label -> {indicator code: cell text}."""
    codes = [c for c in run.results.member_results["indicator_code"].unique()]
    (rows,) = tables_after(doc, ["Member", *codes])
    return {cells[0]: dict(zip(codes, cells[1:])) for cells in rows}, codes


def _cell_figures(text: str) -> tuple[str, str, str]:
    """'+1.20  (1.20→2.40)' -> ('+1.20', '1.20', '2.40')."""
    change, rest = text.split("(", 1)
    baseline, latest = rest.rstrip(")").split("→")
    return change.strip(), baseline.strip(), latest.strip()


def test_member_comparison_in_the_team_report_is_the_member_results(named):
    """One row per member with a latest score, one cell per indicator: change, baseline and latest as on Member Results."""
    run, reports, _ = named
    results = own_rows(run)
    doc = docx.Document(reports.team_report)
    table, codes = _comparison(doc, run)
    with_latest = results[results["latest"].notna()]
    assert len(table) == with_latest["member_id"].nunique()
    anonymous = []
    for label, cells in table.items():
        if label.startswith("Member "):
            anonymous.append(tuple(_cell_figures(cells[c])[0] for c in codes))
            continue
        for code in codes:
            expected = results[(results["full_name"] == label) & (results["indicator_code"] == code)].iloc[0]
            change, baseline, latest = _cell_figures(cells[code])
            assert_score(change, expected["change"])
            assert_score(baseline, expected["baseline"])
            assert_score(latest, expected["latest"])
    hidden = with_latest[~with_latest["full_name"].isin(set(table))]["member_id"].unique()
    expected_rows = sorted(
        tuple(f"{v:+.2f}" for v in results[results["member_id"] == m].set_index("indicator_code").loc[codes, "change"]) for m in hidden
    )
    assert sorted(anonymous) == expected_rows


# --- privacy --------------------------------------------------------------------------


def test_team_report_names_only_consenting_members_when_settings_allow(named):
    run, reports, rows = named
    text = all_text(reports.team_report)
    members = rows["Members"]
    hidden = [m for m in members if not m["Consent to named reporting"]]
    shown = [m for m in members if m["Consent to named reporting"]]
    assert hidden and shown
    for m in hidden:
        assert m["Full name"] not in text, m["Full name"]
        assert not re.search(rf"\b{m['Member ID']}\b", text), m["Member ID"]
    assert SPECIAL_NAME in text
    assert "a CHMT member's stock-out plan" in text


def test_team_report_names_nobody_when_settings_say_no(anonymous):
    run, reports, rows = anonymous
    text = all_text(reports.team_report)
    for m in rows["Members"]:
        assert m["Full name"] not in text, m["Full name"]
        surname = m["Full name"].split()[-1]
        assert not re.search(rf"\b{re.escape(surname)}\b", text), surname
    for member_id in run.results.member_results["member_id"].unique():
        assert not re.search(rf"\b{member_id}\b", text), member_id
    doc = docx.Document(reports.team_report)
    table, _ = _comparison(doc, run)
    assert table and all(re.fullmatch(r"Member [A-Z]+", label) for label in table)


def test_a_member_report_holds_that_member_only_scores(named):
    run, reports, _ = named
    text = all_text(member_path(reports, "M04"))
    others = run.results.member_results[run.results.member_results["member_id"] != "M04"]
    assert "Progress report: " + run.results.member_results.set_index("member_id").loc["M04", "full_name"].iloc[0] in text
    assert "Progress report: Dr. Grace Wanjala" not in text
    assert len(others) > 0


# --- special characters ---------------------------------------------------------------


def test_special_characters_render_as_typed_and_tags_in_data_do_not_execute(named):
    run, reports, _ = named
    path = member_path(reports, "M02")
    doc = docx.Document(path)
    title = next(p.text for p in doc.paragraphs if p.style.name == "Title")
    assert title == f"Progress report: {SPECIAL_NAME}"
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert TAG_TEXT in bullets
    assert "49" not in "".join(bullets)
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode()
    etree.fromstring(body.encode())
    assert "&lt;CEO&gt;" in body and "<CEO>" not in body


def test_reports_are_valid_word_packages(named):
    _, reports, _ = named
    for path in reports.files:
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
            names = z.namelist()
            assert names[0] == "[Content_Types].xml"
            for name in names:
                if name.endswith(".xml") or name.endswith(".rels"):
                    etree.fromstring(z.read(name))
        doc = docx.Document(path)
        assert doc.sections[0].header.paragraphs[0].text.startswith("Bungoma")
        footer = etree.tostring(doc.sections[0].footer._element).decode()
        assert 'w:instr=" PAGE "' in footer
    assert reports.team_report.name == TEAM_FILENAME
    assert len(reports.member_reports) == 18


def test_a_messy_workbook_still_gets_readable_reports(tmp_path):
    """Errors, a 0-10 scale, a member without a name, an unknown owner, text in odd places: reports, no traceback."""
    import datetime as dt

    from xl_tracker.contract import default_indicator_rows

    items = [r["Item code"] for r in default_indicator_rows()]
    rows = {
        "Members": [
            {"Member ID": "M01", "Full name": "Ama Mensah", "Department": "Nursing", "Consent to named reporting": "Yes"},
            {"Member ID": "M02", "Full name": "", "Department": "Pharmacy"},
            {"Member ID": "M04", "Full name": "Tabitha\tKoech", "Department": "", "Consent to named reporting": "No"},
        ],
        "Assessments": [
            {"Member ID": "M01", "Round": "Baseline", "Date": dt.date(2026, 3, 1), **{c: 4 for c in items}},
            {"Member ID": "m01", "Round": "Endline", "Date": dt.date(2026, 9, 1), **{c: 7 for c in items}},
            {"Member ID": "M04", "Round": "Endline", "Date": dt.date(2026, 9, 1), **{c: 6 for c in items}},
        ],
        "Initiatives": [
            {"Initiative ID": "I01", "Owner": "M01", "Title": "Cut <stock-outs> & delays", "Start date": dt.date(2026, 3, 1),
             "End date": dt.date(2026, 12, 1), "Task team": "M04; m01", "Status": "on track"},
            {"Initiative ID": "I02", "Owner": "M99", "Title": "Orphan", "Start date": dt.date(2026, 3, 1), "End date": dt.date(2026, 1, 1)},
        ],
        "Measures": [
            {"Measure ID": "I01-A", "Initiative ID": "I01", "Kind": "Leading", "Measure": "Orders placed on time", "Better when": "Higher", "Baseline": 5, "Target": 5},
        ],
        "Offers & Requests": [
            {"ID": "OR1", "Date": dt.date(2026, 4, 1), "From": "M01", "To": "M04", "Type": "Offer", "Description": "Share the stock sheet"},
        ],
    }
    settings = {"Scale minimum": 0, "Scale maximum": 10, "Name members in team report": "Yes", "As-of date": dt.date(2026, 10, 1)}
    book = build_workbook(tmp_path / "messy.xlsx", rows, settings)
    run = run_tracker(book)
    assert run.error_count > 0
    reports = write_reports(run, tmp_path / "out", workers=1)
    assert len(reports.member_reports) == 3
    ama = member_path(reports, "M01")
    text = all_text(ama)
    assert "Cut <stock-outs> & delays" in text
    assert "You offer" in text and "Share the stock sheet" in text
    with zipfile.ZipFile(ama) as z:
        chart = z.read("word/charts/xlchart1.xml").decode()
    assert '<c:max val="10.0"/>' in chart and '<c:majorUnit val="2.0"/>' in chart
    team = all_text(reports.team_report)
    assert "Ama Mensah" in team
    assert "Tabitha" not in team and "Koech" not in team
    assert "Annex: data quality" in team and "target-equals-baseline" in team


def test_overlaps_are_said_in_plain_words_with_the_other_initiatives_title_and_owner(named):
    run, reports, _ = named
    overlaps = run.overlaps
    names = run.results.member_results.drop_duplicates("member_id").set_index("member_id")["full_name"]
    titles = run.checks.usable["Initiatives"].set_index("Initiative ID")["Title"]
    pairs = overlaps[~overlaps["offer_match"]]
    pairs = pairs[pairs["owner_a"] != pairs["owner_b"]]
    assert len(pairs) > 0
    row = pairs.sort_values("score", ascending=False).iloc[0]
    doc = docx.Document(member_path(reports, row["owner_a"]))
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet" and p.text.startswith("Your ")]
    expected = (f"Your {row['initiative_a']} \u201c{titles[row['initiative_a']]}\u201d and {row['initiative_b']} "
                f"\u201c{titles[row['initiative_b']]}\u201d, led by {names[row['owner_b']]} ({row['department_b']}), have ")
    assert any(b.startswith(expected) and b.endswith(" with them.") for b in bullets), (expected, bullets)


def test_the_demo_member_who_made_an_offer_is_never_told_to_take_it_up(tmp_path):
    """Issue 12: M07's report told her to take up her own offer, in the third person."""
    from xl_tracker.demo import build_demo_workbook

    run = run_tracker(build_demo_workbook(tmp_path / "demo.xlsx"))
    offers = run.overlaps[run.overlaps["offer_match"]]
    mine = offers[offers["owner_b"] == "M07"]
    assert len(mine) == 1 and (offers["owner_a"] != "M07").all(), "the demo: M07 offers, M12 asks"
    reports = write_reports(run, tmp_path / "out", members=["M07", "M12"], workers=1)
    ruth = docx.Document(member_path(reports, "M07"))
    text = "\n".join(p.text for p in ruth.paragraphs)
    assert "take up" not in text.lower()
    assert "Ruth Khisa's" not in text and "Ruth Khisa leads" not in text and "Ruth Khisa attended" not in text
    offer_line = next(p.text for p in ruth.paragraphs if p.text.startswith("Your offer "))
    assert "(OR01) answers the request of Samuel Makokha (Planning and M&E)" in offer_line, offer_line
    assert offer_line.endswith("contact them to offer your help."), offer_line
    summary = ruth.paragraphs[[p.text for p in ruth.paragraphs].index("Summary") + 1].text
    assert summary.startswith("Between Baseline and Endline, your scores") and "You lead 2 change initiatives" in summary, summary
    # the member who asked is the one told to take the offer up
    samuel = "\n".join(p.text for p in docx.Document(member_path(reports, "M12")).paragraphs)
    assert "which answers your request" in samuel and "contact them to take up the offer." in samuel


def test_hidden_names_in_free_text_are_replaced_whatever_the_punctuation():
    from xl_tracker.reports.context import StatusCount, scrub_names

    texts = ["Dr Grace  Wanjala's plan", "DR. GRACE WANJALA", "gracewanjala", "Grace Wanjalas", "Al and Alice"]
    assert scrub_names(texts, ["Dr. Grace Wanjala", "Al"]) == [
        "a CHMT member's plan", "a CHMT member", "gracewanjala", "Grace Wanjalas", "Al and Alice",
    ]
    assert scrub_names([StatusCount("On track for Grace Wanjala", "1", "2")], ["Grace Wanjala"]) == [
        StatusCount("On track for a CHMT member", "1", "2")
    ]


def test_self_and_coach_side_by_side_equal_the_member_and_team_results(named):
    run, reports, _ = named
    rows = run.results.member_results
    coach = rows[(rows["rater"] == "Coach") & (rows["member_id"] == "M01")]
    own = own_rows(run)
    doc = docx.Document(member_path(reports, "M01"))
    (table,) = tables_after(doc, ["Indicator", f"{run.results.method.rater} rating", "Other rater", "Gap"])
    by_code = {re.search(r"\(([^()]+)\)$", r[0]).group(1): r for r in table}
    assert len(coach) == len(table) > 0
    for _, expected in coach.iterrows():
        cells = by_code[expected["indicator_code"]]
        mine = own[(own["member_id"] == "M01") & (own["indicator_code"] == expected["indicator_code"])].iloc[0]
        assert_score(cells[1], mine["baseline"])
        assert cells[2].startswith("Coach: ")
        assert_score(cells[2].removeprefix("Coach: "), expected["baseline"])
        assert_score(cells[3], expected["rating_gap"])
        assert cells[3].endswith(f"({expected['latest_round'] or expected['baseline_round']})")
    team = run.results.team_results
    (by_rater,) = tables_after(docx.Document(reports.team_report), ["Indicator", "Rater", "n"])
    assert len(by_rater) == len(team)
    for cells, (_, expected) in zip(by_rater, team.iterrows()):
        assert cells[1] == expected["rater"] and int(cells[2]) == int(expected["members"])
        assert_percent(cells[5], expected["pct_change_of_means"])
    assert sum(c[0].endswith("(headline)") for c in by_rater) == 1


def test_a_member_reports_method_says_what_that_members_own_figures_compare(named):
    """The member report's method notes name the member's own rounds, raters and n, never the team's headline, n or mix."""
    run, reports, _ = named
    method = run.results.method
    own = own_rows(run)
    indicators = own["indicator_code"].nunique()
    checked = 0
    for member_id, rows in own.groupby("member_id"):
        notes = " ".join(p.text for p in docx.Document(member_path(reports, member_id)).paragraphs if p.style.name == "Report Note")
        changed = int(rows["change"].notna().sum())
        assert f"n = {method.n} members" not in notes and method.headline_sentence not in notes and method.mix_text not in notes
        if changed:
            assert f"n = {changed} of {indicators} indicators" in notes, (member_id, notes)
            for compared in rows["compared"].dropna().unique():
                assert compared in notes, (member_id, compared)
        assert f"your own {method.rater} scores" in notes or f"later {method.rater} score of yours" in notes
        checked += 1
    assert checked == own["member_id"].nunique() > 0


def test_every_date_in_the_reports_reads_one_way(named):
    """Exit dates included ('left 31 Jul 2026'): no report prints a dd/mm/yyyy or ISO date beside the '15 Oct 2026' ones."""
    run, reports, _ = named
    for path in [*reports.member_reports, reports.team_report]:
        text = all_text(path)
        assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}-\d{2}-\d{2}\b", text), (path.name, re.findall(r".{30}\d{1,2}/\d{1,2}/\d{4}", text))
    assert "left 31 Jul 2026" in all_text(member_path(reports, "M16"))
