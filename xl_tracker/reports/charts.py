"""The baseline-vs-latest chart: a native Word chart written as DrawingML text.

A native chart (``word/charts/chartN.xml``) is a few kilobytes of XML made
from the numbers with string formatting: no plotting library is imported, it
costs well under a millisecond, prints sharp at any size, and a manager can
restyle it in Word (Chart Design) like any chart they made. The values are
literal (``c:numLit``), so Word and LibreOffice draw it without an embedded
workbook; "Edit data" in Word is the one thing that needs a workbook and is
not offered.

A template places the chart with ``{{ chart }}`` alone in a paragraph; the
renderer adds the chart part, its relationship and its content type to the
report only when the template used it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
EMU_PER_INCH = 914400

BASELINE_COLOUR = "A5A5A5"
LATEST_COLOUR = "1F4E79"
FONT = "Calibri"


@dataclass(frozen=True)
class BarChart:
    """A clustered column chart: one category per indicator, one series per round (Baseline, Latest).

    ``values`` holds one tuple per series, ``None`` where a score is blank
    (drawn as a gap). ``number`` makes the part name and relationship ID
    unique within a report.
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    axis_min: float
    axis_max: float
    number: int = 1
    width_in: float = 6.0
    height_in: float = 2.6

    @property
    def rel_id(self) -> str:
        return f"rIdXlChart{self.number}"

    @property
    def part_name(self) -> str:
        return f"word/charts/xlchart{self.number}.xml"

    def __html__(self) -> str:
        """The run that shows the chart in the paragraph where ``{{ chart }}`` stands."""
        return inline_drawing(self)

    def __str__(self) -> str:
        return self.title


def inline_drawing(chart: BarChart) -> str:
    """Close the template's text run, add a run holding the chart, reopen a text run."""
    cx = int(chart.width_in * EMU_PER_INCH)
    cy = int(chart.height_in * EMU_PER_INCH)
    return (
        "</w:t></w:r><w:r><w:drawing>"
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{9000 + chart.number}" name="Chart {chart.number}" descr="{escape(chart.title, {chr(34): "&quot;"})}"/>'
        "<wp:cNvGraphicFramePr/>"
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{chart.rel_id}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        '<w:r><w:t xml:space="preserve">'
    )


def _text_properties(size_hundredths: int, bold: bool = False) -> str:
    b = ' b="1"' if bold else ' b="0"'
    return (
        "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>"
        f'<a:defRPr sz="{size_hundredths}"{b}><a:solidFill><a:srgbClr val="404040"/></a:solidFill>'
        f'<a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/></a:defRPr>'
        '</a:pPr><a:endParaRPr lang="en-GB"/></a:p></c:txPr>'
    )


def _series(index: int, name: str, colour: str, categories: tuple[str, ...], values: tuple[float | None, ...]) -> str:
    cats = "".join(f'<c:pt idx="{i}"><c:v>{escape(c)}</c:v></c:pt>' for i, c in enumerate(categories))
    vals = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(values) if v is not None)
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx><c:v>{escape(name)}</c:v></c:tx>'
        f'<c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></c:spPr>'
        '<c:invertIfNegative val="0"/>'
        '<c:dLbls><c:numFmt formatCode="0.00" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f"{_text_properties(800)}"
        '<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
        f'<c:cat><c:strLit><c:ptCount val="{len(categories)}"/>{cats}</c:strLit></c:cat>'
        f'<c:val><c:numLit><c:formatCode>0.00</c:formatCode><c:ptCount val="{len(categories)}"/>{vals}</c:numLit></c:val>'
        "</c:ser>"
    )


def major_unit(low: float, high: float) -> float:
    """A round gridline step giving at most 6 intervals: 1 on a 1-5 scale, 2 on 0-10, 20 on 0-100."""
    span = max(high - low, 1e-9)
    magnitude = 10 ** math.floor(math.log10(span / 10))
    for multiple in (1, 2, 2.5, 5, 10, 20, 25, 50, 100):
        step = multiple * magnitude
        if span / step <= 6:
            return float(f"{step:.6g}")
    return span


def chart_part(chart: BarChart) -> bytes:
    """The ``c:chartSpace`` part for ``chart`` (element order as the DrawingML schema requires)."""
    colours = (BASELINE_COLOUR, LATEST_COLOUR, "ED7D31", "70AD47")
    series = "".join(
        _series(i, name, colours[i % len(colours)], chart.categories, vals)
        for i, (name, vals) in enumerate(zip(chart.series, chart.values))
    )
    grid = '<c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>'
    axis_line = '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>'
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<c:lang val="en-GB"/><c:roundedCorners val="0"/>'
        "<c:chart>"
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1100" b="1"><a:latin typeface="{FONT}"/></a:defRPr></a:pPr>'
        f'<a:r><a:rPr lang="en-GB" sz="1100" b="1"><a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill><a:latin typeface="{FONT}"/></a:rPr><a:t>{escape(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>'
        '<c:overlay val="0"/></c:title>'
        '<c:autoTitleDeleted val="0"/>'
        "<c:plotArea><c:layout/>"
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        f"{series}"
        '<c:gapWidth val="80"/><c:overlap val="-5"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>'
        '<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="low"/>{axis_line}{_text_properties(900)}'
        '<c:crossAx val="50010002"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/>'
        f'<c:max val="{chart.axis_max!r}"/><c:min val="{chart.axis_min!r}"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="l"/><c:majorGridlines>{grid}</c:majorGridlines><c:numFmt formatCode="0" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>{_text_properties(900)}'
        '<c:crossAx val="50010001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        f'<c:majorUnit val="{major_unit(chart.axis_min, chart.axis_max)!r}"/></c:valAx>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        "</c:plotArea>"
        f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_text_properties(900)}</c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>'
        "</c:chart>"
        '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        "</c:chartSpace>"
    )
    return xml.encode("utf-8")


def score_chart(
    title: str,
    categories: list[str],
    baseline: list[float | None],
    latest: list[float | None],
    scale_min: float,
    scale_max: float,
    series_names: tuple[str, str] = ("Baseline", "Latest"),
    number: int = 1,
) -> BarChart:
    """Baseline and latest score per indicator, on an axis from the scale minimum (or 0) to its maximum."""
    return BarChart(
        title=title,
        categories=tuple(categories),
        series=series_names,
        values=(tuple(baseline), tuple(latest)),
        axis_min=0.0 if scale_min > 0 else float(scale_min),
        axis_max=float(scale_max),
        number=number,
    )
