"""Write output sheets into a workbook file at the package level, changing nothing else.

The plan of one write, in the words of the OPC package:

* every zip entry that is not an output sheet's own part is copied as its
  stored bytes (:mod:`xl_tracker.ooxml.zip_copy`);
* an output sheet's own parts are its worksheet part and the parts reachable
  only from it (tables, drawings, charts, comments, VML, printer settings):
  they are removed and written fresh; a sheet that exists keeps its
  worksheet part name, sheetId, r:id and position, a new one is appended;
* the shared parts change only by what belongs to the output sheets:
  workbook.xml and its relationships (new sheets), [Content_Types].xml
  (overrides of removed and new parts), styles.xml (appended formats),
  docProps/app.xml (sheet titles), calcChain.xml (entries of output sheets).

Reading the source never changes it; the caller decides where the target
goes (:mod:`xl_tracker.safe_write` writes it beside the original first).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from xl_tracker.errors import WorkbookError
from xl_tracker.ooxml import app_properties, calc_chain
from xl_tracker.ooxml.chart import chart_xml
from xl_tracker.ooxml.content_types import PART as CONTENT_TYPES
from xl_tracker.ooxml.content_types import ContentTypes
from xl_tracker.ooxml.custom_ui import CT_XML, CUSTOM_UI_PART, RT_UI_EXTENSIBILITY
from xl_tracker.ooxml.drawing import drawing_xml
from xl_tracker.ooxml.namespaces import (
    CT_CHART, CT_DRAWING, CT_STYLES, CT_TABLE, CT_WORKSHEET, RT_CALC_CHAIN, RT_CHART, RT_DRAWING,
    RT_EXTENDED_PROPERTIES, RT_STYLES, RT_TABLE, RT_WORKSHEET,
)
from xl_tracker.ooxml.package import PackageReader, PartData, check_workbook_file, rels_part_for, resolve_target, write_package
from xl_tracker.ooxml.relationships import Relationships, new_relationships_xml, relative_target
from xl_tracker.ooxml.styles import StyleBook
from xl_tracker.ooxml.table import table_xml
from xl_tracker.ooxml.workbook import WorkbookPart
from xl_tracker.ooxml.worksheet import worksheet_xml
from xl_tracker.ooxml.zip_copy import Deflated, deflate
from xl_tracker.outputs.model import TABLE_STYLE, AnySheet, PendingSheet, built_sheet, print_names

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

DEFLATE_AHEAD_FROM = 64 * 1024
"""Worksheet parts at least this large are deflated in a thread while the writer builds the next part."""

_REFERENCE = re.compile(r"&(lt|gt|quot|apos|amp|#[0-9]+|#x[0-9A-Fa-f]+);")
_ENTITIES = {"lt": "<", "gt": ">", "quot": '"', "apos": "'", "amp": "&"}


def attribute_text(raw: str) -> str:
    """An attribute value as an XML parser reads it: the five entities and character references replaced, in one pass.

    Here rather than ``xml.sax.saxutils.unescape``: importing that module
    imports ``urllib.request`` and ``http.client``, about 30 ms of every
    refresh's start for one code name.
    """
    return _REFERENCE.sub(lambda m: _ENTITIES.get(m[1]) or chr(int(m[1][2:], 16) if m[1][1] == "x" else int(m[1][1:])), raw)


_CODE_NAME = re.compile(rb"<(?:\w+:)?sheetPr\b[^>]*?\scodeName=\"([^\"]*)\"")
_TABLE_ID = re.compile(rb"<(?:\w+:)?table\b[^>]*?\sid=\"(\d+)\"")
_TABLE_NAME = re.compile(rb"<(?:\w+:)?table\b[^>]*?\s(?:name|displayName)=\"([^\"]*)\"")


class PackageOutputWriter:
    """The file implementation of :class:`~xl_tracker.outputs.model.OutputWriter`: reads ``source``, writes ``target``."""

    def __init__(self, source: str | Path, target: str | Path, shown_as: str | Path | None = None):
        self.source = Path(source)
        self.target = Path(target)
        self.shown_as = shown_as
        """How messages name the source (a refresh reads a snapshot of the user's workbook)."""

    rewritten: frozenset[str] = frozenset()
    """Parts of the source the last write changed or removed (every other part is byte-identical)."""
    deflated: Mapping[str, tuple[bytes, Deflated]] = MappingProxyType({})
    """Part -> (its bytes, their deflated entry) of the last write's large parts, for the check that reads the file back."""

    def write_sheets(self, sheets: Sequence[AnySheet]) -> None:
        deflated: dict[str, tuple[bytes, Deflated]] = {}
        self.rewritten = write_output_sheets(self.source, self.target, sheets, keep=deflated, shown_as=self.shown_as)
        self.deflated = deflated


class SourcePackage(PackageReader):
    """The source package as read once: entries, bytes on demand, relationships of every part parsed up front."""

    def __init__(self, path: Path, shown_as: str | Path | None = None):
        super().__init__(path, shown_as)
        self.by_name = {i.filename: i for i in self.infos}
        self.rels: dict[str, Relationships] = {}
        for info in self.infos:
            if info.filename.endswith(".rels"):
                try:
                    self.rels[info.filename] = Relationships(info.filename, self.read(info.filename))
                except Exception as exc:  # lxml raises its own syntax errors
                    raise WorkbookError(f"{self.label} is damaged: its part {info.filename} cannot be read ({exc})") from None

    def read(self, part: str) -> bytes:
        if part not in self.by_name:
            raise WorkbookError(f"{self.label} is damaged: its part {part} is missing")
        return super().read(part)

    def rels_of(self, part: str) -> Relationships | None:
        return self.rels.get(rels_part_for(part))


def owned_parts(package: SourcePackage, sheet_part: str) -> set[str]:
    """The sheet's part and every part reachable from it that no other part points at."""
    incoming: dict[str, set[str]] = {}
    for rels in package.rels.values():
        for target in rels.targets().values():
            incoming.setdefault(target, set()).add(rels.source)
    owned = {sheet_part}
    frontier = [sheet_part]
    while frontier:
        part = frontier.pop()
        rels = package.rels_of(part)
        if rels is None:
            continue
        for target in rels.targets().values():
            if target in owned or not package.has(target):
                continue
            if incoming.get(target, set()) <= owned:
                owned.add(target)
                frontier.append(target)
    changed = True
    while changed:  # a part shared by two owned parts is owned once both are
        changed = False
        for part in list(owned):
            rels = package.rels_of(part)
            if rels is None:
                continue
            for target in rels.targets().values():
                if target not in owned and package.has(target) and incoming.get(target, set()) <= owned:
                    owned.add(target)
                    changed = True
    return owned


class PartNames:
    """Free part names: ``xl/tables/table{n}.xml`` with the smallest n not taken."""

    def __init__(self, taken: set[str]):
        self.taken = {t.casefold() for t in taken}

    def new(self, pattern: str) -> str:
        n = 1
        while pattern.format(n).casefold() in self.taken:
            n += 1
        name = pattern.format(n)
        self.taken.add(name.casefold())
        return name


def write_output_sheets(
    source: Path, target: Path, sheets: Sequence[AnySheet], keep: dict[str, tuple[bytes, Deflated]] | None = None,
    shown_as: str | Path | None = None,
) -> frozenset[str]:
    """Write ``source`` with ``sheets`` (re)written into it to ``target`` (a different path).

    Returns the names of the source's parts that were changed or removed.
    ``keep`` receives each large part's bytes and deflated entry
    (:meth:`WritePlan.add_large`), so that the file can be checked against
    them without inflating tens of MB again (:func:`xl_tracker.outputs.verify.verify_written`).
    Messages name the source ``shown_as`` when given (a refresh writes from a snapshot).
    """
    source, target = Path(source), Path(target)
    if source.resolve() == target.resolve():
        raise ValueError("write_output_sheets writes a new file; safe_write replaces the original")
    from concurrent.futures import ThreadPoolExecutor

    check_workbook_file(source, shown_as)
    package = SourcePackage(source, shown_as)
    # One thread deflates each large worksheet part while the next one is built (zlib lets go of the GIL).
    deflater = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xl-tracker-deflate")
    try:
        plan = _plan(package, sheets, WritePlan(deflater))
        write_plan(package, target, plan)
        if keep is not None:
            keep.update((part, (plan.new_parts[part], ahead.result())) for part, ahead in plan.deflated.items())
        return frozenset(p for p in package.by_name if p in plan.removed or p in plan.new_parts)
    finally:
        deflater.shutdown(wait=True, cancel_futures=True)
        package.close()


class WritePlan:
    """What a write changes: new or rewritten parts (by name), and the parts removed; every other part is copied."""

    def __init__(self, deflater: Executor | None = None) -> None:
        self.new_parts: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self.deflated: dict[str, Future[Deflated]] = {}
        self._deflater = deflater

    def add_large(self, part: str, data: bytes) -> None:
        """A new part worth deflating ahead, in the deflater's thread, while the writer goes on."""
        self.new_parts[part] = data
        if self._deflater is not None and len(data) >= DEFLATE_AHEAD_FROM:
            self.deflated[part] = self._deflater.submit(deflate, data)

    def entry(self, part: str) -> bytes | Deflated:
        """What the zip writer adds for a new part: its bytes, or their deflated form when it was deflated ahead."""
        ahead = self.deflated.get(part)
        return ahead.result() if ahead is not None else self.new_parts[part]


def _plan(package: SourcePackage, sheets: Sequence[AnySheet], plan: WritePlan) -> WritePlan:
    from lxml import etree

    root_rels = package.rels.get("_rels/.rels")
    wb_part = "xl/workbook.xml"
    if root_rels is not None:
        for rel in root_rels:
            if rel.get("Type", "").endswith("/officeDocument"):
                wb_part = resolve_target("", rel.get("Target", ""))
    if not package.has(wb_part):
        raise WorkbookError(f"{package.label} has no workbook part {wb_part}")
    try:
        workbook = WorkbookPart(wb_part, package.read(wb_part))
        content_types = ContentTypes(package.read(CONTENT_TYPES))
    except etree.XMLSyntaxError as exc:
        raise WorkbookError(f"{package.label} is damaged: {exc}") from None
    if root_rels is not None and package.has(CUSTOM_UI_PART) and not root_rels.targets(RT_UI_EXTENSIBILITY):
        # The ribbon survives other tools' saves: openpyxl (keep_vba=True) keeps the part but drops its relationship.
        root_rels.add(RT_UI_EXTENSIBILITY, CUSTOM_UI_PART)
        plan.new_parts[root_rels.part] = root_rels.to_bytes()
        if content_types.content_type(CUSTOM_UI_PART) is None:
            content_types.set(CUSTOM_UI_PART, CT_XML)
    wb_rels_part = rels_part_for(wb_part)
    wb_rels = package.rels.get(wb_rels_part) or Relationships(wb_rels_part, None)
    worksheet_targets = wb_rels.targets(RT_WORKSHEET)
    entries = workbook.sheets()
    existing = {e.name.casefold(): e for e in entries}
    # Excel leaves very hidden sheets out of app.xml's titles; so does the match that finds where to add ours.
    worksheet_names = [e.name for e in entries if e.rid in worksheet_targets and e.state != "veryHidden"]

    # Which sheets exist, which parts they own now.
    replaced: dict[str, str] = {}
    code_names: dict[str, str] = {}
    replaced_ids: set[int] = set()
    for content in sheets:
        entry = existing.get(content.name.casefold())
        if entry is None:
            continue
        part = worksheet_targets.get(entry.rid)
        if part is None:
            raise WorkbookError(
                f"{package.label}: the sheet '{entry.name}' is not a worksheet (a chart sheet?), but xl-tracker writes "
                f"its results there: rename that sheet and refresh again"
            )
        replaced[content.name] = part
        replaced_ids.add(entry.sheet_id)
        if package.has(part) and (m := _CODE_NAME.search(package.read(part)[:8192])):
            code_names[content.name] = attribute_text(m.group(1).decode("utf-8"))
        for owned in owned_parts(package, part):
            if owned != part:
                plan.removed.add(owned)
            if package.has(rels_part_for(owned)):
                plan.removed.add(rels_part_for(owned))

    names = PartNames({n for n in package.by_name if n not in plan.removed})
    for part in replaced.values():
        names.taken.add(part.casefold())

    shared = SharedParts.open(package, names, workbook, wb_rels, content_types)
    styles = shared.styles

    # Table IDs and names already used by the tables that stay.
    used_ids: set[int] = set()
    used_names = set(workbook.defined_names())
    for part in package.by_name:
        if part in plan.removed or not part.startswith("xl/tables/") or content_types.content_type(part) != CT_TABLE:
            continue
        head = package.read(part)[:4096]
        if m := _TABLE_ID.search(head):
            used_ids.add(int(m.group(1)))
        used_names.update(n.decode("utf-8", "replace").casefold() for n in _TABLE_NAME.findall(head))

    # Every sheet is placed first, in the given order; then each is built, pending ones last (PendingSheet).
    new_sheet_names = []
    sheet_parts: list[str] = []
    for placed in sheets:
        sheet_part = replaced.get(placed.name)
        if sheet_part is None:
            sheet_part = names.new("xl/worksheets/sheet{}.xml")
            rid = wb_rels.add(RT_WORKSHEET, sheet_part)
            workbook.add_sheet(placed.name, rid)
            new_sheet_names.append(placed.name)
        sheet_parts.append(sheet_part)
        content_types.set(sheet_part, CT_WORKSHEET)
    for k in sorted(range(len(sheets)), key=lambda k: isinstance(sheets[k], PendingSheet)):  # stable: pending ones last
        content = built_sheet(sheets[k])
        sheet_part = sheet_parts[k]
        sheet_rels: list[tuple[str, str, str]] = []
        drawing_rid = None
        if content.charts:
            drawing_part = names.new("xl/drawings/drawing{}.xml")
            drawing_rid = f"rId{len(sheet_rels) + 1}"
            sheet_rels.append((drawing_rid, RT_DRAWING, relative_target(sheet_part, drawing_part)))
            chart_refs = []
            drawing_rels = []
            for chart in content.charts:
                chart_part = names.new("xl/charts/chart{}.xml")
                chart_rid = f"rId{len(drawing_rels) + 1}"
                drawing_rels.append((chart_rid, RT_CHART, relative_target(drawing_part, chart_part)))
                chart_refs.append((chart, chart_rid))
                plan.new_parts[chart_part] = chart_xml(chart, content)
                content_types.set(chart_part, CT_CHART)
            plan.new_parts[drawing_part] = drawing_xml(chart_refs)
            plan.new_parts[rels_part_for(drawing_part)] = new_relationships_xml(drawing_rels)
            content_types.set(drawing_part, CT_DRAWING)
        table_rids = []
        if content.table and content.headers:
            table_part = names.new("xl/tables/table{}.xml")
            table_id = max(used_ids, default=0) + 1
            used_ids.add(table_id)
            table_name = content.table
            n = 2
            while table_name.casefold() in used_names:
                table_name = f"{content.table}{n}"
                n += 1
            used_names.add(table_name.casefold())
            rid = f"rId{len(sheet_rels) + 1}"
            sheet_rels.append((rid, RT_TABLE, relative_target(sheet_part, table_part)))
            table_rids.append(rid)
            plan.new_parts[table_part] = table_xml(table_id, table_name, content.headers, len(content.rows), TABLE_STYLE)
            content_types.set(table_part, CT_TABLE)
        plan.add_large(sheet_part, worksheet_xml(
            content, styles.xf, date1904=workbook.date1904, drawing_rid=drawing_rid, table_rids=tuple(table_rids),
            code_name=code_names.get(content.name), dxf=styles.dxf,
        ))
        workbook.set_print_names(content.name, print_names(content))
        sheet_rels_part = rels_part_for(sheet_part)
        if sheet_rels:
            plan.new_parts[sheet_rels_part] = new_relationships_xml(sheet_rels)
            plan.removed.discard(sheet_rels_part)
        elif package.has(sheet_rels_part):
            plan.removed.add(sheet_rels_part)

    content_types.remove({p for p in plan.removed if p not in plan.new_parts})

    # calcChain: entries of rewritten sheets go; the part goes when nothing is left.
    calc_part = next(iter(wb_rels.targets(RT_CALC_CHAIN).values()), None)
    if calc_part and replaced_ids and package.has(calc_part):
        original_chain = package.read(calc_part)
        try:
            chain = calc_chain.drop_sheets(original_chain, replaced_ids)
        except etree.XMLSyntaxError:
            chain = None
        if chain is None:
            plan.removed.add(calc_part)
            wb_rels.remove_to({calc_part})
            content_types.remove({calc_part})
        elif chain is not original_chain:
            plan.new_parts[calc_part] = chain

    # app.xml: titles of the new sheets.
    if new_sheet_names and root_rels is not None:
        app_part = next(iter(root_rels.targets(RT_EXTENDED_PROPERTIES).values()), None)
        if app_part and package.has(app_part):
            original = package.read(app_part)
            updated = app_properties.add_sheet_titles(original, worksheet_names, new_sheet_names)
            if updated is not original:
                plan.new_parts[app_part] = updated

    shared.into(plan)
    return plan


@dataclass
class SharedParts:
    """The package-wide parts a write may change (workbook.xml, its relationships, [Content_Types].xml, styles.xml).

    One place finds them (styles through the workbook's relationships,
    created when the package has none) and puts those that changed into a
    plan: the output writer and the upgrade writer both change a workbook by
    these parts and nothing else of the package's shared ones.
    """

    workbook: WorkbookPart
    wb_rels: Relationships
    content_types: ContentTypes
    styles: StyleBook
    styles_part: str

    @classmethod
    def open(cls, package: SourcePackage, names: PartNames, workbook: WorkbookPart, wb_rels: Relationships,
             content_types: ContentTypes) -> SharedParts:
        styles_part = next(iter(wb_rels.targets(RT_STYLES).values()), None)
        if styles_part is not None and package.has(styles_part):
            return cls(workbook, wb_rels, content_types, StyleBook(package.read(styles_part)), styles_part)
        styles_part = names.new("xl/styles{}.xml") if package.has("xl/styles.xml") else "xl/styles.xml"
        names.taken.add(styles_part.casefold())
        wb_rels.add(RT_STYLES, styles_part)
        content_types.set(styles_part, CT_STYLES)
        return cls(workbook, wb_rels, content_types, StyleBook(None), styles_part)

    def into(self, plan: WritePlan) -> None:
        """Each shared part that changed, as a new part of ``plan``."""
        for part, changed in ((self.styles_part, self.styles), (self.workbook.part, self.workbook),
                              (self.wb_rels.part, self.wb_rels), (CONTENT_TYPES, self.content_types)):
            if changed.changed:
                plan.new_parts[part] = changed.to_bytes()


def write_plan(package: SourcePackage, target: Path, plan: WritePlan) -> None:
    """New and rewritten parts from the plan, every other part copied as stored; ``[Content_Types].xml`` first."""
    new_parts = dict(plan.new_parts)
    entries: list[tuple[str, Callable[[], PartData]]] = []
    for info in package.infos:
        name = info.filename
        if name in new_parts:
            del new_parts[name]
            entries.append((name, functools.partial(plan.entry, name)))
        elif name not in plan.removed:
            entries.append((name, functools.partial(package.stored, name)))
    entries.extend((name, functools.partial(plan.entry, name)) for name in new_parts)
    write_package(target, entries)


__all__ = ["PackageOutputWriter", "PartNames", "SharedParts", "SourcePackage", "WritePlan", "owned_parts", "write_output_sheets", "write_plan"]
