"""The member report's context: one member's indicators, initiatives, engagement and coordination.

Every figure is read from the run's results through :class:`~.view.RunView`
(the member's Member Results rows, Initiative Results, Engagement, Overlaps);
this module only picks the member's rows, formats them and words them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from xl_tracker.contract import MEMBER_RESULTS
from xl_tracker.overlaps.reasons import ALIGN_TARGETS, FORM_ONE_TASK_TEAM, LEARN_FROM, LEARN_FROM_REASON, TAKE_UP_THE_OFFER, TALK
from xl_tracker.overlaps.member_view import reasons_in_words as phrase_reasons
from xl_tracker.reports import formats as fmt
from xl_tracker.reports.context.programme import member_programme
from xl_tracker.reports.context.variables import (
    COORDINATION_SHOWN,
    Coordination,
    Engagement,
    Goal,
    IndicatorChange,
    MemberReport,
    OfferRequest,
    OwnMethod,
    RaterComparison,
    Session,
)
from xl_tracker.reports.context.trends import indicator_trends, member_runs, trend_chart
from xl_tracker.reports.context.view import ResultRow, RunView, clean, formatted, key_of, member_info
from xl_tracker.results.members import NO_LATER
from xl_tracker.results.trends import PATH_WORDS

if TYPE_CHECKING:
    from xl_tracker.pipeline import TrackerRun

NO_SCORE = "no score"
SCORED = ("improved", "unchanged", "declined")


def reasons_in_words(codes: object) -> str:
    """The Reasons cell in words, as the overlaps package phrases it ("the same site and a similar title")."""
    return phrase_reasons(clean(codes))


def _quoted(text: str) -> str:
    return f"“{text}”" if text else ""


def _item(view: RunView, overlap: ResultRow, side: str) -> str:
    """An initiative as ``I12-1 “Increase timely reporting…”``, an offer or request as ``“Train…” (OR01)``."""
    ident, title = clean(overlap[f"initiative_{side}"]), clean(overlap[f"title_{side}"])
    if overlap["offer_match"]:
        return f"{_quoted(title)} ({ident})" if title else ident
    if not title:
        i = view.initiative_by_key.get(key_of(ident))
        title = clean(i.get("Title")) if i else ""
    return f"{ident} {_quoted(title)}".strip()


def your_action(overlap: ResultRow, side: str) -> str:
    """The Overlaps row's suggested action as it applies to the member on ``side``.

    An offer row's action (take up the offer) is the requester's; the member
    who made the offer is never told to take up their own offer: they are
    asked to contact the requester. A learn-from row asks the later
    initiative to learn from the earlier one (A), and the earlier one to share.
    """
    action = clean(overlap["suggested_action"])
    if overlap["offer_match"] and side == "b":
        return OFFER_THE_HELP
    if action == LEARN_FROM and side == "a":
        return SHARE_WHAT_YOU_LEARNED
    return action


OFFER_THE_HELP = "Offer your help"
SHARE_WHAT_YOU_LEARNED = "Share what you learned"

_NEXT_STEP = {
    FORM_ONE_TASK_TEAM: "consider forming one task team with {them}",
    ALIGN_TARGETS: "agree one target for the shared measure with {them}",
    TALK: "talk to {them} before either of you spends more on it",
    TAKE_UP_THE_OFFER: "contact {them} to take up the offer",
    OFFER_THE_HELP: "contact {them} to offer your help",
    LEARN_FROM: "ask {them} what worked and what did not",
    SHARE_WHAT_YOU_LEARNED: "share what you learned with {them}",
}
"""Each action as the step a member takes, in the second person; ``{them}`` is the other member."""


def coordination_sentence(view: RunView, overlap: ResultRow, side: str, member_key: str, you_lead: bool) -> str:
    """One overlap in plain words, spoken to the member on ``side``: what is yours, what is theirs and whose, why, and the next step."""
    other = "b" if side == "a" else "a"
    yours, theirs = _item(view, overlap, side), _item(view, overlap, other)
    owner_key = key_of(overlap[f"owner_{other}"])
    owner = view.name_of(overlap[f"owner_{other}"])
    department = clean(overlap[f"department_{other}"])
    who = f"{owner} ({department})" if department else owner
    action = your_action(overlap, side)
    if overlap["offer_match"]:
        if side == "a":
            return f"{who} offers {theirs}, which answers your request {yours}: contact them to take up the offer."
        return f"Your offer {yours} answers the request of {who}, {theirs}: contact them to offer your help."
    codes = [c for c in clean(overlap["reasons"]).split(";") if c.strip() and c.strip() != LEARN_FROM_REASON]
    reasons = reasons_in_words("; ".join(codes))
    if owner_key == member_key:
        return f"Your {yours} and your {theirs} have {reasons}: plan them together."
    step = _NEXT_STEP.get(action, "talk to {them}").format(them="them")
    mine = f"your {yours}" if you_lead else f"{yours} (you are on its task team)"
    if action == LEARN_FROM:
        return f"{_capital(mine)} comes after {theirs}, led by {who}, with {reasons}: {step}."
    if action == SHARE_WHAT_YOU_LEARNED:
        return f"{theirs}, led by {who}, comes after {mine} with {reasons}: {step}."
    return f"{_capital(mine)} and {theirs}, led by {who}, have {reasons}: {step}."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def member_report(view: RunView, member: dict) -> MemberReport:
    """The context of one member's report."""
    key = key_of(member["Member ID"])
    name = clean(member.get("Full name")) or clean(member["Member ID"])
    info = member_info(member, name)
    by_code = {key_of(r["indicator_code"]): r for r in view.member_results.get(key, [])}
    indicators: list[IndicatorChange] = []
    baseline_values: list[float | None] = []
    latest_values: list[float | None] = []
    for code, ind_name in view.indicators:
        r = by_code.get(code.casefold()) or ResultRow(MEMBER_RESULTS)
        baseline_values.append(fmt.number(r["baseline"]))
        latest_values.append(fmt.number(r["latest"]))
        indicators.append(
            IndicatorChange(
                code=code,
                name=clean(r["indicator_name"]) or ind_name,
                baseline_round=clean(r["baseline_round"]),
                baseline=fmt.score(r["baseline"]),
                latest_round=clean(r["latest_round"]),
                latest=fmt.score(r["latest"]),
                change=fmt.signed(r["change"]),
                pct_change=fmt.signed_percent(r["pct_change"]),
                pomp_change=fmt.signed_percent(r["pomp_change"]),
                direction=r["direction"] or NO_SCORE,
                columns=formatted(r),
            )
        )

    rater_comparison = _rater_comparison(view, key, by_code)

    owned = view.owned.get(key, [])
    on_team = view.on_team.get(key, [])
    initiatives = [view.initiative(i, "Owner", name) for i in owned] + [
        view.initiative(i, "Task team", view.name_of(i.get("Owner"))) for i in on_team
    ]

    goals = [
        Goal(
            id=clean(g.get("Goal ID")),
            goal=clean(g.get("Development goal")),
            indicator=view.indicator_names.get(key_of(g.get("Linked indicator")), clean(g.get("Linked indicator"))),
            actions=clean(g.get("Actions")),
            due=fmt.date(g.get("Due date")) if not fmt.is_missing(g.get("Due date")) else "",
            status=clean(g.get("Status")),
        )
        for g in view.goals.get(key, [])
    ]

    attended = sorted(view.sessions.get(key, []), key=lambda s: (fmt.is_missing(s.get("Session date")), str(s.get("Session date"))))
    sessions = [
        Session(
            date=fmt.date(s.get("Session date")),
            type=clean(s.get("Session type")),
            coach=clean(s.get("Coach")),
            duration=fmt.plain(s.get("Duration (min)")) if not fmt.is_missing(s.get("Duration (min)")) else "",
            tools=clean(s.get("Tools used")),
            actions=clean(s.get("Agreed actions")),
        )
        for s in attended
    ]
    e = view.engagement.get(key)
    engagement = Engagement(
        one_on_one=fmt.whole(e["one_on_one"]) if e else "0",
        group=fmt.whole(e["group"]) if e else "0",
        last_one_on_one=fmt.date(e["last_one_on_one"] if e else None),
        days_since=fmt.whole(e["days_since"] if e else None),
        strengths=fmt.whole(e["strengths"]) if e else str(len(view.strengths.get(key, []))),
        goals=fmt.whole(e["goals"]) if e else str(len(goals)),
        flag=clean(e["flag"] if e else None),
        sessions=sessions,
    )

    mine = {key_of(i["Initiative ID"]) for i in owned + on_team}
    candidates = set(view.offer_overlaps_by_owner.get(key, []))
    for initiative in mine:
        candidates.update(view.overlaps_by_initiative.get(initiative, []))
    ranked = sorted(candidates, key=lambda n: (-(fmt.number(view.overlaps[n]["score"]) or 0.0), n))
    coordination = []
    led = {key_of(i["Initiative ID"]) for i in owned}
    for o in (view.overlaps[n] for n in ranked[:COORDINATION_SHOWN]):
        a, b = key_of(o["initiative_a"]), key_of(o["initiative_b"])
        is_offer = bool(o["offer_match"])
        if is_offer:
            side = "a" if key_of(o["owner_a"]) == key else "b" if key_of(o["owner_b"]) == key else None
        else:
            side = "a" if a in led else "b" if b in led else "a" if a in mine else "b" if b in mine else None
        if side is None:
            continue
        other = "b" if side == "a" else "a"
        other_owner = view.name_of(o[f"owner_{other}"])
        other_dept = clean(o[f"department_{other}"])
        coordination.append(
            Coordination(
                yours=view.overlap_label(o, side),
                other=view.overlap_label(o, other),
                other_owner=other_owner,
                other_department=other_dept,
                reasons=reasons_in_words(o["reasons"]),
                suggested_action=your_action(o, side),
                sentence=coordination_sentence(view, o, side, key, key_of(o[f"initiative_{side}"]) in led),
            )
        )

    offers = []
    for o in view.offers_by_member.get(key, []):
        status = clean(o.get("Status")) or "Open"
        if status != "Open":
            continue
        by_me, to_me = key_of(o.get("From")) == key, key_of(o.get("To")) == key
        if not (by_me or to_me):
            continue
        kind = clean(o.get("Type"))
        if by_me:
            direction = "You offer" if kind == "Offer" else "You request"
            other = view.name_of(o.get("To")) if clean(o.get("To")) else "anyone"
        else:
            direction = "Offered to you" if kind == "Offer" else "Requested of you"
            other = view.name_of(o.get("From"))
        offers.append(
            OfferRequest(
                id=clean(o.get("ID")),
                date=fmt.date(o.get("Date")),
                type=kind,
                direction=direction,
                other=other,
                description=clean(o.get("Description")),
                initiative=view.initiative_label(o.get("Initiative ID")) if clean(o.get("Initiative ID")) else "",
                status=status,
            )
        )

    compared = "; ".join(dict.fromkeys(clean(r["compared"]) for r in view.member_results.get(key, []) if clean(r["compared"])))
    changed = sum(fmt.number(r["change"]) is not None for r in by_code.values())
    others = tuple(dict.fromkeys(c.rater for c in rater_comparison))
    method = view.run.results.method
    report = MemberReport(
        report=view.report,
        method=view.method,
        own_method=OwnMethod(
            text=clean(method.member_text(changed, len(view.indicators), compared, others)),
            notes=[clean(n) for n in method.member_notes(changed, len(view.indicators), compared, others)],
        ),
        member=info,
        summary="",
        indicators=indicators,
        chart=view.chart("Your score per indicator: baseline and latest", baseline_values, latest_values),
        strengths=list(view.strengths.get(key, [])),
        goals=goals,
        initiatives=initiatives,
        engagement=engagement,
        coordination=coordination,
        coordination_more=str(max(0, len(ranked) - COORDINATION_SHOWN)),
        offers_requests=offers,
        trends=indicator_trends(view, view.trend_rows.get(key, []), with_n=False),
        trend_chart=trend_chart(view, f"{name}: score per indicator, round by round", view.trend_rows.get(key, [])),
        runs=member_runs(view, owned + on_team),
        runs_note=PATH_WORDS,
        programme=member_programme(view, member),
        rater_comparison=rater_comparison,
        rater_note=clean(view.run.results.method.gap_sentence) if rater_comparison else "",
        compared=compared,
    )
    return _with_summary(report, by_code, view.engagement.get(key), len(ranked), view)


