"""Roll up county workbooks into one programme workbook (``xl-tracker rollup``).

A programme runs in several counties, each with its own tracking tool; its
funder and national team ask what no single workbook answers. :func:`rollup`
reads each county workbook with the one reader and runs it as a refresh
would (:mod:`.counties`), decides which counties' scores can be pooled
(:mod:`.agreement`: the rule for Settings that differ), computes the pooled
programme figures by the same results code (:mod:`.programme`), finds
similar initiatives in two counties to learn from (:mod:`.learning`), and
writes the programme workbook (:mod:`.sheets`, :mod:`.workbook`).
``docs/rollup.md`` describes it for people.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from xl_tracker.errors import WorkbookError
from xl_tracker.outputs.model import AnySheet, PendingSheet, SheetContent
from xl_tracker.rollup.agreement import agreement
from xl_tracker.rollup.counties import TEMPORARY_PREFIX, Progress, county_pool, read_counties, workbook_files
from xl_tracker.rollup.learning import learning_input, similar_in, similar_initiatives
from xl_tracker.rollup.programme import Programme, county_rows, county_tables, pooled_results
from xl_tracker.safe_write import not_a_regular_file


@dataclass
class RollupResult:
    """What a roll-up did: the programme it computed and the workbook it wrote."""

    programme: Programme
    path: Path
    backup: Path | None
    report: Path | None = None
    """The programme report (Word) written beside the workbook."""

    def summary(self) -> list[str]:
        """A few lines for a person: the counties, the pooled headline with its method, what differs."""
        from xl_tracker.results.method import HEADLINE_NAME

        programme = self.programme
        agreement = programme.agreement
        lines = [f"Programme workbook written to {self.path}: {len(programme.counties)} counties."]
        if agreement.left_out:
            lines.append(
                f"Settings differ: {', '.join(c.name for c in agreement.left_out)} left out of the programme figures "
                "(see the Settings differ sheet); their own figures are on every county table."
            )
        results = programme.results
        if results is None:
            lines.append("Programme headline: none (no county could be pooled).")
        else:
            if results.headline is None:
                lines.append(f"Programme headline: not computed yet ({results.method.no_headline}).")
            else:
                lines.append(f"Programme headline: {HEADLINE_NAME.lower()} {results.headline:.1%} over {len(agreement.pooled)} counties.")
            lines.append(f"  {results.method.text}")
            lines.append(f"  {results.method.figures}")
            lines.extend(f"  {sentence}" for sentence in results.method.beside_headline())
        errors = sum(c.run.error_count for c in programme.counties)
        if errors:
            lines.append(f"Errors: {errors} in the county workbooks (values left out); each is on the Issues sheet with its county and file.")
        if self.report is not None:
            lines.append(f"Programme report written to {self.report}")
        if self.backup is not None:
            lines.append(f"Previous version kept as {self.backup}")
        return lines


def build_programme(sources: Iterable[str | Path], progress: Progress | None = None, pool: Executor | None = None) -> Programme:
    """Read every county workbook of ``sources`` and compute the programme (nothing is written).

    ``pool`` is :func:`~xl_tracker.rollup.counties.county_pool`'s (one is made when not given).
    """
    files = workbook_files(sources)
    if pool is None:
        with county_pool(len(files)) as own:
            if own is not None:
                return build_programme(files, progress, own)
    counties = read_counties(files, progress, pool=pool)
    learning = pool.submit(similar_in, *learning_input(counties)) if pool is not None else None
    settled = agreement(counties)
    results = pooled_results(settled)
    county_table = county_rows(counties, settled)
    tables = county_tables(counties)
    return Programme(
        counties=counties,
        agreement=settled,
        results=results,
        county_table=county_table,
        tables=tables,
        find_learning=learning.result if learning is not None else partial(similar_initiatives, counties),
    )


def rollup(
    sources: Iterable[str | Path] | str | Path,
    output: str | Path,
    progress: Progress | None = None,
    made_at: dt.datetime | None = None,
    report: str | Path | None = None,
    with_report: bool = True,
) -> RollupResult:
    """Roll the county workbooks of ``sources`` (files or folders) up into the programme workbook ``output``.

    The county workbooks are only read. Raises :class:`~xl_tracker.errors.WorkbookError`
    with a message for a person when a workbook cannot be read, names no
    County or repeats another's, or when ``output`` is one of them or cannot
    be written. ``progress(done, total)`` is called after each workbook.
    The programme report (Word, for the funder) is written to ``report``,
    by default beside the workbook with its name and ``.docx``; none with
    ``with_report=False``.
    """
    from xl_tracker.rollup.sheets import programme_sheets
    from xl_tracker.rollup.workbook import write_programme_workbook

    if isinstance(sources, (str, Path)):
        sources = [sources]
    sources = list(sources)
    target = Path(output)
    if target.suffix.lower() != ".xlsx":
        raise WorkbookError(f"{target}: the programme workbook is written as .xlsx; give a path ending in .xlsx")
    odd = not_a_regular_file(target)
    if odd:
        raise WorkbookError(odd)
    files = workbook_files(sources)
    if target.exists() and any(target.resolve() == f.resolve() for f in files):
        if not _is_programme_workbook(target):
            raise WorkbookError(f"{target} is one of the county workbooks: write the programme workbook to another file")
        files = [f for f in files if f.resolve() != target.resolve()]  # the previous roll-up, in the counties' folder
        if not files:
            raise WorkbookError(f"{target} is a programme workbook, not a county's: give the county workbooks")
    report_path = _report_path(Path(report) if report is not None else target.with_suffix(".docx")) if with_report else None
    with county_pool(len(files)) as pool:
        programme = build_programme(files, progress, pool)
        sheets = programme_sheets(programme, made_at)
        report_jobs: list[tuple[Future, Path]] = []
        if pool is not None and report_path is not None:
            sheets = _after_pending(sheets, lambda: report_jobs.append(_start_report(pool, programme, report_path)))
        try:
            backup = write_programme_workbook(target, sheets)
        except BaseException:
            for job in report_jobs:
                _discard_report(*job)
            raise
        written = None
        if report_jobs:
            written = _finish_report(*report_jobs[0], report_path)
        elif report_path is not None:
            written = _write_report(programme, report_path)
    return RollupResult(programme, target, backup, written)


def _after_pending(sheets: list[AnySheet], start: Callable[[], None]) -> list[AnySheet]:
    """``sheets`` with ``start`` called once, as soon as the last pending sheet is built (never when none is pending).

    The programme report lists the Learn from pairs too, so its worker can
    only start once the pooled matching is in; the writer builds that sheet
    after every other one, and the report is then rendered while this
    process writes it, zips and checks the workbook.
    """
    pending = [s for s in sheets if isinstance(s, PendingSheet)]
    if not pending:  # nothing waits: the report is then written after the workbook, here
        return sheets
    last = pending[-1]

    def build() -> SheetContent:
        content = last.content()
        start()
        return content

    return [PendingSheet(s.name, build) if s is last else s for s in sheets]


def _report_path(path: Path) -> Path:
    """The programme report's path, checked before anything is read (a wrong one stops the roll-up at once)."""
    from xl_tracker.reports.filenames import inside

    if path.suffix.lower() != ".docx":
        raise WorkbookError(f"{path}: the programme report is written as .docx; give a path ending in .docx")
    odd = not_a_regular_file(path)
    if odd:
        raise WorkbookError(odd)
    return inside(path.parent if str(path.parent) else Path("."), path.name)


