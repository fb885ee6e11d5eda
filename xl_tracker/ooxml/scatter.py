"""A scatter chart part (``c:scatterChart``): one point per member, x against y, markers only.

The Dashboard's "commitment and change" chart and the team report's use it.
Like :mod:`xl_tracker.ooxml.chart` it is built with lxml, so a title or
series name typed in a workbook is data; a point whose x or y is blank (or
not a finite number) is left out of both value lists, as Excel leaves out a
point with a blank cell. The element order follows the DrawingML schema
(``tests/test_ooxml_standard.py`` validates the Dashboard's chart part).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from xl_tracker.ooxml.chart import _A, _C, _NSMAP, _cells, _el, _fill, _text, _val
from xl_tracker.outputs.model import Chart, SheetContent

_X_AXIS, _Y_AXIS = "50020001", "50020002"


@dataclass(frozen=True)
class ScatterPart:
    """What a scatter chart shows: title, one series of (x, y) points, the axes' titles and formats."""

    title: str
    series_name: str
    x: Sequence[object]
    y: Sequence[object]
    x_title: str
    y_title: str
    x_format: str = "General"
    y_format: str = "General"
    x_ref: str | None = None
    y_ref: str | None = None
    """Cell ranges the points come from (a workbook's chart); None for literal values (a report's chart)."""
    colour: str = "1F4E79"
    font: str | None = None
    x_range: tuple[float, float] | None = None
    """A fixed x axis (a share from 0 to 1 shown whole, so points are not spread by an axis cut short); None: automatic."""


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _values(parent: etree._Element, tag: str, values: Sequence[object], keep: Sequence[bool], ref: str | None, fmt: str) -> None:
    holder = _el(parent, _C + tag)
    if ref is None:
        data = _el(holder, _C + "numLit")
    else:
        numref = _el(holder, _C + "numRef")
        _text(numref, _C + "f", ref)
        data = _el(numref, _C + "numCache")
    _text(data, _C + "formatCode", fmt)
    _val(data, "ptCount", len(values))
    for i, (v, k) in enumerate(zip(values, keep)):
        if k:
            _text(_el(data, _C + "pt", idx=str(i)), _C + "v", repr(float(v)))


def _axis_title(axis: etree._Element, text: str, font: str | None) -> None:
    rich = _el(_el(_el(axis, _C + "title"), _C + "tx"), _C + "rich")
    _el(rich, _A + "bodyPr")
    _el(rich, _A + "lstStyle")
    p = _el(rich, _A + "p")
    _el(_el(p, _A + "pPr"), _A + "defRPr", sz="900", b="0")
    run = _el(p, _A + "r")
    rpr = _el(run, _A + "rPr", lang="en-GB", sz="900", b="0")
    if font:
        _el(rpr, _A + "latin", typeface=font)
    _text(run, _A + "t", text)
    _val(axis.find(_C + "title"), "overlay", 0)


def _axis(plot: etree._Element, own: str, other: str, position: str, title: str, fmt: str, font: str | None,
          fixed: tuple[float, float] | None = None) -> None:
    ax = _el(plot, _C + "valAx")
    _val(ax, "axId", own)
    scaling = _el(ax, _C + "scaling")
    _val(scaling, "orientation", "minMax")
    if fixed is not None:
        _val(scaling, "max", repr(float(fixed[1])))
        _val(scaling, "min", repr(float(fixed[0])))
    _val(ax, "delete", 0)
    _val(ax, "axPos", position)
    if position == "l":
        _el(ax, _C + "majorGridlines")
    _axis_title(ax, title, font)
    _el(ax, _C + "numFmt", formatCode=fmt, sourceLinked="0")
    _val(ax, "majorTickMark", "out")
    _val(ax, "minorTickMark", "none")
    _val(ax, "tickLblPos", "low")
    if font:
        tx = _el(ax, _C + "txPr")
        _el(tx, _A + "bodyPr")
        _el(tx, _A + "lstStyle")
        p = _el(tx, _A + "p")
        _el(_el(_el(p, _A + "pPr"), _A + "defRPr", sz="900"), _A + "latin", typeface=font)
        _el(p, _A + "endParaRPr", lang="en-GB")
    _val(ax, "crossAx", other)
    _val(ax, "crosses", "autoZero")
    _val(ax, "crossBetween", "midCat")


def scatter_chart_part(part: ScatterPart) -> bytes:
    """The ``c:chartSpace`` part of ``part``."""
    keep = [_number(x) and _number(y) for x, y in zip(part.x, part.y)]
    space = etree.Element(_C + "chartSpace", nsmap=_NSMAP)
    _val(space, "roundedCorners", 0)
    chart = _el(space, _C + "chart")
    title = _el(_el(_el(chart, _C + "title"), _C + "tx"), _C + "rich")
    _el(title, _A + "bodyPr")
    _el(title, _A + "lstStyle")
    p = _el(title, _A + "p")
    _el(_el(p, _A + "pPr"), _A + "defRPr", sz="1100", b="1")
    run = _el(p, _A + "r")
    rpr = _el(run, _A + "rPr", lang="en-GB", sz="1100", b="1")
    if part.font:
        _el(rpr, _A + "latin", typeface=part.font)
    _text(run, _A + "t", part.title)
    _val(chart.find(_C + "title"), "overlay", 0)
    _val(chart, "autoTitleDeleted", 0)
    plot = _el(chart, _C + "plotArea")
    _el(plot, _C + "layout")
    scatter = _el(plot, _C + "scatterChart")
    _val(scatter, "scatterStyle", "lineMarker")
    _val(scatter, "varyColors", 0)
    ser = _el(scatter, _C + "ser")
    _val(ser, "idx", 0)
    _val(ser, "order", 0)
    _text(_el(ser, _C + "tx"), _C + "v", part.series_name)
    _el(_el(_el(ser, _C + "spPr"), _A + "ln", w="19050"), _A + "noFill")
    marker = _el(ser, _C + "marker")
    _val(marker, "symbol", "circle")
    _val(marker, "size", 7)
    shape = _el(marker, _C + "spPr")
    _fill(shape, part.colour)
    _fill(_el(shape, _A + "ln", w="9525"), "FFFFFF")
    _values(ser, "xVal", part.x, keep, part.x_ref, part.x_format)
    _values(ser, "yVal", part.y, keep, part.y_ref, part.y_format)
    _val(ser, "smooth", 0)
    _val(scatter, "axId", _X_AXIS)
    _val(scatter, "axId", _Y_AXIS)
    _axis(plot, _X_AXIS, _Y_AXIS, "b", part.x_title, part.x_format, part.font, part.x_range)
    _axis(plot, _Y_AXIS, _X_AXIS, "l", part.y_title, part.y_format, part.font)
    _val(chart, "plotVisOnly", 1)
    _val(chart, "dispBlanksAs", "gap")
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


def scatter_chart_xml(chart: Chart, content: SheetContent) -> bytes:
    """A workbook's scatter chart: its one series' categories are the x cells and its values the y cells of ``content``."""
    grid = content.grid()
    series = chart.series[0]
    x_title, y_title = chart.axis_titles or ("", "")
    return scatter_chart_part(ScatterPart(
        chart.title, series.name, _cells(grid, series.categories), _cells(grid, series.values), x_title, y_title,
        x_format="0%" if chart.x_percent else "General", y_format="0%" if chart.percent_axis else "0.0",
        x_ref=series.categories.formula(), y_ref=series.values.formula(),
    ))
