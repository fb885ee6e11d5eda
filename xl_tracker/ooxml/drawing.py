"""A drawing part (``xl/drawings/drawingN.xml``): where each chart sits over the grid.

Each chart is a graphic frame anchored from its top-left cell to the cell
``width_cols`` right and ``height_rows`` down; its relationship ID points
at the chart part in the drawing's own relationship part.
"""

from __future__ import annotations

from xl_tracker.ooxml.namespaces import NS_A, NS_CHART, NS_DRAWING, NS_REL
from xl_tracker.ooxml.xmltext import escape_attr
from xl_tracker.outputs.model import Chart


def drawing_xml(charts: list[tuple[Chart, str]]) -> bytes:
    """``charts`` are (chart, relationship ID of its chart part)."""
    anchors = []
    for n, (chart, rid) in enumerate(charts, start=1):
        anchors.append(
            '<xdr:twoCellAnchor editAs="oneCell">'
            f"<xdr:from><xdr:col>{chart.anchor_col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{chart.anchor_row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f"<xdr:to><xdr:col>{chart.anchor_col + chart.width_cols}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{chart.anchor_row + chart.height_rows}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{n + 1}" name="Chart {n}" descr="{escape_attr(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
            f'<a:graphic><a:graphicData uri="{NS_CHART}"><c:chart xmlns:c="{NS_CHART}" xmlns:r="{NS_REL}" r:id="{rid}"/></a:graphicData></a:graphic>'
            "</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<xdr:wsDr xmlns:xdr="{NS_DRAWING}" xmlns:a="{NS_A}">{"".join(anchors)}</xdr:wsDr>'
    )
    return xml.encode("utf-8")
