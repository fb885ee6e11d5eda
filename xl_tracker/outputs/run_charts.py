"""The Run charts sheet: one run chart, of the measure picked in a cell, over every measure's values by date.

The reports draw a run chart per measure (:mod:`xl_tracker.reports.charts`);
the workbook shows the same figures with one chart, so that Refresh in Excel
makes one chart rather than one per measure (each costs a handful of round
trips, and the demo has dozens of measures). The sheet holds:

* a measure picker (B3: a list of every measure's ID, with an input
  message) and, beside it, the measure's name, initiative and status;
* one chart of the picked measure: its values by date, its expected path,
  its target and its baseline (a scatter chart with lines, x = dates);
* to the right, outside the print area, the cells the chart draws (a block
  computed by formulas from the picker) and the two tables the formulas
  read: every measure (one row each) and every point (one row per value,
  plus the expected path's start and end).

The formulas are xl-tracker's own (:class:`~xl_tracker.outputs.model.Formula`):
a measure ID or name is only ever a text cell, and the picker's text is
matched with its wildcards escaped. Each formula carries the value it gives
for the first measure, so LibreOffice's PDF, a previewer and the chart's own
cache show a real chart before anything recalculates.

The figures are the results' own: values and the value expected on each date
from :func:`xl_tracker.results.trends.measure_runs`, the path's ends from
:func:`~xl_tracker.results.trends.expected_paths`, status, progress and
expected progress from Initiative Results. Progress of a value =
(value − baseline) / (target − baseline), as Initiative Results computes it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from xl_tracker.cells import column_letters
from xl_tracker.contract import OUTPUT_TAB_COLOUR, RUN_CHARTS
from xl_tracker.outputs.model import (
    NOT_AVAILABLE,
    CellRange,
    CellValue,
    Chart,
    ChartSeries,
    Emphasis,
    Formula,
    ListValidation,
    NumberKind,
    SheetContent,
    sentence_height,
)

PICKER_ROW, PICKER_COL = 2, 1
"""B3: the measure picked."""
POSITION_ROW = 8
"""B9: the picked measure's number in the list of measures (every other formula reads it)."""
CHART_ROW, CHART_ROWS, CHART_COLS = 10, 20, 8
PRINTED_COLS = 8
"""Columns A to H print: title, picker, the measure's figures and the chart (the tables to the right feed it)."""
WIDTHS_LEFT = (18.0,)
"""Column A: the labels; every further column is 11 wide but the list's measure name and initiative (one call per run in Excel)."""
COLUMN_WIDTH = 11.0
TOP = 2
"""Row of the three tables' header rows (their titles are in the row above)."""
BLOCK_COL, MEASURES_COL = 9, 15
BLOCK_HEADERS = (None, "Value", "Expected", "Target", "Baseline")
"""The block's top-left cell is blank, so Excel takes its first row for the series' names and its first column (the dates) for x."""
MEASURE_HEADERS = (
    "Measure ID", "Measure", "Initiative", "Kind", "Baseline", "Target", "Latest", "Progress", "Expected", "Status",
    "First point", "Points",
)
POINT_HEADERS = ("Measure ID", "Date", "Value", "Progress", "Expected", "Target", "Baseline")
POINTS_COL = MEASURES_COL + len(MEASURE_HEADERS) + 1
SERIES = ("Value", "Expected", "Target", "Baseline")
CHART_TITLE = "Values by date, expected path, target and baseline"
PICK_NOTE = (
    "Pick a measure in B3 (click it, then its arrow: the list holds every measure). The chart shows its values by date, "
    "the path expected from its baseline at the initiative's start to its target at the end (a lagging measure is expected "
    "to start slower), its target and its baseline. The cells from column J on feed the chart."
)
NO_MEASURES = "No measures yet: define them on the Measures sheet, with their initiative's dates, baseline and target."


@dataclass
class _Measure:
    """One measure's row of the list and its points (date, value or None, expected or None), in date order."""

    key: str
    cells: list[CellValue]
    points: list[tuple[dt.date, float | None, float | None]]
    baseline: float | None
    target: float | None


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _date(value: object) -> dt.date | None:
    if value is None or value is pd.NaT:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return str(value)


