"""What a report template can see: built here from one tracker run, and nowhere else.

Each template gets the fields of one dataclass (:class:`MemberReport` or
:class:`TeamReport`) as its top-level variables. Every field carries its
description in ``metadata["doc"]``; ``docs/report-templates.md`` is generated
from these classes (:func:`variables_markdown`), so the list a manager reads
is the list the code provides.

Numbers arrive already formatted for people (see :mod:`.formats`) from the
results of the same run the refresh writes: a report never computes a figure
of its own beyond counting rows. Privacy is decided here too: the team
report's context holds the name of a member only when the Settings say
``Name members in team report = Yes`` and that member consented; everyone
else is "Member 1", "Member 2"… with no name, ID or department beside their
scores, and their names are never put into the team context at all.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields, is_dataclass
from typing import TYPE_CHECKING, Any

from xl_tracker import __version__
from xl_tracker.contract import (
    ENGAGEMENT,
    GOALS,
    INDICATORS,
    INITIATIVE_RESULTS,
    INITIATIVES,
    MEASURES,
    MEMBER_RESULTS,
    MEMBERS,
    OFFERS_REQUESTS,
    ONE_ON_ONE,
    OVERLAPS,
    SESSIONS,
    STRENGTHS,
    TEAM_RESULTS,
)
from xl_tracker.reports import formats as fmt
from xl_tracker.reports.charts import BarChart, score_chart
from xl_tracker.reports.text_cap import cap_text

if TYPE_CHECKING:
    import pandas as pd

    from xl_tracker.pipeline import TrackerRun


def doc(text: str) -> Any:
    """A dataclass field with its description for the generated variable list."""
    return field(metadata={"doc": text})


# --- shared parts -------------------------------------------------------------


@dataclass(frozen=True)
class ReportInfo:
    """Where and when: shown in the page header and on the cover lines."""

    county: str = doc("County (Settings).")
    programme: str = doc("Programme (Settings).")
    period: str = doc("Reporting period (Settings).")
    as_of: str = doc("As-of date (Settings, or the day the report was made), e.g. 26 Nov 2026.")
    generated: str = doc("The day the report was made.")
    version: str = doc("The xl-tracker version that made it.")
    header_line: str = doc("County, programme and period joined by ' · ', blanks left out: the page header.")


@dataclass(frozen=True)
class MethodInfo:
    """How the scores were computed: printed beside every headline and score table."""

    text: str = doc("The results' own method note: method, n, scale and rater in one or two sentences.")
    headline_method: str = doc("Headline method (Settings): Change of means or Mean of changes.")
    headline_definition: str = doc("What the headline method computes, in words.")
    rater: str = doc("Whose scores feed the results: Self, Coach or Consensus.")
    scale: str = doc("The score scale, e.g. '1 to 5'.")
    rounds: str = doc("The assessment rounds in time order, e.g. 'Baseline, Midline, Endline'.")
    min_items: str = doc("Share of an indicator's items that must be answered for a score, e.g. '80%'.")
    n: str = doc("Members with both a baseline and a latest score.")
    notes: list[str] = doc("Method notes, one sentence each (for a bulleted list).")


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator of one member: baseline to latest."""

    code: str = doc("Indicator code, e.g. TOOLS.")
    name: str = doc("Indicator name.")
    baseline_round: str = doc("Round of the baseline score.")
    baseline: str = doc("Baseline score, 2 decimals ('–' when none).")
    latest_round: str = doc("Round of the latest score.")
    latest: str = doc("Latest score, 2 decimals.")
    change: str = doc("Latest − baseline, signed, 2 decimals.")
    pct_change: str = doc("Change ÷ baseline, as a signed percentage.")
    pomp_change: str = doc("Change as a signed percentage of the scale (POMP).")
    direction: str = doc("'improved', 'unchanged', 'declined', or 'no later score' / 'no score'.")


@dataclass(frozen=True)
class Measure:
    """A leading or lagging measure of an initiative, with its progress to target."""

    id: str = doc("Measure ID.")
    kind: str = doc("Leading or Lagging.")
    measure: str = doc("What is measured.")
    unit: str = doc("Unit of the values.")
    better_when: str = doc("Higher or Lower.")
    baseline: str = doc("Baseline value.")
    target: str = doc("Target value.")
    latest: str = doc("Latest progress value ('–' without progress).")
    latest_date: str = doc("Date of the latest progress value.")
    progress: str = doc("Progress to target as a percentage ('–' without progress).")
    flag: str = doc("The results' flag for this measure (blank when none).")


@dataclass(frozen=True)
class Initiative:
    """A change initiative."""

    id: str = doc("Initiative ID.")
    title: str = doc("Title.")
    role: str = doc("The member's part in it: 'Owner' or 'Task team' (member report only).")
    owner: str = doc("Owner's name (team report: blank unless the owner may be named).")
    department: str = doc("Department running it.")
    status: str = doc("Status (Not started, On track, At risk, Off track, Completed, Dropped).")
    start: str = doc("Start date.")
    end: str = doc("End date.")
    challenge: str = doc("The challenge it responds to.")
    root_cause: str = doc("Root cause found (with its category in brackets).")
    sites: str = doc("Facilities involved.")
    measures: list[Measure] = doc("Its measures, leading and lagging.")
    progress: str = doc("Progress in words: measures, how many with progress, flags.")
    flags: str = doc("The flags of its measures, joined by '; '.")


# --- member report ------------------------------------------------------------


@dataclass(frozen=True)
class MemberInfo:
    id: str = doc("Member ID.")
    name: str = doc("Full name.")
    role: str = doc("Role.")
    department: str = doc("Department.")
    email: str = doc("Email.")
    coach: str = doc("Coach.")
    start_date: str = doc("Start date in the programme.")
    exit_date: str = doc("Exit date (blank while in the programme).")


