"""Write the parts ``upgrade`` adds into a workbook package, changing nothing else.

What is added is decided above (:mod:`xl_tracker.upgrade`, from the
contract); how it looks is taken from a donor workbook the template builder
made. This module only writes it, in the words of the package:

* a missing sheet is copied from the donor (:mod:`sheet_copy`) and inserted
  after the sheet it follows in the contract; ``localSheetId`` of defined
  names and the active tab are moved along, so they keep pointing at the
  sheet they named;
* missing columns are appended on the right of their table, missing settings
  below the Settings table (:mod:`table_grow`);
* the shared parts change only by that: workbook.xml and its relationships,
  ``[Content_Types].xml``, styles.xml (appended formats), docProps/app.xml
  (sheet titles). Every other part is copied as its stored bytes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from xl_tracker.cells import column_letters, split_a1
from xl_tracker.errors import WorkbookError
from xl_tracker.ooxml import app_properties
from xl_tracker.ooxml.content_types import PART as CONTENT_TYPES
from xl_tracker.ooxml.content_types import ContentTypes
from xl_tracker.ooxml.namespaces import CT_TABLE, NS_MAIN, NS_REL, RT_EXTENDED_PROPERTIES, RT_TABLE, RT_WORKSHEET
from xl_tracker.ooxml.package import PackageReader, check_workbook_file, rels_part_for, safe_parser
from xl_tracker.ooxml.relationships import Relationships
from xl_tracker.ooxml.sheet_copy import Donor, copy_sheet, inline_cells
from xl_tracker.ooxml.style_import import StyleImporter
from xl_tracker.ooxml.table_grow import (
    Blocked, Box, NewCell, add_validation, check_empty, extend_dimension, grow_table, place_cells, set_column_look,
)
from xl_tracker.ooxml.workbook import WorkbookPart
from xl_tracker.ooxml.writer import PartNames, SharedParts, SourcePackage, WritePlan, write_plan

_M = f"{{{NS_MAIN}}}"
_RID = f"{{{NS_REL}}}id"


@dataclass(frozen=True)
class NewSheet:
    """A sheet to copy from the donor, placed after ``after`` (a sheet of the target; ``None``: before the first)."""

    name: str
    after: str | None


@dataclass(frozen=True)
class NewColumns:
    """Columns for the table ``table`` on the target's sheet ``sheet``; their looks from the donor's ``donor_sheet``.

    ``values`` fills some of the new cells: header -> {Excel row: text} (the
    default level descriptors of the items a workbook kept as shipped).
    """

    sheet: str
    table: str
    headers: tuple[str, ...]
    donor_sheet: str
    values: dict[str, dict[int, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class NewRows:
    """Rows of the donor's name/value sheet (Settings) whose first cell is one of ``names``, below the target's table."""

    sheet: str
    table: str
    names: tuple[str, ...]
    donor_sheet: str


@dataclass
class Additions:
    sheets: list[NewSheet] = field(default_factory=list)
    columns: list[NewColumns] = field(default_factory=list)
    rows: list[NewRows] = field(default_factory=list)
    validation_rows: int = 2000
    """Rows below a header that a new column's check covers (at least the table's own rows)."""


@dataclass
class Written:
    """What an upgrade wrote: what it added, what it could not add and why, which source parts changed."""

    sheets: list[str] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, list[str]] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)
    rewritten: frozenset[str] = frozenset()

    @property
    def changed(self) -> bool:
        return bool(self.sheets or self.columns or self.rows)


def _table_parts(package: SourcePackage, sheet_part: str) -> dict[str, str]:
    """Table name (casefolded) -> table part, of one sheet."""
    rels = package.rels_of(sheet_part)
    out = {}
    for part in (rels.targets(RT_TABLE) if rels is not None else {}).values():
        if package.has(part):
            table = etree.fromstring(package.read(part), parser=safe_parser())
            out[(table.get("name") or table.get("displayName") or "").casefold()] = part
    return out


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _DonorSheet:
    """A donor sheet prepared once: cells in the target's formats, its table's columns, widths and checks."""

    def __init__(self, donor: Donor, name: str, styles: StyleImporter):
        self.root = donor.sheet_xml(name)
        inline_cells(self.root, donor, styles)
        self.headers: dict[str, int] = {}
        for _rid, part in donor.tables_of(name):
            table = etree.fromstring(donor.package.read(part), parser=safe_parser())
            box = Box.parse(table.get("ref", ""))
            for n, col in enumerate(table.iter(_M + "tableColumn")):
                self.headers[col.get("name", "")] = box.left + n
        self.cells: dict[tuple[int, int], etree._Element] = {}
        for cell in self.root.iter(_M + "c"):
            r, c = split_a1(cell.get("r", ""))
            self.cells[(r, c)] = cell
        self.validations: dict[tuple[int, int], etree._Element] = {}
        for validation in self.root.iter(_M + "dataValidation"):
            first = (validation.get("sqref") or "").split()[0].split(":")[0]
            self.validations[split_a1(first)] = validation

    def col(self, column: int) -> etree._Element | None:
        n = column + 1
        return next((c for c in self.root.iter(_M + "col") if int(c.get("min", "0")) <= n <= int(c.get("max", "0"))), None)

    def row_of(self, first_cell_text: str) -> int | None:
        for (r, c), cell in self.cells.items():
            if c == 0 and "".join(cell.itertext()) == first_cell_text:
                return r
        return None


def _insert_sheet(workbook: WorkbookPart, name: str, rid: str, after: str | None) -> None:
    """A ``<sheet>`` after ``after``; sheet-indexed references at or beyond it move one along."""
    sheets = workbook.root.find(_M + "sheets")
    if sheets is None:
        raise WorkbookError(f"{workbook.part} has no sheet list xl-tracker can read: save it in Excel as 'Excel Workbook (.xlsx)' and upgrade again")
    entries = list(sheets.iter(_M + "sheet"))
    position = 0
    if after is not None:
        position = next((i + 1 for i, s in enumerate(entries) if s.get("name", "").casefold() == after.casefold()), len(entries))
    sheet_id = max((int(s.get("sheetId", "0")) for s in entries if s.get("sheetId", "").isdigit()), default=0) + 1
    el = etree.Element(_M + "sheet", name=name, sheetId=str(sheet_id))
    el.set(_RID, rid)
    sheets.insert(position, el)
    for defined in workbook.root.iter(_M + "definedName"):
        local = defined.get("localSheetId")
        if local is not None and local.isdigit() and int(local) >= position:
            defined.set("localSheetId", str(int(local) + 1))
    for view in workbook.root.iter(_M + "workbookView"):
        for attr in ("activeTab", "firstSheet"):
            value = view.get(attr)
            if value is not None and value.isdigit() and int(value) >= position and (attr != "firstSheet" or int(value) > position):
                view.set(attr, str(int(value) + 1))
    workbook.changed = True


def _add_defined_names(workbook: WorkbookPart, donor: Donor, copied_tables: set[str], local_sheets: dict[int, int]) -> None:
    """Donor names that point into the copied sheets (their lists, their print titles) and the target lacks."""
    names = workbook.root.find(_M + "definedNames")
    have = {((d.get("name") or "").casefold(), d.get("localSheetId")) for d in workbook.root.iter(_M + "definedName")}
    for defined in donor.workbook.iter(_M + "definedName"):
        local = defined.get("localSheetId")
        text = defined.text or ""
        if local is not None:
            if not local.isdigit() or int(local) not in local_sheets:
                continue
            target_local: str | None = str(local_sheets[int(local)])
        else:
            table = text.split("[", 1)[0].casefold()
            if "[" not in text or table not in copied_tables:
                continue
            target_local = None
        if ((defined.get("name") or "").casefold(), target_local) in have:
            continue
        if names is None:
            names = etree.Element(_M + "definedNames")
            anchor = next(el for tag in ("externalReferences", "functionGroups", "sheets") if (el := workbook.root.find(_M + tag)) is not None)
            anchor.addnext(names)
        el = copy.deepcopy(defined)
        if target_local is not None:
            el.set("localSheetId", target_local)
        names.append(el)
        workbook.changed = True


def write_upgrade(source: Path, donor_path: Path, target: Path, additions: Additions, shown_as: str | Path | None = None) -> Written:
    """Write ``source`` with ``additions`` to ``target`` (another path); returns what was written (messages name ``shown_as``)."""
    if Path(source).resolve() == Path(target).resolve():
        raise ValueError("write_upgrade writes a new file; safe_write replaces the original")
    check_workbook_file(source, shown_as)
    package = SourcePackage(Path(source), shown_as)
    donor = Donor(PackageReader(Path(donor_path)))
    try:
        return _write(package, donor, Path(target), additions)
    finally:
        package.close()
        donor.package.close()


def _write(package: SourcePackage, donor: Donor, target: Path, additions: Additions) -> Written:
    written = Written()
    plan = WritePlan()
    wb_part = package.workbook_part()
    workbook = WorkbookPart(wb_part, package.read(wb_part))
    content_types = ContentTypes(package.read(CONTENT_TYPES))
    wb_rels_part = rels_part_for(wb_part)
    wb_rels = package.rels.get(wb_rels_part) or Relationships(wb_rels_part, None)
    names = PartNames(set(package.by_name))
    shared = SharedParts.open(package, names, workbook, wb_rels, content_types)
    styles = shared.styles
    importer = StyleImporter(styles, donor.styles)
    worksheets = {e.name: wb_rels.targets(RT_WORKSHEET).get(e.rid) for e in workbook.sheets()}
    titles_before = [e.name for e in workbook.sheets() if worksheets.get(e.name) and e.state != "veryHidden"]

    table_ids: set[int] = set()
    taken = set(workbook.defined_names())
    for part in package.by_name:
        if part.startswith("xl/tables/") and content_types.content_type(part) == CT_TABLE:
            table = etree.fromstring(package.read(part), parser=safe_parser())
            if table.get("id", "").isdigit():
                table_ids.add(int(table.get("id")))
            taken.update(n.casefold() for n in (table.get("name"), table.get("displayName")) if n)

    donor_sheets: dict[str, _DonorSheet] = {}

    def prepared(name: str) -> _DonorSheet:
        if name not in donor_sheets:
            donor_sheets[name] = _DonorSheet(donor, name, importer)
        return donor_sheets[name]

    # New sheets.
    copied_tables: set[str] = set()
    existing = {e.name.casefold(): e.name for e in workbook.sheets()}
    for new in additions.sheets:
        if new.name.casefold() in existing:  # a chart or dialog sheet the reader does not read: two sheets of one name break the file
            written.blocked.append(
                f"the sheet {new.name}: the workbook already has a sheet named '{existing[new.name.casefold()]}' that is not "
                f"a worksheet (a chart sheet?); rename it and upgrade again"
            )
            continue
        copied = copy_sheet(donor, new.name, importer, names.new, table_ids, taken)
        plan.new_parts.update(copied.parts)
        for part, ctype in copied.content_types.items():
            content_types.set(part, ctype)
        rid = wb_rels.add(RT_WORKSHEET, copied.sheet_part)
        _insert_sheet(workbook, new.name, rid, new.after)
        copied_tables.update(t.casefold() for t in copied.table_names)
        written.sheets.append(new.name)
    if written.sheets:
        order = [s.get("name") for s in workbook.root.find(_M + "sheets").iter(_M + "sheet")]
        local = {donor.sheet_index(name): order.index(name) for name in written.sheets}
        _add_defined_names(workbook, donor, copied_tables, local)

    # New columns and rows, sheet by sheet: one parse and one write of each user sheet touched.
    edits: dict[str, tuple[str, etree._Element, dict[str, tuple[str, etree._Element]]]] = {}

    def open_sheet(sheet: str) -> tuple[str, etree._Element, dict[str, tuple[str, etree._Element]]]:
        if sheet not in edits:
            part = worksheets.get(sheet)
            if part is None or not package.has(part):
                raise Blocked(f"the sheet '{sheet}' is not a worksheet xl-tracker can add to")
            tables = {n: (p, etree.fromstring(package.read(p), parser=safe_parser())) for n, p in _table_parts(package, part).items()}
            edits[sheet] = (part, etree.fromstring(package.read(part), parser=safe_parser()), tables)
        return edits[sheet]

    changed_sheets: set[str] = set()
    changed_tables: set[str] = set()
    for new in additions.columns:
        try:
            part, root, tables = open_sheet(new.sheet)
            if new.table.casefold() not in tables:
                raise Blocked(f"the sheet '{new.sheet}' has no Excel Table {new.table}: add the columns {', '.join(new.headers)} yourself")
            table_part, table = tables[new.table.casefold()]
            if table.get("headerRowCount") == "0":
                raise Blocked(f"the table {new.table} on '{new.sheet}' has no header row: turn it on in Excel and upgrade again")
            box = Box.parse(table.get("ref", ""))
            strip = Box(box.top, box.right + 1, box.bottom, box.right + len(new.headers))
            others = [Box.parse(t.get("ref", "")) for n, (_p, t) in tables.items() if n != new.table.casefold()]
            check_empty(root, strip, others, new.sheet, f"the new column{'s' if len(new.headers) > 1 else ''} {', '.join(new.headers)} of {new.table}")
        except Blocked as exc:
            written.blocked.append(str(exc))
            continue
        source_sheet = prepared(new.donor_sheet)
        header_cell = next((c for c in root.iter(_M + "c") if c.get("r") == f"{column_letters(box.right)}{box.top}"), None)
        cells = []
        for n, header in enumerate(new.headers):
            column = box.right + 1 + n
            donor_column = source_sheet.headers.get(header)
            if header_cell is not None:
                el = etree.Element(_M + "c")
                if header_cell.get("s"):
                    el.set("s", header_cell.get("s"))
            else:
                el = copy.deepcopy(source_sheet.cells.get((1, donor_column), etree.Element(_M + "c")))
                for sub in list(el):
                    el.remove(sub)
            el.set("t", "inlineStr")
            etree.SubElement(etree.SubElement(el, _M + "is"), _M + "t").text = header
            cells.append(NewCell(column, el))
            if donor_column is not None:
                set_column_look(root, column, source_sheet.col(donor_column))
                below = Box(box.top + 1, column, max(box.bottom, box.top + additions.validation_rows), column)
                add_validation(root, source_sheet.validations.get((2, donor_column)), below)
        place_cells(root, box.top, cells)
        for n, header in enumerate(new.headers):
            for number, text in sorted(new.values.get(header, {}).items()):
                if box.top < number <= box.bottom and text:
                    el = etree.Element(_M + "c", t="inlineStr")
                    etree.SubElement(etree.SubElement(el, _M + "is"), _M + "t").text = text
                    place_cells(root, number, [NewCell(box.right + 1 + n, el)])
        extend_dimension(root, Box(box.top, strip.left, box.top, strip.right))
        grow_table(table, headers=new.headers)
        changed_sheets.add(new.sheet)
        changed_tables.add(table_part)
        written.columns.setdefault(new.sheet, []).extend(new.headers)

    for new in additions.rows:
        try:
            part, root, tables = open_sheet(new.sheet)
            if new.table.casefold() not in tables:
                raise Blocked(f"the sheet '{new.sheet}' has no Excel Table {new.table}: add the rows {', '.join(new.names)} yourself")
            table_part, table = tables[new.table.casefold()]
            box = Box.parse(table.get("ref", ""))
            source_sheet = prepared(new.donor_sheet)
            donor_rows = [(name, source_sheet.row_of(name)) for name in new.names]
            donor_rows = [(name, r) for name, r in donor_rows if r is not None]
            width = max((c for (r, c) in source_sheet.cells if r in {r for _n, r in donor_rows}), default=box.right - box.left)
            strip = Box(box.bottom + 1, box.left, box.bottom + len(donor_rows), max(box.right, box.left + width))
            others = [Box.parse(t.get("ref", "")) for n, (_p, t) in tables.items() if n != new.table.casefold()]
            check_empty(root, strip, others, new.sheet, f"the new setting{'s' if len(donor_rows) > 1 else ''} {', '.join(n for n, _r in donor_rows)}")
        except Blocked as exc:
            written.blocked.append(str(exc))
            continue
        for n, (name, donor_row) in enumerate(donor_rows, start=1):
            number = box.bottom + n
            cells = [NewCell(box.left + c, cell) for (r, c), cell in source_sheet.cells.items() if r == donor_row]
            place_cells(root, number, cells)
            for c in range(0, width + 1):
                add_validation(root, source_sheet.validations.get((donor_row, c)), Box(number, box.left + c, number, box.left + c))
            written.rows.setdefault(new.sheet, []).append(name)
        extend_dimension(root, strip)
        grow_table(table, rows=len(donor_rows))
        changed_sheets.add(new.sheet)
        changed_tables.add(table_part)

    for sheet in changed_sheets:
        part, root, tables = edits[sheet]
        plan.new_parts[part] = _xml(root)
        for table_part, table in tables.values():
            if table_part in changed_tables:
                plan.new_parts[table_part] = _xml(table)

    if not written.changed:
        return written
    if written.sheets:
        app_part = next(iter((package.rels.get("_rels/.rels") or Relationships("_rels/.rels", None)).targets(RT_EXTENDED_PROPERTIES).values()), None)
        if app_part and package.has(app_part):
            worksheets_after = [s.get("name") for s in workbook.root.find(_M + "sheets").iter(_M + "sheet")
                                if s.get("state") != "veryHidden" and (s.get("name") in written.sheets or s.get("name") in titles_before)]
            updated = app_properties.set_sheet_titles(package.read(app_part), titles_before, worksheets_after)
            if updated is not None:
                plan.new_parts[app_part] = updated
    shared.into(plan)
    write_plan(package, target, plan)
    written.rewritten = frozenset(p for p in package.by_name if p in plan.new_parts)
    return written


__all__ = ["Additions", "NewColumns", "NewRows", "NewSheet", "Written", "write_upgrade"]
