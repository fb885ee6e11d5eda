"""Upgrade: give a workbook made by an earlier version the sheets, columns and settings of this one.

A newer contract adds input sheets, columns and settings. The reader already
treats each as optional (an earlier workbook reads and refreshes), but a
coach can only fill what is there. ``upgrade`` adds exactly what is
missing, with the same guarantees as refresh: it works on a snapshot, writes
at the package level so every other part keeps its bytes, never changes an
input value (checked by reading the result back), replaces the file
atomically only if nobody saved it meanwhile, and keeps the previous version
as a backup.

What is missing is decided here, from the contract and what the reader
found; the new parts are copied from a workbook the template builder makes
on the spot with the user's own indicators, rounds and scale (the donor), so
they are what ``xl-tracker new`` would make; :mod:`xl_tracker.ooxml.upgrade_writer`
writes them. New sheets go after the input sheet they follow in the
contract, new columns on the right of their table, new settings below the
Settings table: nothing the user filled moves.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from xl_tracker.contract import (
    INDICATORS, INPUT_SHEETS, SETTINGS, SETTINGS_ROWS, START_HERE, default_indicator_rows, scale_levels, sheet_columns,
)
from xl_tracker.errors import WorkbookError
from xl_tracker.ooxml.upgrade_writer import Additions, NewColumns, NewRows, NewSheet, Written, write_upgrade
from xl_tracker.reader import read_workbook
from xl_tracker.safe_write import KEEP_BACKUPS, destination, snapshot, write_safely
from xl_tracker.tables import WorkbookData
from xl_tracker.template import VALIDATION_ROWS, build_workbook

__all__ = ["UpgradeResult", "plan_additions", "upgrade", "upgraded_copy_path"]

COPY_MARK = "upgraded"
"""The ribbon's Upgrade writes ``Tracker (upgraded).xlsm`` beside ``Tracker.xlsm``."""


class UpgradeFailed(WorkbookError):
    """The upgraded copy did not read back as the original plus the additions; the workbook was not changed."""


@dataclass
class UpgradeResult:
    source: Path
    path: Path
    backup: Path | None
    written: Written = field(default_factory=Written)

    @property
    def changed(self) -> bool:
        return self.written.changed

    def summary(self) -> list[str]:
        w = self.written
        if not w.changed and not w.blocked:
            return [f"{self.source} already has every sheet, column and setting of this version: nothing to add."]
        lines = []
        if w.changed:
            lines.append(f"Upgraded {self.path}:")
            for sheet in w.sheets:
                lines.append(f"  added the sheet {sheet}")
            for sheet, headers in w.columns.items():
                lines.append(f"  added to {sheet} the column{'s' if len(headers) > 1 else ''} {', '.join(headers)}")
            for sheet, names in w.rows.items():
                lines.append(f"  added to {sheet} the setting{'s' if len(names) > 1 else ''} {', '.join(names)} (with their defaults)")
        for message in w.blocked:
            lines.append(f"Not added: {message}.")
        if self.backup is not None:
            lines.append(f"Previous version kept as {self.backup}")
        return lines


def plan_additions(data: WorkbookData) -> Additions:
    """What the workbook ``data`` was read from lacks, by the contract: sheets, table columns, settings."""
    additions = Additions(validation_rows=VALIDATION_ROWS)
    levels = scale_levels(data.settings.scale_min, data.settings.scale_max)
    previous = START_HERE if any(n.casefold() == START_HERE.casefold() for n in data.sheet_names) else None
    for spec in INPUT_SHEETS:
        table = data.sheets[spec.name]
        if not table.present:
            additions.sheets.append(NewSheet(spec.name, previous))
            previous = spec.name
            continue
        previous = table.found_as
        if spec is SETTINGS:
            missing_settings = tuple(s.name for s in SETTINGS_ROWS if s.name not in data.settings.cells)
            if missing_settings and table.columns:
                additions.rows.append(NewRows(table.found_as, spec.table, missing_settings, spec.name))
            continue
        if not table.columns:
            continue  # no header row was found: the reader says so; there is nothing to add columns to
        missing = tuple(c.header for c in sheet_columns(spec, data.item_codes, levels) if c.header not in table.columns)
        if missing:
            values = _shipped_descriptors(table, missing, levels) if spec is INDICATORS else {}
            additions.columns.append(NewColumns(table.found_as, spec.table, missing, spec.name, values))
    return additions


def _shipped_descriptors(indicators, missing: tuple[str, ...], levels: tuple[int, ...]) -> dict[str, dict[int, str]]:
    """The shipped level descriptors for the items a workbook kept exactly as shipped (same code, same statement).

    An item the programme reworded or added gets none: its descriptors are for
    the programme to write, never guessed.
    """
    shipped = {(r["Item code"], r["Item statement"]): r for r in default_indicator_rows(levels)}
    values: dict[str, dict[int, str]] = {}
    frame = indicators.values
    if "Item code" not in frame or "Item statement" not in frame:
        return values
    for excel_row, code, statement in zip(frame.index, frame["Item code"], frame["Item statement"]):
        row = shipped.get((code, statement))
        if row is None:
            continue
        for header in missing:
            text = row.get(header)
            if isinstance(text, str) and text:
                values.setdefault(header, {})[int(excel_row)] = text
    return values