@dataclass(frozen=True)
class Goal:
    id: str = doc("Goal ID.")
    goal: str = doc("The development goal.")
    indicator: str = doc("Name of the linked indicator.")
    actions: str = doc("Actions.")
    due: str = doc("Due date.")
    status: str = doc("Status (Not started, In progress, Done, Dropped; blank when not set).")


@dataclass(frozen=True)
class Session:
    date: str = doc("Session date.")
    type: str = doc("Session type.")
    coach: str = doc("Coach.")
    duration: str = doc("Duration in minutes.")
    tools: str = doc("Tools used.")
    actions: str = doc("Agreed actions.")


@dataclass(frozen=True)
class Engagement:
    one_on_one: str = doc("One-on-one sessions attended.")
    group: str = doc("Group sessions attended (every other session type).")
    last_one_on_one: str = doc("Date of the last one-on-one attended.")
    days_since: str = doc("Days from the last one-on-one to the as-of date.")
    strengths: str = doc("Strengths named.")
    goals: str = doc("Development goals set.")
    flag: str = doc("The engagement flag (blank when none).")
    sessions: list[Session] = doc("The sessions attended, oldest first.")


@dataclass(frozen=True)
class Coordination:
    """An overlap that involves one of the member's initiatives, or an offer matching a request."""

    yours: str = doc("The member's initiative (ID and title), or their offer/request ID.")
    other: str = doc("The other initiative (ID and title), or the other offer/request ID.")
    other_owner: str = doc("Name of the other initiative's owner.")
    other_department: str = doc("Department of the other initiative.")
    reasons: str = doc("Why they overlap, in words (same site, similar title…).")
    suggested_action: str = doc("The suggested action from the results.")
    sentence: str = doc("All of it as one sentence: 'Coordinate with … on …'.")


@dataclass(frozen=True)
class OfferRequest:
    id: str = doc("Offer or request ID.")
    date: str = doc("Date made.")
    type: str = doc("Offer or Request.")
    direction: str = doc("'You offer', 'You request', 'Offered to you' or 'Requested of you'.")
    other: str = doc("The other member's name ('anyone' when open to all).")
    description: str = doc("What is offered or requested.")
    initiative: str = doc("The initiative it serves (ID and title).")
    status: str = doc("Status (Open when blank).")


OVERLAPS_SHOWN = 30
"""Overlaps listed in the team report, highest score first; the rest are counted and are on the Overlaps sheet."""
COORDINATION_SHOWN = 8
"""Overlaps listed in a member report: the highest-scoring ones; the rest are counted and are on the Overlaps sheet."""


@dataclass(frozen=True)
class MemberReport:
    """Variables of ``member_report.docx``: one member's progress report."""

    report: ReportInfo = doc("Where and when.")
    method: MethodInfo = doc("How scores were computed.")
    member: MemberInfo = doc("Who the report is about.")
    summary: str = doc("A summary of the report in words (a few sentences).")
    indicators: list[IndicatorChange] = doc("Every indicator, in Indicators order, baseline to latest.")
    chart: BarChart = doc("Chart of baseline vs latest score per indicator: put {{ chart }} alone in a paragraph.")
    strengths: list[str] = doc("Strengths the member named.")
    goals: list[Goal] = doc("Development goals.")
    initiatives: list[Initiative] = doc("Initiatives the member owns, then those whose task team they are on.")
    engagement: Engagement = doc("Coaching sessions attended and the last one-on-one.")
    coordination: list[Coordination] = doc(f"Overlaps that involve the member's initiatives or offers and requests: the {COORDINATION_SHOWN} with the highest score.")
    coordination_more: str = doc("How many further overlaps involve the member (listed on the Overlaps sheet); '0' when all are shown.")
    offers_requests: list[OfferRequest] = doc("Open offers and requests made by or to the member.")


# --- team report --------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    value: str = doc("The average increase from baseline, e.g. '12%' ('–' when there is no score yet).")
    method: str = doc("The headline method (Settings).")
    n: str = doc("Members with both a baseline and a latest score.")
    indicators: str = doc("Indicators with at least one such member.")
    scale: str = doc("The score scale, e.g. '1 to 5'.")
    rater: str = doc("Whose scores: Self, Coach or Consensus.")
    sentence: str = doc("The headline as a sentence with its method, n, scale and rater.")


@dataclass(frozen=True)
class TeamIndicator:
    code: str = doc("Indicator code.")
    name: str = doc("Indicator name.")
    members: str = doc("Members with a baseline and a latest score (n).")
    baseline_mean: str = doc("Mean baseline score.")
    latest_mean: str = doc("Mean latest score.")
    change: str = doc("Latest mean − baseline mean, signed.")
    pct_change_of_means: str = doc("% change (change of means).")
    pct_mean_of_changes: str = doc("% change (mean of changes).")
    median_change: str = doc("Median of the members' changes, signed.")
    improved: str = doc("Members whose score rose.")
    unchanged: str = doc("Members whose score stayed the same.")
    declined: str = doc("Members whose score fell.")


@dataclass(frozen=True)
class IndividualScore:
    """One member's score on one indicator, as the team report may show it."""

    label: str = doc("The member's name where they may be named, else 'Member 1', 'Member 2'…")
    named: bool = doc("True when label is the member's name.")
    indicator: str = doc("Indicator code.")
    baseline: str = doc("Baseline score.")
    latest: str = doc("Latest score.")
    change: str = doc("Change, signed.")
    pct_change: str = doc("% change, signed.")


@dataclass(frozen=True)
class StatusCount:
    status: str = doc("An initiative status.")
    count: str = doc("Initiatives with it.")


@dataclass(frozen=True)
class OverlapRow:
    a: str = doc("First initiative (ID and title), or offer/request ID.")
    a_department: str = doc("Its department.")
    b: str = doc("Second initiative (ID and title), or offer/request ID.")
    b_department: str = doc("Its department.")
    reasons: str = doc("Why they overlap, in words.")
    score: str = doc("Overlap score from the results.")


