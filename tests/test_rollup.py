"""``xl-tracker rollup``: county workbooks into one programme workbook.

A roll-up of one county equals that county's own results; pooled figures
are the members of the pooled counties together (checked against the
counties' own figures); Settings that differ are reported and the county
left out of the pooled figures; the programme workbook passes the package
and schema checks and LibreOffice opens it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import ooxml_check as oc
from conftest import run_soffice
from benchmarks.generate import SETTINGS as SYNTHETIC_SETTINGS
from benchmarks.generate import workbook_rows
from xl_tracker.contract import ENGAGEMENT, INITIATIVE_RESULTS, ISSUES, MEMBER_RESULTS, OFFER_MATCHES, OVERLAPS, TEAM_RESULTS
from xl_tracker.demo_data import SETTINGS, demo_rows
from xl_tracker.errors import WorkbookError
from xl_tracker.pipeline import run_tracker
from xl_tracker.rollup import rollup
from xl_tracker.rollup.learning import LEARN_FROM, PER_INITIATIVE
from xl_tracker.rollup.programme import COUNTIES, PROGRAMME_RESULTS
from xl_tracker.template import build_workbook

ROOT = Path(__file__).resolve().parent.parent


def county(folder: Path, name: str, members: int = 8, seed: int = 0, **settings) -> Path:
    """A synthetic county workbook (seeded rows) with its County and any other settings."""
    folder.mkdir(parents=True, exist_ok=True)
    return build_workbook(folder / f"{name}.xlsx", workbook_rows(members, seed=seed), {**SYNTHETIC_SETTINGS, "County": name, **settings})


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> tuple[Path, object]:
    """Three counties of different sizes and data; Siaya's Headline method differs."""
    folder = tmp_path_factory.mktemp("counties")
    county(folder, "Bungoma", 9, seed=1)
    county(folder, "Kisumu", 12, seed=2)
    county(folder, "Siaya", 7, seed=3, **{"Headline method": "Mean of changes"})
    result = rollup(folder, folder.parent / "programme.xlsx", made_at=dt.datetime(2026, 11, 30, 12, 0))
    return folder, result


def test_a_rollup_of_one_county_equals_its_own_results(tmp_path):
    path = build_workbook(tmp_path / "Bungoma.xlsx", demo_rows(), SETTINGS)
    own = run_tracker(path)
    programme = rollup(path, tmp_path / "programme.xlsx").programme
    pooled = programme.results
    assert pooled.headline == pytest.approx(own.results.headline)
    assert pooled.method == own.results.method
    assert pooled.tallies == own.results.tallies
    pd.testing.assert_frame_equal(pooled.team_results, own.results.team_results)
    members = programme.tables[MEMBER_RESULTS.name]
    assert set(members["county"]) == {"Bungoma"}
    pd.testing.assert_frame_equal(members.drop(columns="county"), own.results.member_results.reset_index(drop=True))
    row = programme.county_table.iloc[0]
    assert row["headline"] == pytest.approx(own.results.headline)
    assert row["n"] == own.results.method.n and row["pooled"] == "Yes"
    assert row["errors"] == own.error_count and row["warnings"] == own.warning_count
    issues = programme.tables[ISSUES.name]
    assert len(issues) == len(own.issues) and set(issues["file"]) == {"Bungoma.xlsx"}
    assert programme.learning.empty  # one county has no one else to learn from


def test_a_date_on_the_programme_issues_sheet_is_shown_as_the_countys_issues_sheet_shows_it(tmp_path):
    from xl_tracker import refresh

    (tmp_path / "counties").mkdir()
    path = build_workbook(tmp_path / "counties" / "Bungoma.xlsx", demo_rows(), SETTINGS)
    own = refresh(path, tmp_path / "refreshed.xlsx")
    dated = [i.value for i in own.run.issues if isinstance(i.value, dt.date)]
    assert dated  # the demo has dates out of place (a date in the future, an end before its start)
    rollup(path.parent, tmp_path / "programme.xlsx", with_report=False)

    def values(path, sheet):
        book = openpyxl.load_workbook(path)
        rows = list(book[sheet].iter_rows(min_row=2))
        column = [c.value for c in book[sheet][1]].index("Value")
        return [(r[column].value, r[column].number_format) for r in rows]

    county_values, programme_values = values(own.path, "Issues"), values(tmp_path / "programme.xlsx", "Issues")
    assert [v for v, _ in programme_values] == [v for v, _ in county_values]
    shown = [(v, f) for v, f in programme_values if isinstance(v, dt.datetime)]
    assert len(shown) == len(dated)  # openpyxl reads a date back only where the cell has a date format
    assert {f for _, f in shown} == {f for v, f in county_values if isinstance(v, dt.datetime)}


