"""Check an OOXML package (.xlsx, .xlsm, .docx) against the standard, as a consumer reads it.

Two kinds of check, both returning a list of plain-language problems (empty
when the package is fine), so a test can show every problem at once:

* :func:`schema_problems`: every XML part (or a chosen few) is validated with
  ``lxml.etree.XMLSchema`` against the schema of its content type, from the
  schemas vendored in ``tests/schemas`` (ISO/IEC 29500-4 Transitional, OPC,
  Markup Compatibility, Office 2010 customUI). Markup Compatibility is applied
  first, as Excel and Word do: elements and attributes of ignorable namespaces
  that are not understood are dropped, ``mc:AlternateContent`` becomes its
  first understood Choice, else its Fallback. The root element must be the
  one the content type promises. A content type with no vendored schema is
  never skipped silently: it must be listed in :data:`NO_SCHEMA` (with why)
  or :data:`NOT_XML`, otherwise the part is a problem.
* :func:`package_problems`: the rules the schemas cannot express, across
  parts: table ranges and headers, unique table ids and names, relationship
  ids and targets, content types for every part, docProps/app.xml against
  the workbook, style indices against styles.xml.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
ISO = SCHEMAS / "ISO-IEC29500-4_2016"
OPC = SCHEMAS / "ecma" / "fourth-edition"

NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_CUSTOM_UI = "http://schemas.microsoft.com/office/2009/07/customui"

_OD = "application/vnd.openxmlformats-officedocument."
_SML = _OD + "spreadsheetml."
_WML = _OD + "wordprocessingml."
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
CONTENT_TYPES_PART = "[Content_Types].xml"
RT_CUSTOM_UI_2010 = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
RT_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
RT_CHARTSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet"
RT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"

SCHEMA_FILES = {
    "sml": ISO / "sml.xsd",
    "wml": ISO / "wml.xsd",
    "chart": ISO / "dml-chart.xsd",
    "xdr": ISO / "dml-spreadsheetDrawing.xsd",
    "chartshapes": ISO / "dml-chartDrawing.xsd",
    "dml": ISO / "dml-main.xsd",
    "extended": ISO / "shared-documentPropertiesExtended.xsd",
    "custom-props": ISO / "shared-documentPropertiesCustom.xsd",
    "datastore": ISO / "shared-customXmlDataProperties.xsd",
    "core": OPC / "opc-coreProperties.xsd",
    "content-types": OPC / "opc-contentTypes.xsd",
    "rels": OPC / "opc-relationships.xsd",
    "customui14": SCHEMAS / "microsoft" / "customUI14-libxml2.xsd",
    "bibliography": ISO / "shared-bibliography.xsd",
}

SCHEMA_BY_CONTENT_TYPE: dict[str, tuple[str, str]] = {
    # SpreadsheetML
    _SML + "sheet.main+xml": ("sml", f"{{{NS_MAIN}}}workbook"),
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": ("sml", f"{{{NS_MAIN}}}workbook"),
    _SML + "template.main+xml": ("sml", f"{{{NS_MAIN}}}workbook"),
    "application/vnd.ms-excel.template.macroEnabled.main+xml": ("sml", f"{{{NS_MAIN}}}workbook"),
    _SML + "worksheet+xml": ("sml", f"{{{NS_MAIN}}}worksheet"),
    _SML + "chartsheet+xml": ("sml", f"{{{NS_MAIN}}}chartsheet"),
    _SML + "dialogsheet+xml": ("sml", f"{{{NS_MAIN}}}dialogsheet"),
    _SML + "styles+xml": ("sml", f"{{{NS_MAIN}}}styleSheet"),
    _SML + "sharedStrings+xml": ("sml", f"{{{NS_MAIN}}}sst"),
    _SML + "table+xml": ("sml", f"{{{NS_MAIN}}}table"),
    _SML + "comments+xml": ("sml", f"{{{NS_MAIN}}}comments"),
    _SML + "calcChain+xml": ("sml", f"{{{NS_MAIN}}}calcChain"),
    _SML + "externalLink+xml": ("sml", f"{{{NS_MAIN}}}externalLink"),
    _SML + "sheetMetadata+xml": ("sml", f"{{{NS_MAIN}}}metadata"),
    _SML + "connections+xml": ("sml", f"{{{NS_MAIN}}}connections"),
    _SML + "queryTable+xml": ("sml", f"{{{NS_MAIN}}}queryTable"),
    _SML + "pivotTable+xml": ("sml", f"{{{NS_MAIN}}}pivotTableDefinition"),
    _SML + "pivotCacheDefinition+xml": ("sml", f"{{{NS_MAIN}}}pivotCacheDefinition"),
    _SML + "pivotCacheRecords+xml": ("sml", f"{{{NS_MAIN}}}pivotCacheRecords"),
    # DrawingML
    _OD + "drawingml.chart+xml": ("chart", f"{{{NS_C}}}chartSpace"),
    _OD + "drawing+xml": ("xdr", f"{{{NS_XDR}}}wsDr"),
    _OD + "drawingml.chartshapes+xml": ("chartshapes", "{http://schemas.openxmlformats.org/drawingml/2006/chart}userShapes"),
    _OD + "theme+xml": ("dml", f"{{{NS_A}}}theme"),
    # WordprocessingML
    _WML + "document.main+xml": ("wml", f"{{{NS_W}}}document"),
    "application/vnd.ms-word.document.macroEnabled.main+xml": ("wml", f"{{{NS_W}}}document"),
    _WML + "template.main+xml": ("wml", f"{{{NS_W}}}document"),
    _WML + "styles+xml": ("wml", f"{{{NS_W}}}styles"),
    "application/vnd.ms-word.stylesWithEffects+xml": ("wml", f"{{{NS_W}}}styles"),
    _WML + "settings+xml": ("wml", f"{{{NS_W}}}settings"),
    _WML + "webSettings+xml": ("wml", f"{{{NS_W}}}webSettings"),
    _WML + "fontTable+xml": ("wml", f"{{{NS_W}}}fonts"),
    _WML + "numbering+xml": ("wml", f"{{{NS_W}}}numbering"),
    _WML + "header+xml": ("wml", f"{{{NS_W}}}hdr"),
    _WML + "footer+xml": ("wml", f"{{{NS_W}}}ftr"),
    _WML + "footnotes+xml": ("wml", f"{{{NS_W}}}footnotes"),
    _WML + "endnotes+xml": ("wml", f"{{{NS_W}}}endnotes"),
    _WML + "comments+xml": ("wml", f"{{{NS_W}}}comments"),
    # Package and document properties
    CT_RELS: ("rels", f"{{{NS_PKG_REL}}}Relationships"),
    _OD + "extended-properties+xml": ("extended", f"{{{NS_EP}}}Properties"),
    _OD + "custom-properties+xml": ("custom-props", "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}Properties"),
    "application/vnd.openxmlformats-package.core-properties+xml": (
        "core", "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}coreProperties"),
    _OD + "customXmlProperties+xml": ("datastore", "{http://schemas.openxmlformats.org/officeDocument/2006/customXml}datastoreItem"),
}

SCHEMA_BY_RELATIONSHIP = {RT_CUSTOM_UI_2010: ("customui14", f"{{{NS_CUSTOM_UI}}}customUI")}
"""Parts whose content type is the generic ``application/xml``: the schema follows the relationship that points at them."""

RT_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
NS_BIBLIOGRAPHY = "http://schemas.openxmlformats.org/officeDocument/2006/bibliography"
SCHEMA_BY_CUSTOM_XML_ROOT = {f"{{{NS_BIBLIOGRAPHY}}}Sources": ("bibliography", f"{{{NS_BIBLIOGRAPHY}}}Sources")}
"""A custom XML data item holds any XML; the ones the standard defines (Word's bibliography store) are validated."""

NO_SCHEMA = {
    _OD + "vmlDrawing": "legacy VML (comment boxes, form controls): ISO/IEC 29500-4 gives no schema for the <xml> wrapper that holds the shapes",
    "application/xml": "generic XML with no schema of its own (a custom XML data item other than a bibliography), unless a relationship names its kind",
}
"""XML content types with no vendored schema, and why: listed, so they are never skipped silently."""

NOT_XML = {
    "application/vnd.ms-office.vbaProject",
    _SML + "printerSettings",
    _OD + "oleObject",
    "application/vnd.ms-excel.controlproperties+xml",  # ActiveX/form control properties: Office-only extension, no ISO schema
    "application/vnd.ms-office.activeX+xml",
    "application/vnd.ms-office.activeX",
}
"""Binary parts and Office-only extension parts that no ISO schema describes."""

UNDERSTOOD = frozenset({
    NS_MC, NS_MAIN, NS_W, NS_R, NS_PKG_REL, NS_CT, NS_EP, NS_VT, NS_A, NS_C, NS_XDR, NS_CUSTOM_UI,
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/", "http://purl.org/dc/dcmitype/",
    "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/XML/1998/namespace",
    "urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office",
    "urn:schemas-microsoft-com:office:excel", "urn:schemas-microsoft-com:office:word",
})
"""Namespaces of the vendored standard: what a consumer of ISO/IEC 29500 Transitional understands.
Office's later extension namespaces (x14, w14, ...) are not in it, so MCE drops them where ignorable."""


@cache
def schema(key: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILES[key])))


