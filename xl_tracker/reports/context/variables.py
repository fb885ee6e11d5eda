"""The variables a report template sees: one dataclass per group, each field with its description.

Each template gets the fields of :class:`MemberReport` or :class:`TeamReport`
as its top-level variables. Every field carries its description in
``metadata["doc"]``; ``docs/report-templates.md`` is generated from these
classes (:mod:`.variables_doc`), so the list a manager reads is the list the
code provides. Values are text already formatted for people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xl_tracker.contract import MEMBER_RESULTS
from xl_tracker.reports.charts import BarChart, LineChart, RunChart
from xl_tracker.reports.scatter_chart import ScatterChart


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
    comparison: str = doc("The Compared rounds setting: 'First to last' or two rounds, e.g. 'Baseline→Endline'.")
    mix: str = doc("Which rounds the members compare, e.g. 'Rounds compared (…): 16 Baseline→Endline, 1 Baseline→Midline, 1 Midline→Endline.'")
    exits: str = doc("The members who left the programme and how they count (blank when none left).")


@dataclass(frozen=True)
class OwnMethod:
    """What one member's own figures compare (their rounds, raters and n), with how scores are made: the member report's method."""

    text: str = doc("What the member's figures compare, then how scores are made, in two sentences (under the indicator table).")
    notes: list[str] = doc("The same, one sentence each (for a bulleted list): how scores are made, then the member's rounds, raters and n.")


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
    columns: Mapping[str, str] = doc(
        "Every Member Results column by its key, formatted by its kind, e.g. `indicator.columns.pomp_change` "
        "(a misspelt key stops the report with its name); keys: " + ", ".join(f"`{k}`" for k in MEMBER_RESULTS.keys) + "."
    )


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
    expected: str = doc("Progress its path expects by the latest value's date ('–' when it cannot be judged).")
    status: str = doc("Its computed status: On track, At risk, Off track, Achieved, Not started, No data or Dropped.")
    flag: str = doc("Why it is not judged, or that it ended short of its target (blank when none).")


@dataclass(frozen=True)
class Initiative:
    """A change initiative."""

    id: str = doc("Initiative ID.")
    title: str = doc("Title.")
    role: str = doc("The member's part in it: 'Owner' or 'Task team' (member report only).")
    owner: str = doc("Owner's name (team report: blank unless the owner may be named).")
    department: str = doc("Department running it.")
    status: str = doc("Recorded Status, as typed on Initiatives (Not started, On track, At risk, Off track, Completed, Dropped).")
    computed_status: str = doc("Status computed from its measures (On track, At risk, Off track, Achieved, Not started, No data, Dropped).")
    contradiction: str = doc("'Status On track, but 1 of 2 measures At risk (…)' or 'Status Completed, but 1 of 2 measures On track (…), short of target' when the two statuses contradict, else blank.")
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
class RaterComparison:
    """One indicator of one member as the Rater for results and another rater scored it, and the gap between them."""

    indicator: str = doc("Indicator name and code.")
    rater: str = doc("The other rater, e.g. Coach.")
    own: str = doc("The Rater for results' baseline → latest, with rounds, e.g. '2.20 (Baseline) → 3.00 (Endline)'.")
    other: str = doc("The other rater's baseline → latest, with rounds ('–' when they gave no score).")
    gap: str = doc("Rater for results' score − the other rater's, at the other rater's last scored round, signed ('–' when none).")
    gap_round: str = doc("The round of that gap.")


@dataclass(frozen=True)
class MeasureRun:
    """A measure's values over time, with its baseline, target and expected path."""

    initiative: str = doc("The initiative (ID and title).")
    measure_id: str = doc("Measure ID.")
    measure: str = doc("What is measured, with its unit.")
    sentence: str = doc("The run in words: values, dates, latest against the expected path.")
    run_chart: RunChart | None = doc("Run chart ({{ r.run_chart }} alone in a paragraph); none without a dated value.")


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
    other: str = doc("The other initiative (ID and title), or the other offer/request (type, ID and description).")
    other_owner: str = doc("Name of the other initiative's owner.")
    other_department: str = doc("Department of the other initiative.")
    reasons: str = doc("Why they overlap, in words (same site, similar title…).")
    suggested_action: str = doc("The suggested action as it applies to the member: the Overlaps row's, except 'Offer your help' for the "
                                "member who made the offer and 'Share what you learned' for the earlier initiative of a learn-from pair.")
    sentence: str = doc("All of it in plain words, to the member: 'Your I07-1 “…” and I12-1 “…”, led by … (…), have …: consider "
                        "forming one task team with them.'")


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
    method: MethodInfo = doc("How the team's scores were computed (its headline, n and mix: the team's, not the member's).")
    own_method: OwnMethod = doc("What this member's own figures compare: their rounds, raters and n.")
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
    trends: list[IndicatorTrend] = doc("The member's score per indicator in every round.")
    trend_chart: LineChart = doc("Line chart of the member's scores per indicator across rounds: {{ trend_chart }} alone in a paragraph.")
    runs: list[MeasureRun] = doc("A run chart per measure of the initiatives the member leads or is on the task team of.")
    runs_note: str = doc("The expected path of the run charts in words.")
    programme: MemberProgramme = doc("Cascading, agreed actions, teams and team agreements.")
    rater_comparison: list[RaterComparison] = doc("Each indicator as the Rater for results and every other rater scored it, with the gap (empty when no other rater scored the member).")
    rater_note: str = doc("What the rating gap is, in one sentence.")
    compared: str = doc("The rounds this member's scores compare, from Member Results' Compared column, e.g. 'Baseline→Midline; left 31 Jul 2026' (blank without scores).")


