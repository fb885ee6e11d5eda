"""What a report template can see: built here from one tracker run, and nowhere else.

The package is split by concern:

- :mod:`.variables` the variables of each template, as dataclasses whose fields carry their descriptions;
- :mod:`.view` :class:`RunView`, the run's result rows indexed by member and initiative, read once;
- :mod:`.member` the member report; :mod:`.team` the team report;
- :mod:`.privacy` names of members who may not be named, scrubbed from free text;
- :mod:`.variables_doc` the variable list of ``docs/report-templates.md``.

Numbers arrive from the results of the same run the refresh writes, keyed by
the contract's column keys; this package formats them for people
(:mod:`xl_tracker.reports.formats`) and words them, and computes no figure.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from xl_tracker.reports.context.variables import MemberReport, StatusCount, TeamReport
from xl_tracker.reports.context.member import member_report, member_reports, reasons_in_words
from xl_tracker.reports.context.privacy import scrub_names
from xl_tracker.reports.context.team import team_report
from xl_tracker.reports.context.variables_doc import REPORT_CLASSES, variables_markdown
from xl_tracker.reports.context.view import ResultRow, RunView, clean


def template_variables(report: MemberReport | TeamReport) -> dict[str, Any]:
    """The template's top-level variables: the fields of the report dataclass."""
    return {f.name: getattr(report, f.name) for f in fields(report)}


__all__ = [
    "REPORT_CLASSES", "MemberReport", "ResultRow", "RunView", "StatusCount", "TeamReport", "clean", "member_report",
    "member_reports", "reasons_in_words", "scrub_names", "team_report", "template_variables", "variables_markdown",
]
