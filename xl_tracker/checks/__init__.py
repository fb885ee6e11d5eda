"""Validation: every rule of the contract, each issue pointing at the cell to fix.

:func:`check_workbook` takes what the reader produced and returns the issues
(the reader's plus every rule's, in sheet, row, column order) and the usable
tables: copies of the input tables in which every cell that got an Error is
NA, IDs and choices are spelled as defined, and blank cells that the contract
gives a value have it. Results are computed from the usable tables only, so
they stay right around the problems. Every rule is
registered in :mod:`.registry` with its phase; ``too-few-items`` and
``missing-baseline`` depend on the scores and are raised by
:mod:`xl_tracker.results` (phase ``result``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xl_tracker.issues import Issue, sorted_issues

from .context import CheckContext
from .registry import RESULT_CHECKS, in_phase_order

if TYPE_CHECKING:
    import pandas as pd

    from xl_tracker.results import Results
    from xl_tracker.tables import WorkbookData


@dataclass
class CheckResult:
    """The issues found and the usable tables (one per input sheet, same columns, dtypes and Excel-row index)."""

    issues: list[Issue] = field(default_factory=list)
    usable: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(1 for i in self.issues if i.is_error)

    @property
    def warning_count(self) -> int:
        return sum(1 for i in self.issues if not i.is_error)


def check_workbook(data: WorkbookData) -> CheckResult:
    """Check every input sheet of ``data`` against the contract's rules (``data`` is not changed).

    The order matters and is the registry's (:mod:`.registry`): cells are
    checked on their own first, then IDs are resolved (so later rules see
    ``M01`` for ``m01``), then the rules that compare rows, which skip the
    values already found wrong.
    """
    ctx = CheckContext(data)
    for check in in_phase_order():
        check.run(ctx)
    return CheckResult(sorted_issues([*data.issues, *ctx.issues]), ctx.usable)


def check_results(usable: dict[str, pd.DataFrame], results: Results) -> list[Issue]:
    """The result-phase rules of the registry: what the results computed against what a person recorded."""
    return sorted_issues([found for check in RESULT_CHECKS for found in check.run(usable, results)])


__all__ = ["CheckResult", "check_results", "check_workbook"]