def _measures(results) -> list[_Measure]:
    """Every measure of Initiative Results (once, in its order), with its run of values and its path's ends."""
    rows = results.initiative_results
    runs = results.measure_runs if results.measure_runs is not None else pd.DataFrame(columns=["measure_id", "date", "value", "expected"])
    paths = results.expected_paths if results.expected_paths is not None else pd.DataFrame(columns=["measure_id", "start", "end"])
    by_measure: dict[str, list[tuple[dt.date, float | None, float | None]]] = {}
    for measure_id, day, value, expected in runs.loc[:, ["measure_id", "date", "value", "expected"]].itertuples(index=False):
        when = _date(day)
        if when is not None:
            by_measure.setdefault(str(measure_id).casefold(), []).append((when, _number(value), _number(expected)))
    ends = {str(p["measure_id"]).casefold(): p for p in paths.to_dict("records")}
    out: list[_Measure] = []
    seen: set[str] = set()
    if rows is None:
        return out
    for r in rows.to_dict("records"):
        measure_id = _text(r.get("measure_id"))
        if not measure_id or measure_id.casefold() in seen:
            continue
        key = measure_id.casefold()
        seen.add(key)
        baseline, target = _number(r.get("baseline")), _number(r.get("target"))
        points = list(by_measure.get(key, []))
        path = ends.get(key)
        if path is not None:
            # the path's ends as points without a value: the start before a value of the same day, the end after
            points = [(_date(path["start"]), None, baseline), *points, (_date(path["end"]), None, target)]
        initiative = " ".join(t for t in (_text(r.get("initiative_id")), _text(r.get("title"))) if t)
        cells: list[CellValue] = [
            measure_id, _text(r.get("measure")), initiative or None, _text(r.get("kind")), baseline, target,
            _number(r.get("latest")), _number(r.get("progress")), _number(r.get("expected")), _text(r.get("measure_status")),
        ]
        out.append(_Measure(key, cells, points, baseline, target))
    return out


def _abs(col: int, row: int) -> str:
    return f"${column_letters(col)}${row + 1}"


def _column(col: int, first: int, last: int) -> str:
    return f"{_abs(col, first)}:{_abs(col, max(first, last))}"


