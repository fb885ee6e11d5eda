"""The data checks a DHIS2 user expects: a case that must fire and a near case that must not, per rule.

impossible-value (a value its unit rules out), progress-jump (an outlier
change), no-recent-progress (an active initiative left without progress),
progress-after-end and outside-programme; and the settings they read.
"""

from __future__ import annotations

import math

import pytest

from xl_tracker.checks.units import unit_range

from test_checks_support import D, check_rows, clean_rows, found


def only(result, rule):
    others = [i for i in result.issues if i.rule != rule]
    assert not others, others
    return found(result, rule)


# --- impossible-value -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "name", "expected"),
    [
        ("%", "Anything", (0, 100)),
        (" Percent ", "Anything", (0, 100)),
        ("count", "Visits", (0, math.inf)),
        ("hours", "Theatre hours lost", (0, math.inf)),
        ("per 1,000", "Neonatal deaths", (0, math.inf)),
        (None, "% of deliveries with a partograph", (0, 100)),
        ("", "Percentage of mothers counselled", (0, 100)),
        (None, "Number of drills held", (0, math.inf)),
        ("KES", "Budget variance", (-math.inf, math.inf)),
        ("°C", "Fridge temperature", (-math.inf, math.inf)),
        (None, "Days out of stock per month", (-math.inf, math.inf)),
        ("% change", "Growth", (-math.inf, math.inf)),
    ],
)
def test_unit_ranges_are_inferred_narrowly(unit, name, expected):
    assert unit_range(unit, name)[:2] == expected


def test_impossible_value(tmp_path):
    rows = clean_rows()
    rows["Measures"][2]["Unit"] = "count"  # I02-A Mentorship visits
    rows["Progress"][1]["Value"] = 104  # I02-B "% partographs filled": a percentage by its name
    rows["Progress"].append({"Measure ID": "I02-A", "Date": D(2026, 8, 1), "Value": -2})
    rows["Measures"][0]["Baseline"] = -5  # I01-A "% of facilities ordering on time"
    result = check_rows(tmp_path, rows)
    issues = only(result, "impossible-value")
    assert [(i.severity, i.sheet, i.cell, i.value) for i in issues] == [
        ("Error", "Measures", "G2", -5), ("Error", "Progress", "C3", 104), ("Error", "Progress", "C5", -2)]
    assert "Baseline -5 is below 0, but measure I01-A is a percentage (0 to 100)" in issues[0].message
    assert "Value 104 is above 100, but measure I02-B is a percentage (0 to 100)" in issues[1].message
    assert "exceed 100" in issues[1].message and "Highest valid value on the Measures sheet" in issues[1].message
    assert "Value -2 is below 0, but measure I02-A is a count, which cannot be negative" in issues[2].message
    assert math.isnan(result.usable["Progress"].at[3, "Value"]) and math.isnan(result.usable["Progress"].at[5, "Value"])
    assert math.isnan(result.usable["Measures"].at[2, "Baseline"])

    rows = clean_rows()
    rows["Measures"][2]["Unit"] = "count"
    rows["Progress"][1]["Value"] = 100  # on the bound
    rows["Progress"].append({"Measure ID": "I02-A", "Date": D(2026, 8, 1), "Value": 0})
    rows["Measures"][1]["Unit"] = "KES"  # no range of its own
    rows["Progress"].append({"Measure ID": "I01-B", "Date": D(2026, 8, 1), "Value": -3})
    assert check_rows(tmp_path, rows).issues == []


def test_impossible_value_against_the_measures_own_range(tmp_path):
    rows = clean_rows()
    rows["Progress"][1]["Value"] = 104
    rows["Measures"][3]["Highest valid value"] = 120  # a coverage that can exceed 100%
    assert check_rows(tmp_path, rows).issues == []

    rows["Measures"][3]["Lowest valid value"] = 60
    rows["Progress"][1]["Value"] = 50
    result = check_rows(tmp_path, rows)
    issues = only(result, "impossible-value")
    assert [(i.sheet, i.cell) for i in issues] == [("Measures", "G5"), ("Progress", "C3")]
    assert issues[0].message.startswith("Baseline 35 is below 60, the Lowest valid value of measure I02-B (Measures L5)")


# --- progress-jump --------------------------------------------------------------------------------


def _series(values, measure="I02-B", start=D(2026, 4, 1)):
    return [{"Measure ID": measure, "Date": D(start.year, start.month + k, 1), "Value": v} for k, v in enumerate(values)]


def _with_progress(values):
    rows = clean_rows()
    rows["Progress"] = [p for p in rows["Progress"] if p["Measure ID"] != "I02-B"] + _series(values)
    return rows


