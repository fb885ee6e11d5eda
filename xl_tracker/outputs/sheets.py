"""Build the content of every output sheet from one tracker run.

The order and names come from the contract (``OUTPUT_SHEETS``): Issues,
Member Results, Team Results, Initiative Results, Overlaps by department, Overlaps, Offer matches, Engagement,
Dashboard, About. Table sheets start at A1 with the contract headers and
take each column from the result frame by its key; a column's number
format comes from its contract kind (:data:`SHOWN_AS`), never from its
header or its values; values are never rounded. The Dashboard never shows the
headline without its method note, n, scale and rater beside it.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Sequence
from itertools import compress

import pandas as pd

from xl_tracker.contract import (
    ABOUT,
    COACHES,
    DASHBOARD,
    ENGAGEMENT,
    ERROR,
    WARNING,
    INITIATIVE_RESULTS,
    INPUT_SHEETS,
    ISSUES,
    MEMBER_RESULTS,
    OUTPUT_NOTE,
    OUTPUT_SHEETS,
    OUTPUT_SHEETS_BY_NAME,
    OUTPUT_TAB_COLOUR,
    OFFER_MATCHES,
    PRINTED_ACROSS,
    OVERLAPS,
    RUN_CHARTS,
    SETTINGS_ROWS,
    TEAM_RESULTS,
    TRENDS,
    OutputColumn,
    OutputSheet,
    Shown,
    UnknownColumn,
)
from xl_tracker.dates import date_in_words
from xl_tracker.outputs.model import (
    EXCEL_MAX_ROWS,
    CellRange,
    CellValue,
    Chart,
    ChartSeries,
    Emphasis,
    Highlight,
    Link,
    NumberKind,
    SheetContent,
    Tone,
    LINE_HEIGHT,
    sentence_height,
    wrapped_lines,
)
from xl_tracker.outputs.run_charts import run_charts_sheet
from xl_tracker.overlaps.sheets import overlap_frames
from xl_tracker.results import engagement as _engagement
from xl_tracker.results import status as _status
from xl_tracker.results.method import HEADLINE_NAME
from xl_tracker.results.team import ALL_CODE as ALL_ROW
from xl_tracker.results.team import PERCENT_COLUMN

MIN_WIDTH, MAX_WIDTH = 8.0, 36.0
"""Column widths (about a character each): a column is as wide as its content up to MAX_WIDTH, and wraps beyond it."""
_WIDTH_SAMPLE = 200
FILTER_BUTTON = 3
"""Room a table header leaves for its filter button."""


def python_value(value: object) -> CellValue:
    """A DataFrame value as a plain cell value: NA -> None, Timestamps -> dates, ID lists joined by ``; ``."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, (tuple, list, set, frozenset)):
        return "; ".join(str(v) for v in value)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):  # numpy scalars
        return python_value(value.item())
    return str(value)


def _column_values(series: pd.Series) -> list[CellValue]:
    """A column as plain cell values; float columns (most of the results) take the fast path."""
    if series.dtype.kind == "M" and len(series):  # dates: python_value's per Timestamp, done by pandas for the column
        present = series.notna().to_numpy()
        if (series[present] == series[present].dt.normalize()).all():
            return [d if p else None for d, p in zip(series.dt.date.tolist(), present.tolist())]
    values = series.tolist()
    if pd.api.types.is_float_dtype(series.dtype) and series.dtype.kind == "f":
        return [None if v != v else v for v in values]
    types = set(map(type, values))
    if types <= _PLAIN:  # text columns: python_value would hand back every value as it is
        return values
    if types <= _PLAIN_OR_FLOAT:
        return [None if v != v else v for v in values]  # NaN is the only value here that is not itself
    return [python_value(v) for v in values]


_PLAIN = frozenset({str, bool, int, type(None)})
_PLAIN_OR_FLOAT = _PLAIN | {float}


