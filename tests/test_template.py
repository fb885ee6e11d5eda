"""The tracking-tool template: built from the contract, read back with openpyxl (an independent reader)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT, run_soffice
from xl_tracker import contract
from xl_tracker.template import LIST_NAMES, TEMPLATE_NAME, build_shipped_template, build_workbook

SHIPPED = ROOT / "workbook_templates" / TEMPLATE_NAME


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "tool.xlsx"
    build_workbook(path)
    return path


@pytest.fixture(scope="module")
def book(template):
    return openpyxl.load_workbook(template)


def test_sheets_in_order(book):
    names = book.sheetnames
    assert names[0] == contract.START_HERE
    assert names[1 : 1 + len(contract.INPUT_SHEETS)] == [s.name for s in contract.INPUT_SHEETS]
    assert names[1 + len(contract.INPUT_SHEETS) :] == [s.name for s in contract.OUTPUT_SHEETS]


@pytest.mark.parametrize("spec", contract.INPUT_SHEETS, ids=lambda s: s.name)
def test_each_input_sheet_is_a_styled_table_with_frozen_header(book, spec):
    ws = book[spec.name]
    assert list(ws.tables) == [spec.table]
    table = ws.tables[spec.table]
    assert table.ref.startswith("A1:")
    headers = [c.value for c in ws[1] if c.value is not None]
    expected = [c.header for c in contract.sheet_columns(spec, tuple(r["Item code"] for r in contract.default_indicator_rows()))]
    assert headers[: len(expected)] == expected
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.b
    assert ws.sheet_properties.tabColor is not None


def _validations(ws) -> dict[str, object]:
    by_column = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            by_column[openpyxl.utils.get_column_letter(rng.min_col)] = dv
    return by_column


@pytest.mark.parametrize("spec", [s for s in contract.INPUT_SHEETS if s is not contract.SETTINGS], ids=lambda s: s.name)
def test_every_column_has_a_check_and_an_input_message(book, spec):
    ws = book[spec.name]
    dvs = _validations(ws)
    header_cols = {c.value: c.column_letter for c in ws[1] if c.value}
    item_codes = tuple(r["Item code"] for r in contract.default_indicator_rows())
    for column in contract.sheet_columns(spec, item_codes):
        dv = dvs[header_cols[column.header]]
        assert dv.prompt, f"{spec.name}.{column.header} has no input message"
        if column.kind is contract.Kind.DATE:
            assert dv.type == "date"
        elif column.kind is contract.Kind.WHOLE and column.minimum is not None:  # a count, e.g. People reached
            # the range the checks hold it to: Excel refuses what a refresh would call out-of-range
            # ("between" is the default operator, which the writer leaves out)
            lo, hi = column.bounds
            assert dv.type == "whole" and dv.operator in (None, "between") and (dv.formula1, dv.formula2) == (f"{lo:.0f}", f"{hi:.0f}")
        elif column.kind is contract.Kind.NUMBER:
            lo, hi = column.bounds
            assert dv.type == "decimal" and dv.operator in (None, "between") and (float(dv.formula1), float(dv.formula2)) == (lo, hi)
        elif column.kind is contract.Kind.WHOLE:
            assert dv.type == "whole" and dv.formula1 == "1" and dv.formula2 == "5"
        elif column.refers_to in LIST_NAMES and column.kind is contract.Kind.ID:
            assert dv.type == "list" and dv.formula1 == LIST_NAMES[column.refers_to]
        elif column.choices:
            assert dv.type == "list"
            assert dv.formula1.strip('"').split(",") == list(column.choices)


def test_id_dropdowns_grow_with_their_tables(book):
    for sheet, name in LIST_NAMES.items():
        spec = contract.INPUT_SHEETS_BY_NAME[sheet]
        assert book.defined_names[name].attr_text == f"{spec.table}[{spec.id_column.header}]"


def test_settings_hold_the_defaults(book):
    ws = book["Settings"]
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    for setting in contract.SETTINGS_ROWS:
        expected = setting.default
        assert values[setting.name] == (None if expected in ("", None) else expected)
    dvs = {next(iter(dv.sqref.ranges)).min_row: dv for dv in ws.data_validations.dataValidation}
    rater_row = 1 + 1 + [s.name for s in contract.SETTINGS_ROWS].index("Rater for results")
    assert dvs[rater_row].type == "list"
    for row, setting in enumerate(contract.SETTINGS_ROWS, start=2):  # a number setting's own range, as the reader holds it
        if setting.kind in (contract.Kind.WHOLE, contract.Kind.NUMBER) and setting.maximum is not None:
            dv = dvs[row]
            assert dv.operator in (None, "between") and (float(dv.formula1), float(dv.formula2)) == (setting.minimum, setting.maximum), setting.name


def test_indicators_and_item_columns(book):
    ws = book["Indicators"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_col=5)]
    assert [r[2] for r in rows] == [r["Item code"] for r in contract.default_indicator_rows()]
    assert {r[0] for r in rows} == {"TOOLS", "DRIVE", "NETWORKS", "RESULTS"}
    headers = [c.value for c in book["Assessments"][1]]
    assert headers.index("Rater") + 1 == headers.index("TOOLS1")
    assert headers[-1] == "Notes"


@pytest.mark.parametrize("spec", contract.OUTPUT_SHEETS, ids=lambda s: s.name)
def test_output_sheets_are_marked_as_written_by_xl_tracker(book, spec):
    ws = book[spec.name]
    assert ws.sheet_properties.tabColor.rgb.endswith(contract.OUTPUT_TAB_COLOUR.lstrip("#"))
    if spec.headers:
        assert tuple(c.value for c in ws[1]) == spec.headers
        assert "xl-tracker" in ws["A1"].comment.text
    else:
        assert "xl-tracker" in str(ws["A2"].value)


def test_start_here_explains_every_sheet(book):
    text = " ".join(str(c.value) for row in book[contract.START_HERE].iter_rows() for c in row if c.value)
    for spec in (*contract.INPUT_SHEETS, *contract.OUTPUT_SHEETS):
        assert spec.name in text
    for audience in contract.AUDIENCES:
        assert audience.who in text


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    path = build_workbook(tmp_path / "f.xlsx", {"Members": [{"Member ID": "M01", "Full name": "=HYPERLINK(\"x\")", "Department": "+A1"}]})
    ws = openpyxl.load_workbook(path)["Members"]
    assert ws["B2"].data_type == "s" and ws["B2"].value == '=HYPERLINK("x")'
    assert ws["D2"].data_type == "s"


def test_shipped_template_is_the_contract_built(tmp_path):
    """Fails when workbook_templates/ drifts from the contract: rebuild with `python -m xl_tracker.template`."""
    fresh = build_shipped_template(tmp_path)
    with zipfile.ZipFile(SHIPPED) as a, zipfile.ZipFile(fresh) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            assert a.read(name) == b.read(name), f"{name} differs: run `python -m xl_tracker.template`"


def test_cli_new_builds_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "tool.xlsx"
    cmd = [sys.executable, "-m", "xl_tracker", "new", str(target)]
    first = subprocess.run(cmd, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert openpyxl.load_workbook(target).sheetnames[1] == "Settings"
    before = target.read_bytes()
    second = subprocess.run(cmd, capture_output=True, text=True)
    assert second.returncode == 2
    assert "exists already" in second.stderr and "Traceback" not in second.stderr
    assert target.read_bytes() == before


@pytest.mark.libreoffice
def test_libreoffice_opens_the_template_and_keeps_tables_and_checks(soffice, template, tmp_path):
    """LibreOffice loads the template and saves it again; openpyxl still finds the tables and data validations."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "tool.xlsx").write_bytes(template.read_bytes())
    out = tmp_path / "out"
    result = run_soffice(soffice, ["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src / "tool.xlsx")], tmp_path)
    saved = out / "tool.xlsx"
    assert saved.exists(), result.stdout + result.stderr
    book = openpyxl.load_workbook(saved)
    for spec in contract.INPUT_SHEETS:
        ws = book[spec.name]
        assert spec.table in ws.tables, f"{spec.name} lost its table in LibreOffice"
        if spec is not contract.SETTINGS:
            assert ws.data_validations.dataValidation, f"{spec.name} lost its data validations"
