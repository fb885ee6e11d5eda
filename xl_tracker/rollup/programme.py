"""The programme's figures: the pooled headline, one row per county, and every county's tables with a County column.

The pooled figures are computed by the same :func:`xl_tracker.results.compute_results`
as a county's own, on the pooled counties' Members, Assessments and (shared)
Indicators put together, each Member ID qualified by its county so that two
counties' M01 stay two members. So the programme headline has the very
method, n and method note (:class:`~xl_tracker.results.method.MethodNote`)
a county's headline has, and a roll-up of one county gives that county's
own figures. Every other table is each county's own result table, one
after the other, with the county named on each row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd

from xl_tracker.contract import (
    ASSESSMENTS,
    ENGAGEMENT,
    INDICATORS,
    INITIATIVE_RESULTS,
    INITIATIVE_STATUSES,
    INITIATIVES,
    ISSUES,
    MEMBER_RESULTS,
    MEMBERS,
    OFFER_MATCHES,
    OVERLAPS,
    TEAM_RESULTS,
    OutputColumn,
    OutputSheet,
    Shown,
)
from xl_tracker.results import Results, compute_results
from xl_tracker.rollup.agreement import Agreement
from xl_tracker.rollup.counties import County

POOLED_WHOSE = "all pooled members'"
"""Whose mean score the programme's change of means compares (the method note says so, not "the team's")."""
ROW_SPAN = 1 << 21
"""Rows of one county in a pooled table's index (above Excel's 1,048,576): county k's row r becomes k * ROW_SPAN + r."""

COUNTY = OutputColumn("county", "County", Shown.TEXT, "The county whose workbook the row comes from (its Settings, County).")
FILE = OutputColumn("file", "File", Shown.TEXT, "The county's workbook.")


def with_county(spec: OutputSheet, purpose: str | None = None, file: bool = False) -> OutputSheet:
    """A county's output sheet as the programme shows it: a County column (and File) before its own columns."""
    return OutputSheet(spec.name, (COUNTY, *((FILE,) if file else ()), *spec.columns), purpose or spec.purpose)


PROGRAMME_TABLES = {
    MEMBER_RESULTS.name: with_county(MEMBER_RESULTS),
    TEAM_RESULTS.name: with_county(TEAM_RESULTS, "Each county's change per indicator, and its headline in its ALL row."),
    INITIATIVE_RESULTS.name: with_county(INITIATIVE_RESULTS),
    OVERLAPS.name: with_county(OVERLAPS, "Within each county: initiatives that may duplicate each other."),
    OFFER_MATCHES.name: with_county(OFFER_MATCHES, "Within each county: offers that answer requests."),
    ENGAGEMENT.name: with_county(ENGAGEMENT),
    ISSUES.name: with_county(ISSUES, "Every problem found in each county's workbook, with the file and the cell to fix there.", file=True),
}
"""The per-county result tables of the programme workbook, by sheet name."""

PROGRAMME_RESULTS = OutputSheet(
    "Programme Results", TEAM_RESULTS.columns,
    "The pooled counties' change per indicator (members of every pooled county together), and the programme headline in the ALL row.",
)


def _status_key(status: str) -> str:
    return "status_" + status.lower().replace(" ", "_")


COUNTIES = OutputSheet(
    "Counties",
    (
        COUNTY, FILE,
        OutputColumn("pooled", "In programme figures", Shown.STATUS, "Yes, or No and the settings in which the county differs (Settings differ)."),
        OutputColumn("members", "Members", Shown.INTEGER, "Members on the county's Members sheet."),
        OutputColumn("n", "n", Shown.INTEGER, "Members with a baseline and a latest score (the county headline's n)."),
        OutputColumn("headline", "Headline", Shown.PERCENT, "The county's own headline, by its own headline method."),
        OutputColumn("headline_method", "Headline method", Shown.STATUS, "The county's Headline method setting."),
        OutputColumn("method_figures", "n, scale and rater", Shown.TEXT, "What the county's headline compares."),
        OutputColumn("errors", "Errors", Shown.INTEGER, "Errors in the county's workbook (their values are left out)."),
        OutputColumn("warnings", "Warnings", Shown.INTEGER, "Warnings in the county's workbook."),
        OutputColumn("one_on_one", "One-on-one sessions", Shown.INTEGER, "One-on-one sessions attended."),
        OutputColumn("group", "Group sessions", Shown.INTEGER, "Other sessions attended."),
        OutputColumn("without_one_on_one", "Members without a one-on-one", Shown.INTEGER, "Members who attended no one-on-one."),
        OutputColumn("engagement_flagged", "Members with an engagement flag", Shown.INTEGER, "Members flagged on Engagement."),
        OutputColumn("median_days_since", "Median days since last one-on-one", Shown.MEASURE, "Over members who had one (28.5: a median of whole days)."),
        OutputColumn("initiatives", "Initiatives", Shown.INTEGER, "Initiatives on the county's Initiatives sheet."),
        *(
            OutputColumn(_status_key(s), f"Initiatives {s} (recorded)", Shown.INTEGER, f"Initiatives whose recorded Status is {s}.")
            for s in INITIATIVE_STATUSES
        ),
        OutputColumn("status_blank", "Initiatives without a status", Shown.INTEGER, "Initiatives whose Status is blank."),
    ),
    "Each county beside the others: its own headline, engagement and initiative status.",
)


def qualified(k: int, value: object) -> object:
    """A Member or Initiative ID made unique across counties (county number k, then the ID); blanks stay blank."""
    return f"{k}:{value}" if isinstance(value, str) and value else value


def unqualified(value: object) -> object:
    return value.split(":", 1)[1] if isinstance(value, str) and ":" in value else value


