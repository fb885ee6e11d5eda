"""The contract in code says exactly what shared/design/workbook-contract.md says."""

from __future__ import annotations

import re

import pytest

from conftest import SHARED
from xl_tracker import contract

DOC = SHARED / "design" / "workbook-contract.md"


@pytest.fixture(scope="module")
def doc() -> str:
    if not DOC.exists():
        pytest.fail(f"contract document missing at {DOC}")
    return DOC.read_text(encoding="utf-8")


def _section(doc: str, heading: str) -> str:
    """From the heading that starts with ``heading`` to the next heading."""
    start = doc.index(heading)
    rest = doc[start:]
    end = re.search(r"\n#{2,3} ", rest[1:])
    return rest[: end.start() + 1] if end else rest


def _tokens_before_stop(text: str) -> list[str]:
    """Backticked tokens up to the first ';' or '(' outside backticks."""
    tokens, inside, current = [], False, ""
    for ch in text:
        if ch == "`":
            if inside:
                tokens.append(current)
                current = ""
            inside = not inside
        elif inside:
            current += ch
        elif ch in ";(":
            break
    return tokens


def test_rule_ids_and_severities_match_the_document(doc):
    rows = re.findall(r"^\| ([a-z-]+) \| (Error|Warning) \|", doc, flags=re.M)
    assert rows, "no rule rows found in the document"
    assert {r.id: r.severity for r in contract.RULES} == dict(rows)


@pytest.mark.parametrize("sheet", contract.INPUT_SHEETS, ids=lambda s: s.name)
def test_input_sheet_columns_match_the_document(doc, sheet):
    section = _section(doc, f"### {sheet.name} — ")
    tokens = re.findall(r"`([^`]+)`", section)
    documented = {t.rstrip("*"): t.endswith("*") for t in tokens}
    for column in sheet.columns:
        assert column.header in documented, f"{sheet.name}: {column.header} is not in the document"
        assert column.required == documented[column.header], f"{sheet.name}: {column.header} required flag"
    required_in_doc = {t.rstrip("*") for t in tokens if t.endswith("*")}
    assert required_in_doc <= {c.header for c in sheet.columns}


def test_choice_lists_match_the_document(doc):
    for sheet in contract.INPUT_SHEETS:
        section = _section(doc, f"### {sheet.name} — ")
        for column in sheet.columns:
            if not column.choices or column.kind is contract.Kind.YES_NO:
                continue
            m = re.search(re.escape(f"`{column.header}") + r"\*?` \(([^)]*)\)", section)
            assert m, f"{sheet.name}: no choice list for {column.header} in the document"
            documented = [" ".join(c.split()) for c in re.split(r"[,/]", m.group(1).split(";")[0])]
            assert list(column.choices) == documented, f"{sheet.name}.{column.header}"


def test_settings_and_defaults_match_the_document(doc):
    rows = re.findall(r"^\| ([A-Z][^|]+?) \| ([^|]*?) \| [^|]+\|$", _section(doc, "### Settings"), flags=re.M)
    documented = {name: default for name, default in rows if name != "Setting"}
    assert set(documented) == set(contract.SETTINGS_BY_NAME)
    for setting in contract.SETTINGS_ROWS:
        default = documented[setting.name]
        if setting.default in ("", None):
            assert default.startswith("(blank)") or default == "the refresh date"
        else:
            assert str(setting.default) == default


@pytest.mark.parametrize("sheet", [s for s in contract.OUTPUT_SHEETS if s.headers], ids=lambda s: s.name)
def test_output_headers_match_the_document(doc, sheet):
    m = re.search(r"^- \*\*" + re.escape(sheet.name) + r"\*\*: (.+?)(?=\n- \*\*|\n\n)", doc, flags=re.M | re.S)
    assert m, f"output sheet {sheet.name} not in the document"
    assert tuple(_tokens_before_stop(m.group(1))) == sheet.headers


def test_every_output_sheet_of_the_document_is_in_code(doc):
    names = re.findall(r"^- \*\*([A-Z][A-Za-z ]+)\*\*:", _section(doc, "## Results"), flags=re.M)
    assert set(names) == {s.name for s in contract.OUTPUT_SHEETS}


def test_default_indicators_are_the_four_of_the_tracking_tool(doc):
    rows = re.findall(r"^\| ([A-Z]+) \| ([A-Z][^|]+?) \|$", doc, flags=re.M)
    assert [(code, name) for code, name, _ in contract.DEFAULT_INDICATORS] == rows
    for _, _, statements in contract.DEFAULT_INDICATORS:
        assert 4 <= len(statements) <= 5


def test_table_names_follow_the_rule():
    assert contract.MEMBERS.table == "tblMembers"
    assert contract.OFFERS_REQUESTS.table == "tblOffersRequests"
    assert len({s.table for s in contract.INPUT_SHEETS}) == len(contract.INPUT_SHEETS)


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
