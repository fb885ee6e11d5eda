"""Files that are not readable tracking tools: one clear line, exit status 2, no traceback, the file untouched."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from xl_tracker.errors import UnreadableWorkbook
from xl_tracker.ooxml import package
from xl_tracker.reader import read_workbook
from xl_tracker.template import build_workbook


def _csv(p: Path) -> None:
    p.write_text("Member ID,Full name,Department\nM01,Grace,Nursing\n", encoding="utf-8")


def _empty(p: Path) -> None:
    p.write_bytes(b"")


def _old_xls(p: Path) -> None:
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024 + "Workbook".encode("utf-16-le") + b"\x00" * 512)


def _encrypted(p: Path) -> None:
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512)


def _ods(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")


def _docx(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")


def _truncated(p: Path) -> None:
    full = p.with_suffix(".full.xlsx")
    build_workbook(full)
    p.write_bytes(full.read_bytes()[:5000])
    full.unlink()


def _zip_bomb(p: Path) -> None:
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))


def _not_a_tracking_tool(p: Path) -> None:
    wb = xlsxwriter.Workbook(p)
    wb.add_worksheet("Budget").write_string(0, 0, "Item")
    wb.close()


def _no_content_types(p: Path) -> None:
    build_workbook(p.with_suffix(".whole.xlsx"))
    with zipfile.ZipFile(p.with_suffix(".whole.xlsx")) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != "[Content_Types].xml":
                zout.writestr(info, zin.read(info.filename))
    p.with_suffix(".whole.xlsx").unlink()


def _html(p: Path) -> None:
    p.write_text("<html><body><table><tr><td>M01</td></tr></table></body></html>", encoding="utf-8")


CASES = {
    "csv renamed": (_csv, "CSV"),
    "empty file": (_empty, "empty"),
    "old xls renamed": (_old_xls, ".xls"),
    "encrypted": (_encrypted, "password"),
    "ods": (_ods, ".ods"),
    "word document": (_docx, "not an Excel workbook"),
    "truncated": (_truncated, "damaged"),
    "zip bomb": (_zip_bomb, "zip bomb"),
    "not a tracking tool": (_not_a_tracking_tool, "not a tracking-tool workbook"),
    "html saved as xlsx": (_html, "HTML"),
    "no content types": (_no_content_types, "[Content_Types].xml is missing"),
}


@pytest.fixture(params=sorted(CASES), ids=str)
def bad_file(request, tmp_path) -> tuple[Path, str]:
    make, words = CASES[request.param]
    path = tmp_path / "tracker.xlsx"
    make(path)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    return path, words


def test_read_workbook_raises_a_plain_message(bad_file):
    path, words = bad_file
    with pytest.raises(UnreadableWorkbook) as info:
        read_workbook(path)
    message = str(info.value)
    assert words in message and "\n" not in message and str(path) in message


def test_cli_says_one_line_exits_2_and_leaves_the_file_alone(bad_file):
    path, words = bad_file
    before = path.read_bytes()
    result = subprocess.run([sys.executable, "-m", "xl_tracker", "validate", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0]
    assert path.read_bytes() == before and path.stat().st_mtime == 1_700_000_000


def test_total_unpacked_size_is_capped(tmp_path, monkeypatch):
    path = build_workbook(tmp_path / "big.xlsx")
    monkeypatch.setattr(package, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(UnreadableWorkbook, match="limit"):
        read_workbook(path)


@pytest.mark.parametrize("name", ["does-not-exist.xlsx", ""])
def test_missing_path_or_folder(tmp_path, name):
    with pytest.raises(UnreadableWorkbook):
        read_workbook(tmp_path / name)


@pytest.mark.parametrize("command", [["validate"], ["refresh"], ["report", "-o", "reports"]])
def test_every_command_refuses_a_damaged_package_alike(tmp_path, command):
    path = tmp_path / "tracker.xlsx"
    _no_content_types(path)
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "xl_tracker", command[0], str(path), *command[1:]],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"xl-tracker: {path} is damaged: its part [Content_Types].xml is missing: use a saved copy or the backup"
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.xlsx"]
