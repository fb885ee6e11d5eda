"""A drawing part (``xl/drawings/drawingN.xml``): where each chart sits over the grid.

Each chart is a graphic frame anchored from its top-left cell to the cell
``width_cols`` right and ``height_rows`` down; its relationship ID points
at the chart part in the drawing's own relationship part.
"""

from __future__ import annotations

from lxml import etree

from xl_tracker.ooxml.namespaces import NS_A, NS_CHART, NS_DRAWING, NS_REL
from xl_tracker.ooxml.xmltext import clean
from xl_tracker.outputs.model import Chart

_X = f"{{{NS_DRAWING}}}"
_A = f"{{{NS_A}}}"


def _cell(parent: etree._Element, tag: str, col: int, row: int) -> None:
    corner = etree.SubElement(parent, _X + tag)
    for name, value in (("col", col), ("colOff", 0), ("row", row), ("rowOff", 0)):
        etree.SubElement(corner, _X + name).text = str(value)


def drawing_xml(charts: list[tuple[Chart, str]]) -> bytes:
    """``charts`` are (chart, relationship ID of its chart part)."""
    root = etree.Element(_X + "wsDr", nsmap={"xdr": NS_DRAWING, "a": NS_A})
    for n, (chart, rid) in enumerate(charts, start=1):
        anchor = etree.SubElement(root, _X + "twoCellAnchor", editAs="oneCell")
        _cell(anchor, "from", chart.anchor_col, chart.anchor_row)
        _cell(anchor, "to", chart.anchor_col + chart.width_cols, chart.anchor_row + chart.height_rows)
        frame = etree.SubElement(anchor, _X + "graphicFrame", macro="")
        properties = etree.SubElement(frame, _X + "nvGraphicFramePr")
        etree.SubElement(properties, _X + "cNvPr", id=str(n + 1), name=f"Chart {n}", descr=clean(chart.title))
        etree.SubElement(properties, _X + "cNvGraphicFramePr")
        xfrm = etree.SubElement(frame, _X + "xfrm")
        etree.SubElement(xfrm, _A + "off", x="0", y="0")
        etree.SubElement(xfrm, _A + "ext", cx="0", cy="0")
        data = etree.SubElement(etree.SubElement(frame, _A + "graphic"), _A + "graphicData", uri=NS_CHART)
        etree.SubElement(data, f"{{{NS_CHART}}}chart", {f"{{{NS_REL}}}id": rid}, nsmap={"c": NS_CHART, "r": NS_REL})
        etree.SubElement(anchor, _X + "clientData")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
