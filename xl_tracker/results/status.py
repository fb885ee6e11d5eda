"""The computed status of every measure and initiative, beside the Status the coach recorded.

The coach types a Status on the Initiatives sheet; the measures tell their
own story. Both are shown side by side, and neither replaces the other:

- a **measure's** status compares its progress to target with the progress
  its path expects at the date of its latest value, within a tolerance band;
- an **initiative's** status is the worst status of its judged measures;
- a **tally** counts both statuses over the team and over each owner, so
  every count says which of the two it counts.

The expected path (why two shapes):

- **Leading** (process) measures are in the team's hands from the first day:
  they are expected on the straight line from baseline on the Start date to
  target on the End date, ``expected = s`` where ``s`` is the share of the
  window gone by at the latest value's date.
- **Lagging** (result) measures move only after the process changes have
  taken hold, so a straight line calls nearly every one of them late in the
  first months. They are expected on a slow-start path that reaches the same
  target on the same End date: ``expected = s²`` (a quarter of the way at
  half time, 56 % at three quarters). It needs no lag to be guessed and
  leaves the target and its date as the coach set them.

The value is judged at its own date, not at the As-of date: a value measured
in September is compared with what September expected. A measure whose
values stop coming is the ``no-recent-progress`` rule's business (Settings:
Days without progress), not this one's.

Measure status, the first that applies:

1. ``Dropped`` the initiative's recorded Status is Dropped (flag Dropped);
2. ``No data`` the initiative has no measure (flag No measures);
3. ``Not started`` the As-of date is before the initiative's Start date and
   the measure has no progress value yet;
4. ``No data`` no progress value (flag No progress recorded), or no usable
   baseline and target (flag No usable target);
5. ``Achieved`` progress to target >= 100 %;
6. ``No data`` the Start or End date is blank or in error (flag No start or end date);
7. ``Off track`` the As-of date is after the End date (flag Ended without reaching target);
8. ``On track`` progress >= expected - band, and not below the baseline;
9. ``At risk`` progress >= expected - 2 x band;
10. ``Off track`` otherwise.

The band is the Status tolerance setting (default :data:`TOLERANCE`, 15
percentage points of the baseline-to-target distance). A measure worse than its baseline (progress below 0) is at best
At risk, whatever the band says.

Initiative status: ``Dropped`` when it is dropped; otherwise the worst of
its judged measures (Off track, then At risk, then On track; Achieved only
when every judged measure is Achieved); with no judged measure, ``Not
started`` when its measures are not started, else ``No data``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xl_tracker.contract import INITIATIVE_STATUSES

ON_TRACK = "On track"
AT_RISK = "At risk"
OFF_TRACK = "Off track"
ACHIEVED = "Achieved"
NOT_STARTED = "Not started"
NO_DATA = "No data"
DROPPED = "Dropped"
COMPUTED_STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, ACHIEVED, NOT_STARTED, NO_DATA, DROPPED)
"""Every computed status, in the order counts list them."""
JUDGED = (OFF_TRACK, AT_RISK, ON_TRACK, ACHIEVED)
"""The statuses that judge progress, worst first: an initiative takes the first one any of its measures has."""
BEHIND = (AT_RISK, OFF_TRACK)
"""Computed statuses that say an initiative is not on track."""
COMPLETED = "Completed"
NOT_DONE = (OFF_TRACK, AT_RISK, ON_TRACK, NOT_STARTED)
"""Computed statuses that say an initiative has not reached its targets, worst first (a recorded Completed contradicts them)."""
CONTRADICTED_BY = {ON_TRACK: (OFF_TRACK, AT_RISK), COMPLETED: NOT_DONE}
"""Recorded Status -> the computed statuses that contradict it, worst first (rule status-contradicts-measures).

