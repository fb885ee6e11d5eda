"""A refresh changes the workbook completely or not at all: locked, read-only and failing at every step."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from pathlib import Path

import pytest

from xl_tracker.api import refresh
from xl_tracker.cli import main
from xl_tracker.errors import WorkbookError
from xl_tracker.safe_write import BACKUP_FOLDER, KEEP_BACKUPS, TEMP_PREFIX, WorkbookLocked, WorkbookReadOnly, backup, backups_of


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory) -> Path:
    from xl_tracker.demo import build_demo_workbook

    return build_demo_workbook(tmp_path_factory.mktemp("demo") / "demo.xlsx")


@pytest.fixture
def workbook(demo_source, tmp_path) -> Path:
    path = tmp_path / "tracker.xlsx"
    shutil.copyfile(demo_source, path)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX) or p.name.endswith(".part"))


def assert_untouched(path: Path, original: bytes) -> None:
    assert path.read_bytes() == original
    assert leftovers(path.parent) == []


def test_refresh_replaces_the_file_and_keeps_the_previous_version(workbook):
    original = workbook.read_bytes()
    mode = stat.S_IMODE(workbook.stat().st_mode)
    result = refresh(workbook)
    assert workbook.read_bytes() != original
    assert result.backup is not None and result.backup.parent == workbook.parent / BACKUP_FOLDER
    assert result.backup.read_bytes() == original
    assert stat.S_IMODE(workbook.stat().st_mode) == mode
    assert leftovers(workbook.parent) == []


def test_only_the_last_backups_are_kept(workbook):
    start = dt.datetime(2026, 11, 26, 8, 0)
    for n in range(KEEP_BACKUPS + 3):
        backup(workbook, now=start + dt.timedelta(minutes=n))
    kept = backups_of(workbook)
    assert len(kept) == KEEP_BACKUPS
    assert kept[0].name == f"tracker.{(start + dt.timedelta(minutes=3)):%Y%m%d-%H%M%S-%f}.xlsx"


def test_a_workbook_open_in_excel_is_refused_and_left_alone(workbook, capsys):
    original = workbook.read_bytes()
    (workbook.parent / f"~${workbook.name}").write_bytes(b"owner")
    with pytest.raises(WorkbookLocked, match="open in Excel"):
        refresh(workbook)
    assert_untouched(workbook, original)
    assert main(["refresh", str(workbook)]) == 2
    assert "close the workbook in Excel" in capsys.readouterr().err
    assert_untouched(workbook, original)
    assert not (workbook.parent / BACKUP_FOLDER).exists()


def test_a_read_only_workbook_is_refused(workbook):
    original = workbook.read_bytes()
    workbook.chmod(0o444)
    try:
        with pytest.raises(WorkbookReadOnly, match="read-only"):
            refresh(workbook)
    finally:
        workbook.chmod(0o644)
    assert_untouched(workbook, original)


def test_a_read_only_folder_is_refused(workbook):
    original = workbook.read_bytes()
    folder = workbook.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(WorkbookReadOnly, match="folder"):
            refresh(workbook)
    finally:
        folder.chmod(0o755)
    assert_untouched(workbook, original)


def test_output_elsewhere_leaves_the_original_alone(workbook, tmp_path):
    original = workbook.read_bytes()
    out = tmp_path / "out" / "refreshed.xlsx"
    out.parent.mkdir()
    result = refresh(workbook, out)
    assert result.path == out and out.exists()
    assert workbook.read_bytes() == original


def _boom(*args, **kwargs):
    raise OSError("injected failure")


def _write_half_then_fail(self, sheets):
    self.target.write_bytes(b"PK\x03\x04 half a workbook")
    raise OSError("disk full (injected)")


def _corrupting_writer(self, sheets):
    """Writes a valid package that lacks the last output sheet: verification must catch it."""
    from xl_tracker.ooxml.writer import write_output_sheets

    self.rewritten = write_output_sheets(self.source, self.target, list(sheets)[:-1])


@pytest.mark.parametrize(
    "target, replacement",
    [
        ("xl_tracker.safe_write.tempfile.mkstemp", _boom),
        ("xl_tracker.ooxml.writer.PackageOutputWriter.write_sheets", _write_half_then_fail),
        ("xl_tracker.ooxml.writer.PackageOutputWriter.write_sheets", _corrupting_writer),
        ("xl_tracker.outputs.verify.verify_written", _boom),
        ("xl_tracker.safe_write.backup", _boom),
        ("xl_tracker.safe_write.replace_file", _boom),
        ("xl_tracker.safe_write.os.replace", _boom),
        ("xl_tracker.safe_write.os.chmod", _boom),
        ("xl_tracker.outputs.sheets.output_sheets", _boom),
    ],
    ids=["make-temp", "write", "write-wrong-file", "verify", "backup", "replace", "rename", "permissions", "build"],
)
def test_a_failure_at_any_step_leaves_the_original_intact(workbook, monkeypatch, target, replacement):
    original = workbook.read_bytes()
    monkeypatch.setattr(target, replacement)
    with pytest.raises((OSError, WorkbookError)):
        refresh(workbook)
    assert_untouched(workbook, original)


def test_a_file_windows_will_not_let_go_of_gets_a_clear_message_and_exit_2(workbook, monkeypatch, capsys):
    def held_by_excel(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    original = workbook.read_bytes()
    monkeypatch.setattr("xl_tracker.safe_write.os.replace", held_by_excel)
    assert main(["refresh", str(workbook)]) == 2
    err = capsys.readouterr().err
    assert "could not be replaced" in err and "close it and try again" in err
    assert_untouched(workbook, original)


def test_a_replace_that_fails_leaves_no_backup_folder_behind(workbook, monkeypatch):
    def refused(src, dst):
        raise PermissionError(1, "Operation not permitted")

    original = workbook.read_bytes()
    monkeypatch.setattr("xl_tracker.safe_write.os.replace", refused)
    with pytest.raises(WorkbookError):
        refresh(workbook)
    assert_untouched(workbook, original)
    assert not (workbook.parent / BACKUP_FOLDER).exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_file_of_another_user_in_a_sticky_folder_is_refused_before_anything_is_written(workbook, monkeypatch, capsys):
    folder = workbook.parent / "common"
    folder.mkdir()
    folder.chmod(0o1777)
    theirs = folder / "tracker.xlsx"
    shutil.copyfile(workbook, theirs)
    theirs.chmod(0o666)
    os.chown(theirs, 4242, 4242)
    os.chown(folder, 4343, 4343)
    monkeypatch.setattr("xl_tracker.safe_write.os.geteuid", lambda: 4141)  # as an ordinary user, not root
    original = theirs.read_bytes()
    assert main(["refresh", str(theirs)]) == 2
    err = capsys.readouterr().err
    assert "belongs to another user" in err and "Excel" not in err
    assert_untouched(theirs, original)
    assert not (folder / BACKUP_FOLDER).exists()
