"""The run as the reports read it: result rows grouped by member and initiative, read once for every report.

:class:`RunView` indexes the run's result tables (keyed by the contract's
column keys) and the input rows a report prints as they are (names, goals,
sessions, offers). It computes no figure: every count, mean, median, status
and flag comes from the results (:mod:`xl_tracker.results`), and every
sentence about the headline from its :class:`~xl_tracker.results.method.MethodNote`.
A result row is a :class:`ResultRow`: asking it for a key its sheet does not
have raises :class:`~xl_tracker.contract.UnknownColumn`, so a typo fails
loudly instead of printing "–".
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

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
    OVERLAPS,
    SESSIONS,
    STRENGTHS,
    TEAM_RESULTS,
    TRENDS,
    OutputSheet,
    UnknownColumn,
)
from xl_tracker.reports import formats as fmt
from xl_tracker.reports.charts import BarChart, score_chart
from xl_tracker.reports.context.variables import Initiative, Measure, MemberInfo, MethodInfo, ReportInfo
from xl_tracker.reports.text_cap import cap_text
from xl_tracker.results.team import ALL_CODE
from xl_tracker.results.trends import MEMBER as MEMBER_SCOPE

if TYPE_CHECKING:
    import pandas as pd

    from xl_tracker.pipeline import TrackerRun

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: object) -> str:
    """Workbook text safe for XML (control characters dropped) and capped in length; escaping happens at rendering."""
    text = cap_text(fmt.text(value))
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


class ResultRow(dict):
    """One row of a result table by key; a key the table does not have raises :class:`UnknownColumn`."""

    __slots__ = ("spec",)

    def __init__(self, spec: OutputSheet, values=()):
        super().__init__(values)
        self.spec = spec

    def __missing__(self, key: str):
        if key in self.spec.keys:
            return None
        raise UnknownColumn(self.spec.name, key, self.spec.keys)

    def get(self, key, default=None):
        return self[key]


class Columns(Mapping):
    """A result row for a template: each column by key, formatted by its kind when read (a template reads few of them).

    A key the sheet does not have raises :class:`UnknownColumn`, so a
    misspelt ``{{ i.columns.key }}`` stops the report with the key's name.
    """

    __slots__ = ("row",)

    def __init__(self, row: ResultRow):
        self.row = row

    def __getitem__(self, key: str) -> str:
        return fmt.by_kind(self.row.spec.column(key).kind, self.row[key])

    def __iter__(self):
        return iter(self.row.spec.keys)

    def __len__(self) -> int:
        return len(self.row.spec.keys)


def formatted(row: ResultRow) -> Columns:
    """Every column of ``row`` as the report prints a value of its kind."""
    return Columns(row)


def result_rows(frame: pd.DataFrame | None, spec: OutputSheet) -> list[ResultRow]:
    """The rows of a result frame keyed by ``spec``'s keys."""
    if frame is None or len(frame) == 0:
        return []
    unknown = [k for k in frame.columns if k not in spec.keys]
    if unknown:
        raise UnknownColumn(spec.name, unknown[0], spec.keys)
    return [ResultRow(spec, r) for r in frame.to_dict("records")]


def records(frame: pd.DataFrame | None) -> list[dict[str, object]]:
    """The rows of an input table, by header."""
    if frame is None or len(frame) == 0:
        return []
    return frame.to_dict("records")


def key_of(value: object) -> str:
    return clean(value).casefold()


def is_true(value: object) -> bool:
    return value is True or (not fmt.is_missing(value) and bool(value) and str(value).casefold() in ("true", "yes", "1"))


