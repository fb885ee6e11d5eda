"""The Run charts sheet: one run chart of the measure picked in B3, fed by formulas over the tables beside it.

What is checked: the builder (every measure listed once, every dated value
and the path's ends as points, cached values equal to the first measure's
figures, formulas only where the builder put them); the file (formula cells
with their cached values, the picker's list and input message, the print
area, the chart's references); LibreOffice (the sheet prints on one page,
and after picking another measure, hostile IDs included, the chart's cells
recalculate to that measure's points); the ribbon's writer against the
stand-in for xlwings (the picker's list, the print area, one chart named
from the header row, an ID typed like a formula kept as text).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

import fake_xlwings
from conftest import run_soffice
from test_outputs_print import FOOTER_LINE, _pages
from xl_tracker import excel
from xl_tracker.contract import RUN_CHARTS
from xl_tracker.demo_data import SETTINGS, demo_rows
from xl_tracker.ooxml.package import PackageReader
from xl_tracker.outputs import run_charts as rc
from xl_tracker.outputs.model import NOT_AVAILABLE, Formula
from xl_tracker.pipeline import run_tracker
from xl_tracker.template import build_workbook
from xl_tracker.upgrade import upgrade
from xl_tracker.workbook_refresh import refresh

HOSTILE_IDS = ("=1+1", "Mx-1", "M*", "M?~")
"""Measure IDs typed like a formula, and with MATCH's wildcards: picking ``M*`` unescaped would find ``Mx-1``."""


def _hostile_rows() -> dict:
    rows = demo_rows()
    renamed = {}
    for m, new in zip(rows["Measures"], HOSTILE_IDS):
        renamed[m["Measure ID"]] = new
        m["Measure ID"] = new
    for p in rows["Progress"]:
        p["Measure ID"] = renamed.get(p["Measure ID"], p["Measure ID"])
    return rows


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    path = build_workbook(tmp_path_factory.mktemp("runcharts") / "hostile.xlsx", _hostile_rows(), SETTINGS)
    refresh(path)
    return path


@pytest.fixture(scope="module")
def content(hostile):
    return rc.run_charts_sheet(run_tracker(hostile))


def _points_of(content, measure_id: str) -> list[tuple]:
    grid = content.grid()
    col = rc.POINTS_COL
    return [tuple(row[col:col + len(rc.POINT_HEADERS)]) for row in grid[rc.TOP + 1:]
            if len(row) > col and row[col] == measure_id]


def test_every_measure_is_listed_once_with_its_values_and_its_paths_ends(hostile, content):
    run = run_tracker(hostile)
    results = run.results
    grid = content.grid()
    listed = [row[rc.MEASURES_COL] for row in grid[rc.TOP + 1:] if len(row) > rc.MEASURES_COL and row[rc.MEASURES_COL]]
    measures = list(dict.fromkeys(m for m in results.initiative_results["measure_id"] if isinstance(m, str)))
    assert listed == measures and len(listed) > 20
    assert listed[:4] == list(HOSTILE_IDS)
    runs = results.measure_runs
    paths = results.expected_paths.set_index("measure_id")
    for measure_id in listed:
        points = _points_of(content, measure_id)
        values = runs[runs["measure_id"] == measure_id]
        with_path = measure_id in paths.index
        assert len(points) == len(values) + (2 if with_path else 0), measure_id
        dated = [p for p in points if p[2] is not None]
        assert [p[2] for p in dated] == list(values["value"])
        assert [p[4] for p in dated] == [None if e != e else pytest.approx(e) for e in values["expected"]]
        assert [p[1] for p in points] == sorted(p[1] for p in points), "in date order: a value after the End comes after it"
        if with_path:
            path = paths.loc[measure_id]
            ends = [(p[1], p[4]) for p in points if p[2] is None]
            assert ends == [(path["start"].date(), path["baseline"]), (path["end"].date(), path["target"])]
        first_row = next(row for row in grid if len(row) > rc.MEASURES_COL and row[rc.MEASURES_COL] == measure_id)
        assert first_row[rc.MEASURES_COL + len(rc.MEASURE_HEADERS) - 1] == len(points)


def test_progress_and_status_are_initiative_results_own(hostile, content):
    """A value's progress is Initiative Results' formula; the picked measure's figures are its row."""
    results = run_tracker(hostile).results
    row = results.initiative_results[results.initiative_results["measure_id"] == HOSTILE_IDS[0]].iloc[0]
    grid = content.grid()
    picked = {grid[r][0]: grid[r][1] for r in range(rc.PICKER_ROW, rc.POSITION_ROW + 1)}
    assert picked["Measure"] == HOSTILE_IDS[0], "a measure ID typed like a formula is the picker's text"
    assert picked["Status"].cached == row["measure_status"]
    assert picked["Progress"].cached == pytest.approx(row["progress"])
    assert picked["Expected progress"].cached == pytest.approx(row["expected"])
    latest = [p for p in _points_of(content, HOSTILE_IDS[0]) if p[2] is not None][-1]
    assert latest[3] == pytest.approx(row["progress"]), "the last value's progress is the measure's progress"


