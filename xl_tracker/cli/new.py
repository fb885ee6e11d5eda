"""``xl-tracker new PATH``: build an empty tracking-tool workbook."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="build an empty tracking-tool workbook", description="Build an empty tracking-tool workbook from the contract.")
    p.add_argument("path", type=Path, help="where to write it: .xlsx, or .xlsm for the workbook with the CHMT Tracker ribbon tab")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from xl_tracker.api import new_workbook
    from xl_tracker.errors import WorkbookError

    if args.path.exists() and not args.force:
        raise WorkbookError(f"{args.path} exists already: choose another name or add --force to overwrite it")
    path = new_workbook(args.path)
    print(f"Tracking tool written to {path}")
    return 0
