"""``xl-tracker upgrade``: a workbook made by an earlier version gains exactly what this version adds, and loses nothing.

Checked on workbooks of the earlier version kept in ``tests/data/earlier``
(template .xlsx and .xlsm, refreshed demo), on workbooks built from a
contract with a sheet, two columns and two settings taken away (so the test
means something even when the contract has not grown since), and on every
Excel-made file of the corpus: every part the upgrade did not mean to change
keeps its stored bytes, every part it wrote is valid against the ISO 29500
schemas and the package rules, every input value reads back the same, and a
second upgrade finds nothing to add.
"""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

import ooxml_check
from conftest import run_soffice
from xl_tracker import template
from xl_tracker.cli import main
from xl_tracker.contract import INITIATIVES, INPUT_SHEETS, PROGRESS, SETTINGS_ROWS, default_indicator_rows, scale_levels, sheet_columns
from xl_tracker.ooxml.upgrade_writer import Additions, NewSheet, write_upgrade
from xl_tracker.reader import read_workbook
from xl_tracker.safe_write import backups_of
from xl_tracker.upgrade import plan_additions, upgrade
from xl_tracker.workbook_refresh import refresh

EARLIER = Path(__file__).parent / "data" / "earlier"
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TAKEN_SETTINGS = ("Days without progress", "Programme end")


def older_contract_workbook(path: Path, rows: dict | None = None) -> Path:
    """A workbook as a version without the Progress sheet, the last two Initiatives columns and two settings made it."""
    reduced = tuple(
        dataclasses.replace(s, columns=s.columns[:-2]) if s is INITIATIVES else s for s in INPUT_SHEETS if s is not PROGRESS
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(template, "INPUT_SHEETS", reduced)
        mp.setattr(template, "SETTINGS_ROWS", tuple(r for r in SETTINGS_ROWS if r.name not in TAKEN_SETTINGS))
        return template.build_workbook(path, data=rows)


def parts_of(path: Path) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: i for i in z.infolist()}


def assert_rest_is_byte_identical(before: Path, after: Path, rewritten: frozenset[str]) -> None:
    old, new = parts_of(before), parts_of(after)
    for name, info in old.items():
        assert name in new, f"{name} is gone"
        if name in rewritten:
            continue
        same = (new[name].CRC, new[name].file_size, new[name].compress_size, new[name].compress_type)
        assert same == (info.CRC, info.file_size, info.compress_size, info.compress_type), f"{name} changed"


def assert_valid(before: Path, after: Path) -> None:
    old = ooxml_check.Package.read(before).parts
    package = ooxml_check.Package.read(after)
    changed = [p for p, data in package.parts.items() if old.get(p) != data]
    report = ooxml_check.validate_parts(package, changed)
    assert report.problems + ooxml_check.package_problems(package, changed) == []


def assert_same_inputs(before: Path, after: Path) -> None:
    a, b = read_workbook(before), read_workbook(after)
    for name, table in a.sheets.items():
        for header in table.columns:
            old, new = table.values[header], b.sheets[name].values[header]
            assert old.equals(new.reindex(old.index)), f"{name} {header}"
    assert vars(a.settings) | {"cells": None} == vars(b.settings) | {"cells": None}


