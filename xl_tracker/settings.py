"""The Settings sheet read into one typed object, defaults filled in.

A setting that cannot be used gets an issue at its Value cell and its
default (a number outside the setting's range in the contract, too); a
setting named on two rows is read from the first, with a warning at the
second; a missing Settings sheet means every default. Pure: the reader
passes the sheet's rows in, nothing here touches a file.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from xl_tracker.cells import as_float, date_from_serial, date_from_text, number_from_text, show, split_a1
from xl_tracker.contract import (
    AS_OF_DEFAULT,
    COMPARE_FIRST_TO_LAST,
    HEADLINE_METHODS,
    NO_WORDS,
    RATERS,
    SETTINGS_BY_NAME,
    YES_WORDS,
    Kind,
    Setting,
    header_key,
)
from xl_tracker.issues import Issue, issue

SETTING_FIELDS = {
    # contract setting name -> Settings attribute
    "County": "county",
    "Programme": "programme",
    "Reporting period": "reporting_period",
    "As-of date": "as_of_date",
    "Scale minimum": "scale_min",
    "Scale maximum": "scale_max",
    "Rounds": "rounds",
    "Rater for results": "rater",
    "Minimum items answered": "min_items_answered",
    "Headline method": "headline_method",
    "Days without one-on-one": "days_without_one_on_one",
    "Minimum strengths": "min_strengths",
    "Name members in team report": "name_members_in_team_report",
    "Days without progress": "days_without_progress",
    "Days an offer or request stays open": "days_offer_open",
    "Programme start": "programme_start",
    "Programme end": "programme_end",
    "Status tolerance": "status_tolerance",
    "Compared rounds": "compared_rounds",
}
assert set(SETTING_FIELDS) == set(SETTINGS_BY_NAME), "every contract setting has a field"


def _default_rounds() -> tuple[str, ...]:
    return split_rounds(str(SETTINGS_BY_NAME["Rounds"].default))


def split_rounds(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip())


@dataclass(frozen=True)
class Settings:
    """Every setting of the contract, typed; ``as_of_date`` is always a date (the refresh date by default)."""

    county: str = ""
    programme: str = str(SETTINGS_BY_NAME["Programme"].default)
    reporting_period: str = ""
    as_of_date: dt.date = field(default_factory=dt.date.today)
    as_of_is_default: bool = True
    scale_min: int = 1
    scale_max: int = 5
    rounds: tuple[str, ...] = field(default_factory=_default_rounds)
    rater: str = "Self"
    min_items_answered: float = 0.8
    headline_method: str = "Change of means"
    compared_rounds: tuple[str, str] | None = None
    """The two fixed rounds every change compares; None for each member's first and last scored round."""
    days_without_one_on_one: int = 45
    min_strengths: int = 10
    name_members_in_team_report: bool = False
    days_without_progress: int = 60
    days_offer_open: int = 30
    programme_start: dt.date | None = None
    programme_end: dt.date | None = None
    status_tolerance: float = 0.15
    cells: dict[str, str] = field(default_factory=dict, compare=False)
    """Setting name -> A1 address of its Value cell, for messages that point there."""


def _date(value: object) -> dt.date | None:
    """A date typed as a date, an Excel serial number or text (dd/mm/yyyy or ISO); ``None`` for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return date_from_serial(float(value))
    if isinstance(value, str) and value.split():
        return date_from_text(value.split()[0])
    return None


def compared_rounds(text: str, rounds: tuple[str, ...]) -> tuple[tuple[str, str] | None, str]:
    """(the two fixed rounds as Rounds spells them, or None for first to last; what is wrong with ``text``, or "").

    Two rounds of the Rounds setting, earlier first, separated by a comma,
    an arrow or " to "; blank or "First to last" means each member's first
    and last scored round.
    """
    if not text.strip() or text.strip().casefold() == COMPARE_FIRST_TO_LAST.casefold():
        return None, ""
    parts = [p.strip() for p in text.replace("→", ",").replace("->", ",").replace(";", ",").replace(" to ", ",").split(",") if p.strip()]
    places = {r.casefold(): n for n, r in enumerate(rounds)}
    how = f"type {COMPARE_FIRST_TO_LAST}, or two of the rounds {', '.join(rounds)}, earlier first, e.g. {rounds[0]}, {rounds[-1]}"
    if len(parts) != 2:
        return None, f"is not two rounds: {how}"
    unknown = [p for p in parts if p.casefold() not in places]
    if unknown:
        return None, f"names '{unknown[0]}', which is not in Rounds: {how}"
    first, last = (places[p.casefold()] for p in parts)
    if first >= last:
        return None, f"does not name an earlier round first: {how}"
    return (rounds[first], rounds[last]), ""


def _number(value: object) -> float | None:
    """A setting's value as a number (an infinity for one past a float's range); None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return as_float(value)
    return number_from_text(str(value))


