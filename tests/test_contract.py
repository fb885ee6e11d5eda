"""The contract's own invariants: the names, references, choices, rules and defaults agree with each other.

``xl_tracker/contract.py`` is the authority on the workbook; nothing outside the
repository is compared with it. What keeps it honest is here (every name it
gives is unique, every reference points at something it defines, every default
reads as its own kind) and in the drift tests: ``docs/workbook.md`` below, the
shipped template in ``tests/test_template.py``.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from xl_tracker import contract
from xl_tracker.contract import Kind

ALL_SHEET_NAMES = [s.name for s in contract.INPUT_SHEETS] + [s.name for s in contract.OUTPUT_SHEETS] + [contract.START_HERE]
EXCEL_SHEET_NAME = re.compile(r"^[^\[\]:*?/\\]{1,31}$")
EXCEL_TABLE_NAME = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.]{0,254}$")


def test_sheet_names_are_unique_ignoring_case_and_legal_in_excel():
    """Excel compares sheet names without case; a name may not hold []:*?/\\ or exceed 31 characters."""
    keys = [name.casefold() for name in ALL_SHEET_NAMES]
    assert len(keys) == len(set(keys)), ALL_SHEET_NAMES
    assert [n for n in ALL_SHEET_NAMES if not EXCEL_SHEET_NAME.match(n) or n.startswith("'")] == []


def test_table_names_are_unique_and_legal_in_excel():
    tables = [s.table for s in contract.INPUT_SHEETS] + [s.table for s in contract.OUTPUT_SHEETS if s.has_table]
    assert len({t.casefold() for t in tables}) == len(tables), tables
    assert [t for t in tables if not EXCEL_TABLE_NAME.match(t)] == []
    assert contract.MEMBERS.table == "tblMembers" and contract.OFFERS_REQUESTS.table == "tblOffersRequests"


@pytest.mark.parametrize("sheet", contract.INPUT_SHEETS, ids=lambda s: s.name)
def test_input_columns_are_unique_as_the_reader_matches_them(sheet):
    keys = [c.key for c in sheet.columns]
    assert len(keys) == len(set(keys)), keys
    assert all(c.header == c.header.strip() and c.header and not c.header.endswith("*") for c in sheet.columns)


@pytest.mark.parametrize("sheet", contract.INPUT_SHEETS, ids=lambda s: s.name)
def test_every_input_sheet_has_a_required_column_and_at_most_one_id_column(sheet):
    assert sheet.required, f"{sheet.name}: nothing required, so a blank row could never be told from a filled one"
    assert sum(c.defines_id for c in sheet.columns) <= 1
    if sheet.id_column is not None:
        assert sheet.id_column.kind is Kind.ID


def test_every_refers_to_names_an_input_sheet_with_an_id_column():
    for sheet in contract.INPUT_SHEETS:
        for column in sheet.columns:
            if column.refers_to is None:
                continue
            target = contract.INPUT_SHEETS_BY_NAME.get(column.refers_to)
            assert target is not None, f"{sheet.name}.{column.header} refers to {column.refers_to!r}, not an input sheet"
            assert target.id_column is not None, f"{sheet.name}.{column.header}: {target.name} defines no ID column"
            assert target is not sheet or column.defines_id is False
            assert column.kind in (Kind.ID, Kind.ID_LIST), f"{sheet.name}.{column.header} refers but is {column.kind}"


def test_choice_columns_have_choices_and_only_they_do():
    """A CHOICE column needs its list (Round's comes from the Rounds setting); a list on any other kind would never be checked."""
    for sheet in contract.INPUT_SHEETS:
        for column in sheet.columns:
            where = f"{sheet.name}.{column.header}"
            if column.kind is Kind.YES_NO:
                assert column.choices == contract.YES_NO, where
            elif column.kind is Kind.CHOICE:
                assert column.choices or column.header == "Round", f"{where}: a choice column without choices"
            else:
                assert not column.choices, f"{where}: choices on a {column.kind.value} column"


def test_every_choice_list_is_non_empty_unique_and_trimmed():
    lists = [c.choices for s in contract.INPUT_SHEETS for c in s.columns if c.choices]
    lists += [s.choices for s in contract.SETTINGS_ROWS if s.choices]
    assert lists
    for choices in lists:
        assert choices and all(isinstance(c, str) and c and c == " ".join(c.split()) for c in choices), choices
        assert len({c.casefold() for c in choices}) == len(choices), choices
        assert all("," not in c and contract.LIST_SEPARATOR not in c for c in choices), choices


def test_yes_and_no_words_do_not_overlap_and_read_the_yes_no_choices():
    assert not contract.YES_WORDS & contract.NO_WORDS
    assert contract.YES_NO[0].casefold() in contract.YES_WORDS and contract.YES_NO[1].casefold() in contract.NO_WORDS


def test_minimums_only_on_number_columns_and_widths_positive():
    for sheet in contract.INPUT_SHEETS:
        for column in sheet.columns:
            assert column.width > 0
            if column.minimum is not None:
                assert column.kind in (Kind.NUMBER, Kind.WHOLE), f"{sheet.name}.{column.header}"


def test_item_columns_go_before_a_real_column_and_do_not_clash():
    assert contract.ITEMS_BEFORE in {c.header for c in contract.ASSESSMENTS.columns}
    codes = tuple(f"{code}{n}" for code, _, statements in contract.DEFAULT_INDICATORS for n in range(1, len(statements) + 1))
    columns = contract.sheet_columns(contract.ASSESSMENTS, codes)
    assert [c.header for c in columns][-1] == contract.ITEMS_BEFORE
    assert len({c.key for c in columns}) == len(columns)
    assert contract.sheet_columns(contract.MEMBERS, codes) == contract.MEMBERS.columns


def test_rule_ids_are_unique_and_severities_valid():
    ids = [r.id for r in contract.RULES]
    assert len(ids) == len(set(ids)), ids
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", i) for i in ids), ids
    assert {r.severity for r in contract.RULES} <= {contract.ERROR, contract.WARNING}
    assert all(r.when.strip() for r in contract.RULES)
    assert contract.RULES_BY_ID == {r.id: r for r in contract.RULES}


def _reads_as(kind: Kind, value: object, choices: tuple[str, ...]) -> bool:
    if value in ("", None):
        return True
    if kind is Kind.WHOLE:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is Kind.NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is Kind.DATE:
        return isinstance(value, dt.date)
    if kind in (Kind.CHOICE, Kind.YES_NO):
        return value in choices
    return isinstance(value, str)


@pytest.mark.parametrize("setting", contract.SETTINGS_ROWS, ids=lambda s: s.name)
def test_setting_default_is_valid_for_its_kind(setting):
    assert _reads_as(setting.kind, setting.default, setting.choices), f"{setting.name}: {setting.default!r} is not a {setting.kind.value}"
    if setting.kind in (Kind.CHOICE, Kind.YES_NO):
        assert setting.choices, setting.name
    assert setting.help.strip()


def test_settings_are_unique_and_the_numeric_ones_are_consistent():
    names = [s.name.casefold() for s in contract.SETTINGS_ROWS]
    assert len(names) == len(set(names))
    by = contract.SETTINGS_BY_NAME
    assert by["Scale minimum"].default < by["Scale maximum"].default
    assert 0 < by["Minimum items answered"].default <= 1
    assert by["Rater for results"].default in contract.RATERS
    rounds = [r.strip() for r in str(by["Rounds"].default).split(",")]
    assert len(rounds) == len(set(rounds)) >= 2


@pytest.mark.parametrize("sheet", contract.OUTPUT_SHEETS, ids=lambda s: s.name)
def test_output_headers_are_unique_and_tables_have_them(sheet):
    assert len({contract.header_key(h) for h in sheet.headers}) == len(sheet.headers), sheet.headers
    assert bool(sheet.headers) == sheet.has_table, f"{sheet.name}: a table needs headers, headers need a table"
    keys = [c.key for c in sheet.columns]
    assert len(set(keys)) == len(keys) and all(re.fullmatch(r"[a-z][a-z0-9_]*", k) for k in keys), keys
    assert all(isinstance(c.kind, contract.Shown) and c.help.strip() for c in sheet.columns)
    assert sheet.headers == tuple(c.header for c in sheet.columns if c.on_sheet)


def test_default_indicators_have_unique_codes_and_four_or_five_items():
    codes = [code for code, _, _ in contract.DEFAULT_INDICATORS]
    assert len(codes) == len(set(codes)) == 4
    for code, name, statements in contract.DEFAULT_INDICATORS:
        assert re.fullmatch(r"[A-Z]+", code) and name.strip()
        assert 4 <= len(statements) <= 5
    rows = contract.default_indicator_rows()
    item_codes = [r["Item code"] for r in rows]
    assert len(item_codes) == len(set(item_codes))
    assert set(rows[0]) == {c.header for c in contract.sheet_columns(contract.INDICATORS, levels=contract.DEFAULT_LEVELS)}


@pytest.mark.parametrize(
    "text, key",
    [("Member ID*", "member id"), ("  member   ID ", "member id"), ("MEMBER ID *", "member id"), ("Full  name", "full name")],
)
def test_header_matching_ignores_case_spaces_and_star(text, key):
    assert contract.header_key(text) == key


def test_workbook_guide_is_generated_from_the_contract():
    """docs/workbook.md is what `python -m xl_tracker.contract_docs` writes: rerun it after changing the contract."""
    from xl_tracker.contract_docs import DOC_PATH, render

    assert DOC_PATH.read_text(encoding="utf-8") == render()
