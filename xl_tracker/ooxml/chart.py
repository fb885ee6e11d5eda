"""A chart part (``xl/charts/chartN.xml``, ``word/charts/…``): native column, bar, line and scatter charts.

The one chart builder: the workbook's charts (the Dashboard's bars and its
commitment-and-change scatter, the Run charts sheet's run chart) and the
reports' (bars, lines, dots, run charts, the team's scatter) share its
elements, so one DrawingML kind is written one way.
The part is built with lxml, never as text, so a category or title typed
in a workbook (``<``, ``&``, ``]]>``, control characters, emoji) is data and
cannot change the XML around it; characters XML 1.0 cannot hold are dropped.

A series either refers to cells (a workbook's chart: Excel redraws from
them) and carries a cache of the values written, so a reader that does not
recalculate (LibreOffice on open, a previewer) shows the same bars; or it
holds its values literally (a report's chart: Word and LibreOffice draw it
without an embedded workbook). :class:`ChartLook` adds the styling a
report's chart carries (fonts, colours, data labels, fixed axis); without
it the chart takes the application's defaults, as the Dashboard's do.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from xl_tracker.ooxml.namespaces import NS_A, NS_CHART, NS_REL
from xl_tracker.ooxml.xmltext import clean
from xl_tracker.outputs.model import CellRange, Chart, Formula, SheetContent

_C = f"{{{NS_CHART}}}"
_A = f"{{{NS_A}}}"
_NSMAP = {"c": NS_CHART, "a": NS_A, "r": NS_REL}
_CAT_AXIS, _VAL_AXIS = "50010001", "50010002"
_EPOCH = dt.datetime(1899, 12, 30)


BASELINE_COLOUR = "A5A5A5"
LATEST_COLOUR = "1F4E79"
SERIES_COLOURS = (BASELINE_COLOUR, LATEST_COLOUR, "ED7D31", "70AD47")
"""Bar series' fills, in series order, in workbooks and reports alike (a baseline grey, the latest dark blue).

A workbook's bars get them too: a bar with no fill of its own takes the
theme's colour, and a workbook without a theme part (the programme
workbook) has none, so LibreOffice drew its bars empty."""


def series_colours(count: int) -> tuple[str, ...]:
    """The fills of ``count`` bar series: the palette in order, but a chart's one series (a change, a headline) in
    the latest's blue, not the baseline's grey."""
    if count == 1:
        return (LATEST_COLOUR,)
    return tuple(SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(count))


@dataclass(frozen=True)
class BarSeries:
    """One series: its name, category labels and values; ``*_ref`` formulas make it refer to cells."""

    name: str
    categories: Sequence[object]
    values: Sequence[object]
    categories_ref: str | None = None
    values_ref: str | None = None
    colour: str | None = None


@dataclass(frozen=True)
class ChartLook:
    """The styling of a report's chart: font, text colours, value labels, a fixed value axis."""

    font: str
    lang: str
    title_size: int
    title_colour: str
    text_colour: str
    label_format: str
    axis_min: float
    axis_max: float
    major_unit: float
    gap_width: int = 80
    overlap: int = -5
    gridline_colour: str = "D9D9D9"
    category_size: int = 900
    """The category names' size (hundredths of a point): smaller where many categories share the axis, where
    LibreOffice would otherwise leave every other one unnamed."""
    axis_colour: str = "BFBFBF"


@dataclass(frozen=True)
class BarChartPart:
    """What a chart part shows: title, series, direction, value format, and optionally a report's look."""

    title: str
    series: Sequence[BarSeries]
    horizontal: bool = False
    value_format: str = "General"
    look: ChartLook | None = None
    axis: tuple[float | None, float | None] = (None, None)
    """(min, max) of the value axis when there is no look to fix it: a workbook chart of scores spans the scale."""


def _el(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, tag, attrs)


def _val(parent: etree._Element, tag: str, value: object) -> etree._Element:
    return etree.SubElement(parent, _C + tag, {"val": str(value)})