# --- team report --------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    value: str = doc("The average increase from baseline, e.g. '12.3%' ('–' when there is no score yet).")
    method: str = doc("The headline method (Settings).")
    n: str = doc("Members with both a baseline and a latest score.")
    indicators: str = doc("Indicators with at least one such member.")
    scale: str = doc("The score scale, e.g. '1 to 5'.")
    rater: str = doc("Whose scores: Self, Coach or Consensus.")
    sentence: str = doc("The headline as a sentence with its method, n, scale and rater.")
    secondary: str = doc("The secondary figures, labelled: the other method and the POMP change (blank without a headline).")
    raters: str = doc("Every rater's headline by the same method with its n, the headline marked (blank with one rater).")
    coverage: str = doc("How many of the headline's members each other rater scored in the same rounds (blank with one rater).")


@dataclass(frozen=True)
class RaterIndicator:
    """One indicator's team figures by one rater (the team report's self-and-coach table)."""

    indicator: str = doc("Indicator name and code ('All indicators' on the headline rows).")
    rater: str = doc("Self, Coach or Consensus.")
    members: str = doc("n: members with a baseline and a latest score by this rater.")
    baseline_mean: str = doc("Mean baseline score.")
    latest_mean: str = doc("Mean latest score.")
    pct: str = doc("% change by the headline method, signed.")
    headline: bool = doc("True on the row that is the headline.")


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
class ChangeCell:
    """One member's change on one indicator: a cell of the team report's member comparison."""

    indicator: str = doc("Indicator code.")
    baseline: str = doc("Baseline score ('–' when none).")
    latest: str = doc("Latest score ('–' when none).")
    change: str = doc("Latest − baseline, signed ('–' without a latest score).")
    direction: str = doc("'improved', 'unchanged', 'declined', 'no later score' or 'no score'.")


@dataclass(frozen=True)
class MemberComparison:
    """One member's row of the comparison: a change per indicator, under a name or an anonymous label."""

    label: str = doc("The member's name where they may be named, else 'Member A', 'Member B'… (see labels_note).")
    named: bool = doc("True when label is the member's name.")
    changes: list[ChangeCell] = doc("One cell per indicator, in Indicators order.")


@dataclass(frozen=True)
class IndicatorDots:
    """Every compared member's baseline and latest score on one indicator, as a dot chart."""

    code: str = doc("Indicator code.")
    name: str = doc("Indicator name.")
    dot_chart: LineChart = doc("Dot chart: a member per column, baseline and latest dots joined by a line ({{ d.dot_chart }} alone in a paragraph).")


@dataclass(frozen=True)
class RoundScore:
    round: str = doc("Assessment round.")
    score: str = doc("Score (team report: the mean), 2 decimals.")
    n: str = doc("Members scored in that round (the n of a mean).")
    change: str = doc("Change from the previous round scored, signed ('–' for the first).")