# --- reading a package ---------------------------------------------------------------------


@dataclass
class Package:
    """The parts of a zip package by name, with the content type and relationships of each."""

    parts: dict[str, bytes]
    defaults: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Package:
        with zipfile.ZipFile(path) as zf:
            parts = {i.filename: zf.read(i) for i in zf.infolist() if not i.filename.endswith("/")}
        return cls.from_parts(parts)

    @classmethod
    def from_parts(cls, parts: dict[str, bytes]) -> Package:
        package = cls(dict(parts))
        if CONTENT_TYPES_PART in parts:
            root = etree.fromstring(parts[CONTENT_TYPES_PART])
            for el in root:
                if el.tag == f"{{{NS_CT}}}Default":
                    package.defaults[el.get("Extension", "").lower()] = el.get("ContentType")
                elif el.tag == f"{{{NS_CT}}}Override":
                    package.overrides[el.get("PartName", "").lstrip("/").lower()] = el.get("ContentType")
        return package

    def content_type(self, part: str) -> str | None:
        if part.lower() in self.overrides:
            return self.overrides[part.lower()]
        name = posixpath.basename(part)
        return self.defaults.get(name.rsplit(".", 1)[1].lower()) if "." in name else None

    def xml(self, part: str) -> etree._Element:
        return etree.fromstring(self.parts[part])

    def relationships(self, source: str) -> list[etree._Element]:
        """The Relationship elements of ``source`` ("" for the package), empty when it has none."""
        directory, name = posixpath.split(source)
        rels = posixpath.join(directory, "_rels", f"{name}.rels")
        if rels not in self.parts:
            return []
        return list(etree.fromstring(self.parts[rels]).iter(f"{{{NS_PKG_REL}}}Relationship"))

    def target(self, source: str, rel: etree._Element) -> str:
        """The part a relationship of ``source`` points at (absolute targets start with '/')."""
        target = rel.get("Target", "")
        if target.startswith("/"):
            return posixpath.normpath(target.lstrip("/"))
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))

    def related(self, source: str, rel_type: str) -> list[str]:
        return [self.target(source, r) for r in self.relationships(source)
                if r.get("Type") == rel_type and r.get("TargetMode") != "External"]

    def relationship_types(self) -> dict[str, set[str]]:
        """For each part, the types of the internal relationships that point at it."""
        out: dict[str, set[str]] = {}
        for rels in [p for p in self.parts if p.endswith(".rels")]:
            source = _source_of_rels(rels)
            if source is None:
                continue
            for rel in self.relationships(source):
                if rel.get("TargetMode") != "External":
                    out.setdefault(self.target(source, rel), set()).add(rel.get("Type"))
        return out


