"""``xl-tracker validate PATH [--json]``: list every problem of a workbook, grouped by sheet.

Exit status 0 when there is no Error, 1 when there is one, 2 when the file
cannot be read. ``--json`` prints a JSON array of issues on stdout for other
tools; otherwise a listing for people, coloured only on a terminal (and never
when ``NO_COLOR`` is set). The workbook is only read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import sys
from pathlib import Path

_RED, _YELLOW, _BOLD, _RESET = "\033[31m", "\033[33m", "\033[1m", "\033[0m"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="list every problem in the workbook, with the cell to fix",
        description="Check the input sheets against the tracking-tool contract and list every problem with its cell. "
        "Exit status: 0 no Error, 1 Errors found, 2 the file cannot be read. The workbook is not changed.",
    )
    p.add_argument("path", type=Path, help="the tracking-tool workbook (.xlsx or .xlsm)")
    p.add_argument("--json", action="store_true", help="print a JSON array of issues on stdout instead of the listing")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from xl_tracker.api import validate

    issues = validate(args.path)
    if args.json:
        text = json.dumps([issue_json(i) for i in issues], ensure_ascii=False) + "\n"
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        text = listing(issues, args.path, colour)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `xl-tracker validate x.xlsx | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if any(i.is_error for i in issues) else 0


def json_value(value: object) -> object:
    """A value JSON can hold: dates and times as ISO text, NaN as null, anything unusual as its text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    return str(value)


def issue_json(item) -> dict[str, object]:
    return {
        "severity": item.severity,
        "sheet": item.sheet,
        "cell": item.cell,
        "rule": item.rule,
        "message": item.message,
        "value": json_value(item.value),
    }


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def listing(issues: list, path: Path, colour: bool = False) -> str:
    """The issues grouped by sheet (in the order given), each sheet headed by its counts, then a summary line."""

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    lines: list[str] = []
    sheets: dict[str, list] = {}
    for item in issues:
        sheets.setdefault(item.sheet, []).append(item)
    for sheet, items in sheets.items():
        errors = sum(1 for i in items if i.is_error)
        lines.append(paint(f"{sheet}: {_count(errors, 'error')}, {_count(len(items) - errors, 'warning')}", _BOLD))
        cell_width = max(len(i.cell) for i in items)
        for i in items:
            severity = paint(f"{i.severity:<7}", _RED if i.is_error else _YELLOW)
            lines.append(f"  {severity} {i.cell or '-':<{cell_width}}  {i.message}  [{i.rule}]")
        lines.append("")
    errors = sum(1 for i in issues if i.is_error)
    if issues:
        summary = f"{path}: {_count(errors, 'error')}, {_count(len(issues) - errors, 'warning')}"
        if errors:
            summary += " (errors keep their values out of the results: fix them first)"
        lines.append(paint(summary, _RED if errors else _YELLOW))
    else:
        lines.append(f"{path}: no problems found")
    return "\n".join(lines) + "\n"
