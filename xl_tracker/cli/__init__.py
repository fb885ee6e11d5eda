"""The ``xl-tracker`` command line: one module per command, each a thin layer over :mod:`xl_tracker.api`.

A command module has ``register(subparsers)`` that adds its parser and sets
``run`` (a function of the parsed arguments returning the exit status). It
imports nothing heavy at module level. Exit status: 0 success, 1 the
workbook has Errors, 2 the file cannot be read or written.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from xl_tracker import __version__

COMMANDS = ("new", "validate", "refresh", "upgrade", "demo", "report", "forms", "doctor", "bundle", "rollup")
"""Command modules of this package, in the order ``--help`` lists them."""

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xl-tracker",
        description="CHMT leadership-coaching tracking tool: validate the workbook, write results back, make Word reports.",
    )
    parser.add_argument("--version", action="version", version=f"xl-tracker {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an unexpected failure")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        import_module(f"xl_tracker.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from xl_tracker.errors import WorkbookError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_UNREADABLE
    try:
        return int(args.run(args) or 0)
    except WorkbookError as exc:
        print(f"xl-tracker: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        print("xl-tracker: stopped", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: a person sees one line, not a traceback
        if args.debug:
            raise
        print(f"xl-tracker: unexpected failure ({type(exc).__name__}: {exc}); run again with --debug and report it", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
