"""``xl-tracker refresh PATH [-o OUT]``: write every result into the workbook's output sheets."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "refresh",
        help="validate, compute and write the output sheets into the workbook",
        description=(
            "Validate the workbook, compute the results and rewrite its output sheets (Issues, results, Dashboard, About). "
            "Nothing else in the workbook changes; the previous version is kept in .xl-tracker-backups beside it. "
            "Exit status: 0 done, 1 done but the workbook has Errors, 2 the file cannot be read or written."
        ),
    )
    p.add_argument("path", type=Path, help="the tracking-tool workbook (.xlsx or .xlsm)")
    p.add_argument("-o", "--output", type=Path, help="write the refreshed workbook here instead of replacing PATH")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from xl_tracker.api import refresh

    result = refresh(args.path, args.output)
    for line in result.summary():
        print(line)
    return 1 if result.error_count else 0
