"""The computed status: the worked example of docs/results.md, the initiative records and the tallies every view prints."""

from __future__ import annotations

import datetime as dt

import pytest
from test_results_support import members, settings, usable

from xl_tracker.results import compute_results
from xl_tracker.results.status import InitiativeStatus, StatusTally, tally

D = dt.date


def worked_example(status="On track", lagging_kind="Lagging"):
    data = usable(
        Members=members("M07"),
        Initiatives=[{"Initiative ID": "I07", "Owner": "M07", "Title": "Timely MOH 711 reporting", "Start date": D(2026, 4, 1),
                      "End date": D(2026, 12, 31), "Status": status}],
        Measures=[
            {"Measure ID": "I07-L", "Initiative ID": "I07", "Kind": "Leading", "Measure": "Records officers trained",
             "Better when": "Higher", "Baseline": 5, "Target": 40},
            {"Measure ID": "I07-R", "Initiative ID": "I07", "Kind": lagging_kind, "Measure": "Reports on time (%)",
             "Better when": "Higher", "Baseline": 55, "Target": 95},
        ],
        Progress=[
            {"Measure ID": "I07-L", "Date": D(2026, 9, 28), "Value": 25},
            {"Measure ID": "I07-R", "Date": D(2026, 9, 28), "Value": 65},
        ],
    )
    return compute_results(data, settings(as_of_date=D(2026, 10, 15)), ())


def test_the_worked_example_of_docs_results_md():
    """The numbers docs/results.md walks through for initiative I07, so the docs cannot drift from the code."""
    results = worked_example()
    sheet = results.initiative_results.set_index("measure_id")
    s = 180 / 274
    assert round(s, 3) == 0.657
    leading, lagging = sheet.loc["I07-L"], sheet.loc["I07-R"]
    assert leading["progress"] == pytest.approx(20 / 35) and round(leading["progress"], 3) == 0.571
    assert leading["expected"] == pytest.approx(s) and round((leading["expected"] - leading["progress"]) * 100, 1) == 8.6
    assert leading["measure_status"] == "On track"
    assert lagging["progress"] == pytest.approx(0.25)
    assert lagging["expected"] == pytest.approx(s * s) and round(lagging["expected"], 3) == 0.432
    assert round((lagging["expected"] - lagging["progress"]) * 100, 1) == 18.2 and lagging["measure_status"] == "At risk"
    assert set(sheet["computed_status"]) == {"At risk"} and set(sheet["status"]) == {"On track"}
    record = results.initiative_statuses.of("i07")
    assert record.contradicts and record.contradiction == "Status On track, but 1 of 2 measures At risk (I07-R)"
    assert record.best_progress == pytest.approx(20 / 35) and (record.measures, record.with_progress) == (2, 2)
    # A straight line would expect 65.7% of the result measure: 40.7 points behind, Off track.
    straight = worked_example(lagging_kind="Leading").initiative_results.set_index("measure_id").loc["I07-R"]
    assert round((straight["expected"] - straight["progress"]) * 100, 1) == 40.7 and straight["measure_status"] == "Off track"
    assert round((D(2026, 10, 15) - D(2026, 4, 1)).days / 274 * 100, 1) == 71.9  # where the first version judged both


def test_recorded_at_risk_does_not_contradict():
    record = worked_example(status="At risk").initiative_statuses.of("I07")
    assert not record.contradicts and record.contradiction == ""


def status(initiative, recorded, computed, owner="M01", **kw) -> InitiativeStatus:
    return InitiativeStatus(initiative, owner, recorded, computed, measures=2, with_progress=2, best_progress=0.5, **kw)


def test_a_tally_counts_each_status_apart_and_puts_completed_beside_achieved():
    counted = tally([
        status("I1", "On track", "On track"), status("I2", "On track", "At risk"), status("I3", "Completed", "Achieved"),
        status("I4", None, "No data"), status("I5", "on track", "Off track"),
    ])
    assert counted.total == 5 and counted.contradictions == 2, "a Status typed in another case still counts as On track"
    assert counted.recorded == (("On track", 3), ("Completed", 1), ("No status", 1))
    assert counted.computed == (("On track", 1), ("At risk", 1), ("Off track", 1), ("Achieved", 1), ("No data", 1))
    assert counted.rows() == [
        ("On track", 3, 1), ("At risk", 0, 1), ("Off track", 0, 1), ("Completed / Achieved", 1, 1), ("No status", 1, 0), ("No data", 0, 1),
    ]
    assert counted.in_words() == ("recorded: 3 On track, 1 Completed, 1 No status; "
                                  "computed from the measures: 1 On track, 1 At risk, 1 Off track, 1 Achieved, 1 No data")
    assert StatusTally().in_words() == "recorded: none; computed from the measures: none"


def test_the_words_name_every_behind_measure_worst_first():
    record = status("I1", "On track", "Off track", by_status=(("At risk", ("A",)), ("On track", ("B",)), ("Off track", ("C", "D"))))
    record = InitiativeStatus("I1", "M01", "On track", "Off track", 4, 4, 0.5, record.by_status)
    assert record.contradiction == "Status On track, but 2 of 4 measures Off track (C, D) and 1 At risk (A)"
    one = InitiativeStatus("I2", "M01", "On track", "At risk", 1, 1, 0.1, (("At risk", ("E",)),))
    assert one.contradiction == "Status On track, but 1 of 1 measure At risk (E)"


def test_owners_get_their_own_tally():
    results = worked_example()
    assert results.initiative_statuses.of_owner("m07").computed == (("At risk", 1),)
    assert results.initiative_statuses.of_owner("M99") == StatusTally()