def _source_of_rels(rels: str) -> str | None:
    """``xl/_rels/workbook.xml.rels`` -> ``xl/workbook.xml``; ``_rels/.rels`` -> ``""`` (the package)."""
    directory, name = posixpath.split(rels)
    if posixpath.basename(directory) != "_rels" or not name.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(directory), name[: -len(".rels")])


# --- Markup Compatibility ------------------------------------------------------------------


def _prefixes(el: etree._Element, attribute: str) -> set[str]:
    """The namespaces named (by prefix) in an mc attribute of ``el``."""
    value = el.get(f"{{{NS_MC}}}{attribute}")
    if not value:
        return set()
    return {el.nsmap.get(prefix, f"unbound prefix {prefix}") for prefix in value.split()}


def apply_markup_compatibility(root: etree._Element, understood: frozenset[str] = UNDERSTOOD) -> list[str]:
    """Rewrite ``root`` in place as a consumer understanding ``understood`` sees it; return MCE violations.

    ECMA-376 Part 3: a non-understood namespace named in ``mc:MustUnderstand``
    is an error; elements and attributes of a non-understood namespace named in
    ``mc:Ignorable`` are removed (an element named in ``mc:ProcessContent``
    gives its children to its parent); ``mc:AlternateContent`` is replaced by
    the content of its first Choice whose ``Requires`` namespaces are all
    understood, else of its Fallback, else by nothing.
    """
    problems: list[str] = []

    def walk(el: etree._Element, ignorable: frozenset[str], process: frozenset[str]) -> None:
        ignorable = ignorable | _prefixes(el, "Ignorable")
        process = process | _prefixes(el, "ProcessContent")
        for ns in _prefixes(el, "MustUnderstand") - understood:
            problems.append(f"mc:MustUnderstand names {ns}, which is not understood")
        for name in list(el.attrib):
            ns = etree.QName(name).namespace
            if ns == NS_MC or (ns in ignorable and ns not in understood):
                del el.attrib[name]
        for child in list(el):
            if not isinstance(child.tag, str):
                continue
            ns = etree.QName(child).namespace
            if child.tag == f"{{{NS_MC}}}AlternateContent":
                chosen = _choose(child, understood)
                index = el.index(child)
                el.remove(child)
                for n, grandchild in enumerate(chosen):
                    el.insert(index + n, grandchild)
                for grandchild in chosen:
                    walk(grandchild, ignorable, process)
            elif ns in ignorable and ns not in understood:
                index = el.index(child)
                el.remove(child)
                if ns in process:
                    kept = [g for g in child]
                    for n, grandchild in enumerate(kept):
                        el.insert(index + n, grandchild)
                    for grandchild in kept:
                        walk(grandchild, ignorable, process)
            else:
                walk(child, ignorable, process)

    if root.tag == f"{{{NS_MC}}}AlternateContent":
        problems.append("the root element is mc:AlternateContent")
        return problems
    walk(root, frozenset(), frozenset())
    return problems


