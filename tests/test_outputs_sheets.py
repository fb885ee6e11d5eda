"""What a person sees on the output sheets after a refresh of the demo workbook, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from jinja2.exceptions import UndefinedError

from xl_tracker.contract import (
    ABOUT,
    DASHBOARD,
    ENGAGEMENT,
    INITIATIVE_RESULTS,
    ISSUES,
    MEMBER_RESULTS,
    OUTPUT_SHEETS,
    TEAM_RESULTS,
    Shown,
    UnknownColumn,
)
from xl_tracker.outputs.model import NUMBER_FORMATS, NumberKind
from xl_tracker.outputs.sheets import SHOWN_AS, table_sheet
from xl_tracker.reports.context.view import ResultRow, formatted
from xl_tracker.reports.render import make_environment


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory) -> Path:
    from xl_tracker.demo import build_demo_workbook

    return build_demo_workbook(tmp_path_factory.mktemp("demo") / "demo.xlsx")


@pytest.fixture(scope="module")
def refreshed(demo_source, tmp_path_factory):
    from xl_tracker.api import refresh

    path = tmp_path_factory.mktemp("refreshed") / "tracker.xlsx"
    shutil.copyfile(demo_source, path)
    result = refresh(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path)
    return result, book


def test_every_output_sheet_is_written_after_the_input_sheets(refreshed):
    result, book = refreshed
    names = [s.name for s in OUTPUT_SHEETS]
    assert book.sheetnames[-len(names):] == names
    assert result.sheets == names


def test_table_sheets_start_at_a1_with_the_contract_headers_as_a_filterable_table(refreshed):
    _, book = refreshed
    for spec in OUTPUT_SHEETS:
        if not spec.has_table:
            continue
        ws = book[spec.name]
        assert tuple(c.value for c in ws[1][: len(spec.headers)]) == spec.headers
        assert list(ws.tables) == [spec.table], spec.name
        table = ws.tables[spec.table]
        assert table.ref.startswith("A1:")
        assert [c.name for c in table.tableColumns] == list(spec.headers)
        assert ws.freeze_panes == "A2"


def test_member_results_rows_and_percent_format(refreshed):
    result, book = refreshed
    ws = book[MEMBER_RESULTS.name]
    frame = result.run.results.member_results
    assert ws.max_row == len(frame) + 1
    pct = MEMBER_RESULTS.headers.index("% change") + 1
    first = frame.iloc[0]
    cell = ws.cell(2, pct)
    assert cell.number_format == NUMBER_FORMATS[NumberKind.PERCENT]
    assert cell.value == pytest.approx(first["pct_change"])
    assert ws.cell(2, 1).value == first["member_id"]


def test_the_coaches_sheet_counts_the_members_who_left_beside_members(refreshed):
    """Members (9 + 8) left out M16, who left, while the action columns count M16's actions: the Left column beside
    Members says so, and the two add up to the 18 members the demo's coaches have."""
    _, book = refreshed
    ws = book["Coaches"]
    headers = [c.value for c in ws[1]]
    assert headers[1:3] == ["Members", "Left (actions counted)"]
    rows = [dict(zip(headers, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]
    assert [(r["Coach"], r["Members"], r["Left (actions counted)"]) for r in rows] == [("Alice Mwangi", 9, 0), ("Leonard Kamau", 8, 1)]


def test_dates_have_a_date_format(refreshed):
    result, book = refreshed
    for spec in (INITIATIVE_RESULTS, ENGAGEMENT):
        ws = book[spec.name]
        col = next(n for n, c in enumerate(spec.shown, start=1) if c.kind is Shown.DATE)
        dated = [ws.cell(r, col) for r in range(2, ws.max_row + 1) if ws.cell(r, col).value is not None]
        assert dated, spec.name
        assert all(isinstance(c.value, dt.datetime) and c.number_format == NUMBER_FORMATS[NumberKind.DATE] for c in dated)


def test_every_column_has_the_number_format_of_its_kind_whatever_its_values(refreshed):
    """The format comes from the contract's kind, not from the header or the values (whole-number scores stay 0.00)."""
    _, book = refreshed
    for spec in OUTPUT_SHEETS:
        if not spec.columns or spec is ISSUES:
            continue
        ws = book[spec.name]
        for n, column in enumerate(spec.shown, start=1):
            cells = [ws.cell(r, n) for r in range(2, ws.max_row + 1) if ws.cell(r, n).value is not None]
            wanted = NUMBER_FORMATS[SHOWN_AS[column.kind]]
            assert all(c.number_format == wanted for c in cells), (spec.name, column.key, wanted)


def test_a_misspelt_key_fails_loudly_naming_the_known_keys():
    """A typo in a key is an error that says which keys exist, never a blank or a '–' in a sheet or report."""
    with pytest.raises(UnknownColumn, match=r"Team Results has no column 'median_chnage'; its keys are .*median_change"):
        TEAM_RESULTS.column("median_chnage")
    with pytest.raises(KeyError, match="baseline_mena"):
        table_sheet(TEAM_RESULTS, pd.DataFrame({"baseline_mena": [1.0]}))
    row = ResultRow(MEMBER_RESULTS, {"member_id": "M01"})
    assert row["latest"] is None  # a known key the row leaves blank
    with pytest.raises(UnknownColumn, match="pct_chnage"):
        row["pct_chnage"]
    with pytest.raises(UnknownColumn, match="pct_chnage"):
        row.get("pct_chnage")
    columns = formatted(ResultRow(MEMBER_RESULTS, {"pct_change": 0.25}))
    assert columns["pct_change"] == "25.0%" and columns["latest"] == "–"  # a blank figure of a known column
    with pytest.raises(UnknownColumn, match="pct_chnage"):
        columns["pct_chnage"]
    env = make_environment()
    assert env.from_string("{{ c.pct_change }}").render(c=columns) == "25.0%"
    with pytest.raises(UndefinedError, match="pct_chnage"):
        env.from_string("{{ c.pct_chnage }}").render(c=columns)


def test_team_results_end_with_the_all_rows_and_mark_the_headline(refreshed):
    result, book = refreshed
    ws = book[TEAM_RESULTS.name]
    method = result.run.results.method
    rater_col = TEAM_RESULTS.headers.index("Rater")
    all_rows = [row for row in ws.iter_rows(min_row=2) if row[0].value == "ALL"]
    assert [r[0].row for r in all_rows] == list(range(ws.max_row - len(all_rows) + 1, ws.max_row + 1)), "the ALL rows come last"
    assert [r[rater_col].value for r in all_rows] == [f.rater for f in method.raters]
    headline_row = next(r for r in all_rows if r[rater_col].value == method.rater)
    col = TEAM_RESULTS.headers.index("% change (change of means)")
    other = TEAM_RESULTS.headers.index("% change (mean of changes)")
    assert headline_row[col].value == pytest.approx(result.run.results.headline)
    assert headline_row[other].value != headline_row[col].value
    assert headline_row[1].value == "All indicators: HEADLINE = % change (change of means)"
    assert all(r[1].value.endswith(", secondary") for r in all_rows if r is not headline_row)
    compared = TEAM_RESULTS.headers.index("Compared")
    assert headline_row[compared].value == method.mix_text


def test_each_issue_links_to_its_cell(refreshed):
    result, book = refreshed
    ws = book[ISSUES.name]
    assert ws.max_row == len(result.run.issues) + 1
    linked = 0
    for r, item in enumerate(result.run.issues, start=2):
        cell = ws.cell(r, ISSUES.headers.index("Cell") + 1)
        assert cell.value == (item.cell or None)
        if item.cell:
            assert cell.hyperlink is not None and cell.hyperlink.location == f"'{item.sheet}'!{item.cell}"
            linked += 1
    assert linked > 0
    assert {ws.cell(r, 1).value for r in range(2, ws.max_row + 1)} <= {"Error", "Warning"}


def test_dashboard_headline_never_stands_without_method_n_and_scale(refreshed):
    result, book = refreshed
    ws = book[DASHBOARD.name]
    values = [ws.cell(r, 1).value for r in range(1, 16)]
    at = next(i for i, v in enumerate(values) if isinstance(v, float))
    assert values[at] == pytest.approx(result.run.results.headline)
    assert ws.cell(at + 1, 1).number_format == NUMBER_FORMATS[NumberKind.PERCENT]
    assert ws.cell(at + 1, 1).font.sz >= 20
    assert "Headline" in values[at - 1]
    method = result.run.results.method
    under = [m for m in (method.mix_sentence, method.exits_sentence) if m]
    assert values[at + 1 : at + 1 + len(under)] == under, "the rounds compared and the exits right under the figure"
    beside = " ".join(str(v) for v in values[at + 1 + len(under) : at + 3 + len(under)])
    assert method.method_text in beside
    assert f"n = {method.n} members" in beside and f"scale {method.scale_min}–{method.scale_max}" in beside
    assert f"rater: {method.rater}" in beside


def test_dashboard_has_native_charts(refreshed):
    _, book = refreshed
    charts = book[DASHBOARD.name]._charts
    assert len(charts) == 3
    assert sorted(c.type for c in charts if hasattr(c, "type")) == ["bar", "col"]
    [scatter] = [c for c in charts if c.tagname == "scatterChart"]
    assert len(scatter.series) == 1, "commitment and change: one series of members"


def test_about_states_version_counts_and_methods(refreshed):
    from xl_tracker import __version__

    result, book = refreshed
    ws = book[ABOUT.name]
    pairs = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert pairs["By"] == f"xl-tracker {__version__}"
    assert isinstance(pairs["Made"], dt.datetime)
    assert pairs["Members"] == len(result.run.data.sheets["Members"].values)
    assert pairs["Method note"] == result.run.results.method.text
    assert pairs["Headline method"] == result.run.results.method.headline_method
    assert pairs["Rater for results"] == "Self"


def test_output_sheets_are_grey_and_input_sheets_keep_their_colour(refreshed, demo_source):
    _, book = refreshed
    for spec in OUTPUT_SHEETS:
        assert book[spec.name].sheet_properties.tabColor.rgb == "FF7F7F7F"


def test_no_part_is_left_behind_when_output_sheets_are_rewritten(refreshed, demo_source):
    """The template's output sheets carried comments; after the refresh every part is still reachable, none orphaned."""
    import posixpath
    import zipfile

    from lxml import etree

    result, _ = refreshed
    with zipfile.ZipFile(result.path) as z:
        names = set(z.namelist())
        reached = {"[Content_Types].xml", "_rels/.rels"}
        todo = [""]
        while todo:
            part = todo.pop()
            directory, name = posixpath.split(part)
            rels = posixpath.join(directory, "_rels", name + ".rels") if part else "_rels/.rels"
            if rels not in names:
                continue
            reached.add(rels)
            for rel in etree.fromstring(z.read(rels)):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(directory, target))
                assert target in names, f"{rels} points at missing {target}"
                if target not in reached:
                    reached.add(target)
                    todo.append(target)
        assert names - reached == set()
        types = z.read("[Content_Types].xml").decode()
        for override in etree.fromstring(types.encode()):
            if override.get("PartName"):
                assert override.get("PartName").lstrip("/") in names


@pytest.mark.libreoffice
def test_libreoffice_opens_the_refreshed_workbook(refreshed, soffice, tmp_path):
    from conftest import run_soffice
    from python_calamine import CalamineWorkbook

    result, _ = refreshed
    done = run_soffice(soffice, ["--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(result.path)], tmp_path)
    converted = tmp_path / "out" / result.path.name
    assert converted.exists(), done.stderr
    book = CalamineWorkbook.from_path(str(converted))
    assert [s.name for s in OUTPUT_SHEETS] == book.sheet_names[-len(OUTPUT_SHEETS):]
    assert tuple(book.get_sheet_by_name(MEMBER_RESULTS.name).to_python()[0]) == MEMBER_RESULTS.headers


def test_a_date_found_in_an_issue_shows_as_a_date(tmp_path):
    """An issue's Value may be a date (a future assessment date): it must not show as a serial number."""
    import pandas as pd

    from xl_tracker.api import refresh
    from xl_tracker.template import build_workbook

    path = build_workbook(
        tmp_path / "future.xlsx",
        {
            "Members": [{"Member ID": "M01", "Full name": "Achieng Otieno", "Department": "Health"}],
            "Assessments": [{"Member ID": "M01", "Round": "Baseline", "Date": dt.date(2030, 1, 15), "TOOLS1": 3}],
        },
        {"As-of date": dt.date(2026, 11, 26)},
    )
    result = refresh(path)
    dated = [i for i in result.run.issues if isinstance(i.value, (dt.date, pd.Timestamp))]
    assert dated, [i.rule for i in result.run.issues]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ws = openpyxl.load_workbook(path)[ISSUES.name]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 4).value == dated[0].rule)
    cell = ws.cell(row, ISSUES.headers.index("Value") + 1)
    assert cell.value == dt.datetime(2030, 1, 15) and cell.number_format == NUMBER_FORMATS[NumberKind.DATE]


def test_output_sheets_hold_dates_as_dates_and_words_as_the_reports_do(refreshed):
    """A date value has its date kind's format; a date inside words reads '15 Oct 2026' as in the reports (Issues quote a
    typed value as typed)."""
    import re

    from xl_tracker.contract import OUTPUT_SHEETS

    result, book = refreshed
    date_formats = {NUMBER_FORMATS[NumberKind.DATE], NUMBER_FORMATS[NumberKind.DATETIME]}
    as_typed = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")
    dates = 0
    for sheet in OUTPUT_SHEETS:
        if sheet.name not in book.sheetnames:
            continue
        for row in book[sheet.name].iter_rows():
            for cell in row:
                if isinstance(cell.value, (dt.date, dt.datetime)):
                    assert cell.number_format in date_formats, (sheet.name, cell.coordinate, cell.number_format)
                    dates += 1
                elif isinstance(cell.value, str) and sheet.name != "Issues":
                    assert not as_typed.search(cell.value), (sheet.name, cell.coordinate, cell.value)
    assert dates > 0
    as_of = result.run.data.settings.as_of_date
    assert f"as of {as_of.day} {as_of:%b %Y}" in str(book[DASHBOARD.name]["A2"].value)


def test_a_date_column_reads_as_python_value_reads_each_stamp():
    """The column-wise path for datetime columns gives what python_value gives value by value: dates, date-times, None."""
    import pandas as pd

    from xl_tracker.outputs.sheets import _column_values, python_value

    for series in (
        pd.Series(pd.to_datetime(["2024-01-02", None, "2024-03-04"])),
        pd.Series(pd.to_datetime(["2024-01-02 10:00", None])),
        pd.Series(pd.to_datetime([None, None])),
        pd.Series(pd.to_datetime(["2024-01-02"]).tz_localize("Africa/Nairobi")),
        pd.Series([], dtype="datetime64[ns]"),
    ):
        got, wanted = _column_values(series), [python_value(v) for v in series.tolist()]
        assert got == wanted and [type(v) for v in got] == [type(v) for v in wanted]
