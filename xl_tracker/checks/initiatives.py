"""Rules about change initiatives and their measures.

target-equals-baseline (no progress can be measured), target-wrong-side (the
target is worse than the baseline given ``Better when``), no-leading-measure
and no-lagging-measure (an initiative needs a process and a result measure).
Also the usable ``Department`` of an initiative: blank means its owner's.
"""

from __future__ import annotations

import numpy as np

from xl_tracker.contract import BETTER_WHEN, INITIATIVES, MEASURE_KINDS, MEASURES, MEMBERS

from .context import CheckContext, missing, shown

INITIATIVE_ID = INITIATIVES.column("Initiative ID").header
OWNER = INITIATIVES.column("Owner").header
DEPARTMENT = INITIATIVES.column("Department").header
MEMBER_ID = MEMBERS.column("Member ID").header
MEMBER_DEPARTMENT = MEMBERS.column("Department").header
MEASURE_INITIATIVE = MEASURES.column("Initiative ID").header
KIND = MEASURES.column("Kind").header
BASELINE = MEASURES.column("Baseline").header
TARGET = MEASURES.column("Target").header
BETTER = MEASURES.column("Better when").header
HIGHER, LOWER = BETTER_WHEN
LEADING, LAGGING = MEASURE_KINDS


def fill_departments(ctx: CheckContext) -> None:
    """A blank Department of an initiative becomes its owner's department (when the owner is known)."""
    frame = ctx.usable[INITIATIVES.name]
    members = ctx.usable[MEMBERS.name]
    if frame.empty or members.empty:
        return
    # Plain Python over a county's few dozen rows: cheaper than dropna, drop_duplicates, set_index and map.
    owners = frame[OWNER].tolist()
    blank = [n for n, (department, owner) in enumerate(zip(frame[DEPARTMENT].tolist(), owners)) if missing(department) and not missing(owner)]
    if not blank:
        return
    departments: dict[object, object] = {}
    for member, department in zip(members[MEMBER_ID].tolist(), members[MEMBER_DEPARTMENT].tolist()):
        if not missing(member):
            departments.setdefault(member, department)
    rows = frame.index.tolist()
    filled = [(rows[n], departments[owners[n]]) for n in blank if owners[n] in departments and not missing(departments[owners[n]])]
    if filled:
        frame.loc[[row for row, _ in filled], DEPARTMENT] = np.array([department for _, department in filled], dtype=object)


def check_targets(ctx: CheckContext) -> None:
    sheet = MEASURES.name
    frame = ctx.usable[sheet]
    if frame.empty or not ctx.present(sheet, BASELINE, TARGET):
        return
    baseline, target = frame[BASELINE], frame[TARGET]
    ctx.report_rows(
        "target-equals-baseline", sheet, TARGET, frame.index[(target == baseline).to_numpy()],
        lambda row, value: (
            f"{TARGET} {shown(value)} equals the {BASELINE}, so no progress can be measured: "
            f"type the value the initiative aims for ({_direction(frame.at[row, BETTER])})"
        ),
    )
    target, better = frame[TARGET], frame[BETTER]
    wrong = ((better == HIGHER) & (target < baseline)) | ((better == LOWER) & (target > baseline))
    ctx.report_rows(
        "target-wrong-side", sheet, TARGET, frame.index[wrong.fillna(False).to_numpy(dtype=bool)],
        lambda row, value: (
            f"{TARGET} {shown(value)} is {'below' if frame.at[row, BETTER] == HIGHER else 'above'} the {BASELINE} "
            f"{shown(frame.at[row, BASELINE])}, but {BETTER} is {frame.at[row, BETTER]}: check the {TARGET}, "
            f"or set {BETTER} to {LOWER if frame.at[row, BETTER] == HIGHER else HIGHER}"
        ),
    )


def _direction(better: object) -> str:
    if better == HIGHER:
        return f"higher than the {BASELINE}, as {BETTER} is {HIGHER}"
    if better == LOWER:
        return f"lower than the {BASELINE}, as {BETTER} is {LOWER}"
    return f"different from the {BASELINE}"


def check_measure_kinds(ctx: CheckContext) -> None:
    """Every initiative with a usable ID needs a Leading and a Lagging measure on Measures."""
    initiatives = ctx.usable[INITIATIVES.name]
    if initiatives.empty or not ctx.present(MEASURES.name, MEASURE_INITIATIVE, KIND):
        return
    measures = ctx.usable[MEASURES.name].dropna(subset=[MEASURE_INITIATIVE, KIND])
    kinds = set(zip(measures[MEASURE_INITIATIVE], measures[KIND]))
    ids = initiatives[INITIATIVE_ID].dropna()
    for kind, rule, what in (
        (LEADING, "no-leading-measure", "a process measure, e.g. % of facilities reporting on time"),
        (LAGGING, "no-lagging-measure", "a result measure, e.g. % of deliveries by skilled attendants"),
    ):
        for row, initiative in ids.items():
            if (initiative, kind) in kinds:
                continue
            ctx.report(
                rule, INITIATIVES.name, ctx.cell(INITIATIVES.name, row, INITIATIVE_ID),
                f"Initiative {initiative} has no {kind} measure on the {MEASURES.name} sheet: add one ({what})",
                initiative,
            )