@dataclass(frozen=True)
class IndicatorTrend:
    """One indicator across every round: the member's scores, or the team's means with their n."""

    code: str = doc("Indicator code.")
    name: str = doc("Indicator name.")
    rounds: list[RoundScore] = doc("One entry per round scored, in Rounds order.")
    text: str = doc("All rounds in one line, e.g. 'Baseline 2.06 → Midline 2.43 → Endline 3.22'.")


@dataclass(frozen=True)
class StatusCount:
    status: str = doc("An initiative status.")
    recorded: str = doc("Initiatives whose recorded Status it is.")
    computed: str = doc("Initiatives whose status computed from their measures it is.")


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
    labels_note: str = doc("How the anonymous labels (Member A, B…) were given.")
    comparison_indicators: list[str] = doc("Indicator codes: the columns of the member comparison, in Indicators order.")
    comparison: list[MemberComparison] = doc("One row per member with a latest score: named only with the setting and consent, else 'Member A'…, listed by label.")
    member_dots: list[IndicatorDots] = doc("One dot chart per indicator: every compared member's baseline and latest, under the comparison's labels.")
    trends: list[IndicatorTrend] = doc("The team's mean score per indicator in every round, with its n.")
    trend_chart: LineChart = doc("Line chart of the team's mean score per indicator across rounds: {{ trend_chart }} alone in a paragraph.")
    initiatives: list[Initiative] = doc("The initiative portfolio.")
    status_counts: list[StatusCount] = doc("Initiatives per status: recorded and computed, side by side.")
    status_sentence: str = doc("Both counts in words: 'recorded: 27 On track, …; computed from the measures: 19 On track, …'.")
    contradictions: str = doc("Initiatives whose computed status contradicts the recorded one (rule status-contradicts-measures).")
    contradictions_in_words: str = doc("What counts as a contradiction, in words: recorded On track but computed At risk or Off track, or recorded Completed but computed short of Achieved.")
    overlaps: list[OverlapRow] = doc(f"Initiatives that may duplicate each other, and offers matching requests: the {OVERLAPS_SHOWN} with the highest score.")
    overlaps_more: str = doc("How many further overlaps are on the Overlaps sheet; '0' when all are shown.")
    engagement: TeamEngagement = doc("Engagement overview.")
    quality: DataQuality = doc("Data-quality annex.")
    programme: TeamProgramme = doc("Cascading, actions, coaches' caseloads, teams and team agreements.")
    commitment: Commitment = doc("Commitment and change: the rank correlation, its n and the caution.")
    commitment_chart: ScatterChart = doc("Scatter of engagement score against mean indicator change, one point per member: "
                                         "{{ commitment_chart }} alone in a paragraph.")
    scale: list[ScaleIndicator] = doc("The anchored scale, for the annex: every item's statement and what each score looks like (Indicators).")
    by_rater: list[RaterIndicator] = doc("Every indicator by every rater, then each rater's all-indicator figure (empty with one rater).")


# --- the programme's work (cascading, actions, teams, agreements) and commitment and change ---------------


@dataclass(frozen=True)
class Cascade:
    date: str = doc("When the member cascaded it.")
    audience: str = doc("Audience level: who was reached.")
    people: str = doc("People reached.")
    tool: str = doc("Tool or skill cascaded.")
    notes: str = doc("Notes.")


@dataclass(frozen=True)
class AgreedAction:
    agreed: str = doc("Date of the session where it was agreed.")
    action: str = doc("What the member agreed to do.")
    due: str = doc("Due date.")
    done: str = doc("Done date (blank while open).")
    status: str = doc("Open, Done or Dropped (Open when blank).")


@dataclass(frozen=True)
class TeamMembership:
    id: str = doc("Team ID.")
    kind: str = doc("Task team or Consultant circle.")
    name: str = doc("The team's name.")
    purpose: str = doc("What it is for.")


@dataclass(frozen=True)
class Agreement:
    kind: str = doc("Shared value, Role clarified or Job description.")
    text: str = doc("The agreement.")
    owners: str = doc("Whom it concerns: names (in the team report only those who may be named), or 'the whole CHMT'.")
    date: str = doc("When it was agreed.")
    status: str = doc("Proposed, Agreed, In practice or Dropped.")


