"""The team report's context: the headline, per-indicator results, the portfolio, overlaps, engagement, data quality.

Figures come from the run's results (Team Results rows, the tallies, the
engagement totals, Overlaps) and the headline's words from its
:class:`~xl_tracker.results.method.MethodNote`. Privacy is decided here: a
member's name appears only when the Settings say ``Name members in team
report = Yes`` and that member consented; everyone else is "Member A",
"Member B"… (letters dealt at random, :func:`.privacy.anonymous_labels`) and
their names are scrubbed from free text (:mod:`.privacy`).
"""

from __future__ import annotations

import pandas as pd

from xl_tracker.anchors import workbook_items
from xl_tracker.contract import INDICATORS, TEAM_RESULTS
from xl_tracker.reports import formats as fmt
from xl_tracker.reports.context.programme import commitment, team_programme
from xl_tracker.reports.context.variables import (
    OVERLAPS_SHOWN,
    DataQuality,
    Headline,
    IssueCount,
    NamedEngagement,
    OverlapRow,
    RaterIndicator,
    StatusCount,
    TeamEngagement,
    TeamIndicator,
    TeamReport,
)
from xl_tracker.reports.context.form import scale_indicators
from xl_tracker.reports.context.member import reasons_in_words
from xl_tracker.reports.context.privacy import LABELS_NOTE, anonymous_labels, scrub_names
from xl_tracker.reports.context.trends import indicator_trends, member_comparison, trend_chart
from xl_tracker.reports.context.view import ResultRow, RunView, clean, key_of
from xl_tracker.results.status import CONTRADICTIONS_IN_WORDS
from xl_tracker.results.team import ALL_CODE, PERCENT_COLUMN


def team_report(view: RunView) -> TeamReport:
    """The context of the team report; names appear only where the member may be named."""
    results = view.run.results
    method = results.method
    indicators = []
    baseline_means: list[float | None] = []
    latest_means: list[float | None] = []
    by_code = {key_of(r["indicator_code"]): r for r in view.team_rows}
    for code, name in view.indicators:
        found = by_code.get(code.casefold())
        r = found or ResultRow(TEAM_RESULTS)
        baseline_means.append(fmt.number(r["baseline_mean"]))
        latest_means.append(fmt.number(r["latest_mean"]))
        indicators.append(
            TeamIndicator(
                code=code,
                name=clean(r["indicator_name"]) or name,
                members=fmt.whole(r["members"]) if found else "0",
                baseline_mean=fmt.score(r["baseline_mean"]),
                latest_mean=fmt.score(r["latest_mean"]),
                change=fmt.signed(r["change"]),
                pct_change_of_means=fmt.signed_percent(r["pct_change_of_means"]),
                pct_mean_of_changes=fmt.signed_percent(r["pct_mean_of_changes"]),
                median_change=fmt.signed(r["median_change"]),
                improved=fmt.whole(r["improved"]) if found else "0",
                unchanged=fmt.whole(r["unchanged"]) if found else "0",
                declined=fmt.whole(r["declined"]) if found else "0",
            )
        )
    value = fmt.percent(results.headline)
    headline = Headline(
        value=value, method=clean(method.headline_method), n=str(method.n), indicators=str(method.indicators_in_headline),
        scale=method.scale, rater=clean(method.rater), sentence=clean(method.headline_with_figures(value)),
        secondary=clean(method.secondary_sentence(fmt.percent)), raters=clean(method.raters_sentence(fmt.percent)),
        coverage=clean(method.coverage_sentence),
    )

    named_keys = {key_of(m["Member ID"]) for m in view.members if view.may_be_named(m)}
    hidden_names = [clean(m.get("Full name")) for m in view.members if key_of(m["Member ID"]) not in named_keys]
    labels = _labels(view, named_keys)
    comparison, dots = member_comparison(view, labels, named_keys)

    initiatives = []
    for row in view.initiatives:
        owner_key = key_of(row.get("Owner"))
        owner = view.name_of(row.get("Owner")) if owner_key in named_keys else ""
        initiatives.append(view.initiative(row, "", owner))
    statuses = results.initiative_statuses.team
    status_counts = [StatusCount(status, str(recorded), str(computed)) for status, recorded, computed in statuses.rows()]

    ranked = sorted(range(len(view.overlaps)), key=lambda n: (-(fmt.number(view.overlaps[n]["score"]) or 0.0), n))
    overlaps = [
        OverlapRow(
            a=view.overlap_label(o, "a"),
            a_department=clean(o["department_a"]),
            b=view.overlap_label(o, "b"),
            b_department=clean(o["department_b"]),
            reasons=reasons_in_words(o["reasons"]),
            score=fmt.plain(o["score"]),
        )
        for o in (view.overlaps[n] for n in ranked[:OVERLAPS_SHOWN])
    ]

    engagement = _team_engagement(view, named_keys)
    quality = _data_quality(view)
    summary_parts = []
    tallies = results.tallies
    if tallies.total:
        summary_parts.append(
            f"Of the {tallies.total} indicator scores of members with a baseline and a latest round, "
            f"{tallies.improved} rose, {tallies.unchanged} stayed the same and {tallies.declined} fell."
        )
    if initiatives:
        summary_parts.append(
            f"The team runs {fmt.count_phrase(statuses.total, 'change initiative')} "
            f"(status {statuses.in_words()})"
            + (f"; {fmt.count_phrase(len(view.overlaps), 'possible overlap')} to coordinate." if view.overlaps else ".")
        )
        if statuses.contradictions:
            summary_parts.append(
                f"{fmt.count_phrase(statuses.contradictions, 'initiative')} "
                f"{'contradicts its' if statuses.contradictions == 1 else 'contradict their'} measures "
                f"({CONTRADICTIONS_IN_WORDS}): the portfolio names each one."
            )
    summary_parts.append(quality.sentence)

    if named_keys:
        privacy = "Members who agreed to named reporting are named beside their scores; every other member is shown as 'Member' and a letter, without name, ID or department."
    elif view.settings.name_members_in_team_report:
        privacy = "No member has consented to named reporting, so individual scores are shown as 'Member' and a letter, without name, ID or department."
    else:
        privacy = "Individual scores are anonymous ('Member' and a letter, without name, ID or department): the Settings do not name members in the team report."

    commitment_words, commitment_chart = commitment(view)
    report = TeamReport(
        report=view.report,
        method=view.method,
        headline=headline,
        summary=" ".join(summary_parts),
        indicators=indicators,
        chart=view.chart("Team mean score per indicator: baseline and latest", baseline_means, latest_means),
        names_shown=bool(named_keys),
        privacy_note=privacy,
        labels_note=LABELS_NOTE,
        comparison_indicators=[code for code, _ in view.indicators],
        comparison=comparison,
        member_dots=dots,
        trends=indicator_trends(view, view.trend_rows.get("", []), with_n=True),
        trend_chart=trend_chart(view, "Team mean score per indicator, round by round", view.trend_rows.get("", [])),
        initiatives=initiatives,
        status_counts=status_counts,
        status_sentence=statuses.in_words(),
        contradictions=str(statuses.contradictions),
        contradictions_in_words=CONTRADICTIONS_IN_WORDS,
        overlaps=overlaps,
        overlaps_more=str(max(0, len(view.overlaps) - OVERLAPS_SHOWN)),
        engagement=engagement,
        quality=quality,
        programme=team_programme(view, named_keys),
        commitment=commitment_words,
        commitment_chart=commitment_chart,
        scale=scale_indicators(workbook_items(view.run.data, view.run.checks.usable.get(INDICATORS.name))),
        by_rater=_by_rater(view),
    )
    return scrub_names(report, hidden_names)