def test_every_county_table_of_a_rollup_is_the_countys_own_sheet(tmp_path):
    """Each per-county table holds the rows of the county's own sheet, from its full run (not from what the programme keeps of it)."""
    from xl_tracker.overlaps.sheets import initiative_overlaps, offer_matches

    path = build_workbook(tmp_path / "Bungoma.xlsx", demo_rows(), SETTINGS)
    own = run_tracker(path)
    programme = rollup(path, tmp_path / "programme.xlsx").programme
    sheets = {
        TEAM_RESULTS.name: own.results.team_results, INITIATIVE_RESULTS.name: own.results.initiative_results,
        OVERLAPS.name: initiative_overlaps(own.overlaps), OFFER_MATCHES.name: offer_matches(own.overlaps),
        ENGAGEMENT.name: own.results.engagement,
    }
    for name, frame in sheets.items():
        assert len(frame), f"the demo has rows on {name}"
        table = programme.tables[name]
        assert set(table["county"]) == {"Bungoma"}, name
        pd.testing.assert_frame_equal(table.drop(columns="county"), frame.reset_index(drop=True), obj=name)


def test_a_countys_run_in_a_rollup_has_its_own_figures_without_the_county_only_views(tmp_path):
    """The roll-up leaves out Trends, Coaches and the run charts (it shows none); everything it shows is the full run's."""
    from xl_tracker.pipeline import run_on_data
    from xl_tracker.reader import read_workbook

    data = read_workbook(build_workbook(tmp_path / "Bungoma.xlsx", demo_rows(), SETTINGS))
    full, lean = run_on_data(data), run_on_data(data, county_views=False)
    assert full.results.trends is not None and full.results.coaches is not None and full.results.measure_runs is not None
    for left_out in ("trends", "coaches", "measure_runs", "expected_paths", "programme"):
        assert getattr(lean.results, left_out) is None
    for shown in ("member_results", "team_results", "initiative_results", "engagement", "scores"):
        pd.testing.assert_frame_equal(getattr(lean.results, shown), getattr(full.results, shown))
    assert lean.results.method == full.results.method and lean.results.headline == full.results.headline
    assert lean.results.engagement_totals == full.results.engagement_totals
    assert lean.issues == full.issues


def test_the_county_column_names_each_row_s_own_county(three):
    """Every row of a per-county table is the county's own row, under its name (and file on Issues), in county order."""
    folder, result = three
    programme = result.programme
    for name, table in programme.tables.items():
        expected = []
        for c in programme.counties:
            own = {
                MEMBER_RESULTS.name: c.run.results.member_results, TEAM_RESULTS.name: c.run.results.team_results,
                ISSUES.name: c.run.issues,
            }.get(name)
            if own is not None:
                expected += [c.name] * len(own)
        if expected:
            assert table["county"].tolist() == expected, name
    issues = programme.tables[ISSUES.name]
    files = {c.name: c.file for c in programme.counties}
    assert [files[c] for c in issues["county"]] == issues["file"].tolist()
    assert issues["message"].tolist() == [i.message for c in programme.counties for i in c.run.issues]


