"""``xl-tracker upgrade PATH [-o OUT]``: add the sheets, columns and settings of this version that the workbook lacks."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "upgrade",
        help="add this version's new sheets, columns and settings to a workbook made by an earlier version",
        description=(
            "Add the input sheets, table columns and settings of this version that the workbook lacks, as `xl-tracker new` "
            "makes them (dropdowns, input messages, checks). No value you entered changes and nothing you added is lost; "
            "new columns go on the right of their table, new settings below the Settings table. The previous version is "
            "kept in .xl-tracker-backups beside it. Close the workbook in Excel first. "
            "Exit status: 0 done (or nothing to add), 1 something could not be added (the message says which cell is in "
            "the way), 2 the file cannot be read or written."
        ),
    )
    p.add_argument("path", type=Path, help="the tracking-tool workbook (.xlsx or .xlsm)")
    p.add_argument("-o", "--output", type=Path, help="write the upgraded workbook here instead of replacing PATH")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from xl_tracker.api import upgrade

    result = upgrade(args.path, args.output)
    for line in result.summary():
        print(line)
    return 1 if result.written.blocked else 0
