"""`xl-tracker doctor`: what it finds on a workbook and this Python, its exit status and the steps it prints."""

from __future__ import annotations

import sys

import pytest

from xl_tracker.cli import main
from xl_tracker.doctor import ATTENTION, OK, check_python, run_doctor, steps
from xl_tracker.ribbon import build_macro_workbook
from xl_tracker.template import build_workbook


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory):
    return build_macro_workbook(tmp_path_factory.mktemp("doctor") / "Tracker.xlsm", python=sys.executable, platform="win32")


def _by_name(report):
    return {c.name: c for c in report.checks}


def test_a_fresh_workbook_on_its_own_python_is_all_good(xlsm, capsys):
    import xlwings

    report = run_doctor(xlsm, platform="win32")
    checks = _by_name(report)
    assert checks["Workbook VBA"].status == OK and xlwings.__version__ in checks["Workbook VBA"].detail
    assert checks["Workbook Python"].status == OK
    assert main(["doctor", str(xlsm)]) == 0
    out = capsys.readouterr().out
    assert "[ok] Workbook VBA: Tracker.xlsm carries the VBA of xlwings" in out and out.rstrip().endswith("All good.")


def test_vba_of_another_xlwings_needs_attention(xlsm, tmp_path, capsys):
    from pyopenvba import ExcelFile

    old = tmp_path / "Old.xlsm"
    with ExcelFile(xlsm) as book:
        source = book.get_module("xlwings")
        book.set_module("xlwings", source.replace('XLWINGS_VERSION As String = "0.37.8"', 'XLWINGS_VERSION As String = "0.30.10"'))
        book.save(old)
    check = _by_name(run_doctor(old, platform="win32"))["Workbook VBA"]
    assert check.status == ATTENTION
    assert "xlwings 0.30.10" in check.detail and "xlwings 0.37.8" in check.detail and "xlwings==0.30.10" in check.fix
    assert main(["doctor", str(old)]) == 1
    assert "[!!] Workbook VBA" in capsys.readouterr().out


def test_a_workbook_naming_a_missing_python(tmp_path):
    path = build_macro_workbook(tmp_path / "Other.xlsm", python=r"C:\Nowhere\python.exe", platform="win32")
    check = _by_name(run_doctor(path, platform="win32"))["Workbook Python"]
    assert check.status == ATTENTION and r"C:\Nowhere\python.exe" in check.detail and sys.executable in check.fix


def test_an_xlsx_has_no_buttons(tmp_path):
    check = _by_name(run_doctor(build_workbook(tmp_path / "Plain.xlsx"), platform="win32"))["Workbook"]
    assert check.status == ATTENTION and "xl-tracker new Tracker.xlsm" in check.fix


def test_old_python_needs_attention():
    assert check_python((3, 9, 18)).status == ATTENTION
    assert check_python((3, 12, 1)).status == OK


def test_steps_per_platform():
    windows = " ".join(steps("win32"))
    assert "Unblock" in windows and "Trust Center" in windows and "Trusted Locations" in windows
    assert "xlwings runpython install" in " ".join(steps("darwin"))