def _choose(alternate: etree._Element, understood: frozenset[str]) -> list[etree._Element]:
    for branch in alternate:
        if branch.tag == f"{{{NS_MC}}}Choice":
            requires = {branch.nsmap.get(p, f"unbound prefix {p}") for p in branch.get("Requires", "").split()}
            if requires <= understood:
                return list(branch)
        elif branch.tag == f"{{{NS_MC}}}Fallback":
            return list(branch)
    return []


# --- schema validation ---------------------------------------------------------------------


def schema_for(package: Package, part: str, rel_types: dict[str, set[str]]) -> tuple[str, str] | str | None:
    """(schema key, root tag) for a part; a string saying why there is none; None when it is not XML."""
    if part == CONTENT_TYPES_PART:
        return "content-types", f"{{{NS_CT}}}Types"
    content_type = package.content_type(part)
    if content_type is None:
        return f"{part} has no content type"
    if content_type in SCHEMA_BY_CONTENT_TYPE:
        return SCHEMA_BY_CONTENT_TYPE[content_type]
    if content_type == "application/xml":
        for rel_type in rel_types.get(part, ()):
            if rel_type in SCHEMA_BY_RELATIONSHIP:
                return SCHEMA_BY_RELATIONSHIP[rel_type]
        if RT_CUSTOM_XML in rel_types.get(part, ()):
            root_tag = _root_tag(package.parts[part])
            if root_tag in SCHEMA_BY_CUSTOM_XML_ROOT:
                return SCHEMA_BY_CUSTOM_XML_ROOT[root_tag]
    if content_type in NO_SCHEMA:
        return NO_SCHEMA[content_type]
    if content_type in NOT_XML or content_type.startswith(("image/", "audio/", "video/")):
        return None
    return f"{part}: no schema is vendored for content type {content_type} (add one, or list it in NO_SCHEMA with why)"


def _root_tag(data: bytes) -> str | None:
    try:
        return etree.fromstring(data).tag
    except etree.XMLSyntaxError:
        return None


@dataclass
class SchemaReport:
    """What :func:`validate_parts` did: problems, and which parts it validated or could not."""

    problems: list[str] = field(default_factory=list)
    validated: list[str] = field(default_factory=list)
    without_schema: dict[str, str] = field(default_factory=dict)