@dataclass(frozen=True)
class NamedEngagement:
    label: str = doc("Name (only members who may be named appear in this list).")
    one_on_one: str = doc("One-on-one sessions attended.")
    group: str = doc("Group sessions attended.")
    last_one_on_one: str = doc("Last one-on-one.")
    days_since: str = doc("Days since the last one-on-one.")
    flag: str = doc("Engagement flag.")


@dataclass(frozen=True)
class TeamEngagement:
    members: str = doc("Members on the Members sheet.")
    one_on_one: str = doc("One-on-one sessions attended, all members.")
    group: str = doc("Group sessions attended, all members.")
    without_one_on_one: str = doc("Members with no one-on-one yet.")
    flagged: str = doc("Members with an engagement flag.")
    median_days_since: str = doc("Median days since the last one-on-one (members who had one).")
    named: list[NamedEngagement] = doc("Rows for members who may be named (empty otherwise).")


@dataclass(frozen=True)
class IssueCount:
    severity: str = doc("Error or Warning.")
    rule: str = doc("Rule ID.")
    sheet: str = doc("Input sheet.")
    count: str = doc("Issues of this rule on this sheet.")


@dataclass(frozen=True)
class DataQuality:
    errors: str = doc("Errors in the workbook (values left out of the results).")
    warnings: str = doc("Warnings (values used, worth a look).")
    sentence: str = doc("The two counts in a sentence.")
    by_rule: list[IssueCount] = doc("Issues counted by rule and sheet, errors first.")


@dataclass(frozen=True)
class TeamReport:
    """Variables of ``team_report.docx``: the whole team's progress report."""

    report: ReportInfo = doc("Where and when.")
    method: MethodInfo = doc("How scores were computed.")
    headline: Headline = doc("The average increase from baseline.")
    summary: str = doc("A summary of the report in words.")
    indicators: list[TeamIndicator] = doc("Per-indicator results, in Indicators order.")
    chart: BarChart = doc("Chart of baseline mean vs latest mean per indicator: {{ chart }} alone in a paragraph.")
    names_shown: bool = doc("True when at least one member is named beside their scores.")
    privacy_note: str = doc("How individual scores are shown (named or anonymous) and why.")
    individual_scores: list[IndividualScore] = doc("Individual scores: named only with the setting and consent, else 'Member N'.")
    initiatives: list[Initiative] = doc("The initiative portfolio.")
    status_counts: list[StatusCount] = doc("Initiatives per status.")
    overlaps: list[OverlapRow] = doc(f"Initiatives that may duplicate each other, and offers matching requests: the {OVERLAPS_SHOWN} with the highest score.")
    overlaps_more: str = doc("How many further overlaps are on the Overlaps sheet; '0' when all are shown.")
    engagement: TeamEngagement = doc("Engagement overview.")
    quality: DataQuality = doc("Data-quality annex.")


# --- building -----------------------------------------------------------------

_WORD = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: object) -> str:
    """Workbook text safe for XML (control characters dropped) and capped in length; escaping happens at rendering."""
    text = cap_text(fmt.text(value))
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def _records(frame: pd.DataFrame | None) -> list[dict[str, object]]:
    if frame is None or len(frame) == 0:
        return []
    return frame.to_dict("records")


def _key(value: object) -> str:
    return clean(value).casefold()


def _is_true(value: object) -> bool:
    return value is True or (not fmt.is_missing(value) and bool(value) and str(value).casefold() in ("true", "yes", "1"))


