"""Every part xl-tracker writes is valid against the standard (ISO/IEC 29500 schemas) and the package rules.

What is checked, with ``tests/ooxml_check.py``: the template (``new``, .xlsx
and .xlsm), the demo workbook after its refresh, a macro-enabled workbook
refreshed twice through the file path, the member and team Word reports of
the demo and the reports the ribbon's Generate reports button writes. The
ribbon's Refresh results writes through Excel (xlwings), not into a file:
Excel saves what it shows, so no part of ours reaches the file on that path;
the file-path refresh of the .xlsm stands for it. The corpus of Excel-made
workbooks is checked in ``tests/test_refresh_corpus.py``.

Then each rule is shown to fail on a part broken on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

import fake_xlwings
import ooxml_check as oc
from xl_tracker import excel
from xl_tracker.api import new_workbook
from xl_tracker.demo import run_demo
from xl_tracker.demo_data import SETTINGS, demo_rows
from xl_tracker.workbook_refresh import refresh
from xl_tracker.ribbon.build import build_macro_workbook

VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """Every kind of file xl-tracker writes, by a short name."""
    folder = tmp_path_factory.mktemp("written")
    demo = run_demo(folder / "demo")
    files = {
        "demo workbook after refresh": demo.workbook,
        "template .xlsx": new_workbook(folder / "new.xlsx"),
        "template .xlsm": new_workbook(folder / "new.xlsm"),
        "team report": next(p for p in demo.reports if p.name.startswith("Team")),
        "member report": next(p for p in demo.reports if p.name.startswith("M01")),
    }
    macro = build_macro_workbook(folder / "Tracker.xlsm", demo_rows(), SETTINGS)
    refresh(macro)
    refresh(macro)
    files[".xlsm refreshed twice (file path)"] = macro
    book = fake_xlwings.Book.from_file(macro)
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_xlwings.install(monkeypatch, book)
        monkeypatch.setattr(excel, "error_log_path", lambda: folder / "last-error.log")
        excel.reports()
    assert book.app.alerts[-1]["mode"] == "info", book.app.alerts[-1]["prompt"]
    ribbon_reports = sorted((folder / "Tracker reports").glob("*.docx"))
    files["ribbon member report"] = next(p for p in ribbon_reports if not p.name.startswith("Team"))
    files["ribbon team report"] = next(p for p in ribbon_reports if p.name.startswith("Team"))
    return files


WITHOUT_SCHEMA = {
    "template .xlsx": {VML},
    "template .xlsm": {VML},
}
"""Content types a file may hold that no vendored schema covers (the template's comment boxes); listed, never skipped quietly."""

NAMES = [
    "demo workbook after refresh", "template .xlsx", "template .xlsm", ".xlsm refreshed twice (file path)",
    "team report", "member report", "ribbon team report", "ribbon member report",
]


@pytest.mark.parametrize("name", NAMES)
def test_every_part_is_valid_against_its_schema(made, name):
    package = oc.Package.read(made[name])
    report = oc.validate_parts(package)
    assert report.problems == []
    xml_parts = {p for p in package.parts if oc.schema_for(package, p, package.relationship_types()) is not None}
    assert set(report.validated) | set(report.without_schema) == xml_parts
    assert set(report.without_schema.values()) == WITHOUT_SCHEMA.get(name, set())


@pytest.mark.parametrize("name", NAMES)
def test_the_package_keeps_the_rules_schemas_miss(made, name):
    assert oc.package_problems(made[name]) == []


def test_the_checks_see_the_parts_that_matter(made):
    """Guards against a check that passes by finding nothing: the demo has tables, a chart, app.xml titles and styles."""
    package = oc.Package.read(made["demo workbook after refresh"])
    validated = oc.validate_parts(package).validated
    for part in ("xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml", "docProps/app.xml", "xl/charts/chart1.xml",
                 "xl/drawings/drawing1.xml", "xl/tables/table17.xml", "xl/_rels/workbook.xml.rels"):
        assert part in validated
    worksheets = {p for _, p, _ in oc.sheets(package, "xl/workbook.xml")}
    assert len(worksheets) >= 20 and worksheets <= set(validated)
    scatters = [p for p, data in package.parts.items() if p.startswith("xl/charts/") and b"<c:scatterChart>" in data]
    assert len(scatters) == 2 and set(scatters) <= set(validated), "the Dashboard's scatter and the Run charts sheet's chart too"
    macro = oc.Package.read(made["template .xlsm"])
    assert "customUI/customUI14.xml" in oc.validate_parts(macro).validated
    report = oc.Package.read(made["member report"])
    assert {"word/document.xml", "word/styles.xml", "word/settings.xml", "word/header1.xml"} <= set(oc.validate_parts(report).validated)


# --- each rule fails on a part broken on purpose ---------------------------------------------


@pytest.fixture(scope="module")
def demo_parts(made) -> dict[str, bytes]:
    return oc.Package.read(made["demo workbook after refresh"]).parts


def broken(parts: dict[str, bytes], part: str, old: bytes | str, new: bytes | str, count: int = 1) -> oc.Package:
    """The demo package with one replacement made in one part (the replacement must apply)."""
    old = old.encode() if isinstance(old, str) else old
    new = new.encode() if isinstance(new, str) else new
    assert old in parts[part], f"{old!r} not in {part}"
    changed = dict(parts)
    changed[part] = parts[part].replace(old, new, count)
    return oc.Package.from_parts(changed)


def sheet_part(parts: dict[str, bytes], name: str) -> str:
    package = oc.Package.from_parts(parts)
    return next(p for n, p, _ in oc.sheets(package, "xl/workbook.xml") if n == name)


def table_part(parts: dict[str, bytes], name: str) -> str:
    return next(p for p, data in parts.items() if p.startswith("xl/tables/") and f'name="{name}"'.encode() in data)


def test_a_misplaced_worksheet_element_fails_the_schema(demo_parts):
    part = sheet_part(demo_parts, "Issues")
    package = broken(demo_parts, part, "<sheetData>", "<sheetData><c r=\"A1\"/>")
    assert any(part in p and "not expected" in p for p in oc.validate_parts(package, [part]).problems)


def test_a_wrong_attribute_value_fails_the_schema(demo_parts):
    part = sheet_part(demo_parts, "Team Results")
    package = broken(demo_parts, part, 'state="frozen"', 'state="iced"')
    assert any("iced" in p for p in oc.validate_parts(package, [part]).problems)


def test_a_part_whose_root_is_not_its_content_types_fails(demo_parts):
    changed = dict(demo_parts)
    changed["xl/styles.xml"] = demo_parts[sheet_part(demo_parts, "About")]
    problems = oc.validate_parts(oc.Package.from_parts(changed), ["xl/styles.xml"]).problems
    assert any("root element" in p for p in problems)


def test_a_content_type_without_a_schema_is_a_problem_not_a_skip(demo_parts):
    part = table_part(demo_parts, "tblIssues")
    package = broken(demo_parts, "[Content_Types].xml", f'PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"',
                     f'PartName="/{part}" ContentType="application/vnd.example.unknown+xml"')
    assert any("no schema is vendored" in p for p in oc.validate_parts(package, [part]).problems)


def test_markup_compatibility_drops_ignorable_and_picks_the_understood_choice():
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac">'
        '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>'
        '<mc:AlternateContent><mc:Choice Requires="x14ac"><x14ac:new/></mc:Choice>'
        '<mc:Fallback><sheetData/></mc:Fallback></mc:AlternateContent></worksheet>'
    )
    root = etree.fromstring(xml)
    assert oc.apply_markup_compatibility(root) == []
    assert oc.schema("sml").validate(etree.ElementTree(root)), oc.schema("sml").error_log
    assert [etree.QName(c).localname for c in root] == ["sheetFormatPr", "sheetData"]
    not_ignorable = etree.fromstring(xml.replace(' mc:Ignorable="x14ac"', ""))
    oc.apply_markup_compatibility(not_ignorable)
    assert not oc.schema("sml").validate(etree.ElementTree(not_ignorable)), "an attribute of a namespace nobody said to ignore"
    must = etree.fromstring(xml.replace('mc:Ignorable="x14ac"', 'mc:MustUnderstand="x14ac"'))
    assert oc.apply_markup_compatibility(must) != []


