"""Fault injection: another program saves the workbook at each step of a refresh, a lock appears, a refresh is killed.

A save is done the way Excel, LibreOffice and sync clients do it (write a
new file, rename it over the workbook) or in place (same inode, rewritten).
Whatever the moment, the other program's save must be on disk afterwards,
and the file must never hold results computed from other inputs than its own.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from xl_tracker import workbook_refresh
from xl_tracker.api import refresh
from xl_tracker.cli import main
from xl_tracker.safe_write import BACKUP_FOLDER, TEMP_PREFIX, WorkbookChanged, WorkbookLocked, backups_of, clean_stale_temps, held_temp
from xl_tracker.template import build_workbook

OURS = [{"Member ID": f"M{n:02d}", "Full name": f"Member {n}", "Role": "Nurse", "Department": "Nursing", "Start date": None} for n in range(1, 4)]
THEIRS = [{"Member ID": f"T{n:02d}", "Full name": f"Theirs {n}", "Role": "Clerk", "Department": "Records", "Start date": None} for n in range(1, 3)]


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> tuple[bytes, bytes]:
    """(the workbook as the refresh finds it, the version another program saves meanwhile)."""
    folder = tmp_path_factory.mktemp("books")
    ours = build_workbook(folder / "ours.xlsx", {"Members": OURS})
    theirs = build_workbook(folder / "theirs.xlsx", {"Members": THEIRS})
    return ours.read_bytes(), theirs.read_bytes()


@pytest.fixture
def workbook(books, tmp_path) -> Path:
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(books[0])
    return path


def save_by_rename(path: Path, content: bytes) -> None:
    """What Excel does: write a new file beside, rename it over the workbook."""
    temp = path.with_name("their-save.tmp")
    temp.write_bytes(content)
    os.replace(temp, path)


def save_in_place(path: Path, content: bytes) -> None:
    """What some programs do: truncate and rewrite the same file (same inode)."""
    with open(path, "r+b") as fh:
        fh.truncate(0)
        fh.write(content)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # even with the time kept as it was, the content gives it away


def members_in_results(path: Path) -> list[str]:
    with CalamineWorkbook.from_path(str(path)) as book:
        if "Engagement" not in book.sheet_names:
            return []
        rows = book.get_sheet_by_name("Engagement").to_python()
    return sorted({str(r[0]) for r in rows[1:] if r and r[0]})


def debris(folder: Path) -> list[str]:
    found = [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]
    backups = folder / BACKUP_FOLDER
    if backups.is_dir():
        found += [p.name for p in backups.iterdir() if p.name.startswith(TEMP_PREFIX) or p.name.endswith(".part")]
    return found


STEPS = {
    "before-read": ("xl_tracker.workbook_refresh.read_workbook", 0),
    "during-compute": ("xl_tracker.workbook_refresh.run_on_data", 0),
    "during-build": ("xl_tracker.outputs.sheets.output_sheets", 0),
    "during-write": ("xl_tracker.ooxml.writer.PackageOutputWriter.write_sheets", 0),
    "during-verify": ("xl_tracker.outputs.verify.verify_written", 0),
    "during-backup": ("xl_tracker.safe_write.backup", 0),
    "just-before-replace": ("xl_tracker.safe_write.still_same", 0),
}


@pytest.mark.parametrize("how", [save_by_rename, save_in_place], ids=["rename", "in-place"])
@pytest.mark.parametrize("step", list(STEPS))
def test_a_save_at_any_step_is_never_lost_nor_paired_with_stale_results(workbook, books, monkeypatch, capsys, step, how):
    target, _ = STEPS[step]
    module_name, attr = target.rsplit(".", 1)
    owner = _resolve(module_name)
    real = getattr(owner, attr)
    saved = []

    def saving(*args, **kwargs):
        if not saved:
            how(workbook, books[1])
            saved.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, attr, saving)
    assert main(["refresh", str(workbook)]) == 2
    assert saved
    err = capsys.readouterr().err
    assert "saved by another program during the refresh; nothing was changed, refresh again" in err
    assert workbook.read_bytes() == books[1]  # their save, untouched, no results from our inputs in it
    assert backups_of(workbook) == []
    assert debris(workbook.parent) == []


def _resolve(dotted: str):
    import importlib

    parts = dotted.split(".")
    for n in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:n]))
        except ImportError:
            continue
        for name in parts[n:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(dotted)


def test_a_save_just_before_the_snapshot_is_refreshed_with_its_own_inputs(workbook, books, monkeypatch):
    real = workbook_refresh.snapshot

    def saving_first(source, folder=None):
        save_by_rename(workbook, books[1])
        return real(source, folder)

    monkeypatch.setattr(workbook_refresh, "snapshot", saving_first)
    result = refresh(workbook)
    assert members_in_results(workbook) == ["T01", "T02"]  # their inputs, their results
    assert result.backup is not None and result.backup.read_bytes() == books[1]


def test_without_a_save_the_backup_is_the_snapshot_and_results_match(workbook, books):
    result = refresh(workbook)
    assert members_in_results(workbook) == ["M01", "M02", "M03"]
    assert result.backup.read_bytes() == books[0]
    assert debris(workbook.parent) == []


def test_a_file_still_being_written_while_it_is_copied_is_refused(workbook, books, monkeypatch):
    from xl_tracker import safe_write

    real = safe_write._copy_once
    monkeypatch.setattr(safe_write, "_copy_once", lambda source, copy: (real(source, copy), None)[1])
    with pytest.raises(WorkbookChanged):
        refresh(workbook)
    assert workbook.read_bytes() == books[0]
    assert debris(workbook.parent) == []


LIBREOFFICE_LOCK = "Jane Coach,county-pc,jane,30.11.2026 09:12,file:///home/jane/.config/libreoffice/4;"


def test_the_libreoffice_lock_is_refused_and_names_who_holds_it(workbook, books, capsys):
    (workbook.parent / f".~lock.{workbook.name}#").write_text(LIBREOFFICE_LOCK)
    assert main(["refresh", str(workbook)]) == 2
    err = capsys.readouterr().err
    assert "open in LibreOffice by Jane Coach" in err and "Nothing was changed" in err
    assert workbook.read_bytes() == books[0]
    assert not (workbook.parent / BACKUP_FOLDER).exists()
    assert debris(workbook.parent) == []


def test_a_libreoffice_lock_without_a_name_gives_the_system_user(workbook):
    (workbook.parent / f".~lock.{workbook.name}#").write_text(",county-pc,jane,30.11.2026 09:12,file:///tmp;")
    with pytest.raises(WorkbookLocked, match="LibreOffice by jane"):
        refresh(workbook)


def test_a_lock_taken_during_the_refresh_stops_the_replace(workbook, books, monkeypatch):
    from xl_tracker import safe_write

    real = safe_write.backup

    def open_in_calc(*args, **kwargs):
        (workbook.parent / f".~lock.{workbook.name}#").write_text(LIBREOFFICE_LOCK)
        return real(*args, **kwargs)

    monkeypatch.setattr(safe_write, "backup", open_in_calc)
    with pytest.raises(WorkbookLocked, match="LibreOffice"):
        refresh(workbook)
    assert workbook.read_bytes() == books[0]
    assert backups_of(workbook) == [] and debris(workbook.parent) == []


def test_excel_lock_names_the_user(workbook):
    name = "Coach Wanjiru"
    (workbook.parent / f"~${workbook.name}").write_bytes(bytes([len(name)]) + name.encode() + b" " * (54 - len(name)))
    with pytest.raises(WorkbookLocked, match="open in Excel by Coach Wanjiru"):
        refresh(workbook)


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from xl_tracker.outputs import verify
    real = verify.verify_written
    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    verify.verify_written = killed
    from xl_tracker.cli import main
    sys.exit(main(["refresh", sys.argv[1]]))
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_killed_refresh_leaves_only_what_the_next_run_cleans(workbook, books):
    done = subprocess.run([sys.executable, "-c", KILLER, str(workbook)], capture_output=True)
    assert done.returncode == -signal.SIGKILL
    left = debris(workbook.parent)
    assert left, "the kill came after the temporary files were made"
    assert workbook.read_bytes() == books[0]
    assert main(["refresh", str(workbook)]) == 0
    assert debris(workbook.parent) == []
    assert members_in_results(workbook) == ["M01", "M02", "M03"]


def test_a_temporary_file_held_by_a_running_refresh_is_not_cleaned(tmp_path):
    stale = tmp_path / f"{TEMP_PREFIX}stale.xlsx"
    stale.write_bytes(b"left by a killed run")
    with held_temp(tmp_path, ".xlsx") as busy:
        assert clean_stale_temps(tmp_path) == [stale]
        assert busy.exists()
    assert not busy.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("command", [["validate"], ["refresh"], ["report", "-o", "reports"]])
def test_a_fifo_is_refused_at_once_by_every_command(tmp_path, command):
    fifo = tmp_path / "x.xlsx"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "xl_tracker", command[0], str(fifo), *command[1:]],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert "named pipe (FIFO)" in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="POSIX device node")
def test_a_device_node_is_refused_as_input_and_as_output(workbook, books, capsys):
    assert main(["validate", "/dev/null"]) == 2
    assert "is a device" in capsys.readouterr().err
    assert main(["refresh", str(workbook), "-o", "/dev/null"]) == 2
    assert "is a device" in capsys.readouterr().err
    assert Path("/dev/null").is_char_device()
    assert workbook.read_bytes() == books[0]
    assert debris(workbook.parent) == []


def test_output_elsewhere_is_not_stopped_by_a_save_of_the_source_after_its_snapshot(workbook, books, tmp_path, monkeypatch):
    """With -o the source is only read: its snapshot is what the results describe, and -o gets them."""
    out = tmp_path / "out.xlsx"
    real = workbook_refresh.run_on_data

    def saving(data, *args, **kwargs):
        save_by_rename(workbook, books[1])
        return real(data, *args, **kwargs)

    monkeypatch.setattr(workbook_refresh, "run_on_data", saving)
    refresh(workbook, out)
    assert members_in_results(out) == ["M01", "M02", "M03"]
    assert workbook.read_bytes() == books[1]


def test_a_replaced_output_file_is_not_overwritten_either(workbook, books, tmp_path, monkeypatch):
    out = tmp_path / "out.xlsx"
    shutil.copyfile(workbook, out)
    from xl_tracker import safe_write

    real = safe_write.backup

    def saving(*args, **kwargs):
        save_by_rename(out, books[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(safe_write, "backup", saving)
    with pytest.raises(WorkbookChanged):
        refresh(workbook, out)
    assert out.read_bytes() == books[1]
