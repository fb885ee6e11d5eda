"""Anchored scales: level descriptors on Indicators, the Assessments input message, earlier workbooks without them."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from xl_tracker import contract
from xl_tracker.anchors import AnchoredItem, Level, anchored_items, by_indicator, input_message, input_title
from xl_tracker.reader import read_workbook
from xl_tracker.template import build_workbook

EARLIER_TEMPLATE = Path(__file__).parent / "data" / "earlier" / "template-7b2f5be.xlsx"
"""The shipped template of commit 7b2f5be, before the Level columns."""


def _validations(path: Path, sheet: str) -> dict[str, tuple[str, str]]:
    """Header -> (input title, input message) of each column's data validation, read back with openpyxl."""
    ws = openpyxl.load_workbook(path)[sheet]
    headers = {cell.column_letter: cell.value for cell in ws[1]}
    out = {}
    for dv in ws.data_validations.dataValidation:
        letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
        out[headers[letter]] = (dv.promptTitle, dv.prompt)
    return out


def test_every_default_item_has_five_concrete_descriptors():
    rows = contract.default_indicator_rows()
    assert {r["Item code"] for r in rows} == set(contract.DEFAULT_LEVEL_DESCRIPTORS)
    for item, descriptors in contract.DEFAULT_LEVEL_DESCRIPTORS.items():
        assert len(descriptors) == len(contract.DEFAULT_LEVELS) == 5
        assert len(set(descriptors)) == 5, item
        assert all(10 <= len(d) <= 45 and d == d.strip() for d in descriptors), item


def test_input_message_keeps_every_level_whole_within_excels_limit():
    for item in anchored_items(contract.default_indicator_rows(), (1, 5)):
        message = input_message(item)
        assert len(message) <= 255
        lines = message.split("\n")
        assert lines[1:] == [f"{lv.score} {lv.text}" for lv in item.levels]
        statement = lines[0].removesuffix("…")
        assert item.statement.startswith(statement) and len(statement) >= 25
        assert len(input_title(item)) <= 32


def test_input_message_of_long_descriptors_is_cut_but_names_every_level():
    item = AnchoredItem("X", "X", "X1", "S" * 300, tuple(Level(n, f"word {'w' * 90}") for n in range(1, 6)))
    message = input_message(item)
    assert len(message) <= 255
    assert [line.split(" ")[0] for line in message.split("\n")] == ["1", "2", "3", "4", "5"]
    undescribed = AnchoredItem("X", "X", "X1", "A statement.", tuple(Level(n, "") for n in range(1, 6)))
    assert input_message(undescribed) == "A statement."
    assert input_message(AnchoredItem("X", "X", "X1", "", ()), fallback="Score it.") == "Score it."


