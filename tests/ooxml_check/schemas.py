"""Which vendored schema validates a part (by its content type), and the validation itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from .compatibility import apply_markup_compatibility
from .opc import (
    CT_OFFICE, CT_SML, CT_WML, CONTENT_TYPES_PART, CT_RELS, NS_A, NS_C, NS_CT, NS_CUSTOM_UI, NS_EP, NS_MAIN, NS_MC, NS_PKG_REL, NS_W,
    NS_XDR, RT_CUSTOM_UI_2010, Package,
)

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
ISO = SCHEMAS / "ISO-IEC29500-4_2016"
OPC = SCHEMAS / "ecma" / "fourth-edition"

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
    CT_SML + "sheet.main+xml": ("sml", f"{{{NS_MAIN}}}workbook"),
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": ("sml", f"{{{NS_MAIN}}}workbook"),
    CT_SML + "template.main+xml": ("sml", f"{{{NS_MAIN}}}workbook"),
    "application/vnd.ms-excel.template.macroEnabled.main+xml": ("sml", f"{{{NS_MAIN}}}workbook"),
    CT_SML + "worksheet+xml": ("sml", f"{{{NS_MAIN}}}worksheet"),
    CT_SML + "chartsheet+xml": ("sml", f"{{{NS_MAIN}}}chartsheet"),
    CT_SML + "dialogsheet+xml": ("sml", f"{{{NS_MAIN}}}dialogsheet"),
    CT_SML + "styles+xml": ("sml", f"{{{NS_MAIN}}}styleSheet"),
    CT_SML + "sharedStrings+xml": ("sml", f"{{{NS_MAIN}}}sst"),
    CT_SML + "table+xml": ("sml", f"{{{NS_MAIN}}}table"),
    CT_SML + "comments+xml": ("sml", f"{{{NS_MAIN}}}comments"),
    CT_SML + "calcChain+xml": ("sml", f"{{{NS_MAIN}}}calcChain"),
    CT_SML + "externalLink+xml": ("sml", f"{{{NS_MAIN}}}externalLink"),
    CT_SML + "sheetMetadata+xml": ("sml", f"{{{NS_MAIN}}}metadata"),
    CT_SML + "connections+xml": ("sml", f"{{{NS_MAIN}}}connections"),
    CT_SML + "queryTable+xml": ("sml", f"{{{NS_MAIN}}}queryTable"),
    CT_SML + "pivotTable+xml": ("sml", f"{{{NS_MAIN}}}pivotTableDefinition"),
    CT_SML + "pivotCacheDefinition+xml": ("sml", f"{{{NS_MAIN}}}pivotCacheDefinition"),
    CT_SML + "pivotCacheRecords+xml": ("sml", f"{{{NS_MAIN}}}pivotCacheRecords"),
    # DrawingML
    CT_OFFICE + "drawingml.chart+xml": ("chart", f"{{{NS_C}}}chartSpace"),
    CT_OFFICE + "drawing+xml": ("xdr", f"{{{NS_XDR}}}wsDr"),
    CT_OFFICE + "drawingml.chartshapes+xml": ("chartshapes", "{http://schemas.openxmlformats.org/drawingml/2006/chart}userShapes"),
    CT_OFFICE + "theme+xml": ("dml", f"{{{NS_A}}}theme"),
    # WordprocessingML
    CT_WML + "document.main+xml": ("wml", f"{{{NS_W}}}document"),
    "application/vnd.ms-word.document.macroEnabled.main+xml": ("wml", f"{{{NS_W}}}document"),
    CT_WML + "template.main+xml": ("wml", f"{{{NS_W}}}document"),
    CT_WML + "styles+xml": ("wml", f"{{{NS_W}}}styles"),
    "application/vnd.ms-word.stylesWithEffects+xml": ("wml", f"{{{NS_W}}}styles"),
    CT_WML + "settings+xml": ("wml", f"{{{NS_W}}}settings"),
    CT_WML + "webSettings+xml": ("wml", f"{{{NS_W}}}webSettings"),
    CT_WML + "fontTable+xml": ("wml", f"{{{NS_W}}}fonts"),
    CT_WML + "numbering+xml": ("wml", f"{{{NS_W}}}numbering"),
    CT_WML + "header+xml": ("wml", f"{{{NS_W}}}hdr"),
    CT_WML + "footer+xml": ("wml", f"{{{NS_W}}}ftr"),
    CT_WML + "footnotes+xml": ("wml", f"{{{NS_W}}}footnotes"),
    CT_WML + "endnotes+xml": ("wml", f"{{{NS_W}}}endnotes"),
    CT_WML + "comments+xml": ("wml", f"{{{NS_W}}}comments"),
    # Package and document properties
    CT_RELS: ("rels", f"{{{NS_PKG_REL}}}Relationships"),
    CT_OFFICE + "extended-properties+xml": ("extended", f"{{{NS_EP}}}Properties"),
    CT_OFFICE + "custom-properties+xml": ("custom-props", "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}Properties"),
    "application/vnd.openxmlformats-package.core-properties+xml": (
        "core", "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}coreProperties"),
    CT_OFFICE + "customXmlProperties+xml": ("datastore", "{http://schemas.openxmlformats.org/officeDocument/2006/customXml}datastoreItem"),
}

SCHEMA_BY_RELATIONSHIP = {RT_CUSTOM_UI_2010: ("customui14", f"{{{NS_CUSTOM_UI}}}customUI")}
"""Parts whose content type is the generic ``application/xml``: the schema follows the relationship that points at them."""

RT_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
NS_BIBLIOGRAPHY = "http://schemas.openxmlformats.org/officeDocument/2006/bibliography"
SCHEMA_BY_CUSTOM_XML_ROOT = {f"{{{NS_BIBLIOGRAPHY}}}Sources": ("bibliography", f"{{{NS_BIBLIOGRAPHY}}}Sources")}
"""A custom XML data item holds any XML; the ones the standard defines (Word's bibliography store) are validated."""

NO_SCHEMA = {
    CT_OFFICE + "vmlDrawing": "legacy VML (comment boxes, form controls): ISO/IEC 29500-4 gives no schema for the <xml> wrapper that holds the shapes",
    "application/xml": "generic XML with no schema of its own (a custom XML data item other than a bibliography), unless a relationship names its kind",
}
"""XML content types with no vendored schema, and why: listed, so they are never skipped silently."""

NOT_XML = {
    "application/vnd.ms-office.vbaProject",
    CT_SML + "printerSettings",
    CT_OFFICE + "oleObject",
    "application/vnd.ms-excel.controlproperties+xml",  # ActiveX/form control properties: Office-only extension, no ISO schema
    "application/vnd.ms-office.activeX+xml",
    "application/vnd.ms-office.activeX",
}
"""Binary parts and Office-only extension parts that no ISO schema describes."""

@cache
def schema(key: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILES[key])))





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
        if NS_MC.encode() in package.parts[part]:  # a part that never names the namespace has nothing to apply
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
