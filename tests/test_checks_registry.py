"""The registry of validation rules agrees with the contract, the code that raises each rule and docs/validation.md."""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from pathlib import Path

import pytest

from xl_tracker import contract
from xl_tracker.checks import registry, rules_doc
from xl_tracker.contract import PHASES, RESULT, RULES, RULES_BY_ID

from test_checks_support import check_rows, clean_rows

DOC = Path(__file__).resolve().parent.parent / "docs" / "validation.md"


def _resolve(dotted: str) -> object:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_every_rule_of_the_contract_is_raised_by_something():
    assert list(registry.registered()) == [r.id for r in RULES]


def test_every_rule_has_a_known_phase_and_a_fix():
    for rule in RULES:
        assert rule.phase in PHASES, rule.id
        assert rule.fix and rule.fix == rule.fix.strip() and not rule.fix.endswith("."), rule.id
        assert rule.severity in (contract.ERROR, contract.WARNING), rule.id


def test_checks_raise_only_contract_rules_of_their_own_phase():
    for check in registry.CHECKS:
        assert check.phase in PHASES and check.phase != RESULT, check.name
        for rule in check.rules:
            assert rule in RULES_BY_ID, f"{check.name} raises {rule}, which the contract does not declare"
            assert RULES_BY_ID[rule].phase == check.phase, f"{rule} is a {RULES_BY_ID[rule].phase} rule run in phase {check.phase}"


def test_rules_raised_elsewhere_name_functions_that_exist():
    for rule, names in registry.RAISED_ELSEWHERE.items():
        assert rule in RULES_BY_ID, rule
        for name in names:
            assert callable(_resolve(name)), name


def test_result_rules_are_raised_after_the_results_and_only_then():
    """By the results themselves, or by a result check of the registry (which check_results runs after them)."""
    after = {c.name for c in registry.RESULT_CHECKS}
    for rule in RULES:
        where = registry.raised_by(rule.id)
        late = [n for n in where if n.startswith("xl_tracker.results.") or n in after]
        if rule.phase == RESULT:
            assert late and late == list(where), (rule.id, where)
        else:
            assert not late, (rule.id, where)
    for check in registry.RESULT_CHECKS:
        assert check.phase == RESULT and all(RULES_BY_ID[r].phase == RESULT for r in check.rules), check.name


def test_checks_run_phase_by_phase_in_their_listed_order():
    ordered = registry.in_phase_order()
    assert [PHASES.index(c.phase) for c in ordered] == sorted(PHASES.index(c.phase) for c in ordered)
    for phase in PHASES:
        assert [c for c in ordered if c.phase == phase] == [c for c in registry.CHECKS if c.phase == phase]
    assert len({c.name for c in registry.CHECKS}) == len(registry.CHECKS), "a check is listed twice"


def test_check_workbook_runs_the_registered_checks_and_nothing_else(monkeypatch, tmp_path):
    """The registry is what runs: every check in it once, in phase order; a check taken out is no longer called."""
    expected = [c.name for c in registry.in_phase_order()]
    called: list[str] = []

    def spy(check: registry.Check) -> registry.Check:
        def run(ctx) -> None:
            called.append(check.name)
            check.run(ctx)

        return registry.Check(check.phase, check.rules, run)

    monkeypatch.setattr(registry, "CHECKS", tuple(spy(c) for c in registry.CHECKS))
    rows = clean_rows()
    rows["Measures"][0]["Target"] = rows["Measures"][0]["Baseline"]
    result = check_rows(tmp_path, rows)
    assert called == expected
    assert [i.rule for i in result.issues] == ["target-equals-baseline"]

    without = tuple(c for c in registry.CHECKS if "target-equals-baseline" not in c.rules)
    monkeypatch.setattr(registry, "CHECKS", without)
    assert check_rows(tmp_path, rows).issues == []


def test_the_doc_lists_every_rule_with_its_severity_and_phase():
    doc = DOC.read_text(encoding="utf-8")
    assert rules_doc.with_rules(doc) == doc, "run: python -m xl_tracker.checks.rules_doc"
    rows = {rule: (severity.strip(), phase.strip()) for rule, severity, phase in re.findall(r"^\| `([a-z-]+)` \| ([^|]+) \| ([^|]+) \|", doc, flags=re.M)}
    assert set(rows) == set(RULES_BY_ID)
    for rule in RULES:
        assert rows[rule.id] == (rule.severity, rule.phase), rule.id


def test_every_rule_has_an_example_of_its_own_and_only_rules_of_the_contract_do():
    assert list(rules_doc.EXAMPLES) == [r.id for r in RULES]
    for rule, (sheet, cell, message) in rules_doc.EXAMPLES.items():
        assert sheet and message, rule
        assert re.fullmatch(r"[A-Z]{1,3}[0-9]+", cell) or (cell == "" and rule == "missing-sheet"), (rule, cell)


def test_the_generated_table_changes_with_the_contract(monkeypatch):
    """A reworded rule changes the doc's table: the drift test above can fail."""
    before = rules_doc.rules_markdown()
    monkeypatch.setattr(rules_doc, "RULES", (replace(RULES[0], when="a new wording"), *RULES[1:]))
    after = rules_doc.rules_markdown()
    assert after != before and "a new wording" in after
