"""Replace a workbook file only with a verified new version, never over a save made meanwhile, keeping the previous one.

The steps, each of which may fail without harm:

1. refuse a target that is locked (Excel's ``~$name.xlsx`` owner file or
   LibreOffice's ``.~lock.name.xlsx#`` beside it, naming who holds it when the
   lock file says), not a regular file, or read-only (the file or its
   folder, a sticky folder that only lets the file's owner replace it), with
   a message saying what to do; nothing is created before that;
2. take a :class:`Snapshot` of the workbook: its bytes copied into a
   private file beside it, with its identity (size, modification time,
   inode, SHA-256 of the content) taken as the copy is made; everything is
   read from that copy, so the results belong to exactly those bytes;
3. write the new version to a temporary file in the same folder (so the
   final rename never crosses file systems) and verify it by reading it back;
4. put the snapshot into ``.xl-tracker-backups`` beside the workbook (the
   last :data:`KEEP_BACKUPS` are kept, named by time);
5. check, immediately before the rename, that no program holds a lock on
   the workbook and that the file on disk is still the snapshot (same
   inode, size, time and content); otherwise remove that backup and stop
   with :class:`WorkbookChanged`: the other program's save stays as it is;
6. ``os.replace`` the target with the temporary file: atomic, so the target
   is the old file or the new one, never half of either.

A failure at any step leaves the target as it was and removes the temporary
files. The temporary file gets the target's permission bits before the
rename. Every temporary file is named ``.~xl-tracker-…`` and held with an
advisory lock while in use; a run killed half-way leaves them behind, and
:func:`clean_stale_temps` removes those that no running refresh holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from xl_tracker.errors import WorkbookError

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted there, which protects a temporary file in use
    fcntl = None  # type: ignore[assignment]

BACKUP_FOLDER = ".xl-tracker-backups"
KEEP_BACKUPS = 5
TEMP_PREFIX = ".~xl-tracker-"
SNAPSHOT_TRIES = 3
_CHUNK = 1 << 20


class WorkbookLocked(WorkbookError):
    """The workbook is open in Excel or LibreOffice (or another program holds it): close it and try again."""


class WorkbookReadOnly(WorkbookError):
    """The workbook or its folder cannot be written."""


class WorkbookChanged(WorkbookError):
    """The workbook was saved by another program while the refresh ran."""


def changed_message(path: Path) -> str:
    return f"{path}: the workbook was saved by another program during the refresh; nothing was changed, refresh again"


# --- who holds the file -------------------------------------------------------


def _excel_owner(lock: Path) -> str:
    """The user name in Excel's owner file: a length byte, then the name (empty when unreadable)."""
    try:
        head = lock.read_bytes()[:112]
    except OSError:
        return ""
    if not head or not 0 < head[0] <= 54 or len(head) < 1 + head[0]:
        return ""
    name = head[1 : 1 + head[0]].decode("cp1252", "replace").strip()
    return name if name.isprintable() else ""


def _libreoffice_owner(lock: Path) -> str:
    """The user in LibreOffice's lock file ``name,host,system user,date,profile;``: the name, else the system user."""
    try:
        text = lock.read_bytes()[:1024].decode("utf-8", "replace")
    except OSError:
        return ""
    fields = text.split(",")
    for value in (fields[0] if fields else "", fields[2] if len(fields) > 2 else ""):
        value = value.strip()
        if value and value.isprintable():
            return value[:80]
    return ""