def validate_parts(package: Package, parts: list[str] | None = None) -> SchemaReport:
    """Validate ``parts`` (all parts when None) against their schemas, after Markup Compatibility."""
    report = SchemaReport()
    rel_types = package.relationship_types()
    for part in sorted(package.parts if parts is None else parts):
        choice = schema_for(package, part, rel_types)
        if choice is None:
            continue
        if isinstance(choice, str):
            if package.content_type(part) in NO_SCHEMA:
                report.without_schema[part] = package.content_type(part)
            else:
                report.problems.append(choice)
            continue
        key, root_tag = choice
        try:
            root = etree.fromstring(package.parts[part])
        except etree.XMLSyntaxError as exc:
            report.problems.append(f"{part}: not well-formed XML: {exc}")
            continue
        report.problems += [f"{part}: {p}" for p in apply_markup_compatibility(root)]
        if root.tag != root_tag:
            report.problems.append(f"{part}: root element is {root.tag}, its content type needs {root_tag}")
            continue
        validator = schema(key)
        if not validator.validate(etree.ElementTree(root)):
            for error in list(validator.error_log)[:5]:
                report.problems.append(f"{part} line {error.line}: {error.message}")
        report.validated.append(part)
    return report


def schema_problems(path: Path, parts: list[str] | None = None) -> list[str]:
    return validate_parts(Package.read(path), parts).problems


