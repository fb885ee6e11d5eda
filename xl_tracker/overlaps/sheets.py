"""The one Overlaps frame split into the sheets a manager reads: initiative pairs, and offers matched to requests.

:func:`~xl_tracker.overlaps.find_overlaps` returns one frame (reports and
the roll-up read both kinds of row from it). On the workbook the two kinds
have different headers: an offer row's "Initiative A" is a request and its
"Title A" a description, which read wrongly under initiative headers. So
the Overlaps sheet shows the initiative pairs, and Offer matches shows the
offer rows under their own headers; both keep the frame's ranking.
"""

from __future__ import annotations

import pandas as pd

from xl_tracker.contract import OFFER_MATCHES, OVERLAP_SUMMARY, OVERLAPS
from xl_tracker.overlaps.summary import overlap_summary

OFFER_COLUMNS = {
    "initiative_a": "request_id", "title_a": "request", "owner_a": "requested_by", "department_a": "request_department",
    "initiative_b": "offer_id", "title_b": "offer", "owner_b": "offered_by", "department_b": "offer_department",
    "score": "similarity", "suggested_action": "suggested_action",
}
"""Overlaps frame key -> Offer matches key (A is the request, B the offer)."""


def _offer_rows(overlaps: pd.DataFrame | None) -> pd.Series:
    if overlaps is None or overlaps.empty or "offer_match" not in overlaps:
        return pd.Series(False, index=getattr(overlaps, "index", None), dtype=bool)
    return overlaps["offer_match"].fillna(False).astype(bool)


def initiative_overlaps(overlaps: pd.DataFrame | None) -> pd.DataFrame:
    """The Overlaps sheet's rows: the frame without its offer rows (contract keys, ranked as found)."""
    if overlaps is None:
        return pd.DataFrame(columns=list(OVERLAPS.keys))
    return overlaps.loc[~_offer_rows(overlaps)].reset_index(drop=True)


def offer_matches(overlaps: pd.DataFrame | None) -> pd.DataFrame:
    """The Offer matches sheet's rows: the frame's offer rows under :data:`~xl_tracker.contract.OFFER_MATCHES` keys."""
    if overlaps is None or overlaps.empty:
        return pd.DataFrame(columns=list(OFFER_MATCHES.keys))
    rows = overlaps.loc[_offer_rows(overlaps)]
    frame = pd.DataFrame({new: rows[old] if old in rows else None for old, new in OFFER_COLUMNS.items()})
    return frame.reset_index(drop=True)[list(OFFER_MATCHES.keys)]


def overlap_frames(overlaps: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Sheet name -> rows, for the three sheets made from the Overlaps frame (summary, initiative pairs, offers)."""
    return {
        OVERLAP_SUMMARY.name: overlap_summary(overlaps),
        OVERLAPS.name: initiative_overlaps(overlaps),
        OFFER_MATCHES.name: offer_matches(overlaps),
    }