def pooled_usable(usables: list[dict[str, pd.DataFrame]], sheets: dict[str, tuple[str, ...]]) -> dict[str, pd.DataFrame]:
    """The counties' usable tables (``usables``, in county order) of ``sheets`` (name -> ID columns to qualify) one after
    the other, rows kept apart by :data:`ROW_SPAN`.

    Each table is put together first and its IDs qualified once, over every
    county's rows: a copy and a column assignment per county and table cost
    more than the 47 counties' rows themselves.
    """
    usable: dict[str, pd.DataFrame] = {}
    for sheet, id_columns in sheets.items():
        frames, counties = [], []
        for k, tables in enumerate(usables):
            frame = tables.get(sheet)
            if frame is None or frame.empty:
                continue
            frames.append(frame.set_axis(frame.index + k * ROW_SPAN))
            counties.append(k)
        if not frames:
            continue
        pooled = pd.concat(frames) if len(frames) > 1 else frames[0].copy()
        county = np.repeat(counties, [len(f) for f in frames]).tolist()
        for column in id_columns:
            if column in pooled:
                pooled[column] = [qualified(k, v) for k, v in zip(county, pooled[column].tolist())]
        usable[sheet] = pooled
    return usable


def pooled_results(agreement: Agreement) -> Results | None:
    """The programme's results over the pooled counties (see the module docstring); None when no county is pooled."""
    counties = agreement.pooled
    if not counties:
        return None
    first = counties[0]
    usable = pooled_usable([c.run.checks.usable for c in counties], {MEMBERS.name: ("Member ID",), ASSESSMENTS.name: ("Member ID",)})
    indicators = first.run.checks.usable.get(INDICATORS.name)
    if indicators is not None:
        usable[INDICATORS.name] = indicators
    settings = replace(first.run.data.settings, county="")
    results = compute_results(usable, settings, first.run.data.item_codes, county_views=False)
    results.method = replace(results.method, whose=POOLED_WHOSE)
    return results


def county_tables(counties: list[County]) -> dict[str, pd.DataFrame]:
    """Every per-county result table (:data:`PROGRAMME_TABLES`), the counties one after the other.

    Each table's counties are put together first and the County (and File)
    column added once, with every county's name repeated over its rows:
    47 counties x 7 tables of copies and inserts cost more than the tables.
    """
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in PROGRAMME_TABLES}
    owners: dict[str, list[tuple[County, int]]] = {name: [] for name in PROGRAMME_TABLES}
    for county in counties:
        for name, frame in county.tables.items():
            if frame is None or frame.empty:
                continue
            parts[name].append(frame)
            owners[name].append((county, len(frame)))
    tables = {}
    for name, frames in parts.items():
        if not frames:
            tables[name] = pd.DataFrame(columns=list(PROGRAMME_TABLES[name].keys))
            continue
        table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True).copy()
        rows = [n for _county, n in owners[name]]
        table.insert(0, COUNTY.key, pd.Series(np.repeat([c.name for c, _n in owners[name]], rows).tolist()))
        if name == ISSUES.name:
            table.insert(1, FILE.key, pd.Series(np.repeat([c.file for c, _n in owners[name]], rows).tolist()))
        tables[name] = table
    return tables


def county_rows(counties: list[County], agreement: Agreement) -> pd.DataFrame:
    """One row per county: the Counties sheet (keys of :data:`COUNTIES`)."""
    rows = []
    for county in counties:
        run = county.run
        results = run.results
        totals = results.engagement_totals
        differs = agreement.differs(county)
        initiatives = run.checks.usable.get(INITIATIVES.name)
        statuses = initiatives["Status"].tolist() if initiatives is not None and "Status" in initiatives else []
        members = run.checks.usable.get(MEMBERS.name)
        row = {
            COUNTY.key: county.name,
            FILE.key: county.file,
            "pooled": "Yes" if not differs else "No: its " + ", ".join(differs) + " differ",
            "members": 0 if members is None else len(members),
            "n": results.method.n,
            "headline": results.headline,
            "headline_method": results.method.headline_method,
            "method_figures": results.method.figures,
            "errors": run.error_count,
            "warnings": run.warning_count,
            "one_on_one": totals.one_on_one,
            "group": totals.group,
            "without_one_on_one": totals.without_one_on_one,
            "engagement_flagged": totals.flagged,
            "median_days_since": totals.median_days_since,
            "initiatives": len(statuses),
            "status_blank": sum(1 for s in statuses if not (isinstance(s, str) and s.strip())),
        }
        for status in INITIATIVE_STATUSES:
            row[_status_key(status)] = sum(1 for s in statuses if isinstance(s, str) and s.strip().casefold() == status.casefold())
        rows.append(row)
    return pd.DataFrame(rows, columns=list(COUNTIES.keys))


@dataclass
class Programme:
    """Everything the programme workbook and report show."""

    counties: list[County]
    agreement: Agreement
    results: Results | None
    """The pooled results (None when no county could be pooled)."""
    county_table: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    find_learning: Callable[[], pd.DataFrame] = field(repr=False, compare=False)
    """Gives the Learn from table: a worker's job's result, started as soon as the counties were read."""

    @cached_property
    def learning(self) -> pd.DataFrame:
        """The Learn from table (:mod:`xl_tracker.rollup.learning`), waited for on first read.

        The pooled matching is the roll-up's longest single job; whatever
        reads it last (the Learn from sheet, built after the others) lets
        this process build everything else meanwhile.
        """
        return self.find_learning()

    @property
    def name(self) -> str:
        """The programme's name: the pooled counties' Programme setting (the first county's when none is pooled)."""
        first = (self.agreement.pooled or self.counties)[0]
        return first.run.data.settings.programme
