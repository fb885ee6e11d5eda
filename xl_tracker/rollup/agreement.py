"""Whether the counties' Settings let their scores be pooled, and the rule when they do not.

Scores of two counties can be pooled into one programme figure only when
they were made alike: the same scale, the same rounds in the same order,
the same rater, the same headline method and the same indicators (codes,
items and weights). These are the **compared settings**.

The rule (``docs/rollup.md``): the *programme settings* are the compared
settings that most counties share (a tie goes to the county first by name).
A county whose compared settings differ is **left out of the pooled
programme figures** (the programme headline and the programme's indicator
table) and every difference is listed, with both values, on the programme
workbook's "Settings differ" sheet and in the programme report. Its own
figures, by its own settings, still appear on every per-county table and in
the county comparison, marked as not pooled. Nothing is converted between
scales or methods: a figure is never mixed silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from xl_tracker.contract import INDICATORS
from xl_tracker.rollup.counties import County


@dataclass(frozen=True)
class Compared:
    """The settings that decide whether two counties' scores can be pooled."""

    scale: tuple[int, int]
    rounds: tuple[str, ...]
    rater: str
    headline_method: str
    indicators: tuple[tuple[str, str, float], ...]
    """(indicator code, item code, weight) of every item, without case, sorted."""

    def shown(self) -> dict[str, str]:
        """Each compared setting as a person reads it."""
        codes = []
        for code, _item, _weight in self.indicators:
            if code not in codes:
                codes.append(code)
        return {
            "Scale": f"{self.scale[0]}–{self.scale[1]}",
            "Rounds": ", ".join(self.rounds),
            "Rater for results": self.rater,
            "Headline method": self.headline_method,
            "Indicators": ", ".join(c.upper() for c in codes) + f" ({len(self.indicators)} items)",
        }


def _indicators(frame: pd.DataFrame | None) -> tuple[tuple[str, str, float], ...]:
    if frame is None or frame.empty:
        return ()
    rows = set()
    weights = pd.to_numeric(frame.get("Weight", pd.Series(index=frame.index, dtype=float)), errors="coerce").fillna(1.0)
    for code, item, weight in zip(frame["Indicator code"].tolist(), frame["Item code"].tolist(), weights.tolist()):
        if isinstance(code, str) and code.strip() and isinstance(item, str) and item.strip():
            rows.add((code.strip().casefold(), item.strip().casefold(), float(weight)))
    return tuple(sorted(rows))


def compared(county: County) -> Compared:
    s = county.run.data.settings
    return Compared(
        (int(s.scale_min), int(s.scale_max)), tuple(s.rounds), s.rater, s.headline_method,
        _indicators(county.run.checks.usable.get(INDICATORS.name)),
    )


@dataclass(frozen=True)
class Difference:
    """One compared setting in which a county differs from the programme."""

    county: str
    file: str
    setting: str
    county_value: str
    programme_value: str


@dataclass
class Agreement:
    """The programme settings, which counties are pooled, and every difference of the others."""

    programme: Compared
    pooled: list[County]
    left_out: list[County]
    differences: list[Difference]

    def differs(self, county: County) -> list[str]:
        """The compared settings in which ``county`` differs (empty for a pooled county)."""
        return [d.setting for d in self.differences if d.county == county.name]

    @property
    def rule(self) -> str:
        """The rule in one sentence, for the workbook and the report."""
        return (
            "Counties are pooled into the programme figures only when their scale, rounds, rater, headline method "
            "and indicators are those most counties use; a county that differs keeps its own figures in the county "
            "comparison and is listed under Settings differ, never mixed into the programme headline."
        )


def agreement(counties: list[County]) -> Agreement:
    """Apply the rule of the module docstring to ``counties`` (sorted by name)."""
    settings = {c.name: compared(c) for c in counties}
    counts = Counter(settings.values())
    best = max(counts.values())
    programme = next(settings[c.name] for c in counties if counts[settings[c.name]] == best)
    pooled = [c for c in counties if settings[c.name] == programme]
    left_out = [c for c in counties if settings[c.name] != programme]
    wanted = programme.shown()
    differences = []
    for county in left_out:
        theirs = settings[county.name].shown()
        for name, value in theirs.items():
            if name == "Indicators" and settings[county.name].indicators != programme.indicators and value == wanted[name]:
                value += ": other items or weights"
            if value != wanted[name]:
                differences.append(Difference(county.name, county.file, name, value, wanted[name]))
    return Agreement(programme, pooled, left_out, differences)