def test_pooled_figures_are_the_members_of_the_pooled_counties_together(three):
    _, result = three
    programme = result.programme
    assert [c.name for c in programme.agreement.pooled] == ["Bungoma", "Kisumu"]
    own = {c.name: c.run.results for c in programme.counties}
    pooled = programme.results
    assert pooled.method.n == own["Bungoma"].method.n + own["Kisumu"].method.n
    def headline_rows(results):
        return results.team_results[results.team_results["rater"] == results.method.rater].set_index("indicator_code")

    team = headline_rows(pooled)
    for code in team.index.drop("ALL"):
        parts = [headline_rows(own[c]).loc[code] for c in ("Bungoma", "Kisumu")]
        members = sum(p["members"] for p in parts)
        assert team.loc[code, "members"] == members
        weighted = sum(p["baseline_mean"] * p["members"] for p in parts) / members
        assert team.loc[code, "baseline_mean"] == pytest.approx(weighted)
    assert pooled.method.headline_method == "Change of means"


def test_a_county_whose_settings_differ_is_reported_and_not_mixed(three):
    folder, result = three
    agreement = result.programme.agreement
    assert [c.name for c in agreement.left_out] == ["Siaya"]
    (difference,) = agreement.differences
    assert (difference.setting, difference.county_value, difference.programme_value) == ("Headline method", "Mean of changes", "Change of means")
    siaya = result.programme.county_table.set_index("county").loc["Siaya"]
    assert siaya["pooled"] == "No: its Headline method differ"
    assert siaya["headline_method"] == "Mean of changes"  # its own figure by its own method
    assert any("Siaya" in line and "left out" in line for line in result.summary())
    book = openpyxl.load_workbook(result.path, read_only=True)
    rows = list(book["Settings differ"].iter_rows(values_only=True))
    assert rows[1][:5] == ("Siaya", "Siaya.xlsx", "Headline method", "Mean of changes", "Change of means")


def test_the_programme_workbook_has_a_county_column_on_every_result_table(three):
    _, result = three
    book = openpyxl.load_workbook(result.path, read_only=True)
    assert book.sheetnames == [
        "Programme", "Counties", "Programme Results", "Learn from", "Settings differ", "Team Results", "Member Results",
        "Initiative Results", "Overlaps", "Offer matches", "Engagement", "Issues", "About",
    ]
    for name in ("Team Results", "Member Results", "Initiative Results", "Overlaps", "Offer matches", "Engagement", "Issues"):
        header = next(book[name].iter_rows(max_row=1, values_only=True))
        assert header[0] == "County", name
    assert next(book["Issues"].iter_rows(max_row=1, values_only=True))[:2] == ("County", "File")
    assert next(book["Member Results"].iter_rows(max_row=1, values_only=True))[1:] == MEMBER_RESULTS.headers
    assert next(book["Programme Results"].iter_rows(max_row=1, values_only=True)) == PROGRAMME_RESULTS.headers == TEAM_RESULTS.headers
    counties = list(book["Counties"].iter_rows(values_only=True))
    assert counties[0] == COUNTIES.headers and [r[0] for r in counties[1:]] == ["Bungoma", "Kisumu", "Siaya"]
    programme = [r for r in book["Programme"].iter_rows(values_only=True)]
    headline = next(r[0] for r in programme if isinstance(r[0], float))
    assert headline == pytest.approx(result.programme.results.headline)
    assert any(r[0] == result.programme.results.method.figures for r in programme)
    method = result.programme.results.method
    assert "all pooled members' mean score" in method.text and "team's" not in method.text
    assert [r[0] for r in programme if r[0] in method.beside_headline()] == list(method.beside_headline())
    summary = result.summary()
    at = summary.index(f"  {method.figures}")
    assert summary[at + 1: at + 1 + len(method.beside_headline())] == [f"  {line}" for line in method.beside_headline()]


def test_the_counties_table_prints_across_pages_readably_with_its_county_column_on_each(three):
    from xl_tracker.outputs.model import GOOD_SCALE, fitted_scale

    _, result = three
    book = openpyxl.load_workbook(result.path)
    counties = book["Counties"]
    widths = [counties.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, counties.max_column + 1)]
    wide = counties.page_setup.fitToWidth
    assert fitted_scale(widths, True) < GOOD_SCALE <= fitted_scale(widths, True) * wide  # one page wide would print it under 60 %
    assert counties.page_setup.orientation == "landscape" and counties.print_title_cols == "$A:$A" and counties.print_title_rows == "$1:$1"
    for sheet in book.worksheets:  # the long tables keep their rows together on one page wide
        if sheet.title != "Counties":
            assert sheet.page_setup.fitToWidth in (1, None) and sheet.print_title_cols is None, sheet.title