SHOWN_AS: dict[Shown, NumberKind] = {
    Shown.ID: NumberKind.GENERAL,
    Shown.TEXT: NumberKind.GENERAL,
    Shown.STATUS: NumberKind.GENERAL,
    Shown.VALUE: NumberKind.GENERAL,
    Shown.INTEGER: NumberKind.INTEGER,
    Shown.DECIMAL: NumberKind.DECIMAL,
    Shown.PERCENT: NumberKind.PERCENT,
    Shown.DATE: NumberKind.DATE,
    Shown.MEASURE: NumberKind.NUMBER,
}
"""The number format of each kind of output column: decided by what the column holds, never by its values."""


TONES: dict[Tone, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Tone.GOOD: ((_status.ON_TRACK, "Completed", "Done", _status.ACHIEVED), ()),
    Tone.CAUTION: (
        (WARNING, _status.AT_RISK, _status.NO_DATA, _status.NO_PROGRESS, _status.NO_TARGET, _status.NO_MEASURES, _status.NO_DATES),
        (_engagement.NO_ONE_ON_ONE.rsplit(" ", 1)[0], "Fewer than"),
    ),
    Tone.BAD: ((ERROR, _status.OFF_TRACK, _status.ENDED_SHORT), ()),
}
"""The words of status and flag columns and what they say: (equal to one of these, or containing one of those).

Every column of kind status on every table sheet is coloured by this one
table, so a new status column is coloured without a line of its own; a
word that is in no tone stays plain (Dropped, a round, Leading)."""


def column_kinds(spec: OutputSheet) -> tuple[NumberKind, ...]:
    return tuple(SHOWN_AS[c.kind] for c in spec.shown)


def _tone_of(value: CellValue) -> Tone | None:
    return _tone_of_text(value) if isinstance(value, str) else None


@functools.lru_cache(maxsize=4096)
def _tone_of_text(text: str) -> Tone | None:
    """A status word's tone; cached, since a status column holds a few words many times over."""
    folded = text.casefold()
    for tone, (equals, contains) in TONES.items():
        if any(folded == w.casefold() for w in equals) or any(w.casefold() in folded for w in contains):
            return tone
    return None


def status_highlights(columns: tuple[int, ...], rows: list[tuple[CellValue, ...]]) -> tuple[Highlight, ...]:
    """The traffic lights of a table sheet's status columns (grid columns) that hold a word of :data:`TONES`.

    A status column whose words say nothing good or bad (a round, Leading)
    gets no rule, and a tone no cell shows gets none (Engagement's flags are
    all cautions): each rule is a call to Excel on the ribbon.
    """
    tones: dict[Tone, set[int]] = {}
    for c in columns:
        for value in {row[c] for row in rows if c < len(row)}:
            tone = _tone_of(value)
            if tone is not None:
                tones.setdefault(tone, set()).add(c)
    said = tuple(sorted(set().union(*tones.values()))) if tones else ()
    return tuple(Highlight(tone, said, 1, len(rows), equals, contains) for tone, (equals, contains) in TONES.items() if tone in tones)


def _widths(headers: tuple[str, ...], rows: list[tuple[CellValue, ...]], kinds: tuple[NumberKind, ...]) -> tuple[float, ...]:
    """Each column as wide as its longest value (a sample of rows) or its header's longest word, capped at MAX_WIDTH.

    Headers wrap, so a long header does not widen its column of short
    numbers. Capped columns (long free text) then share what is left of the
    printed page's width (:func:`_spread`), so a message reads on one or two
    lines rather than five.
    """
    natural = []
    for c, header in enumerate(headers):
        longest = max((len(w) for w in header.split()), default=0) + FILTER_BUTTON
        for row in rows[:_WIDTH_SAMPLE]:
            value = row[c] if c < len(row) else None
            if isinstance(value, str):
                longest = max(longest, len(value))
            elif isinstance(value, (dt.date, dt.datetime)):
                longest = max(longest, 11)
            elif value is not None:
                longest = max(longest, 8 if kinds[c] in (NumberKind.PERCENT, NumberKind.DECIMAL) else len(str(value)))
        natural.append(max(MIN_WIDTH, longest + 1.0))
    return _spread(natural)


PAGE_UNITS = {False: 95.0, True: 140.0}
"""Column units a portrait and a landscape A4 page hold at the print scale (:data:`~xl_tracker.outputs.model.PRINT_SCALE`)."""


