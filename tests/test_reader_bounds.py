"""Reading is bounded by the filled cells, not by where they are: a value far out is an issue, never a crash.

python-calamine builds a dense grid up to the last filled cell; one value at
XFD1048576 used to abort every command (SIGABRT, nothing printed). These
tests put such values into real workbooks and run the commands in a child
process, whose peak memory the operating system reports.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import xlsxwriter
from lxml import etree

from benchmarks.bench_memory import LAUNCHER
from xl_tracker.contract import INPUT_SHEETS
from xl_tracker.ooxml.package import NS_MAIN, PackageReader
from xl_tracker.ooxml.sheet_reach import Reach, core_box, exact_reach, reach
from xl_tracker.reader import read_workbook
from xl_tracker.template import build_workbook

PEAK_MB = 300


def add_cells(path: Path, cells: dict[str, dict[str, str]]) -> None:
    """Add inline-text cells to sheets of a workbook file (sheet name -> {A1: text}), rows kept in order."""
    with PackageReader(path) as package:
        parts = package.worksheet_parts()
    changed = {parts[sheet]: refs for sheet, refs in cells.items()}
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in changed:
                root = etree.fromstring(data)
                sheet_data = root.find(f"{{{NS_MAIN}}}sheetData")
                for ref, text in changed[info.filename].items():
                    row_number = int("".join(ch for ch in ref if ch.isdigit()))
                    row = next((r for r in sheet_data if int(r.get("r")) == row_number), None)
                    if row is None:
                        row = etree.SubElement(sheet_data, f"{{{NS_MAIN}}}row", r=str(row_number))
                        rows = sorted(sheet_data, key=lambda r: int(r.get("r")))
                        sheet_data[:] = rows
                    cell = etree.SubElement(row, f"{{{NS_MAIN}}}c", r=ref, t="inlineStr")
                    etree.SubElement(etree.SubElement(cell, f"{{{NS_MAIN}}}is"), f"{{{NS_MAIN}}}t").text = text
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    os.replace(copy, path)


def run_measured(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    """(exit status, stdout, stderr, peak resident MB) of ``python -m xl_tracker ARGS`` in a child process.

    The child is started by a small launcher process: a child forked from
    this (large) test process would count the test process's pages in its
    peak until it executes the command.
    """
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(out), str(err), sys.executable, "-m", "xl_tracker", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    )
    status, peak_kb = map(int, done.stdout.split())
    return status, out.read_text(), err.read_text(), peak_kb / 1024


@pytest.fixture
def stray_everywhere(tmp_path) -> Path:
    path = build_workbook(tmp_path / "tool.xlsx")
    add_cells(path, {sheet.name: {"XFD1048576": "oops"} for sheet in INPUT_SHEETS})
    return path


def test_a_value_at_xfd1048576_of_every_input_sheet_is_one_issue_each(stray_everywhere):
    data = read_workbook(stray_everywhere)
    outside = [i for i in data.issues if i.rule == "outside-table"]
    assert sorted(i.sheet for i in outside) == sorted(s.name for s in INPUT_SHEETS)
    assert {i.cell for i in outside} == {"XFD1048576"}
    assert all(i.severity == "Warning" and "delete it" in i.message for i in outside)
    members = next(i for i in outside if i.sheet == "Members")
    assert "(A1:I1)" in members.message  # the table read is the header row, not the far cell's rectangle


@pytest.mark.parametrize("command", ["validate", "refresh", "report"])
def test_every_command_survives_the_far_values_within_the_memory_bound(stray_everywhere, command):
    args = {"validate": [], "refresh": [], "report": ["-o", "reports"]}[command]
    status, out, err, peak = run_measured([command, str(stray_everywhere), *args], stray_everywhere.parent)
    assert status in (0, 1), err
    assert "Traceback" not in err and "unexpected failure" not in err
    assert peak <= PEAK_MB, f"{command}: peak {peak:.0f} MB"
    if command == "validate":
        assert out.count("[outside-table]") == len(INPUT_SHEETS)


def test_a_far_value_in_a_read_column_is_reported_and_a_far_note_in_a_near_row_is_ignored(tmp_path):
    path = build_workbook(tmp_path / "tool.xlsx", {"Members": [{"Member ID": "M01", "Full name": "Ann"}]})
    add_cells(path, {"Members": {"A1048576": "M99", "XFD2": "note"}})
    data = read_workbook(path)
    assert [i.cell for i in data.issues if i.rule == "outside-table"] == ["A1048576"]
    assert list(data["Members"].values["Member ID"]) == ["M01"]  # a note beside a row, as any column of one's own


def test_many_far_values_are_listed_up_to_a_cap(tmp_path):
    path = build_workbook(tmp_path / "tool.xlsx")
    add_cells(path, {"Sessions": {f"XF{i}": "x" for i in range(100_000, 100_050)}})
    outside = [i for i in read_workbook(path).issues if i.rule == "outside-table"]
    assert len(outside) == 21
    assert outside[-1].message.startswith("30 more values")


def _xml(rows: str, prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f' xmlns{":" + prefix if prefix else ""}="{NS_MAIN}"'
    return f'<?xml version="1.0"?><{p}worksheet{ns}><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>'.encode()


@pytest.mark.parametrize(
    "rows, expected",
    [
        ('<row r="1"><c r="A1"/><c r="C1"/></row><row r="7"><c r="B7"/></row>', (3, 7, 3)),
        ('<row r="2"><c r=\'AB12\'/></row>', (1, 12, 28)),
        ('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', (1, 1048576, 16384)),
        ('<row><c/><c/></row><row><c/></row>', (3, 2, 2)),  # no references: placed in order
        ('<row r="5"><c/><c r="D5"/><c/></row>', (3, 5, 5)),
    ],
)
def test_reach_finds_the_last_row_and_column(rows, expected):
    for prefix in ("", "x"):
        found = exact_reach(_xml(rows.replace("<c", f"<{prefix}:c").replace("</c", f"</{prefix}:c").replace("<row", f"<{prefix}:row").replace("</row", f"</{prefix}:row") if prefix else rows, prefix))
        assert (found.cells, found.rows, found.columns) == expected
        quick = reach(_xml(rows, ""), 0, 0)
        assert (quick.cells, quick.rows, quick.columns) == expected


def test_reach_gives_bounds_only_when_they_fit_and_never_less_than_the_truth():
    xml = _xml("".join(f'<row r="{r}"><c r="A{r}"/><c r="B{r}"/></row>' for r in range(1, 300)))
    bounded = reach(xml, 1_000_000, 4)
    assert bounded.rows >= 299 and bounded.columns >= 2 and bounded.area <= 1_000_000 and bounded.positions is None
    exact = reach(xml, 10, 0)
    assert (exact.rows, exact.columns) == (299, 2) and exact.positions is not None


def test_reach_across_chunk_boundaries(monkeypatch):
    from xl_tracker.ooxml import sheet_reach

    xml = _xml("".join(f'<row r="{r}"><c r="A{r}"/><c r="AB{r}" t="s"><v>3</v></c></row>' for r in range(1, 2000)))
    whole = reach(xml, 0, 0)
    for chunk in (97, 1000, 4096):
        monkeypatch.setattr(sheet_reach, "_CHUNK", chunk)
        parts = reach(xml, 0, 0)
        assert (parts.cells, parts.rows, parts.columns) == (whole.cells, 1999, 28)
        assert np.array_equal(parts.positions[0], whole.positions[0])


def test_core_box_peels_the_stray_not_the_table():
    rows = np.array([1] * 9 + [2] * 9 + [1048576], np.int32)
    columns = np.array(list(range(1, 10)) * 2 + [16384], np.int32)
    box = core_box(Reach(19, 1048576, 16384, (rows, columns)), 1_000_000)
    assert (box.rows, box.columns, box.outside) == (2, 9, [(1048576, 16384)])


# --- a stray row far below must not push the table's own sparse columns out ---------------------------------


def _measures(n: int) -> list[dict[str, object]]:
    """n measures; only the first gives a Lowest and a Highest valid value (the columns most rows leave blank)."""
    rows = [
        {"Measure ID": f"I01-{k}", "Initiative ID": "I01", "Kind": "Leading", "Measure": f"Measure {k}", "Better when": "Higher",
         "Baseline": 1, "Target": 5}
        for k in range(1, n + 1)
    ]
    rows[0].update({"Lowest valid value": 2, "Highest valid value": 9})
    return rows


def _progress(n: int) -> list[dict[str, object]]:
    rows = [{"Measure ID": "I01-1", "Date": f"2026-05-{k:02d}", "Value": k} for k in range(1, n + 1)]
    rows[0]["Comment"] = "after the review"
    return rows


def test_a_stray_row_far_below_leaves_the_tables_sparse_columns_in_and_only_the_strays_out(tmp_path):
    path = build_workbook(tmp_path / "tool.xlsx", {"Measures": _measures(30), "Progress": _progress(20)})
    add_cells(path, {"Measures": {f"{c}1048576": "x" for c in "ABCDE"}, "Progress": {f"{c}1048576": "x" for c in "AB"}})
    data = read_workbook(path)
    outside = [(i.sheet, i.cell) for i in data.issues if i.rule == "outside-table"]
    assert outside == [*(("Measures", f"{c}1048576") for c in "ABCDE"), ("Progress", "A1048576"), ("Progress", "B1048576")]
    assert all("(A1:M31)" in i.message for i in data.issues if i.sheet == "Measures")
    measures = data["Measures"]
    assert {"Lowest valid value", "Highest valid value"} <= measures.columns.keys()
    assert measures.values.loc[2, ["Lowest valid value", "Highest valid value"]].tolist() == [2, 9]
    assert data["Progress"].values.loc[2, "Comment"] == "after the review"


def _untabled_measures(path: Path) -> Path:
    """A Measures sheet typed without an Excel Table: the header row alone says which columns are the sheet's."""
    wb = xlsxwriter.Workbook(path)
    members = wb.add_worksheet("Members")
    members.write_row(0, 0, ["Member ID", "Full name", "Department"])
    members.write_row(1, 0, ["M01", "Grace", "Nursing"])
    ws = wb.add_worksheet("Measures")
    headers = ["Measure ID", "Initiative ID", "Kind", "Measure", "Unit", "Better when", "Baseline", "Baseline date", "Target",
               "Target date", "Data source", "Lowest valid value", "Highest valid value"]
    ws.write_row(0, 0, headers)
    for r, row in enumerate(_measures(40), start=1):
        for c, header in enumerate(headers):
            if header in row:
                ws.write(r, c, row[header])
    ws.write_string(0, 16383, "my note")  # XFD1: a stray in the header row is no header, and stays out
    for c in range(5):
        ws.write_string(1048575, c, "x")
    wb.close()
    return path