def _scores_in_words(row: ResultRow | None) -> str:
    """``2.20 (Baseline) → 3.00 (Endline)``, ``1.50 (Baseline)``, or '–' without a score."""
    if row is None or fmt.number(row["baseline"]) is None:
        return fmt.BLANK
    text = f"{fmt.score(row['baseline'])} ({clean(row['baseline_round'])})"
    if fmt.number(row["latest"]) is not None:
        text += f" → {fmt.score(row['latest'])} ({clean(row['latest_round'])})"
    return text


def _rater_comparison(view: RunView, key: str, own: dict[str, ResultRow]) -> list[RaterComparison]:
    """Each indicator's Rater for results' scores beside every other rater's, and the gap (Member Results' rating_gap)."""
    others: dict[tuple[str, str], ResultRow] = {}
    for row in view.other_raters.get(key, []):
        others.setdefault((key_of(row["indicator_code"]), clean(row["rater"])), row)
    raters = list(dict.fromkeys(rater for _, rater in others))
    out = []
    for rater in raters:
        for code, name in view.indicators:
            theirs = others.get((code.casefold(), rater))
            mine = own.get(code.casefold())
            if theirs is None and mine is None:
                continue
            gap_round = "" if theirs is None else clean(theirs["latest_round"]) or clean(theirs["baseline_round"])
            out.append(
                RaterComparison(
                    indicator=f"{name} ({code})" if name else code,
                    rater=rater,
                    own=_scores_in_words(mine),
                    other=_scores_in_words(theirs),
                    gap=fmt.signed(theirs["rating_gap"]) if theirs is not None else fmt.BLANK,
                    gap_round=gap_round if theirs is not None and fmt.number(theirs["rating_gap"]) is not None else "",
                )
            )
    return out


