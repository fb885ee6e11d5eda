"""status-contradicts-measures: an initiative recorded On track whose measures are computed as behind.

A result-phase rule: it needs the flags that :mod:`xl_tracker.results.initiatives`
computes for each measure (progress to target against the elapsed share of
the initiative's window). It compares, and computes nothing of its own, so
the warning says exactly what the Initiative Results sheet shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from xl_tracker.cells import a1
from xl_tracker.contract import INITIATIVE_RESULTS, INITIATIVES
from xl_tracker.issues import Issue, issue
from xl_tracker.results.initiatives import BEHIND, ENDED_SHORT, NO_MEASURES

INITIATIVE_ID = INITIATIVES.column("Initiative ID").header
STATUS = INITIATIVES.column("Status").header
RESULT_INITIATIVE, RESULT_STATUS, RESULT_MEASURE, RESULT_FLAG = "initiative_id", "status", "measure_id", "flag"
"""The columns of the Initiative Results table this rule reads."""
ON_TRACK = "On track"
"""The recorded Status this rule holds to the computed flags (one of the contract's INITIATIVE_STATUSES)."""
BEHIND_FLAGS = (BEHIND, ENDED_SHORT)
"""The computed flags that say a measure is not on track."""

if TYPE_CHECKING:
    from xl_tracker.results import Results


def status_contradictions(usable: dict[str, pd.DataFrame], results: Results) -> list[Issue]:
    """One warning per initiative whose Status is On track while one or more of its measures is flagged behind."""
    initiative_results = results.initiative_results
    initiatives = usable[INITIATIVES.name]
    columns = initiatives.attrs.get("columns", {})
    if initiative_results.empty or initiatives.empty or STATUS not in columns:
        return []
    flags = initiative_results[RESULT_FLAG]
    measured = initiative_results[flags.notna() & (flags != NO_MEASURES) & initiative_results[RESULT_MEASURE].notna()]
    on_track = measured[measured[RESULT_STATUS] == ON_TRACK]
    if on_track.empty:
        return []
    behind = on_track[on_track[RESULT_FLAG].isin(BEHIND_FLAGS).to_numpy()]
    if behind.empty:
        return []
    measures = on_track.groupby(RESULT_INITIATIVE, sort=False).size().to_dict()
    which = behind.groupby(RESULT_INITIATIVE, sort=False)[RESULT_MEASURE].agg(list).to_dict()
    counts: dict[str, list[str]] = {}
    for (initiative, flag), n in behind.groupby([RESULT_INITIATIVE, RESULT_FLAG], sort=False).size().items():
        counts.setdefault(initiative, []).append(f"{n} {flag}")
    ids = initiatives[INITIATIVE_ID]
    defining = ids[(ids.notna() & ~ids.duplicated()).to_numpy()]  # a repeated ID is duplicate-id's; its first row is the one
    first_row = dict(zip(defining, defining.index))
    status_column = columns[STATUS]
    found: list[Issue] = []
    for initiative, behind_ids in which.items():
        if initiative not in first_row:
            continue
        found.append(
            issue(
                "status-contradicts-measures", INITIATIVES.name, a1(int(first_row[initiative]), status_column),
                f"Status {ON_TRACK}, but {len(behind_ids)} of {measures[initiative]} measures of initiative {initiative} are computed "
                f"behind ({' and '.join(counts[initiative])}: {', '.join(behind_ids)} on the {INITIATIVE_RESULTS.name} sheet): "
                f"update the Status, or the measures' latest values on the Progress sheet",
                ON_TRACK,
            )
        )
    return found

