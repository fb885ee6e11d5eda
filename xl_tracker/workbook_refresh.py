"""Refresh: run the tracker on a workbook file and write every output sheet into it, safely.

This is the top of the file path, above the pipeline: snapshot the workbook
(:func:`xl_tracker.safe_write.snapshot`) -> read the snapshot, check and
compute (:mod:`xl_tracker.pipeline`) -> build the output sheets
(:mod:`xl_tracker.outputs.sheets`) -> write them at the package level
(:mod:`xl_tracker.ooxml.writer`) into a temporary file -> read it back
(:mod:`xl_tracker.outputs.verify`) -> back up the snapshot and replace the
workbook only if it is still that snapshot (:mod:`xl_tracker.safe_write`).
Every result thus belongs to exactly the bytes it replaces, and a save made
by another program meanwhile is never overwritten. (Named so as not to
shadow :func:`xl_tracker.refresh`, the public function.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xl_tracker.pipeline import run_on_data
from xl_tracker.reader import read_workbook
from xl_tracker.safe_write import KEEP_BACKUPS, Snapshot, WorkbookChanged, destination, snapshot, write_safely

if TYPE_CHECKING:
    from xl_tracker.pipeline import TrackerRun

__all__ = ["RefreshResult", "WorkbookChanged", "refresh", "write_run"]


@dataclass
class RefreshResult:
    """What a refresh did: the file written, its backup, the run behind it."""

    source: Path
    path: Path
    backup: Path | None
    run: TrackerRun
    sheets: list[str] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    """Output sheet -> rows beyond Excel's row limit that it could not show."""

    @property
    def error_count(self) -> int:
        return self.run.error_count

    @property
    def warning_count(self) -> int:
        return self.run.warning_count

    def summary(self) -> list[str]:
        """A few lines for a person: what was written, issue counts, the headline with its method."""
        from xl_tracker.results.method import HEADLINE_NAME

        lines = [f"Results written to {self.path}: {len(self.sheets)} output sheets ({', '.join(self.sheets)})."]
        errors, warnings = self.error_count, self.warning_count
        if errors or warnings:
            what = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
            lines.append(f"Issues: {what}; each is listed on the Issues sheet with the cell to fix.")
            if errors:
                lines.append("Values with errors were left out of the results: fix them and refresh again.")
        else:
            lines.append("Issues: none.")
        for name, count in self.left_out.items():
            lines.append(f"{name}: {count:,} rows are beyond Excel's row limit and not shown (see About).")
        results = self.run.results
        method = results.method
        if results.headline is None:
            lines.append(f"Headline: not computed yet ({method.no_headline}).")
        else:
            lines.append(f"Headline: {HEADLINE_NAME.lower()} {results.headline:.1%}.")
        lines.append(f"  {method.text}")
        lines.append(f"  {method.figures}")
        lines.extend(f"  {sentence}" for sentence in method.beside_headline())
        if self.backup is not None:
            lines.append(f"Previous version kept as {self.backup}")
        return lines


def write_run(
    run: TrackerRun,
    source: Path,
    target: Path,
    made_at: dt.datetime | None = None,
    keep_backups: int | None = None,
    previous: Snapshot | None = None,
) -> RefreshResult:
    """Write the output sheets of ``run`` into the package ``source`` and save the result at ``target``.

    ``source`` is the file the run was read from (a snapshot, or a file no
    one else writes); ``previous`` the snapshot of ``target`` when the
    run's results replace it: ``target`` is replaced only while it still is
    that snapshot, which becomes the backup.
    """
    from xl_tracker.contract import RUN_CHARTS
    from xl_tracker.ooxml.cell_text import cell_text
    from xl_tracker.ooxml.writer import PackageOutputWriter
    from xl_tracker.outputs.run_charts import PICKER_CELL
    from xl_tracker.outputs.sheets import output_sheets
    from xl_tracker.outputs.verify import verify_written

    source, target = Path(source), Path(target)
    shown = previous.source if previous is not None else source
    sheets = output_sheets(run, made_at, picked=cell_text(source, RUN_CHARTS.name, PICKER_CELL))
    writers: list[PackageOutputWriter] = []

    def write(temp: Path) -> None:
        writer = PackageOutputWriter(source, temp, shown_as=shown)
        writer.write_sheets(sheets)
        writers.append(writer)

    def verify(temp: Path) -> None:
        verify_written(source, temp, sheets, writers[-1].rewritten, writers[-1].deflated)

    saved = write_safely(target, write, verify, KEEP_BACKUPS if keep_backups is None else keep_backups, previous)
    left_out = {s.name: s.rows_left_out for s in sheets if s.rows_left_out}
    return RefreshResult(shown, target, saved, run, [s.name for s in sheets], left_out)


def refresh(path: str | Path, output: str | Path | None = None) -> RefreshResult:
    """Read, check and compute the workbook at ``path``, then write every output sheet into it (or into ``output``).

    Raises :class:`~xl_tracker.errors.WorkbookError` (with a message for a
    person) when the file cannot be read or written, or was saved by another
    program while the refresh ran (:class:`WorkbookChanged`); the file is
    then unchanged. Issues in the data do not stop a refresh: they are
    written to the Issues sheet and counted on the result.
    """
    where = destination(path, output)
    with snapshot(where.source, where.folder) as taken:
        run = run_on_data(read_workbook(taken.path, shown_as=where.source))
        return write_run(run, taken.path, where.target, previous=taken if where.same else None)
