"""The tracking-tool workbook contract, written once, as data.

This module is the authority on the workbook: ``docs/workbook.md`` is
generated from it (``python -m xl_tracker.contract_docs``) and
``tests/test_contract.py`` checks its invariants. The template builder, the
reader, the validator, the writer of output sheets and the generated docs all
read these objects; no other module spells a sheet name, a column header or a
choice list. Names here are fixed: renaming one breaks every workbook
already in the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """What a column holds, which decides how a cell is read and checked."""

    TEXT = "text"
    ID = "id"
    NUMBER = "number"
    WHOLE = "whole number"
    DATE = "date"
    YES_NO = "yes-no"
    CHOICE = "choice"
    ID_LIST = "list of ids"


YES_WORDS = frozenset({"yes", "y", "true", "1"})
NO_WORDS = frozenset({"no", "n", "false", "0"})
LIST_SEPARATOR = ";"
"""Between IDs in a list-of-IDs cell (``M02; M05``); the reader also accepts a comma."""
NUMBER_LIMIT = 1e15
"""The largest number, either side of 0, that any number cell may hold: a 16-digit number.

Beyond it a value is a typo (a digit held down, a pasted ID), not a measure,
count or weight of a county: it is ``out-of-range`` (an Error, left out of the
results), unless the column has a narrower range (:attr:`Column.maximum`).
Up to it a number keeps every whole unit (floats stop doing so at 2**53, about
9.007e15), and sums, differences and products of such values stay far from
overflowing. Text that reads as a number past a float's range (``1e400``,
infinity) is ``not-a-number``."""


@dataclass(frozen=True)
class Column:
    """One column of an input sheet.

    ``refers_to`` names the input sheet whose ID column this column points at
    (``Owner`` refers to ``Members``); ``defines_id`` marks the column that
    holds a sheet's own IDs (``Member ID`` on ``Members``).
    """

    header: str
    kind: Kind
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    refers_to: str | None = None
    defines_id: bool = False
    width: float = 14
    minimum: float | None = None
    maximum: float | None = None
    """A number column's range; beyond it is ``out-of-range``. None: :data:`NUMBER_LIMIT` on that side."""

    @property
    def key(self) -> str:
        """The header as the reader matches it (see :func:`header_key`)."""
        return header_key(self.header)

    @property
    def bounds(self) -> tuple[float, float]:
        """The lowest and highest value a number column takes: its own minimum and maximum, else -/+ :data:`NUMBER_LIMIT`."""
        return (
            -NUMBER_LIMIT if self.minimum is None else self.minimum,
            NUMBER_LIMIT if self.maximum is None else self.maximum,
        )


@dataclass(frozen=True)
class InputSheet:
    """An input sheet: filled by coaches and members, never written by xl-tracker."""

    name: str
    columns: tuple[Column, ...]
    purpose: str
    missing_is_error: bool = False
    has_item_columns: bool = False
    has_level_columns: bool = False
    since: str | None = None
    """The version that added the sheet. A workbook made before it has no such sheet: it reads as an empty
    sheet, with no missing-sheet warning (``xl-tracker upgrade`` adds it)."""

    @property
    def table(self) -> str:
        """The Excel Table name: ``tbl`` + the sheet name without spaces or ``&``."""
        return "tbl" + self.name.replace(" ", "").replace("&", "")

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @property
    def id_column(self) -> Column | None:
        return next((c for c in self.columns if c.defines_id), None)

    def column(self, header: str) -> Column:
        for c in self.columns:
            if c.header == header:
                return c
        raise KeyError(f"{self.name} has no column {header!r}")


@dataclass(frozen=True)
class Setting:
    """A row of the Settings sheet: its name, default and how its value is read."""

    name: str
    default: object
    kind: Kind
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    """A number setting's range: outside it the setting is ``out-of-range`` and its default is used."""


class Shown(str, Enum):
    """What an output column holds, which decides its number format (:data:`xl_tracker.outputs.sheets.SHOWN_AS`)."""

    ID = "id"
    TEXT = "text"
    STATUS = "status"
    """A word from a fixed list: a status, a flag, a round, a severity."""
    VALUE = "value"
    """A cell's value as the workbook holds it (the Issues sheet's Value): text, number or date."""
    INTEGER = "integer"
    """A count or a whole number of days."""
    DECIMAL = "decimal"
    """A score, a mean, a change, a measure's value: two decimals."""
    PERCENT = "percent"
    """Stored as a fraction (0.65), shown as 65.0%."""
    DATE = "date"
    MEASURE = "measure"
    """A measure's value in its own unit, shown as typed: a count as 404, a rate as 45.5 (not 404.00)."""


@dataclass(frozen=True)
class OutputColumn:
    """One column of an output sheet: the key results use, the header people read, what it holds and a help text.

    Results are frames whose columns are the keys; the header appears only
    where a view shows the column. Keys never change meaning, so a report
    template or a test that names one keeps working when a header is reworded.
    """

    key: str
    header: str
    kind: Shown
    help: str
    on_sheet: bool = True
    """False for a figure the model carries for other views (the reports) that the sheet does not show."""


@dataclass(frozen=True)
class OutputSheet:
    """A sheet xl-tracker rewrites completely on every refresh."""

    name: str
    columns: tuple[OutputColumn, ...]
    purpose: str
    has_table: bool = True

    @property
    def table(self) -> str:
        return "tbl" + self.name.replace(" ", "").replace("&", "")

    @property
    def shown(self) -> tuple[OutputColumn, ...]:
        """The columns the sheet shows, in order."""
        return tuple(c for c in self.columns if c.on_sheet)

    @property
    def headers(self) -> tuple[str, ...]:
        """The sheet's header row."""
        return tuple(c.header for c in self.shown)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every column of the result frame, shown or not."""
        return tuple(c.key for c in self.columns)

    def column(self, key: str) -> OutputColumn:
        """The column whose key is ``key``; a misspelt key raises :class:`UnknownColumn` naming the known ones."""
        for c in self.columns:
            if c.key == key:
                return c
        raise UnknownColumn(self.name, key, self.keys)


class UnknownColumn(KeyError):
    """A key that no column of an output sheet has: a typo in code or a template, never shown as a blank."""

    def __init__(self, sheet: str, key: str, known: tuple[str, ...]):
        super().__init__(f"{sheet} has no column {key!r}; its keys are {', '.join(known)}")
        self.sheet, self.key, self.known = sheet, key, known

    def __str__(self) -> str:
        return str(self.args[0])


def _columns(*specs: tuple) -> tuple[OutputColumn, ...]:
    return tuple(OutputColumn(*spec) for spec in specs)


@dataclass(frozen=True)
class Rule:
    """A validation rule: its fixed ID, severity, when it fires, its phase and how a person fixes what it finds.

    The phase says what the rule needs to look at (see :data:`PHASES`);
    ``xl_tracker.checks.registry`` names the function that raises each rule.
    """

    id: str
    severity: str
    when: str
    phase: str
    fix: str


def header_key(text: object) -> str:
    """Normalise a header for matching: case, surrounding and repeated spaces, trailing ``*``."""
    s = " ".join(str(text).split()).rstrip("*").strip()
    return s.casefold()


# --- choice lists -----------------------------------------------------------

RATERS = ("Self", "Coach", "Consensus")
SESSION_TYPES = (
    "Opening workshop",
    "Group coaching",
    "One-on-one",
    "Consultant circle",
    "Task team",
    "Closing workshop",
)
ONE_ON_ONE = "One-on-one"
GOAL_STATUSES = ("Not started", "In progress", "Done", "Dropped")
ROOT_CAUSE_CATEGORIES = (
    "Human resources",
    "Commodities and supplies",
    "Processes",
    "Finance",
    "Information and data",
    "Governance and coordination",
    "Infrastructure",
    "Other",
)
TOOLS_USED = ("Fishbone", "Five whys", "Problem tree", "Challenge model", "Other")
INITIATIVE_STATUSES = ("Not started", "On track", "At risk", "Off track", "Completed", "Dropped")
MEASURE_KINDS = ("Leading", "Lagging")
BETTER_WHEN = ("Higher", "Lower")
OFFER_REQUEST_TYPES = ("Offer", "Request")
OFFER_REQUEST_STATUSES = ("Open", "Accepted", "Done", "Declined")
HEADLINE_METHODS = ("Change of means", "Mean of changes")
WITHIN_CONTROL = ("Yes", "Partly", "No")
AUDIENCE_LEVELS = (
    "Sub-county health management team",
    "Hospital management team",
    "Facility in-charges",
    "Facility staff",
    "Community health units",
    "Partners",
    "Other",
)
TEAM_KINDS = ("Task team", "Consultant circle")
AGREEMENT_KINDS = ("Shared value", "Role clarified", "Job description")
AGREEMENT_STATUSES = ("Proposed", "Agreed", "In practice", "Dropped")
ACTION_STATUSES = ("Open", "Done", "Dropped")
PROGRAMME_SHEETS_SINCE = "0.2"
"""The version that added Teams, Cascading, Actions, Team agreements and the Initiatives columns Within my control and Team ID."""
COMPARE_FIRST_TO_LAST = "First to last"
"""The Compared rounds setting's default: each member's first and last scored round (see docs/results.md)."""
YES_NO = ("Yes", "No")
WEIGHT_MAX = 1000
"""The largest item Weight: weights are relative (1 and 2, or 10 and 25), and a thousandfold one is already more than any
indicator needs; past it a score's weighted sum could overflow."""
PEOPLE_REACHED_MAX = 1_000_000
"""The most people one Cascading row can reach: a whole county's health workforce is a few thousand, its population
about a million or two; more is a typo (and a member's sum of such rows stays a whole number, far inside int64)."""
DAYS_MAX = 3650
"""The largest number of days a days setting takes: ten years, longer than any coaching programme."""

