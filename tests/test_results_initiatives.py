"""Initiative measures: latest progress, progress to target and the flags with their precedence."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from test_results_support import members, row_of, settings, usable

from xl_tracker.contract import INITIATIVE_RESULTS
from xl_tracker.results import compute_results
from xl_tracker.results.initiatives import FLAGS

D = dt.date
AS_OF = D(2026, 7, 6)  # half-way through 1 June .. 10 August (70 days)


def initiative(iid, owner="M01", start=D(2026, 6, 1), end=D(2026, 8, 10), status="On track", **kw):
    return {"Initiative ID": iid, "Owner": owner, "Title": f"Title {iid}", "Start date": start, "End date": end, "Status": status, **kw}


def measure(mid, iid, baseline, target, better="Higher", kind="Leading"):
    return {"Measure ID": mid, "Initiative ID": iid, "Kind": kind, "Measure": f"Measure {mid}", "Better when": better,
            "Baseline": baseline, "Target": target}


def progress(mid, date, value, row=None):
    out = {"Measure ID": mid, "Date": date, "Value": value}
    if row is not None:
        out["_row"] = row
    return out


def results():
    data = usable(
        Members=members("M01", "M02"),
        Initiatives=[
            initiative("I01"),
            initiative("I02", owner="M02", Department="Finance"),
            initiative("I03", status="Dropped"),
            initiative("I04", start=D(2026, 1, 1), end=D(2026, 6, 30)),
            initiative("I05"),
            initiative(None),
        ],
        Measures=[
            measure("I04-A", "I04", 10, 20),
            measure("I01-B", "I01", 20, 10, better="Lower", kind="Lagging"),
            measure("I01-A", "I01", 40, 80),
            measure("I01-C", "I01", 0, 10),
            measure("I01-D", "I01", 5, 6),
            measure("I03-A", "I03", 1, 2),
            measure("I04-B", "I04", 10, 20),
            measure("I05-A", "I05", 3, None),
            measure("X-A", "I99", 1, 2),
        ],
        Progress=[
            progress("I01-A", D(2026, 7, 1), 70),
            progress("I01-A", D(2026, 6, 15), 50),
            progress("I01-A", D(2026, 6, 20), 60),
            progress("I01-B", D(2026, 6, 30), 18),
            progress("I01-C", D(2026, 7, 1), 4),
            progress("I01-C", D(2026, 7, 1), 12),
            progress("I03-A", D(2026, 7, 1), 2),
            progress("I04-A", D(2026, 6, 1), 15),
            progress("I04-B", D(2026, 6, 1), 20),
            progress("I05-A", D(2026, 6, 1), 4),
            progress("I01-D", None, 6),
        ],
    )
    return compute_results(data, settings(as_of_date=AS_OF), ()).initiative_results


def m(sheet, mid):
    return row_of(sheet, **{"measure_id": mid})


def test_rows_follow_initiatives_then_measures_order():
    sheet = results()
    assert tuple(sheet.columns) == INITIATIVE_RESULTS.keys
    assert sheet["initiative_id"].tolist() == ["I01"] * 4 + ["I02", "I03", "I04", "I04", "I05"]
    assert sheet["measure_id"].tolist()[:4] == ["I01-B", "I01-A", "I01-C", "I01-D"]
    assert sheet[["owner", "department"]].iloc[0].tolist() == ["M01", "Dept of M01"]
    assert sheet[["owner", "department"]].iloc[4].tolist() == ["M02", "Finance"]


def test_latest_is_the_latest_dated_row_whatever_the_row_order():
    row = m(results(), "I01-A")
    assert row[["baseline", "target", "latest"]].tolist() == [40, 80, 70]
    assert row["latest_date"] == pd.Timestamp(2026, 7, 1)
    assert row["progress"] == pytest.approx(0.75)
    assert row["flag"] == "On track"  # 75% done, 50% of the window gone


def test_same_date_takes_the_later_row():
    row = m(results(), "I01-C")
    assert row["latest"] == 12 and row["progress"] == pytest.approx(1.2)
    assert row["flag"] == "Achieved"


def test_lower_is_better_measure_progresses_as_the_value_falls():
    row = m(results(), "I01-B")
    assert row[["better_when", "kind", "latest"]].tolist() == ["Lower", "Lagging", 18]
    assert row["progress"] == pytest.approx((18 - 20) / (10 - 20))  # 20%
    assert row["flag"] == "Behind schedule"


def test_flags_for_no_progress_no_measures_dropped_ended_and_no_target():
    sheet = results()
    no_progress = m(sheet, "I01-D")  # its only progress row has no date
    assert no_progress["flag"] == "No progress recorded"
    assert math.isnan(no_progress["latest"]) and pd.isna(no_progress["latest_date"]) and math.isnan(no_progress["progress"])
    lone = row_of(sheet, **{"initiative_id": "I02"})
    assert lone["flag"] == "No measures" and lone["measure_id"] is None and lone["measure"] is None and math.isnan(lone["baseline"])
    assert m(sheet, "I03-A")["flag"] == "Dropped"  # reached its target, but the initiative is dropped
    assert m(sheet, "I04-A")[["progress", "flag"]].tolist() == [0.5, "Ended without reaching target"]
    assert m(sheet, "I04-B")["flag"] == "Achieved"
    no_target = m(sheet, "I05-A")
    assert no_target["latest"] == 4 and math.isnan(no_target["progress"]) and no_target["flag"] == "No usable target"
    assert set(sheet["flag"]) <= set(FLAGS)


def test_without_initiative_dates_the_schedule_is_not_judged():
    data = usable(
        Members=members("M01"),
        Initiatives=[initiative("I01", start=None)],
        Measures=[measure("I01-A", "I01", 0, 10)],
        Progress=[progress("I01-A", D(2026, 7, 1), 1)],
    )
    row = compute_results(data, settings(as_of_date=AS_OF), ()).initiative_results.iloc[0]
    assert row["progress"] == pytest.approx(0.1) and row["flag"] is None
