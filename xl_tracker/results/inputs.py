"""The usable input tables in the shape the result calculations need.

Checks hand over one DataFrame per input sheet (index = Excel row, contract
headers, errors already blanked). Results still guard against what a
hand-built or partly checked table may hold, because a wrong headline is
worse than a missing one: IDs, rounds and raters are matched ignoring case
and surrounding spaces, a row whose key is blank or unknown is left out, and
a key defined twice counts once (its first row, by Excel row). Every table is
put in Excel row order first, so no result depends on the order of the
DataFrame's rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from xl_tracker.cells import a1, column_letters
from xl_tracker.contract import ASSESSMENTS, INDICATORS, MEMBERS, RATERS, InputSheet, sheet_columns
from xl_tracker.tables import frame_of_arrays, sheet_places

WEIGHT_DEFAULT = 1.0


def table(usable: dict[str, pd.DataFrame], spec: InputSheet, item_codes: tuple[str, ...] = ()) -> pd.DataFrame:
    """The sheet's usable rows in Excel row order; an empty table with the contract columns when absent."""
    frame = usable.get(spec.name)
    if frame is None:
        headers = [c.header for c in sheet_columns(spec, item_codes)]
        frame = pd.DataFrame({h: pd.Series([], dtype="object") for h in headers})
        frame.index = pd.Index([], dtype="int64", name="row")
        return frame
    if frame.index.is_monotonic_increasing:
        return frame
    return frame.sort_index(kind="stable")


def column_of(frame: pd.DataFrame, header: str, places: dict[str, int]) -> int | None:
    """0-based sheet column of ``header``.

    From ``places`` (header -> 0-based column where the reader found it,
    :func:`~xl_tracker.tables.sheet_places`) when it knows the header, else
    the header's position in the frame, which is its column on a sheet laid
    out as the template lays it out.
    """
    if header in places:
        return int(places[header])
    if header in frame.columns:
        return int(frame.columns.get_loc(header))
    return None


def cell(frame: pd.DataFrame, row: int, header: str, places: dict[str, int]) -> str:
    """A1 address of ``header`` in Excel row ``row`` ("" when the column is unknown)."""
    col = column_of(frame, header, places)
    return "" if col is None else a1(int(row), col)


def column_letter(frame: pd.DataFrame, header: str, places: dict[str, int]) -> str:
    """Column letters of ``header`` ("" when the column is unknown), for building many addresses at once."""
    col = column_of(frame, header, places)
    return "" if col is None else column_letters(col)


def folded(values: pd.Series) -> pd.Series:
    """Trimmed, case-folded text keys (object dtype); blanks become NA.

    Each distinct value is folded once (a column of 20,000 IDs holds a few
    thousand distinct ones), which keeps this off the profile of a refresh.
    """
    return pd.Series(folded_array(values), index=values.index, dtype=object)


def folded_array(values: pd.Series, blank: str | None = None) -> np.ndarray:
    """:func:`folded` as an object array, ``blank`` for blank cells: for comparing with a key, where a Series costs more than the test."""
    codes, uniques = pd.factorize(values.to_numpy(object), use_na_sentinel=True)
    keys = np.array([*(_key(u) for u in uniques.tolist()), blank], dtype=object)
    return keys[codes]


def folded_list(values: pd.Series) -> list[str | None]:
    """:func:`folded` as a plain list, value by value: cheaper on the few dozen rows of a county's sheet."""
    return [None if _blank(value) else _key(value) for value in values.tolist()]


def first_positions(keys: list[str | None]) -> list[int]:
    """Positions of the first row of each key (as :func:`folded_list` gives them), blanks skipped: the rows that define an ID.

    Members, initiatives and measures are each defined by their first row;
    a later row with the same ID is reported by the checks and not counted.
    """
    seen: set[str] = set()
    keep = []
    for n, key in enumerate(keys):
        if key is not None and key not in seen:
            seen.add(key)
            keep.append(n)
    return keep


def defining_rows(column: pd.Series) -> tuple[np.ndarray, list[object], IdLookup]:
    """Positions of the rows that define an ID in ``column`` (:func:`first_positions`), their IDs as typed, and a look-up for references.

    Positions rather than a filtered copy of the table: callers take the few
    columns they need at these positions, once each.
    """
    keys = folded_list(column)
    keep = first_positions(keys)
    ids = column.to_numpy(object)[keep].tolist()
    return np.asarray(keep, dtype="int64"), ids, IdLookup(dict(zip(ids, ids)), dict(zip((keys[n] for n in keep), ids)))


def _key(value: object) -> str | None:
    text = _as_text(value)
    return None if text is None else text.casefold()


