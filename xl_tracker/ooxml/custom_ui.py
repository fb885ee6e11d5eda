"""The parts that make a workbook package a macro-enabled workbook with its own ribbon tab.

Three things turn the package XlsxWriter and pyOpenVBA write into one Excel
opens as an ``.xlsm`` with a "CHMT Tracker" tab:

- the workbook part's content type is the macro-enabled one
  (:data:`CT_MACRO_ENABLED_MAIN`). Excel refuses an ``.xlsm`` whose workbook
  part says ``sheet.main+xml``, and adding a VBA project does not change it;
- the ribbon XML is a part of its own, ``customUI/customUI14.xml``, related
  from the package (``_rels/.rels``) with the 2007 ``ui/extensibility``
  relationship type, which Office 2010 and later use for the 2009/07
  customUI namespace too;
- that part has a content type: ``application/xml``, through the package's
  ``xml`` Default as the Office Custom UI Editor leaves it, or an Override
  when the Default says something else.

Everything else in the package is copied unchanged, entry by entry.
"""

from __future__ import annotations

import os
import posixpath
import tempfile
import zipfile
from pathlib import Path

from xl_tracker.ooxml.package import NS_CT, NS_PKG_REL, RT_OFFICE_DOCUMENT, resolve_target, safe_parser

CT_MACRO_ENABLED_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_XML = "application/xml"
RT_UI_EXTENSIBILITY = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
CUSTOM_UI_PART = "customUI/customUI14.xml"
NS_CUSTOM_UI_2009 = "http://schemas.microsoft.com/office/2009/07/customui"
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"


_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def _serialise(root) -> bytes:
    """The part as Excel writes its package parts: double-quoted declaration, CRLF, then the XML."""
    from lxml import etree

    return _DECLARATION + etree.tostring(root, encoding="UTF-8")


def _workbook_part(rels_root) -> str:
    for rel in rels_root.iter(f"{{{NS_PKG_REL}}}Relationship"):
        if rel.get("Type") == RT_OFFICE_DOCUMENT:
            return resolve_target("", rel.get("Target", ""))
    return "xl/workbook.xml"


def _with_ribbon_relationship(rels_xml: bytes) -> tuple[bytes, str]:
    """``_rels/.rels`` relating :data:`CUSTOM_UI_PART` (any earlier ribbon relationship replaced), and the workbook part."""
    from lxml import etree

    root = etree.fromstring(rels_xml, parser=safe_parser())
    for rel in list(root.iter(f"{{{NS_PKG_REL}}}Relationship")):
        if rel.get("Type") == RT_UI_EXTENSIBILITY:
            root.remove(rel)
    taken = {rel.get("Id") for rel in root.iter(f"{{{NS_PKG_REL}}}Relationship")}
    number = 1
    while f"rId{number}" in taken:
        number += 1
    etree.SubElement(
        root, f"{{{NS_PKG_REL}}}Relationship",
        Id=f"rId{number}", Type=RT_UI_EXTENSIBILITY, Target=CUSTOM_UI_PART,
    )
    return _serialise(root), _workbook_part(root)


def _with_content_types(types_xml: bytes, workbook_part: str) -> bytes:
    """``[Content_Types].xml`` with the macro-enabled workbook type and a type for the ribbon part."""
    from lxml import etree

    root = etree.fromstring(types_xml, parser=safe_parser())
    overrides = {o.get("PartName", "").lstrip("/"): o for o in root.iter(f"{{{NS_CT}}}Override")}
    main = overrides.get(workbook_part)
    if main is None:
        etree.SubElement(root, f"{{{NS_CT}}}Override", PartName="/" + workbook_part, ContentType=CT_MACRO_ENABLED_MAIN)
    else:
        main.set("ContentType", CT_MACRO_ENABLED_MAIN)
    defaults = {d.get("Extension", "").casefold(): d for d in root.iter(f"{{{NS_CT}}}Default")}
    ribbon = overrides.get(CUSTOM_UI_PART)
    if ribbon is not None:
        ribbon.set("ContentType", CT_XML)
    elif "xml" not in defaults or defaults["xml"].get("ContentType") != CT_XML:
        etree.SubElement(root, f"{{{NS_CT}}}Override", PartName="/" + CUSTOM_UI_PART, ContentType=CT_XML)
    return _serialise(root)


def check_custom_ui(custom_ui: bytes) -> None:
    """Refuse ribbon XML that is not well-formed or not in the 2009/07 customUI namespace (Excel would ignore it silently)."""
    from lxml import etree

    root = etree.fromstring(custom_ui, parser=safe_parser())
    if root.tag != f"{{{NS_CUSTOM_UI_2009}}}customUI":
        raise ValueError(f"the ribbon XML's root must be customUI in {NS_CUSTOM_UI_2009}, not {root.tag}")


def make_macro_enabled(source: str | Path, dest: str | Path, custom_ui: bytes) -> Path:
    """Copy the package at ``source`` to ``dest`` as a macro-enabled workbook carrying ``custom_ui`` as its ribbon.

    ``dest`` is written through a temporary file in its folder and replaced
    at the end, so a failure never leaves half a workbook behind.
    """
    check_custom_ui(custom_ui)
    source, dest = Path(source), Path(dest)
    with zipfile.ZipFile(source) as zin:
        names = zin.namelist()
        rels, workbook_part = _with_ribbon_relationship(zin.read(PACKAGE_RELS))
        replaced = {
            PACKAGE_RELS: rels,
            CONTENT_TYPES: _with_content_types(zin.read(CONTENT_TYPES), workbook_part),
            CUSTOM_UI_PART: custom_ui,
        }
        fd, tmp = tempfile.mkstemp(prefix=".xl-tracker-", suffix=".xlsm", dir=dest.parent)
        os.close(fd)
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
                for name in names:
                    info = zin.getinfo(name)
                    data = replaced.pop(name, None)
                    zout.writestr(info, data if data is not None else zin.read(name), zipfile.ZIP_DEFLATED)
                for name, data in replaced.items():
                    zout.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return dest


def custom_ui_of(path: str | Path) -> bytes | None:
    """The ribbon XML a workbook file carries (the part its ``ui/extensibility`` relationship names), or None."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        if PACKAGE_RELS not in z.namelist():
            return None
        root = etree.fromstring(z.read(PACKAGE_RELS), parser=safe_parser())
        for rel in root.iter(f"{{{NS_PKG_REL}}}Relationship"):
            if rel.get("Type") == RT_UI_EXTENSIBILITY:
                part = posixpath.normpath(resolve_target("", rel.get("Target", "")))
                return z.read(part) if part in z.namelist() else None
    return None
