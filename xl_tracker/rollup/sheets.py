"""The sheets of the programme workbook, as :class:`~xl_tracker.outputs.model.SheetContent` for the one package writer.

Programme (the pooled headline with its method, the county comparison and
its chart), Counties, Programme Results, Learn from, Settings differ, then
every county's result tables with a County column (Team Results, Member
Results, Initiative Results, Overlaps, Offer matches, Engagement, Issues),
and About.
Table sheets are built by :func:`xl_tracker.outputs.sheets.table_sheet`,
so a column's number format comes from its kind, as on a county's sheets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from xl_tracker.contract import (
    ENGAGEMENT, INITIATIVE_RESULTS, ISSUES, MEMBER_RESULTS, OFFER_MATCHES, OUTPUT_TAB_COLOUR, OVERLAPS, TEAM_RESULTS, OutputColumn, OutputSheet, Shown,
)
from xl_tracker.dates import date_in_words
from xl_tracker.outputs.model import LINE_HEIGHT, AnySheet, CellRange, CellValue, Chart, ChartSeries, Emphasis, NumberKind, PendingSheet, SheetContent, landscape, pages_wide
from xl_tracker.outputs.sheets import FreeLayout, table_sheet
from xl_tracker.results.method import HEADLINE_NAME
from xl_tracker.rollup.learning import LEARN_FROM
from xl_tracker.rollup.programme import COUNTIES, COUNTY, FILE, PROGRAMME_RESULTS, PROGRAMME_TABLES, Programme

PROGRAMME_SHEET = "Programme"
PROGRAMME_WIDTHS = (22.0, 10.0, 8.0, 12.0, 20.0, 60.0)
ABOUT_SHEET = "About"
SETTINGS_DIFFER = OutputSheet(
    "Settings differ",
    (
        COUNTY, FILE,
        OutputColumn("setting", "Setting", Shown.STATUS, "The compared setting in which the county differs."),
        OutputColumn("county_value", "County's value", Shown.TEXT, "The county's own value."),
        OutputColumn("programme_value", "Programme's value", Shown.TEXT, "The value most counties use."),
        OutputColumn("handling", "How it is handled", Shown.TEXT, "What the roll-up does about it."),
    ),
    "Counties whose scale, rounds, rater, headline method or indicators differ from the programme's, and what is done about it.",
)
HANDLING = "Left out of the programme headline and Programme Results; its own figures are on Counties and every county table."


def _programme_sheet(programme: Programme) -> SheetContent:
    results = programme.results
    agreement = programme.agreement
    sheet = FreeLayout(PROGRAMME_WIDTHS)
    add = sheet.add
    add(f"{programme.name}: {len(programme.counties)} count{'y' if len(programme.counties) == 1 else 'ies'}", look=Emphasis.TITLE, height=21.0)
    sheet.sentence(
        f"Programme figures pool the members of {len(agreement.pooled)} of {len(programme.counties)} counties"
        + (f"; left out, because their settings differ: {', '.join(c.name for c in agreement.left_out)} (Settings differ)." if agreement.left_out else "."),
    )
    add(None)
    add(f"{HEADLINE_NAME} (programme)", look=Emphasis.LABEL)
    if results is None:
        add("No programme headline: no county's settings could be pooled.", look=Emphasis.LABEL)
    else:
        method = results.method
        if results.headline is None:
            add(f"No headline yet: {method.no_headline}", look=Emphasis.LABEL)
        else:
            add(float(results.headline), look=Emphasis.HEADLINE, kind=NumberKind.PERCENT, height=36.0)
        sheet.sentence(method.text)
        sheet.sentence(method.figures)
        for line in method.beside_headline():
            sheet.sentence(line)
    sheet.sentence(agreement.rule)
    add(None)

    shown = tuple(COUNTIES.column(k) for k in ("county", "members", "n", "headline", "headline_method", "pooled"))
    sheet.header(shown)
    first = len(sheet.rows)
    for record in programme.county_table.loc[:, [c.key for c in shown]].itertuples(index=False):
        sheet.figures(record, shown, (Shown.PERCENT, Shown.INTEGER))
    last = len(sheet.rows) - 1
    charts: tuple[Chart, ...] = ()
    headlines = [v for v in programme.county_table["headline"].tolist() if isinstance(v, float) and v == v]
    if last >= first:
        col = [c.key for c in shown].index("headline")
        charts = (
            Chart(
                "bar", "Each county's own headline (average increase from baseline)",
                (ChartSeries(shown[col].header, CellRange(PROGRAMME_SHEET, first, 0, last, 0), CellRange(PROGRAMME_SHEET, first, col, last, col)),),
                anchor_row=len(sheet.rows) + 1, anchor_col=0, width_cols=6, height_rows=max(16, min(60, (last - first + 1) + 6)),
                percent_axis=True,
                # bars from zero, as the programme report draws them: an axis from the lowest headline makes a
                # county 3 points behind look a third of the others' length
                axis_min=min(0.0, min(headlines, default=0.0)),
            ),
        )
    return sheet.content(PROGRAMME_SHEET, charts=charts)


def _about_sheet(programme: Programme, made_at: dt.datetime) -> SheetContent:
    from xl_tracker import __version__

    rows: list[tuple[CellValue, ...]] = []
    emphasis: dict[tuple[int, int], Emphasis] = {}
    cell_kinds: dict[tuple[int, int], NumberKind] = {}

    def add(label: CellValue, value: CellValue = None, kind: NumberKind | None = None, look: Emphasis | None = None) -> None:
        rows.append((label, value) if value is not None else (label,))
        if look:
            emphasis[(len(rows) - 1, 0)] = look
        if kind:
            cell_kinds[(len(rows) - 1, 1)] = kind

    add("About this programme roll-up", look=Emphasis.TITLE)
    add("Written by `xl-tracker rollup` from the county workbooks below (only read, never changed); run it again to update.", look=Emphasis.NOTE)
    add("Made", made_at, NumberKind.DATETIME)
    add("By", f"xl-tracker {__version__}")
    add("Counties", len(programme.counties), NumberKind.INTEGER)
    add("Pooled into programme figures", len(programme.agreement.pooled), NumberKind.INTEGER)
    add("Rule for settings that differ", programme.agreement.rule)
    add(None)
    add("Programme settings (compared)", look=Emphasis.LABEL)
    for name, value in programme.agreement.programme.shown().items():
        add(name, value)
    add(None)
    add("County workbooks", look=Emphasis.LABEL)
    for county in programme.counties:
        settings = county.run.data.settings
        add(county.name, county.file)
        rows[-1] = (*rows[-1], f"as of {date_in_words(settings.as_of_date)}" + (f"; {settings.reporting_period}" if settings.reporting_period else ""))
    return SheetContent(
        name=ABOUT_SHEET, rows=rows, kinds=(NumberKind.GENERAL,) * 3, widths=(34, 60, 40),
        emphasis=emphasis, cell_kinds=cell_kinds, row_heights={0: 21.0}, tab_colour=OUTPUT_TAB_COLOUR,
    )


def _oriented(content: SheetContent, across: bool = False) -> SheetContent:
    """A programme table printed the way the one rule (:func:`~xl_tracker.outputs.model.landscape`) orients a sheet.

    The contract orients a county's sheets by name (``PRINTED_ACROSS``);
    the programme's own tables are not among them, and Counties' 22 columns
    printed upright at a third of their size. ``across``: a short table read
    across its row (Counties, a row of figures per county) prints over
    enough pages wide to be read (:func:`~xl_tracker.outputs.model.pages_wide`),
    its County column on each; a long one stays fitted to one page wide,
    which keeps its rows together.
    """
    height = sum(content.row_heights.get(r, LINE_HEIGHT) for r in range(len(content.grid())))
    wide = landscape(content.widths, height)
    return replace(content, landscape=wide, pages_wide=pages_wide(content.widths, wide) if across else 1)


def programme_sheets(programme: Programme, made_at: dt.datetime | None = None) -> list[AnySheet]:
    """Every sheet of the programme workbook, in order (Learn from pending until the writer builds it)."""
    made_at = made_at or dt.datetime.now().replace(microsecond=0)
    differences = pd.DataFrame(
        [{"county": d.county, "file": d.file, "setting": d.setting, "county_value": d.county_value,
          "programme_value": d.programme_value, "handling": HANDLING} for d in programme.agreement.differences],
        columns=list(SETTINGS_DIFFER.keys),
    )
    pooled = programme.results.team_results if programme.results is not None else None
    before = [
        _programme_sheet(programme),
        _oriented(table_sheet(COUNTIES, programme.county_table), across=True),
        _oriented(table_sheet(PROGRAMME_RESULTS, pooled)),
    ]
    after = [_oriented(table_sheet(SETTINGS_DIFFER, differences))]
    for spec in (TEAM_RESULTS, MEMBER_RESULTS, INITIATIVE_RESULTS, OVERLAPS, OFFER_MATCHES, ENGAGEMENT, ISSUES):
        after.append(table_sheet(PROGRAMME_TABLES[spec.name], programme.tables[spec.name]))
    after.append(_about_sheet(programme, made_at))
    # Learn from waits for the pooled matching (Programme.learning): the writer builds it after the others, in its place.
    return [*before, PendingSheet(LEARN_FROM.name, lambda: _oriented(table_sheet(LEARN_FROM, programme.learning))), *after]


__all__ = ["PROGRAMME_SHEET", "SETTINGS_DIFFER", "programme_sheets"]