def _text(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    element.text = clean(text)
    return element


def _fill(parent: etree._Element, colour: str) -> None:
    _el(_el(parent, _A + "solidFill"), _A + "srgbClr", val=colour)


def _no_fill_shape(parent: etree._Element, fill_too: bool = True) -> None:
    """``c:spPr`` with no line, and no fill unless ``fill_too`` is False."""
    sp = _el(parent, _C + "spPr")
    if fill_too:
        _el(sp, _A + "noFill")
    _el(_el(sp, _A + "ln"), _A + "noFill")


def _line_shape(parent: etree._Element, width: str, colour: str) -> None:
    ln = _el(_el(parent, _C + "spPr"), _A + "ln", w=width)
    _fill(ln, colour)


def _text_properties(parent: etree._Element, look: ChartLook, size: int) -> None:
    tx = _el(parent, _C + "txPr")
    _el(tx, _A + "bodyPr")
    _el(tx, _A + "lstStyle")
    p = _el(tx, _A + "p")
    rpr = _el(_el(p, _A + "pPr"), _A + "defRPr", sz=str(size), b="0")
    _fill(rpr, look.text_colour)
    _el(rpr, _A + "latin", typeface=look.font)
    _el(rpr, _A + "cs", typeface=look.font)
    _el(p, _A + "endParaRPr", lang=look.lang)


def _title(chart: etree._Element, title: str, look: ChartLook | None) -> None:
    size = str(look.title_size if look else 1200)
    rich = _el(_el(_el(chart, _C + "title"), _C + "tx"), _C + "rich")
    _el(rich, _A + "bodyPr")
    _el(rich, _A + "lstStyle")
    p = _el(rich, _A + "p")
    default = _el(_el(p, _A + "pPr"), _A + "defRPr", sz=size, b="1")
    run = _el(p, _A + "r")
    rpr = _el(run, _A + "rPr", lang=look.lang if look else "en-US", sz=size, b="1")
    if look:
        _el(default, _A + "latin", typeface=look.font)
        _fill(rpr, look.title_colour)
        _el(rpr, _A + "latin", typeface=look.font)
    _text(run, _A + "t", title)
    _val(chart[-1], "overlay", 0)


def _points(parent: etree._Element, values: Sequence[object], numeric: bool) -> None:
    _val(parent, "ptCount", len(values))
    for i, v in enumerate(values):
        if numeric:
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                continue
            shown = repr(float(v))
        elif v is None:
            continue
        else:
            shown = str(v)
        _text(_el(parent, _C + "pt", idx=str(i)), _C + "v", shown)


def _series(bar: etree._Element, index: int, s: BarSeries, look: ChartLook | None) -> None:
    ser = _el(bar, _C + "ser")
    _val(ser, "idx", index)
    _val(ser, "order", index)
    _text(_el(ser, _C + "tx"), _C + "v", s.name)
    if s.colour:
        _fill(_el(ser, _C + "spPr"), s.colour)
    _val(ser, "invertIfNegative", 0)
    if look:
        labels = _el(ser, _C + "dLbls")
        _el(labels, _C + "numFmt", formatCode=look.label_format, sourceLinked="0")
        _no_fill_shape(labels)
        _text_properties(labels, look, 800)
        _val(labels, "dLblPos", "outEnd")
        for flag, on in (("showLegendKey", 0), ("showVal", 1), ("showCatName", 0), ("showSerName", 0),
                         ("showPercent", 0), ("showBubbleSize", 0)):
            _val(labels, flag, on)
    cat = _el(ser, _C + "cat")
    if s.categories_ref is None:
        _points(_el(cat, _C + "strLit"), s.categories, numeric=False)
    else:
        ref = _el(cat, _C + "strRef")
        _text(ref, _C + "f", s.categories_ref)
        _points(_el(ref, _C + "strCache"), s.categories, numeric=False)
    val = _el(ser, _C + "val")
    if s.values_ref is None:
        lit = _el(val, _C + "numLit")
        _text(lit, _C + "formatCode", look.label_format if look else "General")
        _points(lit, s.values, numeric=True)
    else:
        ref = _el(val, _C + "numRef")
        _text(ref, _C + "f", s.values_ref)
        cache = _el(ref, _C + "numCache")
        _text(cache, _C + "formatCode", "General")
        _points(cache, s.values, numeric=True)


def _category_axis(plot: etree._Element, horizontal: bool, look: ChartLook | None) -> None:
    ax = _el(plot, _C + "catAx")
    _val(ax, "axId", _CAT_AXIS)
    _val(_el(ax, _C + "scaling"), "orientation", "maxMin" if horizontal else "minMax")
    _val(ax, "delete", 0)
    _val(ax, "axPos", "l" if horizontal else "b")
    _el(ax, _C + "numFmt", formatCode="General", sourceLinked="0")
    if look:
        _val(ax, "majorTickMark", "none")
        _val(ax, "minorTickMark", "none")
    _val(ax, "tickLblPos", "low")
    if look:
        _line_shape(ax, "9525", look.axis_colour)
        _text_properties(ax, look, look.category_size)
    _val(ax, "crossAx", _VAL_AXIS)
    _val(ax, "crosses", "autoZero")
    _val(ax, "auto", 1)
    _val(ax, "lblAlgn", "ctr")
    _val(ax, "lblOffset", 100)
    _val(ax, "noMultiLvlLbl", 0)


def _value_axis(plot: etree._Element, part: BarChartPart) -> None:
    look = part.look
    ax = _el(plot, _C + "valAx")
    _val(ax, "axId", _VAL_AXIS)
    scaling = _el(ax, _C + "scaling")
    _val(scaling, "orientation", "minMax")
    low, high = (look.axis_min, look.axis_max) if look else part.axis
    if high is not None:
        _val(scaling, "max", repr(high))
    if low is not None:
        _val(scaling, "min", repr(low))
    _val(ax, "delete", 0)
    _val(ax, "axPos", "b" if part.horizontal else "l")
    grid = _el(ax, _C + "majorGridlines")
    if look:
        _line_shape(grid, "6350", look.gridline_colour)
    _el(ax, _C + "numFmt", formatCode=part.value_format, sourceLinked="0")
    if look:
        _val(ax, "majorTickMark", "none")
        _val(ax, "minorTickMark", "none")
    _val(ax, "tickLblPos", "nextTo")
    if look:
        _no_fill_shape(ax, fill_too=False)
        _text_properties(ax, look, 900)
    _val(ax, "crossAx", _CAT_AXIS)
    _val(ax, "crosses", "autoZero")
    _val(ax, "crossBetween", "between")
    if look:
        _val(ax, "majorUnit", repr(look.major_unit))


def _build(part: BarChartPart) -> etree._Element:
    """The ``c:chartSpace`` element of ``part`` (element order as the DrawingML schema requires)."""
    look = part.look
    space = etree.Element(_C + "chartSpace", nsmap=_NSMAP)
    if look:
        _val(space, "lang", look.lang)
    _val(space, "roundedCorners", 0)
    chart = _el(space, _C + "chart")
    _title(chart, part.title, look)
    _val(chart, "autoTitleDeleted", 0)
    plot = _el(chart, _C + "plotArea")
    _el(plot, _C + "layout")
    bar = _el(plot, _C + "barChart")
    _val(bar, "barDir", "bar" if part.horizontal else "col")
    _val(bar, "grouping", "clustered")
    _val(bar, "varyColors", 0)
    for i, s in enumerate(part.series):
        _series(bar, i, s, look)
    _val(bar, "gapWidth", look.gap_width if look else 150)
    if look:
        _val(bar, "overlap", look.overlap)
    _val(bar, "axId", _CAT_AXIS)
    _val(bar, "axId", _VAL_AXIS)
    _category_axis(plot, part.horizontal, look)
    _value_axis(plot, part)
    if look:
        _no_fill_shape(plot)
    legend = _el(chart, _C + "legend")
    _val(legend, "legendPos", "b")
    _val(legend, "overlay", 0)
    if look:
        _text_properties(legend, look, 900)
    _val(chart, "plotVisOnly", 1)
    _val(chart, "dispBlanksAs", "gap")
    if look:
        _no_fill_shape(space)
    return space


def _present(values: Sequence[object], numeric: bool) -> tuple[bool, ...]:
    """Which points a series draws: a blank value is a gap, so its ``c:pt`` is left out."""
    if numeric:
        return tuple(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values)
    return tuple(v is not None for v in values)


def _shape(part: BarChartPart) -> tuple:
    """What decides a chart's elements (not their texts): look, direction, format, each series' kind and points."""
    return (part.look, part.horizontal, part.value_format, part.axis, tuple(
        (s.categories_ref is not None, s.values_ref is not None, s.colour,
         _present(s.categories, False), _present(s.values, True))
        for s in part.series
    ))


def _skeleton(part: BarChartPart) -> etree._Element:
    """A chart of ``part``'s shape with every text empty and every value 0: the texts are set per chart."""
    series = [
        BarSeries("", ["" if v is not None else None for v in s.categories],
                  [0.0 if keep else None for keep in _present(s.values, True)],
                  None if s.categories_ref is None else "", None if s.values_ref is None else "", s.colour)
        for s in part.series
    ]
    return _build(BarChartPart("", series, part.horizontal, part.value_format, part.look, part.axis))


def _fill_in(space: etree._Element, part: BarChartPart) -> None:
    """Set every text and value of ``part`` into a skeleton of its shape (lxml escapes; XML-illegal characters dropped)."""
    space.find(f"{_C}chart/{_C}title//{_A}t").text = clean(part.title)
    for ser, s in zip(space.iter(_C + "ser"), part.series):
        ser.find(f"{_C}tx/{_C}v").text = clean(s.name)
        cat, val = ser.find(_C + "cat"), ser.find(_C + "val")
        if s.categories_ref is not None:
            cat.find(f"*/{_C}f").text = clean(s.categories_ref)
        if s.values_ref is not None:
            val.find(f"*/{_C}f").text = clean(s.values_ref)
        for point in cat.iter(_C + "pt"):
            point[0].text = clean(str(s.categories[int(point.get("idx"))]))
        for point in val.iter(_C + "pt"):
            point[0].text = repr(float(s.values[int(point.get("idx"))]))


_SKELETONS: dict[tuple, etree._Element] = {}
_SKELETONS_LOCK = threading.Lock()


def bar_chart_part(part: BarChartPart) -> bytes:
    """The ``c:chartSpace`` part of ``part``.

    The elements are built once per shape of chart (look, series, which
    points are drawn) and kept; each chart then only sets its texts and
    values into them through lxml and serializes, which is many times faster
    than building every element for every report. The lock keeps two
    threads from filling one skeleton at once.
    """
    key = _shape(part)
    with _SKELETONS_LOCK:
        space = _SKELETONS.get(key)
        if space is None:
            if len(_SKELETONS) > 64:
                _SKELETONS.clear()
            space = _SKELETONS[key] = _skeleton(part)
        _fill_in(space, part)
        return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- line and scatter charts (the reports' trend, run and member-comparison charts; the workbook's scatter and run chart) --


@dataclass(frozen=True)
class LineSeries:
    """One series of a line or scatter chart: values (and, in a scatter chart, their x values) and how it is drawn.

    ``line=False`` draws markers only (a dot chart); ``marker=None`` a line
    without markers; ``dash`` is a DrawingML preset (``dash``, ``sysDot``).
    ``x_ref`` and ``values_ref`` make a workbook's series refer to cells,
    the values then being their cache.
    """

    name: str
    values: Sequence[object]
    colour: str
    x_values: Sequence[object] = ()
    line: bool = True
    marker: str | None = "circle"
    dash: str | None = None
    width: int = 22225
    x_ref: str | None = None
    values_ref: str | None = None
    marker_size: int = 6


@dataclass(frozen=True)
class LineChartPart:
    """A line chart over text categories (rounds, members); ``hi_low_lines`` joins each category's points (a dumbbell)."""

    title: str
    categories: Sequence[object]
    series: Sequence[LineSeries]
    look: ChartLook
    hi_low_lines: bool = False
    value_format: str = "0"


@dataclass(frozen=True)
class ScatterChartPart:
    """A scatter chart: x values are numbers (dates as Excel serial days, shown with ``x_format``).

    With a ``look`` (a report's chart) both axes are fixed: x from ``x_min``
    to ``x_max``, y over the look's range. Without one (a workbook's chart)
    the application's fonts are used and an axis left at None is automatic.
    ``axis_titles`` are the (x, y) axes' titles; ``legend`` its position (None: no legend).
    """

    title: str
    series: Sequence[LineSeries]
    look: ChartLook | None
    x_min: float | None = None
    x_max: float | None = None
    x_format: str = "mmm yy"
    x_major_unit: float | None = None
    value_format: str = "General"
    axis_titles: tuple[str, str] = ()
    legend: str | None = "r"


def _line_look(parent: etree._Element, s: LineSeries) -> None:
    """The series' ``c:spPr`` (its line, or none) and ``c:marker``, in schema order."""
    ln = _el(_el(parent, _C + "spPr"), _A + "ln", w=str(s.width), cap="rnd")
    if s.line:
        _fill(ln, s.colour)
        if s.dash:
            _el(ln, _A + "prstDash", val=s.dash)
        _el(ln, _A + "round")
    else:
        _el(ln, _A + "noFill")
    marker = _el(parent, _C + "marker")
    _val(marker, "symbol", s.marker or "none")
    if s.marker:
        _val(marker, "size", s.marker_size)
        sp = _el(marker, _C + "spPr")
        _fill(sp, s.colour)
        _fill(_el(sp, _A + "ln", w="9525"), s.colour)


def _numbers(parent: etree._Element, values: Sequence[object], format_code: str, ref: str | None = None) -> None:
    """Literal numbers (``c:numLit``), or a reference to cells with these as its cache (``c:numRef``)."""
    if ref is None:
        data = _el(parent, _C + "numLit")
    else:
        numref = _el(parent, _C + "numRef")
        _text(numref, _C + "f", ref)
        data = _el(numref, _C + "numCache")
    _text(data, _C + "formatCode", format_code)
    _points(data, values, numeric=True)


def _axis_title(axis: etree._Element, text: str, look: ChartLook | None) -> None:
    rich = _el(_el(_el(axis, _C + "title"), _C + "tx"), _C + "rich")
    _el(rich, _A + "bodyPr")
    _el(rich, _A + "lstStyle")
    p = _el(rich, _A + "p")
    _el(_el(p, _A + "pPr"), _A + "defRPr", sz="900", b="0")
    run = _el(p, _A + "r")
    rpr = _el(run, _A + "rPr", lang=look.lang if look else "en-GB", sz="900", b="0")
    if look:
        _el(rpr, _A + "latin", typeface=look.font)
    _text(run, _A + "t", text)
    _val(axis.find(_C + "title"), "overlay", 0)


def _styled_value_axis(plot: etree._Element, ax_id: str, cross: str, position: str, look: ChartLook | None, number_format: str,
                       low: float | None, high: float | None, major: float | None, gridlines: bool = True,
                       title: str | None = None) -> None:
    """A value axis (both axes of a scatter chart, the y axis of a line chart): fixed where ``low``/``high`` are given,
    in the report's fonts where there is a ``look``, with a ``title`` if given."""
    ax = _el(plot, _C + "valAx")
    _val(ax, "axId", ax_id)
    scaling = _el(ax, _C + "scaling")
    _val(scaling, "orientation", "minMax")
    if high is not None:
        _val(scaling, "max", repr(float(high)))
    if low is not None:
        _val(scaling, "min", repr(float(low)))
    _val(ax, "delete", 0)
    _val(ax, "axPos", position)
    if gridlines:
        grid = _el(ax, _C + "majorGridlines")
        if look:
            _line_shape(grid, "6350", look.gridline_colour)
    if title:
        _axis_title(ax, title, look)
    _el(ax, _C + "numFmt", formatCode=number_format, sourceLinked="0")
    _val(ax, "majorTickMark", "none" if gridlines and look else "out")
    _val(ax, "minorTickMark", "none")
    _val(ax, "tickLblPos", "low" if position == "b" or not look else "nextTo")
    if look:
        _line_shape(ax, "9525", look.axis_colour)
        _text_properties(ax, look, 800)
    _val(ax, "crossAx", cross)
    _val(ax, "crosses", "autoZero")
    _val(ax, "crossBetween", "midCat")
    if major:
        _val(ax, "majorUnit", repr(float(major)))


def _chart_space(title: str, look: ChartLook | None) -> tuple[etree._Element, etree._Element, etree._Element]:
    space = etree.Element(_C + "chartSpace", nsmap=_NSMAP)
    if look:
        _val(space, "lang", look.lang)
    _val(space, "roundedCorners", 0)
    chart = _el(space, _C + "chart")
    _title(chart, title, look)
    _val(chart, "autoTitleDeleted", 0)
    plot = _el(chart, _C + "plotArea")
    _el(plot, _C + "layout")
    return space, chart, plot


def _finish(space: etree._Element, chart: etree._Element, plot: etree._Element, look: ChartLook | None, legend: str | None) -> bytes:
    """Close a chart: plot area, legend at ``legend`` (``b``, ``r``; None: no legend), blanks as gaps."""
    if look:
        _no_fill_shape(plot)
    if legend:
        node = _el(chart, _C + "legend")
        _val(node, "legendPos", legend)
        _val(node, "overlay", 0)
        if look:
            _text_properties(node, look, 800)
    _val(chart, "plotVisOnly", 1)
    _val(chart, "dispBlanksAs", "gap")
    if look:
        _no_fill_shape(space)
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


def line_chart_part(part: LineChartPart) -> bytes:
    """The ``c:chartSpace`` of a line chart with literal values (element order as the DrawingML schema requires)."""
    look = part.look
    space, chart, plot = _chart_space(part.title, look)
    line = _el(plot, _C + "lineChart")
    _val(line, "grouping", "standard")
    _val(line, "varyColors", 0)
    for i, s in enumerate(part.series):
        ser = _el(line, _C + "ser")
        _val(ser, "idx", i)
        _val(ser, "order", i)
        _text(_el(ser, _C + "tx"), _C + "v", s.name)
        _line_look(ser, s)
        _points(_el(_el(ser, _C + "cat"), _C + "strLit"), part.categories, numeric=False)
        _numbers(_el(ser, _C + "val"), s.values, part.value_format)
        _val(ser, "smooth", 0)
    if part.hi_low_lines:
        _line_shape(_el(line, _C + "hiLowLines"), "19050", look.axis_colour)
    _val(line, "marker", 1)
    _val(line, "axId", _CAT_AXIS)
    _val(line, "axId", _VAL_AXIS)
    _category_axis(plot, False, look)
    _styled_value_axis(plot, _VAL_AXIS, _CAT_AXIS, "l", look, part.value_format, look.axis_min, look.axis_max, look.major_unit)
    plot.find(f"{_C}valAx/{_C}crossBetween").set("val", "between")
    return _finish(space, chart, plot, look, legend="b" if len(part.series) > 1 else None)


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def scatter_chart_part(part: ScatterChartPart) -> bytes:
    """The ``c:chartSpace`` of a scatter chart (lines, markers or both): a run chart over dates, a dot per member.

    A point whose x or y is blank (or not a finite number) is left out of
    both value lists, as Excel leaves out a point with a blank cell.
    """
    look = part.look
    space, chart, plot = _chart_space(part.title, look)
    scatter = _el(plot, _C + "scatterChart")
    _val(scatter, "scatterStyle", "lineMarker")
    _val(scatter, "varyColors", 0)
    for i, s in enumerate(part.series):
        keep = [_number(x) and _number(y) for x, y in zip(s.x_values, s.values)]
        ser = _el(scatter, _C + "ser")
        _val(ser, "idx", i)
        _val(ser, "order", i)
        _text(_el(ser, _C + "tx"), _C + "v", s.name)
        _line_look(ser, s)
        _numbers(_el(ser, _C + "xVal"), [x if k else None for x, k in zip(s.x_values, keep)], part.x_format, s.x_ref)
        _numbers(_el(ser, _C + "yVal"), [y if k else None for y, k in zip(s.values, keep)], part.value_format, s.values_ref)
        _val(ser, "smooth", 0)
    _val(scatter, "axId", _CAT_AXIS)
    _val(scatter, "axId", _VAL_AXIS)
    x_title, y_title = part.axis_titles or (None, None)
    _styled_value_axis(plot, _CAT_AXIS, _VAL_AXIS, "b", look, part.x_format, part.x_min, part.x_max, part.x_major_unit,
                       gridlines=False, title=x_title)
    _styled_value_axis(plot, _VAL_AXIS, _CAT_AXIS, "l", look, part.value_format, look.axis_min if look else None,
                       look.axis_max if look else None, look.major_unit if look else None, title=y_title)
    return _finish(space, chart, plot, look, legend=part.legend)


# --- the workbook's charts: series that refer to the sheet's cells, with the values written as their cache ---------


RUN_SERIES = (
    dict(colour="1F4E79"),
    dict(colour="ED7D31", marker=None, dash="dash", width=15875),
    dict(colour="70AD47", marker=None, dash="sysDash", width=19050),
    dict(colour="A5A5A5", marker=None, dash="sysDash", width=19050),
)
"""How the run chart's series are drawn (value, expected, target, baseline), as in the reports' run charts."""


def _cached(value: object) -> object:
    """A cell's value as a chart's cache holds it: a formula's cached value, a date as its serial day (1900 system)."""
    value = value.cached if isinstance(value, Formula) else value
    if isinstance(value, dt.date):
        moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
        return (moment - _EPOCH).total_seconds() / 86400
    return value


def _cells(grid: list[tuple], rng: CellRange) -> list[object]:
    out = []
    for r in range(rng.first_row, rng.last_row + 1):
        row = grid[r] if r < len(grid) else ()
        for c in range(rng.first_col, rng.last_col + 1):
            out.append(_cached(row[c]) if c < len(row) else None)
    return out


def chart_xml(chart: Chart, content: SheetContent) -> bytes:
    """A workbook chart whose series refer to cells of ``content``, with the values written as its cache.

    ``scatter``: one series of markers, its categories the x cells and its
    values the y cells (the Dashboard's commitment and change); ``run``: a
    run chart over dates, every series' categories the date cells (the Run
    charts sheet); otherwise clustered bars or columns.
    """
    grid = content.grid()
    if chart.kind == "scatter":
        s = chart.series[0]
        series = [LineSeries(s.name, _cells(grid, s.values), "1F4E79", x_values=_cells(grid, s.categories), line=False,
                             x_ref=s.categories.formula(), values_ref=s.values.formula(), marker_size=7)]
        return scatter_chart_part(ScatterChartPart(
            chart.title, series, None, x_format="0%" if chart.x_percent else "General",
            value_format="0%" if chart.percent_axis else "0.0", axis_titles=chart.axis_titles or ("", ""), legend=None,
        ))
    if chart.kind == "run":
        series = [
            LineSeries(s.name, _cells(grid, s.values), x_values=_cells(grid, s.categories), x_ref=s.categories.formula(),
                       values_ref=s.values.formula(), **RUN_SERIES[i % len(RUN_SERIES)])
            for i, s in enumerate(chart.series)
        ]
        return scatter_chart_part(ScatterChartPart(chart.title, series, None, x_format="mmm yy", legend="b"))
    series = [
        BarSeries(s.name, _cells(grid, s.categories), _cells(grid, s.values), s.categories.formula(), s.values.formula(), colour)
        for s, colour in zip(chart.series, series_colours(len(chart.series)))
    ]
    return bar_chart_part(
        BarChartPart(chart.title, series, horizontal=chart.kind == "bar", value_format="0%" if chart.percent_axis else "General",
                     axis=(chart.axis_min, chart.axis_max))
    )
