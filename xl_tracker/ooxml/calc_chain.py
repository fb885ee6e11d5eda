"""``xl/calcChain.xml``: Excel's order of formula cells; entries of rewritten sheets are dropped.

Each ``<c>`` names a cell and, in ``i``, its sheetId; an entry without ``i``
belongs to the sheet of the entry before it. Output sheets hold no
formulas after a refresh, so their entries go; an entry left behind that
inherited its sheet from a dropped one gets its ``i`` written out.
"""

from __future__ import annotations

from xl_tracker.ooxml.namespaces import NS_MAIN
from xl_tracker.ooxml.package import safe_parser


def drop_sheets(xml: bytes, sheet_ids: set[int]) -> bytes | None:
    """calcChain without the entries of ``sheet_ids``: same bytes if none, ``None`` when nothing is left."""
    from lxml import etree

    root = etree.fromstring(xml, parser=safe_parser())
    entries = [c for c in root if isinstance(c.tag, str) and c.tag == f"{{{NS_MAIN}}}c"]
    current = 0
    effective = []
    for c in entries:
        if c.get("i") is not None:
            try:
                current = int(c.get("i"))
            except ValueError:
                pass
        effective.append(current)
    if not any(i in sheet_ids for i in effective):
        return xml
    previous_kept = None
    for c, sheet in zip(entries, effective):
        if sheet in sheet_ids:
            root.remove(c)
            continue
        if c.get("i") is None and previous_kept != sheet:
            c.set("i", str(sheet))
        previous_kept = sheet
    if len([c for c in root if isinstance(c.tag, str)]) == 0:
        return None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
