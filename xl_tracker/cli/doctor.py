"""``xl-tracker doctor [PATH]``: check this computer (and a workbook) for the Excel ribbon, and print the steps to let it run."""

from __future__ import annotations

import argparse
from pathlib import Path

MARKS = {"ok": "[ok]", "attention": "[!!]", "info": "[--]"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "doctor",
        help="check Python, xlwings, LibreOffice and a workbook's macros for the Excel ribbon",
        description=(
            "Check that the CHMT Tracker buttons can run on this computer: the Python, xlwings against the "
            "workbook's VBA, the Python the workbook starts, and LibreOffice for PDF reports; then print the "
            "steps that let Excel run the workbook. Exit status: 0 all good, 1 something needs attention."
        ),
    )
    p.add_argument("path", nargs="?", type=Path, help="a tracking-tool workbook (.xlsm) to check as well")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from xl_tracker.doctor import run_doctor

    report = run_doctor(args.path)
    for check in report.checks:
        print(f"{MARKS[check.status]} {check.name}: {check.detail}")
        if check.fix and check.status != "ok":
            print(f"     -> {check.fix}")
    print()
    print("To let Excel run the workbook's buttons:")
    for n, step in enumerate(report.steps, start=1):
        print(f"  {n}. {step}")
    print()
    print("All good." if report.ok else "Something needs attention: see the lines marked [!!].")
    return 0 if report.ok else 1
