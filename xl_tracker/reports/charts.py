"""The charts of a report: native Word chart parts (bars, lines, dots, run charts).

A native chart (``word/charts/xlchartN.xml``) is a few kilobytes of XML made
from the numbers by :mod:`xl_tracker.ooxml.chart` (the builder the
Dashboard's charts use too): no plotting library is imported, it costs well
under a millisecond, prints sharp at any size, and a manager can restyle it
in Word (Chart Design) like any chart they made. The values are literal
(``c:numLit``), so Word and LibreOffice draw it without an embedded
workbook; "Edit data" in Word is the one thing that needs a workbook and is
not offered.

A template places a chart with a variable alone in a paragraph whose last
name is one of :data:`CHART_VARIABLES` (``{{ chart }}``, ``{{ trend_chart }}``,
or ``{{ m.run_chart }}`` inside a loop); the renderer numbers the charts in
the order they are placed and adds each part, its relationship and its
content type to the report.

Kinds: :class:`BarChart` (baseline and latest per indicator),
:class:`LineChart` (scores across rounds; with ``dots_only`` and
``joined`` the members' baseline-to-latest dot chart) and :class:`RunChart`
(a measure's values over time beside its baseline, target and expected path).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from markupsafe import Markup

from xl_tracker.ooxml.chart import (
    LATEST_COLOUR,
    BarChartPart,
    BarSeries,
    ChartLook,
    LineChartPart,
    LineSeries,
    ScatterChartPart,
    bar_chart_part,
    line_chart_part,
    scatter_chart_part,
    series_colours,
)
from xl_tracker.ooxml.wordprocessing import inline_chart_run

CHART_VARIABLES = frozenset({"chart", "trend_chart", "run_chart", "dot_chart", "commitment_chart"})
"""Variable names that hold a chart: a paragraph holding only ``{{ name }}`` or ``{{ x.name }}`` shows it."""
EMU_PER_INCH = 914400

FONT = "Calibri"
CROWDED = 20
"""Categories beyond which a bar chart names them in 7 pt, not 9 (the programme's 47 counties)."""


def chart_rel_id(number: int) -> str:
    """The body's relationship ID of chart ``number`` (fixed, so a template's rels can be made once per chart set)."""
    return f"rIdXlChart{number}"


def chart_part_name(number: int) -> str:
    return f"word/charts/xlchart{number}.xml"


class ReportChart:
    """What every report chart offers the renderer: its part's XML and the run that shows it."""

    title: str
    width_in: float
    height_in: float

    def part(self) -> bytes:
        raise NotImplementedError

    def inline(self, drawing_id: int, number: int) -> Markup:
        """The run that shows the chart, as chart ``number`` of its report, where the template placed it."""
        return Markup(inline_chart_run(
            chart_rel_id(number), int(self.width_in * EMU_PER_INCH), int(self.height_in * EMU_PER_INCH),
            drawing_id, f"Chart {number}", self.title,
        ))

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class BarChart(ReportChart):
    """A clustered column chart: one category per indicator, one series per round (Baseline, Latest).

    ``values`` holds one tuple per series, ``None`` where a score is blank
    (drawn as a gap).
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    axis_min: float
    axis_max: float
    width_in: float = 6.0
    height_in: float = 2.6
    label_format: str = "0.00"
    """The value labels' number format: scores to two places, as the tables print them; a percentage chart's as its table."""
    horizontal: bool = False
    """Bars across the page, the first category on top: many categories (the programme's counties) keep their names level."""

    def part(self) -> bytes:
        return chart_part(self)


def major_unit(low: float, high: float) -> float:
    """A round gridline step giving at most 6 intervals: 1 on a 1-5 scale, 2 on 0-10, 20 on 0-100.

    Worked on half the span, which is finite for any finite axis (1e308 - -1e308
    is not), so an extreme axis gets a finite step; an axis that is not finite
    at all (an infinite or NaN end, which the checks keep out of every figure) gets 1.
    """
    half = max(high / 2 - low / 2, 5e-10)
    if not math.isfinite(half):
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(half / 5))
    for multiple in (1, 2, 2.5, 5, 10, 20, 25, 50, 100):
        step = multiple * magnitude
        if half / step <= 3:
            return float(f"{step:.6g}")
    return 2 * half


def chart_part(chart: BarChart) -> bytes:
    """The chart part of ``chart``: literal values, the report's fonts and colours, the axis over the whole scale."""
    look = ChartLook(
        font=FONT, lang="en-GB", title_size=1100, title_colour=LATEST_COLOUR, text_colour="404040",
        label_format=chart.label_format, axis_min=chart.axis_min, axis_max=chart.axis_max,
        major_unit=major_unit(chart.axis_min, chart.axis_max),
        category_size=900 if len(chart.categories) <= CROWDED else 700,
    )
    series = [
        BarSeries(name, chart.categories, values, colour=colour)
        for name, values, colour in zip(chart.series, chart.values, series_colours(len(chart.series)))
    ]
    return bar_chart_part(BarChartPart(chart.title, series, horizontal=chart.horizontal, value_format="0", look=look))


def score_chart(
    title: str,
    categories: list[str],
    baseline: list[float | None],
    latest: list[float | None],
    scale_min: float,
    scale_max: float,
    series_names: tuple[str, str] = ("Baseline", "Latest"),
) -> BarChart:
    """Baseline and latest score per indicator, on an axis from the scale minimum (or 0) to its maximum."""
    return BarChart(
        title=title,
        categories=tuple(categories),
        series=series_names,
        values=(tuple(baseline), tuple(latest)),
        axis_min=0.0 if scale_min > 0 else float(scale_min),
        axis_max=float(scale_max),
    )


TREND_COLOURS = ("1F4E79", "ED7D31", "70AD47", "7030A0", "A5A5A5", "FFC000", "5B9BD5", "C00000")
"""One colour per indicator on a trend chart, in Indicators order."""
VALUE_COLOUR, EXPECTED_COLOUR, TARGET_COLOUR, BASELINE_LINE_COLOUR = "1F4E79", "ED7D31", "70AD47", "A5A5A5"


def _look(low: float, high: float, label_format: str = "0.00") -> ChartLook:
    return ChartLook(
        font=FONT, lang="en-GB", title_size=1000, title_colour=LATEST_COLOUR, text_colour="404040",
        label_format=label_format, axis_min=low, axis_max=high, major_unit=major_unit(low, high),
    )


@dataclass(frozen=True)
class LineChart(ReportChart):
    """Scores per category (rounds, or members): one line per series; ``dots_only`` draws markers without lines,
    and ``joined`` draws a line between each category's lowest and highest point (baseline to latest)."""

    title: str
    categories: tuple[str, ...]
    series: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    axis_min: float
    axis_max: float
    colours: tuple[str, ...] = TREND_COLOURS
    dots_only: bool = False
    joined: bool = False
    width_in: float = 6.0
    height_in: float = 2.4

    def part(self) -> bytes:
        series = [
            LineSeries(name, values, self.colours[i % len(self.colours)], line=not self.dots_only)
            for i, (name, values) in enumerate(zip(self.series, self.values))
        ]
        return line_chart_part(LineChartPart(
            self.title, self.categories, series, _look(self.axis_min, self.axis_max), hi_low_lines=self.joined,
        ))


EXCEL_EPOCH = dt.date(1899, 12, 30)


def serial_day(day: dt.date) -> float:
    """A date as the day number a chart's date axis counts (Excel's serial day)."""
    return float((day - EXCEL_EPOCH).days)


@dataclass(frozen=True)
class RunChart(ReportChart):
    """A measure's run chart: its values by date, the expected path from baseline at the start to target at the end,
    and the baseline and target as flat lines over the initiative's window (x values are serial days)."""

    title: str
    dates: tuple[float, ...]
    values: tuple[float, ...]
    expected: tuple[tuple[float, float], ...]
    """Points of the expected path, (day, value), in date order (empty when the dates or target are unknown)."""
    baseline: float | None
    target: float | None
    window: tuple[float, float]
    """First and last day shown."""
    value_range: tuple[float, float]
    width_in: float = 6.0
    height_in: float = 1.8

    def part(self) -> bytes:
        first, last = self.window
        series = [LineSeries("Value", self.values, VALUE_COLOUR, x_values=self.dates)]
        if self.expected:
            series.append(LineSeries("Expected", [v for _, v in self.expected], EXPECTED_COLOUR,
                                     x_values=[d for d, _ in self.expected], marker=None, dash="dash", width=15875))
        if self.target is not None:
            series.append(LineSeries("Target", [self.target, self.target], TARGET_COLOUR, x_values=[first, last],
                                     marker=None, dash="sysDot", width=15875))
        if self.baseline is not None:
            series.append(LineSeries("Baseline", [self.baseline, self.baseline], BASELINE_LINE_COLOUR,
                                     x_values=[first, last], marker=None, dash="sysDot", width=15875))
        low, high = self.value_range
        return scatter_chart_part(ScatterChartPart(
            self.title, series, _look(low, high), x_min=first, x_max=last,
            x_major_unit=_date_step(first, last), value_format="General",
        ))


def _date_step(first: float, last: float) -> float:
    """A date-axis step of whole months (about 30 days) giving at most 6 labels."""
    span = max(last - first, 1.0)
    for months in (1, 2, 3, 6, 12, 24):
        if span / (30.4375 * months) <= 6:
            return 30.4375 * months
    return span


def nice_range(values: list[float]) -> tuple[float, float]:
    """An axis from a round number at or below the smallest value to one at or above the largest (0 kept when near)."""
    low, high = min(values), max(values)
    if low >= 0 and low <= 0.5 * high:
        low = 0.0
    if high == low:
        high = low + 1.0
    step = major_unit(low, high)
    return math.floor(low / step) * step, math.ceil(high / step) * step