def _blank(value: object) -> bool:
    """None, NaN, NaT or NA: what pandas' ``notna`` calls missing."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _as_text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def datetimes(values: pd.Series) -> np.ndarray:
    """A column as datetime64[ns] values, NaT where blank.

    A column the reader typed as dates is only converted to nanoseconds;
    other columns (a hand-built table's text or objects) go through
    ``pd.to_datetime``, which costs a quarter of a millisecond even on a
    column of dates, and results read some ten date columns.
    """
    if values.dtype.kind == "M":
        return values.to_numpy("datetime64[ns]")
    return pd.to_datetime(values).to_numpy("datetime64[ns]")


def yes_no(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A Yes/No column as two bool arrays: answered (not blank), and Yes.

    Taken from the column's boolean array at once: a chain of fillna and
    to_numpy on Series cost more than the test on a county's sessions.
    """
    answers = values.astype("boolean").array
    return ~np.asarray(answers.isna(), dtype=bool), answers.to_numpy(dtype=bool, na_value=False)


@dataclass(frozen=True)
class IdLookup:
    """The IDs defined on a sheet, found in another column by exact spelling or else ignoring case and spaces.

    Checks already rewrote references to the defined spelling, so the exact
    look-up finds almost everything and only the rest is folded.
    """

    exact: dict[str, str]
    """ID as defined -> itself."""
    by_key: dict[str, str]
    """Case-folded ID -> ID as defined."""

    def find(self, values: pd.Series) -> pd.Series:
        """The defined ID for each value (object dtype); None when blank or not defined.

        One pass over the values (defined IDs are text, so only text can match
        exactly): a results run calls this some fifteen times, and on a
        small county's columns pandas' map and masks cost more than the look-ups.
        """
        return pd.Series(self.found(values), index=values.index, dtype=object, name=values.name)

    def found(self, values: pd.Series) -> list[str | None]:
        """:meth:`find` as a plain list, for callers that need no Series."""
        exact, by_key = self.exact, self.by_key
        found = []
        for value in values.tolist():
            match = exact.get(value) if type(value) is str else None
            if match is None and not _blank(value):
                key = _key(value)
                match = by_key.get(key) if key is not None else None
            found.append(match)
        return found


@dataclass(frozen=True)
class Members:
    """The members on the Members sheet, in sheet order, each ID once."""

    rows: pd.DataFrame
    """Index = Member ID as defined; columns Full name, Department, Exit date and ``row`` (Excel row)."""
    lookup: IdLookup

    def ids(self, values: pd.Series) -> pd.Series:
        """Member IDs as defined for a column of IDs; NA when blank or not on Members."""
        return self.lookup.find(values)

    @cached_property
    def place(self) -> dict[str, int]:
        """Member ID as defined -> its position on Members (0 = the first member)."""
        return {member: n for n, member in enumerate(self.rows.index.tolist())}

    def positions(self, values: pd.Series) -> np.ndarray:
        """Each value's member as its position on Members (int64), -1 when blank or not on Members.

        Per-member counts and sums are then ``np.bincount`` over these: on a
        county's 25 members that is cheaper than grouping and reindexing Series.
        """
        place = self.place
        return np.array([-1 if m is None else place[m] for m in self.lookup.found(values)], dtype="int64")


def read_members(usable: dict[str, pd.DataFrame]) -> Members:
    """The first row of each Member ID (ignoring case and spaces), in one pass over plain lists."""
    frame = table(usable, MEMBERS)
    keys = folded_list(frame["Member ID"])
    keep = first_positions(keys)
    typed = frame["Member ID"].to_numpy(object)
    ids = [_as_text(typed[n]) for n in keep]
    rows = pd.DataFrame(
        {
            "Full name": np.array([_as_text(v) for v in frame["Full name"].to_numpy(object)[keep].tolist()], dtype=object),
            "Department": np.array([_as_text(v) for v in frame["Department"].to_numpy(object)[keep].tolist()], dtype=object),
            "Exit date": datetimes(frame["Exit date"].iloc[keep]),
            "row": frame.index.to_numpy("int64")[keep],
        },
        index=pd.Index(np.array(ids, dtype=object), name="Member ID"),
    )
    return Members(rows, IdLookup(dict(zip(ids, ids)), dict(zip((keys[n] for n in keep), ids))))


@dataclass(frozen=True)
class Indicators:
    """Indicators in order of first appearance on the Indicators sheet, and their scored items."""

    codes: tuple[str, ...]
    names: dict[str, str | None]
    item_columns: tuple[str, ...]
    """Assessments columns that hold a defined item, in Indicators order."""
    weights: np.ndarray
    """Item x indicator matrix: the item's weight in the column of its indicator, 0 elsewhere."""
    weight_cells: dict[str, str]
    """Indicator code -> A1 of the Weight cell on its first line of Indicators (where a weight problem is pointed at)."""


def read_indicators(usable: dict[str, pd.DataFrame], item_codes: tuple[str, ...]) -> Indicators:
    frame = table(usable, INDICATORS)
    places = sheet_places(usable, INDICATORS.name)
    code_keys = folded(frame["Indicator code"])
    codes: dict[str, str] = {}
    names: dict[str, str | None] = {}
    weight_cells: dict[str, str] = {}
    for row, key, code, name in zip(frame.index, code_keys, frame["Indicator code"], frame["Indicator name"]):
        if key is None or key in codes:
            continue
        codes[key] = _as_text(code)  # type: ignore[assignment]
        names[codes[key]] = _as_text(name)
        weight_cells[codes[key]] = cell(frame, int(row), "Weight", places)
    columns = {code.strip().casefold(): code for code in item_codes}
    item_keys = folded(frame["Item code"])
    weights = pd.to_numeric(frame["Weight"], errors="coerce").fillna(WEIGHT_DEFAULT).to_numpy(float)
    order = list(codes.values())
    seen: set[str] = set()
    item_columns: list[str] = []
    matrix: list[np.ndarray] = []
    for item_key, code_key, weight in zip(item_keys, code_keys, weights):
        if item_key is None or code_key is None or item_key in seen or item_key not in columns:
            continue
        seen.add(item_key)
        line = np.zeros(len(order))
        line[order.index(codes[code_key])] = max(float(weight), 0.0)
        item_columns.append(columns[item_key])
        matrix.append(line)
    weight_matrix = np.vstack(matrix) if matrix else np.zeros((0, len(order)))
    return Indicators(tuple(order), names, tuple(item_columns), weight_matrix, weight_cells)


def round_positions(rounds: tuple[str, ...]) -> dict[str, int]:
    """Case-folded round name -> its place in the Rounds setting (0 = the first round)."""
    return {name.strip().casefold(): n for n, name in enumerate(rounds)}


@dataclass(frozen=True)
class AssessmentRows:
    """The Assessments rows that can be scored: known member, a round of the Rounds setting, a known rater."""

    frame: pd.DataFrame
    """The usable rows themselves (Excel row order), for cell addresses and item values."""
    member: np.ndarray
    round_pos: np.ndarray
    rater: np.ndarray
    places: dict[str, int] = field(default_factory=dict)
    """Where the Assessments columns are on the sheet (:func:`~xl_tracker.tables.sheet_places`)."""


def coded(values: pd.Series, places: dict[str, int], blank: int = -1) -> np.ndarray:
    """Each value's place in ``places`` by its trimmed, case-folded text (int64); ``blank`` when blank, -1 when not listed.

    Each distinct value is folded once, as in :func:`folded`, and the rest
    is array indexing: no Series per step, on a county's hundred rows or on
    20,000.
    """
    codes, uniques = pd.factorize(values.to_numpy(object), use_na_sentinel=True)
    lookup = np.array([*(places.get(_key(u), -1) for u in uniques.tolist()), blank], dtype="int64")
    return lookup[codes]


def read_assessments(usable: dict[str, pd.DataFrame], item_codes: tuple[str, ...], members: Members, rounds: tuple[str, ...]) -> AssessmentRows:
    """Rows with a known member, round and rater; the first row (by Excel row) of a member, round and rater counts.

    Member, round and rater are positions (a blank Rater is the first), so
    the first row of each is ``np.unique`` over one combined number.
    """
    frame = table(usable, ASSESSMENTS, item_codes)
    member = members.positions(frame["Member ID"])
    round_pos = coded(frame["Round"], round_positions(rounds))
    rater = coded(frame["Rater"], {r.casefold(): n for n, r in enumerate(RATERS)}, blank=0)
    usable_rows = np.flatnonzero((member >= 0) & (round_pos >= 0) & (rater >= 0))
    combined = (member[usable_rows] * len(rounds) + round_pos[usable_rows]) * len(RATERS) + rater[usable_rows]
    rows = usable_rows[np.sort(np.unique(combined, return_index=True)[1])]
    return AssessmentRows(
        frame.iloc[rows],
        np.asarray(members.rows.index, dtype=object)[member[rows]],
        round_pos[rows],
        np.asarray(RATERS, dtype=object)[rater[rows]],
        sheet_places(usable, ASSESSMENTS.name),
    )


def output_frame(columns: dict[str, object]) -> pd.DataFrame:
    """An output table: text columns stay ``object`` with ``None`` for blank (pandas would infer its ``str`` dtype).

    Every column becomes one numpy array of the same length, and the frame
    is made from them by :func:`~xl_tracker.tables.frame_of_arrays`:
    building a Series per column and putting them side by side cost ten
    times the data on a county's small tables, and a results run makes
    nine of these.
    """
    arrays = [np.asarray(values, dtype=object) if getattr(values, "dtype", None) == object else np.asarray(values) for values in columns.values()]
    lengths = {len(values) for values in arrays}
    if len(lengths) > 1:
        raise ValueError(f"output columns of different lengths: {sorted(lengths)}")
    return frame_of_arrays(arrays, list(columns), pd.RangeIndex(lengths.pop() if lengths else 0))