def test_the_chart_cells_cache_the_first_measures_points_and_only_builder_formulas_exist(content):
    grid = content.grid()
    points = _points_of(content, HOSTILE_IDS[0])
    block = [row[rc.BLOCK_COL:rc.BLOCK_COL + len(rc.BLOCK_HEADERS)] for row in grid[rc.TOP + 1:]]
    block = [b for b in block if b and isinstance(b[0], Formula)]
    assert len(block) == max(len(_points_of(content, m)) for m in {r[rc.MEASURES_COL] for r in grid[rc.TOP + 1:]
                                                                     if len(r) > rc.MEASURES_COL and r[rc.MEASURES_COL]})
    for k, cells in enumerate(block):
        cached = [c.cached for c in cells]
        if k < len(points):
            date, value, _, expected, target, baseline = points[k][1:]
            assert cached == [date, NOT_AVAILABLE if value is None else value, expected, target, baseline]
        else:
            assert cached == [NOT_AVAILABLE] * 5
    for row in grid:
        for cell in row:
            assert not (isinstance(cell, str) and cell.startswith("=") and cell not in HOSTILE_IDS)
            if isinstance(cell, Formula):
                assert cell.text.startswith("=") and not any(h in cell.text for h in HOSTILE_IDS[2:])


def test_the_file_holds_formulas_with_cached_values_the_picker_and_the_print_area(hostile):
    book = openpyxl.load_workbook(hostile)
    sheet = book[RUN_CHARTS.name]
    assert sheet["B3"].value == HOSTILE_IDS[0] and sheet["B3"].data_type == "s"
    assert sheet["P4"].value == HOSTILE_IDS[0] and sheet["P4"].data_type == "s"
    assert sheet["B9"].value.startswith("=MATCH(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE($B$3")
    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list" and str(validation.sqref) == "B3" and validation.showInputMessage
    last = 3 + len({m for m in book["Measures"].iter_rows(min_row=2, values_only=True) if m[0]})
    assert validation.formula1 == f"'Run charts'!$P$4:$P${last}"
    assert validation.prompt and validation.promptTitle == "Pick a measure"
    assert sheet.print_area == "'Run charts'!$A$1:$H$31"
    cached = openpyxl.load_workbook(hostile, data_only=True)[RUN_CHARTS.name]
    assert cached["B9"].value == 1 and cached["C3"].value and cached["K4"].value == "#N/A", "the path's start has no value"
    with zipfile.ZipFile(hostile) as z:
        charts = [z.read(n) for n in z.namelist() if n.startswith("xl/charts/")]
    [run_chart] = [c for c in charts if rc.CHART_TITLE.encode() in c]
    refs = re.findall(rb"<c:f>([^<]*)</c:f>", run_chart)
    assert len(refs) == 8 and all(r.startswith(b"'Run charts'!$") for r in refs)
    assert len(set(refs[0::2])) == 1, "every series' x values are the block's dates"


