"""One run of the tracker over a workbook: read -> check -> compute -> overlaps.

The refresh (file), the ribbon (open book through xlwings), the reports and
the demo all call :func:`run_tracker` (or :func:`run_on_data` when they read
the workbook their own way), so every path computes the same results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from xl_tracker.checks import CheckResult
    from xl_tracker.issues import Issue
    from xl_tracker.reader import WorkbookData
    from xl_tracker.results import Results
    from xl_tracker.results.quality import IssueTally


@dataclass
class TrackerRun:
    """Everything one run produced: the data as read, the checks, the results and the overlaps."""

    data: WorkbookData
    checks: CheckResult
    results: Results
    overlaps: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    """All issues (reading, rules, results) in sheet, row, column order: the Issues sheet."""
    issue_tally: IssueTally | None = None
    """The issues counted by severity and by rule and sheet, once for every view."""

    @property
    def error_count(self) -> int:
        return sum(1 for i in self.issues if i.severity == "Error")

    @property
    def warning_count(self) -> int:
        return sum(1 for i in self.issues if i.severity == "Warning")


def run_on_data(data: WorkbookData, with_overlaps: bool = True, county_views: bool = True) -> TrackerRun:
    """Check and compute everything from workbook data already read.

    ``with_overlaps=False`` leaves the Overlaps table empty: validation needs
    the issues (checks and the results' own rules) but not the overlaps,
    the costliest step on a large workbook. ``county_views=False`` leaves
    out the results only a county's own workbook and reports show (see
    :func:`~xl_tracker.results.compute_results`): a roll-up's runs.
    """
    from xl_tracker.checks import check_results, check_workbook
    from xl_tracker.issues import sorted_issues
    from xl_tracker.results import compute_results
    from xl_tracker.results.quality import issue_tally

    checks = check_workbook(data)
    results = compute_results(checks.usable, data.settings, data.item_codes, county_views)
    if with_overlaps:
        from xl_tracker.overlaps import find_overlaps

        overlaps = find_overlaps(checks.usable, data.settings)
    else:
        import pandas as pd

        from xl_tracker.contract import OVERLAPS

        overlaps = pd.DataFrame(columns=list(OVERLAPS.keys))
    issues = sorted_issues([*checks.issues, *results.issues, *check_results(checks.usable, results)])
    return TrackerRun(data, checks, results, overlaps, issues, issue_tally(issues))


def run_tracker(path: str | Path) -> TrackerRun:
    """Read the workbook file at ``path`` and run everything on it (the file is not changed)."""
    from xl_tracker.reader import read_workbook

    return run_on_data(read_workbook(path))
