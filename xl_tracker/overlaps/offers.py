"""Open requests matched to open offers whose description says the same thing.

An entry is open when its Status is blank or Open. A request and an offer
match when they come from different members, their descriptions are similar
(the same words-and-gate similarity as initiatives, at
:data:`OFFER_THRESHOLD`), and neither is addressed to someone else: a request
with a To member matches only offers From that member, and an offer with a
To member matches only requests From that member (blank To = anyone).

Each match is one Overlaps row: Initiative A = the request, Initiative B =
the offer (their ID on the Offers & Requests sheet, or ``OR@<row>`` when the
ID cell is blank or unusable, ``<row>`` being the Excel row), Owner A/B =
their From members with those members' departments, Reasons =
OFFER-MATCHES-REQUEST, Score = the description similarity (whole number),
Suggested action = "Take up the offer". Rows are in sheet order of the
request, then of the offer. As for initiatives, an entry lists at most
:data:`~xl_tracker.overlaps.pairs.MAX_PARTNERS` matches (its strongest)
unless the other side lists it among its own.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from xl_tracker.contract import OFFER_REQUEST_STATUSES, OFFER_REQUEST_TYPES
from xl_tracker.overlaps.candidates import similar_rows
from xl_tracker.overlaps.pairs import MAX_PARTNERS, strongest_partners
from xl_tracker.overlaps.text import TextNormaliser

OFFER_MATCHES_REQUEST = "OFFER-MATCHES-REQUEST"
TAKE_UP_THE_OFFER = "Take up the offer"
OFFER_THRESHOLD = 60.0
"""Least description similarity (0-100, after the shared-words gate) for a match."""
OPEN_STATUS = OFFER_REQUEST_STATUSES[0]
OFFER, REQUEST = OFFER_REQUEST_TYPES


def entry_label(entry_id: object, row: int) -> str:
    """The ID shown in the Initiative columns: the entry's ID, or ``OR@<Excel row>`` when it has none."""
    if isinstance(entry_id, str) and entry_id.strip():
        return entry_id.strip()
    return f"OR@{row}"


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def offer_matches(entries: pd.DataFrame, normaliser: TextNormaliser, departments: Mapping[str, object]) -> list[dict[str, object]]:
    """Overlaps rows for every open request answered by an open offer (contract headers)."""
    if entries is None or entries.empty:
        return []
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
        return []
    words = [normaliser.words(descriptions[k]) for k in usable]
    always = np.zeros(len(usable), np.int64)
    pairs = similar_rows(words, OFFER_THRESHOLD, always, always)
    found = []
    for x, y, score in zip(pairs.left.tolist(), pairs.right.tolist(), pairs.score.tolist()):
        p, q = usable[x], usable[y]
        if kinds[p] == kinds[q]:
            continue
        request, offer = (p, q) if kinds[p] == REQUEST else (q, p)
        asker, giver = _text(senders[request]), _text(senders[offer])
        if asker == giver:
            continue
        if _text(to[request]) not in (None, giver) or _text(to[offer]) not in (None, asker):
            continue
        found.append((request, offer, score))
    if found:
        labels = [entry_label(ids[k], rows[k]).casefold() for k in range(len(entries))]
        rank = pd.Series(labels).rank(method="dense").to_numpy()
        left = np.array([m[0] for m in found])
        right = np.array([m[1] for m in found])
        strongest = strongest_partners(left, right, np.array([m[2] for m in found]), rank, MAX_PARTNERS)
        found = [m for m, kept in zip(found, strongest.tolist()) if kept]
    found.sort(key=lambda m: (rows[m[0]], rows[m[1]]))
    return [
        {
            "Initiative A": entry_label(ids[r], rows[r]), "Owner A": _text(senders[r]), "Department A": departments.get(_text(senders[r])),
            "Initiative B": entry_label(ids[o], rows[o]), "Owner B": _text(senders[o]), "Department B": departments.get(_text(senders[o])),
            "Reasons": OFFER_MATCHES_REQUEST, "Score": int(round(score)), "Suggested action": TAKE_UP_THE_OFFER,
        }
        for r, o, score in found
    ]
