"""The programme report for the funder: the programme workbook's figures in Word, through the one template system.

The template (``report_templates/programme_report.docx``) is built with the
member and team templates, by :mod:`xl_tracker.reports.build_templates`
(one builder: named styles, page header and footer, docxtpl loop tables),
and rendered by :mod:`xl_tracker.reports.render`. Its variables are the
fields of :class:`ProgrammeReport`, made here from the same
:class:`~xl_tracker.rollup.programme.Programme` the workbook shows and
formatted by :mod:`xl_tracker.reports.formats`: no figure is computed here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from xl_tracker.contract import INITIATIVE_STATUSES
from xl_tracker.reports import formats
from xl_tracker.reports.charts import BarChart
from xl_tracker.results.method import HEADLINE_NAME
from xl_tracker.results.team import ALL_CODE
from xl_tracker.rollup.programme import Programme, _status_key

PERCENT_LABELS = "0.0"
"""The headline bars' labels as :func:`xl_tracker.reports.formats.percent` writes the table beside them: one decimal."""

TEMPLATE = "programme_report.docx"
LEARNING_SHOWN = 25
"""Learn-from pairs printed in the report (the most similar); the workbook's Learn from sheet lists them all."""


@dataclass(frozen=True)
class CountyLine:
    county: str
    file: str
    members: str
    n: str
    headline: str
    method: str
    pooled: str
    errors: str
    warnings: str
    one_on_one: str
    group: str
    without_one_on_one: str
    median_days_since: str
    initiatives: str
    statuses: str


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    members: str
    baseline_mean: str
    latest_mean: str
    change: str
    pct: str


@dataclass(frozen=True)
class LearnLine:
    a: str
    b: str
    similar_in: str
    score: str


@dataclass(frozen=True)
class DifferenceLine:
    county: str
    setting: str
    county_value: str
    programme_value: str


@dataclass(frozen=True)
class Made:
    """When and by which version (the page footer, shared with the member and team templates)."""

    generated: str
    version: str


@dataclass(frozen=True)
class ProgrammeReport:
    """Every variable of the programme report template."""

    programme: str
    report: Made
    counties_count: str
    pooled_count: str
    headline_name: str
    headline: str
    headline_text: str
    headline_figures: str
    headline_beside: list[str]
    """Secondary figures, each rater's headline, the raters' coverage: the lines under every headline (MethodNote.beside_headline)."""
    as_of: str
    """The counties' as-of date, or the first and last of them when they differ."""
    rule: str
    counties: list[CountyLine]
    indicators: list[IndicatorLine]
    differences: list[DifferenceLine]
    learning: list[LearnLine]
    learning_more: str
    chart: BarChart | str


def _count(value: object) -> str:
    return formats.whole(value)


