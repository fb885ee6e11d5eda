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
for the picked measure, so LibreOffice's PDF, a previewer and the chart's own
cache show a real chart before anything recalculates. A refresh keeps the
measure B3 held (the file's refresh reads it with
:func:`xl_tracker.ooxml.cell_text.cell_text`, the ribbon asks Excel), while
it still names a measure; a new sheet shows the first.

The figures are the results' own: values and the value expected on each date
from :func:`xl_tracker.results.trends.measure_runs`, the path's ends from
:func:`~xl_tracker.results.trends.expected_paths`, status, progress and
expected progress from Initiative Results. Progress of a value =
(value − baseline) / (target − baseline), as Initiative Results computes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
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
PICKER_CELL = "B3"
"""The measure picked (grid row 2, column 1): a refresh keeps what it holds while it still names a measure."""
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
class _Tables:
    """The list of measures (one row each, :data:`MEASURE_HEADERS`) and of points (:data:`POINT_HEADERS`), as cell values."""

    measures: list[tuple]
    points: list[tuple]


def _cells(column: pd.Series) -> list[CellValue]:
    """A column as cell values: blanks (NaN, NaT, None) as None, timestamps as dates, numpy numbers as Python's."""
    if pd.api.types.is_datetime64_any_dtype(column):
        days = column.dt.date.astype(object)
        return days.where(column.notna(), None).tolist()
    values = column.astype(object)
    return values.where(column.notna(), None).tolist()


def _tables(results) -> _Tables:
    """Every measure of Initiative Results (once, in its order) and its points: each dated value, and its path's ends.

    Vectorised, since a dense workbook has thousands of measures: the
    points of a measure are its path's start (no value; the Baseline is
    expected), its values in date order and its path's end (the Target),
    the start before a value of the same day and the end after one.
    """
    rows = results.initiative_results
    if rows is None or not len(rows):
        return _Tables([], [])
    ids = rows["measure_id"]
    keys = ids.astype(object).where(ids.notna(), None).map(lambda v: None if v is None or v == "" else str(v).casefold())
    listed = rows[keys.notna() & ~keys.duplicated()].reset_index(drop=True)
    if not len(listed):
        return _Tables([], [])
    key = keys[keys.notna() & ~keys.duplicated()].reset_index(drop=True)
    order = pd.Series(range(len(listed)), index=pd.Index(key.to_numpy(object)))
    baseline = pd.to_numeric(listed["baseline"], errors="coerce")
    target = pd.to_numeric(listed["target"], errors="coerce")

    runs = results.measure_runs if results.measure_runs is not None else pd.DataFrame(columns=["measure_id", "date", "value", "expected"])
    paths = results.expected_paths if results.expected_paths is not None else pd.DataFrame(columns=["measure_id", "start", "end"])

    def part(frame: pd.DataFrame, date: str, value, expected, rank: int) -> pd.DataFrame:
        pos = frame["measure_id"].map(lambda v: str(v).casefold()).map(order)
        return pd.DataFrame({
            "pos": pos.to_numpy(float), "date": pd.to_datetime(frame[date]).to_numpy("datetime64[ns]"),
            "value": value, "expected": expected, "rank": rank, "seq": range(len(frame)),
        })

    run_part = part(runs, "date", pd.to_numeric(runs["value"]).to_numpy(float), pd.to_numeric(runs["expected"]).to_numpy(float), 1)
    starts = part(paths, "start", float("nan"), 0.0, 0)
    ends = part(paths, "end", float("nan"), 0.0, 2)
    points = pd.concat([starts, run_part, ends], ignore_index=True)
    points = points[points["pos"].notna() & points["date"].notna()]
    points = points.assign(pos=points["pos"].astype(int)).sort_values(["pos", "date", "rank", "seq"], kind="stable")
    at = points["pos"].to_numpy(int)
    point_baseline, point_target = baseline.to_numpy(float)[at], target.to_numpy(float)[at]
    rank = points["rank"].to_numpy(int)
    expected = points["expected"].to_numpy(float).copy()
    expected[rank == 0] = point_baseline[rank == 0]  # the path's ends expect the Baseline and the Target
    expected[rank == 2] = point_target[rank == 2]
    value = points["value"].to_numpy(float)
    span = point_target - point_baseline
    with np.errstate(invalid="ignore", divide="ignore"):
        progress = np.where(span != 0, (value - point_baseline) / span, np.nan)  # as Initiative Results computes it
    point_frame = pd.DataFrame({
        "measure_id": listed["measure_id"].to_numpy(object)[at], "date": points["date"].to_numpy("datetime64[ns]"),
        "value": value, "progress": progress, "expected": expected, "target": point_target, "baseline": point_baseline,
    })
    counts = np.bincount(at, minlength=len(listed))
    firsts = np.concatenate([[0], np.cumsum(counts)[:-1]]) + 1
    initiative = (listed["initiative_id"].astype(object).where(listed["initiative_id"].notna(), "").astype(str) + " "
                  + listed["title"].astype(object).where(listed["title"].notna(), "").astype(str)).str.strip()
    measure_frame = pd.DataFrame({
        "measure_id": listed["measure_id"].astype(str), "measure": listed["measure"], "initiative": initiative.where(initiative != "", None),
        "kind": listed["kind"], "baseline": baseline, "target": target, "latest": pd.to_numeric(listed["latest"], errors="coerce"),
        "progress": pd.to_numeric(listed["progress"], errors="coerce"), "expected": pd.to_numeric(listed["expected"], errors="coerce"),
        "status": listed["measure_status"], "first": np.where(counts > 0, firsts, np.nan), "points": counts,
    })
    measure_frame["first"] = measure_frame["first"].astype("Int64")

    def rows_of(frame: pd.DataFrame) -> list[tuple]:
        return list(zip(*(_cells(frame[c]) for c in frame.columns)))

    return _Tables(rows_of(measure_frame), rows_of(point_frame))