def test_progress_jump(tmp_path):
    # I02-B: Baseline 35, Target 80; the sixth value is typed 90 for about 53 and the series comes back down.
    result = check_rows(tmp_path, _with_progress([38, 41.5, 44, 47.2, 90, 53]))
    [issue] = only(result, "progress-jump")
    assert (issue.severity, issue.sheet, issue.value) == ("Warning", "Progress", 90)
    assert issue.cell == f"C{2 + 2 + 4}"  # header, two other progress rows, then the fifth of the series
    assert "moved by +42.8 from 47.2" in issue.message and "robust z-score" in issue.message
    assert result.usable["Progress"].at[8, "Value"] == 90, "a warning keeps the value"


def test_progress_jump_near_cases(tmp_path):
    # a big step, but less than half the way from Baseline to Target: a real month, not a typo
    assert check_rows(tmp_path, _with_progress([38, 41.5, 44, 47.2, 62, 65])).issues == []
    # the same typo with too few values to know what a usual step is
    assert check_rows(tmp_path, _with_progress([38, 41.5, 90, 53])).issues == []


def test_progress_jump_when_every_other_step_is_the_same(tmp_path):
    """All other changes equal: the median deviation is 0, so the mean deviation gives the scale (never a division by 0)."""
    [issue] = only(check_rows(tmp_path, _with_progress([40, 45, 50, 55, 60, 95])), "progress-jump")
    assert issue.value == 95 and "robust z-score +4.8" in issue.message  # 30 / (1.2533 x 30/6)
    assert check_rows(tmp_path, _with_progress([40, 45, 50, 55, 60, 65])).issues == []


# --- no-recent-progress ---------------------------------------------------------------------------


def test_no_recent_progress(tmp_path):
    rows = clean_rows()
    rows["Progress"] = [p for p in rows["Progress"] if p["Measure ID"] != "I02-A"]  # I02's last value: 01/07/2026
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "no-recent-progress")
    assert (issue.severity, issue.sheet, issue.cell, issue.value) == ("Warning", "Initiatives", "A3", "I02")
    assert "no progress value since 01/07/2026, 106 days ago, more than the Days without progress 60 (Settings B15)" in issue.message

    rows["Progress"] = [p for p in rows["Progress"] if not p["Measure ID"].startswith("I02")]
    [issue] = only(check_rows(tmp_path, rows), "no-recent-progress")
    assert "no progress value since it started on 01/04/2026, 197 days ago" in issue.message

    assert check_rows(tmp_path, rows, {"Days without progress": 200}).issues == []
    no_progress_at_all = {**rows, "Progress": []}
    [issue] = only(check_rows(tmp_path, no_progress_at_all), "no-recent-progress")
    assert "since it started on 01/04/2026, 197 days ago" in issue.message
    assert check_rows(tmp_path, rows, {"Days without progress": 0}).issues == [], "0 turns the check off"
    rows["Initiatives"][1]["Status"] = "Dropped"
    assert check_rows(tmp_path, rows).issues == [], "a dropped initiative is not active"


def test_no_recent_progress_only_while_the_initiative_runs(tmp_path):
    rows = clean_rows()
    rows["Progress"] = [p for p in rows["Progress"] if not p["Measure ID"].startswith("I02")]
    rows["Initiatives"][1]["Start date"] = D(2026, 9, 1)  # started 44 days before the As-of date
    assert check_rows(tmp_path, rows).issues == []
    rows["Initiatives"][1]["Start date"] = D(2026, 11, 1)  # not started yet
    assert check_rows(tmp_path, rows).issues == []


# --- progress-after-end -------------------------------------------------------------------------------


def test_progress_after_end(tmp_path):
    rows = clean_rows()
    rows["Progress"].append({"Measure ID": "I01-A", "Date": D(2026, 10, 10), "Value": 50})  # I01 ended 30/09/2026
    result = check_rows(tmp_path, rows)
    [issue] = only(result, "progress-after-end")
    assert (issue.severity, issue.sheet, issue.cell) == ("Warning", "Progress", "B5")
    assert "Date 10/10/2026 is after the End date 30/09/2026 of initiative I01 (Initiatives K2)" in issue.message

    rows["Progress"][-1]["Date"] = D(2026, 9, 30)  # on the End date
    assert check_rows(tmp_path, rows).issues == []
    rows["Progress"][-1]["Date"] = D(2026, 10, 10)
    rows["Measures"][0]["Target date"] = D(2026, 10, 31)  # a result measured after the initiative, by its Target date
    assert check_rows(tmp_path, rows).issues == []


# --- outside-programme -------------------------------------------------------------------------------


