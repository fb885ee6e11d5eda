"""Property: any value in any input cell never makes validation raise, and yields a value or an issue.

"Yields a value or an issue" is the promise results rely on: a non-blank cell
is either usable (a non-NA value in the usable table) or reported at its own
cell, never silently dropped. Two levels: whole files built by the template
builder and read by the reader (what a person can type), and typed tables
handed straight to ``check_workbook`` (values the reader would never make,
such as infinities and dates centuries away).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from xl_tracker.checks import check_workbook
from xl_tracker.contract import INPUT_SHEETS, INPUT_SHEETS_BY_NAME, SETTINGS_ROWS, Kind, default_indicator_rows, sheet_columns
from xl_tracker.reader import read_workbook

from test_checks_programme import programme_rows
from test_checks_support import SETTINGS, build, clean_rows

ITEM_CODES = tuple(r["Item code"] for r in default_indicator_rows())

TRICKY_TEXT = [
    "#N/A", "#REF!", "#DIV/0!", "  4 ", "3,5", "4%", "15/03/2026", "2026-02-30", "31/04/2026", "2026-03-15 10:30",
    "yes", "N", "TRUE", "m01", "M01; m02", "M01;;M99", ";", "Baseline", "baseline ", "one on one", "Coach", "1e308",
    "-0", "=1+1", "１２", "M 09", "TOOLS", "I01-a", "Lagging", "higher", "0", "-1", "5.0000001", "NaN", "inf",
]

cell_values = st.one_of(
    st.sampled_from(TRICKY_TEXT),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=25),
    # Numbers beyond ±1.07e11 (days) in a date-formatted cell make python-calamine panic (reported to the reader's owner).
    st.integers(min_value=-10**11, max_value=10**11),
    st.floats(min_value=-1e11, max_value=1e11, allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
)

FILLED_SHEETS = [s.name for s in INPUT_SHEETS]
ID_LISTS = {c.header for s in INPUT_SHEETS for c in s.columns if c.kind is Kind.ID_LIST}
"""Columns read as tuples of IDs (Task team, Members, Owners)."""


def _row_count(sheet: str, rows: dict) -> int:
    if sheet == "Settings":
        return 13
    if sheet == "Indicators":
        return len(default_indicator_rows())
    return len(rows[sheet])


def _is_blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


def _value_or_issue(result, sheet: str, row: int, header: str, cell: str) -> bool:
    usable = result.usable[sheet].at[row, header]
    has_value = not (usable is None or (not isinstance(usable, tuple) and pd.isna(usable)))
    return has_value or any(i.sheet == sheet and i.cell == cell for i in result.issues)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), value=cell_values)
def test_any_typed_value_yields_a_value_or_an_issue(data, value):
    rows = programme_rows()  # the clean CHMT with the programme's sheets filled too
    sheet = data.draw(st.sampled_from(FILLED_SHEETS), label="sheet")
    spec = INPUT_SHEETS_BY_NAME[sheet]
    columns = sheet_columns(spec, ITEM_CODES)
    # the builder writes Settings by name, so there the value goes into a setting's Value cell
    column = spec.column("Value") if sheet == "Settings" else data.draw(st.sampled_from(columns), label="column")
    position = data.draw(st.integers(0, _row_count(sheet, rows) - 1), label="row")
    settings_given = dict(SETTINGS)
    indicator_rows = default_indicator_rows()
    if sheet == "Settings":
        settings_given[SETTINGS_ROWS[position].name] = value
    elif sheet == "Indicators":
        indicator_rows[position][column.header] = value
        rows["Indicators"] = indicator_rows
    else:
        rows[sheet][position][column.header] = value
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder), rows, settings_given)
        result = check_workbook(read_workbook(path))
    if sheet == "Settings" or _is_blank(value):
        return  # settings are typed into Settings, not a usable table; a blank cell owes nothing
    if sheet == "Indicators" and column.header == "Item code":
        return  # a new item code renames an Assessments column; its own cell is checked like any ID
    excel_row = position + 2
    cell = f"{get_column_letter(columns.index(column) + 1)}{excel_row}"
    assert _value_or_issue(result, sheet, excel_row, column.header, cell), (sheet, cell, value, result.issues)


_CLEAN = {}


def _clean_data():
    if "data" not in _CLEAN:
        folder = Path(tempfile.mkdtemp(prefix="checks-property-"))
        _CLEAN["data"] = read_workbook(build(folder, programme_rows()))
    return _CLEAN["data"]


def _typed_values(dtype) -> st.SearchStrategy:
    if pd.api.types.is_float_dtype(dtype):
        return st.floats(allow_nan=True, allow_infinity=True)
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return st.one_of(st.just(pd.NaT), st.datetimes(min_value=dt.datetime(1700, 1, 1), max_value=dt.datetime(2200, 1, 1)).map(pd.Timestamp))
    if isinstance(dtype, pd.BooleanDtype):
        return st.one_of(st.booleans(), st.just(pd.NA))
    return st.one_of(st.sampled_from(TRICKY_TEXT), st.text(max_size=20))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_value_in_the_tables_never_raises(data):
    clean = _clean_data()
    sheet = data.draw(st.sampled_from([s for s in FILLED_SHEETS if s != "Settings"]), label="sheet")
    table = clean.sheets[sheet]
    header = data.draw(st.sampled_from(list(table.values.columns)), label="column")
    row = data.draw(st.sampled_from(list(table.values.index)), label="row")
    values = table.values.copy()
    if header in ID_LISTS:
        value = data.draw(st.one_of(st.none(), st.lists(st.sampled_from(["M01", "m02", "M99", ""]), max_size=3).map(tuple)))
    else:
        value = data.draw(_typed_values(values[header].dtype), label="value")
    values.at[row, header] = value
    spoilt = dataclasses.replace(clean, sheets={**clean.sheets, sheet: dataclasses.replace(table, values=values)}, issues=list(clean.issues))
    result = check_workbook(spoilt)
    given_value = values.at[row, header]
    blank = given_value is None or (not isinstance(given_value, tuple) and pd.isna(given_value)) or _is_blank(given_value)
    if not blank:
        assert _value_or_issue(result, sheet, row, header, table.cell(row, header)), (sheet, header, row, value, result.issues)


def test_checking_does_not_change_the_data_read(tmp_path):
    rows = clean_rows()
    rows["Sessions"][0].update({"Member ID": "m01", "Session type": "one on one", "Duration (min)": -5})
    rows["Assessments"][0].update({"Rater": None, "TOOLS1": 9})
    rows["Initiatives"][0].update({"Owner": "M77", "Task team": "m02"})
    data = read_workbook(build(tmp_path, rows))
    before = {name: t.values.copy() for name, t in data.sheets.items()}
    issues = list(data.issues)
    result = check_workbook(data)
    assert result.error_count == 4
    for name, frame in before.items():
        pd.testing.assert_frame_equal(data.sheets[name].values, frame)
    assert data.issues == issues