# --- input sheets -----------------------------------------------------------

SETTINGS = InputSheet(
    "Settings",
    (
        Column("Setting", Kind.TEXT, True, "The name of the setting. Do not change it.", width=30),
        Column("Value", Kind.TEXT, False, "The value xl-tracker uses. Blank means the default.", width=34),
    ),
    "Programme settings: county, reporting period, scale, rounds and thresholds. Change the Value column only.",
)

MEMBERS = InputSheet(
    "Members",
    (
        Column("Member ID", Kind.ID, True, "A short unique ID for the member, e.g. M01. Used on every other sheet.", defines_id=True, width=12),
        Column("Full name", Kind.TEXT, True, "The member's full name as it should appear in reports.", width=26),
        Column("Role", Kind.TEXT, False, "The member's job title, e.g. County Nursing Officer.", width=28),
        Column("Department", Kind.TEXT, True, "The department the member leads or belongs to.", width=24),
        Column("Email", Kind.TEXT, False, "Work email address.", width=26),
        Column("Coach", Kind.TEXT, False, "Name of the member's coach.", width=18),
        Column("Start date", Kind.DATE, False, "Date the member joined the programme (dd/mm/yyyy).", width=12),
        Column("Exit date", Kind.DATE, False, "Date the member left the programme; blank while still in it.", width=12),
        Column("Consent to named reporting", Kind.YES_NO, False, "Yes if the member agrees to be named beside their scores in the team report.", YES_NO, width=14),
    ),
    "One row per CHMT member in the programme. Every other sheet refers to members by Member ID.",
    missing_is_error=True,
)

INDICATORS = InputSheet(
    "Indicators",
    (
        Column("Indicator code", Kind.ID, True, "Short code of the indicator, e.g. TOOLS.", width=14),
        Column("Indicator name", Kind.TEXT, True, "Full name of the indicator.", width=36),
        Column("Item code", Kind.ID, True, "Unique code of the item, e.g. TOOLS1. It becomes a column of the Assessments sheet.", defines_id=True, width=12),
        Column("Item statement", Kind.TEXT, True, "The observable behaviour that is scored.", width=40),
        Column("Weight", Kind.NUMBER, False, "The item's weight in its indicator score, from 0 to 1000; blank means 1.", width=9,
               minimum=0, maximum=WEIGHT_MAX),
    ),
    "The four indicators of the tracking tool, the item statements scored for each and what each score level looks like. "
    "Add items here and Assessments gains a column.",
    missing_is_error=True,
    has_level_columns=True,
)
"""Level columns (one per score of the scale in Settings: Level 1 … Level 5) follow Weight; they are optional."""

ASSESSMENTS = InputSheet(
    "Assessments",
    (
        Column("Member ID", Kind.ID, True, "The member assessed (a Member ID from the Members sheet).", refers_to="Members", width=12),
        Column("Round", Kind.CHOICE, True, "The assessment round, one of the Rounds setting (Baseline, Midline, Endline).", width=12),
        Column("Date", Kind.DATE, True, "Date of the assessment (dd/mm/yyyy).", width=12),
        Column("Rater", Kind.CHOICE, False, "Who scored: Self, Coach or Consensus. Blank means Self.", RATERS, width=11),
        Column("Notes", Kind.TEXT, False, "Anything worth knowing about this assessment.", width=30),
    ),
    "One row per member, round and rater. Score each item from the scale minimum to maximum; leave blank when not answered.",
    missing_is_error=True,
    has_item_columns=True,
)
"""Item columns (one per Item code on Indicators) sit between Rater and Notes."""

SESSIONS = InputSheet(
    "Sessions",
    (
        Column("Session date", Kind.DATE, True, "Date of the session (dd/mm/yyyy).", width=12),
        Column("Member ID", Kind.ID, True, "The member (a Member ID from the Members sheet).", refers_to="Members", width=12),
        Column("Session type", Kind.CHOICE, True, "The kind of session.", SESSION_TYPES, width=18),
        Column("Coach", Kind.TEXT, False, "Name of the coach who led the session.", width=16),
        Column("Duration (min)", Kind.NUMBER, False, "Length of the session in minutes.", width=10, minimum=0),
        Column("Attended", Kind.YES_NO, True, "Yes if the member attended, No if not.", YES_NO, width=10),
        Column("Tools used", Kind.TEXT, False, "Management and leadership tools used, e.g. fishbone, challenge model.", width=24),
        Column("Agreed actions", Kind.TEXT, False, "What the member agreed to do before the next session.", width=36),
        Column("Next session date", Kind.DATE, False, "Date agreed for the next session.", width=12),
    ),
    "One row per member per session: workshops, group coaching, one-on-one coaching, consultant circles, task teams.",
)

STRENGTHS = InputSheet(
    "Strengths",
    (
        Column("Member ID", Kind.ID, True, "The member (a Member ID from the Members sheet).", refers_to="Members", width=12),
        Column("Strength", Kind.TEXT, True, "One strength the member names in the personal development plan.", width=60),
    ),
    "Personal development plan: one row per strength. Each member names at least the Minimum strengths setting (10).",
)

GOALS = InputSheet(
    "Goals",
    (
        Column("Goal ID", Kind.ID, True, "A unique ID for the goal, e.g. G01.", defines_id=True, width=10),
        Column("Member ID", Kind.ID, True, "The member whose goal it is.", refers_to="Members", width=12),
        Column("Development goal", Kind.TEXT, True, "What the member wants to develop.", width=44),
        Column("Linked indicator", Kind.ID, False, "The indicator code this goal strengthens, e.g. NETWORKS.", refers_to="Indicators", width=14),
        Column("Actions", Kind.TEXT, False, "Steps the member will take.", width=40),
        Column("Due date", Kind.DATE, False, "When the goal should be reached (dd/mm/yyyy).", width=12),
        Column("Status", Kind.CHOICE, False, "Where the goal stands.", GOAL_STATUSES, width=12),
    ),
    "Personal development plan: the member's development goals, linked to an indicator.",
)