def _spread(natural: list[float]) -> tuple[float, ...]:
    """Widths capped at MAX_WIDTH, then the capped columns widened into the page's spare width (portrait if the sheet fits, else landscape)."""
    widths = [min(MAX_WIDTH, w) for w in natural]
    capped = [c for c, w in enumerate(natural) if w > MAX_WIDTH]
    if not capped:
        return tuple(widths)
    page = next((u for u in PAGE_UNITS.values() if sum(widths) <= u), None)
    if page is None:
        return tuple(widths)
    spare = page - sum(widths)
    for c in sorted(capped, key=lambda c: natural[c]):
        share = spare / len(capped)
        grow = min(share, natural[c] - widths[c])
        widths[c] += grow
        spare -= grow
        capped = [k for k in capped if k != c]
    return tuple(float(int(w)) for w in widths)


def _wrapped(widths: tuple[float, ...]) -> frozenset[int]:
    """Columns at or beyond the cap: they hold long text, which wraps."""
    return frozenset(c for c, w in enumerate(widths) if w >= MAX_WIDTH)


def wrap_heights(headers: tuple[str, ...], rows: list[tuple[CellValue, ...]], widths: tuple[float, ...], wrapped: frozenset[int]) -> dict[int, float]:
    """Grid row -> height for the header row and every row whose wrapped text needs more than one line."""
    heights: dict[int, float] = {}
    header_lines = max((wrapped_lines(h, w - FILTER_BUTTON) for h, w in zip(headers, widths)), default=1)
    if header_lines > 1:
        heights[0] = LINE_HEIGHT * header_lines + 2
    columns = [(c, widths[c]) for c in sorted(wrapped) if c < len(widths)]
    if not columns:
        return heights
    # column by column, each distinct text measured once: titles, reasons and statuses repeat down a column
    need = [1] * len(rows)
    width = max(c for c, _ in columns) + 1
    grid = zip(*(row if len(row) >= width else (*row, *(None,) * (width - len(row))) for row in rows))
    chosen = {c for c, _ in columns}
    for (c, w), column in zip(columns, (col for c, col in enumerate(grid) if c in chosen)):
        texts = column if set(map(type, column)) <= {str, type(None)} else [v for v in column if isinstance(v, str)]
        taller = {v: n for v in set(texts) if v is not None and len(v) >= w - 1 and (n := wrapped_lines(v, w)) > 1}
        if taller:
            try:  # the rows that hold one of those texts, found in C
                hits = list(compress(range(len(column)), map(taller.__contains__, column)))
            except TypeError:  # an unhashable value in the column
                hits = [r for r, v in enumerate(column) if isinstance(v, str) and v in taller]
            for r in hits:
                lines = taller[column[r]]
                if lines > need[r]:
                    need[r] = lines
    for r, lines in enumerate(need, start=1):
        if lines > 1:
            heights[r] = LINE_HEIGHT * lines + 2
    return heights


def _fit(rows: list[tuple[CellValue, ...]]) -> tuple[list[tuple[CellValue, ...]], int]:
    """The rows a sheet with a header row can hold, and how many are left out."""
    room = EXCEL_MAX_ROWS - 1
    return (rows[:room], len(rows) - room) if len(rows) > room else (rows, 0)


