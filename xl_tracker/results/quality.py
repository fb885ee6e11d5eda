"""The workbook's issues counted once: errors, warnings, and issues per rule and sheet.

The Issues sheet lists every issue; the team report's data-quality annex,
its summary sentence and any other view print these counts and count
nothing themselves. Computed by the pipeline, which is where the issues of
the checks, the results and the result rules come together.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from xl_tracker.issues import Issue

ERROR = "Error"


@dataclass(frozen=True)
class RuleCount:
    severity: str
    rule: str
    sheet: str
    count: int


@dataclass(frozen=True)
class IssueTally:
    """Errors, warnings and issues per (severity, rule, sheet): errors first, then the most frequent."""

    errors: int = 0
    warnings: int = 0
    by_rule: tuple[RuleCount, ...] = ()

    @property
    def total(self) -> int:
        return self.errors + self.warnings


def issue_tally(issues: list[Issue]) -> IssueTally:
    """Count ``issues`` by severity and by rule and sheet."""
    counts = Counter((i.severity, i.rule, i.sheet) for i in issues)
    by_rule = tuple(
        RuleCount(severity, rule, sheet, n)
        for (severity, rule, sheet), n in sorted(counts.items(), key=lambda kv: (kv[0][0] != ERROR, -kv[1], kv[0][1], kv[0][2]))
    )
    errors = sum(1 for i in issues if i.severity == ERROR)
    return IssueTally(errors=errors, warnings=len(issues) - errors, by_rule=by_rule)