def _in_range(spec: Setting) -> str:
    kind = "whole number" if spec.kind is Kind.WHOLE else "number"
    return f"type a {kind} from {show(spec.minimum)} to {show(spec.maximum)} (until then the default {spec.default} is used)"


def _out_of_range(spec: Setting, number: float) -> str:
    """Why ``number`` is outside the setting's range (the contract's minimum and maximum), and what to type."""
    if (spec.minimum, spec.maximum) == (0, 1):
        return f"{spec.name} {number:g} is not a share: type a number from 0 to 1, e.g. {spec.default}"
    if number < spec.minimum:  # type: ignore[operator]
        side = "negative" if spec.minimum == 0 else f"below {show(spec.minimum)}"
    else:
        side = f"above {show(spec.maximum)}"
    return f"{spec.name} {show(number)} is {side}: {_in_range(spec)}"


def _named_again(name: str, cell: str, raw: object, first_cell: str, first_raw: object) -> str:
    """The warning at a setting's second row: which row is read, and what each holds."""
    def holds(value: object, first: bool) -> str:
        """What the row holds; for the first (the row read), what a blank there means."""
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return show(value.strip() if isinstance(value, str) else value)
        default = SETTINGS_BY_NAME[name].default
        if first and name == "As-of date":
            return f"blank: {AS_OF_DEFAULT}"
        if first and default not in (None, ""):
            return f"blank: the default {show(default)}"
        return "blank"

    def row(at: str) -> str:
        number = split_a1(at)[0]
        return f"row {number}" if number else f"cell {at or '?'}"

    return (f"{name} is set again in {row(cell)} ({holds(raw, False)}); the first, in {row(first_cell)} ({holds(first_raw, True)}), "
            "is used: delete one of the two rows")


def _choice(text: str, choices: tuple[str, ...]) -> str | None:
    for c in choices:
        if c.casefold() == text.casefold():
            return c
    return None


