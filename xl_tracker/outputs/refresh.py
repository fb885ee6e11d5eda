"""Refresh: run the tracker on a workbook file and write every output sheet into it, safely.

read -> check -> compute (:func:`xl_tracker.pipeline.run_tracker`) -> build the
output sheets (:mod:`.sheets`) -> write them at the package level
(:mod:`xl_tracker.ooxml.writer`) into a temporary file -> read it back
(:mod:`.verify`) -> back up and replace (:mod:`xl_tracker.safe_write`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xl_tracker.errors import WorkbookError

if TYPE_CHECKING:
    from xl_tracker.pipeline import TrackerRun


class WorkbookChanged(WorkbookError):
    """The workbook was saved by someone else while the refresh ran."""


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
        from xl_tracker.outputs.sheets import headline_lines

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
        note, figures = headline_lines(self.run)
        if results.headline is None:
            lines.append("Headline: not computed yet (no member has both a baseline and a later score).")
        else:
            lines.append(f"Headline: average increase from baseline {results.headline:.1%}.")
        lines.append(f"  {note}")
        lines.append(f"  {figures}")
        if self.backup is not None:
            lines.append(f"Previous version kept as {self.backup}")
        return lines


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_mtime_ns, st.st_size)


def write_run(run: TrackerRun, source: Path, target: Path, made_at: dt.datetime | None = None, keep_backups: int | None = None) -> RefreshResult:
    """Write the output sheets of ``run`` into ``source`` and save the result at ``target`` (may be ``source``)."""
    from xl_tracker.ooxml.writer import PackageOutputWriter
    from xl_tracker.outputs.sheets import output_sheets
    from xl_tracker.outputs.verify import verify_written
    from xl_tracker.safe_write import KEEP_BACKUPS, check_writable, write_safely

    source, target = Path(source), Path(target)
    check_writable(target)
    before = _stamp(source)
    sheets = output_sheets(run, made_at)
    writers: list[PackageOutputWriter] = []

    def write(temp: Path) -> None:
        writer = PackageOutputWriter(source, temp)
        writer.write_sheets(sheets)
        writers.append(writer)

    def verify(temp: Path) -> None:
        verify_written(source, temp, sheets, writers[-1].rewritten)
        if _stamp(source) != before:
            raise WorkbookChanged(
                f"{source} was saved by another program during the refresh: nothing was changed; refresh again"
            )

    saved = write_safely(target, write, verify, KEEP_BACKUPS if keep_backups is None else keep_backups)
    left_out = {s.name: s.rows_left_out for s in sheets if s.rows_left_out}
    return RefreshResult(source, target, saved, run, [s.name for s in sheets], left_out)


def refresh(path: str | Path, output: str | Path | None = None) -> RefreshResult:
    """Read, check and compute the workbook at ``path``, then write every output sheet into it (or into ``output``).

    Raises :class:`~xl_tracker.errors.WorkbookError` (with a message for a
    person) when the file cannot be read or written; the file is then
    unchanged. Issues in the data do not stop a refresh: they are written to
    the Issues sheet and counted on the result.
    """
    from xl_tracker.pipeline import run_tracker
    from xl_tracker.safe_write import check_writable

    source = Path(path)
    target = Path(output) if output is not None else source
    if not source.exists():
        raise WorkbookError(f"{source}: no such file")
    check_writable(target)
    run = run_tracker(source)
    if os.path.exists(target) and target.resolve() == source.resolve():
        target = source
    return write_run(run, source, target)