def test_template_shows_descriptors_on_indicators_and_as_the_assessments_input_message(tmp_path):
    path = build_workbook(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path)["Indicators"]
    headers = [c.value for c in ws[1]]
    assert headers[-5:] == ["Level 1", "Level 2", "Level 3", "Level 4", "Level 5"]
    sheet = {row[2]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    for item, descriptors in contract.DEFAULT_LEVEL_DESCRIPTORS.items():
        assert sheet[item][-5:] == descriptors
    prompts = _validations(path, "Assessments")
    for item in anchored_items(read_workbook(path).sheets["Indicators"].values, (1, 5)):
        assert prompts[item.code] == (input_title(item), input_message(item))
        assert item.levels[2].text in prompts[item.code][1]


def test_levels_follow_the_scale_in_settings(tmp_path):
    path = build_workbook(tmp_path / "t.xlsx", settings={"Scale minimum": 0, "Scale maximum": 3})
    data = read_workbook(path)
    indicators = data.sheets["Indicators"]
    assert [h for h in indicators.values.columns if h.startswith("Level")] == ["Level 0", "Level 1", "Level 2", "Level 3"]
    assert "Level 4" not in indicators.columns
    items = anchored_items(indicators.values, (data.settings.scale_min, data.settings.scale_max))
    assert [lv.score for lv in items[0].levels] == [0, 1, 2, 3]
    assert not any(item.described for item in items), "the default descriptors are written for 1 to 5 only"
    assert contract.scale_levels(0, 100) == () and contract.scale_levels(5, 1) == ()


def test_items_follow_the_assessments_column_order_and_group_by_indicator():
    rows = contract.default_indicator_rows()
    order = [r["Item code"] for r in rows]
    moved = [order[-1], *order[:-1]]
    items = anchored_items(rows, (1, 5), moved)
    assert [i.code for i in items] == moved
    groups = by_indicator(items)
    assert [g.code for g in groups] == ["RESULTS", "TOOLS", "DRIVE", "NETWORKS", "RESULTS"]


def test_earlier_workbook_without_level_columns_reads_and_refreshes_with_the_defaults(tmp_path):
    from xl_tracker.api import refresh

    path = tmp_path / "earlier.xlsx"
    shutil.copyfile(EARLIER_TEMPLATE, path)
    data = read_workbook(path)
    assert not [i for i in data.issues if i.rule == "missing-column"]
    indicators = data.sheets["Indicators"]
    assert "Level 1" not in indicators.columns, "the earlier template has no Level columns"
    items = anchored_items(indicators.values, (1, 5))
    assert [tuple(lv.text for lv in i.levels) for i in items] == [contract.DEFAULT_LEVEL_DESCRIPTORS[i.code] for i in items]
    assert len(items) == 18
    refresh(path)
    assert read_workbook(path).sheets["Indicators"].values.shape == indicators.values.shape


def test_defaults_fill_only_blank_levels_of_unchanged_default_items_on_the_default_scale():
    rows = contract.default_indicator_rows()
    for row in rows:
        for n in contract.DEFAULT_LEVELS:
            row[f"Level {n}"] = None
    rows[0]["Level 2"] = "Our own words for two"
    rows[1]["Item statement"] = "A statement this county wrote itself."
    items = anchored_items(rows, (1, 5))
    assert [lv.text for lv in items[0].levels] == [
        contract.DEFAULT_LEVEL_DESCRIPTORS["TOOLS1"][0], "Our own words for two", *contract.DEFAULT_LEVEL_DESCRIPTORS["TOOLS1"][2:]
    ]
    assert not items[1].described, "a reworded item's descriptors would not fit it"
    assert items[2].described
    assert not any(i.described for i in anchored_items(rows[2:], (1, 4)))


def test_upgrade_adds_the_level_columns_to_an_earlier_workbook(tmp_path):
    from xl_tracker.upgrade import upgrade

    path = tmp_path / "earlier.xlsx"
    shutil.copyfile(EARLIER_TEMPLATE, path)
    result = upgrade(path)
    assert [f"Level {n}" for n in range(1, 6)] == [h for h in result.written.columns["Indicators"] if h.startswith("Level")]
    data = read_workbook(result.path)
    assert [h for h in data.sheets["Indicators"].columns if h.startswith("Level")] == [f"Level {n}" for n in range(1, 6)]
    items = anchored_items(data.sheets["Indicators"].values, (1, 5))
    assert items[0].levels[2].text == contract.DEFAULT_LEVEL_DESCRIPTORS["TOOLS1"][2]


@pytest.mark.parametrize("statement", ["=HYPERLINK(\"x\")", "<b>&amp;</b>"])
def test_workbook_text_in_a_descriptor_stays_text(tmp_path, statement):
    rows = contract.default_indicator_rows()
    rows[0]["Level 3"] = statement
    path = build_workbook(tmp_path / "t.xlsx", data={"Indicators": rows})
    ws = openpyxl.load_workbook(path)["Indicators"]
    assert ws.cell(2, [c.value for c in ws[1]].index("Level 3") + 1).data_type == "s"
    assert statement in _validations(path, "Assessments")[rows[0]["Item code"]][1]