INITIATIVES = InputSheet(
    "Initiatives",
    (
        Column("Initiative ID", Kind.ID, True, "A unique ID for the change initiative, e.g. I01.", defines_id=True, width=12),
        Column("Owner", Kind.ID, True, "The member who leads the initiative (a Member ID).", refers_to="Members", width=10),
        Column("Department", Kind.TEXT, False, "The department running it; blank means the owner's department.", width=22),
        Column("Title", Kind.TEXT, True, "A short title, e.g. Reduce stock-outs of oxytocin.", width=40),
        Column("Challenge", Kind.TEXT, False, "The challenge the initiative responds to.", width=40),
        Column("Root cause category", Kind.CHOICE, False, "The kind of root cause found.", ROOT_CAUSE_CATEGORIES, width=20),
        Column("Root cause", Kind.TEXT, False, "The root cause found by the analysis.", width=36),
        Column("Tool used", Kind.CHOICE, False, "The tool used to find the root cause.", TOOLS_USED, width=14),
        Column("Sites", Kind.TEXT, False, "Facilities involved, separated by ';', e.g. Bungoma CRH; Webuye SCH.", width=30),
        Column("Start date", Kind.DATE, True, "When the initiative starts (dd/mm/yyyy).", width=12),
        Column("End date", Kind.DATE, True, "When the initiative ends (dd/mm/yyyy).", width=12),
        Column("Status", Kind.CHOICE, False, "Where the initiative stands.", INITIATIVE_STATUSES, width=12),
        Column("Task team", Kind.ID_LIST, False, "Member IDs of the task team, separated by ';', e.g. M02; M05.", refers_to="Members", width=18),
        Column("Within my control", Kind.CHOICE, False,
               "Is the root cause within the owner's control? Yes, Partly or No (the circle of control exercise).", WITHIN_CONTROL, width=12),
        Column("Team ID", Kind.ID, False, "The task team that runs it: a Team ID from the Teams sheet, e.g. TT01.", refers_to="Teams", width=10),
    ),
    "Change initiatives: the challenge, its root cause (and whether it is within the owner's control), the sites, the window and the task team.",
)

MEASURES = InputSheet(
    "Measures",
    (
        Column("Measure ID", Kind.ID, True, "A unique ID for the measure, e.g. I01-A.", defines_id=True, width=12),
        Column("Initiative ID", Kind.ID, True, "The initiative this measure tracks.", refers_to="Initiatives", width=12),
        Column("Kind", Kind.CHOICE, True, "Leading (a process measure) or Lagging (a result measure).", MEASURE_KINDS, width=10),
        Column("Measure", Kind.TEXT, True, "What is measured, e.g. % of deliveries with partograph filled.", width=40),
        Column("Unit", Kind.TEXT, False, "Unit of the value, e.g. %, count, days.", width=9),
        Column("Better when", Kind.CHOICE, True, "Higher if a higher value is better, Lower if a lower value is better.", BETTER_WHEN, width=10),
        Column("Baseline", Kind.NUMBER, True, "The value at the start.", width=10),
        Column("Baseline date", Kind.DATE, False, "When the baseline was measured (dd/mm/yyyy).", width=12),
        Column("Target", Kind.NUMBER, True, "The value the initiative aims for.", width=10),
        Column("Target date", Kind.DATE, False, "When the target should be reached (dd/mm/yyyy).", width=12),
        Column("Data source", Kind.TEXT, False, "Where the value comes from, e.g. DHIS2, maternity register.", width=22),
        Column("Lowest valid value", Kind.NUMBER, False,
               "The lowest value the measure can take; blank means by its Unit (0 for %, counts, days, hours).", width=10),
        Column("Highest valid value", Kind.NUMBER, False,
               "The highest value the measure can take; blank means by its Unit (100 for %). Fill it if a % can exceed 100.", width=10),
    ),
    "Leading (process) and lagging (result) measures of each initiative, with baseline and target.",
)

PROGRESS = InputSheet(
    "Progress",
    (
        Column("Measure ID", Kind.ID, True, "The measure (a Measure ID from the Measures sheet).", refers_to="Measures", width=12),
        Column("Date", Kind.DATE, True, "Date the value was measured (dd/mm/yyyy).", width=12),
        Column("Value", Kind.NUMBER, True, "The measured value.", width=10),
        Column("Comment", Kind.TEXT, False, "Anything that explains the value.", width=40),
    ),
    "Progress of each measure: one row per measurement.",
)

OFFERS_REQUESTS = InputSheet(
    "Offers & Requests",
    (
        Column("ID", Kind.ID, False, "A unique ID for the offer or request, e.g. OR01.", defines_id=True, width=8),
        Column("Date", Kind.DATE, True, "Date it was made (dd/mm/yyyy).", width=12),
        Column("From", Kind.ID, True, "The member making it (a Member ID).", refers_to="Members", width=10),
        Column("To", Kind.ID, False, "The member it is made to; blank means anyone.", refers_to="Members", width=10),
        Column("Type", Kind.CHOICE, True, "Offer or Request.", OFFER_REQUEST_TYPES, width=10),
        Column("Description", Kind.TEXT, True, "What is offered or requested.", width=50),
        Column("Initiative ID", Kind.ID, False, "The initiative it serves, if any.", refers_to="Initiatives", width=12),
        Column("Status", Kind.CHOICE, False, "Where it stands.", OFFER_REQUEST_STATUSES, width=10),
    ),
    "Offers and requests between members: help offered, help asked for.",
)

TEAMS = InputSheet(
    "Teams",
    (
        Column("Team ID", Kind.ID, True, "A unique ID for the team or circle, e.g. TT01 or CC01.", defines_id=True, width=10),
        Column("Kind", Kind.CHOICE, True, "Task team (runs an initiative) or Consultant circle (peers who advise each other).", TEAM_KINDS, width=16),
        Column("Name", Kind.TEXT, True, "A short name, e.g. Oxytocin supply task team.", width=32),
        Column("Purpose", Kind.TEXT, False, "What the team or circle is for.", width=40),
        Column("Members", Kind.ID_LIST, False, "Member IDs of the team, separated by ';', e.g. M02; M05.", refers_to="Members", width=22),
        Column("Start date", Kind.DATE, False, "When it first met (dd/mm/yyyy).", width=12),
        Column("End date", Kind.DATE, False, "When it closed; blank while it runs.", width=12),
    ),
    "Task teams and consultant circles from which members draw support. Initiatives name their task team by Team ID.",
    since=PROGRAMME_SHEETS_SINCE,
)

CASCADING = InputSheet(
    "Cascading",
    (
        Column("Date", Kind.DATE, True, "When the member cascaded the tool or skill (dd/mm/yyyy).", width=12),
        Column("Member ID", Kind.ID, True, "The member who cascaded it (a Member ID).", refers_to="Members", width=12),
        Column("Audience level", Kind.CHOICE, True, "Who was reached: the level below the CHMT.", AUDIENCE_LEVELS, width=26),
        Column("People reached", Kind.WHOLE, True, "How many people took part: a whole number from 1 to 1000000.", width=10,
               minimum=1, maximum=PEOPLE_REACHED_MAX),
        Column("Tool or skill", Kind.TEXT, True, "What was cascaded, e.g. Fishbone analysis, Offers and requests.", width=30),
        Column("Notes", Kind.TEXT, False, "Where, how, what came of it.", width=40),
    ),
    "Cascading: one row each time a member passes a tool or skill on to the level below, with the people reached.",
    since=PROGRAMME_SHEETS_SINCE,
)