def test_an_older_workbook_gains_the_missing_sheet_columns_and_settings(tmp_path):
    old = older_contract_workbook(tmp_path / "old.xlsx")
    work = shutil.copy(old, tmp_path / "work.xlsx")
    result = upgrade(work)
    w = result.written
    assert w.sheets == ["Progress"]
    assert w.columns == {"Initiatives": [c.header for c in INITIATIVES.columns[-2:]]}
    assert w.rows == {"Settings": list(TAKEN_SETTINGS)}
    assert w.blocked == []
    assert result.backup is not None and backups_of(Path(work)) == [result.backup]
    assert result.backup.read_bytes() == old.read_bytes()
    assert_rest_is_byte_identical(old, Path(work), w.rewritten)
    assert_valid(old, Path(work))
    assert_same_inputs(old, Path(work))

    data = read_workbook(work)
    assert plan_additions(data) == Additions(validation_rows=template.VALIDATION_ROWS)
    assert not any("missing" in i.message.lower() for i in data.issues if i.sheet in ("Progress", "Initiatives"))
    assert data.settings.days_without_progress == 60

    book = openpyxl.load_workbook(work)
    names = book.sheetnames
    assert names.index("Progress") == names.index("Measures") + 1, "the new sheet goes where the contract puts it"
    progress = book["Progress"]
    assert [c.value for c in progress[1]] == [c.header for c in PROGRESS.columns]
    assert list(progress.tables) == [PROGRESS.table]
    assert progress.data_validations.dataValidation, "its dropdowns and checks came along"
    initiatives = book["Initiatives"]
    table = initiatives.tables[INITIATIVES.table]
    assert [c.name for c in table.tableColumns] == [c.header for c in INITIATIVES.columns]
    status_col = len(INITIATIVES.columns) - 1  # 0-based column of the first column added (a choice list)
    status = next(dv for dv in initiatives.data_validations.dataValidation
                  if str(dv.sqref).startswith(openpyxl.utils.get_column_letter(status_col)))
    assert status.type == "list" and all(c in status.formula1 for c in INITIATIVES.columns[-2].choices)
    assert initiatives.cell(1, status_col).font.b == initiatives.cell(1, 1).font.b, "a new header looks like its neighbours"
    settings = {r[0].value: r[1].value for r in book["Settings"].iter_rows(min_row=2) if r[0].value}
    assert settings["Days without progress"] == 60

    second = upgrade(work)
    assert not second.changed and second.backup is None
    assert len(backups_of(Path(work))) == 1, "nothing to add: nothing written, no new backup"
    assert "nothing to add" in second.summary()[0]


def test_the_upgraded_workbook_refreshes_and_keeps_its_data(tmp_path):
    from xl_tracker.demo_data import demo_rows

    rows = {k: v for k, v in demo_rows().items() if k != PROGRESS.name}
    old = older_contract_workbook(tmp_path / "old.xlsx", rows)
    work = shutil.copy(old, tmp_path / "work.xlsx")
    refresh(work)
    refreshed = shutil.copy(work, tmp_path / "refreshed.xlsx")
    result = upgrade(work)
    assert result.written.sheets == ["Progress"] and result.written.blocked == []
    assert_rest_is_byte_identical(Path(refreshed), Path(work), result.written.rewritten)
    assert_same_inputs(Path(refreshed), Path(work))
    assert_valid(Path(refreshed), Path(work))
    again = refresh(work)
    assert again.sheets
    assert_valid(Path(refreshed), Path(work))


@pytest.mark.parametrize("name", ["template-7b2f5be.xlsx", "template-7b2f5be.xlsm", "demo-7b2f5be.xlsx"])
def test_workbooks_of_the_earlier_version_upgrade_to_this_one(tmp_path, name):
    source = EARLIER / name
    work = shutil.copy(source, tmp_path / name)
    before = read_workbook(source)
    wanted = plan_additions(before)
    result = upgrade(work)
    assert result.written.blocked == []
    assert result.written.sheets == [s.name for s in wanted.sheets]
    assert result.written.columns == {c.sheet: list(c.headers) for c in wanted.columns}
    assert result.written.rows == {r.sheet: list(r.names) for r in wanted.rows}
    if result.changed:
        assert_rest_is_byte_identical(source, Path(work), result.written.rewritten)
        assert_valid(source, Path(work))
        assert_same_inputs(source, Path(work))
    else:
        assert Path(work).read_bytes() == source.read_bytes()
    after = read_workbook(work)
    assert plan_additions(after).sheets == [] and plan_additions(after).columns == [] and plan_additions(after).rows == []
    for spec in INPUT_SHEETS:
        assert after.sheets[spec.name].present
        levels = scale_levels(after.settings.scale_min, after.settings.scale_max)
        assert {c.header for c in sheet_columns(spec, after.item_codes, levels)} <= set(after.sheets[spec.name].columns)
    shipped = {r["Item code"]: r for r in default_indicator_rows()}
    indicators = after.sheets["Indicators"].values
    for code, level_1, level_5 in zip(indicators["Item code"], indicators["Level 1"], indicators["Level 5"]):
        assert (level_1, level_5) == (shipped[code]["Level 1"], shipped[code]["Level 5"]), "items kept as shipped get the shipped descriptors"
    if name.endswith(".xlsm"):
        old, new = parts_of(source), parts_of(Path(work))
        for part in ("xl/vbaProject.bin", "customUI/customUI14.xml"):
            assert (old[part].CRC, old[part].compress_size) == (new[part].CRC, new[part].compress_size)


