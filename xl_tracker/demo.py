"""``xl-tracker demo``: build the demo CHMT's tracking tool and run every step on it.

The demo is what a new user runs first, so it does what a county would do:
build the workbook, check it, refresh the results into it and write the
Word reports, then say where everything is and what the headline is. The
checks, results and reports are the same run, computed once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEMO_WORKBOOK = "chmt-tracking-tool-demo.xlsx"
REPORTS_FOLDER = "reports"


@dataclass
class DemoRun:
    """What the demo made and found."""

    folder: Path
    workbook: Path
    reports: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    headline: float | None = None
    lines: list[str] = field(default_factory=list)


def build_demo_workbook(path: Path) -> Path:
    """Write the demo CHMT's filled tracking tool to ``path``."""
    from xl_tracker.demo_data import SETTINGS, demo_rows
    from xl_tracker.template import build_workbook

    return build_workbook(path, demo_rows(), SETTINGS)


def run_demo(folder: Path, pdf: bool = False) -> DemoRun:
    """Build the demo workbook in ``folder`` (replacing an earlier demo), refresh it and write its reports."""
    from xl_tracker.workbook_refresh import refresh
    from xl_tracker.reports.generate import write_reports

    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    workbook = folder / DEMO_WORKBOOK
    # Built aside and refreshed into place: an earlier demo (perhaps typed into) is kept as a backup
    # like any refreshed workbook, and a first demo reports no backup of a file nobody has seen.
    with tempfile.TemporaryDirectory(dir=folder, prefix=".~xl-tracker-demo-") as scratch:
        refreshed = refresh(build_demo_workbook(Path(scratch) / DEMO_WORKBOOK), workbook)
    run = refreshed.run
    demo = DemoRun(folder, workbook, errors=run.error_count, warnings=run.warning_count, headline=run.results.headline)
    demo.lines.append(f"Demo tracking tool (a fictional Bungoma CHMT of {len(run.data['Members'].values)} members): {workbook}")
    demo.lines += [f"  {line}" for line in refreshed.summary()]
    reports = write_reports(run, folder / REPORTS_FOLDER)
    demo.reports = reports.files
    shown = folder / REPORTS_FOLDER  # as the workbook's path is shown: as the folder was given
    where = shown if shown.resolve() == Path(reports.out_dir).resolve() else reports.out_dir
    demo.lines.append(f"Word reports: {len(reports.member_reports)} member reports and the team report in {where}")
    if pdf:
        from xl_tracker.reports.pdf import convert_to_pdf

        demo.pdfs = convert_to_pdf(reports.files, reports.out_dir)
        demo.lines.append(f"PDFs: {len(demo.pdfs)} in {where}")
    demo.lines.append("Open the workbook in Excel or LibreOffice: the Issues sheet lists the planted mistakes, the Dashboard the headline.")
    return demo

