"""Replace a workbook file only with a verified new version, keeping the previous one.

The steps, each of which may fail without harm:

1. refuse a target that is locked (Excel's ``~$name.xlsx`` owner file beside
   it, or a file that cannot be opened for writing) or read-only (the file or
   its folder), with a message saying what to do;
2. write the new version to a temporary file in the same folder (so the final
   rename never crosses file systems);
3. verify the temporary file by reading it back;
4. copy the current version into ``.xl-tracker-backups`` beside it (the last
   :data:`KEEP_BACKUPS` are kept, named by time);
5. ``os.replace`` the target with the temporary file: atomic, so the target is
   the old file or the new one, never half of either.

A failure at any step leaves the target as it was and removes the temporary
file. The temporary file gets the target's permission bits before the rename.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from xl_tracker.errors import WorkbookError

BACKUP_FOLDER = ".xl-tracker-backups"
KEEP_BACKUPS = 5
TEMP_PREFIX = ".~xl-tracker-"


class WorkbookLocked(WorkbookError):
    """The workbook is open in Excel (or another program holds it): close it and try again."""


class WorkbookReadOnly(WorkbookError):
    """The workbook or its folder cannot be written."""


def _owner_files(path: Path) -> list[Path]:
    """Excel's lock files for ``path``: ``~$`` + the name, or + the name without its first two characters (long names)."""
    candidates = {path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:]) if len(path.name) > 2 else None}
    return [p for p in candidates if p is not None and p.exists()]


def check_writable(path: Path) -> None:
    """Raise :class:`WorkbookLocked` or :class:`WorkbookReadOnly` when ``path`` must not be replaced now."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WorkbookReadOnly(f"{path}: the folder {folder} does not exist")
    locks = _owner_files(path)
    if locks:
        raise WorkbookLocked(
            f"{path} is open in Excel (its lock file {locks[0].name} is beside it): close the workbook in Excel, "
            "or use the ribbon's Refresh button inside Excel, then try again. Nothing was changed"
        )
    if path.exists():
        mode = path.stat().st_mode
        if not os.access(path, os.W_OK) or not (mode & stat.S_IWUSR):
            raise WorkbookReadOnly(
                f"{path} is read-only: clear 'Read-only' in the file's properties (or save a copy with -o), then try again. "
                "Nothing was changed"
            )
        try:
            with open(path, "r+b"):
                pass
        except PermissionError:
            raise WorkbookLocked(
                f"{path} is open in another program (it cannot be opened for writing): close it and try again. Nothing was changed"
            ) from None
        except OSError as exc:
            raise WorkbookReadOnly(f"{path} cannot be written ({exc.strerror or exc}). Nothing was changed") from None
    if not os.access(folder, os.W_OK | os.X_OK) or not (folder.stat().st_mode & stat.S_IWUSR):
        raise WorkbookReadOnly(
            f"{path}: the folder {folder} is read-only, so the workbook cannot be replaced safely: "
            "copy the workbook to a folder you can write (or give -o in one), then try again. Nothing was changed"
        )


def make_temp(target: Path) -> Path:
    """An empty temporary file beside ``target``, with the same suffix."""
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=target.parent)
    os.close(fd)
    return Path(name)


def backup(target: Path, keep: int = KEEP_BACKUPS, now: dt.datetime | None = None) -> Path | None:
    """Copy ``target`` into the backup folder beside it; drop all but the newest ``keep`` of its backups."""
    if not target.exists():
        return None
    folder = target.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    copy = folder / f"{target.stem}.{stamp}{target.suffix}"
    partial = copy.with_name(copy.name + ".part")
    try:
        shutil.copy2(target, partial)
        os.replace(partial, copy)
    finally:
        if partial.exists():
            partial.unlink()
    prune_backups(target, keep)
    return copy


def backups_of(target: Path) -> list[Path]:
    """Backups of ``target``, oldest first (the timestamp in the name sorts by time)."""
    folder = target.parent / BACKUP_FOLDER
    if not folder.is_dir():
        return []
    prefix, suffix = target.stem + ".", target.suffix
    found = []
    for p in folder.iterdir():
        middle = p.name[len(prefix) : len(p.name) - len(suffix)] if p.name.startswith(prefix) and p.name.endswith(suffix) else ""
        if len(middle) == 22 and middle[8] == "-" and middle[15] == "-" and middle.replace("-", "").isdigit():
            found.append(p)
    return sorted(found)


def prune_backups(target: Path, keep: int = KEEP_BACKUPS) -> None:
    for old in backups_of(target)[:-keep] if keep else backups_of(target):
        try:
            old.unlink()
        except OSError:
            pass


def replace_file(temp: Path, target: Path) -> None:
    """Give ``temp`` the target's permissions, then rename it over ``target`` atomically."""
    if target.exists():
        os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
    os.replace(temp, target)


def write_safely(
    target: Path,
    write: Callable[[Path], None],
    verify: Callable[[Path], None],
    keep_backups: int = KEEP_BACKUPS,
) -> Path | None:
    """Write ``target`` through a verified temporary file; returns the backup made (``None`` for a new file).

    ``write(temp)`` writes the new version; ``verify(temp)`` raises when it is
    not right. Any exception leaves ``target`` untouched and no temporary file;
    an operating-system error comes out as a :class:`WorkbookError` with a
    message for a person (a permission error as :class:`WorkbookLocked`: on
    Windows that is what Excel holding the file looks like).
    """
    target = Path(target)
    if target.is_symlink():
        target = target.resolve()
    check_writable(target)
    temp = None
    try:
        temp = make_temp(target)
        write(temp)
        verify(temp)
        saved = backup(target, keep_backups) if keep_backups else None
        replace_file(temp, target)
        return saved
    except PermissionError as exc:
        raise WorkbookLocked(
            f"{target} could not be replaced ({exc.strerror or exc}): if it is open in Excel, close it and try again. "
            "Nothing was changed"
        ) from exc
    except OSError as exc:
        raise WorkbookError(f"{target} could not be written ({exc.strerror or exc}). Nothing was changed") from exc
    finally:
        if temp is not None and temp.exists():
            temp.unlink()
