"""Near-miss suggestions: "Did you mean 'One-on-one'?", "Did you mean M09?".

A wrong suggestion costs a coach more than none, so a suggestion is made only
when one candidate (or two equally close ones) stands out. IDs are first
compared by their shape (case, spaces and dashes, leading zeros, the letter O
typed for a zero: ``m 9``, ``M-009`` and ``MO9`` all mean ``M09``), then by
edit similarity. rapidfuzz is imported only when a value is unknown, so a clean
workbook never pays for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

CHOICE_CUTOFF = 80.0
ID_CUTOFF = 80.0

_NOT_ALNUM = re.compile(r"[^0-9a-z]")
_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")
_LETTER_O_AS_ZERO = re.compile(r"o(?=\d)|(?<=\d)o")


def id_shape(text: str) -> str:
    """The ID reduced to what a person means by it: ``'M-009'``, ``'m 9'`` and ``'MO9'`` give ``'m9'``."""
    key = _NOT_ALNUM.sub("", text.casefold())
    key = _LETTER_O_AS_ZERO.sub("0", key)
    return _LEADING_ZEROS.sub("", key)


def _best(value: str, candidates: Sequence[str], scorer_name: str, cutoff: float) -> list[str]:
    from rapidfuzz import fuzz, process, utils

    scorer = getattr(fuzz, scorer_name)
    found = process.extract(value, candidates, scorer=scorer, processor=utils.default_process, limit=3, score_cutoff=cutoff)
    if not found:
        return []
    top = found[0][1]
    tied = [c for c, score, _ in found if score == top]
    return tied if len(tied) <= 2 else []


def suggest_choice(value: str, choices: Sequence[str]) -> list[str]:
    """Up to two choices close to ``value`` (none when nothing is close or too many are)."""
    if not value or not choices:
        return []
    return _best(value, choices, "WRatio", CHOICE_CUTOFF)


class IdSuggester:
    """Suggests a defined ID for an unknown one; built once per list of definitions."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = list(dict.fromkeys(ids))
        self._by_shape: dict[str, str | None] = {}
        for i in self.ids:
            shape = id_shape(i)
            self._by_shape[shape] = None if shape in self._by_shape else i

    def __call__(self, value: str) -> str | None:
        if not value or not self.ids:
            return None
        by_shape = self._by_shape.get(id_shape(value))
        if by_shape is not None:
            return by_shape
        found = _best(value, self.ids, "ratio", ID_CUTOFF)
        return found[0] if len(found) == 1 else None


def did_you_mean(suggestions: Sequence[str], quote: bool = True) -> str:
    """`` Did you mean 'A'?`` / `` Did you mean 'A' or 'B'?`` or ``''``; quote choices, not IDs."""
    if not suggestions:
        return ""
    shown = [f"'{s}'" if quote else s for s in suggestions]
    return " Did you mean " + " or ".join(shown) + "?"
