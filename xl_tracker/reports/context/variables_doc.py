"""The variable tables of ``docs/report-templates.md``, generated from the report dataclasses.

The drift test (``tests/test_reports_templates.py``) fails when the doc and
the dataclasses disagree: rerun ``python -m xl_tracker.reports.template_docs``.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from xl_tracker.reports.charts import ReportChart
from xl_tracker.reports.context.form import ScoringForm
from xl_tracker.reports.context.variables import MemberReport, TeamReport

REPORT_CLASSES = {"member_report.docx": MemberReport, "team_report.docx": TeamReport, "scoring_form.docx": ScoringForm}


def _describe_type(tp: Any) -> tuple[str, Any]:
    """(type in words, dataclass to expand or None)."""
    origin = typing.get_origin(tp)
    if origin is list:
        (inner,) = typing.get_args(tp)
        if is_dataclass(inner):
            return "list", inner
        return f"list of {'texts' if inner is str else inner.__name__}", None
    if origin in (dict, Mapping):
        return "texts by key", None
    if isinstance(tp, type) and issubclass(tp, ReportChart):
        return "chart", None
    if any(isinstance(a, type) and issubclass(a, ReportChart) for a in typing.get_args(tp)):
        return "chart (or none)", None
    if is_dataclass(tp):
        return "group", tp
    return {str: "text", bool: "yes/no"}.get(tp, getattr(tp, "__name__", str(tp))), None


def _variable_rows(cls: type, prefix: str) -> list[tuple[str, str, str]]:
    rows = []
    hints = typing.get_type_hints(cls)
    for f in fields(cls):
        kind, inner = _describe_type(hints[f.name])
        name = f"{prefix}{f.name}"
        if kind.startswith("list"):
            kind = f"{kind}: `for {_loop_name(f.name)} in {name}`"
        rows.append((name, kind, f.metadata["doc"]))
        if inner is not None:
            child = f"{name}." if kind == "group" else f"{_loop_name(f.name)}."
            rows.extend(_variable_rows(inner, child))
    return rows


def _loop_name(list_name: str) -> str:
    """The loop variable the docs use for a list: ``initiatives`` -> ``initiative``."""
    special = {"strengths": "strength", "comparison": "row", "changes": "cell", "member_dots": "d", "runs": "r", "offers_requests": "item", "by_rule": "item",
               "status_counts": "item", "named": "row", "sessions": "session", "measures": "measure", "coordination": "item"}
    if list_name in special:
        return special[list_name]
    return list_name[:-1] if list_name.endswith("s") else "item"


def variables_markdown() -> str:
    """The variable tables of docs/report-templates.md, from the dataclasses above."""
    out = []
    for template, cls in REPORT_CLASSES.items():
        out.append(f"### `{template}`\n")
        out.append(f"{(cls.__doc__ or '').strip()}\n")
        out.append("| Variable | Kind | What it holds |")
        out.append("| --- | --- | --- |")
        for name, kind, text in _variable_rows(cls, ""):
            out.append(f"| `{name}` | {kind} | {text.replace('|', '/')} |")
        out.append("")
    return "\n".join(out)