def test_a_table_ref_one_row_short_fails(demo_parts):
    part = table_part(demo_parts, "tblIssues")
    ref = re.search(rb'ref="A1:F(\d+)"', demo_parts[part])
    last = int(ref.group(1))
    package = broken(demo_parts, part, f'ref="A1:F{last}"', f'ref="A1:F{last - 1}"', count=2)
    assert any("is short" in p for p in oc.table_problems(package))


def test_a_table_ref_one_row_long_fails(demo_parts):
    part = table_part(demo_parts, "tblIssues")
    last = int(re.search(rb'ref="A1:F(\d+)"', demo_parts[part]).group(1))
    package = broken(demo_parts, part, f'ref="A1:F{last}"', f'ref="A1:F{last + 1}"', count=2)
    assert any("runs past the last data row" in p for p in oc.table_problems(package))


def test_a_table_ref_one_column_off_fails(demo_parts):
    part = table_part(demo_parts, "tblIssues")
    last = int(re.search(rb'ref="A1:F(\d+)"', demo_parts[part]).group(1))
    package = broken(demo_parts, part, f'ref="A1:F{last}"', f'ref="A1:G{last}"')
    assert any("spans 7 columns" in p for p in oc.table_problems(package))


def test_a_header_that_is_not_the_table_column_name_fails(demo_parts):
    part = table_part(demo_parts, "tblIssues")
    package = broken(demo_parts, part, 'name="Message"', 'name="Messages"')
    assert any("header row 1 reads" in p for p in oc.table_problems(package))