def lock_holder(path: Path) -> WorkbookLocked | None:
    """The refusal to give when Excel or LibreOffice has ``path`` open (by its lock file beside it), else ``None``."""
    excel = [path.with_name("~$" + path.name)]
    if len(path.name) > 2:
        excel.append(path.with_name("~$" + path.name[2:]))  # Excel shortens long names by their first two characters
    for lock in excel:
        if lock.is_file():
            who = _excel_owner(lock)
            return WorkbookLocked(
                f"{path} is open in Excel{f' by {who}' if who else ''} (its lock file {lock.name} is beside it): "
                "close the workbook in Excel, or use the ribbon's Refresh button inside Excel, then try again. Nothing was changed"
            )
    lock = path.with_name(f".~lock.{path.name}#")
    if lock.is_file():
        who = _libreoffice_owner(lock)
        return WorkbookLocked(
            f"{path} is open in LibreOffice{f' by {who}' if who else ''} (its lock file {lock.name} is beside it): "
            "close it in LibreOffice, then try again (if LibreOffice is not running, delete that lock file). Nothing was changed"
        )
    return None


# --- what may be written -------------------------------------------------------


def not_a_regular_file(path: Path) -> str | None:
    """Why ``path`` (which exists) is no workbook file: a FIFO, a device, a socket; ``None`` for a regular file or a folder."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
    return f"{path} is {kind}, not a workbook file: give the path of a .xlsx or .xlsm file"


def check_writable(path: Path) -> None:
    """Raise :class:`WorkbookLocked` or :class:`WorkbookReadOnly` when ``path`` must not be replaced now; nothing is created."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WorkbookReadOnly(f"{path}: the folder {folder} does not exist")
    odd = not_a_regular_file(path)
    if odd:
        raise WorkbookReadOnly(odd + ". Nothing was changed")
    if path.is_dir():
        raise WorkbookReadOnly(f"{path} is a folder: give the path of a workbook file. Nothing was changed")
    held = lock_holder(path)
    if held is not None:
        raise held
    if not os.access(folder, os.W_OK | os.X_OK) or not (folder.stat().st_mode & stat.S_IWUSR):
        raise WorkbookReadOnly(
            f"{path}: the folder {folder} is read-only, so the workbook cannot be replaced safely: "
            "copy the workbook to a folder you can write (or give -o in one), then try again. Nothing was changed"
        )
    if not path.exists():
        return
    info = path.stat()
    if not os.access(path, os.W_OK) or not (info.st_mode & stat.S_IWUSR):
        raise WorkbookReadOnly(
            f"{path} is read-only: clear 'Read-only' in the file's properties (or save a copy with -o), then try again. "
            "Nothing was changed"
        )
    folder_info = folder.stat()
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    if uid not in (None, 0) and folder_info.st_mode & stat.S_ISVTX and uid not in (info.st_uid, folder_info.st_uid):
        raise WorkbookReadOnly(
            f"{path} belongs to another user and its folder {folder} lets only a file's owner replace it: "
            "copy the workbook to a folder of your own (or give -o there), then try again. Nothing was changed"
        )
    backups = folder / BACKUP_FOLDER
    if backups.exists() and (not backups.is_dir() or not os.access(backups, os.W_OK | os.X_OK)):
        raise WorkbookReadOnly(
            f"{path}: its backup folder {backups} cannot be written, so no backup could be kept: "
            "make it writable (or delete it), then try again. Nothing was changed"
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


# --- temporary files ----------------------------------------------------------


@contextmanager
def held_temp(folder: Path, suffix: str) -> Iterator[Path]:
    """A new empty ``.~xl-tracker-…`` file in ``folder``, locked against :func:`clean_stale_temps` and removed on exit."""
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=folder)
    path = Path(name)
    if fcntl is None:
        os.close(fd)  # Windows renames no file that is open; it deletes none either, so a stale one is found by trying
        fd = -1
    else:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        yield path
    finally:
        if fd >= 0:
            os.close(fd)
        if path.exists():
            path.unlink()


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove the ``.~xl-tracker-…`` files in ``folder`` and its backup folder that no running refresh holds; returns them."""
    removed = []
    for place in (folder, folder / BACKUP_FOLDER):
        try:
            candidates = [p for p in place.iterdir() if p.name.startswith(TEMP_PREFIX)]
        except OSError:
            continue
        for candidate in candidates:
            try:
                if not stat.S_ISREG(candidate.lstat().st_mode):
                    continue
                fd = os.open(candidate, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            except OSError:
                continue
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                candidate.unlink()
                removed.append(candidate)
            except OSError:
                pass  # held by a refresh running now (or Windows will not delete it): theirs to remove
            finally:
                os.close(fd)
    return removed


# --- snapshot and identity ------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """What says a file is still the same bytes: size, modification time, inode (and device), SHA-256 of the content."""

    size: int
    mtime_ns: int
    inode: int
    device: int
    sha256: str

    def same_stat(self, info: os.stat_result) -> bool:
        return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev) == (self.size, self.mtime_ns, self.inode, self.device)


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def still_same(path: Path, identity: Identity) -> bool:
    """Whether ``path`` still holds the bytes ``identity`` describes (stat, then content, then stat again, last)."""
    try:
        if not identity.same_stat(os.stat(path)):
            return False
        if _digest(path) != identity.sha256:
            return False
        return identity.same_stat(os.stat(path))
    except OSError:
        return False


@dataclass(frozen=True)
class Snapshot:
    """A workbook's bytes as they were at one moment, copied into a private held file, and their identity."""

    source: Path
    path: Path
    identity: Identity


