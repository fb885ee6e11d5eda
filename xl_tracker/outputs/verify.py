"""Read a freshly written workbook back before it may replace the original.

Checked with python-calamine, a reader independent of the writer: every
output sheet is there with its header row, and every other sheet holds the
same values as in the original. The zip directory adds a cheaper, stricter
check: every part the writer did not own has the same size and CRC.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from xl_tracker.errors import WorkbookError
from xl_tracker.outputs.model import SheetContent


class VerificationFailed(WorkbookError):
    """The written file did not read back as it should; the original was not replaced."""


def _failed(detail: str) -> VerificationFailed:
    return VerificationFailed(f"the refreshed workbook did not read back correctly ({detail}); the original was not changed")


def verify_written(original: Path, written: Path, sheets: Sequence[SheetContent], rewritten: frozenset[str] | None = None) -> None:
    """Raise :class:`VerificationFailed` unless ``written`` is ``original`` with ``sheets`` written into it.

    ``rewritten`` names the parts the writer changed or removed; every other
    part must be in the new file with the same size and CRC.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    if rewritten is not None:
        with zipfile.ZipFile(original) as a, zipfile.ZipFile(written) as b:
            after = {i.filename: (i.CRC, i.file_size) for i in b.infolist()}
            for info in a.infolist():
                if info.filename not in rewritten and after.get(info.filename) != (info.CRC, info.file_size):
                    raise _failed(f"its part {info.filename} changed")
    output_names = {s.name.casefold() for s in sheets}
    try:
        new = CalamineWorkbook.from_path(str(written))
        old = CalamineWorkbook.from_path(str(original))
    except (CalamineError, ValueError, OSError) as exc:
        raise _failed(f"it cannot be opened: {exc}") from None
    with new, old:
        names = {n.casefold(): n for n in new.sheet_names}
        for content in sheets:
            actual = names.get(content.name.casefold())
            if actual is None:
                raise _failed(f"the sheet {content.name} is missing")
            if content.headers:
                rows = new.get_sheet_by_name(actual).to_python(nrows=1)
                first = tuple(rows[0][: len(content.headers)]) if rows else ()
                if first != tuple(content.headers):
                    raise _failed(f"the header row of {content.name} reads {first!r}")
        for name in old.sheet_names:
            if name.casefold() in output_names:
                continue
            if name not in new.sheet_names:
                raise _failed(f"the sheet {name} is missing")
            try:
                before = old.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except (CalamineError, ValueError):
                continue  # a chart sheet or a sheet calamine cannot read in the original either
            if new.get_sheet_by_name(name).to_python(skip_empty_area=False) != before:
                raise _failed(f"the values of the sheet {name} changed")