@dataclass(frozen=True)
class MemberProgramme:
    """One member's work on the programme's own sheets (the Engagement sheet's figures, and the rows behind them)."""

    cascades: list[Cascade] = doc("Every time the member cascaded a tool or skill, oldest first.")
    people_reached: str = doc("People reached in all (Engagement).")
    actions: list[AgreedAction] = doc("The member's agreed actions, oldest first.")
    actions_due: str = doc("Actions due by the as-of date (Engagement).")
    actions_done: str = doc("Actions done (Engagement).")
    actions_overdue: str = doc("Open actions past their due date (Engagement).")
    next_session: str = doc("The next session agreed ('–' when none).")
    next_session_overdue: str = doc("Days the next session is overdue (blank when it is not).")
    teams: list[TeamMembership] = doc("Task teams and consultant circles the member is on.")
    agreements: list[Agreement] = doc("Team agreements the member holds, then those of the whole CHMT.")
    sentence: str = doc("The figures above in a sentence.")


@dataclass(frozen=True)
class CoachRow:
    coach: str = doc("Coach.")
    members: str = doc("Caseload: members still in the programme.")
    left: str = doc("Members who left: not in members, but their actions are in the action figures.")
    recent_one_on_ones: str = doc("One-on-ones attended in the last Days without one-on-one days.")
    members_overdue: str = doc("Members with no recent one-on-one.")
    actions_due: str = doc("Their actions due.")
    actions_done: str = doc("Their actions done.")
    actions_overdue: str = doc("Their actions overdue.")
    next_sessions_overdue: str = doc("Their next sessions overdue.")


@dataclass(frozen=True)
class TeamProgramme:
    """The CHMT's work on the programme's own sheets: totals from the results, and the rows behind them."""

    cascades: str = doc("Cascades recorded.")
    people_reached: str = doc("People reached in all.")
    members_cascading: str = doc("Members who cascaded at least once.")
    actions_agreed: str = doc("Agreed actions (Dropped left out).")
    actions_due: str = doc("Actions due by the as-of date.")
    actions_done: str = doc("Actions done.")
    actions_overdue: str = doc("Open actions past their due date.")
    next_sessions_overdue: str = doc("Members whose agreed next session has passed without a one-on-one.")
    old_offers: str = doc("Offers and requests open longer than the setting allows.")
    sentence: str = doc("The figures above in two sentences.")
    coaches: list[CoachRow] = doc("Each coach's caseload (the Coaches sheet).")
    coaches_note: str = doc("What the coaches' figures count when a coached member has left: members still in the "
                            "programme, and actions including those of members who left (blank when none left).")
    teams: list[TeamMembership] = doc("Task teams and consultant circles (the Teams sheet).")
    agreements: list[Agreement] = doc("Team agreements (the Team agreements sheet).")


@dataclass(frozen=True)
class Commitment:
    """Commitment and change: engagement score against mean indicator change, across members."""

    finding: str = doc("The rank correlation with its n, in words.")
    n: str = doc("Members with both an engagement score and a mean indicator change.")
    rho: str = doc("Spearman's rank correlation, 2 decimals ('–' when not given).")
    made_of: str = doc("What the engagement score is made of.")
    caution: str = doc("Association, not cause: printed beside the finding.")


# --- anchored scale (team report annex, scoring form) ----------------------------


@dataclass(frozen=True)
class ScaleLevel:
    score: str = doc("The score, e.g. '3'.")
    text: str = doc("What this score looks like for the item (Level N column of Indicators); '' when not described.")


@dataclass(frozen=True)
class ScaleItem:
    code: str = doc("Item code, e.g. TOOLS1: the Assessments column its score is typed into.")
    statement: str = doc("The item statement (Indicators).")
    levels: list[ScaleLevel] = doc("One per score of the scale, lowest first; empty when the scale is too long to describe.")


@dataclass(frozen=True)
class ScaleIndicator:
    code: str = doc("Indicator code, e.g. TOOLS.")
    name: str = doc("Indicator name.")
    items: list[ScaleItem] = doc("Its items, in the order of the Assessments item columns.")
