"""How the headline was made, in words that travel with it: the one place any view gets them from.

No headline figure stands alone: the Dashboard, the About sheet, the CLI
summary, the ribbon's message and both reports print the sentences of one
:class:`MethodNote` beside it (method, n, raters, rounds, scale, minimum
items, what is compared: the mix of compared rounds and the members who
left). A view may choose which sentences to print and format the figures
itself (a sentence that holds a figure takes the view's ``percent``
formatter); it never words the method on its own. The note also says which
figure is the headline and which are secondary (the other method, the POMP
change, the other raters' headlines and their coverage).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from xl_tracker.contract import COMPARE_FIRST_TO_LAST, HEADLINE_METHODS

CHANGE_OF_MEANS, MEAN_OF_CHANGES = HEADLINE_METHODS
_METHOD_WORDS = {
    CHANGE_OF_MEANS: "the change of {whose} mean score from baseline (mean latest − mean baseline, ÷ mean baseline)",
    MEAN_OF_CHANGES: "the mean of the members' own % changes from baseline",
}
HEADLINE_NAME = "Average increase from baseline"
ARROW = "→"
POMP_NAME = "POMP change"
MIXED = "mixed"
"""The mix's name for a member whose indicators compare different rounds."""


def mix_text(mix: tuple[tuple[str, int], ...]) -> str | None:
    """``16 Baseline→Endline, 1 Baseline→Midline`` from (rounds, members) pairs; None when empty."""
    return ", ".join(f"{count} {pair}" for pair, count in mix) or None


def _one_decimal(share: float) -> str:
    return f"{share:.1%}"


@dataclass(frozen=True)
class RaterFigure:
    """One rater's headline (by the Headline method) and its n; ``covered`` = members of the headline's n it also compares."""

    rater: str
    value: float | None
    n: int
    covered: int