def test_similar_initiatives_across_counties_are_worded_as_learning(three):
    _, result = three
    learning = result.programme.learning
    assert len(learning) > 0
    assert (learning["county_a"] != learning["county_b"]).all()
    assert learning["suggestion"].str.startswith("Learn from each other").all()
    assert not learning["suggestion"].str.contains("duplicat", case=False).any()
    assert learning["score"].is_monotonic_decreasing
    listed = pd.concat([learning["county_a"] + "/" + learning["initiative_a"], learning["county_b"] + "/" + learning["initiative_b"]])
    assert listed.value_counts().max() <= PER_INITIATIVE
    assert LEARN_FROM.keys == tuple(learning.columns)


def test_a_countys_own_similar_initiatives_never_hide_another_countys():
    """Twelve initiatives of one title in each of two counties, the two titles similar: within a county each has
    eleven identical partners, more than the partner caps keep; across the counties they must still be found."""
    from xl_tracker.overlaps.text import TextNormaliser, similarity
    from xl_tracker.rollup.learning import similar_in

    titles = ("Reduce stock-outs of oxytocin in the maternity ward", "Reduce oxytocin stock-outs in theatre")
    words = TextNormaliser()
    assert 72 <= similarity(words.words(titles[0]), words.words(titles[1])) < 100, "similar across, identical within"

    def tables(title: str) -> dict[str, pd.DataFrame]:
        rows = pd.Index(range(2, 14), name="row")
        initiatives = pd.DataFrame(
            {"Initiative ID": [f"I{k:02d}" for k in range(12)], "Owner": [f"M{k:02d}" for k in range(12)], "Title": [title] * 12},
            index=rows,
        )
        members = pd.DataFrame({"Member ID": [f"M{k:02d}" for k in range(12)], "Department": ["Pharmacy"] * 12}, index=rows)
        return {"Initiatives": initiatives, "Members": members}

    learning = similar_in(["Bungoma", "Kisumu"], [tables(titles[0]), tables(titles[1])])
    listed = pd.concat([learning["county_a"] + "/" + learning["initiative_a"], learning["county_b"] + "/" + learning["initiative_b"]])
    assert set(listed) == {f"{c}/I{k:02d}" for c in ("Bungoma", "Kisumu") for k in range(12)}, "each has partners in the other county"
    assert listed.value_counts().max() <= PER_INITIATIVE
    assert (learning["county_a"] != learning["county_b"]).all()


def test_the_programme_workbook_passes_the_package_and_schema_checks(three):
    _, result = three
    package = oc.Package.read(result.path)
    report = oc.validate_parts(package)
    assert report.problems == []
    assert report.without_schema == {}
    assert len([p for p in report.validated if p.startswith("xl/worksheets/sheet")]) == 13
    assert any(p.startswith("xl/charts/") for p in report.validated)
    assert oc.package_problems(result.path) == []


def test_counties_read_in_worker_processes_give_the_same_programme(three, monkeypatch, tmp_path):
    from xl_tracker.rollup import counties as counties_module

    folder, sequential = three
    monkeypatch.setattr(counties_module, "PER_WORKER", 1)
    monkeypatch.setattr(counties_module, "workers_for", lambda files: 2)
    parallel = rollup(folder, tmp_path / "p.xlsx").programme
    assert parallel.results.headline == sequential.programme.results.headline
    assert parallel.results.method == sequential.programme.results.method
    pd.testing.assert_frame_equal(parallel.county_table, sequential.programme.county_table)
    for name, frame in sequential.programme.tables.items():
        pd.testing.assert_frame_equal(parallel.tables[name], frame)


