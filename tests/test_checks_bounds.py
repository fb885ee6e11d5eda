"""Values past what the results can compute with: each is an issue at its cell, never infinity, a wrap or a crash.

Each test spoils one value and asserts the issue naming its cell, that the
value is left out of the results (a setting's default is used instead), and
that the results are computed without a numpy RuntimeWarning (every test here
turns them into errors) and without a crash.
"""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

from xl_tracker import contract, generate_reports
from xl_tracker.cells import coerce_column
from xl_tracker.contract import SETTINGS_ROWS, Kind
from xl_tracker.pipeline import run_tracker
from xl_tracker.reports.charts import BarChart, chart_part, major_unit
from xl_tracker.settings import SETTING_FIELDS, read_settings

from test_checks_programme import programme_rows
from test_checks_support import build, check_rows, clean_rows, edit_cells, found

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def errors_at(result, sheet):
    return [(i.rule, i.severity, i.cell) for i in result.issues if i.sheet == sheet]


def quiet_run(path):
    """The whole pipeline, every RuntimeWarning (numpy's overflow and invalid-cast ones) an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        return run_tracker(path)


# --- numbers that are not finite ---------------------------------------------------------------


def test_text_that_reads_as_infinity_is_not_a_number(tmp_path):
    rows = clean_rows()
    rows["Measures"][0]["Target"] = "1e400"  # I2
    rows["Progress"][1]["Value"] = "-1e400"  # C3
    rows["Measures"][1]["Target"] = "2"  # I3: text that is a number stays a warning, read as 2
    result = check_rows(tmp_path, rows)
    assert errors_at(result, "Measures") == [("not-a-number", "Error", "I2"), ("text-as-number", "Warning", "I3")]
    assert errors_at(result, "Progress") == [("not-a-number", "Error", "C3")]
    target = found(result, "not-a-number")[0]
    assert target.value == "1e400" and "Target '1e400'" in target.message and "infinity" in target.message
    assert pd.isna(result.usable["Measures"].at[2, "Target"]) and pd.isna(result.usable["Progress"].at[3, "Value"])
    assert result.usable["Measures"].at[3, "Target"] == 2


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_a_cell_holding_a_non_finite_number_is_not_a_number(bad):
    column = contract.MEASURES.column("Target")
    for values in ([4.0, bad, ""], [4, bad], ["5", bad]):  # the fast path (numbers only) and the slow one (text too)
        typed, problems = coerce_column(column, values)
        assert typed[1] is None, values
        [problem] = [p for p in problems if p.rule == "not-a-number"]
        assert problem.position == 1 and isinstance(problem.value, str), "an issue's value is never inf or NaN"
    assert coerce_column(column, [4.0, 1e15, -1e15])[0] == [4.0, 1e15, -1e15]


def test_a_weight_too_large_or_infinite_is_an_error_and_the_indicator_keeps_its_members(tmp_path):
    clean = quiet_run(build(tmp_path, clean_rows(), name="clean.xlsx")).results.team_results
    for weight, rule in ((1e308, "out-of-range"), ("1e400", "not-a-number"), (1001, "out-of-range")):
        path = edit_cells(build(tmp_path, clean_rows()), "Indicators", {"E2": weight})
        run = quiet_run(path)
        [issue] = [i for i in run.issues if i.sheet == "Indicators"]
        assert (issue.rule, issue.severity, issue.cell) == (rule, "Error", "E2"), weight
        if rule == "out-of-range":
            assert "Weight" in issue.message and "from 0 to 1000" in issue.message
        assert run.results.team_results["members"].tolist() == clean["members"].tolist(), "the weight is read as blank (1)"
        assert run.results.team_results["change"].tolist() == pytest.approx(clean["change"].tolist(), nan_ok=True)
    path = edit_cells(build(tmp_path, clean_rows()), "Indicators", {"E2": 1000})
    assert [i for i in quiet_run(path).issues if i.sheet == "Indicators"] == [], "the largest weight is fine"


def test_a_measure_value_past_the_number_limit_is_out_of_range_and_reports_are_made(tmp_path):
    from xl_tracker.contract import NUMBER_LIMIT

    rows = clean_rows()
    rows["Measures"][2]["Target"] = 1e308  # I4, I02-A
    rows["Progress"][2]["Value"] = -2e15  # C4, I02-A
    rows["Measures"][3]["Baseline"] = "1e400"  # G5, I02-B
    path = build(tmp_path, rows)
    run = quiet_run(path)
    assert [(i.rule, i.sheet, i.cell) for i in run.issues if i.severity == "Error"] == [
        ("out-of-range", "Measures", "I4"), ("not-a-number", "Measures", "G5"), ("out-of-range", "Progress", "C4")]
    big = next(i for i in run.issues if i.cell == "I4")
    assert big.message.startswith("Target 1e+308 is above 1e+15") and "1e+308" in big.message
    rows["Measures"][2]["Target"] = NUMBER_LIMIT
    rows["Progress"][2]["Value"] = -NUMBER_LIMIT
    near = quiet_run(build(tmp_path, rows, name="near.xlsx"))
    assert [(i.rule, i.cell) for i in near.issues if i.rule == "out-of-range"] == []
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        made = generate_reports(path, tmp_path / "reports")
    assert made.team_report and made.member_reports


@pytest.mark.parametrize(("low", "high"), [(0, 1.7e308), (-1e308, 1e308), (-1.79e308, 1.79e308), (0, 5), (5, 5), (0, 1e-300)])
def test_the_gridline_step_of_any_finite_axis_is_a_finite_step(low, high):
    step = major_unit(low, high)
    assert math.isfinite(step) and step > 0
    if high > low:
        assert (high / step - low / step) <= 6 + 1e-9
    chart = BarChart("Extreme", ("A",), ("Baseline",), ((high,),), axis_min=low, axis_max=high)
    assert b"majorUnit" in chart_part(chart)


def test_the_gridline_step_of_a_broken_axis_does_not_crash():
    for low, high in ((0, math.inf), (-math.inf, math.inf), (math.nan, 1.0)):
        step = major_unit(low, high)
        assert math.isfinite(step) and step > 0
    assert major_unit(0, 5) == 1.0 and major_unit(0, 100) == 20.0 and major_unit(0, 10) == 2.0


# --- counts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("reached", [1e19, 1e30, 1_000_001, 2**63])
def test_people_reached_beyond_a_million_is_out_of_range_and_never_wraps(tmp_path, reached):
    rows = programme_rows()
    rows["Cascading"][0]["People reached"] = reached  # D2, M01
    run = quiet_run(build(tmp_path, rows))
    assert [(i.rule, i.severity, i.cell) for i in run.issues if i.sheet == "Cascading"] == [("out-of-range", "Error", "D2")]
    issue = next(i for i in run.issues if i.sheet == "Cascading")
    assert "People reached" in issue.message and "from 1 to 1000000" in issue.message
    reached_by = run.results.engagement.set_index("member_id")["people_reached"]
    assert reached_by["M01"] == 0 and reached_by["M02"] == 1, "the bad count is left out, nothing wraps"

    rows["Cascading"][0]["People reached"] = 1_000_000
    run = quiet_run(build(tmp_path, rows, name="near.xlsx"))
    assert [i for i in run.issues if i.sheet == "Cascading"] == []
    assert run.results.engagement.set_index("member_id").at["M01", "people_reached"] == 1_000_000


def test_sums_of_counts_become_whole_numbers_only_when_they_fit():
    import numpy as np

    from xl_tracker.results.programme import _whole

    assert _whole(np.array([0.0, 3.0, 1e6])).dtype == np.int64
    huge = _whole(np.array([1e19, 2.0]))
    assert huge.dtype == np.float64 and huge[0] == 1e19, "a sum past int64 stays a float rather than wrap"


# --- settings ----------------------------------------------------------------------------------------

NUMERIC = [s for s in SETTINGS_ROWS if s.kind in (Kind.NUMBER, Kind.WHOLE)]


@pytest.mark.parametrize("setting", NUMERIC, ids=lambda s: s.name)
def test_every_numeric_setting_has_a_range_holding_its_default(setting):
    assert setting.minimum is not None and setting.maximum is not None, setting.name
    assert setting.minimum <= setting.default <= setting.maximum


@pytest.mark.parametrize("setting", NUMERIC, ids=lambda s: s.name)
def test_a_numeric_setting_out_of_its_range_is_an_error_and_the_default_is_used(setting):
    attr = SETTING_FIELDS[setting.name]
    default = getattr(read_settings([])[0], attr)
    step = 1 if setting.kind is Kind.WHOLE else 0.5
    # the scale's other end at its own limit, so that any scale end in range makes a scale
    other = {"Scale minimum": [("Scale maximum", 100, "B7")], "Scale maximum": [("Scale minimum", 0, "B6")]}.get(setting.name, [])
    for value in (setting.maximum + step, setting.minimum - step, 10**15, 1e300):
        settings, issues = read_settings([(setting.name, value, "B9"), *other])
        assert getattr(settings, attr) == default, (setting.name, value)
        assert [(i.rule, i.severity, i.sheet, i.cell) for i in issues] == [("out-of-range", "Error", "Settings", "B9")], value
        assert f"{setting.maximum:g}" in issues[0].message and f"{setting.minimum:g}" in issues[0].message
        if (setting.minimum, setting.maximum) != (0, 1):
            assert f"the default {setting.default} is used" in issues[0].message
    for value in (setting.minimum, setting.maximum):
        settings, issues = read_settings([(setting.name, value, "B9"), *other])
        assert issues == [] and getattr(settings, attr) == value


@pytest.mark.parametrize("text", ["1e400", "-1e400"])
def test_a_setting_that_reads_as_infinity_is_not_a_number(text):
    settings, issues = read_settings([("Days without progress", text, "B15"), ("Status tolerance", text, "B19")])
    assert [(i.rule, i.cell) for i in issues] == [("not-a-number", "B15"), ("not-a-number", "B19")]
    assert settings.days_without_progress == 60 and settings.status_tolerance == 0.15


@pytest.mark.parametrize("days", [10**15, 10**17, 3651])
def test_a_huge_days_setting_is_an_error_at_its_cell_and_every_result_is_computed(tmp_path, days):
    path = build(tmp_path, programme_rows(), {"Days without one-on-one": days, "Days an offer or request stays open": days})
    run = quiet_run(path)
    settings = [(i.rule, i.severity, i.cell) for i in run.issues if i.sheet == "Settings"]
    assert settings == [("out-of-range", "Error", "B12"), ("out-of-range", "Error", "B18")]
    assert run.data.settings.days_without_one_on_one == 45 and run.data.settings.days_offer_open == 30
    assert "the default 45 is used" in next(i.message for i in run.issues if i.cell == "B12")
    assert run.results.coaches is not None


def test_a_setting_named_twice_keeps_the_first_and_warns_at_the_second():
    settings, issues = read_settings([
        ("Scale maximum", 5, "B7"), ("Headline method", "Change of means", "B11"),
        ("Scale maximum", 7, "B21"), ("headline  method*", "Mean of changes", "B22"), ("Scale maximum", None, "B23"),
    ])
    assert settings.scale_max == 5 and settings.headline_method == "Change of means"
    assert settings.cells["Scale maximum"] == "B7"
    assert [(i.rule, i.severity, i.sheet, i.cell) for i in issues] == [
        ("duplicate-setting", "Warning", "Settings", "B21"), ("duplicate-setting", "Warning", "Settings", "B22"),
        ("duplicate-setting", "Warning", "Settings", "B23")]
    assert issues[0].message == (
        "Scale maximum is set again in row 21 (7); the first, in row 7 (5), is used: delete one of the two rows")
    assert issues[2].message.startswith("Scale maximum is set again in row 23 (blank); the first, in row 7 (5), is used")

    blank_first, issues = read_settings([("Days without progress", None, "B15"), ("Days without progress", 90, "B30")])
    assert blank_first.days_without_progress == 60, "the first row wins even when blank: its default is used"
    assert issues[0].message.startswith("Days without progress is set again in row 30 (90); the first, in row 15 (blank: the default 60)")

    _, issues = read_settings([("As-of date", None, "B5"), ("As-of date", "15/10/2026", "B30"), ("County", "", "B2"), ("County", "X", "B31")])
    assert [i.message.split(", is used")[0] for i in issues] == [
        "As-of date is set again in row 30 (15/10/2026); the first, in row 5 (blank: the refresh date)",
        "County is set again in row 31 (X); the first, in row 2 (blank)"]

    once, none = read_settings([("Scale maximum", 7, "B7")])
    assert once.scale_max == 7 and none == []
