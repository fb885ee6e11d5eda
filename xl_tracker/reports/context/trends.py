"""The reports' trend sections: scores across rounds, measures' run charts, and the team's member comparison.

Every figure is a result (the Trends rows, Member Results, the measures'
runs and expected paths of :mod:`xl_tracker.results.trends`); this module
picks the rows, formats them and turns them into charts. Labels of members
who may not be named come from :func:`.privacy.anonymous_labels`, so the
comparison table and its dot charts use the same ones.
"""

from __future__ import annotations

import pandas as pd

from xl_tracker.reports import formats as fmt
from xl_tracker.reports.charts import LineChart, RunChart, nice_range, serial_day
from xl_tracker.reports.context.variables import (
    ChangeCell,
    IndicatorDots,
    IndicatorTrend,
    MeasureRun,
    MemberComparison,
    RoundScore,
)
from xl_tracker.reports.context.view import ResultRow, RunView, clean, key_of
from xl_tracker.results.trends import path_points

NO_SCORE = "no score"


def indicator_trends(view: RunView, rows: list[ResultRow], with_n: bool) -> list[IndicatorTrend]:
    """One entry per indicator (Indicators order) from Trends rows; an indicator without a score is left out."""
    by_code: dict[str, list[ResultRow]] = {}
    for r in rows:
        by_code.setdefault(key_of(r["indicator_code"]), []).append(r)
    out = []
    for code, name in view.indicators:
        found = by_code.get(code.casefold())
        if not found:
            continue
        rounds = [
            RoundScore(round=clean(r["round"]), score=fmt.score(r["score"]), n=fmt.whole(r["members"]), change=fmt.signed(r["change_from_previous"]))
            for r in found
        ]
        text = " → ".join(f"{s.round} {s.score}" + (f" (n = {s.n})" if with_n else "") for s in rounds)
        out.append(IndicatorTrend(code=code, name=clean(found[0]["indicator_name"]) or name, rounds=rounds, text=text))
    return out


def trend_chart(view: RunView, title: str, rows: list[ResultRow]) -> LineChart | None:
    """Scores per round (the categories, in Rounds order), one line per indicator; None without a score."""
    method = view.run.results.method
    rounds = [r for r in view.settings.rounds if any(clean(x["round"]) == r for x in rows)]
    if not rounds:
        return None
    series, values = [], []
    for code, _ in view.indicators:
        scores = {clean(r["round"]): fmt.number(r["score"]) for r in rows if key_of(r["indicator_code"]) == code.casefold()}
        if scores:
            series.append(code)
            values.append(tuple(scores.get(r) for r in rounds))
    return LineChart(
        title=title, categories=tuple(rounds), series=tuple(series), values=tuple(values),
        axis_min=0.0 if method.scale_min > 0 else float(method.scale_min), axis_max=float(method.scale_max),
    )


def _day(value: object) -> float:
    return serial_day(pd.Timestamp(value).date())