def _labels(view: RunView, named_keys: set[str]) -> dict[str, str]:
    """Member key -> the name (members who may be named) or 'Member A'… (everyone else), as the team report shows them.

    The letters are dealt in an order seeded by every score of the run
    (all raters and rounds, at full precision): the same workbook gives the
    same letters, and a reader of the report cannot rebuild the order.
    """
    scores = view.run.results.scores
    seed = pd.util.hash_pandas_object(scores, index=False).to_numpy().tobytes() if scores is not None and len(scores) else b""
    seed += str(view.settings.as_of_date).encode()
    keys = [key_of(m["Member ID"]) for m in view.members]
    hidden = [k for k in keys if k not in named_keys]
    shown_names = {view.name_of(k) for k in named_keys}
    labels = anonymous_labels(hidden, seed, taken=shown_names | set(keys))
    labels.update({k: view.name_of(k) for k in named_keys})
    return labels
def _by_rater(view: RunView) -> list[RaterIndicator]:
    """Team Results' rows of every rater, in the sheet's order (each indicator's raters, then each rater's ALL row); empty with one rater."""
    method = view.run.results.method
    rows = view.team_rows_by_rater
    if len({clean(r["rater"]) for r in rows}) < 2:
        return []
    percent_key = PERCENT_COLUMN.get(method.headline_method, PERCENT_COLUMN[next(iter(PERCENT_COLUMN))])
    names = dict(view.indicators)
    out = []
    for r in rows:
        code = clean(r["indicator_code"])
        is_all = code == ALL_CODE
        name = names.get(code) or clean(r["indicator_name"])
        out.append(
            RaterIndicator(
                indicator="All indicators" if is_all else f"{name} ({code})",
                rater=clean(r["rater"]),
                members=fmt.whole(r["members"]),
                baseline_mean=fmt.score(r["baseline_mean"]),
                latest_mean=fmt.score(r["latest_mean"]),
                pct=fmt.signed_percent(r[percent_key]),
                headline=is_all and clean(r["rater"]) == method.rater,
            )
        )
    return out


def _team_engagement(view: RunView, named_keys: set[str]) -> TeamEngagement:
    totals = view.run.results.engagement_totals
    named = [
        NamedEngagement(
            label=view.name_of(m["Member ID"]),
            one_on_one=fmt.whole(e["one_on_one"]),
            group=fmt.whole(e["group"]),
            last_one_on_one=fmt.date(e["last_one_on_one"]),
            days_since=fmt.whole(e["days_since"]),
            flag=clean(e["flag"]),
        )
        for m in view.members
        if key_of(m["Member ID"]) in named_keys and (e := view.engagement.get(key_of(m["Member ID"])))
    ]
    return TeamEngagement(
        members=str(totals.members),
        one_on_one=str(totals.one_on_one),
        group=str(totals.group),
        without_one_on_one=str(totals.without_one_on_one),
        flagged=str(totals.flagged),
        median_days_since=fmt.days(totals.median_days_since),
        named=named,
    )


def _data_quality(view: RunView) -> DataQuality:
    tally = view.run.issue_tally
    by_rule = [IssueCount(severity=c.severity, rule=c.rule, sheet=c.sheet, count=str(c.count)) for c in tally.by_rule]
    if tally.total:
        sentence = (
            f"The workbook has {fmt.count_phrase(tally.errors, 'error')} (values left out of the results) and "
            f"{fmt.count_phrase(tally.warnings, 'warning')} (values used, worth a look); the annex counts them by rule and sheet."
        )
    else:
        sentence = "The workbook passed every check: no errors, no warnings."
    return DataQuality(errors=str(tally.errors), warnings=str(tally.warnings), sentence=sentence, by_rule=by_rule)