def table_sheet(spec: OutputSheet, frame: pd.DataFrame | None, *, sized: bool = True) -> SheetContent:
    """A table output sheet from a result frame keyed by the contract's column keys (a key the frame lacks is a blank column).

    ``sized=False`` leaves the row heights to :func:`wrap_columns`, which sizes every column of the sheet it wraps."""
    if frame is None:
        frame = pd.DataFrame(columns=list(spec.keys))
    unknown = [k for k in frame.columns if k not in spec.keys]
    if unknown:
        raise UnknownColumn(spec.name, unknown[0], spec.keys)
    columns = [_column_values(frame[c.key]) if c.key in frame.columns else [None] * len(frame) for c in spec.shown]
    rows = list(zip(*columns)) if columns else []
    rows, left_out = _fit(rows)
    kinds = column_kinds(spec)
    widths = _widths(spec.headers, rows, kinds)
    heights = wrap_heights(spec.headers, rows, widths, _wrapped(widths)) if sized else {}
    content = SheetContent(
        name=spec.name,
        headers=spec.headers,
        rows=rows,
        rows_left_out=left_out,
        kinds=kinds,
        widths=widths,
        wrap_columns=_wrapped(widths),
        row_heights=heights,
        table=spec.table,
        freeze_header=True,
        tab_colour=OUTPUT_TAB_COLOUR,
        highlights=status_highlights(tuple(c for c, col in enumerate(spec.shown) if col.kind is Shown.STATUS), rows),
        landscape=spec.name in PRINTED_ACROSS,
    )
    _date_cells(content, spec)
    return content


def _date_cells(content: SheetContent, spec: OutputSheet) -> None:
    """A date in a column of cells' values as typed (:attr:`Shown.VALUE`, the Issues' Value) shown as a date, not its serial number.

    Such a column holds text, numbers and dates together, so its format is
    General; each date gets a date format of its own, on every sheet that
    shows the column (a county's Issues and the programme's).
    """
    for c, column in enumerate(spec.shown):
        if column.kind is not Shown.VALUE:
            continue
        for n, row in enumerate(content.rows, start=content.first_row):
            if isinstance(row[c], dt.date):
                content.cell_kinds[(n, c)] = NumberKind.DATETIME if isinstance(row[c], dt.datetime) else NumberKind.DATE


WRAPPED_SHEETS = (OVERLAPS.name, OFFER_MATCHES.name)
"""Sheets read in full, wrapped: a Reasons cell or a title cut off at the column's edge hides what decides the action."""
def wrap_columns(content: SheetContent) -> None:
    """Wrap every body cell (top-aligned, one style per column), and make each row tall enough for its longest cell.

    Live Excel grows the rows itself (the xlwings writer); a file is opened
    without that (LibreOffice and Excel keep the height a row was written
    with), so each row whose text needs more than one line gets its height
    from :func:`wrap_heights`, the one estimate every table sheet's wrapped
    columns use, here over every column.
    """
    for c in range(len(content.headers)):
        content.column_emphasis[c] = Emphasis.WRAPPED
    every = frozenset(range(len(content.headers)))
    content.row_heights.update(wrap_heights(content.headers, list(content.rows), tuple(content.widths), every))


def _sheet_in_workbook(run, sheet: str) -> str | None:
    """The name the workbook gives an input sheet (the reader may have found it spelled differently)."""
    table = run.data.sheets.get(sheet) if run.data is not None else None
    if table is not None and table.found_as:
        return table.found_as
    names = getattr(run.data, "sheet_names", None) or []
    return sheet if sheet in names else None


