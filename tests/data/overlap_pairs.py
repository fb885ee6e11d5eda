"""Build the ``usable`` tables overlap detection reads, the way the checks hand them over.

Index = Excel row (data from row 2), contract headers, dates as datetime64,
Task team as tuples of member IDs. Also loads the labelled pairs of
``overlap_pairs.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from xl_tracker.contract import INITIATIVES, MEASURES, MEMBERS, OFFERS_REQUESTS, Kind

LABELLED = Path(__file__).with_name("overlap_pairs.json")
MEMBER_IDS = tuple(f"M{n:02d}" for n in range(1, 10))
DEPARTMENTS = ("Health Administration", "Nursing Services", "Reproductive Health", "Public Health", "Pharmacy",
               "Health Records", "Laboratory", "Clinical Services", "Community Health")


def labelled_pairs() -> list[dict]:
    return json.loads(LABELLED.read_text(encoding="utf-8"))["pairs"]


def frame(spec, rows: list[dict]) -> pd.DataFrame:
    data = {}
    for column in spec.columns:
        values = [row.get(column.header) for row in rows]
        if column.kind is Kind.DATE:
            data[column.header] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif column.kind is Kind.ID_LIST:
            data[column.header] = pd.Series(
                [tuple(p.strip() for p in v.split(";") if p.strip()) if isinstance(v, str) else v for v in values], dtype="object"
            )
        elif column.kind is Kind.NUMBER:
            data[column.header] = pd.Series(values, dtype="float64")
        else:
            data[column.header] = pd.Series(values, dtype="object")
    out = pd.DataFrame(data)
    out.index = pd.Index(range(2, 2 + len(rows)), dtype="int64", name="row")
    return out


def members_frame() -> pd.DataFrame:
    return frame(MEMBERS, [{"Member ID": m, "Full name": f"Member {m}", "Department": d} for m, d in zip(MEMBER_IDS, DEPARTMENTS)])


def usable(initiatives: list[dict], measures: list[dict] = (), offers: list[dict] = ()) -> dict[str, pd.DataFrame]:
    """The usable tables for these rows (Members M01..M09 always present)."""
    return {
        MEMBERS.name: members_frame(),
        INITIATIVES.name: frame(INITIATIVES, list(initiatives)),
        MEASURES.name: frame(MEASURES, list(measures)),
        OFFERS_REQUESTS.name: frame(OFFERS_REQUESTS, list(offers)),
    }


def initiative(iid: str, owner: str, fields: dict) -> tuple[dict, list[dict]]:
    """One initiative row (defaults: the whole of 2026) and its measure rows from a labelled-pair side."""
    row = {"Initiative ID": iid, "Owner": owner, "Start date": "2026-01-01", "End date": "2026-12-31"}
    row.update({k: v for k, v in fields.items() if k != "Measures"})
    measures = [
        {"Measure ID": f"{iid}-{n}", "Initiative ID": iid, "Kind": "Lagging", "Measure": text, "Better when": "Higher",
         "Baseline": 10.0, "Target": 20.0}
        for n, text in enumerate(fields.get("Measures", ()), start=1)
    ]
    return row, measures


def pair_usable(pair: dict) -> dict[str, pd.DataFrame]:
    """The two initiatives of a labelled pair as usable tables (A on row 2, B on row 3)."""
    a, ma = initiative("IA", pair["a"].get("Owner", "M01"), pair["a"])
    b, mb = initiative("IB", pair["b"].get("Owner", "M02"), pair["b"])
    return usable([a, b], ma + mb)
