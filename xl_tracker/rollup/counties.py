"""The county workbooks of a roll-up: found, read with the one reader, run, and named by their County setting.

Each workbook is read by :func:`xl_tracker.reader.read_workbook` and run by
:func:`xl_tracker.pipeline.run_on_data`, exactly as ``xl-tracker refresh``
would (so a county's figures in the programme workbook are its own), and is
only read, never written. A county is named by the County cell of its
Settings sheet: a blank County, or two workbooks of one county, stop the
roll-up with a message naming the files, because a programme figure must
never count one county twice or a county nobody can name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from xl_tracker.errors import WorkbookError
from xl_tracker.pipeline import TrackerRun, run_on_data
from xl_tracker.reader import read_workbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
LOCK_PREFIXES = ("~$", ".~lock.", ".~xl-tracker-")
"""Excel's and LibreOffice's lock files and our own temporary files: never a county's workbook."""

Progress = Callable[[int, int], None]


@dataclass
class County:
    """One county's workbook and its run."""

    name: str
    path: Path
    run: TrackerRun

    @property
    def file(self) -> str:
        """The workbook's file name, as the programme workbook shows it."""
        return self.path.name


def workbook_files(sources: Iterable[str | Path]) -> list[Path]:
    """The workbooks named by ``sources``: files as given, folders by their .xlsx/.xlsm files (not recursive), sorted by name.

    A path that does not exist, or a folder without a workbook, is an error:
    a roll-up that quietly leaves a county out would report a wrong programme.
    """
    found: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            inside = sorted(
                (p for p in path.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file() and not p.name.startswith(LOCK_PREFIXES)),
                key=lambda p: p.name.casefold(),
            )
            if not inside:
                raise WorkbookError(f"{path} holds no tracking-tool workbook (.xlsx or .xlsm)")
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            raise WorkbookError(f"{path} does not exist: give county workbooks or a folder of them")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    if not unique:
        raise WorkbookError("no county workbooks given: name the workbooks, or a folder of them")
    return list(unique.values())


def read_counties(paths: list[Path], progress: Progress | None = None, with_overlaps: bool = True) -> list[County]:
    """Read and run every workbook; sorted by county name. Raises WorkbookError on a blank or repeated County."""
    counties: list[County] = []
    seen: dict[str, County] = {}
    for n, path in enumerate(paths, start=1):
        data = read_workbook(path)
        name = data.settings.county.strip()
        if not name:
            cell = data.settings.cells.get("County") or "the County row"
            raise WorkbookError(f"{path}: the Settings sheet names no County ({cell}): type the county's name there, then roll up again")
        key = name.casefold()
        if key in seen:
            raise WorkbookError(
                f"{seen[key].path} and {path} are both workbooks of {name} (Settings, County): "
                "a county is rolled up from one workbook; leave one out, or correct the County setting"
            )
        county = County(name, path, run_on_data(data, with_overlaps=with_overlaps))
        seen[key] = county
        counties.append(county)
        if progress is not None:
            progress(n, len(paths))
    return sorted(counties, key=lambda c: c.name.casefold())