@pytest.mark.libreoffice
def test_libreoffice_prints_the_sheet_on_one_page_and_recalculates_a_picked_measure(hostile, soffice, tmp_path):
    """Pick ``M*`` by typing it into B3 and drop every cached value: LibreOffice computes the chart's cells itself."""
    picked = tmp_path / "picked.xlsx"
    with PackageReader(hostile) as package:
        part = package.worksheet_parts()[RUN_CHARTS.name]
    with zipfile.ZipFile(hostile) as source, zipfile.ZipFile(picked, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                xml = data.decode("utf-8")
                # B3, right of a filled A3, carries no address of its own (the writer writes r only after a blank)
                xml = re.sub(r'(<row r="3"[^>]*><c[^>]*>.*?</c><c(?: r="B3")?[^>]*><is><t>)[^<]*(</t>)', lambda m: m.group(1) + "M*" + m.group(2), xml, count=1)
                xml = re.sub(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1", xml).replace(' t="e"><f>', "><f>").replace(' t="str"><f>', "><f>")
                data = xml.encode("utf-8")
            target.writestr(info, data)
    sheet_number = openpyxl.load_workbook(hostile, read_only=True).sheetnames.index(RUN_CHARTS.name) + 1
    done = run_soffice(soffice, ["--convert-to", f"csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,{sheet_number}",
                                 "--outdir", str(tmp_path), str(picked)], tmp_path)
    [out] = list(tmp_path.glob("picked*.csv")) or [None]
    assert out is not None, done.stderr
    with open(out, encoding="utf-8") as f:
        grid = list(csv.reader(f))
    assert grid[2][1] == "M*" and grid[rc.POSITION_ROW][1] == "3", "the escaped pattern found M*, not Mx-1"
    content = rc.run_charts_sheet(run_tracker(hostile))
    points = _points_of(content, "M*")
    for k, (_, date, value, _, expected, target, baseline) in enumerate(points):
        row = grid[rc.TOP + 1 + k][rc.BLOCK_COL:rc.BLOCK_COL + 5]
        assert dt.datetime.strptime(row[0], "%m/%d/%Y").date() == date
        assert row[1] == ("#N/A" if value is None else f"{value:g}")
        assert [float(x) for x in row[2:]] == pytest.approx([expected, target, baseline])
    assert grid[rc.TOP + 1 + len(points)][rc.BLOCK_COL] in ("#N/A", "")

    pdf = run_soffice(soffice, ["--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(picked)], tmp_path)
    [made] = list((tmp_path / "pdf").glob("*.pdf")) or [None]
    assert made is not None, pdf.stderr
    pages = [re.split(r"\s{2,}", FOOTER_LINE.findall(page)[-1][0])[-1] for page in _pages(made) if FOOTER_LINE.findall(page)]
    assert pages.count(RUN_CHARTS.name) == 1, pages
    keep = Path("/tmp/runchart-png")
    if keep.is_dir():
        shutil.copy(made, keep / "picked.pdf")


# --- the ribbon ------------------------------------------------------------------------------


@pytest.fixture
def clicked(monkeypatch, hostile, tmp_path):
    monkeypatch.setattr(excel, "error_log_path", lambda: tmp_path / "last-error.log")
    book = fake_xlwings.Book.from_file(hostile)
    fake_xlwings.install(monkeypatch, book)
    excel.refresh()
    assert book.app.alerts[-1]["mode"] == "info", book.app.alerts[-1]["prompt"]
    return book


def test_the_ribbon_writes_the_picker_the_print_area_and_one_chart(clicked):
    sheet = clicked.sheets[RUN_CHARTS.name]
    last = 3 + len(HOSTILE_IDS) + sum(1 for v in [sheet.cells.get((r, 16)) for r in range(8, 200)] if v is not None and v.value)
    assert sheet.validations == {(3, 2): f"='Run charts'!$P$4:$P${last}"}
    assert sheet.page_setup.print_area == "A1:H31"
    [chart] = list(sheet._charts._charts)
    assert chart.chart_type == excel.RUN_CHART_TYPE and chart.title == rc.CHART_TITLE
    assert [s.name for s in chart.series] == list(rc.SERIES), "Excel names the series from the block's header row"
    assert chart.source._r1 == rc.TOP + 1 and chart.source._c1 == rc.BLOCK_COL + 1
    b3 = sheet.cells[(3, 2)]
    assert b3.value == HOSTILE_IDS[0] and b3.formula is None, "a measure ID typed like a formula stays text"
    assert sheet.cells[(4, 10)].formula.startswith("=IF(1>INDEX(")
    assert all(c.formula is None for (r, col), c in sheet.cells.items() if col == rc.MEASURES_COL + 1)


def test_the_ribbons_picker_fails_as_xlwings_does_on_a_two_dimensional_list(clicked):
    sheet = clicked.sheets[RUN_CHARTS.name]
    with pytest.raises(ValueError, match="one-dimensional"):
        sheet.range("B3").data_validation.set_list(sheet.range("P4:Q9"))
    with pytest.raises(AttributeError):
        sheet.range("B3").data_validation.input_message = "xlwings cannot set it"
    with pytest.raises(KeyError):
        sheet.charts.add(chart_type="scatter_lines", source=sheet.range("J3:N9"))


def test_a_workbook_without_measures_gets_a_sheet_that_says_so(tmp_path):
    rows = demo_rows()
    for name in ("Measures", "Progress"):
        rows[name] = []
    path = build_workbook(tmp_path / "none.xlsx", rows, SETTINGS)
    content = rc.run_charts_sheet(run_tracker(path))
    assert content.grid()[1][0] == rc.NO_MEASURES and not content.charts and not content.validations
    assert content.print_area is None


# --- earlier workbooks ----------------------------------------------------------------------


EARLIER_DEMO = Path(__file__).parent / "data" / "earlier" / "demo-7b2f5be.xlsx"


@pytest.mark.parametrize("upgraded", [False, True], ids=["refreshed as it is", "upgraded first"])
def test_an_earlier_workbook_gains_the_sheet_on_refresh(tmp_path, upgraded):
    work = shutil.copy(EARLIER_DEMO, tmp_path / "earlier.xlsx")
    assert RUN_CHARTS.name not in openpyxl.load_workbook(EARLIER_DEMO, read_only=True).sheetnames
    if upgraded:
        upgrade(work)
    result = refresh(work)
    assert RUN_CHARTS.name in result.sheets
    sheet = openpyxl.load_workbook(work)[RUN_CHARTS.name]
    assert sheet["B3"].value and len(sheet._charts) == 1 and sheet.data_validations.dataValidation


def test_the_ribbon_adds_the_sheet_to_an_earlier_workbook(monkeypatch, tmp_path):
    monkeypatch.setattr(excel, "error_log_path", lambda: tmp_path / "last-error.log")
    book = fake_xlwings.Book.from_file(EARLIER_DEMO)
    fake_xlwings.install(monkeypatch, book)
    excel.refresh()
    assert book.app.alerts[-1]["mode"] == "info", book.app.alerts[-1]["prompt"]
    sheet = book.sheets[RUN_CHARTS.name]
    assert sheet.validations and sheet.page_setup.print_area == "A1:H31" and len(sheet._charts._charts) == 1


# --- the pick survives a refresh ------------------------------------------------------------------


def _picked_in_file(hostile: Path, tmp_path: Path, measure: str) -> Path:
    """A copy of the refreshed workbook with ``measure`` typed into B3 and saved by openpyxl (shared strings, every address)."""
    path = tmp_path / "picked.xlsx"
    shutil.copyfile(hostile, path)
    book = openpyxl.load_workbook(path)
    book[RUN_CHARTS.name]["B3"] = measure
    book.save(path)
    return path


def test_a_refresh_keeps_the_measure_picked_in_b3_and_caches_its_points(hostile, tmp_path):
    """Excel saves a typed B3 as a shared string with every cell's address (openpyxl does the same); MATCH ignores case."""
    from xl_tracker.ooxml.cell_text import cell_text

    path = _picked_in_file(hostile, tmp_path, "mx-1")
    assert cell_text(path, RUN_CHARTS.name, "B3") == "mx-1"
    refresh(path)
    content = rc.run_charts_sheet(run_tracker(path), "Mx-1")
    listed = [row[rc.MEASURES_COL] for row in content.grid()[rc.TOP + 1:] if len(row) > rc.MEASURES_COL and row[rc.MEASURES_COL]]
    points = _points_of(content, "Mx-1")
    assert points and listed.index("Mx-1") > 0
    sheet = openpyxl.load_workbook(path, data_only=True)[RUN_CHARTS.name]
    assert sheet["B3"].value == "Mx-1", "the measure's own ID, as the list holds it"
    assert sheet["B9"].value == listed.index("Mx-1") + 1
    first_date, first_value = points[0][1], points[0][2]
    assert sheet.cell(rc.TOP + 2, rc.BLOCK_COL + 1).value.date() == first_date
    assert sheet.cell(rc.TOP + 2, rc.BLOCK_COL + 2).value == ("#N/A" if first_value is None else first_value)
    assert cell_text(path, RUN_CHARTS.name, "B3") == "Mx-1", "our own file: an inline string after a filled A3, without its address"


def test_a_pick_that_names_no_measure_any_more_falls_back_to_the_first(hostile, tmp_path):
    from xl_tracker.ooxml.cell_text import cell_text

    path = _picked_in_file(hostile, tmp_path, "M99-gone")
    refresh(path)
    assert cell_text(path, RUN_CHARTS.name, "B3") == HOSTILE_IDS[0]
    assert cell_text(path, "No such sheet", "B3") is None and cell_text(path, RUN_CHARTS.name, "H2") is None


def test_the_ribbon_keeps_the_measure_picked_in_b3(monkeypatch, hostile, tmp_path):
    monkeypatch.setattr(excel, "error_log_path", lambda: tmp_path / "last-error.log")
    book = fake_xlwings.Book.from_file(hostile)
    fake_xlwings.install(monkeypatch, book)
    excel.refresh()
    book.sheets[RUN_CHARTS.name].range("B3").value = "M*"
    excel.refresh()
    assert book.app.alerts[-1]["mode"] == "info", book.app.alerts[-1]["prompt"]
    b3 = book.sheets[RUN_CHARTS.name].cells[(3, 2)]
    assert b3.value == "M*" and b3.formula is None