def _copy_once(source: Path, copy: Path) -> Identity | None:
    """Copy ``source`` into ``copy``, hashing as it goes; ``None`` when the file changed while it was copied."""
    fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise WorkbookError(not_a_regular_file(source) or f"{source} is not a regular file")
        digest = hashlib.sha256()
        with open(copy, "wb") as out:
            while chunk := os.read(fd, _CHUNK):
                digest.update(chunk)
                out.write(chunk)
        after = os.fstat(fd)
        named = os.stat(source)
    finally:
        os.close(fd)
    identity = Identity(before.st_size, before.st_mtime_ns, before.st_ino, before.st_dev, digest.hexdigest())
    if not identity.same_stat(after) or not identity.same_stat(named):
        return None
    return identity


@contextmanager
def snapshot(source: Path, folder: Path | None = None) -> Iterator[Snapshot]:
    """A :class:`Snapshot` of ``source`` in ``folder`` (default: beside it), removed on exit.

    Raises :class:`WorkbookChanged` when another program kept writing the
    file while it was copied, :class:`WorkbookError` when it cannot be read.
    """
    source = Path(source)
    folder = Path(folder) if folder is not None else (source.parent if str(source.parent) else Path("."))
    with held_temp(folder, source.suffix) as copy:
        for _ in range(SNAPSHOT_TRIES):
            try:
                identity = _copy_once(source, copy)
            except FileNotFoundError:
                raise WorkbookError(f"{source}: no such file") from None
            except PermissionError as exc:
                raise WorkbookError(f"{source} cannot be read ({exc.strerror or exc})") from None
            if identity is not None:
                yield Snapshot(source, copy, identity)
                return
        raise WorkbookChanged(changed_message(source))


# --- backups --------------------------------------------------------------------