def _abs(col: int, row: int) -> str:
    return f"${column_letters(col)}${row + 1}"


def _column(col: int, first: int, last: int) -> str:
    return f"{_abs(col, first)}:{_abs(col, max(first, last))}"


def run_charts_sheet(run, picked: object = None) -> SheetContent:
    """The Run charts sheet of ``run``: picker, chart and the tables that feed it (see the module docstring).

    ``picked`` is the measure B3 held before the refresh: the picker keeps it
    (and the cached values are that measure's) while it still names a
    measure, as MATCH finds it (ignoring case); otherwise it shows the first.
    """
    tables = _tables(run.results)
    measures = tables.measures
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
        return _content(rows, tables, emphasis, cell_kinds, heights, {}, widths, (), (), None)
    rows[(1, 0)] = PICK_NOTE
    emphasis[(1, 0)] = Emphasis.NOTE
    heights[1] = sentence_height(PICK_NOTE, sum(WIDTHS_LEFT) + COLUMN_WIDTH * (PRINTED_COLS - len(WIDTHS_LEFT)))

    # the list of measures (with each one's first point and number of points) and the points, below their header rows
    first_list, last_list = TOP + 1, TOP + len(measures)
    first_point = TOP + 1
    last_point = first_point + max(len(tables.points), 1) - 1

    ids = _column(MEASURES_COL, first_list, last_list)
    position = _abs(PICKER_COL, POSITION_ROW)

    def of_measure(offset: int) -> str:
        """A formula part: the picked measure's cell in column ``offset`` of the list."""
        return f"INDEX({_column(MEASURES_COL + offset, first_list, last_list)},{position})"

    picker = _abs(PICKER_COL, PICKER_ROW)
    escaped = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({picker},"~","~~"),"*","~*"),"?","~?")'
    at = _picked_at(measures, picked)
    first = measures[at]
    rows[(PICKER_ROW, 0)] = "Measure"
    rows[(PICKER_ROW, PICKER_COL)] = first[0]
    cell_kinds[(PICKER_ROW, PICKER_COL)] = NumberKind.TEXT
    rows[(PICKER_ROW, PICKER_COL + 1)] = Formula(f'=IFERROR({of_measure(1)}&"","")', _shown(first[1]))
    # the picked measure's figures, one per row below the picker (B4:B8), as Initiative Results gives them
    for r, (label, offset, text) in enumerate(
        (("Initiative", 2, True), ("Status", 9, True), ("Latest value", 6, False), ("Progress", 7, False),
         ("Expected progress", 8, False)),
        start=PICKER_ROW + 1,
    ):
        rows[(r, 0)] = label
        value = first[offset]
        if text:
            rows[(r, 1)] = Formula(f'=IFERROR({of_measure(offset)}&"","")', _shown(value))
        else:
            rows[(r, 1)] = Formula(f'=IFERROR(IF({of_measure(offset)}="","",{of_measure(offset)}),"")', "" if value is None else value)
        if offset in (7, 8):
            cell_kinds[(r, 1)] = NumberKind.PERCENT
    rows[(POSITION_ROW, 0)] = "Measure no."
    rows[(POSITION_ROW, PICKER_COL)] = Formula(f"=MATCH({escaped},{ids},0)", at + 1)
    cell_kinds[(POSITION_ROW, PICKER_COL)] = NumberKind.INTEGER  # its format's trailing space keeps it off "of N"
    rows[(POSITION_ROW, 2)] = f"of {len(measures)}"
    for r in range(PICKER_ROW, POSITION_ROW + 1):
        emphasis[(r, 0)] = Emphasis.LABEL

    # the chart's cells: point k of the picked measure, #N/A past its last point or where a value is blank
    size = max(max(m[-1] for m in measures), 1)
    first_block = TOP + 1
    count = of_measure(len(MEASURE_HEADERS) - 1)
    start = of_measure(len(MEASURE_HEADERS) - 2)
    for k in range(size):
        r = first_block + k
        point = tables.points[first[-2] - 1 + k] if k < first[-1] else None  # its points from its first, a 1-based row
        for c, source in enumerate((1, 2, 4, 5, 6)):
            picked_cell = f"INDEX({_column(POINTS_COL + source, first_point, last_point)},{start}+{k})"
            text = f'=IF({k + 1}>{count},NA(),IF({picked_cell}="",NA(),{picked_cell}))'
            value = point[source] if point is not None else None
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
    return _content(rows, tables, emphasis, cell_kinds, heights, kinds, widths, (chart,), (validation,), area)


