"""The package rules that schemas cannot express: they look across parts."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .opc import (
    CT_OFFICE, CT_SML, CT_WML, CONTENT_TYPES_PART, NS_EP, NS_MAIN, NS_R, NS_VT, RT_CHARTSHEET, RT_TABLE, RT_WORKSHEET,
    Package, source_of_rels,
)
from .schemas import SCHEMA_BY_CONTENT_TYPE

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
    """Every cell with a value, as text: (row, column) -> text.

    A cell without ``r`` is the next column of its row (the next row for a
    row without ``r``), as Excel and LibreOffice place it.
    """
    out: dict[tuple[int, int], str] = {}
    row = col = 0
    parent = None
    for c in sheet.iter(f"{{{NS_MAIN}}}c"):
        if c.getparent() is not parent:
            parent = c.getparent()
            row, col = int(parent.get("r") or row + 1), 0
        ref = c.get("r")
        if ref is None:
            col += 1
        else:
            row, col, _, _ = parse_ref(ref)
        _cell_value(c, strings, out, row, col)
    return out


def _cell_value(c: etree._Element, strings: list[str], out: dict[tuple[int, int], str], row: int, col: int) -> None:
    kind = c.get("t", "n")
    if kind == "inlineStr":
        text = "".join(t.text or "" for t in c.iter(f"{{{NS_MAIN}}}t"))
    else:
        v = c.find(f"{{{NS_MAIN}}}v")
        if v is None or v.text is None:
            return
        text = strings[int(v.text)] if kind == "s" and int(v.text) < len(strings) else v.text
    out[(row, col)] = text


def _workbook_part(package: Package) -> str | None:
    parts = package.related("", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument")
    return parts[0] if parts and parts[0] in package.parts else None


def sheets(package: Package, workbook: str) -> list[tuple[str, str, str]]:
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
    for sheet_name, sheet_part, rel_type in sheets(package, workbook):
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
        if package.content_type(part) != CT_SML + "table+xml":
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
        source = source_of_rels(rels)
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
        if part == CONTENT_TYPES_PART or not (content_type.endswith("xml") or content_type == CT_OFFICE + "vmlDrawing"):
            continue
        try:
            root = etree.fromstring(package.parts[part])
        except etree.XMLSyntaxError:
            continue
        ids = {r.get("Id") for r in package.relationships(part)}
        for attribute in root.xpath("//@*[namespace-uri() = $ns]", ns=NS_R):
            if attribute not in ids:
                element, name = attribute.getparent(), etree.QName(attribute.attrname).localname
                problems.append(f"{part}: {etree.QName(element).localname}/@r:{name}={str(attribute)!r} has no relationship")
    return problems


_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CONTENT_TYPES_BY_RELATIONSHIP: dict[str, set[str]] = {
    _RT + "officeDocument": {ct for ct, (_, root) in SCHEMA_BY_CONTENT_TYPE.items() if root.endswith(("}workbook", "}document"))},
    _RT + "worksheet": {CT_SML + "worksheet+xml"},
    _RT + "chartsheet": {CT_SML + "chartsheet+xml"},
    _RT + "table": {CT_SML + "table+xml"},
    _RT + "styles": {CT_SML + "styles+xml", CT_WML + "styles+xml"},
    _RT + "sharedStrings": {CT_SML + "sharedStrings+xml"},
    _RT + "theme": {CT_OFFICE + "theme+xml"},
    _RT + "drawing": {CT_OFFICE + "drawing+xml"},
    _RT + "chart": {CT_OFFICE + "drawingml.chart+xml"},
    _RT + "comments": {CT_SML + "comments+xml", CT_WML + "comments+xml"},
    _RT + "calcChain": {CT_SML + "calcChain+xml"},
    _RT + "vmlDrawing": {CT_OFFICE + "vmlDrawing"},
    _RT + "extended-properties": {CT_OFFICE + "extended-properties+xml"},
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties": {
        "application/vnd.openxmlformats-package.core-properties+xml"},
    _RT + "header": {CT_WML + "header+xml"},
    _RT + "footer": {CT_WML + "footer+xml"},
    _RT + "numbering": {CT_WML + "numbering+xml"},
    _RT + "settings": {CT_WML + "settings+xml"},
    _RT + "fontTable": {CT_WML + "fontTable+xml"},
    _RT + "webSettings": {CT_WML + "webSettings+xml"},
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
    shown = {s.get("name") for s in package.xml(workbook).iter(f"{{{NS_MAIN}}}sheet") if s.get("state") != "veryHidden"}
    listed = [s for s in sheets(package, workbook) if s[0] in shown]  # Excel leaves very hidden sheets out
    expected = {"Worksheets": [n for n, _, t in listed if t == RT_WORKSHEET],
                "Charts": [n for n, _, t in listed if t == RT_CHARTSHEET]}
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
               if package.content_type(p) in (CT_SML + "worksheet+xml", CT_SML + "table+xml")]
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


def package_problems(source: Path | Package, parts: list[str] | None = None) -> list[str]:
    """Every package-level rule; ``parts`` limits the per-part rules (tables, r:ids, style indices) to the parts named."""
    package = source if isinstance(source, Package) else Package.read(source)
    return (table_problems(package, parts) + table_identity_problems(package) + relationship_problems(package, parts)
            + content_type_problems(package) + app_properties_problems(package) + style_problems(package, parts))