def _backup_name(target: Path, now: dt.datetime | None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return target.parent / BACKUP_FOLDER / f"{target.stem}.{stamp}{target.suffix}"


def backup(target: Path, keep: int = KEEP_BACKUPS, now: dt.datetime | None = None, source: Path | None = None) -> Path | None:
    """Copy ``source`` (default: ``target`` itself) into the backup folder beside ``target``; keep the newest ``keep``."""
    source = source or target
    if not source.exists():
        return None
    folder = target.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    copy = _backup_name(target, now)
    with held_temp(folder, ".part") as partial:
        shutil.copy2(source, partial)
        os.replace(partial, copy)
    if keep:
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


# --- the replacement ------------------------------------------------------------


def replace_file(temp: Path, target: Path) -> None:
    """Give ``temp`` the target's permissions, then rename it over ``target`` atomically."""
    if target.exists():
        os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
    os.replace(temp, target)


@dataclass(frozen=True)
class Destination:
    """Where a command that rewrites a workbook reads and writes: ``source``, ``target`` and whether they are one file."""

    source: Path
    target: Path
    same: bool

    @property
    def folder(self) -> Path:
        return self.target.parent if str(self.target.parent) else Path(".")


def destination(path: str | Path, output: str | Path | None = None) -> Destination:
    """``path`` rewritten in place (through its symlink to the real file), or read and written to ``output``.

    The target is checked writable and stale temporary files of an earlier
    interrupted write beside it are removed, before anything is read.
    """
    source = Path(path)
    target = Path(output) if output is not None else source
    same = target == source or (os.path.exists(target) and os.path.exists(source) and target.resolve() == source.resolve())
    if same:
        target = source.resolve() if source.is_symlink() else source
    check_writable(target)
    if not same and target.suffix.lower() != source.suffix.lower() and source.suffix.lower() in (".xlsx", ".xlsm"):
        # Excel opens a file by its name's kind: a macro-enabled package named .xlsx, or any workbook named .docx, is refused
        raise WorkbookError(f"{target}: the workbook is written as it is ({source.suffix}); give a path ending in {source.suffix.lower()}")
    where = Destination(source, target, same)
    clean_stale_temps(where.folder)
    return where


def write_safely(
    target: Path,
    write: Callable[[Path], None],
    verify: Callable[[Path], None],
    keep_backups: int = KEEP_BACKUPS,
    previous: Snapshot | None = None,
) -> Path | None:
    """Write ``target`` through a verified temporary file; returns the backup made (``None`` for a new file).

    ``write(temp)`` writes the new version; ``verify(temp)`` raises when it is
    not right. ``previous`` is the snapshot of ``target`` taken before its
    content was read: it becomes the backup, and ``target`` is replaced only
    while it still is that snapshot. Without it, a snapshot of ``target`` is
    taken here (a new file must still not exist when it is created). Any
    exception leaves ``target`` untouched and no temporary file; an
    operating-system error comes out as a :class:`WorkbookError` with a
    message for a person (a permission error as :class:`WorkbookLocked`: on
    Windows that is what Excel holding the file looks like).
    """
    target = Path(target)
    if target.is_symlink():
        target = target.resolve()
    check_writable(target)
    try:
        if previous is None and target.exists():
            with snapshot(target) as taken:
                return _write_and_replace(target, write, verify, keep_backups, taken)
        return _write_and_replace(target, write, verify, keep_backups, previous)
    except PermissionError as exc:
        raise WorkbookLocked(
            f"{target} could not be replaced ({exc.strerror or exc}): if it is open in Excel, close it and try again. "
            "Nothing was changed"
        ) from exc
    except OSError as exc:
        raise WorkbookError(f"{target} could not be written ({exc.strerror or exc}). Nothing was changed") from exc


def _write_and_replace(
    target: Path, write: Callable[[Path], None], verify: Callable[[Path], None], keep_backups: int, previous: Snapshot | None
) -> Path | None:
    backups = target.parent / BACKUP_FOLDER
    had_backups = backups.exists()
    with held_temp(target.parent, target.suffix) as temp:
        write(temp)
        verify(temp)
        saved = None
        try:
            saved = backup(target, 0, source=previous.path) if keep_backups and previous is not None else None
            held = lock_holder(target)
            if held is not None:
                raise held
            unchanged = still_same(target, previous.identity) if previous is not None else not os.path.lexists(target)
            if not unchanged:
                raise WorkbookChanged(changed_message(target))
            replace_file(temp, target)
        except BaseException:
            if saved is not None and saved.exists():
                saved.unlink()
            if not had_backups and backups.is_dir() and not any(backups.iterdir()):
                backups.rmdir()  # nothing was changed: no backup folder either
            raise
    if saved is not None:
        prune_backups(target, keep_backups)
    return saved