class RunView:
    """The run's tables as plain rows grouped by member/initiative, read once for every report."""

    def __init__(self, run: TrackerRun) -> None:
        self.run = run
        self.settings = run.data.settings
        usable = run.checks.usable
        results = run.results
        self.members = [m for m in _records(usable.get(MEMBERS.name)) if not fmt.is_missing(m.get("Member ID"))]
        self.member_by_key = {_key(m["Member ID"]): m for m in self.members}
        self.indicators: list[tuple[str, str]] = []
        seen: set[str] = set()
        for row in _records(usable.get(INDICATORS.name)):
            code = clean(row.get("Indicator code"))
            if code and code.casefold() not in seen:
                seen.add(code.casefold())
                self.indicators.append((code, clean(row.get("Indicator name"))))
        self.indicator_names = {c.casefold(): n for c, n in self.indicators}
        self.member_results: dict[str, list[dict]] = defaultdict(list)
        for row in _records(results.member_results):
            self.member_results[_key(row["Member ID"])].append(row)
        self.team_rows = [r for r in _records(results.team_results) if clean(r["Indicator code"]) != "ALL"]
        self.engagement = {_key(r["Member ID"]): r for r in _records(results.engagement)}
        self.initiative_rows: dict[str, list[dict]] = defaultdict(list)
        for row in _records(results.initiative_results):
            self.initiative_rows[_key(row["Initiative ID"])].append(row)
        self.initiatives = [i for i in _records(usable.get(INITIATIVES.name)) if not fmt.is_missing(i.get("Initiative ID"))]
        self.initiative_by_key = {_key(i["Initiative ID"]): i for i in self.initiatives}
        self.measures = {_key(m["Measure ID"]): m for m in _records(usable.get(MEASURES.name)) if not fmt.is_missing(m.get("Measure ID"))}
        self.strengths: dict[str, list[str]] = defaultdict(list)
        for row in _records(usable.get(STRENGTHS.name)):
            if clean(row.get("Strength")):
                self.strengths[_key(row.get("Member ID"))].append(clean(row.get("Strength")))
        self.goals: dict[str, list[dict]] = defaultdict(list)
        for row in _records(usable.get(GOALS.name)):
            self.goals[_key(row.get("Member ID"))].append(row)
        self.sessions: dict[str, list[dict]] = defaultdict(list)
        for row in _records(usable.get(SESSIONS.name)):
            if _is_true(row.get("Attended")):
                self.sessions[_key(row.get("Member ID"))].append(row)
        self.offers = _records(usable.get(OFFERS_REQUESTS.name))
        self.overlaps = _records(run.overlaps)
        self.owned: dict[str, list[dict]] = defaultdict(list)
        self.on_team: dict[str, list[dict]] = defaultdict(list)
        for i in self.initiatives:
            owner = _key(i.get("Owner"))
            self.owned[owner].append(i)
            for member in dict.fromkeys(_key(t) for t in (i.get("Task team") or ())):
                if member != owner:
                    self.on_team[member].append(i)
        self.overlaps_by_initiative: dict[str, list[int]] = defaultdict(list)
        self.offer_overlaps_by_owner: dict[str, list[int]] = defaultdict(list)
        for n, o in enumerate(self.overlaps):
            if "OFFER-MATCHES-REQUEST" in clean(o.get("Reasons")).upper():
                for side in ("A", "B"):
                    self.offer_overlaps_by_owner[_key(o.get(f"Owner {side}"))].append(n)
            else:
                for side in ("A", "B"):
                    self.overlaps_by_initiative[_key(o.get(f"Initiative {side}"))].append(n)
        self.offer_by_id = {_key(o.get("ID")): o for o in self.offers if clean(o.get("ID"))}
        self.offers_by_member: dict[str, list[dict]] = defaultdict(list)
        for o in self.offers:
            for member in dict.fromkeys((_key(o.get("From")), _key(o.get("To")))):
                if member:
                    self.offers_by_member[member].append(o)
        self.report = self._report_info()
        self.method = self._method_info()

    # -- names ---------------------------------------------------------------

    def name_of(self, member_id: object) -> str:
        m = self.member_by_key.get(_key(member_id))
        return clean(m["Full name"]) if m and clean(m.get("Full name")) else clean(member_id)

    def may_be_named(self, member: dict) -> bool:
        """Named in the team report only with the setting on AND the member's consent."""
        return bool(self.settings.name_members_in_team_report) and _is_true(member.get("Consent to named reporting"))

    def offer_label(self, offer_id: object) -> str:
        """``offer OR01 (Train records officers…)``: an offer or request by its type, ID and description."""
        o = self.offer_by_id.get(_key(offer_id))
        if o is None:
            return clean(offer_id)
        return f"{clean(o.get('Type')).lower() or 'item'} {clean(offer_id)} ({clean(o.get('Description'))})"

    def initiative_label(self, initiative_id: object) -> str:
        i = self.initiative_by_key.get(_key(initiative_id))
        if i is None:
            return clean(initiative_id)
        return f"{clean(i['Initiative ID'])} {clean(i.get('Title'))}".strip()

    # -- shared parts ----------------------------------------------------------

    def _report_info(self) -> ReportInfo:
        s = self.settings
        parts = [clean(s.county), clean(s.programme), clean(s.reporting_period)]
        return ReportInfo(
            county=clean(s.county),
            programme=clean(s.programme),
            period=clean(s.reporting_period),
            as_of=fmt.date(s.as_of_date),
            generated=fmt.date(dt.date.today()),
            version=__version__,
            header_line=" · ".join(p for p in parts if p),
        )

    def _method_info(self) -> MethodInfo:
        m = self.run.results.method
        s = self.settings
        rounds = ", ".join(clean(r) for r in (getattr(m, "rounds", None) or s.rounds))
        scale = f"{fmt.plain(m.scale_min)} to {fmt.plain(m.scale_max)}"
        if m.headline_method == "Mean of changes":
            definition = "the mean, over members, of each member's % change from baseline, averaged over the indicators"
        else:
            definition = "the % change from the team's mean baseline score to its mean latest score, averaged over the indicators"
        notes = [
            f"An indicator score is the weighted mean of its item scores ({scale}), given when at least {fmt.percent(m.min_items_answered)} of its items (by weight) are answered.",
            f"Scores are the {clean(m.rater)} rater's. Rounds in time order: {rounds}.",
            "Baseline is a member's score at the first round that has one; latest is the score at the last round after it.",
            "Change = latest − baseline; % change = change ÷ baseline; POMP = change as a percentage of the scale's range.",
            f"The headline ({clean(m.headline_method)}) is {definition}.",
            f"n = {m.n} members with both a baseline and a latest score.",
        ]
        return MethodInfo(
            text=clean(m.text),
            headline_method=clean(m.headline_method),
            headline_definition=definition,
            rater=clean(m.rater),
            scale=scale,
            rounds=rounds,
            min_items=fmt.percent(m.min_items_answered),
            n=str(m.n),
            notes=notes,
        )

    # -- pieces used by both reports -------------------------------------------

    def measure_rows(self, initiative_id: object) -> list[Measure]:
        out = []
        for row in self.initiative_rows.get(_key(initiative_id), []):
            if fmt.is_missing(row.get("Measure ID")) or not clean(row.get("Measure ID")):
                continue
            source = self.measures.get(_key(row["Measure ID"]), {})
            out.append(
                Measure(
                    id=clean(row["Measure ID"]),
                    kind=clean(row.get("Kind")),
                    measure=clean(row.get("Measure")),
                    unit=clean(source.get("Unit")),
                    better_when=clean(row.get("Better when")),
                    baseline=fmt.plain(row.get("Baseline")),
                    target=fmt.plain(row.get("Target")),
                    latest=fmt.plain(row.get("Latest")),
                    latest_date=fmt.date(row.get("Latest date")),
                    progress=fmt.percent(row.get("Progress to target (%)")),
                    flag=clean(row.get("Flag")),
                )
            )
        return out

    def initiative(self, row: dict, role: str, owner: str) -> Initiative:
        measures = self.measure_rows(row["Initiative ID"])
        with_progress = sum(1 for m in measures if m.progress != fmt.BLANK)
        flags = [f"{m.id}: {m.flag}" for m in measures if m.flag]
        if measures:
            progress = f"{fmt.count_phrase(len(measures), 'measure')}, {with_progress} with progress"
            if with_progress:
                best = max(
                    (fmt.number(r.get("Progress to target (%)")) for r in self.initiative_rows.get(_key(row["Initiative ID"]), [])
                     if fmt.number(r.get("Progress to target (%)")) is not None),
                    default=None,
                )
                progress += f" (best {fmt.percent(best)} of the way to target)"
        else:
            progress = "no measures yet"
        category = clean(row.get("Root cause category"))
        cause = clean(row.get("Root cause"))
        root = f"{cause} ({category})" if cause and category else cause or category
        return Initiative(
            id=clean(row["Initiative ID"]),
            title=clean(row.get("Title")),
            role=role,
            owner=owner,
            department=clean(row.get("Department")),
            status=clean(row.get("Status")),
            start=fmt.date(row.get("Start date")),
            end=fmt.date(row.get("End date")),
            challenge=clean(row.get("Challenge")),
            root_cause=root,
            sites=clean(row.get("Sites")),
            measures=measures,
            progress=progress,
            flags="; ".join(flags),
        )

    def chart(self, title: str, baseline: list[float | None], latest: list[float | None]) -> BarChart:
        return score_chart(
            title,
            [c for c, _ in self.indicators],
            baseline,
            latest,
            self.run.results.method.scale_min,
            self.run.results.method.scale_max,
        )