No data never contradicts (the measures say nothing yet), nor does a recorded At risk, Off track or Not started (they
already say the work is not done)."""
CONTRADICTIONS_IN_WORDS = "recorded On track but computed At risk or Off track, or recorded Completed but computed short of Achieved"
NO_STATUS = "No status"
"""How a count names initiatives whose recorded Status is blank."""
RECORDED_STATUSES = (*INITIATIVE_STATUSES, NO_STATUS)
SAME_ROW = {COMPLETED: "Completed / Achieved", ACHIEVED: "Completed / Achieved"}
"""A recorded and a computed status that say the same thing, counted on one row of a status table."""

NO_MEASURES = "No measures"
NO_PROGRESS = "No progress recorded"
NO_TARGET = "No usable target"
NO_DATES = "No start or end date"
ENDED_SHORT = "Ended without reaching target"
FLAGS = (DROPPED, NO_MEASURES, NO_PROGRESS, NO_TARGET, NO_DATES, ENDED_SHORT)
"""Every flag: why a measure is not judged, or that its window ended short of target."""

TOLERANCE = 0.15
"""The default band below the expected path that still counts as On track (Settings: Status tolerance)."""
REACHED_TOLERANCE = 1e-9
LAGGING = "lagging"


def share_gone(start: np.ndarray, end: np.ndarray, when: np.ndarray) -> np.ndarray:
    """Share of each Start..End window gone by at ``when``, between 0 and 1 (NaN when a date is unknown)."""
    length = (end - start).astype("timedelta64[ns]").astype(float)
    gone = (when - start).astype("timedelta64[ns]").astype(float)
    known = ~(np.isnat(start) | np.isnat(end) | np.isnat(when))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(length > 0, gone / length, np.where(gone >= 0, 1.0, 0.0))
    return np.where(known, np.clip(share, 0.0, 1.0), np.nan)


def expected_progress(kind: np.ndarray, share: np.ndarray) -> np.ndarray:
    """The progress a measure's path expects after ``share`` of its window: ``s`` (Leading) or ``s²`` (Lagging)."""
    lagging = np.array([str(k).strip().casefold() == LAGGING for k in np.asarray(kind, dtype=object).tolist()], dtype=bool)
    return np.where(lagging, share * share, share)


def measure_status(
    dropped: np.ndarray, has_measure: np.ndarray, not_started: np.ndarray, latest: np.ndarray, progress: np.ndarray,
    dates_known: np.ndarray, ended: np.ndarray, expected: np.ndarray, tolerance: float = TOLERANCE,
) -> tuple[np.ndarray, np.ndarray]:
    """Each measure's computed status and flag (the rules of the module docstring, in order)."""
    gap = expected - progress
    with np.errstate(invalid="ignore"):
        reached = progress >= 1.0 - REACHED_TOLERANCE
        worse = progress < -REACHED_TOLERANCE
        within = (gap <= tolerance + REACHED_TOLERANCE) & ~worse
        near = gap <= 2 * tolerance + REACHED_TOLERANCE
    no_latest, no_progress = np.isnan(latest), np.isnan(progress)
    rules = (
        (dropped, DROPPED, DROPPED),
        (~has_measure, NO_DATA, NO_MEASURES),
        (not_started, NOT_STARTED, None),
        (no_latest, NO_DATA, NO_PROGRESS),
        (no_progress, NO_DATA, NO_TARGET),
        (reached, ACHIEVED, None),
        (~dates_known, NO_DATA, NO_DATES),
        (ended, OFF_TRACK, ENDED_SHORT),
        (within, ON_TRACK, None),
        (near, AT_RISK, None),
    )
    n = len(dropped)
    conditions = [c for c, _, _ in rules]
    status = np.select(conditions, [np.full(n, s, dtype=object) for _, s, _ in rules], default=OFF_TRACK)
    flag = np.select(conditions, [np.full(n, f, dtype=object) for _, _, f in rules], default=None)
    return status.astype(object), flag.astype(object)


def initiative_status(initiative: np.ndarray, status: np.ndarray) -> np.ndarray:
    """Each row's initiative status from the statuses of all its measures' rows (``initiative`` groups the rows)."""
    if not len(status):
        return np.asarray(status, dtype=object)
    order = {s: n for n, s in enumerate((*JUDGED, NOT_STARTED, NO_DATA, DROPPED))}
    # Dropped decides alone; otherwise the worst judged, then Not started only if every measure is, then No data.
    # A Python pass over a county's few dozen rows: three grouped transforms cost more.
    statuses = np.asarray(status, dtype=object).tolist()
    rows: dict[object, list[str]] = {}
    for group, one in zip(np.asarray(initiative).tolist(), statuses):
        rows.setdefault(group, []).append(one)
    decided: dict[object, str] = {}
    for group, members in rows.items():
        judged = [order[s] for s in members if order.get(s, len(order)) < len(JUDGED)]
        if DROPPED in members:
            decided[group] = DROPPED
        elif judged:
            decided[group] = JUDGED[min(judged)]
        elif all(s == NOT_STARTED for s in members):
            decided[group] = NOT_STARTED
        else:
            decided[group] = NO_DATA
    return np.array([decided[group] for group in np.asarray(initiative).tolist()], dtype=object)


