"""Issues: what is wrong with an input, where, and what to type instead.

One type for every problem the reader and the validator find, so the Issues
sheet, ``xl-tracker validate --json`` and the reports' data-quality annex all
show the same thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from xl_tracker.cells import split_a1
from xl_tracker.contract import INPUT_SHEETS, RULES_BY_ID

_SHEET_ORDER = {s.name: n for n, s in enumerate(INPUT_SHEETS)}


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: severity (``Error`` or ``Warning``), sheet, A1 cell, rule ID, message, value found."""

    severity: str
    sheet: str
    cell: str
    rule: str
    message: str
    value: object = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == "Error"


def issue(rule: str, sheet: str, cell: str, message: str, value: object = None, severity: str | None = None) -> Issue:
    """Make an issue with the rule's own severity unless the contract gives this case another one."""
    return Issue(severity or RULES_BY_ID[rule].severity, sheet, cell, rule, message, value)


def sort_key(item: Issue) -> tuple[int, str, int, int]:
    """Sheet order of the contract, then row, then column (issues without a cell first)."""
    row, col = split_a1(item.cell) if item.cell else (0, -1)
    return (_SHEET_ORDER.get(item.sheet, len(_SHEET_ORDER)), item.sheet, row, col)


def sorted_issues(items: list[Issue]) -> list[Issue]:
    return sorted(items, key=sort_key)
