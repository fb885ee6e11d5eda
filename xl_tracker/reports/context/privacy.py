"""The team report's second line of defence for privacy: hidden members' names scrubbed from free text."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from typing import Any

from xl_tracker.reports.charts import ReportChart

_WORD = re.compile(r"\w+")


def scrub_names(report: Any, names: list[str]) -> Any:
    """Replace any of ``names`` (whole words) in every text of ``report`` by 'a CHMT member'.

    The team report never puts a hidden member's name into a field; this is
    the second line of defence for names typed into free text (an initiative
    title such as "Achieng's stock-out plan").
    """
    keys = {tuple(_WORD.findall(n.casefold())) for n in names if len(n) >= 3}
    keys.discard(())
    if not keys:
        return report
    lengths = sorted({len(k) for k in keys}, reverse=True)

    def scrub(text: str) -> str:
        words = _WORD.findall(text.casefold())
        found = {
            tuple(words[i : i + size])
            for i in range(len(words))
            for size in lengths
            if tuple(words[i : i + size]) in keys
        }
        if not found:
            return text
        alternatives = sorted((r"\W+".join(map(re.escape, k)) for k in found), key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
        return pattern.sub("a CHMT member", text)

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return scrub(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if is_dataclass(value) and not isinstance(value, type) and not isinstance(value, ReportChart):
            return type(value)(**{f.name: walk(getattr(value, f.name)) for f in fields(value)})
        return value

    return walk(report)