@dataclass(frozen=True)
class InitiativeStatus:
    """One initiative's two statuses and the figures a view prints about its measures (computed once, here)."""

    initiative_id: str
    owner: str | None
    recorded: str | None
    """The Status typed on Initiatives (None when blank)."""
    computed: str
    measures: int
    with_progress: int
    """Measures with a progress to target."""
    best_progress: float | None
    """The highest progress to target among its measures."""
    by_status: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Computed measure status -> the measure IDs with it, in Measures order."""

    @property
    def contradicts(self) -> bool:
        """Recorded On track while the measures say At risk or Off track, or recorded Completed while they say it is not
        Achieved (rule status-contradicts-measures)."""
        return self.computed in CONTRADICTED_BY.get(_recorded_name(self.recorded), ())

    def behind_in_words(self, statuses: tuple[str, ...] = (OFF_TRACK, AT_RISK)) -> str:
        """'2 of 2 measures Off track (I05-1-L, I05-1-R)': the measures with ``statuses``, worst first."""
        behind = [(status, ids) for status in statuses for s, ids in self.by_status if s == status]
        if not behind:
            return ""
        (status, ids), *rest = behind
        words = f"{len(ids)} of {self.measures} {'measure' if self.measures == 1 else 'measures'} {status} ({', '.join(ids)})"
        return words + "".join(f" and {len(more)} {other} ({', '.join(more)})" for other, more in rest)

    @property
    def contradiction(self) -> str:
        """'Status On track, but 2 of 2 measures Off track (…)', 'Status Completed, but 1 of 2 measures On track (…), short
        of target' when it contradicts, else ''."""
        if not self.contradicts:
            return ""
        recorded = _recorded_name(self.recorded)
        words = f"Status {recorded}, but {self.behind_in_words(CONTRADICTED_BY[recorded])}"
        return words + (", short of target" if recorded == COMPLETED else "")


@dataclass(frozen=True)
class StatusTally:
    """Initiatives counted by recorded Status and by computed status: the two are never mixed in one count."""

    total: int = 0
    recorded: tuple[tuple[str, int], ...] = ()
    """(status, initiatives) in RECORDED_STATUSES order, statuses with none left out."""
    computed: tuple[tuple[str, int], ...] = ()
    """(status, initiatives) in COMPUTED_STATUSES order, statuses with none left out."""
    contradictions: int = 0
    """Initiatives whose computed status contradicts the recorded one (:data:`CONTRADICTED_BY`)."""

    def rows(self) -> list[tuple[str, int, int]]:
        """(status, recorded, computed) for every status either count uses; Completed and Achieved share a row."""
        table: dict[str, list[int]] = {}
        for side, counts in ((0, self.recorded), (1, self.computed)):
            for status, n in counts:
                table.setdefault(SAME_ROW.get(status, status), [0, 0])[side] += n
        order = {s: n for n, s in enumerate(dict.fromkeys(SAME_ROW.get(s, s) for s in (*RECORDED_STATUSES, *COMPUTED_STATUSES)))}
        return [(s, r, c) for s, (r, c) in sorted(table.items(), key=lambda kv: order.get(kv[0], len(order)))]

    def in_words(self) -> str:
        """'recorded: 27 On track, 4 At risk; computed from the measures: 19 On track, 7 At risk'."""
        def listed(counts: tuple[tuple[str, int], ...]) -> str:
            return ", ".join(f"{n} {s}" for s, n in counts) or "none"
        return f"recorded: {listed(self.recorded)}; computed from the measures: {listed(self.computed)}"


