"""``xl-tracker refresh``: exit status, summary, -o, and what a bad file gets."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from xl_tracker.cli import main
from xl_tracker.contract import ISSUES, OUTPUT_SHEETS
from xl_tracker.template import build_workbook


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory) -> Path:
    from xl_tracker.demo import build_demo_workbook

    return build_demo_workbook(tmp_path_factory.mktemp("demo") / "demo.xlsx")


def test_errors_give_exit_1_and_results_are_still_written(demo_source, tmp_path, capsys):
    path = tmp_path / "demo.xlsx"
    shutil.copyfile(demo_source, path)
    assert main(["refresh", str(path)]) == 1
    out = capsys.readouterr().out
    assert "errors" in out and "Issues sheet" in out
    assert "Headline: average increase from baseline" in out and "n = " in out and "scale 1–5" in out
    book = CalamineWorkbook.from_path(str(path))
    issues = book.get_sheet_by_name(ISSUES.name).to_python()
    assert tuple(issues[0]) == ISSUES.headers
    assert any(row[0] == "Error" for row in issues[1:])
    assert set(book.sheet_names) >= {s.name for s in OUTPUT_SHEETS}


def test_a_clean_workbook_gives_exit_0(tmp_path, capsys):
    path = build_workbook(tmp_path / "clean.xlsx")
    assert main(["refresh", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Issues: none." in out or "0 errors" in out
    assert "Headline: not computed yet" in out


def test_output_option_writes_elsewhere(demo_source, tmp_path):
    source = tmp_path / "in.xlsx"
    shutil.copyfile(demo_source, source)
    before = source.read_bytes()
    out = tmp_path / "out.xlsx"
    assert main(["refresh", str(source), "-o", str(out)]) == 1
    assert source.read_bytes() == before
    assert ISSUES.name in CalamineWorkbook.from_path(str(out)).sheet_names


@pytest.mark.parametrize("content, message", [(b"a,b\n1,2\n", "CSV"), (b"", "empty")])
def test_a_file_that_is_not_a_workbook_gives_exit_2_and_stays(tmp_path, capsys, content, message):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    assert main(["refresh", str(path)]) == 2
    assert message in capsys.readouterr().err
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx"]


def test_a_missing_file_gives_exit_2(tmp_path, capsys):
    assert main(["refresh", str(tmp_path / "nope.xlsx")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_command_runs_as_a_program(demo_source, tmp_path):
    path = tmp_path / "demo.xlsx"
    shutil.copyfile(demo_source, path)
    done = subprocess.run([sys.executable, "-m", "xl_tracker", "refresh", str(path)], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert "Results written to" in done.stdout


def test_the_macro_enabled_tool_keeps_its_vba_and_ribbon(tmp_path):
    import re
    import zipfile

    from xl_tracker.api import new_workbook

    path = new_workbook(tmp_path / "tracker.xlsm")
    before = path.read_bytes()
    assert main(["refresh", str(path)]) == 0
    with zipfile.ZipFile(tmp_path / ".xl-tracker-backups" / next(p.name for p in (tmp_path / ".xl-tracker-backups").iterdir())) as old, zipfile.ZipFile(path) as new:
        assert old.read("xl/vbaProject.bin") == new.read("xl/vbaProject.bin")
        assert old.read("_rels/.rels") == new.read("_rels/.rels")
        kept = [n for n in old.namelist() if "customUI" in n or n.startswith("docProps/") or n == "xl/workbook.xml"]
        assert kept and all(old.read(n) == new.read(n) for n in kept)
        code_name = re.compile(rb"<sheetPr[^>]*codeName=\"([^\"]+)\"")
        sheets = [n for n in old.namelist() if n.startswith("xl/worksheets/sheet")]
        before = {n: code_name.search(old.read(n)) for n in sheets}
        assert all(before.values()), "the macro-enabled tool names every sheet's VBA module"
        assert {n: code_name.search(new.read(n)).group(1) for n in sheets} == {n: m.group(1) for n, m in before.items()}
    assert path.read_bytes() != before


def test_a_refusal_names_the_users_workbook_not_the_snapshot_it_read(demo_source, tmp_path, capsys):
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    path = tmp_path / "County tracker.xlsx"
    book = openpyxl.load_workbook(demo_source)
    chart = BarChart()
    chart.add_data(Reference(book["Members"], min_col=1, min_row=1, max_row=3))
    del book["Trends"]
    book.create_chartsheet("Trends").add_chart(chart)  # where the refresh writes an output sheet
    book.save(path)
    before = path.read_bytes()
    assert main(["refresh", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: the sheet 'Trends' is not a worksheet" in err and ".~xl-tracker" not in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["out.docx", "out.xlsm", "out"])
def test_an_output_named_as_another_kind_of_file_is_refused_before_anything_is_written(demo_source, tmp_path, capsys, name):
    out = tmp_path / name
    assert main(["refresh", str(demo_source), "-o", str(out)]) == 2
    assert "give a path ending in .xlsx" in capsys.readouterr().err
    assert not out.exists() and list(tmp_path.iterdir()) == []
