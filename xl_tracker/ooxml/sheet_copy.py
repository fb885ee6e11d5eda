"""Copy a worksheet, with its tables, from a donor workbook into another package.

``upgrade`` adds an input sheet a workbook lacks by copying it from a
workbook the template builder made from the contract (the donor), so the new
sheet has exactly what ``xl-tracker new`` gives it: headers, Excel Table,
column widths, dropdowns, input messages, checks. What ties the copy to the
donor is rewritten for the target: cell formats (:mod:`style_import`),
shared strings (written as inline strings, so ``sharedStrings.xml`` is not
touched), table ids and names, and part names.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from xl_tracker.errors import WorkbookError
from xl_tracker.ooxml.namespaces import NS_MAIN, NS_PKG_REL, NS_REL, RT_SHARED_STRINGS, RT_TABLE
from xl_tracker.ooxml.package import PackageReader, rels_part_for, resolve_target, safe_parser
from xl_tracker.ooxml.relationships import relative_target
from xl_tracker.ooxml.style_import import StyleImporter

_M = f"{{{NS_MAIN}}}"
_RID = f"{{{NS_REL}}}id"
_TABLE_DXF_ATTRS = ("headerRowDxfId", "dataDxfId", "totalsRowDxfId", "headerRowBorderDxfId", "tableBorderDxfId", "totalsRowBorderDxfId")


@dataclass
class CopiedSheet:
    """The parts one copied sheet adds: name -> bytes, content types, and the sheet's own relationships."""

    name: str
    sheet_part: str
    parts: dict[str, bytes] = field(default_factory=dict)
    content_types: dict[str, str] = field(default_factory=dict)
    table_names: list[str] = field(default_factory=list)


class Donor:
    """A workbook built from the contract, read once: its sheets, shared strings, styles and content types."""

    def __init__(self, package: PackageReader):
        self.package = package
        self.sheet_parts = package.worksheet_parts()
        self.workbook_part = package.workbook_part()
        wb_rels = etree.fromstring(package.read(rels_part_for(self.workbook_part)), parser=safe_parser())
        self.strings: list[etree._Element] = []
        styles_part = None
        for rel in wb_rels.iter(f"{{{NS_PKG_REL}}}Relationship"):
            target = resolve_target(self.workbook_part, rel.get("Target", ""))
            if rel.get("Type") == RT_SHARED_STRINGS:
                self.strings = [si for si in etree.fromstring(package.read(target), parser=safe_parser()) if isinstance(si.tag, str)]
            elif rel.get("Type", "").endswith("/styles"):
                styles_part = target
        self.styles = package.read(styles_part) if styles_part else b""
        types = etree.fromstring(package.read("[Content_Types].xml"), parser=safe_parser())
        self.overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in types if o.get("PartName")}
        self.workbook = etree.fromstring(package.read(self.workbook_part), parser=safe_parser())

    def sheet_index(self, name: str) -> int:
        return list(self.sheet_parts).index(name)

    def sheet_xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.package.read(self.sheet_parts[name]), parser=safe_parser())

    def tables_of(self, name: str) -> list[tuple[str, str]]:
        """(relationship id, table part) of every table on the donor's sheet."""
        part = self.sheet_parts[name]
        rels_part = rels_part_for(part)
        if not self.package.has(rels_part):
            return []
        rels = etree.fromstring(self.package.read(rels_part), parser=safe_parser())
        return [(r.get("Id"), resolve_target(part, r.get("Target", ""))) for r in rels.iter(f"{{{NS_PKG_REL}}}Relationship")
                if r.get("TargetMode") != "External"]


def _relationships(donor: Donor, part: str) -> list:
    rels_part = rels_part_for(part)
    if not donor.package.has(rels_part):
        return []
    return [r for r in etree.fromstring(donor.package.read(rels_part), parser=safe_parser()) if isinstance(r.tag, str)]