def test_a_worker_failure_reaches_the_person_as_one_message(monkeypatch, tmp_path):
    from xl_tracker.rollup import counties as counties_module

    county(tmp_path / "in", "Kisumu", 3, seed=1)
    county(tmp_path / "in", "Siaya", 3, seed=2)
    (tmp_path / "in" / "broken.xlsx").write_bytes(b"not a workbook")
    monkeypatch.setattr(counties_module, "workers_for", lambda files: 2)
    with pytest.raises(WorkbookError, match="broken.xlsx"):
        rollup(tmp_path / "in", tmp_path / "programme.xlsx")
    assert not (tmp_path / "programme.xlsx").exists()


def test_two_workbooks_of_one_county_are_an_error(tmp_path):
    county(tmp_path / "in", "Kisumu", 3, seed=1)
    build_workbook(tmp_path / "in" / "kisumu copy.xlsx", workbook_rows(3, seed=2), {**SYNTHETIC_SETTINGS, "County": "KISUMU"})
    with pytest.raises(WorkbookError, match=r"both workbooks of Kisumu .*leave one out"):
        rollup(tmp_path / "in", tmp_path / "programme.xlsx")
    assert not (tmp_path / "programme.xlsx").exists()


def test_a_county_workbook_without_a_county_is_an_error(tmp_path):
    county(tmp_path / "in", "Kisumu", 3, seed=1)
    build_workbook(tmp_path / "in" / "unnamed.xlsx", workbook_rows(3, seed=2), {**SYNTHETIC_SETTINGS, "County": ""})
    with pytest.raises(WorkbookError, match=r"unnamed.xlsx: the Settings sheet names no County"):
        rollup(tmp_path / "in", tmp_path / "programme.xlsx")


def test_the_output_never_overwrites_a_county_workbook_and_a_rerun_skips_the_previous_rollup(tmp_path):
    first = county(tmp_path, "Kisumu", 3, seed=1)
    county(tmp_path, "Siaya", 3, seed=2)
    before = first.read_bytes()
    with pytest.raises(WorkbookError, match="is one of the county workbooks"):
        rollup(tmp_path, first)
    assert first.read_bytes() == before
    rollup(tmp_path, tmp_path / "programme.xlsx")
    again = rollup(tmp_path, tmp_path / "programme.xlsx")  # the folder now holds the previous programme workbook too
    assert [c.name for c in again.programme.counties] == ["Kisumu", "Siaya"]
    assert first.read_bytes() == before


