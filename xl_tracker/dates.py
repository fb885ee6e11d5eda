"""A date in words, as every sentence and report prints it: ``15 Oct 2026``.

A date in a cell keeps its date kind (the sheet's date number format); a
date inside words (a report, the Compared column of Member Results, the
Dashboard's as-of line, the programme report) is written by this one
function, so a manager reads one unambiguous date format whichever layer
made the sentence. Issue messages quote a typed value as it is typed
(``cells.show``, dd/mm/yyyy), since they tell a coach what to retype.
"""

from __future__ import annotations

import datetime as dt


def date_in_words(value: dt.date) -> str:
    """``15 Oct 2026`` (no leading zero, the month's short English name)."""
    return f"{value.day} {value.strftime('%b %Y')}"
