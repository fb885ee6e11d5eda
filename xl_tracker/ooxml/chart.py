"""A chart part (``xl/charts/chartN.xml``): a native clustered column or bar chart.

Series refer to cells of the output sheet (Excel redraws from them) and
carry a cache of the values written, so a reader that does not recalculate
(LibreOffice on open, a previewer) shows the same bars.
"""

from __future__ import annotations

import math

from xl_tracker.ooxml.namespaces import NS_A, NS_CHART, NS_REL
from xl_tracker.ooxml.xmltext import escape_text
from xl_tracker.outputs.model import CellRange, Chart, SheetContent

_CAT_AXIS, _VAL_AXIS = 50010001, 50010002


def _cells(grid: list[tuple], rng: CellRange) -> list[object]:
    out = []
    for r in range(rng.first_row, rng.last_row + 1):
        row = grid[r] if r < len(grid) else ()
        for c in range(rng.first_col, rng.last_col + 1):
            out.append(row[c] if c < len(row) else None)
    return out


def _str_cache(values: list[object]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{escape_text(str(v))}</c:v></c:pt>' for i, v in enumerate(values) if v is not None)
    return f'<c:strCache><c:ptCount val="{len(values)}"/>{pts}</c:strCache>'


def _num_cache(values: list[object]) -> str:
    pts = "".join(
        f'<c:pt idx="{i}"><c:v>{float(v)!r}</c:v></c:pt>'
        for i, v in enumerate(values)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    )
    return f'<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{len(values)}"/>{pts}</c:numCache>'


def _rich(text: str, size: int) -> str:
    return (
        f'<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="1"/></a:pPr>'
        f'<a:r><a:rPr lang="en-US" sz="{size}" b="1"/><a:t>{escape_text(text)}</a:t></a:r></a:p></c:rich></c:tx>'
    )


def chart_xml(chart: Chart, content: SheetContent) -> bytes:
    grid = content.grid()
    series = []
    for i, s in enumerate(chart.series):
        series.append(
            f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/><c:tx><c:v>{escape_text(s.name)}</c:v></c:tx>'
            '<c:invertIfNegative val="0"/>'
            f"<c:cat><c:strRef><c:f>{escape_text(s.categories.formula())}</c:f>{_str_cache(_cells(grid, s.categories))}</c:strRef></c:cat>"
            f"<c:val><c:numRef><c:f>{escape_text(s.values.formula())}</c:f>{_num_cache(_cells(grid, s.values))}</c:numRef></c:val>"
            "</c:ser>"
        )
    horizontal = chart.kind == "bar"
    value_format = "0%" if chart.percent_axis else "General"
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{NS_CHART}" xmlns:a="{NS_A}" xmlns:r="{NS_REL}">'
        '<c:roundedCorners val="0"/><c:chart>'
        f'<c:title>{_rich(chart.title, 1200)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        "<c:plotArea><c:layout/>"
        f'<c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        f'{"".join(series)}<c:gapWidth val="150"/><c:axId val="{_CAT_AXIS}"/><c:axId val="{_VAL_AXIS}"/></c:barChart>'
        f'<c:catAx><c:axId val="{_CAT_AXIS}"/><c:scaling><c:orientation val="{"maxMin" if horizontal else "minMax"}"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{"l" if horizontal else "b"}"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        f'<c:tickLblPos val="low"/><c:crossAx val="{_VAL_AXIS}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{_VAL_AXIS}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="{"b" if horizontal else "l"}"/><c:majorGridlines/><c:numFmt formatCode="{value_format}" sourceLinked="0"/>'
        f'<c:tickLblPos val="nextTo"/><c:crossAx val="{_CAT_AXIS}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
        "</c:plotArea>"
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>'
        "</c:chart></c:chartSpace>"
    )
    return xml.encode("utf-8")