def test_two_tables_with_one_id_or_one_name_fail(demo_parts):
    first, second = table_part(demo_parts, "tblIssues"), table_part(demo_parts, "tblOverlaps")
    first_id = re.search(rb'<table [^>]*?\bid="(\d+)"', demo_parts[first]).group(1).decode()
    second_id = re.search(rb'<table [^>]*?\bid="(\d+)"', demo_parts[second]).group(1).decode()
    package = broken(demo_parts, first, f'id="{first_id}" name="tblIssues"', f'id="{second_id}" name="tblIssues"')
    assert any(f"table id {second_id}" in p for p in oc.table_identity_problems(package))
    package = broken(demo_parts, first, 'displayName="tblIssues"', 'displayName="TBLOVERLAPS"')
    assert any("table name" in p and "tbloverlaps" in p.lower() for p in oc.table_identity_problems(package))


def test_a_dangling_r_id_fails(demo_parts):
    part = sheet_part(demo_parts, "Issues")
    rid = re.search(rb'<tablePart r:id="(rId\d+)"', demo_parts[part]).group(1).decode()
    package = broken(demo_parts, part, f'<tablePart r:id="{rid}"', '<tablePart r:id="rId99"')
    assert any("rId99" in p and "has no relationship" in p for p in oc.relationship_problems(package))


def test_a_relationship_to_a_missing_part_fails(demo_parts):
    package = broken(demo_parts, "xl/_rels/workbook.xml.rels", 'Target="styles.xml"', 'Target="style.xml"')
    assert any("style.xml, which is not in the package" in p for p in oc.relationship_problems(package))


def test_a_part_without_a_content_type_fails(demo_parts):
    changed = dict(demo_parts)
    changed["xl/media/image1.png"] = b"\x89PNG\r\n\x1a\n"
    assert any("xl/media/image1.png has no content type" in p for p in oc.content_type_problems(oc.Package.from_parts(changed)))


def test_a_missing_override_leaves_a_part_with_the_wrong_content_type(demo_parts):
    """Without its Override a worksheet falls back to the xml Default (application/xml): a wrong type, not a covered part."""
    part = sheet_part(demo_parts, "Issues")
    ct = demo_parts["[Content_Types].xml"]
    override = re.search(rf'<Override PartName="/{re.escape(part)}" [^>]*/>'.encode(), ct).group(0)
    package = broken(demo_parts, "[Content_Types].xml", override, b"")
    assert any(part in p and "content type" in p for p in oc.content_type_problems(package))


def test_an_override_for_a_missing_part_fails(demo_parts):
    package = broken(demo_parts, "[Content_Types].xml", "<Override ", '<Override PartName="/xl/gone.xml" ContentType="application/xml"/><Override ')
    assert any("/xl/gone.xml" in p for p in oc.content_type_problems(package))


def test_app_properties_that_disagree_with_the_workbook_fail(demo_parts):
    package = broken(demo_parts, "docProps/app.xml", "<vt:lpstr>Issues</vt:lpstr>", "<vt:lpstr>Problems</vt:lpstr>")
    assert any("Worksheets lists" in p for p in oc.app_properties_problems(package))
    count = re.search(rb"<vt:i4>(\d+)</vt:i4>", demo_parts["docProps/app.xml"]).group(0)
    package = broken(demo_parts, "docProps/app.xml", count, b"<vt:i4>3</vt:i4>")
    assert any("HeadingPairs count" in p for p in oc.app_properties_problems(package))


def test_a_cell_style_out_of_range_fails(demo_parts):
    part = sheet_part(demo_parts, "Team Results")
    cell = re.search(rb'<row r="2"[^>]*><c(?: r="A2")? s="\d+"', demo_parts[part]).group(0)
    package = broken(demo_parts, part, cell, re.sub(rb's="\d+"', b's="9999"', cell))
    assert any("s=9999" in p for p in oc.style_problems(package))


def test_a_dxf_id_out_of_range_fails(demo_parts):
    """No output sheet has conditional formats today; one added with a dxfId past styles.xml's dxfs is caught."""
    part = sheet_part(demo_parts, "Team Results")
    rule = '<conditionalFormatting sqref="D2"><cfRule type="expression" dxfId="{}" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>'
    package = broken(demo_parts, part, "<pageMargins", rule.format(9999) + "<pageMargins")
    assert oc.validate_parts(package, [part]).problems == [], "the injected rule is valid XML in its place"
    assert any("dxfId=9999" in p for p in oc.style_problems(package))


def test_a_number_format_that_styles_xml_does_not_define_fails(demo_parts):
    package = broken(demo_parts, "xl/styles.xml", re.search(rb'<xf numFmtId="\d+"', demo_parts["xl/styles.xml"]).group(0), b'<xf numFmtId="400"')
    assert any("numFmtId 400" in p for p in oc.style_problems(package))
