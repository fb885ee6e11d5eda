"""Builders of ``usable`` tables for the results tests, in the shape checks hands over.

Index = Excel row (2, 3, … unless a row gives ``_row``), the contract headers
(Assessments: plus one column per item code), dtypes as the reader makes
them (float64 numbers, datetime64 dates, ``boolean`` yes-no, ``object``
text), and the defaults checks fills in: Rater blank -> Self, Weight blank
-> 1, an initiative's Department blank -> the owner's.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from xl_tracker.contract import INPUT_SHEETS, Kind, sheet_columns
from xl_tracker.settings import Settings

_DTYPES = {Kind.NUMBER: "float64", Kind.WHOLE: "float64", Kind.DATE: "datetime64[ns]", Kind.YES_NO: "boolean"}


def frame(sheet: str, rows: list[dict], item_codes: tuple[str, ...] = ()) -> pd.DataFrame:
    spec = next(s for s in INPUT_SHEETS if s.name == sheet)
    columns = sheet_columns(spec, item_codes)
    index = []
    next_row = 2
    for r in rows:
        next_row = r.get("_row", next_row)
        index.append(next_row)
        next_row += 1
    data = {}
    for col in columns:
        values = [r.get(col.header) for r in rows]
        dtype = _DTYPES.get(col.kind, "object")
        if col.kind is Kind.DATE:
            data[col.header] = pd.Series(pd.to_datetime(pd.Series(values, dtype="object")), dtype=dtype)
        else:
            data[col.header] = pd.Series(values, dtype=dtype)
    out = pd.DataFrame(data)
    out.index = pd.Index(index, dtype="int64", name="row")
    return out


def usable(item_codes: tuple[str, ...] = (), **sheets: list[dict]) -> dict[str, pd.DataFrame]:
    """One table per input sheet; keyword names are sheet names without spaces or ``&`` (``OffersRequests``)."""
    by_key = {s.name.replace(" ", "").replace("&", ""): s.name for s in INPUT_SHEETS}
    rows = {by_key[k]: v for k, v in sheets.items()}
    members = {r.get("Member ID"): r for r in rows.get("Members", [])}
    for r in rows.get("Assessments", []):
        r.setdefault("Rater", "Self")
        if r["Rater"] is None:
            r["Rater"] = "Self"
    for r in rows.get("Indicators", []):
        if r.get("Weight") is None:
            r["Weight"] = 1.0
    for r in rows.get("Initiatives", []):
        if r.get("Department") is None and r.get("Owner") in members:
            r["Department"] = members[r["Owner"]].get("Department")
    return {s.name: frame(s.name, rows.get(s.name, []), item_codes) for s in INPUT_SHEETS}


def indicator_rows(spec: dict[str, list[tuple[str, float]]], names: dict[str, str] | None = None) -> list[dict]:
    """{indicator code: [(item code, weight), …]} -> Indicators rows."""
    names = names or {}
    return [
        {"Indicator code": code, "Indicator name": names.get(code, f"{code} indicator"), "Item code": item,
         "Item statement": f"Statement of {item}", "Weight": weight}
        for code, items in spec.items()
        for item, weight in items
    ]


def members(*ids: str, **extra: dict) -> list[dict]:
    return [
        {"Member ID": m, "Full name": f"Name of {m}", "Department": f"Dept of {m}", **extra.get(m, {})}
        for m in ids
    ]


def settings(**kw) -> Settings:
    kw.setdefault("as_of_date", dt.date(2026, 10, 15))
    return Settings(**kw)


def row_of(frame: pd.DataFrame, **match) -> pd.Series:
    """The one row of an output table whose columns equal ``match``."""
    mask = pd.Series(True, index=frame.index)
    for k, v in match.items():
        mask &= frame[k] == v
    hits = frame[mask]
    assert len(hits) == 1, f"{len(hits)} rows match {match}"
    return hits.iloc[0]


def test_the_output_columns_table_in_docs_results_is_the_contracts():
    from xl_tracker.results import columns_doc

    doc = columns_doc.DOC.read_text(encoding="utf-8")
    assert columns_doc.with_columns(doc) == doc, "run: python -m xl_tracker.results.columns_doc"
