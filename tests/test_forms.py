"""Paper scoring forms: one per member and round, the Indicators sheet's descriptors, safe names, valid parts, pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

import ooxml_check as oc
from xl_tracker.cli import main
from xl_tracker.contract import DEFAULT_LEVEL_DESCRIPTORS, RATERS
from xl_tracker.demo import build_demo_workbook
from xl_tracker.demo_data import SETTINGS, demo_rows
from xl_tracker.reader import read_workbook
from xl_tracker.reports.context.form import form_items
from xl_tracker.reports.forms import BLANK_FILENAME, make_forms, write_forms
from xl_tracker.template import build_workbook

EARLIER_TEMPLATE = Path(__file__).parent / "data" / "earlier" / "template-7b2f5be.xlsx"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return build_demo_workbook(tmp_path_factory.mktemp("demo") / "demo.xlsx")


@pytest.fixture(scope="module")
def baseline_forms(demo, tmp_path_factory):
    return make_forms(demo, tmp_path_factory.mktemp("forms"), rounds=["Baseline"])


def _sheet_rows(path: Path, sheet: str) -> list[dict[str, object]]:
    """A sheet's rows by header, read with openpyxl (independently of xl-tracker's reader)."""
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


def _form_items(path: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(item code, statement, [(score, descriptor)]) of each item table of a form, read with python-docx."""
    out = []
    for table in docx.Document(path).tables[1:]:
        head = table.rows[0].cells[0].text
        code, statement = head.split("   ", 1)
        levels = [(r.cells[0].text.replace("\u2610", "").strip(), r.cells[1].text) for r in table.rows[1:-1]]
        out.append((code, statement, levels))
    return out


def test_one_form_per_member_still_in_the_programme_and_a_blank_one(demo, baseline_forms):
    members = _sheet_rows(demo, "Members")
    current = [m for m in members if m["Exit date"] is None]
    assert 0 < len(current) < len(members), "the demo has a member who left"
    assert len(baseline_forms.forms) == len(current) and baseline_forms.left == len(members) - len(current)
    for path, member in zip(baseline_forms.forms, current):
        assert path.name.startswith(f"{member['Member ID']}_") and path.name.endswith("_Baseline_form.docx")
        text = "\n".join(p.text for p in docx.Document(path).paragraphs)
        cells = [c.text for c in docx.Document(path).tables[0]._cells]
        assert f"{member['Full name']} ({member['Member ID']})" in cells and "Baseline" in cells
        assert member["Full name"] in text
    assert baseline_forms.blank.name == BLANK_FILENAME
    blank = docx.Document(baseline_forms.blank).tables[0]._cells
    assert any(all(f"\u2610\u00a0{r}" in c.text for r in ("Baseline", "Midline", "Endline")) for c in blank)
    assert any(all(f"\u2610\u00a0{r}" in c.text for r in RATERS) for c in blank)
    assert baseline_forms.summary().startswith(f"{len(current)} scoring forms and a blank one written to")


def test_every_round_by_default(demo, tmp_path):
    made = write_forms(read_workbook(demo), tmp_path, members=["m02", "M03"])
    assert [p.name.split("_")[-2] for p in made.forms] == ["Baseline", "Midline", "Endline"] * 2
    assert len({p.name.casefold() for p in made.files}) == 7


def test_the_descriptors_on_the_form_are_those_on_the_indicators_sheet(demo, baseline_forms):
    indicators = _sheet_rows(demo, "Indicators")
    sheet = {r["Item code"]: (r["Item statement"], [(str(n), r[f"Level {n}"]) for n in range(1, 6)]) for r in indicators}
    for path in [baseline_forms.forms[0], baseline_forms.blank]:
        items = _form_items(path)
        assert [code for code, _, _ in items] == [r["Item code"] for r in indicators]
        for code, statement, levels in items:
            assert (statement, levels) == sheet[code]
    assert sheet["TOOLS1"][1][2][1] == DEFAULT_LEVEL_DESCRIPTORS["TOOLS1"][2]


def test_the_form_lists_items_in_the_order_of_the_assessments_columns(demo, baseline_forms):
    header = list(_sheet_rows(demo, "Assessments")[0])
    codes = [h for h in header if h in {r["Item code"] for r in _sheet_rows(demo, "Indicators")}]
    assert [code for code, _, _ in _form_items(baseline_forms.forms[0])] == codes
    data = read_workbook(demo)
    table = data.sheets["Assessments"]
    reversed_place = dict(zip(codes, sorted((table.columns[c] for c in codes), reverse=True)))
    table.columns.update(reversed_place)
    assert [i.code for i in form_items(data)] == codes[::-1]
    typing_note = docx.Document(baseline_forms.forms[0]).paragraphs
    assert any(", ".join(codes) in p.text for p in typing_note)