def test_outside_programme(tmp_path):
    result = check_rows(tmp_path, clean_rows(), {"Programme start": D(2026, 4, 1), "Programme end": D(2026, 12, 30)})
    issues = only(result, "outside-programme")
    assert [(i.severity, i.sheet, i.cell) for i in issues] == [("Warning", "Initiatives", "J2"), ("Warning", "Initiatives", "K3")]
    assert "Start date 01/03/2026 of initiative I01 is before the Programme start 01/04/2026" in issues[0].message

    near = {"Programme start": D(2026, 3, 1), "Programme end": D(2026, 12, 31)}
    assert check_rows(tmp_path, clean_rows(), near).issues == []
    assert check_rows(tmp_path, clean_rows()).issues == [], "without the settings nothing is checked"


# --- the settings these rules read ---------------------------------------------------------------


def test_new_settings_are_read_and_checked(tmp_path):
    result = check_rows(tmp_path, clean_rows(), {"Programme start": D(2026, 12, 1), "Programme end": D(2026, 1, 1),
                                                  "Days without progress": -5})
    assert {(i.rule, i.sheet) for i in result.issues} == {("date-order", "Settings"), ("out-of-range", "Settings")}
    order = next(i for i in result.issues if i.rule == "date-order")
    assert "Programme end 01/01/2026 is before Programme start 01/12/2026" in order.message
    assert not any(i.rule == "outside-programme" for i in result.issues), "a wrong pair of settings checks nothing"


def test_closed_statuses_are_statuses_of_the_contract():
    from xl_tracker.checks.timeliness import CLOSED
    from xl_tracker.contract import INITIATIVE_STATUSES

    assert set(CLOSED) < set(INITIATIVE_STATUSES)


# --- status-contradicts-measures (result phase) ------------------------------------------------------


def _run(tmp_path, rows, settings=None):
    from test_checks_support import build

    from xl_tracker.pipeline import run_tracker

    return run_tracker(build(tmp_path, rows, settings))


def test_status_contradicts_measures(tmp_path):
    # I02 runs 01/04 to 31/12/2026. I02-A (Leading) is at 4 of 10 on 20/09, 62.8% of the window gone: 22.8 points below its
    # straight line, beyond the 15-point band: At risk. I02-B (Lagging) is at 33% on 01/07, its slow-start path expects 11%.
    rows = clean_rows()
    rows["Initiatives"][1]["Status"] = "On track"
    run = _run(tmp_path, rows)
    [issue] = [i for i in run.issues if i.rule == "status-contradicts-measures"]
    assert (issue.severity, issue.sheet, issue.cell, issue.value) == ("Warning", "Initiatives", "L3", "On track")
    assert issue.message.startswith("Status On track, but 1 of 2 measures At risk (I02-A), so initiative I02 is computed At risk")
    sheet = run.results.initiative_results.set_index("measure_id")
    assert sheet.loc["I02-A", "measure_status"] == "At risk" and sheet.loc["I02-B", "measure_status"] == "On track"
    assert set(sheet.loc[["I02-A", "I02-B"], "computed_status"]) == {"At risk"}, "the warning says what the sheet shows"
    assert [i.rule for i in run.issues] == ["status-contradicts-measures"]


def test_status_contradicts_measures_near_cases(tmp_path):
    rows = clean_rows()
    rows["Initiatives"][1]["Status"] = "At risk"  # recorded as behind: no contradiction
    assert _run(tmp_path, rows).issues == []
    rows["Initiatives"][1]["Status"] = "On track"
    rows["Progress"][2]["Value"] = 5  # 50% against 62.8% expected: 12.8 points, inside the band
    run = _run(tmp_path, rows)
    assert run.issues == [] and run.results.initiative_statuses.of("I02").computed == "On track"


def test_status_contradicts_measures_names_every_behind_measure(tmp_path):
    rows = clean_rows()
    rows["Initiatives"][1]["Status"] = "On track"
    rows["Progress"][2]["Value"] = 1  # 10% against 62.8%: Off track
    rows["Progress"].append({"Measure ID": "I02-B", "Date": D(2026, 10, 1), "Value": 45})  # 22% against 45% (0.67²): At risk
    [issue] = [i for i in _run(tmp_path, rows).issues if i.rule == "status-contradicts-measures"]
    assert issue.message.startswith("Status On track, but 1 of 2 measures Off track (I02-A) and 1 At risk (I02-B), so initiative I02 is "
                                    "computed Off track")


