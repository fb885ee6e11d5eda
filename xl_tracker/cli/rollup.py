"""``xl-tracker rollup FILES_OR_DIR ... -o programme.xlsx``: one programme workbook from the county workbooks.

Same operation as :func:`xl_tracker.rollup`. A progress bar over the files
is drawn on stderr when it is a terminal (never into a pipe or a log).
Exit status: 0 done, 1 done but a county workbook has Errors (their values
are left out), 2 a file cannot be read or written (nothing is written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rollup",
        help="roll county workbooks up into one programme workbook",
        description=(
            "Read each county's tracking-tool workbook (files, or folders of them; never changed) and write one programme "
            "workbook: the pooled headline with its method, each county beside the others, similar initiatives to learn "
            "from across counties, and every county's results and issues with a County column. See docs/rollup.md."
        ),
    )
    p.add_argument("sources", nargs="+", type=Path, metavar="FILES_OR_DIR", help="county workbooks (.xlsx/.xlsm) or folders of them")
    p.add_argument("-o", "--output", type=Path, required=True, help="the programme workbook to write (.xlsx)")
    p.add_argument("--report", type=Path, help="the programme report (Word) to write; default: beside the workbook, as NAME.docx")
    p.add_argument("--no-report", action="store_true", help="write the programme workbook only")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from xl_tracker.api import rollup
    from xl_tracker.cli.report import ProgressBar

    progress = ProgressBar(label="Counties") if sys.stderr.isatty() else None
    result = rollup(args.sources, args.output, progress=progress, report=args.report, with_report=not args.no_report)
    for line in result.summary():
        print(line)
    return 1 if any(c.run.error_count for c in result.programme.counties) else 0