def link_target(sheet: str, cell: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell


def issues_sheet(run) -> SheetContent:
    rows = [(i.severity, i.sheet, i.cell or None, i.rule, i.message, python_value(i.value)) for i in run.issues]
    rows, left_out = _fit(rows)
    kinds = column_kinds(ISSUES)
    widths = _widths(ISSUES.headers, rows, kinds)
    severity = ISSUES.keys.index("severity")
    last = len(ISSUES.headers) - 1
    heights = wrap_heights(ISSUES.headers, rows, widths, _wrapped(widths))
    content = SheetContent(
        name=ISSUES.name,
        headers=ISSUES.headers,
        rows=rows,
        rows_left_out=left_out,
        kinds=kinds,
        widths=widths,
        wrap_columns=_wrapped(widths),
        row_heights=heights,
        table=ISSUES.table,
        freeze_header=True,
        tab_colour=OUTPUT_TAB_COLOUR,
        # a whole row coloured by its severity, so errors stand out from warnings at a glance
        highlights=tuple(
            Highlight(tone, tuple(range(last + 1)), 1, len(rows), (word,), key_column=severity)
            for tone, word in ((Tone.BAD, ERROR), (Tone.CAUTION, WARNING))
        ) if rows else (),
        landscape=ISSUES.name in PRINTED_ACROSS,
    )
    _date_cells(content, ISSUES)
    cell_col = ISSUES.keys.index("cell")
    links = []
    found: dict[str, str | None] = {}
    for n, item in enumerate(run.issues[: len(rows)], start=content.first_row):
        if not item.cell:
            continue
        if item.sheet not in found:
            found[item.sheet] = _sheet_in_workbook(run, item.sheet)
        target_sheet = found[item.sheet]
        if target_sheet:
            links.append(Link(n, cell_col, link_target(target_sheet, item.cell)))
            content.emphasis[(n, cell_col)] = Emphasis.LINK
    content.links = tuple(links)
    return content


class FreeLayout:
    """The rows of a free-layout sheet (the Dashboard, the programme workbook's Programme sheet) and the content they make.

    One builder for every sheet that is not a table, so both sheets look and
    print alike: a row takes the look and number kind of its first cell, a
    sentence spans the sheet's width and is as tall as its wrapped lines, a
    header row takes the header look (a numeric column's header aligned over
    its numbers), a row of figures the number kind of each column.
    """

    ALIGNED = (Shown.PERCENT, Shown.DECIMAL, Shown.INTEGER)

    def __init__(self, widths: tuple[float, ...]):
        self.widths = widths
        self.rows: list[tuple[CellValue, ...]] = []
        self.emphasis: dict[tuple[int, int], Emphasis] = {}
        self.cell_kinds: dict[tuple[int, int], NumberKind] = {}
        self.heights: dict[int, float] = {}
        self.spans: dict[int, int] = {}

    def add(self, *values: CellValue, look: Emphasis | None = None, kind: NumberKind | None = None, height: float | None = None) -> int:
        self.rows.append(tuple(values))
        r = len(self.rows) - 1
        if look:
            self.emphasis[(r, 0)] = look
        if kind:
            self.cell_kinds[(r, 0)] = kind
        if height:
            self.heights[r] = height
        return r

    def sentence(self, text: str, look: Emphasis = Emphasis.NOTE) -> int:
        """A sentence across the sheet's width, wrapped, its row as tall as its lines."""
        r = self.add(text, look=look)
        self.spans[r] = len(self.widths)
        self.heights[r] = sentence_height(text, sum(self.widths))
        return r

    def header(self, columns: Sequence[OutputColumn]) -> int:
        r = self.add(*(c.header for c in columns))
        for c, column in enumerate(columns):
            self.emphasis[(r, c)] = Emphasis.HEADER
            if column.kind in self.ALIGNED:
                self.cell_kinds[(r, c)] = SHOWN_AS[column.kind]
        return r

    def figures(self, values: Sequence[object], columns: Sequence[OutputColumn], kinds: tuple[Shown, ...] = ALIGNED) -> int:
        """A row of result values, each column of a kind in ``kinds`` with its number kind."""
        r = self.add(*(python_value(v) for v in values))
        for c, column in enumerate(columns):
            if column.kind in kinds:
                self.cell_kinds[(r, c)] = SHOWN_AS[column.kind]
        return r

    def content(self, name: str, **more) -> SheetContent:
        return SheetContent(
            name=name, rows=self.rows, kinds=(NumberKind.GENERAL,) * len(self.widths), widths=self.widths, emphasis=self.emphasis,
            cell_kinds=self.cell_kinds, row_heights=self.heights, spans=self.spans, tab_colour=OUTPUT_TAB_COLOUR, **more,
        )


DASHBOARD_WIDTHS = (18.0, 44.0, 10.0, 15.0, 15.0, 28.0)


def _initiative_status_block(results, add) -> str | None:
    """The Dashboard's initiative counts, each status counted as recorded and as computed; returns the note that goes below.

    One bold cell and plain counts: the ribbon sets every look by a call of its own, and the Refresh click has a
    budget of calls. The note is returned so the caller puts it above the output note, where both are one run.
    """
    tally = results.initiative_statuses.team
    if not tally.total:
        return None
    add(None)
    # the team report's headers: "Change initiatives (36) by status" in column A was cut by column B's header
    add("Status", "Initiatives (recorded Status)", "Initiatives (computed status)", look=Emphasis.LABEL)
    for status, recorded, computed in tally.rows():
        add(status, recorded, computed)
    return (f"Change initiatives ({tally.total}): recorded is the Status typed on Initiatives; computed is worked out from the measures on "
            f"{INITIATIVE_RESULTS.name} (docs/results.md). {tally.contradictions} "
            f"{'contradicts its' if tally.contradictions == 1 else 'contradict their'} measures ({_status.CONTRADICTIONS_IN_WORDS}): "
            "see Issues, rule status-contradicts-measures.")


def dashboard_sheet(run) -> SheetContent:
    results = run.results
    method = results.method
    settings = run.data.settings
    sheet = FreeLayout(DASHBOARD_WIDTHS)
    add, sentence, rows = sheet.add, sheet.sentence, sheet.rows

    title = settings.programme + (f": {settings.county}" if settings.county else "")
    add(title, look=Emphasis.TITLE, height=21.0)
    add(" · ".join(p for p in (settings.reporting_period, f"as of {date_in_words(settings.as_of_date)}") if p), look=Emphasis.NOTE)
    add(None)
    add(f"Headline: {HEADLINE_NAME.lower()}", look=Emphasis.LABEL)
    if results.headline is None:
        sentence(f"No headline yet: {method.no_headline}", look=Emphasis.LABEL)
    else:
        add(float(results.headline), look=Emphasis.HEADLINE, kind=NumberKind.PERCENT, height=36.0)
    for line in (method.mix_sentence, method.exits_sentence):
        if line:
            sentence(line)
    sentence(method.method_text)
    sentence(method.figures)
    for line in method.beside_headline():
        sentence(line)
    add(None)

    percent_key = PERCENT_COLUMN.get(method.headline_method, PERCENT_COLUMN[next(iter(PERCENT_COLUMN))])
    shown = tuple(TEAM_RESULTS.column(k) for k in ("indicator_code", "indicator_name", "members", "baseline_mean", "latest_mean", percent_key))
    sheet.header(shown)
    team = results.team_results
    if team is not None and len(team):
        team = team[(team["indicator_code"] != ALL_ROW) & (team["rater"] == method.rater)]
    first = len(rows)
    if team is not None:
        for record in team.loc[:, [c.key for c in shown]].itertuples(index=False):
            sheet.figures(record, shown, (Shown.PERCENT, Shown.DECIMAL))
    last = len(rows) - 1
    status_note = _initiative_status_block(results, add)
    add(None)
    if status_note:
        sentence(status_note)
    sentence(OUTPUT_NOTE)

    charts: tuple[Chart, ...] = ()
    if last >= first:
        cats = CellRange(DASHBOARD.name, first, 0, last, 0)
        col = {c.key: i for i, c in enumerate(shown)}
        percent_header = shown[col[percent_key]].header
        anchor = len(rows) + 1
        charts = (
            Chart(
                "column",
                "Team mean score per indicator: baseline and latest",
                (
                    ChartSeries(shown[col["baseline_mean"]].header, cats, CellRange(DASHBOARD.name, first, col["baseline_mean"], last, col["baseline_mean"])),
                    ChartSeries(shown[col["latest_mean"]].header, cats, CellRange(DASHBOARD.name, first, col["latest_mean"], last, col["latest_mean"])),
                ),
                anchor_row=anchor,
                anchor_col=0,
                width_cols=3,
                height_rows=18,
                axis_min=float(method.scale_min),
                axis_max=float(method.scale_max),
            ),
            Chart(
                "bar",
                f"Increase from baseline per indicator ({method.headline_method.lower()})",
                (ChartSeries(percent_header, cats, CellRange(DASHBOARD.name, first, col[percent_key], last, col[percent_key])),),
                anchor_row=anchor,
                anchor_col=3,
                width_cols=4,
                height_rows=18,
                percent_axis=True,
            ),
        )
    charts += _commitment_block(
        results, rows, sheet.emphasis, sheet.cell_kinds, (charts[0].anchor_row + charts[0].height_rows + 1) if charts else len(rows) + 1,
    )
    return sheet.content(DASHBOARD.name, charts=charts, landscape=DASHBOARD.name in PRINTED_ACROSS, one_page=True)


COMMITMENT_TITLE = "Commitment and change"


def _commitment_block(results, rows: list, emphasis: dict, cell_kinds: dict, start: int) -> tuple[Chart, ...]:
    """The Dashboard's commitment and change: the finding, what the score is made of, the caution, the points and a scatter.

    Placed from row ``start`` (below the charts above it). The points are the
    Engagement sheet's score and mean change of every member who has both,
    without names, lowest score first; the figures are the results', never
    recomputed here.
    """
    summary = results.commitment
    if summary is None:
        return ()
    while len(rows) < start:
        rows.append((None,))
    score_column, change_column = ENGAGEMENT.column("engagement_score"), ENGAGEMENT.column("mean_change")
    emphasis[(len(rows), 0)] = Emphasis.LABEL
    rows.append((COMMITMENT_TITLE,))
    for text in (summary.finding, summary.score_made_of, summary.caution):
        emphasis[(len(rows), 0)] = Emphasis.NOTE
        rows.append((text,))
    header = len(rows)
    rows.append((score_column.header, change_column.header))
    emphasis[(header, 0)] = emphasis[(header, 1)] = Emphasis.HEADER
    points = results.engagement.loc[:, [score_column.key, change_column.key]].dropna().sort_values(score_column.key, kind="stable")
    for score, change in points.itertuples(index=False):
        cell_kinds[(len(rows), 0)] = SHOWN_AS[score_column.kind]
        cell_kinds[(len(rows), 1)] = SHOWN_AS[change_column.kind]
        rows.append((python_value(score), python_value(change)))
    if points.empty:
        return ()
    first, last = header + 1, len(rows) - 1
    return (
        Chart(
            "scatter",
            f"{COMMITMENT_TITLE}: each point is a member (n = {summary.n})",
            (ChartSeries("Members", CellRange(DASHBOARD.name, first, 0, last, 0), CellRange(DASHBOARD.name, first, 1, last, 1)),),
            anchor_row=header,
            anchor_col=2,
            width_cols=4,
            height_rows=18,
            axis_titles=(score_column.header, change_column.header),
            x_percent=True,
        ),
    )


def _setting_value(value: object) -> CellValue:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return python_value(value)


def about_sheet(run, made_at: dt.datetime | None = None, left_out: dict[str, int] | None = None) -> SheetContent:
    from xl_tracker import __version__
    from xl_tracker.settings import SETTING_FIELDS

    made_at = made_at or dt.datetime.now().replace(microsecond=0)
    method = run.results.method
    rows: list[tuple[CellValue, ...]] = []
    emphasis: dict[tuple[int, int], Emphasis] = {}
    cell_kinds: dict[tuple[int, int], NumberKind] = {}

    def add(label: CellValue, value: CellValue = None, kind: NumberKind | None = None, look: Emphasis | None = None) -> None:
        rows.append((label, value) if value is not None else (label,))
        r = len(rows) - 1
        if look:
            emphasis[(r, 0)] = look
        if kind:
            cell_kinds[(r, 1)] = kind

    def section(title: str) -> None:
        add(None)
        add(title, look=Emphasis.LABEL)

    widths = (46.0, 60.0, 40.0)
    add("About these results", look=Emphasis.TITLE)
    heights = {0: 21.0}
    add(OUTPUT_NOTE, look=Emphasis.NOTE)
    add("Made", made_at, NumberKind.DATETIME)
    add("By", f"xl-tracker {__version__}")
    path = getattr(run.data, "path", None)
    if path is not None:
        add("Workbook", str(getattr(path, "name", path)))
    add("Errors", run.error_count, NumberKind.INTEGER)
    add("Warnings", run.warning_count, NumberKind.INTEGER)

    for name, count in (left_out or {}).items():
        add(f"Rows not shown on {name}", count, NumberKind.INTEGER)
        rows[-1] = (*rows[-1], f"beyond Excel's limit of {EXCEL_MAX_ROWS:,} rows per sheet")

    section("Input rows read")
    for spec in INPUT_SHEETS:
        table = run.data.sheets.get(spec.name)
        if table is None or not table.present:
            add(spec.name, "sheet missing")
        else:
            add(spec.name, len(table.values), NumberKind.INTEGER)

    section("Methods")
    headline = f"Headline ({HEADLINE_NAME.lower()})"
    if run.results.headline is not None:
        add(headline, float(run.results.headline), NumberKind.PERCENT)
    else:
        add(headline, f"not computed: {method.no_headline}")
    add("Method note", method.text)
    add("n, scale and rater", method.figures)
    add("Headline method", method.headline_method)
    add("Members with a baseline and a latest score (n)", method.n, NumberKind.INTEGER)
    add("Rounds compared", method.mix_text or "none yet")
    if method.exits_sentence:
        add("Exits", method.exits_sentence)
    if method.raters_sentence():
        add("By rater", method.raters_sentence())
    for code, n in (method.n_by_indicator or {}).items():
        add(f"n for {code}", int(n), NumberKind.INTEGER)
    add("Rater", method.rater)
    add("Scale", f"{method.scale_min}–{method.scale_max}")
    add("Rounds", method.rounds_text)
    add("Minimum items answered", float(method.min_items_answered), NumberKind.PERCENT)

    section("Settings used")
    settings = run.data.settings
    for setting in SETTINGS_ROWS:
        value = getattr(settings, SETTING_FIELDS[setting.name], None)
        kind = NumberKind.DATE if isinstance(value, dt.date) else None
        if setting.name == "Compared rounds":
            add(setting.name, method.comparison)
            continue
        if setting.name == "As-of date" and getattr(settings, "as_of_is_default", False):
            add(setting.name, value, kind)
            rows[-1] = (*rows[-1], "(the refresh date: the Settings sheet leaves it blank)")
            continue
        add(setting.name, _setting_value(value), kind)
    for r, row in enumerate(rows):  # a wrapped sentence (a method note, the rounds compared) gets the rows it takes
        if r not in heights and len(row) > 1 and isinstance(row[1], str) and (tall := sentence_height(row[1], widths[1])) > LINE_HEIGHT + 2:
            heights[r] = tall
    return SheetContent(
        name=ABOUT.name,
        rows=rows,
        kinds=(NumberKind.GENERAL, NumberKind.GENERAL),
        widths=widths,
        wrap_columns=frozenset({1}),
        emphasis=emphasis,
        cell_kinds=cell_kinds,
        row_heights=heights,
        tab_colour=OUTPUT_TAB_COLOUR,
        landscape=ABOUT.name in PRINTED_ACROSS,
    )


def output_sheets(run, made_at: dt.datetime | None = None, picked: object = None) -> list[SheetContent]:
    """Every output sheet of the contract, in contract order, from a :class:`~xl_tracker.pipeline.TrackerRun`.

    ``picked``: the measure the Run charts sheet showed before (its B3), which it keeps showing.
    """
    results = run.results
    frames = {
        MEMBER_RESULTS.name: results.member_results,
        TEAM_RESULTS.name: results.team_results,
        INITIATIVE_RESULTS.name: results.initiative_results,
        ENGAGEMENT.name: results.engagement,
        TRENDS.name: results.trends,
        **overlap_frames(run.overlaps),
        COACHES.name: results.coaches,
    }
    built: dict[str, SheetContent] = {ISSUES.name: issues_sheet(run), DASHBOARD.name: dashboard_sheet(run)}
    for name, frame in frames.items():
        built[name] = table_sheet(OUTPUT_SHEETS_BY_NAME[name], frame, sized=name not in WRAPPED_SHEETS)
    for name in WRAPPED_SHEETS:
        wrap_columns(built[name])
    left_out = {s.name: s.rows_left_out for s in built.values() if s.rows_left_out}
    built[RUN_CHARTS.name] = run_charts_sheet(run, picked)
    built[ABOUT.name] = about_sheet(run, made_at, left_out)
    return [built[spec.name] for spec in OUTPUT_SHEETS]
