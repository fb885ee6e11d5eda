"""The baseline-vs-latest chart of a report: a native Word chart part.

A native chart (``word/charts/xlchartN.xml``) is a few kilobytes of XML made
from the numbers by :mod:`xl_tracker.ooxml.chart` (the builder the
Dashboard's charts use too): no plotting library is imported, it costs well
under a millisecond, prints sharp at any size, and a manager can restyle it
in Word (Chart Design) like any chart they made. The values are literal
(``c:numLit``), so Word and LibreOffice draw it without an embedded
workbook; "Edit data" in Word is the one thing that needs a workbook and is
not offered.

A template places the chart with ``{{ chart }}`` alone in a paragraph; the
renderer adds the chart part, its relationship and its content type to the
report only when the template used it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from xl_tracker.ooxml.chart import BarChartPart, BarSeries, ChartLook, bar_chart_part
from xl_tracker.ooxml.wordprocessing import inline_chart_run

CHART_VARIABLES = frozenset({"chart"})
"""Template variables that hold a :class:`BarChart` (a paragraph holding only ``{{ chart }}`` shows it)."""
EMU_PER_INCH = 914400

BASELINE_COLOUR = "A5A5A5"
LATEST_COLOUR = "1F4E79"
SERIES_COLOURS = (BASELINE_COLOUR, LATEST_COLOUR, "ED7D31", "70AD47")
FONT = "Calibri"


def chart_rel_id(number: int) -> str:
    """The body's relationship ID of chart ``number`` (fixed, so a template's rels can be made once per chart set)."""
    return f"rIdXlChart{number}"


def chart_part_name(number: int) -> str:
    return f"word/charts/xlchart{number}.xml"


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
        return chart_rel_id(self.number)

    @property
    def part_name(self) -> str:
        return chart_part_name(self.number)

    def inline(self, drawing_id: int) -> Markup:
        """The run that shows the chart where the template's paragraph held ``{{ chart }}``."""
        return Markup(inline_chart_run(
            self.rel_id, int(self.width_in * EMU_PER_INCH), int(self.height_in * EMU_PER_INCH),
            drawing_id, f"Chart {self.number}", self.title,
        ))

    def __str__(self) -> str:
        return self.title


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
    """The chart part of ``chart``: literal values, the report's fonts and colours, the axis over the whole scale."""
    look = ChartLook(
        font=FONT, lang="en-GB", title_size=1100, title_colour=LATEST_COLOUR, text_colour="404040",
        label_format="0.00", axis_min=chart.axis_min, axis_max=chart.axis_max,
        major_unit=major_unit(chart.axis_min, chart.axis_max),
    )
    series = [
        BarSeries(name, chart.categories, values, colour=SERIES_COLOURS[i % len(SERIES_COLOURS)])
        for i, (name, values) in enumerate(zip(chart.series, chart.values))
    ]
    return bar_chart_part(BarChartPart(chart.title, series, value_format="0", look=look))


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
