"""Cell values written by the column-wise worksheet builder read back exactly, whatever mix of types a column holds."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import xlsxwriter
from python_calamine import CalamineWorkbook

from xl_tracker.ooxml.writer import write_output_sheets
from xl_tracker.outputs.model import NUMBER_FORMATS, Emphasis, NumberKind, SheetContent


def source(tmp_path: Path) -> Path:
    path = tmp_path / "user.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Members").write(0, 0, "Member ID")
    wb.close()
    return path


def write(tmp_path: Path, content: SheetContent) -> Path:
    out = tmp_path / "out.xlsx"
    write_output_sheets(source(tmp_path), out, [content])
    return out


def test_floats_round_trip_exactly(tmp_path):
    rng = random.Random(4)
    values = [rng.uniform(-1e6, 1e6) for _ in range(300)] + [0.1 + 0.2, 1 / 3, 5e-324, 1.7976931348623157e308, -0.0, 1e15, 123456789012345.0, 2.5]
    content = SheetContent("Member Results", ("Value",), [(v,) for v in values], kinds=(NumberKind.DECIMAL,), table="tblMemberResults")
    grid = CalamineWorkbook.from_path(str(write(tmp_path, content))).get_sheet_by_name("Member Results").to_python()
    assert [row[0] for row in grid[1:]] == values


def test_a_column_mixing_types_keeps_each_cells_own_type(tmp_path):
    values = [1, 1.0, True, "1", np.float64(0.1), np.int64(7), Decimal("1.5"), dt.date(2026, 3, 1), None, float("nan"), "", False, 0]
    content = SheetContent(
        "Member Results", ("Value", "Label"), [(v, f"row {n}") for n, v in enumerate(values)],
        kinds=(NumberKind.GENERAL, NumberKind.GENERAL), table="tblMemberResults",
        cell_kinds={(8, 0): NumberKind.DATE}, emphasis={(2, 1): Emphasis.NOTE},
    )
    ws = openpyxl.load_workbook(write(tmp_path, content))["Member Results"]
    read = [ws.cell(r, 1).value for r in range(2, len(values) + 2)]
    assert read[:4] == [1, 1, True, "1"]
    assert type(read[2]) is bool and type(read[3]) is str
    assert read[4] == 0.1 and read[5] == 7 and read[6] == 1.5
    assert read[7] == dt.datetime(2026, 3, 1)
    assert read[8:11] == [None, None, None]
    assert read[11] is False and read[12] == 0 and type(read[12]) is int
    assert ws.cell(9, 1).number_format == NUMBER_FORMATS[NumberKind.DATE]
    assert ws.cell(3, 2).font.i and ws.cell(3, 2).value == "row 1" and not ws.cell(4, 2).font.i
    assert [ws.cell(r, 2).value for r in range(2, len(values) + 2)] == [f"row {n}" for n in range(len(values))]


def test_ragged_free_layout_rows_and_row_heights(tmp_path):
    content = SheetContent(
        "About", rows=[("Title",), (), (None, None), ("Made", dt.datetime(2026, 11, 26, 9, 30)), ("a", "b", "c")],
        kinds=(NumberKind.GENERAL, NumberKind.GENERAL), cell_kinds={(3, 1): NumberKind.DATETIME}, row_heights={0: 21.0, 1: 30.0},
    )
    ws = openpyxl.load_workbook(write(tmp_path, content))["About"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=5, max_col=3)] == [
        ["Title", None, None], [None, None, None], [None, None, None],
        ["Made", dt.datetime(2026, 11, 26, 9, 30), None], ["a", "b", "c"],
    ]
    assert ws.row_dimensions[1].height == 21 and ws.row_dimensions[2].height == 30
    assert ws["B4"].number_format == NUMBER_FORMATS[NumberKind.DATETIME]


def test_a_column_of_distinct_measurements_leaves_nan_and_infinity_blank(tmp_path):
    values = [n / 7 for n in range(1, 40)] + [float("nan"), float("inf"), -float("inf"), None, 3.0, -0.0]
    content = SheetContent("Member Results", ("Value",), [(v,) for v in values], kinds=(NumberKind.PERCENT,), table="tblMemberResults")
    grid = CalamineWorkbook.from_path(str(write(tmp_path, content))).get_sheet_by_name("Member Results").to_python()
    read = [row[0] for row in grid[1:]]
    assert read[:39] == values[:39]
    assert read[39:43] == ["", "", "", ""] and read[43:] == [3.0, 0.0]
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["Member Results"]
    assert ws["A2"].number_format == NUMBER_FORMATS[NumberKind.PERCENT] and ws["A41"].value is None and ws["A45"].value == 3


def test_a_large_sheet_deflated_ahead_in_a_thread_is_the_same_file(tmp_path, monkeypatch):
    from xl_tracker.ooxml import writer

    rows = [(f"M{n:04d}", f"Member {n}", n / 3) for n in range(4000)]
    content = SheetContent("Member Results", ("Member ID", "Full name", "Change"), rows, kinds=(NumberKind.GENERAL,) * 3, table="tblMemberResults")
    book = source(tmp_path)
    ahead, inline = tmp_path / "ahead.xlsx", tmp_path / "inline.xlsx"
    write_output_sheets(book, ahead, [content])
    monkeypatch.setattr(writer, "DEFLATE_AHEAD_FROM", 10**12)
    write_output_sheets(book, inline, [content])
    assert ahead.read_bytes() == inline.read_bytes()
    grid = CalamineWorkbook.from_path(str(ahead)).get_sheet_by_name("Member Results").to_python()
    assert [tuple(r) for r in grid[1:]] == [(a, b, c) for a, b, c in rows]


def test_a_column_built_in_one_join_equals_each_cell_built_alone():
    """The column-wise paths (numbers repr'd by map, plain texts joined) give the cells cell_xml gives one by one."""
    from xl_tracker.ooxml.worksheet import EPOCH_1900, _cell, _number_cells, _text_cells

    rng = random.Random(7)
    numbers = [rng.uniform(-1e6, 1e6) for _ in range(200)] + [
        None, 0.0, -0.0, 5.0, -12.0, 0.1, 1e-7, 1e15 - 1, 1e16, 123456789.0, float("nan"), float("inf"), -float("inf"),
    ]
    for style in (0, 7):
        built = _number_cells(numbers, style)
        alone = ["" if v is None else _cell(v, style, EPOCH_1900) for v in numbers]
        assert built == alone
    plain = ["M01", "Improve ANC coverage", "a b", "ü ∑ 中文", "x" * 40]
    awkward = plain + [" lead", "trail ", "\ttab", "two\nlines", "R&D <b>", "_x0041_", "bell\x07", "\x00nul", "y" * 40000]
    for texts in (plain, awkward):
        for style in (0, 3):
            built = _text_cells(texts, style)
            assert built == {t: _cell(t, style, EPOCH_1900) for t in texts}
