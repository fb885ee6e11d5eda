"""The one Overlaps frame split into the sheets a manager reads: initiative pairs, and offers matched to requests.

:func:`~xl_tracker.overlaps.find_overlaps` returns one frame (reports and
the roll-up read both kinds of row from it). On the workbook the two kinds
have different headers: an offer row's "Initiative A" is a request and its
"Title A" a description, which read wrongly under initiative headers. So
the Overlaps sheet shows the initiative pairs, and Offer matches shows the
offer rows under their own headers; both keep the frame's ranking.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_tracker.contract import OFFER_MATCHES, OVERLAP_SUMMARY, OVERLAPS
from xl_tracker.overlaps.summary import overlap_summary

OFFER_COLUMNS = {
    "initiative_a": "request_id", "title_a": "request", "owner_a": "requested_by", "department_a": "request_department",
    "initiative_b": "offer_id", "title_b": "offer", "owner_b": "offered_by", "department_b": "offer_department",
    "score": "similarity", "suggested_action": "suggested_action",
}
"""Overlaps frame key -> Offer matches key (A is the request, B the offer)."""


def _offer_rows(overlaps: pd.DataFrame) -> np.ndarray:
    """Which rows of the frame are offer rows (a bool array; none when the frame has no offer_match column)."""
    if "offer_match" not in overlaps:
        return np.zeros(len(overlaps), dtype=bool)
    return overlaps["offer_match"].fillna(False).to_numpy(dtype=bool)


def initiative_overlaps(overlaps: pd.DataFrame | None) -> pd.DataFrame:
    """The Overlaps sheet's rows: the frame without its offer rows (contract keys, ranked as found)."""
    if overlaps is None:
        return pd.DataFrame(columns=list(OVERLAPS.keys))
    offers = _offer_rows(overlaps)
    if not offers.any():  # no offer rows: the frame as it is, without a selection
        return overlaps.reset_index(drop=True)
    return overlaps.loc[~offers].reset_index(drop=True)


def offer_matches(overlaps: pd.DataFrame | None) -> pd.DataFrame:
    """The Offer matches sheet's rows: the frame's offer rows under :data:`~xl_tracker.contract.OFFER_MATCHES` keys.

    One selection of the rows and columns it keeps, then renamed: a county
    has a few hundred pairs, and selecting each column apart and building a
    frame of them cost more than finding the pairs of offers.
    """
    if overlaps is None or overlaps.empty:
        return pd.DataFrame(columns=list(OFFER_MATCHES.keys))
    kept = [old for old in OFFER_COLUMNS if old in overlaps]
    frame = overlaps.loc[_offer_rows(overlaps), kept].reset_index(drop=True)
    frame.columns = [OFFER_COLUMNS[old] for old in kept]
    for old, new in OFFER_COLUMNS.items():
        if old not in overlaps:
            frame[new] = None
    return frame[list(OFFER_MATCHES.keys)]


def overlap_frames(overlaps: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Sheet name -> rows, for the three sheets made from the Overlaps frame (summary, initiative pairs, offers)."""
    return {
        OVERLAP_SUMMARY.name: overlap_summary(overlaps),
        OVERLAPS.name: initiative_overlaps(overlaps),
        OFFER_MATCHES.name: offer_matches(overlaps),
    }