def _donor(data: WorkbookData, folder: Path) -> Path:
    """A workbook built from the contract with the user's indicators, rounds and scale: where new parts come from."""
    indicators = data.sheets[INDICATORS.name]
    rows = None
    if indicators.present and data.item_codes:
        rows = [
            {k: (None if _blank(v) else v) for k, v in record.items()}
            for record in indicators.values.to_dict("records")
        ]
    s = data.settings
    settings = {"Rounds": ", ".join(s.rounds), "Scale minimum": s.scale_min, "Scale maximum": s.scale_max}
    return build_workbook(folder / "donor.xlsx", data={INDICATORS.name: rows} if rows else None, settings=settings)


def _blank(value: object) -> bool:
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):
        return False


def _same_inputs(before: WorkbookData, after: WorkbookData, label: Path) -> None:
    """Every value the reader found before is read back the same, under the same header and row (new rows aside)."""
    for name, table in before.sheets.items():
        if not table.present:
            continue
        now = after.sheets[name]
        for header in table.columns:
            old, new = table.values.get(header), now.values.get(header)
            if old is None:
                continue
            if new is None or not old.equals(new.reindex(old.index)):
                raise UpgradeFailed(f"{label}: the upgraded copy would change the column {header} of {name}; nothing was changed")
    if {k: v for k, v in vars(before.settings).items() if k != "cells"} != {k: v for k, v in vars(after.settings).items() if k != "cells"}:
        raise UpgradeFailed(f"{label}: the upgraded copy would change a setting; nothing was changed")


def _same_parts(source: Path, temp: Path, rewritten: frozenset[str], label: Path) -> None:
    """Every part of ``source`` the upgrade did not rewrite is in ``temp`` with the same bytes."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(temp) as new:
        now = {i.filename: i for i in new.infolist()}
        for info in old.infolist():
            if info.filename in rewritten:
                continue
            copy = now.get(info.filename)
            if copy is None or copy.CRC != info.CRC or copy.file_size != info.file_size:
                raise UpgradeFailed(f"{label}: the upgraded copy would change the part {info.filename}; nothing was changed")


def upgraded_copy_path(path: Path) -> Path:
    """A free file name beside ``path`` for its upgraded copy: ``Tracker (upgraded).xlsm``, then ``(upgraded 2)``…

    Excel cannot open two workbooks of one name, so the copy never takes the original's.
    """
    n = 1
    while True:
        mark = COPY_MARK if n == 1 else f"{COPY_MARK} {n}"
        candidate = path.with_name(f"{path.stem} ({mark}){path.suffix}")
        if not os.path.lexists(candidate):
            return candidate
        n += 1


def upgrade(path: str | Path, output: str | Path | None = None) -> UpgradeResult:
    """Add the sheets, columns and settings of this version that the workbook at ``path`` lacks.

    Writes into ``path`` (or into ``output``, leaving ``path`` as it is);
    nothing is written when nothing is missing. Raises
    :class:`~xl_tracker.errors.WorkbookError` with a message for a person
    when the file cannot be read or written; the file is then unchanged.
    What cannot be added without moving the user's cells is listed on the
    result (``written.blocked``), with the cell in the way.
    """
    where = destination(path, output)
    source, target = where.source, where.target
    with snapshot(source, where.folder) as taken:
        before = read_workbook(taken.path, shown_as=source)
        additions = plan_additions(before)
        if not (additions.sheets or additions.columns or additions.rows):
            return UpgradeResult(source, source, None)
        with tempfile.TemporaryDirectory(prefix="xl-tracker-upgrade-") as work:
            donor = _donor(before, Path(work))
            outcome: list[Written] = []

            def write(temp: Path) -> None:
                outcome.append(write_upgrade(taken.path, donor, temp, additions, shown_as=source))
                if not outcome[-1].changed:
                    raise _NothingWritten

            def verify(temp: Path) -> None:
                written = outcome[-1]
                _same_parts(taken.path, temp, written.rewritten, source)
                after = read_workbook(temp, shown_as=source)
                _same_inputs(before, after, source)
                still_missing = [s.name for s in additions.sheets if s.name in written.sheets and not after.sheets[s.name].present]
                if still_missing:
                    raise UpgradeFailed(f"{source}: the upgraded copy does not show the sheet {still_missing[0]}; nothing was changed")

            try:
                saved = write_safely(target, write, verify, KEEP_BACKUPS, taken if where.same else None)
            except _NothingWritten:
                return UpgradeResult(source, source, None, outcome[-1])
            return UpgradeResult(source, target, saved, outcome[-1])


class _NothingWritten(Exception):
    """Everything to add was blocked: the file is left as it is, and the result says why."""
