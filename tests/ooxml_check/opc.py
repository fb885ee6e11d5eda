"""The package as a reader sees it: parts by name, content types, relationships (ECMA-376 Part 2, OPC)."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

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

CT_OFFICE = "application/vnd.openxmlformats-officedocument."
CT_SML = CT_OFFICE + "spreadsheetml."
CT_WML = CT_OFFICE + "wordprocessingml."
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
CONTENT_TYPES_PART = "[Content_Types].xml"
RT_CUSTOM_UI_2010 = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
RT_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
RT_CHARTSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet"
RT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"



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
        """The part a relationship of ``source`` points at (absolute targets start with '/').

        A fragment is no part of the name; a target that is only a fragment
        (``#Sheet1!A1``, Excel's link from a shape to a cell) is the source itself.
        """
        target = rel.get("Target", "").split("#", 1)[0]
        if not target:
            return source
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
            source = source_of_rels(rels)
            if source is None:
                continue
            for rel in self.relationships(source):
                if rel.get("TargetMode") != "External":
                    out.setdefault(self.target(source, rel), set()).add(rel.get("Type"))
        return out


def source_of_rels(rels: str) -> str | None:
    """``xl/_rels/workbook.xml.rels`` -> ``xl/workbook.xml``; ``_rels/.rels`` -> ``""`` (the package)."""
    directory, name = posixpath.split(rels)
    if posixpath.basename(directory) != "_rels" or not name.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(directory), name[: -len(".rels")])
