"""``docProps/app.xml``: the sheet titles Windows shows in file properties.

New output sheets are added to the worksheet titles and their count. The
part is informational (Excel rebuilds it on save), so when its lists do not
match the workbook's worksheets as expected it is left exactly as it was.
"""

from __future__ import annotations

from xl_tracker.ooxml.namespaces import NS_EXTENDED, NS_VT
from xl_tracker.ooxml.package import safe_parser


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def set_sheet_titles(xml: bytes, before: list[str], after: list[str]) -> bytes | None:
    """app.xml with the worksheet titles ``before`` replaced by ``after`` (new sheets inserted where they go).

    ``None`` when the part does not list ``before`` as its worksheets, and is then best left as it was.
    """
    from lxml import etree

    try:
        root = etree.fromstring(xml, parser=safe_parser())
    except etree.XMLSyntaxError:
        return None
    pairs = root.find(f"{_q(NS_EXTENDED, 'HeadingPairs')}/{_q(NS_VT, 'vector')}")
    titles = root.find(f"{_q(NS_EXTENDED, 'TitlesOfParts')}/{_q(NS_VT, 'vector')}")
    if pairs is None or titles is None:
        return None
    variants = pairs.findall(_q(NS_VT, "variant"))
    offset = 0
    for count_variant in variants[1::2]:
        count_el = count_variant.find(_q(NS_VT, "i4"))
        if count_el is None:
            return None
        count = int(count_el.text or 0)
        title_els = titles.findall(_q(NS_VT, "lpstr"))
        if [t.text or "" for t in title_els[offset : offset + count]] == before:
            anchor = title_els[offset - 1] if offset else None
            for el in title_els[offset : offset + count]:
                titles.remove(el)
            for name in after:
                el = etree.Element(_q(NS_VT, "lpstr"))
                el.text = name
                if anchor is None:
                    titles.insert(0, el)
                else:
                    anchor.addnext(el)
                anchor = el
            count_el.text = str(len(after))
            titles.set("size", str(len(titles.findall(_q(NS_VT, "lpstr")))))
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        offset += count
    return None


def add_sheet_titles(xml: bytes, worksheet_names: list[str], new_names: list[str]) -> bytes:
    """app.xml with ``new_names`` after the titles of ``worksheet_names`` (the worksheets before the change)."""
    if not new_names:
        return xml
    updated = set_sheet_titles(xml, worksheet_names, [*worksheet_names, *new_names])
    return xml if updated is None else updated
