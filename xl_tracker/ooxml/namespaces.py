"""Namespaces, relationship types and content types of the parts the output writer touches."""

from __future__ import annotations

from xl_tracker.ooxml.package import NS_CT, NS_MAIN, NS_PKG_REL, NS_REL, RT_OFFICE_DOCUMENT, RT_WORKSHEET

NS_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_TABLE = _RT + "table"
RT_DRAWING = _RT + "drawing"
RT_CHART = _RT + "chart"
RT_STYLES = _RT + "styles"
RT_CALC_CHAIN = _RT + "calcChain"
RT_EXTENDED_PROPERTIES = _RT + "extended-properties"
RT_SHARED_STRINGS = _RT + "sharedStrings"

_CT = "application/vnd.openxmlformats-officedocument."
CT_WORKSHEET = _CT + "spreadsheetml.worksheet+xml"
CT_TABLE = _CT + "spreadsheetml.table+xml"
CT_DRAWING = _CT + "drawing+xml"
CT_CHART = _CT + "drawingml.chart+xml"
CT_STYLES = _CT + "spreadsheetml.styles+xml"
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"

__all__ = [
    "NS_MAIN", "NS_REL", "NS_PKG_REL", "NS_CT", "NS_DRAWING", "NS_A", "NS_CHART", "NS_EXTENDED", "NS_VT", "NS_W", "NS_WP",
    "RT_OFFICE_DOCUMENT", "RT_WORKSHEET", "RT_TABLE", "RT_DRAWING", "RT_CHART", "RT_STYLES", "RT_CALC_CHAIN",
    "RT_EXTENDED_PROPERTIES", "RT_SHARED_STRINGS", "CT_WORKSHEET", "CT_TABLE", "CT_DRAWING", "CT_CHART", "CT_STYLES", "CT_RELATIONSHIPS",
]