ACTIONS = InputSheet(
    "Actions",
    (
        Column("Session date", Kind.DATE, True, "The date of the session where the action was agreed (dd/mm/yyyy).", width=12),
        Column("Member ID", Kind.ID, True, "The member who agreed to it (a Member ID).", refers_to="Members", width=12),
        Column("Action", Kind.TEXT, True, "What the member agreed to do.", width=44),
        Column("Due date", Kind.DATE, False, "When it should be done (dd/mm/yyyy).", width=12),
        Column("Done date", Kind.DATE, False, "When it was done; blank while open.", width=12),
        Column("Status", Kind.CHOICE, False, "Open, Done or Dropped; blank means Open.", ACTION_STATUSES, width=10),
    ),
    "Agreed actions from coaching sessions, one row each, followed up until done.",
    since=PROGRAMME_SHEETS_SINCE,
)

TEAM_AGREEMENTS = InputSheet(
    "Team agreements",
    (
        Column("Kind", Kind.CHOICE, True, "Shared value, Role clarified or Job description.", AGREEMENT_KINDS, width=16),
        Column("Agreement", Kind.TEXT, True, "The value, the role or the job description as the team agreed it.", width=50),
        Column("Owners", Kind.ID_LIST, False, "Member IDs it concerns or who hold it, separated by ';'; blank means the whole CHMT.",
               refers_to="Members", width=20),
        Column("Date", Kind.DATE, False, "When it was agreed (dd/mm/yyyy).", width=12),
        Column("Status", Kind.CHOICE, False, "Proposed, Agreed, In practice or Dropped.", AGREEMENT_STATUSES, width=12),
    ),
    "Team agreements: shared values identified, roles and responsibilities clarified, job descriptions defined.",
    since=PROGRAMME_SHEETS_SINCE,
)

INPUT_SHEETS: tuple[InputSheet, ...] = (
    SETTINGS,
    MEMBERS,
    INDICATORS,
    ASSESSMENTS,
    SESSIONS,
    STRENGTHS,
    GOALS,
    INITIATIVES,
    MEASURES,
    PROGRESS,
    OFFERS_REQUESTS,
    TEAMS,
    CASCADING,
    ACTIONS,
    TEAM_AGREEMENTS,
)
INPUT_SHEETS_BY_NAME = {s.name: s for s in INPUT_SHEETS}

ITEM_COLUMN_HELP = "Score for this item: a whole number from the scale minimum to the maximum; blank if not answered."
ITEMS_BEFORE = "Notes"
"""Item columns are placed just before this Assessments column."""


def item_column(code: str) -> Column:
    """The Assessments column for one item code (generated from Indicators)."""
    return Column(code, Kind.WHOLE, False, ITEM_COLUMN_HELP, width=9)


def sheet_columns(spec: InputSheet, item_codes: tuple[str, ...] = (), levels: tuple[int, ...] = ()) -> tuple[Column, ...]:
    """A sheet's columns in order; Assessments gains one per item code, just before Notes; Indicators one per level, at the end."""
    if spec.has_level_columns:
        return (*spec.columns, *(level_column(n) for n in levels))
    if not spec.has_item_columns:
        return spec.columns
    before = tuple(c for c in spec.columns if c.header != ITEMS_BEFORE)
    after = tuple(c for c in spec.columns if c.header == ITEMS_BEFORE)
    return (*before, *(item_column(code) for code in item_codes), *after)


# --- anchored scales -----------------------------------------------------------

LEVEL_HEADER = "Level {}"
MAX_LEVEL_COLUMNS = 11
"""A scale with more levels than this (0 to 100, say) gets no level columns: nobody writes a hundred descriptors."""


def level_column(level: int) -> Column:
    """The Indicators column that says what a score of ``level`` looks like for each item (generated from the scale)."""
    return Column(
        LEVEL_HEADER.format(level), Kind.TEXT, False,
        f"What a score of {level} looks like for this item: something a coach could see the member do. "
        "Blank: the default description for an unchanged default item, else none.",
        width=26,
    )


def scale_levels(minimum: int, maximum: int) -> tuple[int, ...]:
    """The score levels of a scale, one Indicators column each; none when the scale is empty or too long to describe."""
    if maximum < minimum or maximum - minimum + 1 > MAX_LEVEL_COLUMNS:
        return ()
    return tuple(range(minimum, maximum + 1))


# --- settings ---------------------------------------------------------------

AS_OF_DEFAULT = "the refresh date"

SETTINGS_ROWS: tuple[Setting, ...] = (
    Setting("County", "", Kind.TEXT, "Shown on reports."),
    Setting("Programme", "CHMT leadership coaching", Kind.TEXT, "Shown on reports."),
    Setting("Reporting period", "", Kind.TEXT, "Shown on reports, e.g. June–September 2018."),
    Setting("As-of date", None, Kind.DATE, "The date engagement gaps are measured to; blank means the refresh date."),
    Setting("Scale minimum", 1, Kind.WHOLE, "Lowest item score.", minimum=0, maximum=99),
    Setting("Scale maximum", 5, Kind.WHOLE, "Highest item score.", minimum=1, maximum=100),
    Setting("Rounds", "Baseline, Midline, Endline", Kind.TEXT, "Assessment rounds in time order, separated by commas."),
    Setting("Rater for results", "Self", Kind.CHOICE, "Whose scores feed the results: Self, Coach or Consensus.", RATERS),
    Setting("Minimum items answered", 0.8, Kind.NUMBER, "Share of an indicator's items (by weight) that must be answered for a score, from 0 to 1.",
            minimum=0, maximum=1),
    Setting("Headline method", "Change of means", Kind.CHOICE, "How the headline % is computed: Change of means or Mean of changes.", HEADLINE_METHODS),
    Setting("Days without one-on-one", 45, Kind.WHOLE, "A member is flagged when the last one-on-one session is older than this.",
            minimum=0, maximum=DAYS_MAX),
    Setting("Minimum strengths", 10, Kind.WHOLE, "Strengths each member names in the personal development plan.", minimum=0, maximum=100),
    Setting("Name members in team report", "No", Kind.YES_NO, "Yes puts names beside individual scores in the team report (only for members who consented).", YES_NO),
    Setting("Days without progress", 60, Kind.WHOLE, "A running initiative is flagged when it has no progress value for more than this many days; 0 turns the check off.",
            minimum=0, maximum=DAYS_MAX),
    Setting("Programme start", None, Kind.DATE, "First day of the programme: an initiative starting earlier is flagged. Blank: not checked."),
    Setting("Programme end", None, Kind.DATE, "Last day of the programme: an initiative ending later is flagged. Blank: not checked."),
    Setting("Days an offer or request stays open", 30, Kind.WHOLE,
            "An Open offer or request made longer ago than this is counted as old on the Engagement sheet.", minimum=0, maximum=DAYS_MAX),
    Setting("Status tolerance", 0.15, Kind.NUMBER,
            "How far a measure may fall below its expected progress and still be On track, as a share of the baseline-to-target "
            "distance from 0 to 1 (0.15 = 15 points); up to twice this it is At risk.", minimum=0, maximum=1),
    Setting("Compared rounds", COMPARE_FIRST_TO_LAST, Kind.TEXT, "Which rounds each change compares: First to last (each member's first and last scored round), or two rounds such as Baseline, Endline (members without both are left out)."),
)
SETTINGS_BY_NAME = {s.name: s for s in SETTINGS_ROWS}

# --- default indicators -------------------------------------------------------

