"""``xl-tracker new PATH``: build an empty tracking-tool workbook."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    from xl_tracker.ribbon.interpreter import COUNTY_PYTHON_MAC, COUNTY_PYTHON_WIN

    p = sub.add_parser("new", help="build an empty tracking-tool workbook", description="Build an empty tracking-tool workbook from the contract.")
    p.add_argument("path", type=Path, help="where to write it: .xlsx, or .xlsm for the workbook with the CHMT Tracker ribbon tab")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument(
        "--interpreter-win", metavar="PATH",
        help=f"(.xlsm) the python.exe the buttons start on Windows; %%VARIABLES%% are expanded on the PC (default: {COUNTY_PYTHON_WIN.replace('%', '%%')})",
    )
    p.add_argument(
        "--interpreter-mac", metavar="PATH",
        help=f"(.xlsm) the python the buttons start on a Mac; a leading $HOME is expanded (default: {COUNTY_PYTHON_MAC})",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from xl_tracker.api import new_workbook
    from xl_tracker.errors import WorkbookError

    if args.path.exists() and not args.force:
        raise WorkbookError(f"{args.path} exists already: choose another name or add --force to overwrite it")
    for option, value in (("--interpreter-win", args.interpreter_win), ("--interpreter-mac", args.interpreter_mac)):
        if value is not None and not value.strip():
            raise WorkbookError(f"{option} cannot be blank: leave it out to use the county install location")
    path = new_workbook(args.path, interpreter_win=args.interpreter_win, interpreter_mac=args.interpreter_mac)
    print(f"Tracking tool written to {path}")
    return 0