def _picked_at(measures: list[tuple], picked: object) -> int:
    """The place in ``measures`` of the measure ID ``picked`` (case ignored, as Excel's MATCH); 0 when it names none."""
    if isinstance(picked, float) and picked.is_integer():
        picked = str(int(picked))  # Excel gives an ID typed as a number back as one
    if isinstance(picked, str) and picked.strip():
        wanted = picked.strip().casefold()
        for n, measure in enumerate(measures):
            if str(measure[0]).casefold() == wanted:
                return n
    return 0


def _shown(value: CellValue) -> CellValue:
    """What a text formula (``…&""``) gives for a cell: its text, "" for a blank."""
    return "" if value is None else str(value)


def _content(cells, tables: _Tables, emphasis, cell_kinds, heights, kinds, widths, charts, validations, area) -> SheetContent:
    """The sheet: the few cells by position (title, picker, block, headers) and, row by row, the two tables below TOP.

    A free layout (no header row, no Excel table); the tables' rows are
    joined to the cells' row by row, not cell by cell, since a dense
    workbook has tens of thousands of points.
    """
    width = POINTS_COL + len(POINT_HEADERS) if tables.measures else max(c for _, c in cells) + 1
    height = max(max(r for r, _ in cells) + 1, TOP + 1 + len(tables.measures), TOP + 1 + len(tables.points))
    blank = (None,) * width
    no_measure, no_point = (None,) * len(MEASURE_HEADERS), (None,) * len(POINT_HEADERS)
    lead, gap = (None,) * MEASURES_COL, (None,) * (POINTS_COL - MEASURES_COL - len(MEASURE_HEADERS))
    measures, points = tables.measures, tables.points
    # each table row a tuple joined from the tables' rows; the few rows holding placed cells are patched after
    rows: list[tuple[CellValue | Formula, ...]] = [blank] * (TOP + 1) + [
        lead + (measures[i] if i < len(measures) else no_measure) + gap + (points[i] if i < len(points) else no_point)
        for i in range(height - TOP - 1)
    ] if measures else [blank] * height
    placed: dict[int, list[CellValue | Formula]] = {}
    for (r, c), value in cells.items():
        placed.setdefault(r, list(rows[r]))[c] = value
    for r, row in placed.items():
        rows[r] = tuple(row)
    return SheetContent(
        name=RUN_CHARTS.name,
        rows=rows,
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
