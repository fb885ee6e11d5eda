"""Relationship parts (``_rels/*.rels``): which part points at which, by ID and type.

Existing relationship parts are edited in place with lxml so that every
relationship they held stays as it was; new ones (for parts we create)
are written from scratch.
"""

from __future__ import annotations

import posixpath

from xl_tracker.ooxml.namespaces import NS_PKG_REL
from xl_tracker.ooxml.package import resolve_target, safe_parser
from xl_tracker.ooxml.xmltext import escape_attr

_REL = f"{{{NS_PKG_REL}}}Relationship"


def source_of(rels_part: str) -> str:
    """``xl/_rels/workbook.xml.rels`` -> ``xl/workbook.xml``; ``_rels/.rels`` -> ``""`` (the package)."""
    directory, name = posixpath.split(rels_part)
    parent = posixpath.dirname(directory)
    return posixpath.join(parent, name[: -len(".rels")]) if name != ".rels" else ""


def relative_target(source_part: str, target_part: str) -> str:
    """The Target a relationship from ``source_part`` writes to reach ``target_part``."""
    return posixpath.relpath(target_part, posixpath.dirname(source_part) or ".")


class Relationships:
    """An existing relationship part, editable: ``add`` and ``remove`` change only what they name."""

    def __init__(self, part: str, xml: bytes | None):
        from lxml import etree

        self.part = part
        self.source = source_of(part)
        self.original = xml
        if xml is None:
            self.root = etree.Element(_REL[:-len("Relationship")] + "Relationships", nsmap={None: NS_PKG_REL})
        else:
            self.root = etree.fromstring(xml, parser=safe_parser())
        self.changed = xml is None

    def __iter__(self):
        return iter(self.root.iter(_REL))

    def targets(self, rel_type: str | None = None) -> dict[str, str]:
        """Relationship ID -> part name of every internal relationship (of one type if given)."""
        out = {}
        for rel in self:
            if rel.get("TargetMode") == "External":
                continue
            if rel_type is None or rel.get("Type") == rel_type:
                out[rel.get("Id")] = resolve_target(self.source, rel.get("Target", ""))
        return out

    def add(self, rel_type: str, target_part: str) -> str:
        from lxml import etree

        ids = {rel.get("Id") for rel in self}
        n = len(ids) + 1
        while f"rId{n}" in ids:
            n += 1
        rid = f"rId{n}"
        etree.SubElement(self.root, _REL, Id=rid, Type=rel_type, Target=relative_target(self.source, target_part))
        self.changed = True
        return rid

    def remove_to(self, parts: set[str]) -> None:
        """Drop the relationships whose target is one of ``parts``."""
        for rel in list(self):
            if rel.get("TargetMode") != "External" and resolve_target(self.source, rel.get("Target", "")) in parts:
                self.root.remove(rel)
                self.changed = True

    def to_bytes(self) -> bytes:
        from lxml import etree

        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def new_relationships_xml(rels: list[tuple[str, str, str]]) -> bytes:
    """A relationship part from (ID, type, target) triples."""
    body = "".join(
        f'<Relationship Id="{escape_attr(rid)}" Type="{escape_attr(rtype)}" Target="{escape_attr(target)}"/>'
        for rid, rtype, target in rels
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>'
    ).encode("utf-8")
