"""``xl-tracker bundle -o DIR``: the offline install folder for a county PC (the release step)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bundle",
        help="make the offline install folder for a county PC (needs the package index here)",
        description=(
            "Make one folder that installs xl-tracker on another PC with no internet and no admin rights: "
            "xl-tracker's wheel and every package it needs for that PC's platform and Python, install.cmd "
            "(Windows) or install.sh (macOS, Linux), and READ ME FIRST.txt. Exit status: 0 made and checked, "
            "2 it could not be made (one line says why)."
        ),
    )
    p.add_argument("-o", "--output", type=Path, required=True, help="the folder to make (new or empty)")
    p.add_argument("--platform", help="the target's wheel platform tag, e.g. win_amd64, macosx_11_0_arm64 (default: this machine's)")
    p.add_argument("--python", help="the target's CPython version, e.g. 3.13 (default: this Python's)")
    p.add_argument("--wheel", type=Path, help="ship this xl-tracker wheel instead of building one from the source checkout")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from xl_tracker.bundle import BundleError, make_bundle

    try:
        made = make_bundle(args.output, platform=args.platform, python=args.python, wheel=args.wheel)
    except BundleError as exc:
        print(f"xl-tracker: {exc}", file=sys.stderr)
        return 2
    print(f"Bundle for {made.target.label}: {len(made.wheels)} wheels, {made.size / 1e6:.1f} MB in {made.folder}")
    if made.added_for_target:
        print(f"  added for the target (pip skips them on this machine): {', '.join(made.added_for_target)}")
    print(f"  checked: pip resolves xl-tracker from {made.folder / 'wheels'} alone, offline, for that target")
    print(f"  hand over the whole folder; the person installing starts with {'READ ME FIRST.txt'!r}")
    return 0