DEFAULT_INDICATORS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "TOOLS",
        "Use of management and leadership tools",
        (
            "Uses root-cause analysis (fishbone, five whys or problem tree) before deciding how to respond to a service problem.",
            "Uses the challenge model to turn a challenge into a measurable goal with leading and lagging measures.",
            "Keeps a personal development plan up to date and builds on the strengths named in it.",
            "Runs meetings with an agenda and closes them with agreed actions, owners and dates.",
            "Uses DHIS2 or facility register data to review plans and adjust them.",
        ),
    ),
    (
        "DRIVE",
        "Drive for change initiatives",
        (
            "Leads at least one change initiative with a written goal, timeline and task team.",
            "Reviews the initiative's leading and lagging measures with the task team at least monthly.",
            "Removes obstacles for facility teams (commodities, staffing, approvals) within the agreed time.",
            "Follows agreed actions through to completion and reports progress to the CHMT.",
        ),
    ),
    (
        "NETWORKS",
        "Maximising use of networks",
        (
            "Makes clear offers and requests to other CHMT members and follows them up.",
            "Plans jointly with other departments so that activities and budgets are not duplicated.",
            "Involves partners, sub-county teams and communities in initiatives.",
            "Shares information and resources with other departments without being asked.",
            "Draws on peers in consultant circles or group coaching to solve problems.",
        ),
    ),
    (
        "RESULTS",
        "Impetus for results and impact",
        (
            "Sets targets for maternal and newborn outcomes and tracks them against a baseline.",
            "Uses results data to decide where staff, commodities and money go.",
            "Communicates achieved results to staff and stakeholders and recognises those who achieved them.",
            "Holds self and team accountable for agreed targets and acts early when they are off track.",
        ),
    ),
)


DEFAULT_LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
"""The levels the default descriptors are written for (the default Scale minimum and maximum)."""

DEFAULT_LEVEL_DESCRIPTORS: dict[str, tuple[str, str, str, str, str]] = {
    # What a coach sees at each score, 1 to 5, in the words of a county health manager.
    "TOOLS1": (
        "Acts on problems without seeking causes",
        "Knows a root-cause tool; not used it",
        "Used a fishbone or five whys with the team",
        "Uses one before most decisions",
        "Always; has taught it to a facility team",
    ),
    "TOOLS2": (
        "No written goal for the challenge",
        "Goal written, but no measures",
        "Goal with a leading or a lagging measure",
        "Goal with leading and lagging measures",
        "Team uses the model on new challenges",
    ),
    "TOOLS3": (
        "Has no personal development plan",
        "Plan written, not looked at since",
        "Reviewed the plan with the coach once",
        "Updates the plan after each coaching",
        "Plan and strengths guide daily work",
    ),
    "TOOLS4": (
        "Meetings have no agenda or agreed actions",
        "Agenda sometimes; actions rarely written",
        "Agenda and actions, but no owners or dates",
        "Agenda; actions with owners and dates",
        "Always; actions checked at next meeting",
    ),
    "TOOLS5": (
        "Does not look at data when planning",
        "Looks at data only for a report upwards",
        "Reviewed DHIS2 data with the team once",
        "Reviews data monthly and adjusts plans",
        "Routine; facility teams now do it too",
    ),
    "DRIVE1": (
        "Leads no change initiative",
        "Has an idea; nothing written yet",
        "Goal written; no timeline or team yet",
        "Goal, timeline and task team in place",
        "Leads one and mentors others to lead",
    ),
    "DRIVE2": (
        "Measures never reviewed",
        "Reviewed once, alone",
        "Reviewed with the team now and then",
        "Reviewed with the team every month",
        "Monthly, and the team acts on them",
    ),
    "DRIVE3": (
        "Obstacles reported but not acted on",
        "Acts only when pressed by others",
        "Removed one obstacle, but late",
        "Removes most obstacles in agreed time",
        "Spots and removes obstacles early",
    ),
    "DRIVE4": (
        "Agreed actions are not followed up",
        "Some actions done; not reported",
        "Most done; reports when asked",
        "Done; reports at each CHMT meeting",
        "All on time; helps others finish theirs",
    ),
    "NETWORKS1": (
        "Has made no offer or request",
        "Made one, but did not follow it up",
        "Made and followed up an offer or request",
        "Makes offers and requests most months",
        "Often; colleagues now come with requests",
    ),
    "NETWORKS2": (
        "Plans alone, within own department",
        "Shares plans after they are made",
        "Planned an activity with another department",
        "Plans with other departments as routine",
        "Leads joint plans; no double budgets",
    ),
    "NETWORKS3": (
        "Works without partners or communities",
        "Informs them after decisions are made",
        "Involved one partner or community group",
        "Involves them from planning onwards",
        "They co-own and co-lead the work",
    ),
    "NETWORKS4": (
        "Keeps information within own department",
        "Shares only when asked",
        "Shared something unasked once",
        "Often shares data and resources unasked",
        "Sharing is routine; others follow suit",
    ),
    "NETWORKS5": (
        "Does not bring problems to peers",
        "Attends circles but stays quiet",
        "Brought one real problem to peers",
        "Often asks peers and uses their ideas",
        "Also helps peers solve their problems",
    ),
    "RESULTS1": (
        "No targets for mother and newborn outcomes",
        "Targets set, but no baseline",
        "Targets and baseline; tracked now and then",
        "Tracked against baseline every month",
        "Tracked monthly; gaps acted on at once",
    ),
    "RESULTS2": (
        "Allocates by habit, not by results",
        "Looks at results after deciding",
        "Used results once to move a resource",
        "Results guide most allocation decisions",
        "Always; explains each decision with data",
    ),
    "RESULTS3": (
        "Results not shared with staff",
        "Results only go upwards in reports",
        "Shared results with staff once",
        "Shares results and thanks teams regularly",
        "Celebrates results with staff and community",
    ),
    "RESULTS4": (
        "Missed targets pass without comment",
        "Notices missed targets late",
        "Acts once a target is clearly missed",
        "Reviews targets; acts when off track",
        "Acts early; the team holds itself to account",
    ),
}


def default_indicator_rows(levels: tuple[int, ...] = DEFAULT_LEVELS) -> list[dict[str, object]]:
    """The Indicators sheet as the template ships it, one dict per item.

    The level descriptors are written for the default scale; on another
    scale (``levels``) their columns start blank, for the programme to fill.
    """
    described = levels == DEFAULT_LEVELS
    rows: list[dict[str, object]] = []
    for code, name, statements in DEFAULT_INDICATORS:
        for n, statement in enumerate(statements, start=1):
            item = f"{code}{n}"
            row: dict[str, object] = {
                "Indicator code": code,
                "Indicator name": name,
                "Item code": item,
                "Item statement": statement,
                "Weight": 1,
            }
            for level in levels:
                row[LEVEL_HEADER.format(level)] = DEFAULT_LEVEL_DESCRIPTORS[item][level - 1] if described else None
            rows.append(row)
    return rows


# --- validation rules ---------------------------------------------------------

ERROR = "Error"
WARNING = "Warning"

CELL = "cell"
REFERENCE = "reference"
ROW = "row"
RESULT = "result"
PHASES: tuple[str, ...] = (CELL, REFERENCE, ROW, RESULT)
"""The order in which rules run: a cell on its own (while reading, or against a
setting), then IDs against their definitions, then rules that compare rows or
sheets, then rules that need computed results (scores)."""