def run_charts_sheet(run) -> SheetContent:
    """The Run charts sheet of ``run``: picker, chart and the tables that feed it (see the module docstring)."""
    measures = _measures(run.results)
    rows: dict[tuple[int, int], CellValue | Formula] = {}
    emphasis: dict[tuple[int, int], Emphasis] = {}
    cell_kinds: dict[tuple[int, int], NumberKind] = {}
    heights: dict[int, float] = {0: 21.0}
    rows[(0, 0)] = RUN_CHARTS.name
    emphasis[(0, 0)] = Emphasis.TITLE
    widths = list(WIDTHS_LEFT)
    if not measures:
        rows[(1, 0)] = NO_MEASURES
        emphasis[(1, 0)] = Emphasis.NOTE
        return _content(rows, emphasis, cell_kinds, heights, {}, widths, (), (), None)
    rows[(1, 0)] = PICK_NOTE
    emphasis[(1, 0)] = Emphasis.NOTE
    heights[1] = sentence_height(PICK_NOTE, sum(WIDTHS_LEFT) + COLUMN_WIDTH * (PRINTED_COLS - len(WIDTHS_LEFT)))

    # the list of measures, with each one's first point and number of points in the table of points
    first_list, last_list = TOP + 1, TOP + len(measures)
    first_point = TOP + 1
    point_rows: list[tuple[str, dt.date, float | None, float | None, float | None, float | None, float | None]] = []
    for n, m in enumerate(measures):
        r = first_list + n
        for c, value in enumerate([*m.cells, len(point_rows) + 1 if m.points else None, len(m.points)]):
            rows[(r, MEASURES_COL + c)] = value
        for when, value, expected in m.points:
            progress = None
            if value is not None and m.baseline is not None and m.target is not None and m.target != m.baseline:
                progress = (value - m.baseline) / (m.target - m.baseline)
            point_rows.append((m.cells[0], when, value, progress, expected, m.target, m.baseline))  # type: ignore[arg-type]
    for n, point in enumerate(point_rows):
        for c, value in enumerate(point):
            rows[(first_point + n, POINTS_COL + c)] = value
    last_point = first_point + max(len(point_rows), 1) - 1

    ids = _column(MEASURES_COL, first_list, last_list)
    position = _abs(PICKER_COL, POSITION_ROW)

    def of_measure(offset: int) -> str:
        """A formula part: the picked measure's cell in column ``offset`` of the list."""
        return f"INDEX({_column(MEASURES_COL + offset, first_list, last_list)},{position})"

    picked = _abs(PICKER_COL, PICKER_ROW)
    escaped = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({picked},"~","~~"),"*","~*"),"?","~?")'
    first = measures[0]
    rows[(PICKER_ROW, 0)] = "Measure"
    rows[(PICKER_ROW, PICKER_COL)] = first.cells[0]
    cell_kinds[(PICKER_ROW, PICKER_COL)] = NumberKind.TEXT
    rows[(PICKER_ROW, PICKER_COL + 1)] = Formula(f'=IFERROR({of_measure(1)}&"","")', first.cells[1] or "")
    # the picked measure's figures, one per row below the picker (B4:B8), as Initiative Results gives them
    for r, (label, offset, text) in enumerate(
        (("Initiative", 2, True), ("Status", 9, True), ("Latest value", 6, False), ("Progress", 7, False),
         ("Expected progress", 8, False)),
        start=PICKER_ROW + 1,
    ):
        rows[(r, 0)] = label
        value = first.cells[offset]
        if text:
            rows[(r, 1)] = Formula(f'=IFERROR({of_measure(offset)}&"","")', value or "")
        else:
            rows[(r, 1)] = Formula(f'=IFERROR(IF({of_measure(offset)}="","",{of_measure(offset)}),"")', "" if value is None else value)
        if offset in (7, 8):
            cell_kinds[(r, 1)] = NumberKind.PERCENT
    rows[(POSITION_ROW, 0)] = "Measure no."
    rows[(POSITION_ROW, PICKER_COL)] = Formula(f"=MATCH({escaped},{ids},0)", 1)
    cell_kinds[(POSITION_ROW, PICKER_COL)] = NumberKind.INTEGER  # its format's trailing space keeps it off "of N"
    rows[(POSITION_ROW, 2)] = f"of {len(measures)}"
    for r in range(PICKER_ROW, POSITION_ROW + 1):
        emphasis[(r, 0)] = Emphasis.LABEL

    # the chart's cells: point k of the picked measure, #N/A past its last point or where a value is blank
    size = max(max(len(m.points) for m in measures), 1)
    first_block = TOP + 1
    count = of_measure(len(MEASURE_HEADERS) - 1)
    start = of_measure(len(MEASURE_HEADERS) - 2)
    for k in range(size):
        r = first_block + k
        point = first.points[k] if k < len(first.points) else None
        cached = (
            [point[0], point[1], point[2], first.target, first.baseline] if point is not None else [None] * len(BLOCK_HEADERS)
        )
        for c, source in enumerate((1, 2, 4, 5, 6)):
            picked_cell = f"INDEX({_column(POINTS_COL + source, first_point, last_point)},{start}+{k})"
            text = f'=IF({k + 1}>{count},NA(),IF({picked_cell}="",NA(),{picked_cell}))'
            value = cached[c]
            rows[(r, BLOCK_COL + c)] = Formula(text, NOT_AVAILABLE if value is None else value)
    last_block = first_block + size - 1

    # titles and header rows of the three tables
    for col, title, headers in (
        (BLOCK_COL, "Chart data: the measure picked in B3", BLOCK_HEADERS),
        (MEASURES_COL, "Every measure (the list B3 picks from)", MEASURE_HEADERS),
        (POINTS_COL, "Every point: each value by date, and the expected path's start and end", POINT_HEADERS),
    ):
        rows[(TOP - 1, col)] = title
        for c, header in enumerate(headers):
            rows[(TOP, col + c)] = header
    for c in range(BLOCK_COL, POINTS_COL + len(POINT_HEADERS)):
        emphasis[(TOP, c)] = Emphasis.HEADER  # the three header rows and the blank cells between them: one range in Excel
    # dates and percentages need their format; text needs none (a file cell is text, Excel gets it with its apostrophe)
    kinds = {BLOCK_COL: NumberKind.DATE, MEASURES_COL + 7: NumberKind.PERCENT, MEASURES_COL + 8: NumberKind.PERCENT,
             POINTS_COL + 1: NumberKind.DATE, POINTS_COL + 3: NumberKind.PERCENT}
    # side by side columns of one width are one call in Excel: every column 11 wide but the picker's and the two long texts
    widths += [COLUMN_WIDTH] * (MEASURES_COL + 1 - len(widths)) + [30.0, 30.0]
    widths += [COLUMN_WIDTH] * (POINTS_COL + len(POINT_HEADERS) - len(widths))

    sheet = RUN_CHARTS.name
    x = CellRange(sheet, first_block, BLOCK_COL, last_block, BLOCK_COL)
    # the series' values start below the block's header row, whose names Excel takes (the file writes them literally)
    chart = Chart(
        "run", CHART_TITLE,
        tuple(ChartSeries(name, x, CellRange(sheet, first_block, BLOCK_COL + 1 + i, last_block, BLOCK_COL + 1 + i))
              for i, name in enumerate(SERIES)),
        anchor_row=CHART_ROW, anchor_col=0, width_cols=CHART_COLS, height_rows=CHART_ROWS,
    )
    validation = ListValidation(
        PICKER_ROW, PICKER_COL, CellRange(sheet, first_list, MEASURES_COL, last_list, MEASURES_COL),
        "Pick a measure", "Pick a measure ID from the list: the chart below shows that measure.",
    )
    area = CellRange(sheet, 0, 0, CHART_ROW + CHART_ROWS, PRINTED_COLS - 1)
    return _content(rows, emphasis, cell_kinds, heights, kinds, widths, (chart,), (validation,), area)


def _content(cells, emphasis, cell_kinds, heights, kinds, widths, charts, validations, area) -> SheetContent:
    """The sheet from its cells by position (a free layout: no header row, no table)."""
    height = max(r for r, _ in cells) + 1
    width = max(c for _, c in cells) + 1
    grid: list[list[CellValue | Formula]] = [[None] * width for _ in range(height)]
    for (r, c), value in cells.items():
        grid[r][c] = value
    return SheetContent(
        name=RUN_CHARTS.name,
        rows=[tuple(row) for row in grid],
        kinds=tuple(kinds.get(c, NumberKind.GENERAL) for c in range(width)),
        widths=tuple(widths[:width]),
        emphasis=emphasis,
        cell_kinds=cell_kinds,
        row_heights=heights,
        spans={1: PRINTED_COLS},
        tab_colour=OUTPUT_TAB_COLOUR,
        charts=tuple(charts),
        validations=tuple(validations),
        print_area=area,
        one_page=True,
    )
