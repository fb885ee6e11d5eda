"""One member's overlaps, seen from their side: for the member report's "coordinate with ... on ..." lines.

The Overlaps sheet names two sides per row (A and B). A member report needs
the rows where the member is either side, turned so that "yours" is the
member's initiative (or request/offer) and "theirs" the other member's. The
team report uses the Overlaps DataFrame as it is.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from xl_tracker.overlaps.reasons import words_of

MEMBER_VIEW_COLUMNS = (
    "Yours", "Other member", "Other department", "Theirs", "Reasons", "Score", "Suggested action",
)
"""Columns of :func:`overlaps_for_member`: Yours/Theirs hold initiative (or Offers & Requests) IDs."""

def overlaps_for_member(overlaps: pd.DataFrame, member_id: str) -> pd.DataFrame:
    """The rows of ``overlaps`` (the Overlaps sheet as :func:`find_overlaps` returns it) that involve ``member_id``.

    One row per overlap in the sheet's order, columns
    :data:`MEMBER_VIEW_COLUMNS`: the member's own item, the other member, their
    department and item, the reasons, score and suggested action. The member
    is matched case-insensitively; a member with no overlaps gets an empty
    frame with the same columns.
    """
    key = member_id.strip().casefold()
    rows = []
    for record in overlaps.to_dict("records"):
        for mine, other in (("a", "b"), ("b", "a")):
            if str(record[f"owner_{mine}"] or "").strip().casefold() == key:
                rows.append(
                    {
                        "Yours": record[f"initiative_{mine}"],
                        "Other member": record[f"owner_{other}"],
                        "Other department": record[f"department_{other}"],
                        "Theirs": record[f"initiative_{other}"],
                        "Reasons": record["reasons"],
                        "Score": record["score"],
                        "Suggested action": record["suggested_action"],
                    }
                )
                break
    return pd.DataFrame(rows, columns=list(MEMBER_VIEW_COLUMNS))


def reasons_in_words(reasons: str) -> str:
    """"SAME-SITE; SIMILAR-TITLE" -> "the same site and a similar title" (for report sentences)."""
    parts = [words_of(code) for code in reasons.split(";") if code.strip()]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def reason_words_column(codes: pd.Series) -> pd.Series:
    """The Overlaps sheet's Reasons: each row's codes in the reports' words, as a cell starts ("The same site and a similar
    title"); each distinct set of codes is worded once, in any workbook (there are a few hundred sets at most)."""
    return pd.Series([_cell_words(text) for text in codes.tolist()], index=codes.index, dtype=object)


@lru_cache(maxsize=None)
def _cell_words(codes: object) -> str:
    phrase = reasons_in_words(codes) if isinstance(codes, str) else ""
    return phrase[:1].upper() + phrase[1:]