def programme_report(programme: Programme, made: dt.date | None = None) -> ProgrammeReport:
    """The variables of the programme report, from the programme the workbook shows."""
    from xl_tracker import __version__

    made = made or dt.date.today()
    results = programme.results
    method = results.method if results is not None else None
    counties = []
    for row in programme.county_table.to_dict("records"):
        statuses = "; ".join(
            f"{status} {int(row[_status_key(status)])}" for status in INITIATIVE_STATUSES if row[_status_key(status)]
        )
        counties.append(CountyLine(
            county=row["county"], file=row["file"], members=_count(row["members"]), n=_count(row["n"]),
            headline=formats.percent(row["headline"]), method=row["headline_method"], pooled=row["pooled"],
            errors=_count(row["errors"]), warnings=_count(row["warnings"]), one_on_one=_count(row["one_on_one"]),
            group=_count(row["group"]), without_one_on_one=_count(row["without_one_on_one"]),
            median_days_since=formats.days(row["median_days_since"]), initiatives=_count(row["initiatives"]),
            statuses=statuses or "none recorded",
        ))
    indicators = []
    if results is not None:
        from xl_tracker.results.team import PERCENT_COLUMN

        pct_key = PERCENT_COLUMN.get(method.headline_method, next(iter(PERCENT_COLUMN.values())))
        for row in results.team_results.to_dict("records"):
            if row["indicator_code"] == ALL_CODE or row.get("rater", method.rater) != method.rater:
                continue
            indicators.append(IndicatorLine(
                code=str(row["indicator_code"]), name=str(row.get("indicator_name") or ""), members=_count(row["members"]),
                baseline_mean=formats.score(row["baseline_mean"]), latest_mean=formats.score(row["latest_mean"]),
                change=formats.signed(row["change"]), pct=formats.signed_percent(row[pct_key]),
            ))
    learning = [
        LearnLine(
            a=f"{r['county_a']}: {r['initiative_a']} {r['title_a'] or ''}".strip(),
            b=f"{r['county_b']}: {r['initiative_b']} {r['title_b'] or ''}".strip(),
            similar_in=str(r["similar_in"]), score=_count(r["score"]),
        )
        for r in programme.learning.head(LEARNING_SHOWN).to_dict("records")
    ]
    values = [formats.number(v) for v in programme.county_table["headline"].tolist()]
    present = [v * 100 for v in values if v is not None]
    chart: BarChart | str = ""
    if present:
        chart = BarChart(
            title="Each county's own headline: average increase from baseline (%)",
            categories=tuple(programme.county_table["county"].tolist()),
            series=("Headline (%)",),
            values=(tuple(None if v is None else v * 100 for v in values),),
            # whole tens with room for the longest bar's label; a bar a county, 47 of them on one page
            axis_min=min(0.0, math.floor(min(present) / 10) * 10), axis_max=max(10.0, math.ceil(max(present) / 10 + 0.5) * 10),
            height_in=max(2.4, min(7.5, 1.0 + 0.24 * len(values))), label_format=PERCENT_LABELS, horizontal=True,
        )
    return ProgrammeReport(
        programme=programme.name,
        report=Made(formats.date(made), __version__),
        counties_count=str(len(programme.counties)),
        pooled_count=str(len(programme.agreement.pooled)),
        headline_name=HEADLINE_NAME,
        headline=formats.percent(results.headline) if results is not None else formats.BLANK,
        headline_text=method.text if method is not None else "No county's settings could be pooled.",
        headline_figures=method.figures if method is not None else "",
        headline_beside=list(method.beside_headline(formats.percent)) if method is not None else [],
        as_of=_as_of(programme),
        rule=programme.agreement.rule,
        counties=counties,
        indicators=indicators,
        differences=[DifferenceLine(d.county, d.setting, d.county_value, d.programme_value) for d in programme.agreement.differences],
        learning=learning,
        learning_more=str(max(0, len(programme.learning) - LEARNING_SHOWN)),
        chart=chart,
    )


def _as_of(programme: Programme) -> str:
    """``15 Oct 2026``, or ``1 Oct 2026 to 15 Oct 2026 (each county's own: About)`` when the counties' as-of dates differ."""
    dates = sorted({c.run.data.settings.as_of_date for c in programme.counties if c.run.data.settings.as_of_date is not None})
    if not dates:
        return formats.BLANK
    if len(dates) == 1:
        return formats.date(dates[0])
    return f"{formats.date(dates[0])} to {formats.date(dates[-1])} (each county's own date is on the workbook's About sheet)"


def report_variables(report: ProgrammeReport) -> dict[str, Any]:
    return {f.name: getattr(report, f.name) for f in fields(report)}




def write_programme_report(programme: Programme, out_path: Path, template: Path | None = None) -> Path:
    """Render the programme report of ``programme`` to ``out_path`` (a .docx) from the shipped template (or ``template``)."""
    return render_report_variables(report_variables(programme_report(programme)), out_path, template)


def render_report_variables(variables: dict[str, Any], out_path: Path, template: Path | None = None) -> Path:
    """Render a programme report from its variables (:func:`report_variables`): a roll-up's worker does this."""
    from xl_tracker.reports.render import compile_template
    from xl_tracker.resources import shipped_dir

    template = template or shipped_dir("report_templates") / TEMPLATE
    return compile_template(template).render(variables, out_path)