# --- package rules the schemas cannot express ---------------------------------------------

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def parse_ref(ref: str) -> tuple[int, int, int, int]:
    """``B2:D9`` -> (first row, first column, last row, last column), 1-based."""
    m = _REF.match(ref or "")
    if not m:
        raise ValueError(f"not a cell range: {ref!r}")
    c1, r1 = _column_number(m.group(1)), int(m.group(2))
    c2, r2 = (_column_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
    return r1, c1, r2, c2


def _shared_strings(package: Package, workbook: str) -> list[str]:
    parts = package.related(workbook, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings")
    if not parts or parts[0] not in package.parts:
        return []
    return ["".join(t.text or "" for t in si.iter(f"{{{NS_MAIN}}}t") if _not_phonetic(t, si))
            for si in package.xml(parts[0]).iter(f"{{{NS_MAIN}}}si")]


def _not_phonetic(t: etree._Element, si: etree._Element) -> bool:
    parent = t.getparent()
    return parent is si or parent.tag == f"{{{NS_MAIN}}}r"


def _cell_values(sheet: etree._Element, strings: list[str]) -> dict[tuple[int, int], str]:
    """Every cell with a value, as text: (row, column) -> text."""
    out: dict[tuple[int, int], str] = {}
    for c in sheet.iter(f"{{{NS_MAIN}}}c"):
        ref = c.get("r")
        if ref is None:
            continue
        row, col, _, _ = parse_ref(ref)
        kind = c.get("t", "n")
        if kind == "inlineStr":
            text = "".join(t.text or "" for t in c.iter(f"{{{NS_MAIN}}}t"))
        else:
            v = c.find(f"{{{NS_MAIN}}}v")
            if v is None or v.text is None:
                continue
            text = strings[int(v.text)] if kind == "s" and int(v.text) < len(strings) else v.text
        out[(row, col)] = text
    return out


def _workbook_part(package: Package) -> str | None:
    parts = package.related("", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument")
    return parts[0] if parts and parts[0] in package.parts else None


def _sheets(package: Package, workbook: str) -> list[tuple[str, str, str]]:
    """(name, part, relationship type) of every sheet in workbook order."""
    rels = {r.get("Id"): r for r in package.relationships(workbook)}
    out = []
    for sheet in package.xml(workbook).iter(f"{{{NS_MAIN}}}sheet"):
        rel = rels.get(sheet.get(f"{{{NS_R}}}id"))
        if rel is not None:
            out.append((sheet.get("name"), package.target(workbook, rel), rel.get("Type")))
    return out


def table_problems(package: Package, parts: list[str] | None = None) -> list[str]:
    """Each table's ref spans its header row and exactly the data rows below it; header text = tableColumn names.

    ``parts`` limits the check to the tables named (the ones a writer made): a
    table a person made in Excel may end in blank rows, which is no fault.
    """
    problems: list[str] = []
    workbook = _workbook_part(package)
    if workbook is None:
        return problems
    strings = _shared_strings(package, workbook)
    for sheet_name, sheet_part, rel_type in _sheets(package, workbook):
        tables = package.related(sheet_part, RT_TABLE)
        if rel_type != RT_WORKSHEET or not tables or sheet_part not in package.parts:
            continue
        cells = _cell_values(package.xml(sheet_part), strings)
        for table_part in tables:
            if parts is not None and table_part not in parts:
                continue
            table = package.xml(table_part)
            where = f"{table_part} ({table.get('name')} on {sheet_name})"
            try:
                r1, c1, r2, c2 = parse_ref(table.get("ref"))
            except ValueError as exc:
                problems.append(f"{where}: {exc}")
                continue
            names = [tc.get("name") for tc in table.iter(f"{{{NS_MAIN}}}tableColumn")]
            columns = table.find(f"{{{NS_MAIN}}}tableColumns")
            if columns is not None and columns.get("count") not in (None, str(len(names))):
                problems.append(f"{where}: tableColumns count={columns.get('count')} but {len(names)} columns")
            if len(names) != c2 - c1 + 1:
                problems.append(f"{where}: ref {table.get('ref')} spans {c2 - c1 + 1} columns, the table names {len(names)}")
            if len({n.casefold() for n in names}) != len(names):
                problems.append(f"{where}: column names repeat: {names}")
            header_rows = int(table.get("headerRowCount", "1"))
            totals_rows = int(table.get("totalsRowCount", "0"))
            if header_rows:
                header = [cells.get((r1, c)) for c in range(c1, c2 + 1)]
                if header != names:
                    problems.append(f"{where}: header row {r1} reads {header}, the table's columns are {names}")
            if r2 - r1 + 1 < header_rows + totals_rows + 1:
                problems.append(f"{where}: ref {table.get('ref')} has no data row")
            last_data = r2 - totals_rows
            if any((r2 + 1, c) in cells for c in range(c1, c2 + 1)):
                problems.append(f"{where}: row {r2 + 1} right below the table holds values in its columns: ref {table.get('ref')} is short")
            data_rows = {r for (r, c) in cells if r1 + header_rows <= r <= last_data and c1 <= c <= c2}
            if header_rows and data_rows and max(data_rows) < last_data and last_data > r1 + header_rows:
                problems.append(f"{where}: ref {table.get('ref')} runs past the last data row {max(data_rows)}")
            auto = table.find(f"{{{NS_MAIN}}}autoFilter")
            if auto is not None and header_rows:
                expected = parse_ref(table.get("ref"))[:2] + (last_data, c2)
                if parse_ref(auto.get("ref")) != expected:
                    problems.append(f"{where}: autoFilter ref {auto.get('ref')} is not the table's rows {table.get('ref')} without totals")
    return problems


def table_identity_problems(package: Package) -> list[str]:
    """Table ids are unique in the workbook; names (and display names) are unique, ignoring case, and no defined name clashes."""
    problems: list[str] = []
    ids: dict[str, str] = {}
    names: dict[str, str] = {}
    for part, data in sorted(package.parts.items()):
        if package.content_type(part) != _SML + "table+xml":
            continue
        table = etree.fromstring(data)
        tid = table.get("id")
        if tid in ids:
            problems.append(f"{part}: table id {tid} is also the id of {ids[tid]}")
        ids[tid] = part
        for name in {table.get("name"), table.get("displayName")} - {None}:
            key = name.casefold()
            if key in names and names[key] != part:
                problems.append(f"{part}: table name {name!r} is also used by {names[key]}")
            names[key] = part
    workbook = _workbook_part(package)
    if workbook is not None:
        for defined in package.xml(workbook).iter(f"{{{NS_MAIN}}}definedName"):
            if (defined.get("name") or "").casefold() in names:
                problems.append(f"{workbook}: defined name {defined.get('name')!r} is also a table name")
    return problems


def relationship_problems(package: Package, parts: list[str] | None = None) -> list[str]:
    """Every r:* attribute names a relationship of its part, and every internal relationship's target is a part."""
    problems: list[str] = []
    for rels in sorted(p for p in package.parts if p.endswith(".rels")):
        source = _source_of_rels(rels)
        if source is None:
            problems.append(f"{rels}: a relationships part outside a _rels folder")
            continue
        if source and source not in package.parts:
            problems.append(f"{rels}: the part it belongs to, {source}, is not in the package")
        seen: set[str] = set()
        for rel in package.relationships(source):
            if rel.get("Id") in seen:
                problems.append(f"{rels}: relationship id {rel.get('Id')} twice")
            seen.add(rel.get("Id"))
            if rel.get("TargetMode") == "External":
                continue
            if package.target(source, rel) not in package.parts:
                problems.append(f"{rels}: {rel.get('Id')} points at {rel.get('Target')}, which is not in the package")
    for part in sorted(package.parts if parts is None else parts):
        content_type = package.content_type(part) or ""
        if part == CONTENT_TYPES_PART or not (content_type.endswith("xml") or content_type == _OD + "vmlDrawing"):
            continue
        try:
            root = etree.fromstring(package.parts[part])
        except etree.XMLSyntaxError:
            continue
        ids = {r.get("Id") for r in package.relationships(part)}
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                if etree.QName(name).namespace == NS_R and value not in ids:
                    problems.append(f"{part}: {etree.QName(el).localname}/@r:{etree.QName(name).localname}={value!r} has no relationship")
    return problems


_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CONTENT_TYPES_BY_RELATIONSHIP: dict[str, set[str]] = {
    _RT + "officeDocument": {ct for ct, (_, root) in SCHEMA_BY_CONTENT_TYPE.items() if root.endswith(("}workbook", "}document"))},
    _RT + "worksheet": {_SML + "worksheet+xml"},
    _RT + "chartsheet": {_SML + "chartsheet+xml"},
    _RT + "table": {_SML + "table+xml"},
    _RT + "styles": {_SML + "styles+xml", _WML + "styles+xml"},
    _RT + "sharedStrings": {_SML + "sharedStrings+xml"},
    _RT + "theme": {_OD + "theme+xml"},
    _RT + "drawing": {_OD + "drawing+xml"},
    _RT + "chart": {_OD + "drawingml.chart+xml"},
    _RT + "comments": {_SML + "comments+xml", _WML + "comments+xml"},
    _RT + "calcChain": {_SML + "calcChain+xml"},
    _RT + "vmlDrawing": {_OD + "vmlDrawing"},
    _RT + "extended-properties": {_OD + "extended-properties+xml"},
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties": {
        "application/vnd.openxmlformats-package.core-properties+xml"},
    _RT + "header": {_WML + "header+xml"},
    _RT + "footer": {_WML + "footer+xml"},
    _RT + "numbering": {_WML + "numbering+xml"},
    _RT + "settings": {_WML + "settings+xml"},
    _RT + "fontTable": {_WML + "fontTable+xml"},
    _RT + "webSettings": {_WML + "webSettings+xml"},
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject": {"application/vnd.ms-office.vbaProject"},
}
"""The content types a part may have, by the type of the relationship that points at it."""


def content_type_problems(package: Package) -> list[str]:
    """Every part has a content type (an Override, or a Default for its extension) that fits the relationships
    pointing at it, and every Override names a part."""
    problems = []
    if CONTENT_TYPES_PART not in package.parts:
        return [f"{CONTENT_TYPES_PART} is missing"]
    lower = {p.lower() for p in package.parts}
    for part in sorted(package.parts):
        if part != CONTENT_TYPES_PART and package.content_type(part) is None:
            problems.append(f"{part} has no content type (no Override, no Default for its extension)")
    for name in sorted(package.overrides):
        if name not in lower:
            problems.append(f"{CONTENT_TYPES_PART}: Override for /{name}, which is not in the package")
    for part, rel_types in sorted(package.relationship_types().items()):
        content_type = package.content_type(part)
        for rel_type in rel_types & set(CONTENT_TYPES_BY_RELATIONSHIP):
            if part in package.parts and content_type is not None and content_type not in CONTENT_TYPES_BY_RELATIONSHIP[rel_type]:
                problems.append(f"{part}: content type {content_type}, but a {rel_type.rsplit('/', 1)[1]} relationship points at it")
    return problems


def app_properties_problems(package: Package) -> list[str]:
    """docProps/app.xml's HeadingPairs and TitlesOfParts agree with each other and with the workbook's sheets."""
    apps = package.related("", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties")
    workbook = _workbook_part(package)
    if not apps or apps[0] not in package.parts or workbook is None:
        return []
    app = package.xml(apps[0])
    pairs = app.find(f"{{{NS_EP}}}HeadingPairs/{{{NS_VT}}}vector")
    titles = app.find(f"{{{NS_EP}}}TitlesOfParts/{{{NS_VT}}}vector")
    if pairs is None and titles is None:
        return []
    if pairs is None or titles is None:
        return [f"{apps[0]}: HeadingPairs and TitlesOfParts come together"]
    problems = []
    for vector in (pairs, titles):
        if vector.get("size") != str(len(vector)):
            problems.append(f"{apps[0]}: a vector says size={vector.get('size')} but holds {len(vector)}")
    variants = [v[0] for v in pairs]
    headings = [(variants[i].text, int(variants[i + 1].text)) for i in range(0, len(variants) - 1, 2)]
    names = [t.text or "" for t in titles]
    if sum(n for _, n in headings) != len(names):
        problems.append(f"{apps[0]}: HeadingPairs count {sum(n for _, n in headings)} parts, TitlesOfParts lists {len(names)}")
    sheets = _sheets(package, workbook)
    expected = {"Worksheets": [n for n, _, t in sheets if t == RT_WORKSHEET],
                "Charts": [n for n, _, t in sheets if t == RT_CHARTSHEET]}
    start = 0
    for heading, count in headings:
        if heading in expected and names[start:start + count] != expected[heading]:
            problems.append(f"{apps[0]}: {heading} lists {names[start:start + count]}, the workbook has {expected[heading]}")
        start += count
    for heading, wanted in expected.items():
        if wanted and heading not in dict(headings):
            problems.append(f"{apps[0]}: no {heading} heading for {wanted}")
    return problems


def style_problems(package: Package, parts: list[str] | None = None) -> list[str]:
    """Style indices (cell s=, row s=, col style=, dxfId, xf font/fill/border/numFmt ids) are in range of styles.xml."""
    workbook = _workbook_part(package)
    if workbook is None:
        return []
    styles = package.related(workbook, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles")
    if not styles or styles[0] not in package.parts:
        return []
    sheet = package.xml(styles[0])

    def count(tag: str) -> int:
        el = sheet.find(f"{{{NS_MAIN}}}{tag}")
        return 0 if el is None else len([c for c in el if isinstance(c.tag, str)])

    xfs, dxfs, cell_style_xfs = count("cellXfs"), count("dxfs"), count("cellStyleXfs")
    fonts, fills, borders = count("fonts"), count("fills"), count("borders")
    formats = {int(f.get("numFmtId")) for f in sheet.iter(f"{{{NS_MAIN}}}numFmt")}
    problems = []
    for tag, limit in (("cellXfs", cell_style_xfs), ("cellStyleXfs", None)):
        group = sheet.find(f"{{{NS_MAIN}}}{tag}")
        for n, xf in enumerate([] if group is None else group.findall(f"{{{NS_MAIN}}}xf")):
            for attr, size in (("fontId", fonts), ("fillId", fills), ("borderId", borders), ("xfId", limit)):
                if xf.get(attr) is not None and size is not None and int(xf.get(attr)) >= size:
                    problems.append(f"{styles[0]}: {tag} xf {n} has {attr}={xf.get(attr)}, only {size} defined")
            fmt = int(xf.get("numFmtId", "0"))
            if fmt >= 164 and fmt not in formats:
                problems.append(f"{styles[0]}: {tag} xf {n} uses numFmtId {fmt}, which is not defined")
    for group in ("cellXfs", "dxfs", "fonts", "fills", "borders", "numFmts", "cellStyleXfs"):
        el = sheet.find(f"{{{NS_MAIN}}}{group}")
        if el is not None and el.get("count") is not None and el.get("count") != str(count(group)):
            problems.append(f"{styles[0]}: {group} count={el.get('count')} but {count(group)} defined")
    checked = [p for p in (package.parts if parts is None else parts)
               if package.content_type(p) in (_SML + "worksheet+xml", _SML + "table+xml")]
    for part in sorted(checked):
        root = package.xml(part)
        for el in root.iter(f"{{{NS_MAIN}}}c", f"{{{NS_MAIN}}}row", f"{{{NS_MAIN}}}col"):
            attr = "style" if el.tag.endswith("}col") else "s"
            if el.get(attr) is not None and int(el.get(attr)) >= xfs:
                problems.append(f"{part}: {etree.QName(el).localname} {el.get('r') or el.get('min')} has {attr}={el.get(attr)}, only {xfs} cell formats")
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                if name == "dxfId" or (name.endswith("DxfId") and "}" not in name):
                    if int(value) >= dxfs:
                        problems.append(f"{part}: {etree.QName(el).localname}/@{name}={value}, only {dxfs} differential formats")
    return problems


def package_problems(path: Path, parts: list[str] | None = None) -> list[str]:
    """Every package-level rule; ``parts`` limits the per-part rules (r:ids, style indices) to the parts named."""
    package = Package.read(path)
    return (table_problems(package, parts) + table_identity_problems(package) + relationship_problems(package, parts)
            + content_type_problems(package) + app_properties_problems(package) + style_problems(package, parts))
