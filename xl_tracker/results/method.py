"""How the headline was made, in words that travel with it.

No headline figure stands alone: the About sheet and every report print the
:class:`MethodNote` text beside it (method, n, scale, rater, minimum items).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xl_tracker.contract import HEADLINE_METHODS

_METHOD_WORDS = {
    HEADLINE_METHODS[0]: "the change of the team's mean score from baseline (mean latest − mean baseline, ÷ mean baseline)",
    HEADLINE_METHODS[1]: "the mean of the members' own % changes from baseline",
}


@dataclass(frozen=True)
class MethodNote:
    """The method behind the headline and the figures beside it."""

    headline_method: str
    rater: str
    scale_min: int
    scale_max: int
    rounds: tuple[str, ...]
    min_items_answered: float
    n: int
    """Members with a baseline and a latest score in at least one indicator."""
    n_by_indicator: dict[str, int] = field(default_factory=dict)
    text: str = ""
    indicators_in_headline: int = 0
    """Indicators with n >= 1 and a % by the headline method: the headline is their mean."""


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


def method_note(
    headline_method: str, rater: str, scale_min: int, scale_max: int, rounds: tuple[str, ...],
    min_items_answered: float, n: int, n_by_indicator: dict[str, int], indicators_in_headline: int,
) -> MethodNote:
    """The note with its text: one sentence on the headline and n, one on the scores, scale and rater."""
    scores = (
        f"Scores are {rater} ratings on a {scale_min}–{scale_max} scale, each indicator scored as the weighted mean "
        f"of its answered items when at least {_percent(min_items_answered)} of them (by weight) are answered; "
        f"baseline is the first of the rounds {', '.join(rounds)} with a score, latest the last one after it."
    )
    if n == 0 or indicators_in_headline == 0:
        first = f"No headline yet: no member has both a baseline and a later {rater} score."
    else:
        members = "member" if n == 1 else "members"
        indicators = "indicator" if indicators_in_headline == 1 else "indicators"
        first = (
            f"Headline ({headline_method}): the mean over {indicators_in_headline} {indicators} of "
            f"{_METHOD_WORDS.get(headline_method, headline_method)}, for n = {n} {members} with a baseline and a later score."
        )
    return MethodNote(
        headline_method, rater, scale_min, scale_max, tuple(rounds), min_items_answered, n,
        dict(n_by_indicator), f"{first} {scores}", indicators_in_headline,
    )
