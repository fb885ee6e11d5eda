"""Where the shipped folders are: workbook_templates/, report_templates/, macros/.

In a source checkout (and an editable install) they sit beside the package;
in a wheel they are packed as ``xl_tracker/_shipped/<folder>``.
"""

from __future__ import annotations

from pathlib import Path

SHIPPED = ("workbook_templates", "report_templates", "macros")


def shipped_dir(name: str) -> Path:
    """The folder ``name`` (one of :data:`SHIPPED`) as installed or checked out."""
    if name not in SHIPPED:
        raise ValueError(f"not a shipped folder: {name}")
    package = Path(__file__).resolve().parent
    for candidate in (package / "_shipped" / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"xl-tracker is installed without its {name} folder; reinstall it")