def read_settings(rows: list[tuple[str, object, str]], today: dt.date | None = None) -> tuple[Settings, list[Issue]]:
    """``rows`` are (setting name, raw value, A1 of the value cell) from the Settings sheet."""
    values: dict[str, object] = {}
    cells: dict[str, str] = {}
    issues: list[Issue] = []
    by_key = {header_key(name): name for name in SETTING_FIELDS}

    def bad(rule: str, cell: str, message: str, value: object) -> None:
        issues.append(issue(rule, "Settings", cell, message, value))

    first_raw: dict[str, object] = {}
    for name_text, raw, cell in rows:
        name = by_key.get(header_key(name_text))
        if name is None:
            continue
        if name in cells:  # the first row of a setting is the one read, whatever it holds
            issues.append(issue("duplicate-setting", "Settings", cell, _named_again(name, cell, raw, cells[name], first_raw[name]), raw))
            continue
        cells[name] = cell
        first_raw[name] = raw
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        spec = SETTINGS_BY_NAME[name]
        text = raw.strip() if isinstance(raw, str) else raw
        attr = SETTING_FIELDS[name]
        if name in ("County", "Programme", "Reporting period"):
            values[attr] = str(text).strip() if not isinstance(text, float) else f"{text:g}"
        elif name == "Rounds":
            rounds = split_rounds(str(text))
            if len({r.casefold() for r in rounds}) != len(rounds):
                bad("duplicate-id", cell, "Rounds names a round twice: list each round once, in time order, separated by commas", raw)
            elif rounds:
                values[attr] = rounds
        elif name == "Compared rounds":
            values["_compared_text"] = (str(text), raw)
        elif spec.kind is Kind.DATE:
            date = _date(text)
            if date is None:
                blank = "the refresh date" if name == "As-of date" else "no limit"
                bad("not-a-date", cell, f"{name} '{raw}' is not a date: type it as dd/mm/yyyy, or leave it blank for {blank}", raw)
            else:
                values[attr] = date
                if name == "As-of date":
                    values["as_of_is_default"] = False
        elif spec.kind in (Kind.NUMBER, Kind.WHOLE):
            number = _number(text)
            if number is None:
                bad("not-a-number", cell, f"{name} '{raw}' is not a number: type a number, e.g. {spec.default}", raw)
            elif not math.isfinite(number):  # text such as 1e400, read as infinity
                what = "is not a number" if math.isnan(number) else "is too large a number for a workbook to hold"
                bad("not-a-number", cell, f"{name} '{raw}' {what}: {_in_range(spec)}", raw if isinstance(raw, str) else show(number))
            elif spec.kind is Kind.WHOLE and not number.is_integer():
                bad("not-whole", cell, f"{name} {number:g} is not a whole number: type a whole number, e.g. {spec.default}", raw)
            elif not spec.minimum <= number <= spec.maximum:  # type: ignore[operator]
                bad("out-of-range", cell, _out_of_range(spec, number), raw)
            else:
                values[attr] = int(number) if spec.kind is Kind.WHOLE else number
        elif name == "Name members in team report":
            word = str(text).strip().casefold() if not isinstance(text, bool) else ("yes" if text else "no")
            if isinstance(text, float):
                word = f"{text:g}"
            if word in YES_WORDS:
                values[attr] = True
            elif word in NO_WORDS:
                values[attr] = False
            else:
                bad("unknown-choice", cell, f"{name} '{raw}' is not Yes or No: type Yes or No", raw)
        else:
            choices = RATERS if name == "Rater for results" else HEADLINE_METHODS
            chosen = _choice(str(text), choices)
            if chosen is None:
                bad("unknown-choice", cell, f"{name} '{raw}' is not one of {', '.join(choices)}: type one of them", raw)
            else:
                values[attr] = chosen

    compared = values.pop("_compared_text", None)
    if compared is not None:
        text, raw = compared
        rounds = values.get("rounds") or _default_rounds()
        chosen, problem = compared_rounds(text, rounds)  # type: ignore[arg-type]
        if problem:
            bad("unknown-choice", cells.get("Compared rounds", ""), f"Compared rounds '{raw}' {problem}; until then {COMPARE_FIRST_TO_LAST} is used", raw)
        elif chosen is not None:
            values["compared_rounds"] = chosen
    lo = values.get("scale_min", 1)
    hi = values.get("scale_max", 5)
    if lo >= hi:  # type: ignore[operator]
        bad("out-of-range", cells.get("Scale maximum", ""), f"Scale maximum {hi} is not above Scale minimum {lo}: the defaults 1 to 5 are used", hi)
        values.pop("scale_min", None)
        values.pop("scale_max", None)
    first, last = values.get("programme_start"), values.get("programme_end")
    if first is not None and last is not None and last < first:  # type: ignore[operator]
        bad(
            "date-order", cells.get("Programme end", ""),
            f"Programme end {last:%d/%m/%Y} is before Programme start {first:%d/%m/%Y}: correct one of the two "
            "(until then initiatives are not checked against the programme's dates)",
            last,
        )
        values.pop("programme_start")
        values.pop("programme_end")
    if "as_of_date" not in values and today is not None:
        values["as_of_date"] = today
    return Settings(**values, cells=cells), issues  # type: ignore[arg-type]
