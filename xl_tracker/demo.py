"""``xl-tracker demo``: build the demo CHMT's tracking tool and run every step on it.

The demo is what a new user runs first, so it does what a county would do:
build the workbook, check it, refresh the results into it and write the
reports, then say where everything is and what the headline is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEMO_WORKBOOK = "chmt-tracking-tool-demo.xlsx"


@dataclass
class DemoRun:
    """What the demo made and found."""

    folder: Path
    workbook: Path
    errors: int = 0
    warnings: int = 0
    lines: list[str] = field(default_factory=list)


def build_demo_workbook(path: Path) -> Path:
    """Write the demo CHMT's filled tracking tool to ``path``."""
    from xl_tracker.demo_data import SETTINGS, demo_rows
    from xl_tracker.template import build_workbook

    return build_workbook(path, demo_rows(), SETTINGS)


def run_demo(folder: Path) -> DemoRun:
    """Build the demo workbook in ``folder`` (replacing an earlier demo) and run the steps on it."""
    from xl_tracker.reader import read_workbook

    folder.mkdir(parents=True, exist_ok=True)
    workbook = build_demo_workbook(folder / DEMO_WORKBOOK)
    run = DemoRun(folder, workbook)
    run.lines.append(f"Demo tracking tool: {workbook}")
    data = read_workbook(workbook)
    run.errors = sum(1 for i in data.issues if i.is_error)
    run.warnings = len(data.issues) - run.errors
    rows = {name: len(sheet.values) for name, sheet in data.sheets.items()}
    run.lines.append(
        f"Read {rows['Members']} members, {rows['Assessments']} assessments, {rows['Sessions']} sessions, "
        f"{rows['Initiatives']} initiatives with {rows['Measures']} measures"
    )
    return run
