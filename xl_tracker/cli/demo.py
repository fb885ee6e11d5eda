"""``xl-tracker demo [DIR]``: the demo CHMT, end to end."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="build a filled demo tracking tool and run every step on it",
        description="Build the tracking tool of a fictional CHMT (18 members, three rounds, initiatives, "
        "sessions and a few entry mistakes) and run validation, refresh and reports on it.",
    )
    p.add_argument("folder", nargs="?", type=Path, default=Path("xl-tracker-demo"), help="output folder (default: ./xl-tracker-demo)")
    p.add_argument("--pdf", action="store_true", help="also turn the reports into PDF with LibreOffice")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from xl_tracker.api import run_demo

    result = run_demo(args.folder, pdf=args.pdf)
    for line in result.lines:
        print(line)
    return 0