def tally(statuses: list[InitiativeStatus]) -> StatusTally:
    """Counts of the recorded and the computed statuses over ``statuses``."""
    recorded: dict[str, int] = {}
    computed: dict[str, int] = {}
    for s in statuses:
        typed = _recorded_name(s.recorded)
        recorded[typed] = recorded.get(typed, 0) + 1
        computed[s.computed] = computed.get(s.computed, 0) + 1
    order_r = {s: n for n, s in enumerate(RECORDED_STATUSES)}
    order_c = {s: n for n, s in enumerate(COMPUTED_STATUSES)}
    return StatusTally(
        total=len(statuses),
        recorded=tuple(sorted(recorded.items(), key=lambda kv: order_r.get(kv[0], len(order_r)))),
        computed=tuple(sorted(computed.items(), key=lambda kv: order_c.get(kv[0], len(order_c)))),
        contradictions=sum(1 for s in statuses if s.contradicts),
    )


def _recorded_name(recorded: str | None) -> str:
    if recorded is None or not str(recorded).strip():
        return NO_STATUS
    for s in INITIATIVE_STATUSES:
        if s.casefold() == str(recorded).strip().casefold():
            return s
    return str(recorded).strip()


@dataclass(frozen=True)
class InitiativeStatuses:
    """Every initiative's :class:`InitiativeStatus` (Initiatives order), the team's tally and each owner's."""

    initiatives: tuple[InitiativeStatus, ...] = ()
    team: StatusTally = field(default_factory=StatusTally)
    by_owner: dict[str, StatusTally] = field(default_factory=dict)
    """Owner's Member ID, casefolded -> the tally of the initiatives they lead."""
    by_id: dict[str, InitiativeStatus] = field(default_factory=dict)
    """Initiative ID, casefolded -> its record."""

    def of(self, initiative_id: object) -> InitiativeStatus | None:
        """The record of an initiative by its ID (any case), or None."""
        return self.by_id.get(str(initiative_id).strip().casefold())

    def of_owner(self, member_id: object) -> StatusTally:
        """The tally of the initiatives ``member_id`` leads (an empty tally when none)."""
        return self.by_owner.get(str(member_id).strip().casefold(), StatusTally())


def initiative_statuses(sheet: pd.DataFrame) -> InitiativeStatuses:
    """The records and tallies from the Initiative Results table (keyed by INITIATIVE_RESULTS keys), in one pass over its rows."""
    if sheet.empty:
        return InitiativeStatuses()
    progress = pd.to_numeric(sheet["progress"], errors="coerce").to_numpy(float)
    parts: dict[str, dict] = {}
    for initiative, owner, recorded, computed, measure, status, value in zip(
        sheet["initiative_id"].to_numpy(object), sheet["owner"].to_numpy(object), sheet["status"].to_numpy(object),
        sheet["computed_status"].to_numpy(object), sheet["measure_id"].to_numpy(object),
        sheet["measure_status"].to_numpy(object), progress,
    ):
        key = str(initiative)
        part = parts.get(key)
        if part is None:
            part = parts[key] = {"owner": owner, "recorded": recorded, "computed": computed, "measures": 0,
                                 "with_progress": 0, "best": None, "by_status": {}}
        if measure is None or measure != measure:
            continue
        part["measures"] += 1
        part["by_status"].setdefault(status, []).append(str(measure))
        if value == value:
            part["with_progress"] += 1
            part["best"] = value if part["best"] is None else max(part["best"], value)
    records = [
        InitiativeStatus(
            initiative_id=key,
            owner=None if pd.isna(p["owner"]) else str(p["owner"]),
            recorded=None if pd.isna(p["recorded"]) else str(p["recorded"]),
            computed=str(p["computed"]),
            measures=p["measures"],
            with_progress=p["with_progress"],
            best_progress=None if p["best"] is None else float(p["best"]),
            by_status=tuple((status, tuple(ids)) for status, ids in p["by_status"].items()),
        )
        for key, p in parts.items()
    ]
    owned: dict[str, list[InitiativeStatus]] = {}
    for r in records:
        if r.owner is not None:
            owned.setdefault(r.owner.strip().casefold(), []).append(r)
    return InitiativeStatuses(
        tuple(records), tally(records), {k: tally(v) for k, v in owned.items()},
        {r.initiative_id.strip().casefold(): r for r in records},
    )