RULES: tuple[Rule, ...] = (
    Rule("missing-sheet", ERROR, "Members, Indicators or Assessments is absent (Warning for any other input sheet)", CELL,
         "add the sheet back (copy it from a new tracking tool) or rename the sheet that holds it"),
    Rule("missing-column", ERROR, "a required column is absent", CELL, "add the column to the header row"),
    Rule("repeated-column", ERROR, "a header of the sheet appears twice in the header row: only its first column is read "
         "(Warning when the repeat holds no value that differs)", CELL,
         "move the values that are right into the first column, or give the repeat a header of its own (delete it only when it is a copy)"),
    Rule("outside-table", WARNING, "a value far outside the table (e.g. in XFD1048576): not read", CELL,
         "delete the value (in Excel, Ctrl+End jumps to the last used cell)"),
    Rule("required", ERROR, "a required cell is blank", CELL, "fill in the cell"),
    Rule("not-a-number", ERROR, "a number column (or number setting) holds text that is not a number, or a number too large for a "
         "workbook to hold (text such as 1e400, which reads as infinity)", CELL, "type a number, with a point for decimals"),
    Rule("not-a-date", ERROR, "a date column holds something that is not a date", CELL, "type a date as dd/mm/yyyy"),
    Rule("excel-error", ERROR, "the cell holds an Excel error value (#N/A, #REF!, …)", CELL, "correct the formula or type the value"),
    Rule("formula-no-result", ERROR, "the cell holds a formula saved without its result (by a program that does not calculate), "
         "so its value is unknown", CELL, "open the workbook in Excel or LibreOffice and save it, or type the value"),
    Rule("not-whole", ERROR, "an item score, or a count such as People reached on Cascading, is not a whole number", CELL,
         "type a whole number (an item score from Scale minimum to Scale maximum)"),
    Rule("out-of-range", ERROR,
         "an item score is outside Scale minimum..maximum; a number outside its column's range (a negative duration, a Weight "
         "outside 0..1000, People reached outside 1..1000000, any number beyond 1e15 either side of 0); a number setting outside "
         "its range (its default is used)", CELL,
         "type a value within the range, or leave an item score blank if not answered"),
    Rule("unknown-choice", ERROR, "a value not in the column's choice list", CELL, "pick a value from the dropdown list"),
    Rule("unknown-member", ERROR, "a Member ID (Owner, From, To, Task team…) not on the Members sheet", REFERENCE,
         "correct the ID, or add the member on the Members sheet"),
    Rule("unknown-reference", ERROR, "an Initiative ID, Measure ID, Team ID, Round or Indicator code that is not defined", REFERENCE,
         "correct the ID, or define it on its own sheet (or the round in the Rounds setting)"),
    Rule("duplicate-id", ERROR, "an ID defined twice (Member, Initiative, Measure, Goal, Team, Item code)", REFERENCE,
         "give the row its own ID, or delete the repeated row"),
    Rule("duplicate-setting", WARNING, "a setting named on two rows of the Settings sheet: the first row is used", CELL,
         "delete one of the two rows"),
    Rule("duplicate-assessment", ERROR, "two rows for the same member, round and rater", ROW,
         "delete one of the two rows, or correct its Member ID, Round or Rater"),
    Rule("unknown-item-column", WARNING, "an Assessments column that looks like an item code but is not defined", REFERENCE,
         "add the item on the Indicators sheet, or correct the header"),
    Rule("date-order", ERROR,
         "End date before Start date (an initiative, a team); an Exit date before the Start date; an action's Due or Done date before "
         "the Session date it was agreed at", ROW, "correct one of the two dates"),
    Rule("round-order", WARNING, "a later round dated before an earlier round of the same member", ROW, "check the Date or the Round"),
    Rule("future-date", WARNING, "a date of something that has happened is after the As-of date", CELL, "check the date (or the As-of date)"),
    Rule("id-case", WARNING, "an ID written differently from its definition", REFERENCE, "type the ID as it is defined"),
    Rule("text-as-number", WARNING, "a number or date typed as text and read anyway", CELL, "retype it as a number or a date"),
    Rule("too-few-items", WARNING, "an indicator has fewer answered items than Minimum items answered: no score", RESULT,
         "score the blank items of the indicator"),
    Rule("missing-baseline", WARNING, "a member has scores in a later round but none at the first round", RESULT,
         "add or complete the member's first-round assessment"),
    Rule("few-strengths", WARNING, "a member names fewer than Minimum strengths", ROW, "add strengths on the Strengths sheet, one row each"),
    Rule("target-equals-baseline", ERROR, "a measure's target equals its baseline", ROW, "type the value the initiative aims for"),
    Rule("target-wrong-side", WARNING, "the target is on the worse side of the baseline given Better when", ROW,
         "check the Target, or the Better when"),
    Rule("no-lagging-measure", WARNING, "an initiative has no Lagging measure", ROW, "add a result measure on the Measures sheet"),
    Rule("no-leading-measure", WARNING, "an initiative has no Leading measure", ROW, "add a process measure on the Measures sheet"),
    Rule("self-coach-gap", WARNING, "self and coach scores for the same item and round differ by 2 or more", ROW,
         "talk the scores through and check both"),
    Rule("impossible-value", ERROR,
         "a measure's Baseline, Target or progress Value that its unit rules out: a percentage outside 0–100, a negative count, "
         "number of days or hours (or outside the measure's Lowest/Highest valid value)", ROW,
         "check the value, or give the measure's Lowest or Highest valid value on the Measures sheet"),
    Rule("progress-jump", WARNING,
         "a progress value moved from the previous one far more than the measure usually moves (robust z-score above 3.5, "
         "at least 5 changes, and at least half the Baseline-to-Target distance)", ROW, "check the value for a digit too many or too few"),
    Rule("no-recent-progress", WARNING, "a running initiative has no progress value for more than Days without progress", ROW,
         "add the measures' latest values on the Progress sheet, or update the initiative's Status"),
    Rule("progress-after-end", WARNING, "a progress value dated after its initiative's End date (and after its measure's Target date)", ROW,
         "check the Date, or the initiative's End date"),
    Rule("status-contradicts-measures", WARNING,
         "an initiative's Status is On track but its status computed from its measures is At risk or Off track, or its "
         "Status is Completed but its computed status is not Achieved (Off track, At risk, On track or Not started; "
         "Initiative Results)", RESULT, "update the Status, or the measures' latest values on the Progress sheet"),
    Rule("outside-programme", WARNING, "an initiative starts before Programme start or ends after Programme end", ROW,
         "check the initiative's dates, or the Programme start and end settings"),
    Rule("action-status-date", WARNING, "an action marked Done has no Done date, or has a Done date but its Status is Open", ROW,
         "type the Done date, or set the Status to Done"),
    Rule("team-too-small", WARNING, "a task team or consultant circle names fewer than 2 members in its Members cell", ROW,
         "add the Member IDs of everyone on it, separated by ';'"),
    Rule("owner-not-in-team", WARNING, "an initiative's Owner is not among the Members of the team its Team ID names", ROW,
         "add the owner to the team's Members on the Teams sheet, or correct the Team ID"),
    Rule("team-not-task-team", WARNING, "an initiative's Team ID names a consultant circle, not a task team", ROW,
         "name the initiative's task team, or set the team's Kind to Task team"),
)
RULES_BY_ID = {r.id: r for r in RULES}

# --- output sheets ------------------------------------------------------------

I, T, S, V, N, D, P, DT = Shown.ID, Shown.TEXT, Shown.STATUS, Shown.VALUE, Shown.INTEGER, Shown.DECIMAL, Shown.PERCENT, Shown.DATE
M = Shown.MEASURE

_PROGRAMME_COLUMNS = (
    ("coach", "Coach", T, "From Members."),
    ("cascades", "Cascades", N, "Rows of the member on Cascading."),
    ("people_reached", "People reached", N, "Sum of their People reached."),
    ("teams", "Teams", T, "Team IDs on Teams whose Members name the member, joined by '; '."),
    ("actions_agreed", "Actions agreed", N, "The member's rows on Actions, Dropped ones left out."),
    ("actions_due", "Actions due", N, "Of those, due by the As-of date."),
    ("actions_done", "Actions done", N, "Of those, marked Done."),
    ("actions_overdue", "Actions overdue", N, "Of those, Open (or blank) with a Due date before the As-of date."),
    ("next_session", "Next session", DT, "The Next session date of the member's latest session that names one."),
    ("next_session_overdue", "Next session overdue (days)", N,
     "As-of date − Next session, when it has passed without a one-on-one attended (blank otherwise, and after the member left)."),
    ("old_offers", "Old offers and requests", N,
     "The member's Open offers and requests made more than Days an offer or request stays open before the As-of date."),
)
"""Engagement columns from the programme's sheets (docs/results.md, "The programme's work")."""
_COMMITMENT_COLUMNS = (
    ("engagement_score", "Engagement score", P,
     "The mean of the parts of taking part that the workbook records (docs/results.md, \"Commitment and change\")."),
    ("mean_change", "Mean indicator change", D, "The mean of the member's Change over the indicators on Member Results that have one."),
    ("part_sessions", "Sessions part", P, "Sessions attended ÷ sessions recorded (blank when Sessions is empty).", False),
    ("part_goals", "Goals part", P, "Goals In progress or Done ÷ goals set, Dropped left out (blank when Goals is empty).", False),
    ("part_initiatives", "Initiatives part", P,
     "Initiatives owned with a Progress value ÷ initiatives owned, Dropped left out (blank when Initiatives is empty).", False),
    ("part_offers", "Offers part", P, "1 with an offer and a request made, ½ with one kind, 0 with none (blank when the sheet is empty).", False),
)
"""Engagement columns of commitment and change (:mod:`xl_tracker.results.commitment`)."""