def test_an_item_the_programme_reworded_gets_no_shipped_descriptors(tmp_path):
    rows = default_indicator_rows()
    rows[0] = {**rows[0], "Item statement": "Uses a fishbone diagram with the facility team every quarter."}
    rows = [{k: v for k, v in r.items() if not k.startswith("Level")} for r in rows]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(template, "sheet_columns", lambda spec, items=(), levels=(): sheet_columns(spec, items))
        old = template.build_workbook(tmp_path / "old.xlsx", data={"Indicators": rows})
    work = shutil.copy(old, tmp_path / "work.xlsx")
    result = upgrade(work)
    assert result.written.columns == {"Indicators": [f"Level {n}" for n in range(1, 6)]}
    values = read_workbook(work).sheets["Indicators"].values
    assert values["Level 1"].isna().iloc[0], "a reworded item's descriptors are the programme's to write"
    assert values["Level 1"].iloc[1] == default_indicator_rows()[1]["Level 1"]


def test_a_value_in_the_way_stops_that_table_and_names_the_cell(tmp_path):
    old = older_contract_workbook(tmp_path / "old.xlsx")
    book = openpyxl.load_workbook(old)
    sheet = book["Initiatives"]
    in_the_way = sheet.cell(2, len(INITIATIVES.columns) - 1)  # right of the table: where Status would go
    in_the_way.value = "my note"
    book.save(old)
    work = shutil.copy(old, tmp_path / "work.xlsx")
    result = upgrade(work)
    assert result.written.sheets == ["Progress"], "the rest is still added"
    assert "Initiatives" not in result.written.columns
    assert len(result.written.blocked) == 1 and f"'Initiatives'!{in_the_way.coordinate}" in result.written.blocked[0]
    assert openpyxl.load_workbook(work)["Initiatives"][in_the_way.coordinate].value == "my note"
    code = main(["upgrade", str(work)])
    assert code == 1, "the command says something was left out"


def test_everything_blocked_writes_nothing(tmp_path):
    old = older_contract_workbook(tmp_path / "old.xlsx")
    book = openpyxl.load_workbook(old)
    book["Initiatives"].cell(1, len(INITIATIVES.columns) - 1).value = "mine"
    book["Settings"].cell(len(SETTINGS_ROWS) - len(TAKEN_SETTINGS) + 2, 1).value = "mine too"  # just below the table
    book.create_sheet("Progress")
    book.save(old)
    work = shutil.copy(old, tmp_path / "work.xlsx")
    before = Path(work).read_bytes()
    result = upgrade(work)
    assert not result.changed and len(result.written.blocked) >= 1
    assert Path(work).read_bytes() == before and backups_of(Path(work)) == []


def test_a_chart_sheet_with_the_name_of_a_sheet_to_add_is_named_and_never_given_a_twin(tmp_path):
    from openpyxl.chart import BarChart, Reference

    old = older_contract_workbook(tmp_path / "old.xlsx")
    book = openpyxl.load_workbook(old)
    chart = BarChart()
    chart.add_data(Reference(book["Members"], min_col=1, min_row=1, max_row=3))
    book.create_chartsheet("progress").add_chart(chart)  # the missing Progress sheet's name, in other case
    book.save(old)
    work = shutil.copy(old, tmp_path / "work.xlsx")
    result = upgrade(work)
    assert "Progress" not in result.written.sheets and result.written.columns, "the rest is still added"
    assert any("'progress'" in m and "not a worksheet" in m for m in result.written.blocked)
    with zipfile.ZipFile(work) as z:
        names = [e.get("name").casefold() for e in etree.fromstring(z.read("xl/workbook.xml")).iter(NS + "sheet")]
    assert len(names) == len(set(names))