def test_the_command_rolls_up_and_draws_no_progress_bar_into_a_pipe(three, tmp_path):
    folder, _ = three
    done = subprocess.run(
        [sys.executable, "-m", "xl_tracker", "rollup", str(folder), "-o", str(tmp_path / "p.xlsx")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Programme workbook written to" in done.stdout and "over 2 counties" in done.stdout
    assert "Settings differ: Siaya" in done.stdout
    assert done.stderr == ""
    assert (tmp_path / "p.xlsx").exists()


def test_the_progress_bar_counts_the_files(three, tmp_path):
    import io

    from xl_tracker.cli.report import ProgressBar

    folder, _ = three
    stream = io.StringIO()
    rollup(folder, tmp_path / "p.xlsx", progress=ProgressBar(stream, label="Counties"))
    assert stream.getvalue().rstrip().endswith("Counties [" + "#" * 30 + "] 3/3")


def test_the_programme_report_has_the_workbook_figures(three):
    import docx

    from xl_tracker.reports import formats

    _, result = three
    assert result.report == result.path.with_suffix(".docx") and result.report.exists()
    document = docx.Document(result.report)
    text = "\n".join(p.text for p in document.paragraphs)
    programme = result.programme
    assert formats.percent(programme.results.headline) in text
    assert programme.results.method.text in text and programme.results.method.figures in text
    beside = programme.results.method.beside_headline(formats.percent)
    assert len(beside) >= 2 and all(line in text for line in beside)  # secondary figures and every rater, as a team report has them
    assert "figures as of 15 Oct 2026" in text
    assert programme.agreement.rule in text
    assert "not duplication" in text
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
    counties = next(t for t in tables if t[0][:2] == ["County", "Members"])
    for line, row in zip(counties[1:], programme.county_table.to_dict("records")):
        assert line[0] == row["county"] and line[3] == formats.percent(row["headline"]) and line[5] == row["pooled"]
    indicators = next(t for t in tables if t[0][0] == "Indicator" and t[0][1] == "n")
    pooled = programme.results.team_results[programme.results.team_results["rater"] == programme.results.method.rater]
    assert len(indicators) - 1 == int((pooled["indicator_code"] != "ALL").sum())
    engagement = next(t for t in tables if "Median days since" in t[0])
    days = engagement[0].index("Median days since")
    assert [line[days] for line in engagement[1:]] == [formats.days(v) for v in programme.county_table["median_days_since"]]
    differences = next(t for t in tables if t[0][:2] == ["County", "Setting"])
    assert differences[1] == ["Siaya", "Headline method", "Mean of changes", "Change of means"]
    assert any(p.startswith("word/charts/") for p in oc.Package.read(result.report).parts)


def test_the_programme_report_shows_median_days_as_the_team_report_and_counties_do(three):
    """A median of whole days may be halfway: 28.5, never rounded to 28 (the fixture's counties all have whole medians)."""
    from dataclasses import replace

    from xl_tracker.reports import formats
    from xl_tracker.rollup.report import programme_report

    _, result = three
    table = result.programme.county_table.copy()
    table["median_days_since"] = [28.5, 46.0, None]
    lines = programme_report(replace(result.programme, county_table=table)).counties
    assert [c.median_days_since for c in lines] == ["28.5", "46", formats.BLANK]


def test_the_programme_report_gives_the_first_and_last_as_of_date_when_counties_differ():
    from types import SimpleNamespace

    from xl_tracker.rollup.report import _as_of

    def on(*dates):
        counties = [SimpleNamespace(run=SimpleNamespace(data=SimpleNamespace(settings=SimpleNamespace(as_of_date=d)))) for d in dates]
        return _as_of(SimpleNamespace(counties=counties))

    assert on(dt.date(2026, 10, 15), dt.date(2026, 10, 15)) == "15 Oct 2026"
    assert on(dt.date(2026, 10, 15), dt.date(2026, 9, 30)).startswith("30 Sep 2026 to 15 Oct 2026 (each county's own date")


def test_the_programme_report_passes_the_package_and_schema_checks(three):
    _, result = three
    package = oc.Package.read(result.report)
    report = oc.validate_parts(package)
    assert report.problems == []
    assert "word/document.xml" in report.validated
    assert oc.package_problems(result.report) == []


@pytest.mark.libreoffice
def test_libreoffice_opens_the_programme_workbook_and_report_with_their_figures(three, tmp_path, soffice):
    """Both files open in LibreOffice and print the programme's figures: every county, and the pooled headline."""
    import re
    import shutil

    from xl_tracker.outputs.model import NUMBER_FORMATS, NumberKind
    from xl_tracker.reports import formats

    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the PDFs")
    _, result = three
    made = [tmp_path / "workbook.xlsx", tmp_path / "report.docx"]  # one name apiece: both would print to programme.pdf
    shutil.copyfile(result.path, made[0])
    shutil.copyfile(result.report, made[1])
    done = run_soffice(soffice, ["--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, made)], tmp_path)
    assert done.returncode == 0, done.stderr
    value = result.programme.results.headline
    assert NUMBER_FORMATS[NumberKind.PERCENT].startswith("0.0%")
    # the workbook's cells and the report's text (formats.percent) show a percentage to one place alike
    for file, headline in zip(made, (f"{value:.1%}", formats.percent(value))):
        pdf = tmp_path / (file.stem + ".pdf")
        assert pdf.exists(), f"LibreOffice did not open {file.name}: {done.stderr}"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert re.search(rf"(?<![\d.]){re.escape(headline)}", text), (file.name, headline)
        for name in ("Bungoma", "Kisumu", "Siaya"):
            assert name in text, (file.name, name)


def test_the_county_headline_bars_are_drawn_from_zero_in_the_workbook_and_the_report(three):
    """The workbook has no theme, so its bars carry their own fill (LibreOffice drew them empty); both charts start at 0,
    and the report's labels round as its table does."""
    import re
    from xml.sax.saxutils import escape

    from xl_tracker.ooxml.chart import LATEST_COLOUR
    from xl_tracker.rollup.report import PERCENT_LABELS

    _, result = three
    workbook_chart = next(v for k, v in oc.Package.read(result.path).parts.items() if k.startswith("xl/charts/")).decode()
    single = f'<c:spPr><a:solidFill><a:srgbClr val="{LATEST_COLOUR}"/></a:solidFill></c:spPr>'  # one series: the latest's blue
    assert re.search(r"<c:ser>.*?" + re.escape(single), workbook_chart)
    assert '<c:min val="0.0"/>' in workbook_chart
    report_chart = next(v for k, v in oc.Package.read(result.report).parts.items() if k.startswith("word/charts/")).decode()
    assert f'<c:numFmt formatCode="{escape(PERCENT_LABELS)}" sourceLinked="0"/>' in report_chart
    assert '<c:min val="0.0"/>' in report_chart and single in report_chart


def test_a_bar_chart_of_many_categories_names_each_in_smaller_type():
    """47 counties at 9 pt overlap, and LibreOffice then names every other one: past CROWDED they print at 7 pt."""
    import re

    from xl_tracker.reports.charts import CROWDED, BarChart

    def category_size(n: int) -> str:
        chart = BarChart("t", tuple(f"C{i}" for i in range(n)), ("s",), (tuple(50.0 for _ in range(n)),), 0.0, 60.0, horizontal=True)
        axis = re.search(r"<c:catAx>.*?</c:catAx>", chart.part().decode()).group(0)
        return re.search(r'<a:defRPr sz="(\d+)"', axis).group(1)

    assert category_size(4) == category_size(CROWDED) == "900"
    assert category_size(CROWDED + 1) == category_size(47) == "700"


def _report_text(path: Path) -> list[str]:
    import docx

    document = docx.Document(path)
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]


def test_a_report_rendered_by_a_worker_is_the_one_rendered_here_and_leaves_no_temporary_file(three, monkeypatch, tmp_path):
    from xl_tracker.rollup import counties as counties_module

    folder, sequential = three
    monkeypatch.setattr(counties_module, "workers_for", lambda files: 2)
    parallel = rollup(folder, tmp_path / "p.xlsx", made_at=dt.datetime(2026, 11, 30, 12, 0))
    assert parallel.report == (tmp_path / "p.docx").resolve()
    assert _report_text(parallel.report) == _report_text(sequential.report)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.docx", "p.xlsx"]


def test_a_failed_workbook_leaves_no_report_from_the_worker(three, monkeypatch, tmp_path):
    from xl_tracker.rollup import counties as counties_module
    from xl_tracker.rollup import workbook as workbook_module

    def cannot_write(target, sheets):
        raise WorkbookError(f"cannot write {target}")

    folder, _ = three
    monkeypatch.setattr(counties_module, "workers_for", lambda files: 2)
    monkeypatch.setattr(workbook_module, "write_programme_workbook", cannot_write)
    with pytest.raises(WorkbookError, match="cannot write"):
        rollup(folder, tmp_path / "p.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_a_report_path_that_cannot_be_written_stops_the_rollup_before_anything_is_read(three, tmp_path):
    folder, _ = three
    with pytest.raises(WorkbookError, match=r"\.docx"):
        rollup(folder, tmp_path / "p.xlsx", report=tmp_path / "p.pdf")
    assert list(tmp_path.iterdir()) == []


def test_bar_series_take_the_palette_in_order_and_a_lone_series_the_latest_blue():
    from xl_tracker.ooxml.chart import BASELINE_COLOUR, LATEST_COLOUR, SERIES_COLOURS, series_colours

    assert series_colours(1) == (LATEST_COLOUR,)
    assert series_colours(2) == (BASELINE_COLOUR, LATEST_COLOUR)
    assert series_colours(5) == (*SERIES_COLOURS, SERIES_COLOURS[0])