def test_workbook_text_is_data_in_forms_and_never_picks_a_path(tmp_path):
    rows = demo_rows()
    rows["Members"] = [dict(rows["Members"][0], **{"Member ID": "M01", "Full name": "../../evil/<b>&amp; {{ 7*7 }}"})]
    book = build_workbook(tmp_path / "book.xlsx", {"Members": rows["Members"]}, SETTINGS)
    out = tmp_path / "out"
    made = make_forms(book, out, rounds=["Endline"])
    assert all(p.parent == out.resolve() for p in made.files)
    assert "/" not in made.forms[0].name.removeprefix(str(out))
    cells = [c.text for c in docx.Document(made.forms[0]).tables[0]._cells]
    assert "../../evil/<b>&amp; {{ 7*7 }} (M01)" in cells


def test_an_earlier_workbook_without_level_columns_gets_forms_with_the_default_descriptors(tmp_path):
    path = tmp_path / "earlier.xlsx"
    shutil.copyfile(EARLIER_TEMPLATE, path)
    made = make_forms(path, tmp_path / "out")
    assert made.forms == [] and made.blank is not None
    items = _form_items(made.blank)
    assert len(items) == 18
    for code, _, levels in items:
        assert levels == [(str(n), text) for n, text in enumerate(DEFAULT_LEVEL_DESCRIPTORS[code], start=1)]


def test_the_team_reports_annex_shows_the_indicators_sheets_descriptors(demo, tmp_path):
    from xl_tracker import generate_reports

    made = generate_reports(demo, tmp_path, members=None)
    document = docx.Document(made.team_report)
    texts = [p.text for p in document.paragraphs]
    assert "Annex: the scoring scale" in texts
    annex = {}
    for table in document.tables:
        if table.rows[0].cells[0].text == "Item":
            for row in table.rows[1:]:
                lines = [p.text for p in row.cells[1].paragraphs]
                annex[row.cells[0].text] = (lines[0], lines[1:])
    sheet = {r["Item code"]: (r["Item statement"], [f"{n}: {r[f'Level {n}']}" for n in range(1, 6)]) for r in _sheet_rows(demo, "Indicators")}
    assert annex == sheet


def test_a_scale_too_long_to_describe_gets_a_score_line(tmp_path):
    book = build_workbook(tmp_path / "book.xlsx", {}, {"Scale minimum": 0, "Scale maximum": 100})
    made = make_forms(book, tmp_path / "out")
    table = docx.Document(made.blank).tables[1]
    assert [r.cells[0].text for r in table.rows][1] == "Score (0 to 100): ________"


def test_cli_forms_and_its_messages(demo, tmp_path, capsys):
    assert main(["forms", str(demo), "-o", str(tmp_path / "f"), "--member", "M01", "--round", "midline"]) == 0
    assert capsys.readouterr().out.startswith("1 scoring form and a blank one written to")
    assert main(["forms", str(demo), "-o", str(tmp_path / "f"), "--round", "Final"]) == 2
    assert "no round Final in the Rounds setting (it has Baseline, Midline, Endline)" in capsys.readouterr().err
    assert main(["forms", str(demo), "-o", str(tmp_path / "f"), "--member", "M99"]) == 2
    assert "no member with ID M99 on the Members sheet" in capsys.readouterr().err


def test_every_part_of_a_form_is_valid_against_its_schema(baseline_forms):
    for path in (baseline_forms.forms[0], baseline_forms.blank):
        package = oc.Package.read(path)
        report = oc.validate_parts(package)
        assert report.problems == [] and not report.without_schema
        assert {"word/document.xml", "word/styles.xml", "word/header1.xml", "word/footer1.xml"} <= set(report.validated)
        assert oc.package_problems(path) == []


@pytest.mark.libreoffice
def test_every_demo_form_renders_in_libreoffice_to_four_pages(baseline_forms):
    from xl_tracker.reports.pdf import convert_to_pdf

    pdfs = convert_to_pdf(baseline_forms.files, baseline_forms.out_dir)
    assert len(pdfs) == len(baseline_forms.files) == len(baseline_forms.forms) + 1
    pages = {}
    for path in pdfs:
        data = path.read_bytes()
        pages[path.name] = len(re.findall(rb"/Type\s*/Page[^s]", data))
    # 18 items of 5 levels, each kept whole on a page: four A4 pages a form (measured; a layout change that
    # adds a page shows here)
    assert set(pages.values()) == {4}, pages