ISSUES = OutputSheet(
    "Issues",
    _columns(
        ("severity", "Severity", S, "Error (the value is left out of the results) or Warning (used, worth a look)."),
        ("sheet", "Sheet", T, "The input sheet of the cell."),
        ("cell", "Cell", T, "The cell to fix, linked to it."),
        ("rule", "Rule", S, "The rule's ID (docs/validation.md)."),
        ("message", "Message", T, "What is wrong and what to type instead."),
        ("value", "Value", V, "The value as the cell holds it."),
    ),
    "Every problem found in the input sheets, with the cell to fix.",
)
MEMBER_RESULTS = OutputSheet(
    "Member Results",
    _columns(
        ("member_id", "Member ID", I, "The member."),
        ("full_name", "Full name", T, "From Members."),
        ("department", "Department", T, "From Members."),
        ("indicator_code", "Indicator code", I, "The indicator."),
        ("indicator_name", "Indicator name", T, "From Indicators."),
        ("rater", "Rater", S, "Whose scores: Self, Coach or Consensus; the Rater for results' rows first."),
        ("baseline_round", "Baseline round", S, "The first round, in Rounds order, with a score (or the first of the Compared rounds)."),
        ("baseline", "Baseline", D, "The indicator score at the baseline round."),
        ("latest_round", "Latest round", S, "The last round after the baseline round with a score, or the second of the Compared rounds (blank when none)."),
        ("latest", "Latest", D, "The indicator score at the latest round."),
        ("change", "Change", D, "Latest − Baseline."),
        ("rating_gap", "Gap (results rater − this)", D, "The Rater for results' score minus this rater's, both at this rater's last scored round (Latest round, else Baseline round); blank on the Rater for results' own rows."),
        ("pct_change", "% change", P, "Change ÷ Baseline (blank when Baseline is 0)."),
        ("pomp_change", "POMP change", P, "Change ÷ (Scale maximum − Scale minimum)."),
        ("compared", "Compared", T, "The rounds compared (Baseline→Endline), or why nothing is; 'left' and the Exit date for a member who left."),
        ("direction", "Direction", S, "improved, unchanged or declined (as Team Results counts them), or no later score.", False),
    ),
    "Each member's indicator scores: baseline, latest and change.",
)
TEAM_RESULTS = OutputSheet(
    "Team Results",
    _columns(
        ("indicator_code", "Indicator code", I, "The indicator; ALL on the headline row."),
        ("indicator_name", "Indicator name", T, "From Indicators; on an ALL row, which figure is the headline."),
        ("rater", "Rater", S, "Whose scores: the Rater for results' rows hold the headline; other raters' are secondary."),
        ("members", "Members", N, "n: members with a baseline and a latest score (ALL: in any indicator)."),
        ("baseline_mean", "Baseline mean", D, "Mean of their baseline scores."),
        ("latest_mean", "Latest mean", D, "Mean of their latest scores."),
        ("change", "Change", D, "Latest mean − Baseline mean."),
        ("pct_change_of_means", "% change (change of means)", P, "Change ÷ Baseline mean; ALL: the mean over indicators."),
        ("pct_mean_of_changes", "% change (mean of changes)", P, "Mean of the members' % change; ALL: the mean over indicators."),
        ("pomp_change", "POMP change", P, "Change ÷ (Scale maximum − Scale minimum): the change as a share of the scale; ALL: the mean over indicators."),
        ("median_change", "Median change", D, "Median of the members' changes."),
        ("improved", "Improved", N, "Members whose score rose."),
        ("unchanged", "Unchanged", N, "Members whose score stayed the same."),
        ("declined", "Declined", N, "Members whose score fell."),
        ("left", "Left the programme", N, "Of the n, members whose Exit date is before the As-of date: compared up to their last round before leaving."),
        ("compared", "Compared", T, "The rounds the n members compare, e.g. 16 Baseline→Endline, 1 Baseline→Midline (ALL: each member counted once, 'mixed' when their indicators differ)."),
    ),
    "The team's change per indicator, and the headline in the ALL row.",
)
INITIATIVE_RESULTS = OutputSheet(
    "Initiative Results",
    _columns(
        ("initiative_id", "Initiative ID", I, "The initiative."),
        ("title", "Title", T, "From Initiatives."),
        ("owner", "Owner", I, "The owner's Member ID."),
        ("department", "Department", T, "The initiative's department, else its owner's."),
        ("status", "Status (recorded)", S, "The Status typed on Initiatives: the coach's judgement."),
        ("computed_status", "Status (computed)", S, "The initiative's status computed from its measures: the worst judged measure (docs/results.md)."),
        ("measure_id", "Measure ID", I, "The measure (blank on the row of an initiative without measures)."),
        ("measure", "Measure", T, "What is measured."),
        ("kind", "Kind", S, "Leading or Lagging."),
        ("better_when", "Better when", S, "Higher or Lower."),
        ("baseline", "Baseline", M, "The measure's baseline value."),
        ("target", "Target", M, "The measure's target value."),
        ("latest", "Latest", M, "The value of the latest-dated Progress row."),
        ("latest_date", "Latest date", DT, "Its date."),
        ("progress", "Progress to target (%)", P, "(Latest − Baseline) ÷ (Target − Baseline)."),
        ("expected", "Expected by latest date (%)", P,
         "The progress expected at the Latest date: the share of the window gone by (Leading), its square (Lagging)."),
        ("measure_status", "Measure status (computed)", S,
         "On track, At risk or Off track against Expected with a tolerance band; Achieved, Not started, No data (docs/results.md)."),
        ("flag", "Flag", S, "Why a measure is not judged, or that it ended short of its target (docs/results.md)."),
    ),
    "Progress of every initiative's measures towards target.",
)
OVERLAPS = OutputSheet(
    "Overlaps",
    _columns(
        ("initiative_a", "Initiative A", I, "An initiative (the earlier one of a LEARN-FROM pair)."),
        ("title_a", "Title A", T, "Its title."),
        ("owner_a", "Owner A", I, "Its owner."),
        ("department_a", "Department A", T, "Its department."),
        ("initiative_b", "Initiative B", I, "The other initiative."),
        ("title_b", "Title B", T, "Its title."),
        ("owner_b", "Owner B", I, "Its owner."),
        ("department_b", "Department B", T, "Its department."),
        ("reason_words", "Reasons", T, "Why the two may overlap, in the words the reports use (e.g. 'The same site and a similar title')."),
        ("score", "Score", N, "0-100: how strongly the two overlap; the sheet is ranked by it."),
        ("suggested_action", "Suggested action", T, "What to do about it."),
        ("offer_match", "Offer matches request", S,
         "True on the rows of an open request (A) and an open offer (B) that answers it: they are shown on Offer matches, "
         "not here.", False),
        ("reasons", "Reason codes", T, "The reason codes, joined by '; ' (docs/overlaps.md): what the reports and the roll-up "
         "read; the sheet shows them in words (Reasons).", False),
    ),
    "Initiatives that may duplicate each other, or repeat an earlier one, strongest first.",
)
OVERLAP_SUMMARY = OutputSheet(
    "Overlaps by department",
    _columns(
        ("department_a", "Department A", T, "One department of the pair (in alphabetical order)."),
        ("department_b", "Department B", T, "The other (the same department for pairs within one)."),
        ("initiative_pairs", "Initiative pairs", N, "Rows on Overlaps between the two departments."),
        ("offer_matches", "Offers matching requests", N, "Rows on Offer matches between the two departments."),
        ("highest_score", "Highest score", N, "The highest Score among those rows."),
    ),
    "The Overlaps and Offer matches rows counted by pair of departments, most rows first: which departments should talk.",
)
OFFER_MATCHES = OutputSheet(
    "Offer matches",
    _columns(
        ("request_id", "Request ID", I, "The request's ID on Offers & Requests (OR@ and its row when it has none)."),
        ("request", "Request", T, "What is asked for."),
        ("requested_by", "Requested by", I, "Who asks."),
        ("request_department", "Requester's department", T, "Their department."),
        ("offer_id", "Offer ID", I, "The offer's ID on Offers & Requests."),
        ("offer", "Offer", T, "What is offered."),
        ("offered_by", "Offered by", I, "Who offers."),
        ("offer_department", "Offerer's department", T, "Their department."),
        ("similarity", "Similarity", N, "0-100: how alike the two descriptions are; the sheet is ranked by it."),
        ("suggested_action", "Suggested action", T, "What to do about it."),
    ),
    "Open requests that an open offer answers, strongest first.",
)
ENGAGEMENT = OutputSheet(
    "Engagement",
    _columns(
        ("member_id", "Member ID", I, "The member."),
        ("full_name", "Full name", T, "From Members."),
        ("one_on_one", "One-on-one sessions", N, "One-on-one sessions attended."),
        ("group", "Group sessions", N, "Sessions of every other type attended."),
        ("last_one_on_one", "Last one-on-one", DT, "Date of the latest one-on-one attended."),
        ("days_since", "Days since last one-on-one", N, "As-of date − Last one-on-one."),
        ("strengths", "Strengths", N, "Strengths named."),
        ("goals", "Goals", N, "Development goals set."),
        ("flag", "Flag", S, "The engagement flags, joined by '; ' (docs/results.md)."),
        *_PROGRAMME_COLUMNS,
        *_COMMITMENT_COLUMNS,
    ),
    "Sessions attended, the last one-on-one, strengths and goals per member; their cascading, teams, actions and next session.",
)
PROGRAMME_COLUMNS = tuple(spec[0] for spec in _PROGRAMME_COLUMNS)
COMMITMENT_COLUMNS = tuple(spec[0] for spec in _COMMITMENT_COLUMNS)
"""The Engagement keys :func:`xl_tracker.results.programme.member_activity` computes."""
COACHES = OutputSheet(
    "Coaches",
    _columns(
        ("coach", "Coach", T, "A coach named in the Coach column of Members."),
        ("members", "Members", N, "Caseload: the coach's members still in the programme (no Exit date before the As-of date)."),
        ("left", "Left (actions counted)", N,
         "The coach's members who left (Exit date before the As-of date): not in Members, but their actions are in Actions due, done and overdue."),
        ("recent_one_on_ones", "Recent one-on-ones", N, "One-on-ones those members attended in the last Days without one-on-one days."),
        ("members_overdue", "Members overdue", N, "Those members with no one-on-one yet, or none for more than Days without one-on-one."),
        ("overdue_members", "Overdue members", T,
         "Their Member IDs, joined by '; ' (for the reports; on the sheet, filter Engagement by Coach and Flag).", False),
        ("actions_due", "Actions due", N, "The members' actions due by the As-of date (Dropped left out)."),
        ("actions_done", "Actions done", N, "The members' actions marked Done."),
        ("actions_overdue", "Actions overdue", N, "The members' Open actions whose Due date has passed."),
        ("next_sessions_overdue", "Next sessions overdue", N, "Members whose agreed next session date has passed without a one-on-one attended."),
    ),
    "Each coach's caseload: members, recent one-on-ones, members overdue, and their actions.",
)
TRENDS = OutputSheet(
    "Trends",
    _columns(
        ("scope", "Team or member", S, "'Team' (the mean of the members scored in that round) or 'Member'."),
        ("member_id", "Member ID", I, "The member (blank on a Team row)."),
        ("full_name", "Full name", T, "From Members (blank on a Team row)."),
        ("indicator_code", "Indicator", I, "Indicator code."),
        ("indicator_name", "Indicator name", T, "From Indicators."),
        ("round", "Round", S, "The assessment round, in Rounds order."),
        ("score", "Score", D, "The member's score in that round (the rater of Settings), or on a Team row the mean of those scores."),
        ("members", "Members scored (n)", N, "Members with a score in that round: the n of a Team row's mean."),
        ("change_from_previous", "Change from previous round", D, "Score − the score of the previous round scored (Team: of the means)."),
    ),
    "Indicator scores across every round: the team's mean and each member's score, round by round.",
)
del I, T, S, V, N, D, P, DT, M
DASHBOARD = OutputSheet("Dashboard", (), "Charts and headline figures.", has_table=False)
ABOUT = OutputSheet("About", (), "When and how the results were made.", has_table=False)
RUN_CHARTS = OutputSheet(
    "Run charts", (), "A run chart of the measure you pick: its values by date, expected path, target and baseline.",
    has_table=False,
)

