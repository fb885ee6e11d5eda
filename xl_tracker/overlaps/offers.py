"""Open requests matched to open offers whose description says the same thing.

An entry is open when its Status is blank or Open. A request and an offer
match when they come from different members, their descriptions are similar
(the same words-and-gate similarity as initiatives, at
:data:`OFFER_THRESHOLD`), and neither is addressed to someone else: a request
with a To member matches only offers From that member, and an offer with a
To member matches only requests From that member (blank To = anyone).

Each match is one Overlaps row: Initiative A = the request, Initiative B =
the offer (their ID on the Offers & Requests sheet, or ``OR@<row>`` when the
ID cell is blank or unusable, ``<row>`` being the Excel row), Title A/B =
their descriptions, Owner A/B =
their From members with those members' departments, Reasons =
OFFER-MATCHES-REQUEST, Score = the description similarity (whole number),
Suggested action = "Take up the offer". Rows are ranked by Score, highest
first, then in sheet order of the request and of the offer. As for initiatives, an entry lists at most
:data:`~xl_tracker.overlaps.pairs.MAX_PARTNERS` matches (its strongest)
unless the other side lists it among its own.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from xl_tracker.contract import OFFER_REQUEST_STATUSES, OFFER_REQUEST_TYPES, OVERLAPS
from xl_tracker.overlaps.candidates import similar_rows
from xl_tracker.overlaps.pairs import MAX_PARTNERS, overlap_frame, strongest_partners
from xl_tracker.overlaps.reasons import OFFER_MATCHES_REQUEST, REASONS_BY_CODE
from xl_tracker.overlaps.text import TextNormaliser

OFFER_THRESHOLD = REASONS_BY_CODE[OFFER_MATCHES_REQUEST].threshold
"""Least description similarity (0-100, after the shared-words gate) for a match (the reasons table's)."""
OPEN_STATUS = OFFER_REQUEST_STATUSES[0]
OFFER, REQUEST = OFFER_REQUEST_TYPES


def entry_label(entry_id: object, row: int) -> str:
    """The ID shown in the Initiative columns: the entry's ID, or ``OR@<Excel row>`` when it has none."""
    if isinstance(entry_id, str) and entry_id.strip():
        return entry_id.strip()
    return f"OR@{row}"


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def offer_matches(entries: pd.DataFrame, normaliser: TextNormaliser, departments: Mapping[str, object]) -> pd.DataFrame:
    """Overlaps rows for every open request answered by an open offer (contract headers).

    The rules are applied to all similar pairs at once (arrays of codes, not
    a Python test per pair): a workbook with a thousand open entries has tens
    of thousands of similar pairs.
    """
    columns = list(OVERLAPS.keys)
    if entries is None or entries.empty:
        return pd.DataFrame(columns=columns)
    entries = entries.sort_index()
    col = lambda name: entries[name].tolist() if name in entries else [None] * len(entries)  # noqa: E731
    kinds, senders, to, status = col("Type"), col("From"), col("To"), col("Status")
    ids, descriptions = col("ID"), col("Description")
    rows = entries.index.tolist()
    usable = [
        k
        for k in range(len(entries))
        if kinds[k] in (OFFER, REQUEST) and _text(senders[k]) and (_text(status[k]) in (None, OPEN_STATUS))
    ]
    if len(usable) < 2:
        return pd.DataFrame(columns=columns)
    words = [normaliser.words(descriptions[k]) for k in usable]
    # members as codes: -1 = blank To (anyone); a To naming no sender is a code no sender has
    names = [_text(senders[k]) for k in usable] + [_text(to[k]) for k in usable]
    codes = pd.factorize(pd.Series(names, dtype="object"))[0]
    sender, addressee = codes[: len(usable)], codes[len(usable) :]
    is_request = np.array([kinds[k] == REQUEST for k in usable])
    always = np.zeros(len(usable), np.int64)
    pairs = similar_rows(words, OFFER_THRESHOLD, always, always, owners=sender, groups=is_request.astype(np.int64))
    x, y, score = pairs.left, pairs.right, pairs.score
    request = np.where(is_request[x], x, y)
    offer = np.where(is_request[x], y, x)
    match = (addressee[request] < 0) | (addressee[request] == sender[offer])
    match &= (addressee[offer] < 0) | (addressee[offer] == sender[request])
    request, offer, score = request[match], offer[match], score[match]
    if len(request):
        labels = [entry_label(ids[k], rows[k]).casefold() for k in usable]
        rank = pd.Series(labels).rank(method="dense").to_numpy()
        strongest = strongest_partners(request, offer, score, rank, MAX_PARTNERS)
        request, offer, score = request[strongest], offer[strongest], score[strongest]
    position = np.asarray(usable, np.int64)  # usable entries are in sheet order
    order = np.lexsort((position[offer], position[request], -np.round(score)))  # ranked: Score first, then sheet order
    request, offer, score = position[request[order]], position[offer[order]], score[order]
    label = np.array([entry_label(i, r) for i, r in zip(ids, rows)], dtype=object)
    member = np.array([_text(v) for v in senders], dtype=object)
    department = np.array([departments.get(m) for m in member.tolist()], dtype=object)
    description = np.array([_text(v) for v in descriptions], dtype=object)
    return overlap_frame(len(request), {
        "initiative_a": label[request], "title_a": description[request], "owner_a": member[request], "department_a": department[request],
        "initiative_b": label[offer], "title_b": description[offer], "owner_b": member[offer], "department_b": department[offer],
        "reasons": OFFER_MATCHES_REQUEST, "score": np.round(score).astype(np.int64),
        "suggested_action": REASONS_BY_CODE[OFFER_MATCHES_REQUEST].action, "offer_match": np.ones(len(request), dtype=bool),
    })
