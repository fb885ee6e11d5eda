"""Initiative measures: latest value, progress to target and a flag (the Initiative Results sheet).

Latest = the Value of the measure's Progress row with the latest Date (two
rows on that date: the lower one on the sheet, i.e. the later entry).
Progress to target = (Latest - Baseline) / (Target - Baseline), blank
without progress, without a Baseline or Target, or when Target = Baseline.
The formula needs no sign flip for a measure where lower is better: the
target then lies below the baseline and a falling value gives a positive
progress.

Expected progress, the computed status of each measure and of its
initiative, and the Flag (why a measure is not judged) are defined in
:mod:`xl_tracker.results.status`; the recorded Status is shown as typed.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from xl_tracker.contract import INITIATIVE_RESULTS, INITIATIVES, MEASURES, PROGRESS
from xl_tracker.results.inputs import IdLookup, Members, datetimes, defining_rows, folded_list, output_frame, table
from xl_tracker.results.status import (
    DROPPED, TOLERANCE, expected_progress, initiative_status, measure_status, share_gone,
)


def _latest_progress(progress: pd.DataFrame, measures: IdLookup, measure_ids: list[object]) -> tuple[np.ndarray, np.ndarray]:
    """Latest value and Latest date of each of ``measure_ids``, from its latest-dated row (ties: the later row); NaN/NaT when none.

    One pass over the rows in plain Python: a county's Progress sheet holds a
    few dozen, fewer than a sort and drop_duplicates cost to set up.
    """
    keys = measures.found(progress["Measure ID"])
    dates = datetimes(progress["Date"])
    values = pd.to_numeric(progress["Value"], errors="coerce").to_numpy(float)
    usable = (~np.isnat(dates) & ~np.isnan(values)).tolist()
    marks = zip(dates.view("int64").tolist(), progress.index.to_numpy("int64").tolist())
    best: dict[object, tuple[int, int, int]] = {}
    for n, (key, ok, (day, row)) in enumerate(zip(keys, usable, marks)):
        if key is None or not ok:
            continue
        if key not in best or (day, row) >= best[key][:2]:
            best[key] = (day, row, n)
    at = [best[m][2] if m in best else -1 for m in measure_ids]
    found = np.array([n >= 0 for n in at], dtype=bool)
    take = np.array([max(n, 0) for n in at], dtype="int64")
    latest_value = np.where(found, values[take], np.nan) if len(values) else np.full(len(at), np.nan)
    latest_date = np.where(found, dates[take], np.datetime64("NaT", "ns")) if len(dates) else np.full(len(at), np.datetime64("NaT", "ns"))
    return latest_value, latest_date.astype("datetime64[ns]")


def initiative_results_sheet(
    usable: dict[str, pd.DataFrame], members: Members, as_of: dt.date, tolerance: float = TOLERANCE,
) -> pd.DataFrame:
    """One row per measure, in Initiatives then Measures order; one blank-measure row per initiative without measures."""
    initiatives = table(usable, INITIATIVES)
    measures = table(usable, MEASURES)
    initiative_rows, initiative_ids, find_initiative = defining_rows(initiatives["Initiative ID"])
    measure_rows, measure_ids, find_measure = defining_rows(measures["Measure ID"])
    typed_owners = initiatives["Owner"].to_numpy(object)[initiative_rows]
    owner_ids = members.lookup.found(typed_owners)
    owners = np.array([typed if found is None else found for found, typed in zip(owner_ids, typed_owners.tolist())], dtype=object)
    order = {iid: n for n, iid in enumerate(initiative_ids)}
    parents = find_initiative.found(measures["Initiative ID"].to_numpy(object)[measure_rows])
    known = [n for n, iid in enumerate(parents) if iid is not None]
    measure_rows, measure_ids, parents = measure_rows[known], [measure_ids[n] for n in known], [parents[n] for n in known]

    # One line per measure plus one per initiative without measures, each pointing at its initiative position.
    with_measures = set(parents)
    lone = [n for n, iid in enumerate(initiative_ids) if iid not in with_measures]
    init_pos = np.array([*(order[iid] for iid in parents), *lone], dtype="int64")
    meas_pos = np.concatenate([np.arange(len(measure_rows)), np.full(len(lone), -1)])
    line_order = np.lexsort((np.where(meas_pos < 0, -1, meas_pos), init_pos))
    init_pos, meas_pos = init_pos[line_order], meas_pos[line_order]
    has_measure = meas_pos >= 0
    take = np.where(has_measure, meas_pos, 0)
    init_rows = initiative_rows[init_pos]

    def from_initiatives(header: str) -> np.ndarray:
        return initiatives[header].to_numpy(object)[init_rows]

    def from_measures(header: str, dtype=object) -> np.ndarray:
        if not len(measure_rows):
            return np.full(len(init_pos), np.nan if dtype is float else None, dtype=dtype)
        values = measures[header].to_numpy(dtype)[measure_rows][take]
        return np.where(has_measure, values, np.nan if dtype is float else None).astype(dtype)

    measure_value, measure_date = _latest_progress(table(usable, PROGRESS), find_measure, measure_ids)
    latest_value = np.where(has_measure, measure_value[take] if len(measure_rows) else np.nan, np.nan)
    latest_date = measure_date[take] if len(measure_rows) else np.full(len(init_pos), np.datetime64("NaT", "ns"), "datetime64[ns]")
    latest_date = np.where(has_measure, latest_date, np.datetime64("NaT", "ns"))
    baseline = pd.to_numeric(pd.Series(from_measures("Baseline", object)), errors="coerce").to_numpy(float)
    target = pd.to_numeric(pd.Series(from_measures("Target", object)), errors="coerce").to_numpy(float)
    span = target - baseline
    with np.errstate(invalid="ignore", divide="ignore"):
        progress = np.where(span != 0, (latest_value - baseline) / span, np.nan)

    departments = dict(zip(members.rows.index.tolist(), members.rows["Department"].tolist()))
    own_department = np.array([np.nan if o is None else departments[o] for o in owner_ids], dtype=object)[init_pos]
    typed_department = from_initiatives("Department")
    department = np.where(pd.isna(typed_department), own_department, typed_department)
    status = from_initiatives("Status")
    start = datetimes(initiatives["Start date"])[init_rows]
    end = datetimes(initiatives["End date"])[init_rows]
    when = np.datetime64(pd.Timestamp(as_of).to_datetime64(), "ns")
    dropped = np.array([key == DROPPED.casefold() for key in folded_list(status)], dtype=bool)
    kind = from_measures("Kind")
    expected = expected_progress(kind, share_gone(start, end, latest_date.astype("datetime64[ns]")))
    dates_known = ~(np.isnat(start) | np.isnat(end))
    not_started = ~np.isnat(start) & (when < start) & np.isnan(latest_value)
    ended = ~np.isnat(end) & (when > end)
    measure_statuses, flags = measure_status(
        dropped, has_measure, not_started, latest_value, progress, dates_known, ended, expected, tolerance,
    )
    computed = initiative_status(init_pos, measure_statuses)

    sheet = output_frame(
        {
            "initiative_id": from_initiatives("Initiative ID"),
            "title": from_initiatives("Title"),
            "owner": owners[init_pos],
            "department": department,
            "status": status,
            "computed_status": computed,
            "measure_id": from_measures("Measure ID"),
            "measure": from_measures("Measure"),
            "kind": kind,
            "better_when": from_measures("Better when"),
            "baseline": baseline,
            "target": target,
            "latest": latest_value,
            "latest_date": latest_date.astype("datetime64[ns]"),
            "progress": progress,
            "expected": expected,
            "measure_status": measure_statuses,
            "flag": flags,
        }
    )
    assert tuple(sheet.columns) == INITIATIVE_RESULTS.keys
    return sheet
