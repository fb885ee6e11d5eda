"""Make the reports of one run: contexts, templates compiled once, files written, PDFs on request.

This is :func:`xl_tracker.generate_reports` (and ``xl-tracker report``).
Large batches are split over several processes on Linux: the workers fork
after the run is read, so they inherit it instead of receiving pickled
contexts, and each compiles the template once. Small batches, and every
batch on Windows and macOS (no safe fork there), stay in this process,
which is already fast enough for any CHMT.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xl_tracker.errors import WorkbookError
from xl_tracker.reports.context import (
    RunView,
    member_report,
    team_report,
    template_variables,
)
from xl_tracker.reports.filenames import inside, member_filename, unique_names

if TYPE_CHECKING:
    from xl_tracker.pipeline import TrackerRun
    from xl_tracker.reports.render import CompiledTemplate

MEMBER_TEMPLATE = "member_report.docx"
TEAM_TEMPLATE = "team_report.docx"
TEAM_FILENAME = "Team_progress_report.docx"
PARALLEL_FROM = 400
"""Member reports from which the batch is spread over processes (below it, a worker's start-up costs more than it saves)."""

Progress = Callable[[int, int], None]


@dataclass
class ReportSet:
    """What was written: member reports, the team report, PDFs, and the run they came from."""

    out_dir: Path
    member_reports: list[Path] = field(default_factory=list)
    team_report: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    templates: dict[str, Path] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0

    @property
    def files(self) -> list[Path]:
        return [*self.member_reports, *([self.team_report] if self.team_report else [])]

    def summary(self) -> str:
        """The closing line of ``xl-tracker report``."""
        parts = [f"{len(self.member_reports)} member report{'s' if len(self.member_reports) != 1 else ''}"]
        if self.team_report:
            parts.append("the team report")
        text = " and ".join(parts) + f" written to {self.out_dir}"
        if self.pdfs:
            text += f", with {len(self.pdfs)} PDF{'s' if len(self.pdfs) != 1 else ''}"
        if self.errors:
            text += f"; the workbook has {self.errors} error{'s' if self.errors != 1 else ''} whose values are left out (see the team report's annex or run xl-tracker validate)"
        return text


def template_paths(templates: str | Path | None) -> dict[str, Path]:
    """The member and team templates: from ``templates`` (a folder) where it has them, else the shipped ones."""
    from xl_tracker.resources import shipped_dir

    shipped = shipped_dir("report_templates")
    if templates is None:
        return {name: shipped / name for name in (MEMBER_TEMPLATE, TEAM_TEMPLATE)}
    folder = Path(templates)
    if not folder.is_dir():
        raise WorkbookError(f"--templates {folder}: no such folder (it should hold {MEMBER_TEMPLATE} and/or {TEAM_TEMPLATE})")
    found = {name: folder / name for name in (MEMBER_TEMPLATE, TEAM_TEMPLATE) if (folder / name).is_file()}
    if not found:
        raise WorkbookError(f"--templates {folder}: it holds neither {MEMBER_TEMPLATE} nor {TEAM_TEMPLATE}")
    return {name: found.get(name, shipped / name) for name in (MEMBER_TEMPLATE, TEAM_TEMPLATE)}


# --- workers ----------------------------------------------------------------------

_WORKER: dict[str, object] = {}
"""Set in the parent just before the worker processes fork: they inherit the run's view without pickling it."""


def _start_worker() -> None:
    from xl_tracker.reports.render import compile_template

    _WORKER["template"] = compile_template(_WORKER["template_path"])


def _render_batch(jobs: list[tuple[int, str]]) -> int:
    template = _WORKER["template"]
    view = _WORKER["view"]
    for index, out in jobs:
        template.render(template_variables(member_report(view, view.members[index])), Path(out))
    return len(jobs)


def _write_members(
    template: CompiledTemplate,
    view: RunView,
    jobs: list[tuple[int, Path]],
    progress: Progress | None,
    workers: int,
) -> None:
    """Render ``jobs`` (index into ``view.members``, file): here, or over forked workers for a large batch."""
    import multiprocessing

    total = len(jobs)
    can_fork = sys.platform.startswith("linux")  # macOS forbids fork after system frameworks load; Windows has none
    if workers <= 1 or total < PARALLEL_FROM or not can_fork:
        for n, (index, out) in enumerate(jobs, start=1):
            template.render(template_variables(member_report(view, view.members[index])), out)
            if progress:
                progress(n, total)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    size = max(10, total // (workers * 8))
    chunks = [[(i, str(o)) for i, o in jobs[k : k + size]] for k in range(0, total, size)]
    _WORKER.update(view=view, template_path=str(template.path))
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker) as pool:
            for future in as_completed([pool.submit(_render_batch, c) for c in chunks]):
                done += future.result()
                if progress:
                    progress(done, total)
    finally:
        _WORKER.clear()


def write_reports(
    run: TrackerRun,
    out_dir: str | Path,
    members: list[str] | None = None,
    templates: str | Path | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> ReportSet:
    """Write the member reports (all, or those in ``members``) and, for all members, the team report."""
    from xl_tracker.reports.render import compile_template

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(f"cannot create the report folder {out} ({exc.strerror or exc})") from None
    paths = template_paths(templates)
    member_template = compile_template(paths[MEMBER_TEMPLATE])
    team_template = compile_template(paths[TEAM_TEMPLATE]) if members is None else None
    view = RunView(run)
    chosen = view.members
    if members is not None:
        wanted = {m.strip().casefold(): m for m in members}
        known = {str(m["Member ID"]).strip().casefold() for m in view.members}
        unknown = [orig for key, orig in wanted.items() if key not in known]
        if unknown:
            raise WorkbookError(f"no member with ID {', '.join(unknown)} on the Members sheet (or its row has an error)")
        chosen = [m for m in view.members if str(m["Member ID"]).strip().casefold() in wanted]
    names = unique_names(
        [member_filename(str(m["Member ID"]), str(m.get("Full name") or "")) for m in chosen],
        taken={TEAM_FILENAME},
    )
    index = {id(m): n for n, m in enumerate(view.members)}
    jobs = [(index[id(m)], inside(out, name)) for m, name in zip(chosen, names)]
    result = ReportSet(out.resolve(), templates=paths, errors=run.error_count, warnings=run.warning_count)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    try:
        _write_members(member_template, view, jobs, progress, workers)
        result.member_reports = [path for _, path in jobs]
        if team_template is not None:
            result.team_report = team_template.render(template_variables(team_report(view)), inside(out, TEAM_FILENAME))
    except PermissionError as exc:
        raise WorkbookError(f"cannot write {exc.filename or out}: close it in Word (or check the folder's permissions) and try again") from None
    except OSError as exc:
        raise WorkbookError(f"cannot write the reports to {out} ({exc.strerror or exc})") from None
    return result


def generate_reports(
    path: str | Path,
    out_dir: str | Path,
    members: list[str] | None = None,
    pdf: bool = False,
    templates: str | Path | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    pdf_timeout: float | None = None,
) -> ReportSet:
    """Write the Word progress reports of the workbook at ``path`` into ``out_dir``; returns a ReportSet (``xl_tracker.generate_reports``).

    One report per member (or only those whose IDs are in ``members``) and,
    when every member is reported, the team report; ``pdf=True`` also
    converts them with LibreOffice; ``templates`` is a folder holding a
    customised ``member_report.docx`` and/or ``team_report.docx``;
    ``pdf_timeout`` the seconds LibreOffice is given (default: 2 minutes plus
    3 s a report) before it is stopped, all its processes with it.
    """
    from xl_tracker.pipeline import run_tracker

    run = run_tracker(path)
    result = write_reports(run, out_dir, members, templates, progress, workers)
    if pdf:
        from xl_tracker.reports.pdf import convert_to_pdf

        result.pdfs = convert_to_pdf(result.files, result.out_dir, timeout=pdf_timeout)
    return result
