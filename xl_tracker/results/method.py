"""How the headline was made, in words that travel with it: the one place any view gets them from.

No headline figure stands alone: the Dashboard, the About sheet, the CLI
summary, the ribbon's message and both reports print the sentences of one
:class:`MethodNote` beside it (method, n, raters, rounds, scale, minimum
items, what is compared). A view may choose which sentences to print and
format the headline figure itself; it never words the method on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xl_tracker.contract import HEADLINE_METHODS

CHANGE_OF_MEANS, MEAN_OF_CHANGES = HEADLINE_METHODS
_METHOD_WORDS = {
    CHANGE_OF_MEANS: "the change of the team's mean score from baseline (mean latest − mean baseline, ÷ mean baseline)",
    MEAN_OF_CHANGES: "the mean of the members' own % changes from baseline",
}
HEADLINE_NAME = "Average increase from baseline"


def _plain(x: float) -> str:
    return f"{x:g}"


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


def _members(n: int) -> str:
    return f"{n} member{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class MethodNote:
    """The method behind the headline and the figures beside it, with every sentence a view prints about them."""

    headline_method: str
    rater: str
    scale_min: float
    scale_max: float
    rounds: tuple[str, ...]
    min_items_answered: float
    n: int
    """Members with a baseline and a latest score in at least one indicator."""
    n_by_indicator: dict[str, int] = field(default_factory=dict)
    indicators_in_headline: int = 0
    """Indicators with n >= 1 and a % by the headline method: the headline is their mean."""

    @property
    def has_headline(self) -> bool:
        return self.n > 0 and self.indicators_in_headline > 0

    @property
    def definition(self) -> str:
        """What the headline method computes per indicator, in words."""
        return _METHOD_WORDS.get(self.headline_method, self.headline_method)

    @property
    def scale(self) -> str:
        """``1 to 5``."""
        return f"{_plain(self.scale_min)} to {_plain(self.scale_max)}"

    @property
    def rounds_text(self) -> str:
        return ", ".join(self.rounds)

    @property
    def min_items(self) -> str:
        """``80%``."""
        return _percent(self.min_items_answered)

    @property
    def headline_sentence(self) -> str:
        """What the headline is the mean of, over how many indicators and members (or why there is none)."""
        if not self.has_headline:
            return f"No headline yet: no member has both a baseline and a later {self.rater} score."
        indicators = "indicator" if self.indicators_in_headline == 1 else "indicators"
        return (
            f"Headline ({self.headline_method}): the mean over {self.indicators_in_headline} {indicators} of "
            f"{self.definition}, for n = {_members(self.n)} with a baseline and a later score."
        )

    @property
    def scores_sentence(self) -> str:
        """Whose scores, on which scale, from which items and rounds."""
        return (
            f"Scores are {self.rater} ratings on a {_plain(self.scale_min)}–{_plain(self.scale_max)} scale, each indicator scored as the weighted mean "
            f"of its answered items when at least {self.min_items} of them (by weight) are answered; "
            f"baseline is the first of the rounds {self.rounds_text} with a score, latest the last one after it."
        )

    @property
    def text(self) -> str:
        """The method note: the headline sentence and the scores sentence."""
        return f"{self.headline_sentence} {self.scores_sentence}"

    @property
    def figures(self) -> str:
        """n, scale, rater and method in one line, printed under every headline figure."""
        return (
            f"n = {self.n} member{'s' if self.n != 1 else ''} with a baseline and a latest score; "
            f"scale {_plain(self.scale_min)}–{_plain(self.scale_max)}; rater: {self.rater}; method: {self.headline_method}."
        )

    @property
    def no_headline(self) -> str:
        """What a view prints where the headline figure would be when there is none."""
        return "no member has both a baseline and a later score"

    def headline_with_figures(self, value: str) -> str:
        """The headline as one sentence, with what it compares: ``value`` is the figure as the view formats it."""
        if not self.has_headline:
            return f"There is no {HEADLINE_NAME.lower()} yet: {self.no_headline}."
        return (
            f"{HEADLINE_NAME}: {value} ({self.headline_method.lower()}, "
            f"mean over {self.indicators_in_headline} indicator{'s' if self.indicators_in_headline != 1 else ''}; "
            f"n = {self.n} members with a baseline and a latest score; scale {self.scale}; rater: {self.rater})."
        )

    @property
    def notes(self) -> list[str]:
        """The method, one sentence each, for a report's bulleted list."""
        return [
            f"An indicator score is the weighted mean of its item scores ({self.scale}), given when at least {self.min_items} of its items (by weight) are answered.",
            f"Scores are the {self.rater} rater's. Rounds in time order: {self.rounds_text}.",
            "Baseline is a member's score at the first round that has one; latest is the score at the last round after it.",
            "Change = latest − baseline; % change = change ÷ baseline; POMP = change as a percentage of the scale's range.",
            f"The headline ({self.headline_method}) is the mean over the indicators of {self.definition}.",
            f"n = {self.n} members with both a baseline and a latest score.",
        ]


def method_note(
    headline_method: str, rater: str, scale_min: float, scale_max: float, rounds: tuple[str, ...],
    min_items_answered: float, n: int, n_by_indicator: dict[str, int], indicators_in_headline: int,
) -> MethodNote:
    """The note of one run."""
    return MethodNote(
        headline_method, rater, scale_min, scale_max, tuple(rounds), min_items_answered, n,
        dict(n_by_indicator), indicators_in_headline,
    )
