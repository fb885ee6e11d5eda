"""``xl-tracker forms PATH -o DIR [--member ID ...] [--round NAME ...] [--pdf]``: paper scoring forms.

Same operation as :func:`xl_tracker.make_forms`: a Word form per member and
round, each item's statement with a box and descriptor per level, plus a
blank form, for scoring on paper in a workshop. A filled form is typed in as
one Assessments row. Exit status 0 when written, 2 when the workbook, a
member or round asked for, or the folder cannot be used.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "forms",
        help="write paper scoring forms: one per member and round, and a blank one",
        description="Write a printable scoring form per CHMT member and round (item statements, a box and descriptor per level, "
                    "evidence lines), and a blank form, from the Indicators and Members sheets.",
    )
    p.add_argument("path", type=Path, help="the tracking-tool workbook (.xlsx or .xlsm)")
    p.add_argument("-o", "--out", type=Path, required=True, metavar="DIR", help="folder for the forms (made if missing)")
    p.add_argument("--member", action="append", metavar="ID", help="only this member's forms (repeat for more)")
    p.add_argument("--round", action="append", metavar="NAME", help="only this round, e.g. Midline (repeat for more); default every round")
    p.add_argument("--pdf", action="store_true", help="also make PDFs with LibreOffice (one batch)")
    p.add_argument("--pdf-timeout", type=float, metavar="SECONDS", help="stop LibreOffice after this many seconds")
    p.add_argument("--templates", type=Path, metavar="DIR", help="folder with a customised scoring_form.docx")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from xl_tracker.reports.forms import make_forms

    result = make_forms(
        args.path, args.out, members=args.member, rounds=args.round, pdf=args.pdf, templates=args.templates, pdf_timeout=args.pdf_timeout
    )
    print(result.summary()[0].upper() + result.summary()[1:])
    return 0