def _plain(x: float) -> str:
    return f"{x:g}"


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _members(n: int) -> str:
    return _count(n, "member")


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
    compared: tuple[str, str] | None = None
    """The two fixed Compared rounds, or None for each member's first and last scored round."""
    mix: tuple[tuple[str, int], ...] = ()
    """(``Baseline→Endline`` or :data:`MIXED`, members) for the n members, most first."""
    exits_compared: int = 0
    """Members in the n who left the programme before the as-of date (compared up to their last round)."""
    exits_left_out: int = 0
    """Members who left and have no change (not in the n)."""
    not_compared: int = 0
    """Members with a score who are not in the n (a single round, or not both Compared rounds), exits included."""
    secondary: tuple[tuple[str, float | None], ...] = ()
    """(name, value) of the secondary team figures of the headline rater: the other method, then POMP change."""
    raters: tuple[RaterFigure, ...] = ()
    """Every rater with a score, the Rater for results first."""
    whose: str = field(default="the team's", compare=False)
    """Whose mean score a change of means compares, in words: a team's, or a roll-up's pooled members' (the wording, not the method)."""

    @property
    def has_headline(self) -> bool:
        return self.n > 0 and self.indicators_in_headline > 0

    @property
    def definition(self) -> str:
        """What the headline method computes per indicator, in words."""
        return _METHOD_WORDS.get(self.headline_method, self.headline_method).format(whose=self.whose)

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
            f"of its answered items when at least {self.min_items} of them (by weight) are answered; {self.baseline_words}"
        )

    @property
    def baseline_words(self) -> str:
        """What baseline and latest are under the Compared rounds setting."""
        if self.compared is None:
            return f"baseline is the first of the rounds {self.rounds_text} with a score, latest the last one after it."
        return f"baseline is the {self.compared[0]} score and latest the {self.compared[1]} score (Compared rounds)."

    @property
    def text(self) -> str:
        """The method note: the headline sentence, the scores sentence, the rounds compared and the exits."""
        return " ".join(p for p in (self.method_text, self.mix_sentence, self.exits_sentence) if p)

    @property
    def method_text(self) -> str:
        """The headline and scores sentences alone, for a view that prints the rounds compared and the exits on lines of their own."""
        return f"{self.headline_sentence} {self.scores_sentence}"

    @property
    def figures(self) -> str:
        """n, scale, rater and method in one line, printed under every headline figure."""
        return (
            f"n = {self.n} member{'s' if self.n != 1 else ''} with a baseline and a latest score; "
            f"scale {_plain(self.scale_min)}–{_plain(self.scale_max)}; rater: {self.rater}; method: {self.headline_method}; "
            f"compared rounds: {self.comparison}."
        )

    @property
    def no_headline(self) -> str:
        """What a view prints where the headline figure would be when there is none."""
        return "no member has both a baseline and a later score"

    @property
    def comparison(self) -> str:
        """The Compared rounds setting in words: ``First to last`` or ``Baseline→Endline``."""
        return COMPARE_FIRST_TO_LAST if self.compared is None else ARROW.join(self.compared)

    @property
    def mix_text(self) -> str:
        """``15 Baseline→Endline, 2 Baseline→Midline, 1 Midline→Endline`` (members of the n by the rounds they compare)."""
        return mix_text(self.mix) or ""

    @property
    def mix_sentence(self) -> str:
        """Which rounds the n members compare, and who is left out."""
        if not self.mix:
            return ""
        if self.compared is None:
            how = "each member's first and last scored round"
            words = f"Rounds compared ({how}): {self.mix_text}"
            if any(pair == MIXED for pair, _ in self.mix):
                words += f" ({MIXED}: the rounds differ between the member's indicators; Member Results shows each)"
        else:
            words = f"Rounds compared: {self.comparison} only, for {_members(self.n)}"
        if self.not_compared:
            missing = "both compared rounds" if self.compared is not None else "a later score"
            words += f"; {_members(self.not_compared)} without {missing} {'are' if self.not_compared != 1 else 'is'} left out"
        return words + "."

    @property
    def exits_sentence(self) -> str:
        """The members who left the programme, and how they count (empty when none left)."""
        parts = []
        if self.exits_compared:
            last = "their last round before leaving" if self.compared is None else self.compared[1]
            parts.append(f"{_members(self.exits_compared)} who left the programme {'are' if self.exits_compared != 1 else 'is'} compared up to {last}")
        if self.exits_left_out:
            score = "a later score" if self.compared is None else f"an {self.compared[1]} score" if self.compared[1][:1].casefold() in "aeiou" else f"a {self.compared[1]} score"
            parts.append(f"{_members(self.exits_left_out)} who left without {score} {'are' if self.exits_left_out != 1 else 'is'} left out")
        if not parts:
            return ""
        text = "; ".join(parts)
        return "Exits: " + text + "."

    def secondary_sentence(self, percent: Callable[[float], str] = _one_decimal) -> str:
        """The secondary figures, labelled as such: the other method and the POMP change."""
        shown = [(name, value) for name, value in self.secondary if value is not None]
        if not shown or not self.has_headline:
            return ""
        words = "; ".join(
            f"{POMP_NAME} {percent(value)} of the scale" if name == POMP_NAME else f"{name.lower()} {percent(value)}" for name, value in shown
        )
        return f"Secondary figures (not the headline): {words}."

    def raters_sentence(self, percent: Callable[[float], str] = _one_decimal) -> str:
        """Every rater's headline by the same method, with its n; the Rater for results' marked as the headline."""
        shown = [r for r in self.raters if r.value is not None]
        if len(shown) < 2 and all(r.rater == self.rater for r in shown):
            return ""
        parts = [
            f"{r.rater} {percent(r.value)} (n = {r.n}{', the headline' if r.rater == self.rater else ''})"  # type: ignore[arg-type]
            for r in shown
        ]
        return f"By rater ({self.headline_method.lower()}): {'; '.join(parts)}."

    def beside_headline(self, percent: Callable[[float], str] = _one_decimal) -> tuple[str, ...]:
        """The lines every view prints under a headline's figures: secondary figures, each rater's headline, the raters' coverage (empty ones left out)."""
        return tuple(s for s in (self.secondary_sentence(percent), self.raters_sentence(percent), self.coverage_sentence) if s)

    @property
    def coverage_sentence(self) -> str:
        """How many of the n members each other rater also scored in the same compared rounds."""
        others = [r for r in self.raters if r.rater != self.rater]
        if not others or not self.n:
            return ""
        parts = [f"{r.rater} ratings cover {r.covered} of the {_members(self.n)} in the headline" for r in others]
        return "; ".join(parts) + " (a score at both of the member's compared rounds in at least one indicator)."

    @property
    def gap_sentence(self) -> str:
        """What the rating gap is (Member Results' gap column, the member report's self-and-coach table)."""
        return (
            f"Gap = the {self.rater} score minus the other rater's, both at the round the other rater scored last; "
            f"a positive gap means the {self.rater} rating is the higher one."
        )

    def all_row_name(self, rater: str) -> str:
        """The Team Results ALL row's name: the row holding the headline, or a secondary one (short: the sheet's column shows it whole)."""
        if rater != self.rater:
            return f"All indicators: {rater}, secondary"
        return f"All indicators: HEADLINE = % change ({self.headline_method.lower()})"

    def headline_with_figures(self, value: str) -> str:
        """The headline as one sentence, with what it compares: ``value`` is the figure as the view formats it."""
        if not self.has_headline:
            return f"There is no {HEADLINE_NAME.lower()} yet: {self.no_headline}."
        return (
            f"{HEADLINE_NAME}: {value} ({self.headline_method.lower()}, "
            f"mean over {self.indicators_in_headline} indicator{'s' if self.indicators_in_headline != 1 else ''}; "
            f"n = {self.n} members with a baseline and a latest score; scale {self.scale}; rater: {self.rater}"
            + (f"; rounds compared: {self.mix_text}" if self.mix else "")
            + ")."
        )

    @property
    def score_notes(self) -> list[str]:
        """How a score, a baseline, a latest and a change are made: the notes a team and a member report share."""
        return [
            f"An indicator score is the weighted mean of its item scores ({self.scale}), given when at least {self.min_items} of its items (by weight) are answered.",
            f"Scores are the {self.rater} rater's. Rounds in time order: {self.rounds_text}.",
            (
                "Baseline is a member's score at the first round that has one; latest is the score at the last round after it."
                if self.compared is None
                else f"Baseline is a member's {self.compared[0]} score and latest the {self.compared[1]} score; members without both are left out."
            ),
            "Change = latest − baseline; % change = change ÷ baseline; POMP = change as a percentage of the scale's range.",
        ]

    def member_sentence(self, changed: int, indicators: int, compared: str, other_raters: Sequence[str] = ()) -> str:
        """What one member's own figures compare: their rounds, raters and n (indicators with a change), never the team's mix or n.

        ``compared`` is the member's Compared column (``Baseline→Midline; left 31 Jul 2026``), ``other_raters`` the raters
        whose scores the report shows beside the member's.
        """
        if not changed:
            words = f"Your figures: none of the {_count(indicators, 'indicator')} has both a baseline and a later {self.rater} score of yours yet"
        else:
            words = (
                f"Your figures compare your own {self.rater} scores: n = {changed} of {_count(indicators, 'indicator')} "
                f"with a baseline and a later score"
            )
            if compared:
                words += f" ({compared})"
        if other_raters:
            words += f"; {' and '.join(other_raters)} ratings are shown beside yours, not in them"
        return words + ". The team's headline and its n are in the team report."

    def member_text(self, changed: int, indicators: int, compared: str, other_raters: Sequence[str] = ()) -> str:
        """The member report's note under its indicator table: what the member's figures compare, then how scores are made."""
        return f"{self.member_sentence(changed, indicators, compared, other_raters)} {self.scores_sentence}"

    def member_notes(self, changed: int, indicators: int, compared: str, other_raters: Sequence[str] = ()) -> list[str]:
        """The member report's method list: how scores are made, then what this member's figures compare."""
        return [*self.score_notes, self.member_sentence(changed, indicators, compared, other_raters)]

    @property
    def notes(self) -> list[str]:
        """The method, one sentence each, for a report's bulleted list."""
        return [
            *self.score_notes,
            f"The headline ({self.headline_method}) is the mean over the indicators of {self.definition}.",
            f"n = {self.n} members with both a baseline and a latest score.",
            *(p for p in (self.mix_sentence, self.exits_sentence, self.coverage_sentence) if p),
        ]


def method_note(
    headline_method: str, rater: str, scale_min: float, scale_max: float, rounds: tuple[str, ...],
    min_items_answered: float, n: int, n_by_indicator: dict[str, int], indicators_in_headline: int,
    **comparison,
) -> MethodNote:
    """The note of one run; ``comparison`` holds the fields from ``compared`` on (the mix, exits, secondary figures, raters)."""
    return MethodNote(
        headline_method, rater, scale_min, scale_max, tuple(rounds), min_items_answered, n,
        dict(n_by_indicator), indicators_in_headline, **comparison,
    )
