"""Every validation rule, the phase it runs in and the function that raises it: the one place a rule is registered.

The contract (:data:`xl_tracker.contract.RULES`) says what each rule is: its
ID, severity, when it fires, its phase and how to fix what it finds. Here
each rule is bound to the code that raises it. :data:`CHECKS` are run by
:func:`xl_tracker.checks.check_workbook`, phase by phase in the order of
:data:`~xl_tracker.contract.PHASES` and in the order listed within a phase,
so a rule that compares rows sees IDs already resolved and cells already
found wrong. The rules raised while a sheet is read, and those that need the
computed scores, are raised where their data is; :data:`RAISED_ELSEWHERE`
names those functions, so the registry still covers every rule of the
contract (``tests/test_checks_registry.py`` holds it to that).

A new rule is: its line in the contract, a function in a module of this
package, its :class:`Check` here, a test with a case that fires and a near
case that does not, and its example in :mod:`.rules_doc` (``python -m
xl_tracker.checks.rules_doc`` then writes its row of ``docs/validation.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xl_tracker.contract import CELL, PHASES, REFERENCE, RESULT, ROW, RULES, Rule

from . import assessments, dates, initiatives, jumps, members, programme, reconcile, references, timeliness, units, values
from .context import CheckContext

if TYPE_CHECKING:
    import pandas as pd

    from xl_tracker.issues import Issue
    from xl_tracker.results import Results


@dataclass(frozen=True)
class ResultCheck:
    """A rule of phase ``result`` that compares what the results computed with what a person recorded.

    It runs after the results (:func:`xl_tracker.checks.check_results`) and
    returns its issues; it computes no figure of its own.
    """

    rules: tuple[str, ...]
    run: Callable[[dict[str, pd.DataFrame], Results], list[Issue]]
    phase: str = RESULT

    @property
    def name(self) -> str:
        return f"{self.run.__module__}.{self.run.__qualname__}"


@dataclass(frozen=True)
class Check:
    """One function of the checks: the phase it runs in and the rules it raises.

    A check that raises no rule tidies the usable tables for the later
    phases (a blank Rater is Self, a blank Department the owner's).
    """

    phase: str
    rules: tuple[str, ...]
    run: Callable[[CheckContext], None]

    @property
    def name(self) -> str:
        return f"{self.run.__module__}.{self.run.__qualname__}"


CHECKS: tuple[Check, ...] = (
    Check(CELL, ("required",), values.check_required),
    Check(CELL, ("unknown-choice",), values.check_choices),
    Check(CELL, ("out-of-range", "not-whole"), values.check_scores),
    Check(CELL, ("out-of-range",), values.check_ranges),
    Check(CELL, ("not-whole",), values.check_whole_numbers),
    Check(CELL, ("future-date",), dates.check_future_dates),
    Check(CELL, (), values.fill_defaults),
    Check(REFERENCE, ("duplicate-id", "id-case", "unknown-member", "unknown-reference"), references.check_ids),
    Check(REFERENCE, ("unknown-item-column",), assessments.check_item_columns),
    Check(ROW, (), initiatives.fill_departments),
    Check(ROW, ("date-order",), dates.check_date_order),
    Check(ROW, ("impossible-value",), units.check_unit_ranges),
    Check(ROW, ("progress-jump",), jumps.check_jumps),
    Check(ROW, ("no-recent-progress",), timeliness.check_recent_progress),
    Check(ROW, ("progress-after-end",), timeliness.check_progress_after_end),
    Check(ROW, ("outside-programme",), timeliness.check_programme_window),
    Check(ROW, ("duplicate-assessment",), assessments.check_duplicates),
    Check(ROW, ("round-order",), assessments.check_round_order),
    Check(ROW, ("self-coach-gap",), assessments.check_self_coach_gap),
    Check(ROW, ("target-equals-baseline", "target-wrong-side"), initiatives.check_targets),
    Check(ROW, ("no-leading-measure", "no-lagging-measure"), initiatives.check_measure_kinds),
    Check(ROW, ("few-strengths",), members.check_strengths),
    Check(ROW, ("team-too-small",), programme.check_team_size),
    Check(ROW, ("owner-not-in-team", "team-not-task-team"), programme.check_initiative_teams),
    Check(ROW, (), programme.fill_task_teams),
    Check(ROW, ("action-status-date",), programme.check_action_status),
)
"""The checks :func:`~xl_tracker.checks.check_workbook` runs, phase by phase, in this order within a phase."""

RESULT_CHECKS: tuple[ResultCheck, ...] = (
    ResultCheck(("status-contradicts-measures",), reconcile.status_contradictions),
)
"""The result-phase rules of this package, run by :func:`~xl_tracker.checks.check_results` after the results."""

RAISED_ELSEWHERE: dict[str, tuple[str, ...]] = {
    "missing-sheet": ("xl_tracker.reader.read_source",),
    "missing-column": ("xl_tracker.reader.read_sheet",),
    "repeated-column": ("xl_tracker.reader.read_sheet",),
    "outside-table": ("xl_tracker.reader.read_source",),
    "not-a-number": ("xl_tracker.cells.coerce_column", "xl_tracker.settings.read_settings"),
    "not-a-date": ("xl_tracker.cells.coerce_column", "xl_tracker.settings.read_settings"),
    "excel-error": ("xl_tracker.reader.read_sheet",),
    "formula-no-result": ("xl_tracker.reader.read_sheet",),
    "text-as-number": ("xl_tracker.cells.coerce_column",),
    "unknown-choice": ("xl_tracker.cells.coerce_column", "xl_tracker.settings.read_settings"),
    "not-whole": ("xl_tracker.settings.read_settings",),
    "out-of-range": ("xl_tracker.settings.read_settings",),
    "duplicate-id": ("xl_tracker.settings.read_settings",),
    "duplicate-setting": ("xl_tracker.settings.read_settings",),
    "date-order": ("xl_tracker.settings.read_settings",),
    "too-few-items": ("xl_tracker.results.scores.too_few_items_issues",),
    "missing-baseline": ("xl_tracker.results.members.missing_baseline_issues",),
}
"""Rule ID -> dotted names of the functions outside this package that raise it:
the reader and the settings (a cell while it is read) and the results (rules
that need the computed scores, phase ``result``)."""


def in_phase_order() -> list[Check]:
    """:data:`CHECKS` sorted by phase, keeping the listed order within each phase."""
    return sorted(CHECKS, key=lambda c: PHASES.index(c.phase))


def raised_by(rule: str) -> tuple[str, ...]:
    """Dotted names of every function that raises ``rule`` (empty for a rule nothing raises)."""
    here = tuple(c.name for c in (*CHECKS, *RESULT_CHECKS) if rule in c.rules)
    return here + RAISED_ELSEWHERE.get(rule, ())


def registered() -> dict[str, Rule]:
    """Every rule of the contract that something raises, by ID, in contract order."""
    return {r.id: r for r in RULES if raised_by(r.id)}
