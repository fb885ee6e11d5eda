"""Similar initiatives in two counties: whom a county can learn from.

Within a county two similar initiatives may duplicate each other (the
county's own Overlaps sheet). Across counties they cannot: two counties
working on the same problem are a chance to learn, so the programme lists
them with that purpose and wording. They are found by the one overlap
detection (:func:`xl_tracker.overlaps.find_overlaps`) on every county's
Initiatives and Measures put together, IDs qualified by county, told to pair
only initiatives of two counties: two of one county are never scored, nor
take the place of another county's initiative under the partner caps (a
county with many similar initiatives of its own would otherwise hide what
others do like them). Only content reasons count across counties (similar
title, challenge, root cause, measure): dates, sites and task teams are
cleared first, because a finished initiative elsewhere is the best one to
learn from, and two counties share no sites or members. Each initiative is
listed with at most :data:`PER_INITIATIVE` partners, the most similar first.
"""

from __future__ import annotations

import pandas as pd

from xl_tracker.contract import INITIATIVES, MEASURES, MEMBERS, OutputColumn, OutputSheet, Shown
from xl_tracker.overlaps import find_overlaps
from xl_tracker.overlaps.reasons import SEPARATOR, words_of
from xl_tracker.rollup.counties import County
from xl_tracker.rollup.programme import ROW_SPAN, pooled_usable, unqualified

PER_INITIATIVE = 3
"""Partners listed per initiative (each pair counts for both of its initiatives)."""
CLEARED = ("Start date", "End date", "Task team", "Sites")
"""Initiatives columns cleared before matching across counties (see the module docstring)."""
COUNTY_NUMBER = "county number"
"""A column added to the pooled Initiatives (each row's county, from its row number): pairs are made across it."""

LEARN_FROM = OutputSheet(
    "Learn from",
    (
        OutputColumn("county_a", "County A", Shown.TEXT, "A county."),
        OutputColumn("initiative_a", "Initiative A", Shown.ID, "Its initiative."),
        OutputColumn("title_a", "Title A", Shown.TEXT, "Its title."),
        OutputColumn("status_a", "Status A (recorded)", Shown.STATUS, "Its Status as the county recorded it (its Initiative Results computes one from its measures)."),
        OutputColumn("county_b", "County B", Shown.TEXT, "Another county."),
        OutputColumn("initiative_b", "Initiative B", Shown.ID, "Its similar initiative."),
        OutputColumn("title_b", "Title B", Shown.TEXT, "Its title."),
        OutputColumn("status_b", "Status B (recorded)", Shown.STATUS, "Its Status as the county recorded it."),
        OutputColumn("similar_in", "Similar in", Shown.TEXT, "What the two have in common (docs/overlaps.md)."),
        OutputColumn("score", "Score", Shown.INTEGER, "0-100: how similar the two are (the Overlaps score)."),
        OutputColumn("suggestion", "Suggestion", Shown.TEXT, "Whom to ask: learning from each other, not duplication."),
    ),
    "Similar initiatives in two counties: a chance to learn from each other (not duplication: each county runs its own).",
)


LEARNING_TABLES = {MEMBERS.name: ("Member ID",), INITIATIVES.name: ("Initiative ID", "Owner"), MEASURES.name: ("Initiative ID",)}
"""The usable tables the matching reads (name -> ID columns qualified by county)."""


def learning_input(counties: list[County]) -> tuple[list[str], list[dict[str, pd.DataFrame]]]:
    """What :func:`similar_in` needs of the counties: their names and :data:`LEARNING_TABLES`, small to send to a worker."""
    return [c.name for c in counties], [{n: c.run.checks.usable[n] for n in LEARNING_TABLES if n in c.run.checks.usable} for c in counties]


def similar_initiatives(counties: list[County]) -> pd.DataFrame:
    """The Learn from table (keys of :data:`LEARN_FROM`), the most similar pairs first."""
    return similar_in(*learning_input(counties))


def similar_in(names: list[str], usables: list[dict[str, pd.DataFrame]]) -> pd.DataFrame:
    """:func:`similar_initiatives` from the counties' names and usable tables, in county order (a worker's job)."""
    columns = list(LEARN_FROM.keys)
    if len(names) < 2:
        return pd.DataFrame(columns=columns)
    usable = pooled_usable(usables, LEARNING_TABLES)
    initiatives = usable.get(INITIATIVES.name)
    if initiatives is None or len(initiatives) < 2:
        return pd.DataFrame(columns=columns)
    initiatives = initiatives.copy()
    for column in CLEARED:
        if column in initiatives:
            initiatives[column] = None
    initiatives[COUNTY_NUMBER] = initiatives.index // ROW_SPAN
    usable[INITIATIVES.name] = initiatives
    pairs = find_overlaps(usable, apart_by=COUNTY_NUMBER)
    if "offer_match" in pairs:
        pairs = pairs[~pairs["offer_match"].astype(bool)]
    titles = dict(zip(initiatives["Initiative ID"].tolist(), initiatives["Title"].tolist()))
    statuses = dict(zip(initiatives["Initiative ID"].tolist(), initiatives["Status"].tolist())) if "Status" in initiatives else {}
    listed: dict[str, int] = {}
    rows = []
    for a, b, reasons, score in pairs.loc[:, ["initiative_a", "initiative_b", "reasons", "score"]].itertuples(index=False):
        if listed.get(a, 0) >= PER_INITIATIVE or listed.get(b, 0) >= PER_INITIATIVE:
            continue
        listed[a] = listed.get(a, 0) + 1
        listed[b] = listed.get(b, 0) + 1
        county_a, county_b = names[_county_number(a)], names[_county_number(b)]
        similar = ", ".join(words_of(c) for c in str(reasons).split(SEPARATOR.strip()) if c.strip())
        rows.append({
            "county_a": county_a, "initiative_a": unqualified(a), "title_a": titles.get(a), "status_a": statuses.get(a),
            "county_b": county_b, "initiative_b": unqualified(b), "title_b": titles.get(b), "status_b": statuses.get(b),
            "similar_in": similar, "score": int(score),
            "suggestion": f"Learn from each other: {county_a} and {county_b} have initiatives with {similar}; their owners compare approaches and results",
        })
    return pd.DataFrame(rows, columns=columns)


def _county_number(qualified_id: object) -> int:
    return int(str(qualified_id).split(":", 1)[0])
