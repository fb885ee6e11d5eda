"""The Overlaps sheet in a few lines: how many pairs each pair of departments has, strongest first.

On a large workbook the Overlaps sheet holds thousands of rows; a manager
first needs to know which departments should talk, then which rows to read.
"""

from __future__ import annotations

import pandas as pd


SUMMARY_COLUMNS = ("Department A", "Department B", "Initiative pairs", "Offers matching requests", "Highest score")
"""Columns of :func:`overlap_summary`: one row per pair of departments (A before B in sorted order; the same
department twice for pairs within one department)."""

NO_DEPARTMENT = "(no department)"


def overlap_summary(overlaps: pd.DataFrame) -> pd.DataFrame:
    """Counts of Overlaps rows by pair of departments, most rows first (then highest score, then names).

    ``overlaps`` is the frame :func:`~xl_tracker.overlaps.find_overlaps`
    returns. The pair is unordered (Pharmacy–Nursing is Nursing–Pharmacy); a
    blank department counts as :data:`NO_DEPARTMENT`.
    """
    if overlaps is None or overlaps.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c not in SUMMARY_COLUMNS[:2] else "object") for c in SUMMARY_COLUMNS})
    a, b = _department(overlaps["department_a"]), _department(overlaps["department_b"])
    offer = overlaps["offer_match"].astype(bool)
    frame = pd.DataFrame({
        "Department A": a.where(a <= b, b), "Department B": b.where(a <= b, a),
        "Initiative pairs": (~offer).astype("int64"), "Offers matching requests": offer.astype("int64"),
        "Highest score": overlaps["score"].astype("int64"),
    })
    summary = frame.groupby(["Department A", "Department B"], sort=True).agg(
        {"Initiative pairs": "sum", "Offers matching requests": "sum", "Highest score": "max"}
    ).reset_index()
    summary["_rows"] = summary["Initiative pairs"] + summary["Offers matching requests"]
    summary = summary.sort_values(["_rows", "Highest score", "Department A", "Department B"], ascending=[False, False, True, True], kind="stable")
    return summary.drop(columns="_rows").reset_index(drop=True)[list(SUMMARY_COLUMNS)]


def _department(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.where(text.notna() & (text != ""), NO_DEPARTMENT).astype(str)