def test_recorded_completed_but_computed_short_of_achieved_is_warned(tmp_path):
    # I02 as above: I02-A At risk, I02-B On track, so I02 is computed At risk; recorded Completed, it has not reached target.
    rows = clean_rows()
    rows["Initiatives"][1]["Status"] = "Completed"
    run = _run(tmp_path, rows)
    [issue] = [i for i in run.issues if i.rule == "status-contradicts-measures"]
    assert (issue.severity, issue.sheet, issue.cell, issue.value) == ("Warning", "Initiatives", "L3", "Completed")
    assert issue.message.startswith("Status Completed, but 1 of 2 measures At risk (I02-A) and 1 On track (I02-B), short of target, "
                                    "so initiative I02 is computed At risk")
    rows["Progress"][2]["Value"] = 5  # I02-A inside the band: both measures On track, yet neither has reached its target
    [issue] = [i for i in _run(tmp_path, rows).issues if i.rule == "status-contradicts-measures"]
    assert issue.message.startswith("Status Completed, but 2 of 2 measures On track (I02-A, I02-B), short of target, so initiative I02 "
                                    "is computed On track")
    assert run.results.initiative_statuses.team.contradictions == 1


def test_recorded_completed_near_cases_do_not_fire(tmp_path):
    rows = clean_rows()
    rows["Initiatives"][1]["Status"] = " completed "  # any case and spacing, and its measures at target: Achieved
    rows["Progress"] += [{"Measure ID": "I02-A", "Date": D(2026, 10, 1), "Value": 10}, {"Measure ID": "I02-B", "Date": D(2026, 10, 1), "Value": 80}]
    run = _run(tmp_path, rows)
    assert run.issues == [] and run.results.initiative_statuses.of("I02").computed == "Achieved"
    rows["Progress"] = [p for p in rows["Progress"] if p["Measure ID"] != "I02-B"]  # one measure at target, the other without a value
    run = _run(tmp_path, rows)
    assert run.issues == [] and run.results.initiative_statuses.of("I02").computed == "Achieved"
    rows["Progress"] = [p for p in rows["Progress"] if not p["Measure ID"].startswith("I02")]  # no values at all: No data, no verdict
    run = _run(tmp_path, rows)
    assert run.results.initiative_statuses.of("I02").computed == "No data"
    assert "status-contradicts-measures" not in {i.rule for i in run.issues}
    rows = clean_rows()
    rows["Initiatives"][1]["Status"] = "Off track"  # recorded as behind: nothing to contradict, whatever the measures say
    assert _run(tmp_path, rows).issues == []


def test_the_columns_and_statuses_the_result_rule_reads_exist():
    from xl_tracker.checks import reconcile
    from xl_tracker.contract import INITIATIVE_RESULTS, INITIATIVE_STATUSES
    from xl_tracker.results.status import BEHIND, COMPUTED_STATUSES, ON_TRACK

    assert "computed_status" in INITIATIVE_RESULTS.keys and reconcile.COMPUTED == INITIATIVE_RESULTS.column("computed_status").header
    assert ON_TRACK in INITIATIVE_STATUSES and set(BEHIND) < set(COMPUTED_STATUSES)


def test_the_status_tolerance_setting_sets_the_band(tmp_path):
    # I02-A is 22.8 points below its expected progress: outside the default 15-point band, inside a 25-point one.
    rows = clean_rows()
    rows["Initiatives"][1]["Status"] = "On track"
    wide = _run(tmp_path, rows, {"Status tolerance": 0.25})
    assert wide.issues == [] and wide.results.initiative_statuses.of("I02").computed == "On track"
    narrow = _run(tmp_path, rows, {"Status tolerance": 0.11})  # 22.8 > 2 x 11: Off track
    assert narrow.results.initiative_statuses.of("I02").computed == "Off track"
    assert [i.rule for i in narrow.issues] == ["status-contradicts-measures"]


def test_a_status_tolerance_that_is_not_a_share_is_reported_and_the_default_used(tmp_path):
    rows = clean_rows()
    rows["Initiatives"][1]["Status"] = "On track"
    run = _run(tmp_path, rows, {"Status tolerance": 15})
    out_of_range = [i for i in run.issues if i.rule == "out-of-range"]
    assert [(i.sheet, i.message) for i in out_of_range] == [
        ("Settings", "Status tolerance 15 is not a share: type a number from 0 to 1, e.g. 0.15")
    ]
    assert run.data.settings.status_tolerance == 0.15
    assert "status-contradicts-measures" in {i.rule for i in run.issues}


def test_a_workbook_of_the_earlier_version_gets_the_computed_status_with_the_default_band():
    from pathlib import Path

    from xl_tracker.pipeline import run_tracker

    earlier = Path(__file__).parent / "data" / "earlier" / "demo-7b2f5be.xlsx"
    run = run_tracker(earlier)
    assert "Status tolerance" not in run.data.settings.cells, "the earlier Settings sheet has no such row"
    assert run.data.settings.status_tolerance == 0.15
    assert run.results.initiative_statuses.team.computed == (
        ("On track", 19), ("At risk", 7), ("Off track", 5), ("Achieved", 1), ("Not started", 1), ("No data", 3),
    )