def test_the_cli_upgrades_into_another_file_and_leaves_the_original(tmp_path, capsys):
    old = older_contract_workbook(tmp_path / "old.xlsx")
    before = old.read_bytes()
    assert main(["upgrade", str(old), "-o", str(tmp_path / "new.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "added the sheet Progress" in out and "Days without progress" in out
    assert old.read_bytes() == before and read_workbook(tmp_path / "new.xlsx").sheets["Progress"].present


def test_a_file_that_is_not_a_tracking_tool_is_refused_with_a_message(tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active["A1"] = "budget"
    book.save(tmp_path / "budget.xlsx")
    assert main(["upgrade", str(tmp_path / "budget.xlsx")]) == 2
    assert "not a tracking-tool workbook" in capsys.readouterr().err


def test_sheet_scoped_names_and_the_active_tab_keep_pointing_at_their_sheets(tmp_path):
    old = older_contract_workbook(tmp_path / "old.xlsx")
    book = openpyxl.load_workbook(old)
    offers = book["Offers & Requests"]
    offers.print_title_rows = "1:1"
    book.active = book.sheetnames.index("Offers & Requests")
    book.save(old)
    work = shutil.copy(old, tmp_path / "work.xlsx")
    upgrade(work)
    with zipfile.ZipFile(work) as z:
        root = etree.fromstring(z.read("xl/workbook.xml"))
    names = [s.get("name") for s in root.iter(NS + "sheet")]
    titles = [d for d in root.iter(NS + "definedName") if d.get("name") == "_xlnm.Print_Titles"]
    # every sheet's repeated header row (the template sets one on each) still names the sheet it belongs to
    assert "Offers & Requests" in [names[int(d.get("localSheetId"))] for d in titles]
    assert all(d.text.rsplit("!", 1)[0].strip("'").replace("''", "'") == names[int(d.get("localSheetId"))] for d in titles)
    assert names[int(root.find(f"{NS}bookViews/{NS}workbookView").get("activeTab"))] == "Offers & Requests"


@pytest.fixture(scope="module")
def donor(tmp_path_factory) -> Path:
    return template.build_workbook(tmp_path_factory.mktemp("donor") / "donor.xlsx")


@pytest.mark.slow
def test_every_input_sheet_grafts_into_every_excel_made_workbook(corpus_files, donor, tmp_path):
    """The package-level writer on files it never saw: every other part keeps its bytes; what it wrote is valid."""
    additions = Additions(sheets=[NewSheet(s.name, None) for s in reversed(INPUT_SHEETS)])
    failures = []
    for n, source in enumerate(corpus_files):
        target = tmp_path / f"{n:04d}{source.suffix}"
        try:
            with zipfile.ZipFile(source) as z:
                sheet_names = [s.get("name", "").casefold() for s in etree.fromstring(z.read("xl/workbook.xml")).iter(NS + "sheet")]
            if any(s.name.casefold() in sheet_names for s in INPUT_SHEETS):
                continue
            written = write_upgrade(source, donor, target, additions)
            assert written.sheets == [s.name for s in additions.sheets]
            assert_rest_is_byte_identical(source, target, written.rewritten)
            assert_valid(source, target)
            with zipfile.ZipFile(target) as z:
                order = [s.get("name") for s in etree.fromstring(z.read("xl/workbook.xml")).iter(NS + "sheet")]
            assert order[: len(INPUT_SHEETS)] == [s.name for s in INPUT_SHEETS]
            target.unlink()
        except Exception as exc:  # every file that fails, not only the first
            failures.append(f"{source.name}: {type(exc).__name__}: {exc}")
    assert failures == []


@pytest.mark.libreoffice
def test_libreoffice_opens_the_upgraded_workbook_with_its_new_sheet_and_columns(tmp_path, soffice):
    old = older_contract_workbook(tmp_path / "old.xlsx")
    work = shutil.copy(old, tmp_path / "work.xlsx")
    upgrade(work)
    out = tmp_path / "out"
    out.mkdir()
    done = run_soffice(soffice, ["--convert-to", "xlsx", "--outdir", str(out), str(work)], tmp_path)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out / "work.xlsx")
    assert [c.value for c in book["Progress"][1]][: len(PROGRESS.columns)] == [c.header for c in PROGRESS.columns]
    headers = [c.value for c in book["Initiatives"][1]]
    assert headers[: len(INITIATIVES.columns)] == [c.header for c in INITIATIVES.columns]


# --- the ribbon's Upgrade button ---------------------------------------------------


def _click_upgrade(monkeypatch, tmp_path, path: Path, answers: list[str], fullname: str | None = None):
    import fake_xlwings
    from xl_tracker import excel

    monkeypatch.setattr(excel, "error_log_path", lambda: tmp_path / "last-error.log")
    book = fake_xlwings.Book.from_file(path, fullname=fullname)
    fake_xlwings.install(monkeypatch, book)
    book.app.answers[:] = answers
    book.app.calls = 0
    excel.upgrade()
    return book


def test_the_upgrade_button_saves_writes_an_upgraded_copy_and_opens_it(monkeypatch, tmp_path):
    import xlwings_source

    old = older_contract_workbook(tmp_path / "Tracker.xlsx")
    before = old.read_bytes()
    book = _click_upgrade(monkeypatch, tmp_path, old, ["ok"])
    copy = tmp_path / "Tracker (upgraded).xlsx"
    assert book.saves == 1
    assert old.read_bytes() == before, "the open workbook's file is never rewritten"
    assert read_workbook(copy).sheets["Progress"].present
    assert [b.name for b in book.app._books] == ["Tracker.xlsx", copy.name], "the copy is opened for the person"
    ask, done = book.app.alerts
    assert ask["buttons"] == "ok_cancel" and copy.name in ask["prompt"]
    assert done["mode"] == "info" and "added the sheet Progress" in done["prompt"] and "copy is open" in done["prompt"]
    problems = {f"{cls}.{member} ({op})" for cls, member, op in book.app.log if xlwings_source.unimplemented(cls, member, op)}
    assert problems == set() and ("Books", "open", "get") in book.app.log and ("Book", "save", "get") in book.app.log

    again = _click_upgrade(monkeypatch, tmp_path, old, ["ok"])
    assert (tmp_path / "Tracker (upgraded 2).xlsx").exists(), "an earlier copy is never overwritten"
    assert again.app.alerts[-1]["mode"] == "info"


def test_the_upgrade_button_does_nothing_when_the_person_cancels(monkeypatch, tmp_path):
    old = older_contract_workbook(tmp_path / "Tracker.xlsx")
    book = _click_upgrade(monkeypatch, tmp_path, old, ["cancel"])
    assert book.saves == 0 and sorted(p.name for p in tmp_path.glob("Tracker*")) == ["Tracker.xlsx"]
    assert len(book.app.alerts) == 1


def test_the_upgrade_button_on_an_up_to_date_or_unsaved_workbook_says_so(monkeypatch, tmp_path):
    current = template.build_workbook(tmp_path / "Current.xlsx")
    book = _click_upgrade(monkeypatch, tmp_path, current, ["ok"])
    assert "nothing to add" in book.app.alerts[-1]["prompt"] and len(book.app._books) == 1
    assert not (tmp_path / "Current (upgraded).xlsx").exists()
    url = "https://county-my.sharepoint.com/personal/me/Documents/Current.xlsx"
    book = _click_upgrade(monkeypatch, tmp_path, current, [], fullname=url)
    assert "Save it to a folder on this computer" in book.app.alerts[-1]["prompt"] and book.saves == 0
