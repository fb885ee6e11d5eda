"""The Overlaps sheet in a few lines: how many pairs each pair of departments has, strongest first.

On a large workbook the Overlaps sheet holds thousands of rows; a manager
first needs to know which departments should talk, then which rows to read.
"""

from __future__ import annotations

import pandas as pd

from xl_tracker.contract import OVERLAP_SUMMARY

SUMMARY_COLUMNS = OVERLAP_SUMMARY.keys
"""Columns of :func:`overlap_summary` (the Overlaps by department sheet's keys): one row per pair of departments
(A before B in sorted order; the same department twice for pairs within one department)."""

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
        "department_a": a.where(a <= b, b), "department_b": b.where(a <= b, a),
        "initiative_pairs": (~offer).astype("int64"), "offer_matches": offer.astype("int64"),
        "highest_score": overlaps["score"].astype("int64"),
    })
    summary = frame.groupby(["department_a", "department_b"], sort=True).agg(
        {"initiative_pairs": "sum", "offer_matches": "sum", "highest_score": "max"}
    ).reset_index()
    summary["_rows"] = summary["initiative_pairs"] + summary["offer_matches"]
    summary = summary.sort_values(["_rows", "highest_score", "department_a", "department_b"], ascending=[False, False, True, True], kind="stable")
    return summary.drop(columns="_rows").reset_index(drop=True)[list(SUMMARY_COLUMNS)]


def _department(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.where(text.notna() & (text != ""), NO_DEPARTMENT).astype(str)
