"""The ribbon survives other tools' saves: a refresh restores the ribbon's relationship when its part is still there."""

from __future__ import annotations

import warnings
import zipfile

import openpyxl

from xl_tracker.api import new_workbook, refresh
from xl_tracker.ooxml.custom_ui import RT_UI_EXTENSIBILITY, custom_ui_of


def test_an_xlsm_saved_by_openpyxl_gets_its_ribbon_back(tmp_path):
    made = new_workbook(tmp_path / "tool.xlsm")
    ribbon = custom_ui_of(made)
    assert ribbon is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(made, keep_vba=True)
        book.save(tmp_path / "saved.xlsm")
    saved = tmp_path / "saved.xlsm"
    assert custom_ui_of(saved) is None  # the part is there, its relationship is gone
    with zipfile.ZipFile(saved) as z:
        assert "customUI/customUI14.xml" in z.namelist()
    refresh(saved)
    assert custom_ui_of(saved) == ribbon
    with zipfile.ZipFile(saved) as z:
        rels = z.read("_rels/.rels").decode()
    assert rels.count(RT_UI_EXTENSIBILITY) == 1


def test_a_workbook_with_its_ribbon_keeps_the_package_relationships_as_they_were(tmp_path):
    made = new_workbook(tmp_path / "tool.xlsm")
    with zipfile.ZipFile(made) as z:
        before = z.read("_rels/.rels")
    refresh(made)
    with zipfile.ZipFile(made) as z:
        assert z.read("_rels/.rels") == before


def test_a_plain_workbook_gets_no_ribbon(tmp_path):
    made = new_workbook(tmp_path / "tool.xlsx")
    refresh(made)
    assert custom_ui_of(made) is None
