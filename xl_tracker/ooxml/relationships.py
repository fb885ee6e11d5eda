"""Relationship parts (``_rels/*.rels``): which part points at which, by ID and type.

Existing relationship parts are edited in place with lxml so that every
relationship they held stays as it was; new ones (for parts we create)
are built from scratch, with lxml too.
"""

from __future__ import annotations

import posixpath

from xl_tracker.ooxml.namespaces import NS_PKG_REL
from xl_tracker.ooxml.package import resolve_target, safe_parser

_REL = f"{{{NS_PKG_REL}}}Relationship"
_RELS = f"{{{NS_PKG_REL}}}Relationships"


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
            self.root = etree.Element(_RELS, nsmap={None: NS_PKG_REL})
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

    def add(self, rel_type: str, target_part: str, rid: str | None = None) -> str:
        """A relationship to ``target_part``: with a new ``rIdN``, or with ``rid`` (replacing one of that ID)."""
        from lxml import etree

        if rid is None:
            ids = {rel.get("Id") for rel in self}
            n = len(ids) + 1
            while f"rId{n}" in ids:
                n += 1
            rid = f"rId{n}"
        else:
            for rel in list(self):
                if rel.get("Id") == rid:
                    self.root.remove(rel)
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
    from lxml import etree

    root = etree.Element(_RELS, nsmap={None: NS_PKG_REL})
    for rid, rtype, target in rels:
        etree.SubElement(root, _REL, Id=rid, Type=rtype, Target=target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
