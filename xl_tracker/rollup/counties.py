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

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from xl_tracker.contract import (
    ASSESSMENTS,
    ENGAGEMENT,
    INDICATORS,
    INITIATIVE_RESULTS,
    INITIATIVES,
    ISSUES,
    MEASURES,
    MEMBER_RESULTS,
    MEMBERS,
    OFFER_MATCHES,
    OVERLAPS,
    TEAM_RESULTS,
)
from xl_tracker.errors import WorkbookError
from xl_tracker.overlaps.sheets import initiative_overlaps, offer_matches
from xl_tracker.pipeline import TrackerRun, run_on_data
from xl_tracker.reader import read_workbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TEMPORARY_PREFIX = ".~xl-tracker-"
"""Our own temporary files (a programme report being written) start with it."""
LOCK_PREFIXES = ("~$", ".~lock.", TEMPORARY_PREFIX)
"""Excel's and LibreOffice's lock files and our own temporary files: never a county's workbook."""

Progress = Callable[[int, int], None]


@dataclass
class County:
    """One county's workbook and its run."""

    name: str
    path: Path
    run: TrackerRun
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    """The county's own rows of each per-county programme table (sheet name -> rows, before the County column):
    made where the county is read, so that with worker processes they are made in parallel."""

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


def read_county(path: Path, with_overlaps: bool = True) -> County:
    """Read and run one county workbook (a worker's job; the name is checked by :func:`read_counties`).

    Without the results only a county's own workbook shows (Trends, Coaches,
    run charts): the programme workbook and report show none of them.
    """
    data = read_workbook(path)
    run = run_on_data(data, with_overlaps=with_overlaps, county_views=False)
    return County(data.settings.county.strip(), path, _for_programme(run), own_tables(run))


def own_tables(run: TrackerRun) -> dict[str, pd.DataFrame]:
    """A county's rows of the per-county programme tables (``rollup.programme.PROGRAMME_TABLES``), by sheet name."""
    return {
        MEMBER_RESULTS.name: run.results.member_results,
        TEAM_RESULTS.name: run.results.team_results,
        INITIATIVE_RESULTS.name: run.results.initiative_results,
        OVERLAPS.name: initiative_overlaps(run.overlaps),
        OFFER_MATCHES.name: offer_matches(run.overlaps),
        ENGAGEMENT.name: run.results.engagement,
        ISSUES.name: pd.DataFrame(
            [{"severity": i.severity, "sheet": i.sheet, "cell": i.cell or None, "rule": i.rule, "message": i.message, "value": i.value}
             for i in run.issues],
        ),
    }


KEPT_TABLES = (MEMBERS.name, ASSESSMENTS.name, INDICATORS.name, INITIATIVES.name, MEASURES.name)
"""The usable input tables the programme reads from a county (pooled results, Counties sheet, Learn from)."""


def _for_programme(run: TrackerRun) -> TrackerRun:
    """The run without what the programme never reads: the tables as read, usable tables other than :data:`KEPT_TABLES`,
    and the overlaps, scores and initiative status records (emptied: the county's Overlaps and Offer matches rows are
    in :attr:`County.tables`, and the Counties sheet counts recorded statuses from its usable Initiatives).

    A worker process sends its county back pickled and the main process
    unpickles it while the workers go on: the whole run was about 300 KB
    and 15 ms of the main process's time per county, then 168 KB and
    5.6 ms with only the first two left out. The same is done without
    workers, so a county's run is the same either way.
    """
    from xl_tracker.results.status import InitiativeStatuses

    data = replace(run.data, sheets={})
    checks = replace(run.checks, usable={name: run.checks.usable[name] for name in KEPT_TABLES if name in run.checks.usable})
    results = replace(run.results, scores=run.results.scores.iloc[:0], initiative_statuses=InitiativeStatuses())
    return replace(run, data=data, checks=checks, results=results, overlaps=run.overlaps.iloc[:0])


def workers_for(files: int) -> int:
    """Processes to read ``files`` workbooks with: one per processor this process may use, at most :data:`MAX_WORKERS`."""
    try:
        processors = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        processors = os.cpu_count() or 1
    return max(1, min(files // PER_WORKER, processors, MAX_WORKERS))


MAX_WORKERS = 8
PER_WORKER = 4
"""Workbooks a worker process should have at least: below that, starting it costs more than it saves."""


@contextmanager
def county_pool(files: int) -> Iterator[Executor | None]:
    """Worker processes to read ``files`` workbooks with (see :func:`workers_for`), or None to read them here.

    The roll-up keeps the pool past the reading: once the counties are in,
    a worker finds the similar initiatives while this process computes the
    pooled figures. On Linux the workers are forked (the imports are
    already paid); elsewhere they start afresh. What is alive when they
    fork (pandas' and our modules, some 54,000 objects) is frozen out of the
    garbage collector, as the gc module's documentation advises before a
    fork: the workers' collections then do not walk, and so copy, the pages
    they inherit (47 counties in one process: 307 collections took 30 ms
    instead of 61).
    """
    workers = workers_for(files)
    if workers == 1:
        yield None
        return
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _runs(paths: list[Path], progress: Progress | None, with_overlaps: bool, pool: Executor | None) -> list[County]:
    """Every workbook read and run, in ``paths`` order: by ``pool`` if given (each county is read and computed on its own)."""
    done: list[County | None] = [None] * len(paths)
    if pool is None:
        for n, path in enumerate(paths):
            done[n] = read_county(path, with_overlaps)
            if progress is not None:
                progress(n + 1, len(paths))
        return done  # type: ignore[return-value]
    from concurrent.futures import as_completed

    futures = {pool.submit(read_county, path, with_overlaps): n for n, path in enumerate(paths)}
    try:
        for finished, future in enumerate(as_completed(futures), start=1):
            done[futures[future]] = future.result()
            if progress is not None:
                progress(finished, len(paths))
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return done  # type: ignore[return-value]


def read_counties(
    paths: list[Path], progress: Progress | None = None, with_overlaps: bool = True, pool: Executor | None = None,
) -> list[County]:
    """Read and run every workbook (by ``pool``'s workers if given); sorted by county name.

    Raises WorkbookError on a blank or repeated County.
    """
    seen: dict[str, County] = {}
    for county in _runs(paths, progress, with_overlaps, pool):
        if not county.name:
            cell = county.run.data.settings.cells.get("County") or "the County row"
            raise WorkbookError(
                f"{county.path}: the Settings sheet names no County ({cell}): type the county's name there, then roll up again"
            )
        key = county.name.casefold()
        if key in seen:
            raise WorkbookError(
                f"{seen[key].path} and {county.path} are both workbooks of {county.name} (Settings, County): "
                "a county is rolled up from one workbook; leave one out, or correct the County setting"
            )
        seen[key] = county
    return sorted(seen.values(), key=lambda c: c.name.casefold())