def _with_summary(report: MemberReport, by_code: dict[str, ResultRow], e_row: ResultRow | None, overlaps: int, view: RunView) -> MemberReport:
    """The summary paragraph, spoken to the member ("you"), worded from the figures of the results (never from the formatted texts)."""
    sentences = []
    scored = [i for i in report.indicators if i.direction in SCORED]
    if scored:
        counts = Counter(i.direction for i in scored)
        rounds = {(i.baseline_round, i.latest_round) for i in scored}
        span = f"Between {next(iter(rounds))[0]} and {next(iter(rounds))[1]}" if len(rounds) == 1 else "From baseline to the latest round"
        parts = [
            f"rose on {counts['improved']}" if counts["improved"] else "",
            f"stayed the same on {counts['unchanged']}" if counts["unchanged"] else "",
            f"fell on {counts['declined']}" if counts["declined"] else "",
        ]
        sentence = f"{span}, your scores {fmt.join_words([p for p in parts if p])} of {fmt.count_phrase(len(scored), 'indicator')}"
        best = max(scored, key=lambda i: fmt.number(by_code[i.code.casefold()]["change"]) or 0.0)
        if best.direction == "improved":
            sentence += f"; the largest rise was in {best.name} ({best.change}, {best.pct_change})"
        sentences.append(sentence + ".")
    elif any(i.direction == NO_LATER for i in report.indicators):
        sentences.append("You have baseline scores; the change will show once a later round is scored.")
    else:
        sentences.append("You have no assessment scores yet.")
    owned = [i for i in report.initiatives if i.role == "Owner"]
    if owned:
        statuses = view.run.results.initiative_statuses.of_owner(report.member.id)
        sentence = f"You lead {fmt.count_phrase(statuses.total, 'change initiative')} (status {statuses.in_words()})"
        team = len(report.initiatives) - len(owned)
        if team:
            sentence += f" and are on the task team of {team} more"
        sentences.append(sentence + ".")
    elif report.initiatives:
        sentences.append(f"You are on the task team of {fmt.count_phrase(len(report.initiatives), 'initiative')}.")
    e = report.engagement
    groups = int(e_row["group"]) if e_row else 0
    sentence = f"You attended {e.one_on_one} one-on-one and {e.group} group {'session' if groups == 1 else 'sessions'}"
    if e_row and not fmt.is_missing(e_row["last_one_on_one"]):
        sentence += f"; the last one-on-one was on {e.last_one_on_one}, {e.days_since} days before {view.report.as_of}"
    sentences.append(sentence + ".")
    if report.coordination:
        sentences.append(f"{fmt.count_phrase(overlaps, 'overlap')} of your work with colleagues' work may need coordination (below).")
    return replace(report, summary=" ".join(sentences))


def member_reports(run: TrackerRun, members: list[str] | None = None) -> list[MemberReport]:
    """One context per member (in Members order), or for the IDs in ``members`` (any case)."""
    view = RunView(run)
    wanted = None if members is None else {m.strip().casefold() for m in members}
    return [member_report(view, m) for m in view.members if wanted is None or key_of(m["Member ID"]) in wanted]
