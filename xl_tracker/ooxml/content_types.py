"""``[Content_Types].xml``: the content type of every part, by extension default or by override.

Only Overrides of parts we remove or add change; Defaults and every other
Override stay as they were. When the set of overrides ends where it began
(a second refresh re-creates the same part names) the original bytes are kept.
"""

from __future__ import annotations

from xl_tracker.ooxml.namespaces import NS_CT
from xl_tracker.ooxml.package import safe_parser

PART = "[Content_Types].xml"
_OVERRIDE = f"{{{NS_CT}}}Override"
_DEFAULT = f"{{{NS_CT}}}Default"


class ContentTypes:
    def __init__(self, xml: bytes):
        from lxml import etree

        self.original = xml
        self.root = etree.fromstring(xml, parser=safe_parser())
        self._before = self._state()

    def _state(self) -> frozenset[tuple[str, str]]:
        return frozenset((o.get("PartName", "").casefold(), o.get("ContentType", "")) for o in self.root.iter(_OVERRIDE))

    def content_type(self, part: str) -> str | None:
        key = "/" + part.casefold()
        for o in self.root.iter(_OVERRIDE):
            if o.get("PartName", "").casefold() == key:
                return o.get("ContentType")
        ext = part.rsplit(".", 1)[-1].casefold()
        for d in self.root.iter(_DEFAULT):
            if d.get("Extension", "").casefold() == ext:
                return d.get("ContentType")
        return None

    def remove(self, parts: set[str]) -> None:
        keys = {"/" + p.casefold() for p in parts}
        for o in list(self.root.iter(_OVERRIDE)):
            if o.get("PartName", "").casefold() in keys:
                self.root.remove(o)

    def set(self, part: str, content_type: str) -> None:
        from lxml import etree

        self.remove({part})
        etree.SubElement(self.root, _OVERRIDE, PartName="/" + part, ContentType=content_type)

    @property
    def changed(self) -> bool:
        return self._state() != self._before

    def to_bytes(self) -> bytes:
        from lxml import etree

        if not self.changed:
            return self.original
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