# --- member report ------------------------------------------------------------

def reasons_in_words(codes: object) -> str:
    """The Reasons cell in words, as the overlaps package phrases it ("the same site and a similar title")."""
    from xl_tracker.overlaps.member_view import reasons_in_words as phrase

    return phrase(clean(codes))


def _direction(change: float | None, has_baseline: bool) -> str:
    if not has_baseline:
        return "no score"
    if change is None:
        return "no later score"
    if change > 0:
        return "improved"
    if change < 0:
        return "declined"
    return "unchanged"


def member_report(view: RunView, member: dict) -> MemberReport:
    """The context of one member's report."""
    key = _key(member["Member ID"])
    name = clean(member.get("Full name")) or clean(member["Member ID"])
    info = MemberInfo(
        id=clean(member["Member ID"]),
        name=name,
        role=clean(member.get("Role")),
        department=clean(member.get("Department")),
        email=clean(member.get("Email")),
        coach=clean(member.get("Coach")),
        start_date=fmt.date(member.get("Start date")) if not fmt.is_missing(member.get("Start date")) else "",
        exit_date=fmt.date(member.get("Exit date")) if not fmt.is_missing(member.get("Exit date")) else "",
    )
    by_code = {_key(r["Indicator code"]): r for r in view.member_results.get(key, [])}
    indicators: list[IndicatorChange] = []
    baseline_values: list[float | None] = []
    latest_values: list[float | None] = []
    for code, ind_name in view.indicators:
        r = by_code.get(code.casefold(), {})
        change = fmt.number(r.get("Change"))
        baseline_values.append(fmt.number(r.get("Baseline")))
        latest_values.append(fmt.number(r.get("Latest")))
        indicators.append(
            IndicatorChange(
                code=code,
                name=clean(r.get("Indicator name")) or ind_name,
                baseline_round=clean(r.get("Baseline round")),
                baseline=fmt.score(r.get("Baseline")),
                latest_round=clean(r.get("Latest round")),
                latest=fmt.score(r.get("Latest")),
                change=fmt.signed(r.get("Change")),
                pct_change=fmt.signed_percent(r.get("% change")),
                pomp_change=fmt.signed_percent(r.get("POMP change")),
                direction=_direction(change, fmt.number(r.get("Baseline")) is not None),
            )
        )

    owned = view.owned.get(key, [])
    on_team = view.on_team.get(key, [])
    initiatives = [view.initiative(i, "Owner", name) for i in owned] + [
        view.initiative(i, "Task team", view.name_of(i.get("Owner"))) for i in on_team
    ]

    goals = [
        Goal(
            id=clean(g.get("Goal ID")),
            goal=clean(g.get("Development goal")),
            indicator=view.indicator_names.get(_key(g.get("Linked indicator")), clean(g.get("Linked indicator"))),
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
    e = view.engagement.get(key, {})
    engagement = Engagement(
        one_on_one=fmt.whole(e.get("One-on-one sessions")) if e else "0",
        group=fmt.whole(e.get("Group sessions")) if e else "0",
        last_one_on_one=fmt.date(e.get("Last one-on-one")),
        days_since=fmt.whole(e.get("Days since last one-on-one")),
        strengths=fmt.whole(e.get("Strengths")) if e else str(len(view.strengths.get(key, []))),
        goals=fmt.whole(e.get("Goals")) if e else str(len(goals)),
        flag=clean(e.get("Flag")),
        sessions=sessions,
    )

    mine = {_key(i["Initiative ID"]) for i in owned + on_team}
    candidates = set(view.offer_overlaps_by_owner.get(key, []))
    for initiative in mine:
        candidates.update(view.overlaps_by_initiative.get(initiative, []))
    ranked = sorted(candidates, key=lambda n: (-(fmt.number(view.overlaps[n].get("Score")) or 0.0), n))
    coordination = []
    for o in (view.overlaps[n] for n in ranked[:COORDINATION_SHOWN]):
        a, b = _key(o.get("Initiative A")), _key(o.get("Initiative B"))
        is_offer = "OFFER-MATCHES-REQUEST" in clean(o.get("Reasons")).upper()
        if is_offer:
            side = "A" if _key(o.get("Owner A")) == key else "B" if _key(o.get("Owner B")) == key else None
        else:
            led = {_key(i["Initiative ID"]) for i in owned}
            side = "A" if a in led else "B" if b in led else "A" if a in mine else "B" if b in mine else None
        if side is None:
            continue
        other = "B" if side == "A" else "A"
        label = view.offer_label if is_offer else view.initiative_label
        yours_label = label(o.get(f"Initiative {side}"))
        other_label = label(o.get(f"Initiative {other}"))
        other_owner = view.name_of(o.get(f"Owner {other}"))
        other_dept = clean(o.get(f"Department {other}"))
        reasons = reasons_in_words(o.get("Reasons"))
        who = f"{other_owner} ({other_dept})" if other_dept else other_owner
        if is_offer:
            sentence = f"Talk to {who}: their {other_label} matches {name}'s {yours_label}."
        elif _key(o.get(f"Owner {other}")) == key:
            sentence = f"Coordinate {yours_label} with {other_label}, both led by {name}: {reasons}."
        else:
            sentence = f"Coordinate {yours_label} with {who} on {other_label}: {reasons}."
        coordination.append(
            Coordination(
                yours=yours_label,
                other=other_label,
                other_owner=other_owner,
                other_department=other_dept,
                reasons=reasons,
                suggested_action=clean(o.get("Suggested action")),
                sentence=sentence,
            )
        )

    offers = []
    for o in view.offers_by_member.get(key, []):
        status = clean(o.get("Status")) or "Open"
        if status != "Open":
            continue
        by_me, to_me = _key(o.get("From")) == key, _key(o.get("To")) == key
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

    report = MemberReport(
        report=view.report,
        method=view.method,
        member=info,
        summary="",
        indicators=indicators,
        chart=view.chart(f"{name}: baseline and latest score per indicator", baseline_values, latest_values),
        strengths=list(view.strengths.get(key, [])),
        goals=goals,
        initiatives=initiatives,
        engagement=engagement,
        coordination=coordination,
        coordination_more=str(max(0, len(ranked) - COORDINATION_SHOWN)),
        offers_requests=offers,
    )
    return _with_summary(report, by_code, view)


def _with_summary(report: MemberReport, by_code: dict[str, dict], view: RunView) -> MemberReport:
    from dataclasses import replace

    name = report.member.name
    sentences = []
    scored = [i for i in report.indicators if i.direction in ("improved", "unchanged", "declined")]
    if scored:
        counts = Counter(i.direction for i in scored)
        rounds = {(i.baseline_round, i.latest_round) for i in scored}
        span = f"Between {next(iter(rounds))[0]} and {next(iter(rounds))[1]}" if len(rounds) == 1 else "From baseline to the latest round"
        parts = [
            f"rose on {counts['improved']}" if counts["improved"] else "",
            f"stayed the same on {counts['unchanged']}" if counts["unchanged"] else "",
            f"fell on {counts['declined']}" if counts["declined"] else "",
        ]
        sentence = f"{span}, {name}'s scores {fmt.join_words([p for p in parts if p])} of {fmt.count_phrase(len(scored), 'indicator')}"
        best = max(scored, key=lambda i: fmt.number(by_code[i.code.casefold()].get("Change")) or 0.0)
        if best.direction == "improved":
            sentence += f"; the largest rise was in {best.name} ({best.change}, {best.pct_change})"
        sentences.append(sentence + ".")
    elif any(i.direction == "no later score" for i in report.indicators):
        sentences.append(f"{name} has baseline scores; the change will show once a later round is scored.")
    else:
        sentences.append(f"{name} has no assessment scores yet.")
    owned = [i for i in report.initiatives if i.role == "Owner"]
    if owned:
        statuses = Counter(i.status or "no status" for i in owned)
        detail = ", ".join(f"{n} {s.lower()}" for s, n in statuses.items())
        sentence = f"{name} leads {fmt.count_phrase(len(owned), 'change initiative')} ({detail})"
        team = len(report.initiatives) - len(owned)
        if team:
            sentence += f" and is on the task team of {team} more"
        sentences.append(sentence + ".")
    elif report.initiatives:
        sentences.append(f"{name} is on the task team of {fmt.count_phrase(len(report.initiatives), 'initiative')}.")
    e = report.engagement
    sentence = f"{name} attended {e.one_on_one} one-on-one and {e.group} group {'session' if e.group == '1' else 'sessions'}"
    if e.last_one_on_one != fmt.BLANK:
        sentence += f"; the last one-on-one was on {e.last_one_on_one}, {e.days_since} days before {view.report.as_of}"
    sentences.append(sentence + ".")
    if report.coordination:
        total = len(report.coordination) + int(report.coordination_more)
        sentences.append(f"{fmt.count_phrase(total, 'overlap')} with other work may need coordination.")
    return replace(report, summary=" ".join(sentences))


# --- team report --------------------------------------------------------------


def team_report(view: RunView) -> TeamReport:
    """The context of the team report; names appear only where the member may be named."""
    results = view.run.results
    method = results.method
    indicators = []
    baseline_means: list[float | None] = []
    latest_means: list[float | None] = []
    by_code = {_key(r["Indicator code"]): r for r in view.team_rows}
    for code, name in view.indicators:
        r = by_code.get(code.casefold(), {})
        baseline_means.append(fmt.number(r.get("Baseline mean")))
        latest_means.append(fmt.number(r.get("Latest mean")))
        indicators.append(
            TeamIndicator(
                code=code,
                name=clean(r.get("Indicator name")) or name,
                members=fmt.whole(r.get("Members")) if r else "0",
                baseline_mean=fmt.score(r.get("Baseline mean")),
                latest_mean=fmt.score(r.get("Latest mean")),
                change=fmt.signed(r.get("Change")),
                pct_change_of_means=fmt.signed_percent(r.get("% change (change of means)")),
                pct_mean_of_changes=fmt.signed_percent(r.get("% change (mean of changes)")),
                median_change=fmt.signed(r.get("Median change")),
                improved=fmt.whole(r.get("Improved")) if r else "0",
                unchanged=fmt.whole(r.get("Unchanged")) if r else "0",
                declined=fmt.whole(r.get("Declined")) if r else "0",
            )
        )
    with_n = sum(1 for r in view.team_rows if (fmt.number(r.get("Members")) or 0) >= 1)
    scale = view.method.scale
    value = fmt.percent(results.headline)
    if results.headline is None or fmt.is_missing(results.headline):
        sentence = "There is no average increase from baseline yet: no member has both a baseline and a later score."
    else:
        sentence = (
            f"Average increase from baseline: {value} ({clean(method.headline_method).lower()}, "
            f"mean over {fmt.count_phrase(with_n, 'indicator')}; n = {method.n} members with a baseline and a latest score; "
            f"scale {scale}; rater: {clean(method.rater)})."
        )
    headline = Headline(
        value=value, method=clean(method.headline_method), n=str(method.n), indicators=str(with_n),
        scale=scale, rater=clean(method.rater), sentence=sentence,
    )

    named_keys = {_key(m["Member ID"]) for m in view.members if view.may_be_named(m)}
    hidden_names = [clean(m.get("Full name")) for m in view.members if _key(m["Member ID"]) not in named_keys]
    individual = _individual_scores(view, named_keys)

    initiatives = []
    for row in view.initiatives:
        owner_key = _key(row.get("Owner"))
        owner = view.name_of(row.get("Owner")) if owner_key in named_keys else ""
        initiatives.append(view.initiative(row, "", owner))
    status_counts = [StatusCount(s or "No status", str(n)) for s, n in Counter(i.status for i in initiatives).items()]

    ranked = sorted(range(len(view.overlaps)), key=lambda n: (-(fmt.number(view.overlaps[n].get("Score")) or 0.0), n))
    overlaps = []
    for o in (view.overlaps[n] for n in ranked[:OVERLAPS_SHOWN]):
        label = view.offer_label if "OFFER-MATCHES-REQUEST" in clean(o.get("Reasons")).upper() else view.initiative_label
        overlaps.append(
            OverlapRow(
                a=label(o.get("Initiative A")),
                a_department=clean(o.get("Department A")),
                b=label(o.get("Initiative B")),
                b_department=clean(o.get("Department B")),
                reasons=reasons_in_words(o.get("Reasons")),
                score=fmt.plain(o.get("Score")),
            )
        )

    engagement = _team_engagement(view, named_keys)
    quality = _data_quality(view)
    summary_parts = []
    tallies = [sum(int(getattr(i, k)) for i in indicators if getattr(i, k).isdigit()) for k in ("improved", "unchanged", "declined")]
    if sum(tallies):
        summary_parts.append(
            f"Of the {sum(tallies)} indicator scores of members with a baseline and a latest round, "
            f"{tallies[0]} rose, {tallies[1]} stayed the same and {tallies[2]} fell."
        )
    if initiatives:
        summary_parts.append(
            f"The team runs {fmt.count_phrase(len(initiatives), 'change initiative')} "
            f"({', '.join(f'{c.count} {c.status.lower()}' for c in status_counts)})"
            + (f"; {fmt.count_phrase(len(view.overlaps), 'possible overlap')} to coordinate." if view.overlaps else ".")
        )
    summary_parts.append(quality.sentence)

    if named_keys:
        privacy = "Members who agreed to named reporting are named beside their scores; every other member is shown as 'Member N', without name, ID or department."
    elif view.settings.name_members_in_team_report:
        privacy = "No member has consented to named reporting, so individual scores are shown as 'Member N', without name, ID or department."
    else:
        privacy = "Individual scores are anonymous ('Member N', without name, ID or department): the Settings do not name members in the team report."

    report = TeamReport(
        report=view.report,
        method=view.method,
        headline=headline,
        summary=" ".join(summary_parts),
        indicators=indicators,
        chart=view.chart("Team mean score per indicator: baseline and latest", baseline_means, latest_means),
        names_shown=bool(named_keys),
        privacy_note=privacy,
        individual_scores=individual,
        initiatives=initiatives,
        status_counts=status_counts,
        overlaps=overlaps,
        overlaps_more=str(max(0, len(view.overlaps) - OVERLAPS_SHOWN)),
        engagement=engagement,
        quality=quality,
    )
    return scrub_names(report, hidden_names)


def _individual_scores(view: RunView, named_keys: set[str]) -> list[IndividualScore]:
    """Named members first (by name), then everyone else as Member 1, 2… in an order set by scores, not by the sheet."""
    named, anonymous = [], []
    for m in view.members:
        key = _key(m["Member ID"])
        rows = [r for r in view.member_results.get(key, []) if fmt.number(r.get("Latest")) is not None]
        if not rows:
            continue
        (named if key in named_keys else anonymous).append((m, rows))
    named.sort(key=lambda p: clean(p[0].get("Full name")).casefold())
    anonymous.sort(key=lambda p: tuple(-(fmt.number(r.get("Latest")) or 0.0) for r in p[1]) + tuple(fmt.number(r.get("Baseline")) or 0.0 for r in p[1]))
    out = []
    for n, (m, rows) in enumerate(named + anonymous):
        is_named = n < len(named)
        label = clean(m.get("Full name")) if is_named else f"Member {n - len(named) + 1}"
        for r in rows:
            out.append(
                IndividualScore(
                    label=label, named=is_named, indicator=clean(r.get("Indicator code")),
                    baseline=fmt.score(r.get("Baseline")), latest=fmt.score(r.get("Latest")),
                    change=fmt.signed(r.get("Change")), pct_change=fmt.signed_percent(r.get("% change")),
                )
            )
    return out


def _team_engagement(view: RunView, named_keys: set[str]) -> TeamEngagement:
    rows = [view.engagement.get(_key(m["Member ID"]), {}) for m in view.members]
    one = sum(int(fmt.number(r.get("One-on-one sessions")) or 0) for r in rows)
    group = sum(int(fmt.number(r.get("Group sessions")) or 0) for r in rows)
    days = sorted(fmt.number(r.get("Days since last one-on-one")) for r in rows if fmt.number(r.get("Days since last one-on-one")) is not None)
    median = None
    if days:
        mid = len(days) // 2
        median = days[mid] if len(days) % 2 else (days[mid - 1] + days[mid]) / 2
    named = [
        NamedEngagement(
            label=view.name_of(m["Member ID"]),
            one_on_one=fmt.whole(e.get("One-on-one sessions")),
            group=fmt.whole(e.get("Group sessions")),
            last_one_on_one=fmt.date(e.get("Last one-on-one")),
            days_since=fmt.whole(e.get("Days since last one-on-one")),
            flag=clean(e.get("Flag")),
        )
        for m, e in zip(view.members, rows)
        if _key(m["Member ID"]) in named_keys and e
    ]
    return TeamEngagement(
        members=str(len(view.members)),
        one_on_one=str(one),
        group=str(group),
        without_one_on_one=str(sum(1 for r in rows if not (fmt.number(r.get("One-on-one sessions")) or 0))),
        flagged=str(sum(1 for r in rows if clean(r.get("Flag")))),
        median_days_since=fmt.plain(median, 1),
        named=named,
    )


def _data_quality(view: RunView) -> DataQuality:
    issues = view.run.issues
    counts = Counter((i.severity, i.rule, i.sheet) for i in issues)
    by_rule = [
        IssueCount(severity=sev, rule=rule, sheet=sheet, count=str(n))
        for (sev, rule, sheet), n in sorted(counts.items(), key=lambda kv: (kv[0][0] != "Error", -kv[1], kv[0][1], kv[0][2]))
    ]
    errors = sum(1 for i in issues if i.severity == "Error")
    warnings = len(issues) - errors
    if issues:
        sentence = (
            f"The workbook has {fmt.count_phrase(errors, 'error')} (values left out of the results) and "
            f"{fmt.count_phrase(warnings, 'warning')} (values used, worth a look); the annex counts them by rule and sheet."
        )
    else:
        sentence = "The workbook passed every check: no errors, no warnings."
    return DataQuality(errors=str(errors), warnings=str(warnings), sentence=sentence, by_rule=by_rule)


def scrub_names(report: Any, names: list[str]) -> Any:
    """Replace any of ``names`` (whole words) in every text of ``report`` by 'a CHMT member'.

    The team report never puts a hidden member's name into a field; this is
    the second line of defence for names typed into free text (an initiative
    title such as "Achieng's stock-out plan").
    """
    keys = {tuple(_WORD.findall(n.casefold())) for n in names if len(n) >= 3}
    keys.discard(())
    if not keys:
        return report
    lengths = sorted({len(k) for k in keys}, reverse=True)

    def scrub(text: str) -> str:
        words = _WORD.findall(text.casefold())
        found = {
            tuple(words[i : i + size])
            for i in range(len(words))
            for size in lengths
            if tuple(words[i : i + size]) in keys
        }
        if not found:
            return text
        alternatives = sorted((r"\W+".join(map(re.escape, k)) for k in found), key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
        return pattern.sub("a CHMT member", text)

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return scrub(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if is_dataclass(value) and not isinstance(value, type) and not isinstance(value, BarChart):
            return type(value)(**{f.name: walk(getattr(value, f.name)) for f in fields(value)})
        return value

    return walk(report)


# --- the whole set --------------------------------------------------------------


def template_variables(report: MemberReport | TeamReport) -> dict[str, Any]:
    """The template's top-level variables: the fields of the report dataclass."""
    return {f.name: getattr(report, f.name) for f in fields(report)}


def member_reports(run: TrackerRun, members: list[str] | None = None) -> list[MemberReport]:
    """One context per member (in Members order), or for the IDs in ``members`` (any case)."""
    view = RunView(run)
    wanted = None if members is None else {m.strip().casefold() for m in members}
    return [member_report(view, m) for m in view.members if wanted is None or _key(m["Member ID"]) in wanted]


# --- the generated variable list ------------------------------------------------

REPORT_CLASSES = {"member_report.docx": MemberReport, "team_report.docx": TeamReport}


def _describe_type(tp: Any) -> tuple[str, Any]:
    """(type in words, dataclass to expand or None)."""
    origin = typing.get_origin(tp)
    if origin is list:
        (inner,) = typing.get_args(tp)
        if is_dataclass(inner):
            return "list", inner
        return f"list of {'texts' if inner is str else inner.__name__}", None
    if tp is BarChart:
        return "chart", None
    if is_dataclass(tp):
        return "group", tp
    return {str: "text", bool: "yes/no"}.get(tp, getattr(tp, "__name__", str(tp))), None


def _variable_rows(cls: type, prefix: str) -> list[tuple[str, str, str]]:
    rows = []
    hints = typing.get_type_hints(cls)
    for f in fields(cls):
        kind, inner = _describe_type(hints[f.name])
        name = f"{prefix}{f.name}"
        if kind.startswith("list"):
            kind = f"{kind}: `for {_loop_name(f.name)} in {name}`"
        rows.append((name, kind, f.metadata["doc"]))
        if inner is not None:
            child = f"{name}." if kind == "group" else f"{_loop_name(f.name)}."
            rows.extend(_variable_rows(inner, child))
    return rows


def _loop_name(list_name: str) -> str:
    """The loop variable the docs use for a list: ``initiatives`` -> ``initiative``."""
    special = {"strengths": "strength", "individual_scores": "score", "offers_requests": "item", "by_rule": "item",
               "status_counts": "item", "named": "row", "sessions": "session", "measures": "measure", "coordination": "item"}
    if list_name in special:
        return special[list_name]
    return list_name[:-1] if list_name.endswith("s") else "item"


def variables_markdown() -> str:
    """The variable tables of docs/report-templates.md, from the dataclasses above."""
    out = []
    for template, cls in REPORT_CLASSES.items():
        out.append(f"### `{template}`\n")
        out.append(f"{(cls.__doc__ or '').strip()}\n")
        out.append("| Variable | Kind | What it holds |")
        out.append("| --- | --- | --- |")
        for name, kind, text in _variable_rows(cls, ""):
            out.append(f"| `{name}` | {kind} | {text.replace('|', '/')} |")
        out.append("")
    return "\n".join(out)