def test_without_a_table_every_column_with_a_known_header_is_kept(tmp_path):
    data = read_workbook(_untabled_measures(tmp_path / "messy.xlsx"))
    outside = [i.cell for i in data.issues if i.rule == "outside-table" and i.sheet == "Measures"]
    assert outside == ["XFD1", *(f"{c}1048576" for c in "ABCDE")]
    assert data["Measures"].values.loc[2, ["Lowest valid value", "Highest valid value"]].tolist() == [2, 9]
    assert len(data["Measures"].values) == 40


def set_table_ref(path: Path, table: str, ref: str) -> None:
    """Give an Excel Table of a workbook file another ref (and its autofilter the same)."""
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/tables/"):
                root = etree.fromstring(data)
                if root.get("name") == table:
                    root.set("ref", ref)
                    for node in root.iter(f"{{{NS_MAIN}}}autoFilter"):
                        node.set("ref", ref)
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    os.replace(copy, path)


def test_a_table_whose_ref_reaches_xfd1048576_does_not_make_the_grid_huge(tmp_path):
    """The table's columns are kept only while the box stays bounded: a ref to the sheet's end keeps nothing."""
    path = build_workbook(tmp_path / "tool.xlsx", {"Measures": _measures(30)})
    set_table_ref(path, "tblMeasures", "A1:XFD1048576")
    add_cells(path, {"Measures": {"XFD1048576": "oops", **{f"{c}1048575": "x" for c in "ABCDE"}}})
    status, out, err, peak = run_measured(["validate", str(path)], path.parent)
    assert status in (0, 1), err
    assert "Traceback" not in err and peak <= PEAK_MB, f"peak {peak:.0f} MB"
    assert out.count("[outside-table]") == 6
    data = read_workbook(path)
    assert len(data["Measures"].values) == 30


def test_core_box_keeps_the_given_rows_and_columns_while_they_fit():
    # A 30-row table A1:M31 whose columns L and M hold two cells each, and a stray row of five values far below.
    cells = [(r, c) for r in range(1, 32) for c in range(1, 12)] + [(1, 12), (1, 13), (2, 12), (2, 13)] + [(1048576, c) for c in range(1, 6)]
    rows, columns = (np.array(v, np.int32) for v in zip(*cells))
    found = Reach(len(cells), 1048576, 13, (rows, columns))
    assert core_box(found, 1_000_000).columns == 11, "peeling alone drops the sparse columns (why the table is kept)"
    box = core_box(found, 1_000_000, (31, 13))
    assert (box.rows, box.columns, box.outside) == (31, 13, [(1048576, c) for c in range(1, 6)])
    too_big = core_box(found, 1_000_000, (1048576, 16384), (0, 13))
    assert (too_big.rows, too_big.columns) == (31, 13), "a rectangle that cannot fit gives way to the next"
    nothing_fits = core_box(found, 1_000, (1048576, 16384))
    assert nothing_fits.rows * nothing_fits.columns <= 1_000
