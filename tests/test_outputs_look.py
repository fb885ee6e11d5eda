"""One description of how a cell looks (outputs.model.LOOKS), rendered the same by the file writer and the xlwings writer."""

from __future__ import annotations

import warnings

import openpyxl
import pytest

import fake_xlwings
from xl_tracker import excel
from xl_tracker.ooxml.writer import PackageOutputWriter
from xl_tracker.outputs.model import LOOKS, Emphasis, NumberKind, SheetContent
from xl_tracker.template import build_workbook


def _content() -> SheetContent:
    """A free-layout sheet with one cell of every emphasis in column A, and a table sheet for the header look."""
    emphases = [e for e in Emphasis if e is not Emphasis.NORMAL]
    rows = [(e.value,) for e in emphases]
    return SheetContent(
        name="Dashboard",
        rows=rows,
        kinds=(NumberKind.GENERAL,),
        emphasis={(r, 0): e for r, e in enumerate(emphases)},
    )


def _argb(colour: str | None) -> str | None:
    return None if colour is None else "FF" + colour.lstrip("#").upper()


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("look")
    source = build_workbook(folder / "tracker.xlsx")
    target = folder / "written.xlsx"
    PackageOutputWriter(source, target).write_sheets([_content()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        file_sheet = openpyxl.load_workbook(target)["Dashboard"]
    book = fake_xlwings.Book.from_file(source)
    excel.XlwingsOutputWriter(book).write_sheets([_content()])
    return file_sheet, book.sheets["Dashboard"]


@pytest.mark.parametrize("emphasis", [e for e in Emphasis if e is not Emphasis.NORMAL], ids=lambda e: e.value)
def test_both_writers_render_the_models_look(written, emphasis):
    file_sheet, xl_sheet = written
    row = [e for e in Emphasis if e is not Emphasis.NORMAL].index(emphasis) + 1
    look = LOOKS[emphasis]
    in_file = file_sheet.cell(row, 1)
    on_screen = xl_sheet.cells[(row, 1)]
    assert bool(in_file.font.b) == on_screen.bold == look.bold
    assert bool(in_file.font.i) == on_screen.italic == look.italic
    assert (in_file.font.u is not None) == look.underline  # xlwings' Font has no underline: file writer only
    assert in_file.font.sz == on_screen.size == (look.size or 11)
    file_colour = in_file.font.color.rgb if in_file.font.color is not None and in_file.font.color.type == "rgb" else None
    assert file_colour == _argb(on_screen.font_color) == _argb(look.colour)
    file_fill = in_file.fill.fgColor.rgb if in_file.fill.fill_type == "solid" else None
    assert file_fill == _argb(on_screen.fill) == _argb(look.fill)
    assert bool(in_file.alignment.wrap_text) == on_screen.wrap_text == look.wrap
    assert in_file.alignment.vertical == on_screen.vertical_alignment == look.vertical


def test_table_headers_look_the_same_in_both_writers(written, tmp_path):
    content = SheetContent(name="Issues", headers=("A", "B"), rows=[(1, 2)], kinds=(NumberKind.GENERAL,) * 2, table="tblIssues")
    source = build_workbook(tmp_path / "tracker.xlsx")
    PackageOutputWriter(source, tmp_path / "out.xlsx").write_sheets([content])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        header = openpyxl.load_workbook(tmp_path / "out.xlsx")["Issues"].cell(1, 1)
    book = fake_xlwings.Book.from_file(source)
    excel.XlwingsOutputWriter(book).write_sheets([content])
    on_screen = book.sheets["Issues"].cells[(1, 1)]
    look = LOOKS[Emphasis.HEADER]
    assert header.font.b and on_screen.bold and look.bold
    assert header.fill.fgColor.rgb == _argb(on_screen.fill) == _argb(look.fill)
    assert header.alignment.wrap_text and on_screen.wrap_text
    assert header.alignment.vertical == on_screen.vertical_alignment == look.vertical