OUTPUT_SHEETS: tuple[OutputSheet, ...] = (
    ISSUES, MEMBER_RESULTS, TEAM_RESULTS, INITIATIVE_RESULTS, OVERLAP_SUMMARY, OVERLAPS, OFFER_MATCHES, ENGAGEMENT, COACHES, TRENDS, DASHBOARD,
    RUN_CHARTS, ABOUT,
)
OUTPUT_SHEETS_BY_NAME = {s.name: s for s in OUTPUT_SHEETS}
PRINTED_ACROSS = frozenset({
    MEMBER_RESULTS.name, TEAM_RESULTS.name, INITIATIVE_RESULTS.name, OVERLAPS.name, OFFER_MATCHES.name, ENGAGEMENT.name,
    DASHBOARD.name,
})
"""Output sheets printed landscape; the others print portrait, every one fitted to the page width.

The orientation is the sheet's, not a refresh's: the template, the file
writer and the ribbon (which keeps the page setup a sheet has) print a
sheet alike. Landscape for the wide tables, whose text would shrink below
half size upright; portrait for the long narrow ones (Trends, Issues),
where a page holds half as many rows again (measured on the demo, issue 13).
"""
OUTPUT_TAB_COLOUR = "#7F7F7F"
OUTPUT_NOTE = (
    "Written by xl-tracker: this sheet is rewritten completely on every refresh "
    "(ribbon 'Refresh results' or `xl-tracker refresh`). Edit the input sheets instead."
)
START_HERE = "Start here"


@dataclass(frozen=True)
class Audience:
    """Who does what with the workbook: the text of the Start here sheet."""

    who: str
    steps: tuple[str, ...] = field(default_factory=tuple)


AUDIENCES: tuple[Audience, ...] = (
    Audience(
        "Coaches and CHMT members",
        (
            "Fill the input sheets (blue tabs). Each column header shows a hint when you select a cell below it.",
            "Pick from the dropdowns where there is one; type dates as dd/mm/yyyy.",
            "Add a row per session, assessment, strength, goal, initiative, measure, progress value, offer or request.",
            "Do not rename sheets or column headers: xl-tracker finds them by name.",
        ),
    ),
    Audience(
        "County staff (M&E)",
        (
            "Click 'Validate' on the CHMT Tracker ribbon tab (or run `xl-tracker validate FILE`) and fix each cell listed on the Issues sheet.",
            "Click 'Refresh results' (or run `xl-tracker refresh FILE`): the grey output sheets are rewritten; input sheets are never changed.",
            "Click 'Generate reports' (or run `xl-tracker report FILE -o DIR`) for the Word progress reports.",
        ),
    ),
    Audience(
        "Managers",
        (
            "Read the Dashboard and Team Results sheets, or the team progress report.",
            "Each member's report shows their indicators, initiatives, sessions and goals.",
        ),
    ),
)
