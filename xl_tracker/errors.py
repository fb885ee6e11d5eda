"""Errors a person can act on.

``WorkbookError`` carries a one-line message for the user (the CLI prints it
and exits 2; the ribbon shows it in a message box). Anything else escaping
the package is a bug.
"""

from __future__ import annotations


class WorkbookError(Exception):
    """The workbook cannot be read or written; the message says why in plain words."""


class UnreadableWorkbook(WorkbookError):
    """The file is not a workbook xl-tracker can read (wrong format, encrypted, damaged, too large)."""
