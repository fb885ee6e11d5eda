"""Read a freshly written workbook back before it may replace the original.

Three checks, none of which trusts the writer's own code:

* the zip directory: every part the writer did not rewrite is in the new
  file with the same size and CRC-32 (the input sheets, shared strings and
  everything else the user made are byte-identical);
* the sheet map: every sheet that is not an output sheet still names the
  same worksheet part, in the same order (so a byte-identical part is still
  the same sheet's values), read with :class:`~xl_tracker.ooxml.package.PackageReader`;
* python-calamine, a reader independent of the writer, opens the new file
  and finds every output sheet with its first row (the header row of a table)
  and, for tables, its number of rows.

Together they prove the input sheets' values unchanged more strictly than
comparing values would (a value comparison cannot see a changed format or
a lost comment) and at a fraction of the cost of reading every sheet twice.
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

    from xl_tracker.ooxml.package import PackageReader

    output_names = {s.name.casefold() for s in sheets}
    try:
        if rewritten is not None:
            with zipfile.ZipFile(original) as a, zipfile.ZipFile(written) as b:
                after = {i.filename: (i.CRC, i.file_size) for i in b.infolist()}
                for info in a.infolist():
                    if info.filename not in rewritten and after.get(info.filename) != (info.CRC, info.file_size):
                        raise _failed(f"its part {info.filename} changed")
        with PackageReader(original) as a, PackageReader(written) as b:
            before = [(n, p) for n, p in a.worksheet_parts().items() if n.casefold() not in output_names]
            now = [(n, p) for n, p in b.worksheet_parts().items() if n.casefold() not in output_names]
        if before != now:
            raise _failed("the sheets other than the output sheets are not the same as before")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _failed(f"it cannot be opened as a package: {exc}") from None
    try:
        book = CalamineWorkbook.from_path(str(written))
    except (CalamineError, ValueError, OSError) as exc:
        raise _failed(f"it cannot be opened: {exc}") from None
    with book:
        names = {n.casefold(): n for n in book.sheet_names}
        for content in sheets:
            actual = names.get(content.name.casefold())
            if actual is None:
                raise _failed(f"the sheet {content.name} is missing")
            try:
                rows = book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
            except (CalamineError, ValueError) as exc:
                raise _failed(f"the sheet {content.name} cannot be read: {exc}") from None
            grid = content.grid()
            wanted = tuple(v for v in grid[0] if v not in (None, "")) if grid else ()
            first = tuple(v for v in rows[0] if v not in (None, "")) if rows else ()
            if content.headers and first[: len(wanted)] != wanted or not content.headers and first[:1] != wanted[:1]:
                raise _failed(f"the first row of {content.name} reads {first!r}")
            if content.headers:
                expected = next((n for n in range(len(content.rows), 0, -1) if any(v not in (None, "") for v in content.rows[n - 1])), 0)
                if len(rows) - 1 != expected:
                    raise _failed(f"{content.name} reads {len(rows) - 1} rows instead of {expected}")