def _write_report(programme: Programme, path: Path) -> Path:
    from xl_tracker.rollup.report import write_programme_report

    try:
        return write_programme_report(programme, path)
    except OSError as exc:
        raise _report_error(path, exc) from None


def _start_report(pool: Executor, programme: Programme, path: Path) -> tuple[Future, Path]:
    """Render the report in a worker, beside ``path`` under a temporary name, while this process writes the workbook.

    Its variables are made here (small to send); the worker imports the
    report libraries and renders. :func:`_finish_report` renames it into
    place only once the workbook is written, so a roll-up that fails
    leaves no report of it (as when the report came after the workbook).
    """
    from xl_tracker.rollup.report import programme_report, render_report_variables, report_variables

    temporary = path.with_name(TEMPORARY_PREFIX + path.name)
    return pool.submit(render_report_variables, report_variables(programme_report(programme)), temporary), temporary


def _finish_report(job: Future, temporary: Path, path: Path) -> Path:
    try:
        job.result()
        os.replace(temporary, path)
    except OSError as exc:
        _discard_report(job, temporary)
        raise _report_error(path, exc) from None
    except BaseException:
        _discard_report(job, temporary)
        raise
    return path


def _discard_report(job: Future, temporary: Path) -> None:
    """Wait for the worker's report and remove it: the roll-up failed, or its report did."""
    try:
        job.result()
    except BaseException:
        pass  # the roll-up's own error is the one to report
    temporary.unlink(missing_ok=True)


def _report_error(path: Path, exc: OSError) -> WorkbookError:
    if isinstance(exc, PermissionError):
        return WorkbookError(f"cannot write {path}: close it in Word (or check the folder's permissions) and try again")
    return WorkbookError(f"cannot write the programme report {path} ({exc.strerror or exc})")


def _is_programme_workbook(path: Path) -> bool:
    """A workbook an earlier roll-up wrote: it has the Programme sheet and no Members sheet."""
    from xl_tracker.ooxml.package import PackageReader
    from xl_tracker.rollup.sheets import PROGRAMME_SHEET

    try:
        with PackageReader(path) as package:
            names = {n.casefold() for n in package.worksheet_parts()}
    except Exception:  # not a package at all: certainly not ours
        return False
    return PROGRAMME_SHEET.casefold() in names and "members" not in names


__all__ = ["RollupResult", "build_programme", "rollup"]
