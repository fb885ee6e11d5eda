"""Very long free text in a report is cut, with a note of how much was left out.

One cell can hold 32,767 characters and a note typed (or pasted) into it
can be a whole document; repeated in a member report it made reports of
hundreds of pages, which LibreOffice then took minutes to convert. Each
piece of workbook text is therefore capped at :data:`TEXT_LIMIT`
characters, cut at a word boundary, and the note says how many characters
were left out and where the full text is.
"""

from __future__ import annotations

TEXT_LIMIT = 1500
"""Characters of one piece of workbook text shown in a report (about half a page)."""


def cap_text(text: str, limit: int = TEXT_LIMIT) -> str:
    """``text`` if it is at most ``limit`` characters, else its start cut at a space and a note of what was left out."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut < limit // 2:
        cut = limit
    shown = text[:cut].rstrip()
    return f"{shown} … [{len(text) - len(shown):,} more characters left out here; the full text is in the workbook]"
