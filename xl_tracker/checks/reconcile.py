"""status-contradicts-measures: an initiative recorded On track or Completed whose status computed from its measures says otherwise.

A result-phase rule: it reads each initiative's record from
:mod:`xl_tracker.results.status` (the computed status, the measures behind
it) and computes nothing of its own, so the warning says exactly what the
Initiative Results sheet and both reports show. It points at the Status
cell of the initiative's first row on Initiatives, the cell to fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from xl_tracker.cells import a1
from xl_tracker.contract import INITIATIVE_RESULTS, INITIATIVES
from xl_tracker.issues import Issue, issue
from xl_tracker.tables import sheet_places

INITIATIVE_ID = INITIATIVES.column("Initiative ID").header
STATUS = INITIATIVES.column("Status").header
COMPUTED = INITIATIVE_RESULTS.column("computed_status").header

if TYPE_CHECKING:
    from xl_tracker.results import Results


def status_contradictions(usable: dict[str, pd.DataFrame], results: Results) -> list[Issue]:
    """One warning per initiative whose computed status contradicts its recorded one (results.status.CONTRADICTED_BY)."""
    initiatives = usable[INITIATIVES.name]
    columns = sheet_places(usable, INITIATIVES.name)
    if initiatives.empty or STATUS not in columns:
        return []
    ids = initiatives[INITIATIVE_ID]
    defining = ids[(ids.notna() & ~ids.duplicated()).to_numpy()]  # a repeated ID is duplicate-id's; its first row is the one
    status_column = columns[STATUS]
    found: list[Issue] = []
    for row, initiative in zip(defining.index, defining):
        record = results.initiative_statuses.of(initiative)
        if record is None or not record.contradicts:
            continue
        found.append(
            issue(
                "status-contradicts-measures", INITIATIVES.name, a1(int(row), status_column),
                f"{record.contradiction}, so initiative {record.initiative_id} is computed {record.computed} ({COMPUTED} on the "
                f"{INITIATIVE_RESULTS.name} sheet): update the Status, or the measures' latest values on the Progress sheet",
                initiatives.at[row, STATUS] if STATUS in initiatives.columns else record.recorded,
            )
        )
    return found
