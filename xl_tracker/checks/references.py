"""Rules about IDs: duplicate-id, id-case, unknown-member, unknown-reference.

A sheet that defines IDs (``Member ID`` on Members, ``Initiative ID`` on
Initiatives, …) is read first: its first spelling of each ID is the
definition; a later row with the same ID in any case is a duplicate and
unusable. Every column that points at a definition (``Owner``, ``Task team``,
``Measure ID`` on Progress, ``Linked indicator``, and ``Round`` against the
Rounds setting) is then compared case-insensitively: a different spelling is
a warning and is rewritten to the definition; an unknown ID is an Error, with
a suggestion when one definition is close.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from xl_tracker.contract import (
    ASSESSMENTS,
    GOALS,
    INDICATORS,
    INITIATIVES,
    INPUT_SHEETS,
    MEASURES,
    MEMBERS,
    OFFERS_REQUESTS,
    SETTINGS,
    SETTINGS_BY_NAME,
    TEAMS,
    Kind,
)

from .context import CheckContext, found_columns, shown
from .suggest import IdSuggester, did_you_mean, suggest_choice

INDICATOR_CODE = INDICATORS.column("Indicator code").header
ROUND = ASSESSMENTS.column("Round").header
ROUNDS_SETTING = SETTINGS_BY_NAME["Rounds"].name
SHOW_AT_MOST = 12
"""A message lists the defined values only when there are this few of them."""

_NOUNS = {
    MEMBERS.name: "member",
    INDICATORS.name: "item",
    GOALS.name: "goal",
    INITIATIVES.name: "initiative",
    MEASURES.name: "measure",
    OFFERS_REQUESTS.name: "offer or request",
    TEAMS.name: "team",
}


@dataclass
class Definitions:
    """The IDs one column defines: case-folded ID -> its defined spelling, and the row that defines it."""

    spelling: dict[str, str] = field(default_factory=dict)
    row: dict[str, int] = field(default_factory=dict)
    _suggester: IdSuggester | None = None

    def suggest(self, value: str) -> str | None:
        if self._suggester is None:
            self._suggester = IdSuggester(self.spelling.values())
        return self._suggester(value)

    def listing(self) -> str:
        ids = list(self.spelling.values())
        return ", ".join(ids) if 0 < len(ids) <= SHOW_AT_MOST else ""


def _first_definitions(frame: pd.DataFrame, header: str) -> tuple[Definitions, list[int]]:
    """The IDs of ``header`` by case-folded key (first row wins) and the Excel rows that repeat one.

    One pass in plain Python: a county's sheets hold a few dozen IDs, fewer
    than pandas' string methods cost to set up.
    """
    values = frame[header].to_numpy()
    spelling: dict[str, object] = {}
    row_of: dict[str, int] = {}
    repeated: list[int] = []
    for row, value, blank in zip(frame.index.tolist(), values, pd.isna(values).tolist()):
        if blank:
            continue
        key = str(value).casefold()
        if key in spelling:
            repeated.append(row)
        else:
            spelling[key] = value
            row_of[key] = row
    return Definitions(spelling, row_of), repeated  # type: ignore[arg-type]


def check_definitions(ctx: CheckContext) -> dict[str, Definitions]:
    """duplicate-id on every sheet that defines IDs; returns the definitions by sheet name.

    Indicators defines two kinds of code: ``Item code`` (unique per row, under
    the sheet's name) and ``Indicator code`` (repeated on each of its items,
    under :data:`INDICATOR_CODE`), whose spelling is its first row's.
    """
    defined: dict[str, Definitions] = {}
    for spec in INPUT_SHEETS:
        id_column = spec.id_column
        if id_column is None or not ctx.present(spec.name, id_column.header):
            continue
        frame = ctx.usable[spec.name]
        header = id_column.header
        definitions, repeated = _first_definitions(frame, header)
        noun = _NOUNS.get(spec.name, "row")
        ctx.report_rows(
            "duplicate-id", spec.name, header, repeated,
            lambda row, value, header=header, noun=noun, d=definitions: (
                f"{header} {shown(value)} is already used in row {d.row[str(value).casefold()]}: "
                f"give this {noun} its own {header} or delete the repeated row"
            ),
        )
        defined[spec.name] = definitions
    if ctx.present(INDICATORS.name, INDICATOR_CODE):
        defined[INDICATOR_CODE] = _indicator_codes(ctx)
    return defined


def _indicator_codes(ctx: CheckContext) -> Definitions:
    """Indicator codes, each spelled as on its first row; a later row spelling it differently is id-case."""
    sheet = INDICATORS.name
    frame = ctx.usable[sheet]
    column = frame[INDICATOR_CODE]
    spelling: dict[str, str] = {}
    row_of: dict[str, int] = {}
    rewrites: list[tuple[int, str]] = []
    for row, value, present in zip(frame.index.tolist(), column.to_numpy(), column.notna().to_numpy(bool).tolist()):
        if not present:
            continue
        value = str(value)
        key = value.casefold()
        canon = spelling.setdefault(key, value)
        row_of.setdefault(key, row)
        if canon != value:
            ctx.report(
                "id-case", sheet, ctx.cell(sheet, row, INDICATOR_CODE),
                f"Indicator code {value} is written differently from {canon} in row {row_of[key]}: type {canon} (it is read as {canon})",
                value,
            )
            rewrites.append((row, canon))
    if rewrites:
        frame.loc[[row for row, _ in rewrites], INDICATOR_CODE] = [canon for _, canon in rewrites]
    return Definitions(spelling, row_of)


def check_ids(ctx: CheckContext) -> None:
    """Every ID rule: the definitions first (duplicate-id), then every reference to them."""
    check_references(ctx, check_definitions(ctx))


def check_references(ctx: CheckContext, defined: dict[str, Definitions]) -> None:
    """unknown-member, unknown-reference and id-case for every column that points at a definition."""
    for spec in INPUT_SHEETS:
        frame = ctx.usable[spec.name]
        if frame.empty:
            continue
        for column in found_columns(ctx, spec.name, spec.columns):
            if column.refers_to is None:
                continue
            target = INDICATOR_CODE if column.refers_to == INDICATORS.name else column.refers_to
            definitions = defined.get(target)
            if definitions is None:
                continue  # the defining sheet or column is missing: already an Error of its own
            if column.kind is Kind.ID_LIST:
                _check_id_lists(ctx, spec.name, column.header, column.refers_to, definitions)
            else:
                _check_ids(ctx, spec.name, column.header, column.refers_to, definitions)
    _check_rounds(ctx)


def _unknown_message(header: str, value: str, refers_to: str, definitions: Definitions) -> str:
    if refers_to == MEMBERS.name:
        text = f"{header} {value} is not on the {MEMBERS.name} sheet: add the member there or correct the ID."
    elif refers_to == INDICATORS.name:
        codes = definitions.listing()
        text = f"{header} {value} is not an {INDICATOR_CODE} on the {INDICATORS.name} sheet: " + (
            f"type one of {codes}." if codes else "correct it or add the indicator there."
        )
    else:
        noun = _NOUNS.get(refers_to, "row")
        text = f"{header} {value} is not on the {refers_to} sheet: add the {noun} there or correct the ID."
    return text + did_you_mean([s] if (s := definitions.suggest(value)) else [], quote=False)


def _rule_for(refers_to: str) -> str:
    return "unknown-member" if refers_to == MEMBERS.name else "unknown-reference"


def _check_ids(ctx: CheckContext, sheet: str, header: str, refers_to: str, definitions: Definitions) -> None:
    frame = ctx.usable[sheet]
    if _all_as_defined(frame[header].tolist(), definitions):
        return
    values = frame[header].dropna().astype(str)
    # Most IDs are written exactly as defined: only the others are case-folded and looked up.
    values = values[~values.isin(list(definitions.spelling.values())).to_numpy()]
    if values.empty:
        return
    canonical = values.str.casefold().map(definitions.spelling)
    known = canonical.notna().to_numpy()
    differs = known & (canonical.to_numpy() != values.to_numpy())
    for row in values.index[differs]:
        value, canon = values.at[row], canonical.at[row]
        ctx.report(
            "id-case", sheet, ctx.cell(sheet, row, header),
            f"{header} {value} is written differently from its definition {canon} on the {refers_to} sheet: type {canon} (it is read as {canon})",
            value,
        )
    if differs.any():
        frame.loc[values.index[differs], header] = canonical[differs].to_numpy()
    ctx.report_rows(
        _rule_for(refers_to), sheet, header, values.index[~known],
        lambda row, value: _unknown_message(header, str(value), refers_to, definitions),
    )


def _all_as_defined(values: list[object], definitions: Definitions) -> bool:
    """Every value blank or an ID exactly as defined: nothing to report or rewrite.

    The usual case, settled in one pass over a list: the pandas steps below
    cost more than that on a county's small sheets, and run for a dozen columns.
    """
    spelled = set(definitions.spelling.values())
    return all(v is None or (type(v) is str and v in spelled) or (type(v) is float and v != v) for v in values)


def _check_id_lists(ctx: CheckContext, sheet: str, header: str, refers_to: str, definitions: Definitions) -> None:
    """A list of IDs (``Task team``): one issue per cell naming every unknown ID in it."""
    frame = ctx.usable[sheet]
    column = frame[header]
    unknown_rows: dict[int, list[str]] = {}
    for row, ids in column[column.notna()].items():
        canonical = [definitions.spelling.get(str(i).casefold()) for i in ids]
        unknown = [i for i, c in zip(ids, canonical) if c is None]
        if unknown:
            unknown_rows[int(row)] = unknown
            continue
        rewritten = tuple(canonical)
        if rewritten != tuple(ids):
            wrong = ", ".join(f"{i} (type {c})" for i, c in zip(ids, canonical) if c != i)
            ctx.report(
                "id-case", sheet, ctx.cell(sheet, row, header),
                f"{header} writes IDs differently from their definition on the {refers_to} sheet: {wrong}; they are read as defined",
                ids,
            )
            frame.at[row, header] = rewritten

    def message(row: int, value: object) -> str:
        unknown = unknown_rows[row]
        hints = [f"{u} (did you mean {s}?)" if (s := definitions.suggest(u)) else u for u in unknown]
        noun = "is" if len(unknown) == 1 else "are"
        what = "member" if refers_to == MEMBERS.name else _NOUNS.get(refers_to, "row")
        return (
            f"{header} names {', '.join(hints)}, which {noun} not on the {refers_to} sheet: "
            f"add the {what} there or correct the ID (separate IDs with ';')"
        )

    ctx.report_rows(_rule_for(refers_to), sheet, header, list(unknown_rows), message)


def _check_rounds(ctx: CheckContext) -> None:
    """Assessments ``Round`` against the Rounds setting: other spellings rewritten, unknown rounds Errors."""
    sheet = ASSESSMENTS.name
    frame = ctx.usable[sheet]
    if frame.empty or not ctx.present(sheet, ROUND):
        return
    from .values import rewrite_choices

    rounds = ctx.settings.rounds
    unknown = rewrite_choices(frame, ROUND, rounds)
    listed = ", ".join(rounds)
    where = f" (cell {cell})" if (cell := ctx.settings.cells.get(ROUNDS_SETTING)) else ""
    ctx.report_rows(
        "unknown-reference", sheet, ROUND, unknown,
        lambda row, value: (
            f"Round '{shown(value)}' is not one of the Rounds setting ({listed}): type one of them, "
            f"or add it to {ROUNDS_SETTING} on the {SETTINGS.name} sheet{where}."
            + did_you_mean(suggest_choice(str(value), rounds))
        ),
    )