class RunView:
    """The run's tables as plain rows grouped by member/initiative, read once for every report."""

    def __init__(self, run: TrackerRun) -> None:
        self.run = run
        self.settings = run.data.settings
        usable = run.checks.usable
        results = run.results
        self.members = [m for m in records(usable.get(MEMBERS.name)) if not fmt.is_missing(m.get("Member ID"))]
        self.member_by_key = {key_of(m["Member ID"]): m for m in self.members}
        self.indicators: list[tuple[str, str]] = []
        seen: set[str] = set()
        for row in records(usable.get(INDICATORS.name)):
            code = clean(row.get("Indicator code"))
            if code and code.casefold() not in seen:
                seen.add(code.casefold())
                self.indicators.append((code, clean(row.get("Indicator name"))))
        self.indicator_names = {c.casefold(): n for c, n in self.indicators}
        rater = results.method.rater
        self.member_results: dict[str, list[ResultRow]] = defaultdict(list)
        """Member key -> the Rater for results' Member Results rows (the headline's)."""
        self.other_raters: dict[str, list[ResultRow]] = defaultdict(list)
        """Member key -> every other rater's Member Results rows."""
        for row in result_rows(results.member_results, MEMBER_RESULTS):
            mine = row["rater"] in (None, rater)
            (self.member_results if mine else self.other_raters)[key_of(row["member_id"])].append(row)
        every_team_row = result_rows(results.team_results, TEAM_RESULTS)
        self.team_rows = [r for r in every_team_row if clean(r["indicator_code"]) != ALL_CODE and r["rater"] in (None, rater)]
        """The Rater for results' indicator rows of Team Results."""
        self.team_rows_by_rater = every_team_row
        self.trend_rows: dict[str, list[ResultRow]] = defaultdict(list)
        """Trends rows by member key; the team's under '' (in Indicators, then Rounds order)."""
        for row in result_rows(results.trends, TRENDS):
            self.trend_rows[key_of(row["member_id"]) if row["scope"] == MEMBER_SCOPE else ""].append(row)
        self.runs: dict[str, list[dict]] = defaultdict(list)
        for row in records(results.measure_runs):
            self.runs[key_of(row["measure_id"])].append(row)
        self.paths = {key_of(r["measure_id"]): r for r in records(results.expected_paths)}
        self.engagement = {key_of(r["member_id"]): r for r in result_rows(results.engagement, ENGAGEMENT)}
        self.initiative_rows: dict[str, list[ResultRow]] = defaultdict(list)
        for row in result_rows(results.initiative_results, INITIATIVE_RESULTS):
            self.initiative_rows[key_of(row["initiative_id"])].append(row)
        self.initiatives = [i for i in records(usable.get(INITIATIVES.name)) if not fmt.is_missing(i.get("Initiative ID"))]
        self.initiative_by_key = {key_of(i["Initiative ID"]): i for i in self.initiatives}
        self.measures = {key_of(m["Measure ID"]): m for m in records(usable.get(MEASURES.name)) if not fmt.is_missing(m.get("Measure ID"))}
        self.strengths: dict[str, list[str]] = defaultdict(list)
        for row in records(usable.get(STRENGTHS.name)):
            if clean(row.get("Strength")):
                self.strengths[key_of(row.get("Member ID"))].append(clean(row.get("Strength")))
        self.goals: dict[str, list[dict]] = defaultdict(list)
        for row in records(usable.get(GOALS.name)):
            self.goals[key_of(row.get("Member ID"))].append(row)
        self.sessions: dict[str, list[dict]] = defaultdict(list)
        for row in records(usable.get(SESSIONS.name)):
            if is_true(row.get("Attended")):
                self.sessions[key_of(row.get("Member ID"))].append(row)
        self.offers = records(usable.get(OFFERS_REQUESTS.name))
        self.overlaps = result_rows(run.overlaps, OVERLAPS)
        self.owned: dict[str, list[dict]] = defaultdict(list)
        self.on_team: dict[str, list[dict]] = defaultdict(list)
        for i in self.initiatives:
            owner = key_of(i.get("Owner"))
            self.owned[owner].append(i)
            for member in dict.fromkeys(key_of(t) for t in (i.get("Task team") or ())):
                if member != owner:
                    self.on_team[member].append(i)
        self.overlaps_by_initiative: dict[str, list[int]] = defaultdict(list)
        self.offer_overlaps_by_owner: dict[str, list[int]] = defaultdict(list)
        for n, o in enumerate(self.overlaps):
            if o["offer_match"]:
                for side in ("a", "b"):
                    self.offer_overlaps_by_owner[key_of(o[f"owner_{side}"])].append(n)
            else:
                for side in ("a", "b"):
                    self.overlaps_by_initiative[key_of(o[f"initiative_{side}"])].append(n)
        self.offer_by_id = {key_of(o.get("ID")): o for o in self.offers if clean(o.get("ID"))}
        self.offers_by_member: dict[str, list[dict]] = defaultdict(list)
        for o in self.offers:
            for member in dict.fromkeys((key_of(o.get("From")), key_of(o.get("To")))):
                if member:
                    self.offers_by_member[member].append(o)
        self.report = report_info(self.settings)
        self.method = self._method_info()

    # -- names ---------------------------------------------------------------

    def name_of(self, member_id: object) -> str:
        m = self.member_by_key.get(key_of(member_id))
        return clean(m["Full name"]) if m and clean(m.get("Full name")) else clean(member_id)

    def may_be_named(self, member: dict) -> bool:
        """Named in the team report only with the setting on AND the member's consent."""
        return bool(self.settings.name_members_in_team_report) and is_true(member.get("Consent to named reporting"))

    def offer_label(self, offer_id: object) -> str:
        """``offer OR01 (Train records officers…)``: an offer or request by its type, ID and description."""
        o = self.offer_by_id.get(key_of(offer_id))
        if o is None:
            return clean(offer_id)
        return f"{clean(o.get('Type')).lower() or 'item'} {clean(offer_id)} ({clean(o.get('Description'))})"

    def initiative_label(self, initiative_id: object) -> str:
        i = self.initiative_by_key.get(key_of(initiative_id))
        if i is None:
            return clean(initiative_id)
        return f"{clean(i['Initiative ID'])} {clean(i.get('Title'))}".strip()

    def overlap_label(self, overlap: ResultRow, side: str) -> str:
        """Side ``a`` or ``b`` of an Overlaps row: an offer or request, or an initiative, by its label."""
        label = self.offer_label if overlap["offer_match"] else self.initiative_label
        return label(overlap[f"initiative_{side}"])

    # -- shared parts ----------------------------------------------------------

    def _method_info(self) -> MethodInfo:
        m = self.run.results.method
        return MethodInfo(
            text=clean(m.text),
            headline_method=clean(m.headline_method),
            headline_definition=m.definition,
            rater=clean(m.rater),
            scale=m.scale,
            rounds=clean(m.rounds_text),
            min_items=m.min_items,
            n=str(m.n),
            notes=[clean(n) for n in m.notes],
            comparison=clean(m.comparison),
            mix=clean(m.mix_sentence),
            exits=clean(m.exits_sentence),
        )

    # -- pieces used by both reports -------------------------------------------

    def measure_rows(self, initiative_id: object) -> list[Measure]:
        out = []
        for row in self.initiative_rows.get(key_of(initiative_id), []):
            if fmt.is_missing(row["measure_id"]) or not clean(row["measure_id"]):
                continue
            source = self.measures.get(key_of(row["measure_id"]), {})
            out.append(
                Measure(
                    id=clean(row["measure_id"]),
                    kind=clean(row["kind"]),
                    measure=clean(row["measure"]),
                    unit=clean(source.get("Unit")),
                    better_when=clean(row["better_when"]),
                    baseline=fmt.plain(row["baseline"]),
                    target=fmt.plain(row["target"]),
                    latest=fmt.plain(row["latest"]),
                    latest_date=fmt.date(row["latest_date"]),
                    progress=fmt.percent(row["progress"]),
                    expected=fmt.percent(row["expected"]),
                    status=clean(row["measure_status"]),
                    flag=clean(row["flag"]),
                )
            )
        return out

    def initiative(self, row: dict, role: str, owner: str) -> Initiative:
        measures = self.measure_rows(row["Initiative ID"])
        record = self.run.results.initiative_statuses.of(row["Initiative ID"])
        flags = [f"{m.id}: {m.flag}" for m in measures if m.flag]
        if measures and record is not None:
            progress = f"{fmt.count_phrase(record.measures, 'measure')}, {record.with_progress} with progress"
            if record.best_progress is not None:
                progress += f" (best {fmt.percent(record.best_progress)} of the way to target)"
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
            computed_status=clean(record.computed if record else None),
            contradiction=clean(record.contradiction if record else None),
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
        method = self.run.results.method
        return score_chart(title, [c for c, _ in self.indicators], baseline, latest, method.scale_min, method.scale_max)


def report_info(settings) -> ReportInfo:
    """Where and when, from the Settings: the page header and cover lines of every report and form."""
    parts = [clean(settings.county), clean(settings.programme), clean(settings.reporting_period)]
    return ReportInfo(
        county=clean(settings.county),
        programme=clean(settings.programme),
        period=clean(settings.reporting_period),
        as_of=fmt.date(settings.as_of_date),
        generated=fmt.date(dt.date.today()),
        version=__version__,
        header_line=" · ".join(p for p in parts if p),
    )


def member_info(member: Mapping[str, object], name: str | None = None) -> MemberInfo:
    """Who a report or form is about, from a Members row (all blank for an empty row: the blank form)."""
    def day(value: object) -> str:
        return "" if fmt.is_missing(value) else fmt.date(value)

    return MemberInfo(
        id=clean(member.get("Member ID")),
        name=clean(member.get("Full name")) if name is None else name,
        role=clean(member.get("Role")),
        department=clean(member.get("Department")),
        email=clean(member.get("Email")),
        coach=clean(member.get("Coach")),
        start_date=day(member.get("Start date")),
        exit_date=day(member.get("Exit date")),
    )
