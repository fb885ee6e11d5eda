"""``xl-tracker report PATH -o DIR [--member ID ...] [--pdf] [--templates DIR]``: the Word progress reports.

Same operation as :func:`xl_tracker.generate_reports`. A progress bar is
drawn on a terminal when there are more than a few reports; the last line
says what was written where. Exit status 0 when written (the workbook's
Errors are reported in the team report's annex and in the summary line, not
as a failure: the reports use every value that is usable), 2 when the
workbook, a template or the folder cannot be used.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

PROGRESS_FROM = 6
"""Reports from which a progress bar is worth drawing."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="write the Word progress reports: one per member and one for the team",
        description="Write a Word progress report per CHMT member and one for the team, from the same results as the refresh.",
    )
    p.add_argument("path", type=Path, help="the tracking-tool workbook (.xlsx or .xlsm)")
    p.add_argument("-o", "--out", type=Path, required=True, metavar="DIR", help="folder for the reports (made if missing)")
    p.add_argument("--member", action="append", metavar="ID", help="only this member's report (repeat for more); no team report then")
    p.add_argument("--pdf", action="store_true", help="also make PDFs with LibreOffice (one batch)")
    p.add_argument(
        "--pdf-timeout", type=float, metavar="SECONDS",
        help="stop LibreOffice after this many seconds (default: 2 minutes plus 3 s a report)",
    )
    p.add_argument("--templates", type=Path, metavar="DIR", help="folder with customised member_report.docx and/or team_report.docx")
    p.set_defaults(run=run)


class ProgressBar:
    """A one-line bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream=None, width: int = 30, label: str = "Reports") -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.label = label
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        filled = int(self.width * done / total) if total else self.width
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from xl_tracker.reports.generate import generate_reports

    progress = None
    if sys.stderr.isatty() and (args.member is None or len(args.member) >= PROGRESS_FROM):
        progress = _only_when_many(ProgressBar())
    result = generate_reports(
        args.path, args.out, members=args.member, pdf=args.pdf, templates=args.templates, progress=progress, pdf_timeout=args.pdf_timeout
    )
    print(result.summary()[0].upper() + result.summary()[1:])
    return 0


def _only_when_many(bar: ProgressBar):
    def progress(done: int, total: int) -> None:
        if total >= PROGRESS_FROM:
            bar(done, total)

    return progress