def inline_cells(sheet: etree._Element, donor: Donor, styles: StyleImporter) -> None:
    """Shared-string cells become inline strings and every format index becomes the target's, in place."""
    for cell in sheet.iter(_M + "c"):
        if cell.get("s"):
            new = styles.xf(int(cell.get("s")))
            if new:
                cell.set("s", str(new))
            else:
                del cell.attrib["s"]
        if cell.get("t") == "s":
            value = cell.find(_M + "v")
            si = donor.strings[int(value.text)]
            cell.remove(value)
            cell.set("t", "inlineStr")
            inline = etree.SubElement(cell, _M + "is")
            for child in si:
                inline.append(copy.deepcopy(child))
    for row in sheet.iter(_M + "row"):
        if row.get("s"):
            row.set("s", str(styles.xf(int(row.get("s")))))
    for col in sheet.iter(_M + "col"):
        if col.get("style"):
            new = styles.xf(int(col.get("style")))
            if new:
                col.set("style", str(new))
            else:
                del col.attrib["style"]
    for rule in sheet.iter(_M + "cfRule"):
        if rule.get("dxfId") is not None:
            rule.set("dxfId", str(styles.dxf(int(rule.get("dxfId")))))
    for view in sheet.iter(_M + "sheetView"):
        view.attrib.pop("tabSelected", None)


def copy_sheet(
    donor: Donor,
    name: str,
    styles: StyleImporter,
    new_part: Callable[[str], str],
    table_ids: set[int],
    taken_names: set[str],
) -> CopiedSheet:
    """The parts that put the donor's sheet ``name`` into the target.

    ``new_part(pattern)`` gives a free part name in the target;
    ``table_ids`` and ``taken_names`` (casefolded table and defined names)
    are the target's, updated here.
    """
    sheet = donor.sheet_xml(name)
    inline_cells(sheet, donor, styles)
    sheet_part = new_part("xl/worksheets/sheet{}.xml")
    copied = CopiedSheet(name, sheet_part)
    rels_root = etree.Element(f"{{{NS_PKG_REL}}}Relationships", nsmap={None: NS_PKG_REL})
    donor_rels = {r.get("Id"): r for r in _relationships(donor, donor.sheet_parts[name])}
    for rid, part in donor.tables_of(name):
        rel_type = donor_rels[rid].get("Type", "")
        if donor_rels[rid].get("TargetMode") == "External" or not donor.package.has(part) or donor.package.has(rels_part_for(part)):
            continue  # the template's input sheets hold tables only; nothing else is copied
        data = donor.package.read(part)
        if rel_type == RT_TABLE:
            table = etree.fromstring(data, parser=safe_parser())
            table_name = table.get("name") or ""
            if table_name.casefold() in taken_names:
                raise WorkbookError(
                    f"the name {table_name} that the new sheet '{name}' needs for its table is already used in this workbook: "
                    "rename that table or named range, and upgrade again"
                )
            taken_names.add(table_name.casefold())
            copied.table_names.append(table_name)
            new_id = max(table_ids, default=0) + 1
            table_ids.add(new_id)
            table.set("id", str(new_id))
            for el in table.iter():
                for attr in _TABLE_DXF_ATTRS:
                    if el.get(attr) is not None:
                        el.set(attr, str(styles.dxf(int(el.get(attr)))))
            data = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
            target = new_part("xl/tables/table{}.xml")
        else:
            directory, _, file_name = part.rpartition("/")
            stem, dot, ext = file_name.rpartition(".")
            target = new_part(f"{directory}/{stem.rstrip('0123456789')}{{}}{dot}{ext}")
        etree.SubElement(rels_root, f"{{{NS_PKG_REL}}}Relationship", Id=rid, Type=rel_type, Target=relative_target(sheet_part, target))
        copied.parts[target] = data
        if part in donor.overrides:
            copied.content_types[target] = donor.overrides[part]
    copied.parts[sheet_part] = etree.tostring(sheet, xml_declaration=True, encoding="UTF-8", standalone=True)
    copied.content_types[sheet_part] = donor.overrides[donor.sheet_parts[name]]
    if len(rels_root):
        copied.parts[rels_part_for(sheet_part)] = etree.tostring(rels_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return copied


__all__ = ["CopiedSheet", "Donor", "copy_sheet", "inline_cells"]
