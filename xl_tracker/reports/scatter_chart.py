"""The team report's commitment-and-change chart: a native Word scatter chart, one point per member, no names.

It is drawn by the reports' own scatter builder (:func:`xl_tracker.ooxml.chart.scatter_chart_part`, the one the run
charts use) with markers only; a template places it with ``{{ commitment_chart }}`` alone in a paragraph. The x
axis is the engagement score over its whole range (0-100%), so points are not spread by an axis cut short.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xl_tracker.ooxml.chart import LineSeries, ScatterChartPart, scatter_chart_part
from xl_tracker.reports.charts import LATEST_COLOUR, ReportChart, _look


@dataclass(frozen=True)
class ScatterChart(ReportChart):
    """Engagement score (x, a share) against mean indicator change (y), one point per member who has both."""

    title: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    x_title: str
    y_title: str
    width_in: float = 5.5
    height_in: float = 3.2

    def part(self) -> bytes:
        low = min(0.0, math.floor(min(self.y, default=0.0)))
        high = max(1.0, math.ceil(max(self.y, default=1.0)))
        series = [LineSeries(self.y_title, self.y, LATEST_COLOUR, x_values=self.x, line=False)]
        return scatter_chart_part(ScatterChartPart(
            self.title, series, _look(low, high, "0.0"), x_min=0.0, x_max=1.0, x_format="0%", x_major_unit=0.2, value_format="0.0",
        ))
