"""`xl-tracker doctor`: what it finds on a workbook and this Python, its exit status and the steps it prints."""

from __future__ import annotations

import sys
import zipfile

import pytest

from xl_tracker.cli import main
from xl_tracker.doctor import (
    ATTENTION,
    INFO,
    OK,
    check_child_processes,
    check_interpreter,
    check_python,
    run_doctor,
    steps,
)
from xl_tracker.ribbon import COUNTY_PYTHON_WIN, build_macro_workbook
from xl_tracker.ribbon.interpreter import expand
from xl_tracker.template import build_workbook


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory):
    return build_macro_workbook(tmp_path_factory.mktemp("doctor") / "Tracker.xlsm", interpreter_win=sys.executable)


def _by_name(report):
    return {c.name: c for c in report.checks}


def test_a_workbook_naming_this_python_is_all_good(xlsm, capsys):
    """The interpreter is really run: it imports xl_tracker and its xlwings equals the workbook's VBA."""
    import xlwings

    report = run_doctor(xlsm, platform="win32")
    checks = _by_name(report)
    assert checks["Workbook VBA"].status == OK and xlwings.__version__ in checks["Workbook VBA"].detail
    assert checks["Workbook Python"].status == OK, checks["Workbook Python"]
    assert f"xlwings {xlwings.__version__}" in checks["Workbook Python"].detail
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
    checks = _by_name(run_doctor(old, platform="win32"))
    check = checks["Workbook VBA"]
    assert check.status == ATTENTION
    assert "xlwings 0.30.10" in check.detail and "xlwings 0.37.8" in check.detail and "xlwings==0.30.10" in check.fix
    python = checks["Workbook Python"]
    assert python.status == ATTENTION and "differs from the workbook's xlwings VBA 0.30.10" in python.detail
    assert main(["doctor", str(old)]) == 1
    assert "[!!] Workbook VBA" in capsys.readouterr().out


def _interpreter(value, platform="win32", probe=None, user="chmt"):
    return check_interpreter(value, "Interpreter_Win" if platform == "win32" else "Interpreter_Mac", platform,
                             "0.37.8", "Tracker.xlsm", probe or (lambda path: ("0.37.8", "")), user)


def test_a_blank_interpreter_fails_with_the_fix():
    check = _interpreter("")
    assert check.status == ATTENTION and "blank" in check.detail
    assert COUNTY_PYTHON_WIN in check.fix and "Interpreter_Win" in check.fix


def test_another_users_interpreter_fails_with_the_fix():
    check = _interpreter(r"C:\Users\builder\AppData\Local\xl-tracker\venv\Scripts\python.exe")
    assert check.status == ATTENTION and "another user (builder)" in check.detail and COUNTY_PYTHON_WIN in check.fix
    mac = _interpreter("/Users/builder/.xl-tracker/venv/bin/python", platform="darwin")
    assert mac.status == ATTENTION and "builder" in mac.detail


def test_a_missing_interpreter_fails_with_the_install_fix():
    check = _interpreter(r"C:\Nowhere\python.exe")
    assert check.status == ATTENTION and "does not exist" in check.detail and "install" in check.fix


def test_variables_are_expanded_before_checking(tmp_path, monkeypatch):
    python = tmp_path / "xl-tracker" / "venv" / "Scripts" / "python.exe"
    python.parent.mkdir(parents=True)
    python.write_text("")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    assert expand(COUNTY_PYTHON_WIN, "win32").replace("\\", "/") == str(python).replace("\\", "/")
    seen = []
    check = _interpreter(r"%LOCALAPPDATA%/xl-tracker/venv/Scripts/python.exe",
                         probe=lambda path: (seen.append(path), ("0.37.8", ""))[1])
    assert check.status == OK and seen
    monkeypatch.setenv("HOME", str(tmp_path))
    assert expand("$HOME/.xl-tracker/venv/bin/python", "darwin") == str(tmp_path / ".xl-tracker/venv/bin/python")
    assert expand("$PYTHONHOME/bin/python", "darwin") is None


def test_a_python_without_xl_tracker_fails_with_the_fix(tmp_path):
    """A real Python that cannot import xl_tracker: the system Python with an empty path."""
    import subprocess

    bare = tmp_path / "bare" / "bin" / "python"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "bare")], check=True)
    check = check_interpreter(str(bare), "Interpreter_Win", "win32", "0.37.8", "Tracker.xlsm", user="chmt")
    assert check.status == ATTENTION and "cannot import xl-tracker" in check.detail
    assert f'"{bare}" -m pip install xl-tracker' in check.fix


def test_lost_code_names_are_reported(xlsm, tmp_path):
    lost = tmp_path / "Lost.xlsm"
    with zipfile.ZipFile(xlsm) as src, zipfile.ZipFile(lost, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b' codeName="Sheet2"', b"")
            out.writestr(item, data)
    check = _by_name(run_doctor(lost, platform="win32"))["Sheet code names"]
    assert check.status == ATTENTION and "LibreOffice" in check.detail and "xl-tracker new" in check.fix


def test_defender_child_process_block_is_explained():
    blocked = check_child_processes("win32", read=lambda: "1")
    assert blocked.status == ATTENTION and "error 70" in blocked.detail and "xl-tracker refresh" in blocked.fix
    assert check_child_processes("win32", read=lambda: "2").status == INFO
    assert check_child_processes("win32", read=lambda: None).status == OK
    assert check_child_processes("darwin", read=lambda: "1") is None


def test_an_xlsx_has_no_buttons(tmp_path):
    check = _by_name(run_doctor(build_workbook(tmp_path / "Plain.xlsx"), platform="win32"))["Workbook"]
    assert check.status == ATTENTION and "xl-tracker new Tracker.xlsm" in check.fix


def test_old_python_needs_attention():
    assert check_python((3, 9, 18)).status == ATTENTION
    assert check_python((3, 12, 1)).status == OK


def test_steps_per_platform():
    windows = " ".join(steps("win32", "County.xlsm"))
    assert "Unblock" in windows and "Unblock-File" in windows and "Trusted Locations" in windows
    assert "Allow Trusted Locations on my network" in windows
    assert "Disable VBA macros with notification" in windows and "Disable all macros with notification" in windows
    assert "error 70" in windows and 'xl-tracker refresh "County.xlsm"' in windows
    assert "xlwings runpython install" in " ".join(steps("darwin"))
