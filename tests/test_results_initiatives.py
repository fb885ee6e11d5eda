"""Initiative measures: latest progress, progress to target, expected progress, the computed statuses and flags."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from test_results_support import members, row_of, settings, usable

from xl_tracker.contract import INITIATIVE_RESULTS
from xl_tracker.results import compute_results
from xl_tracker.results.status import COMPUTED_STATUSES, FLAGS, TOLERANCE

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
    assert row["expected"] == pytest.approx(30 / 70)  # judged at its own date (1 July), not at the As-of date
    assert (row["measure_status"], row["flag"]) == ("On track", None)


def test_same_date_takes_the_later_row():
    row = m(results(), "I01-C")
    assert row["latest"] == 12 and row["progress"] == pytest.approx(1.2)
    assert row["measure_status"] == "Achieved"


def test_lower_is_better_measure_progresses_as_the_value_falls():
    row = m(results(), "I01-B")
    assert row[["better_when", "kind", "latest"]].tolist() == ["Lower", "Lagging", 18]
    assert row["progress"] == pytest.approx((18 - 20) / (10 - 20))  # 20%
    # Lagging: 29 of 70 days gone on 30 June expects (29/70)² = 17%, so 20% is on track (a straight line would expect 41%).
    assert row["expected"] == pytest.approx((29 / 70) ** 2) and row["measure_status"] == "On track"


def test_flags_for_no_progress_no_measures_dropped_ended_and_no_target():
    sheet = results()
    no_progress = m(sheet, "I01-D")  # its only progress row has no date
    assert (no_progress["measure_status"], no_progress["flag"]) == ("No data", "No progress recorded")
    assert math.isnan(no_progress["latest"]) and pd.isna(no_progress["latest_date"]) and math.isnan(no_progress["progress"])
    lone = row_of(sheet, **{"initiative_id": "I02"})
    assert (lone["measure_status"], lone["flag"], lone["computed_status"]) == ("No data", "No measures", "No data")
    assert lone["measure_id"] is None and lone["measure"] is None and math.isnan(lone["baseline"])
    assert (m(sheet, "I03-A")["measure_status"], m(sheet, "I03-A")["flag"]) == ("Dropped", "Dropped")  # reached, but dropped
    assert m(sheet, "I04-A")[["progress", "measure_status", "flag"]].tolist() == [0.5, "Off track", "Ended without reaching target"]
    assert m(sheet, "I04-B")["measure_status"] == "Achieved"
    no_target = m(sheet, "I05-A")
    assert no_target["latest"] == 4 and math.isnan(no_target["progress"])
    assert (no_target["measure_status"], no_target["flag"]) == ("No data", "No usable target")
    assert set(sheet["flag"].dropna()) <= set(FLAGS) and set(sheet["measure_status"]) <= set(COMPUTED_STATUSES)


def test_an_initiative_takes_the_worst_judged_status_of_its_measures():
    sheet = results()
    by_initiative = sheet.drop_duplicates("initiative_id").set_index("initiative_id")["computed_status"].to_dict()
    # I01: On track, On track, Achieved and No data -> On track; I04: Off track and Achieved -> Off track.
    assert by_initiative == {"I01": "On track", "I02": "No data", "I03": "Dropped", "I04": "Off track", "I05": "No data"}
    assert sheet["status"].tolist()[0] == "On track", "the recorded Status is shown as typed"


def test_without_initiative_dates_the_schedule_is_not_judged():
    data = usable(
        Members=members("M01"),
        Initiatives=[initiative("I01", start=None)],
        Measures=[measure("I01-A", "I01", 0, 10)],
        Progress=[progress("I01-A", D(2026, 7, 1), 1)],
    )
    row = compute_results(data, settings(as_of_date=AS_OF), ()).initiative_results.iloc[0]
    assert row["progress"] == pytest.approx(0.1) and math.isnan(row["expected"])
    assert (row["measure_status"], row["flag"]) == ("No data", "No start or end date")


def one_measure(value, date=D(2026, 7, 6), kind="Leading", start=D(2026, 6, 1), end=D(2026, 8, 10), as_of=AS_OF):
    """One initiative of 70 days with one measure from 0 to 100 and one progress value (none when value is None)."""
    data = usable(
        Members=members("M01"),
        Initiatives=[initiative("I01", start=start, end=end)],
        Measures=[measure("I01-A", "I01", 0, 100, kind=kind)],
        Progress=[] if value is None else [progress("I01-A", date, value)],
    )
    return compute_results(data, settings(as_of_date=as_of), ()).initiative_results.iloc[0]


@pytest.mark.parametrize(
    ("value", "status"),
    [(35, "On track"), (34, "At risk"), (20, "At risk"), (19, "Off track")],
)
def test_the_band_around_the_expected_path(value, status):
    # Half the window gone (35 of 70 days): expected 50%; On track down to 50 - 15, At risk down to 50 - 30.
    assert TOLERANCE == 0.15
    row = one_measure(value)
    assert row["expected"] == pytest.approx(0.5) and row["measure_status"] == status


def test_a_lagging_measure_follows_a_slow_start_path():
    # The same 20% at half time is 30 points below a leading measure's line (At risk), 5 below a lagging measure's 25% (On track).
    assert one_measure(20, kind="Leading")["measure_status"] == "At risk"
    lagging = one_measure(20, kind="Lagging")
    assert lagging["expected"] == pytest.approx(0.25) and lagging["measure_status"] == "On track"
    assert one_measure(9, kind="Lagging")["measure_status"] == "At risk"  # 16 points below 25%


def test_a_measure_worse_than_its_baseline_is_at_best_at_risk():
    early = D(2026, 6, 4)  # 3 of 70 days gone: expected 4%, so -1% is inside the band but below the baseline
    assert one_measure(-1, date=early)["measure_status"] == "At risk"
    assert one_measure(0, date=early)["measure_status"] == "On track"


def test_a_value_is_judged_at_its_own_date_not_at_the_as_of_date():
    # 30% on 21 June (20 of 70 days, expected 29%) is on track, though the As-of date (6 July) expects 50%.
    assert one_measure(30, date=D(2026, 6, 21))["measure_status"] == "On track"


def test_not_started_until_the_start_date_unless_values_come_in():
    later = dict(start=D(2026, 8, 1), end=D(2026, 12, 31))
    row = one_measure(None, **later)
    assert (row["measure_status"], row["computed_status"], row["flag"]) == ("Not started", "Not started", None)
    assert one_measure(None)["measure_status"] == "No data", "started, without a value: no data"
    assert one_measure(5, date=D(2026, 7, 1), **later)["measure_status"] == "On track", "a value before the start is judged"