def measure_run(view: RunView, initiative: dict, measure_id: object) -> MeasureRun:
    """A measure's run: its dated values and its expected path, in words and as a run chart."""
    key = key_of(measure_id)
    source = view.measures.get(key, {})
    unit = clean(source.get("Unit"))
    label = clean(source.get("Measure")) + (f" ({unit})" if unit else "")
    values = view.runs.get(key, [])
    path = view.paths.get(key)
    baseline = fmt.number(source.get("Baseline"))
    target = fmt.number(source.get("Target"))
    initiative_label = f"{clean(initiative['Initiative ID'])} {clean(initiative.get('Title'))}".strip()
    if not values:
        return MeasureRun(initiative=initiative_label, measure_id=clean(measure_id), measure=label,
                          sentence="No progress value recorded yet.", run_chart=None)
    days = [_day(v["date"]) for v in values]
    numbers = [float(v["value"]) for v in values]
    expected: tuple[tuple[float, float], ...] = ()
    first, last = min(days), max(days)
    if path is not None:
        expected = tuple((_day(day), value) for day, value in path_points(path))
        first, last = min(first, expected[0][0]), max(last, expected[-1][0])
    if first == last:
        first, last = first - 15, last + 15
    shown = numbers + [v for v in (baseline, target) if v is not None]
    sentence = (
        f"{fmt.count_phrase(len(values), 'value')} from {fmt.date(values[0]['date'])} to {fmt.date(values[-1]['date'])}; "
        f"latest {fmt.plain(numbers[-1])}"
    )
    if fmt.number(values[-1]["expected"]) is not None:
        sentence += f", where the expected path from baseline to target was at {fmt.plain(values[-1]['expected'])} by then"
    sentence += "." if target is None else f"; target {fmt.plain(target)} by {fmt.date(path['end']) if path is not None else 'the end'}."
    chart = RunChart(
        title=label, dates=tuple(days), values=tuple(numbers), expected=expected,
        baseline=baseline, target=target, window=(first, last), value_range=nice_range(shown),
    )
    return MeasureRun(initiative=initiative_label, measure_id=clean(measure_id), measure=label, sentence=sentence, run_chart=chart)


def member_runs(view: RunView, initiatives: list[dict]) -> list[MeasureRun]:
    """A run per measure of these initiatives, in Initiatives then Measures order."""
    out = []
    for initiative in initiatives:
        for row in view.initiative_rows.get(key_of(initiative["Initiative ID"]), []):
            if clean(row["measure_id"]):
                out.append(measure_run(view, initiative, row["measure_id"]))
    return out


def member_comparison(
    view: RunView, labels: dict[str, str], named_keys: set[str]
) -> tuple[list[MemberComparison], list[IndicatorDots]]:
    """The members with a latest score, one row each listed by label (named first, by name), and a dot chart per indicator.

    ``labels`` maps a member key to its label: the name for a member who
    may be named, else the anonymous label.
    """
    rows = []
    for m in view.members:
        key = key_of(m["Member ID"])
        results = {key_of(r["indicator_code"]): r for r in view.member_results.get(key, [])}
        if not any(fmt.number(r["latest"]) is not None for r in results.values()):
            continue
        cells = []
        for code, _ in view.indicators:
            r = results.get(code.casefold())
            cells.append(ChangeCell(
                indicator=code,
                baseline=fmt.score(r["baseline"]) if r else fmt.score(None),
                latest=fmt.score(r["latest"]) if r else fmt.score(None),
                change=fmt.signed(r["change"]) if r else fmt.signed(None),
                direction=(r["direction"] or NO_SCORE) if r else NO_SCORE,
            ))
        rows.append((key in named_keys, labels[key], cells, results))
    rows.sort(key=lambda r: (not r[0], r[1].casefold() if r[0] else (len(r[1]), r[1])))
    comparison = [MemberComparison(label=label, named=named, changes=cells) for named, label, cells, _ in rows]
    method = view.run.results.method
    dots = []
    for code, name in view.indicators:
        baseline = tuple(fmt.number(r[3][code.casefold()]["baseline"]) if code.casefold() in r[3] else None for r in rows)
        latest = tuple(fmt.number(r[3][code.casefold()]["latest"]) if code.casefold() in r[3] else None for r in rows)
        if not any(v is not None for v in latest):
            continue
        dots.append(IndicatorDots(code=code, name=name, dot_chart=LineChart(
            title=f"{code}: each member's baseline and latest score",
            categories=tuple(r[1].removeprefix("Member ") for r in rows), series=("Baseline", "Latest"),
            values=(baseline, latest), axis_min=0.0 if method.scale_min > 0 else float(method.scale_min),
            axis_max=float(method.scale_max), colours=("A5A5A5", "1F4E79"), dots_only=True, joined=True,
            height_in=2.0,
        )))
    return comparison, dots
