"""Every overlap reason in one table: what it compares, how it is written, how it counts.

The Overlaps sheet's Reasons codes, the words a report uses for them, which
reasons can flag a pair (content) and which only add to it (context), the
similarity each needs, what each adds to the Score, and what each means for
the Suggested action are all read from :data:`REASONS`. Nothing else in the
package names a reason's properties: the order reasons are written in, the
bit each has in :mod:`~xl_tracker.overlaps.pairs` (its place among the
initiative reasons), the score, the action rule and the table in
``docs/overlaps.md`` (``python -m xl_tracker.overlaps`` rewrites it;
a test checks it) are derived from it.

A new reason read from a new input sheet is a new row here (the sheet and
column it compares, linked to its initiative by the sheet's Initiative ID
column) plus the sheet in the contract; the detection code reads the row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from xl_tracker.contract import INITIATIVES, MEASURES, OFFERS_REQUESTS
from xl_tracker.overlaps.sites import site_keys

CONTENT = "content"
"""A content reason flags a pair on its own: the two initiatives are about the same thing."""
CONTEXT = "context"
"""A context reason never flags a pair alone (one hospital hosts unrelated work; a few members sit on many teams)."""
OFFER = "offer"
"""Matches an open request with an open offer on Offers & Requests (its own rows, after the initiative pairs)."""
SEQUENCE = "sequence"
"""Holds on a pair whose windows do not overlap (one ended before the other started): such a pair is listed only
when a content reason that :attr:`Reason.repeats` holds too, and never duplicates work: the later one can learn."""

TALK = "Talk"
ALIGN_TARGETS = "Align targets"
FORM_ONE_TASK_TEAM = "Form one task team"
TAKE_UP_THE_OFFER = "Take up the offer"
LEARN_FROM = "Learn from the earlier one"

LEARN_FROM_DAYS = 730
"""An earlier initiative is compared with a later one when it ended at most this many days before the later one
started: two years, longer than a coaching programme, so within one county's workbook no earlier initiative is left
out, while a workbook spread over a decade does not compare every year with every other."""

SIMILARITY_SHARE = 0.6
"""Share of the best content similarity (0-100) in an initiative pair's Score."""
SAME_WORK = 2
"""Points of :attr:`Reason.same_work` that make two initiatives the same work."""
SEPARATOR = "; "
"""Between codes in the Reasons cell."""


def _people(cell: object, owner: str) -> frozenset[str]:
    """The owner and the task team (IDs, without case)."""
    if isinstance(cell, str):
        cell = cell.split(";")
    members = {v.strip() for v in cell if isinstance(v, str) and v.strip()} if isinstance(cell, (tuple, list, set, frozenset)) else set()
    return frozenset(p.casefold() for p in members | {owner})


@dataclass(frozen=True)
class Reason:
    """One reason a pair is listed on the Overlaps sheet."""

    code: str
    """Written in the Reasons cell."""
    words: str
    """How a report says it ("the same site")."""
    kind: str
    """:data:`CONTENT`, :data:`CONTEXT` or :data:`OFFER`."""
    when: str
    """When it holds, for ``docs/overlaps.md``."""
    sheet: str
    """The input sheet it reads."""
    column: str
    """The column it compares. On a sheet other than Initiatives (and Offers & Requests), each row belongs to the
    initiative in its Initiative ID column, and the reason holds when any text of one is similar to any of the other."""
    threshold: float | None = None
    """Least similarity (0-100, after the shared-words gate) of the texts, for reasons that compare text."""
    block: str | None = None
    """A column (same sheet) whose values must also be equal, compared without case."""
    keys: Callable[[object, str], frozenset[str]] | None = None
    """For a context reason: the cell (and the owner) as keys; the reason holds when the two initiatives' keys meet."""
    weight: float = 0.0
    """Score points: a context reason adds them when it holds; a content reason when it holds beside the first."""
    same_work: int = 0
    """Evidence that two initiatives are the same work (:data:`SAME_WORK` points make it)."""
    shared_ground: bool = False
    """Same work on shared ground (a site, people) is one task team's work: :data:`FORM_ONE_TASK_TEAM`."""
    action: str | None = None
    """The Suggested action this reason leads to, when no task team is suggested (first in table order)."""
    action_needs_same_numbers: bool = False
    """:attr:`action` only when the two similar texts name the same numbers: "4 ANC visits" and "first ANC visit",
    or "within 7 days" and "within 30 days", are two indicators whose targets have nothing to align."""
    repeats: bool = False
    """A content reason that also holds between an initiative and an earlier one (the :data:`SEQUENCE` reason): the
    same root cause or the same measure tackled again is worth learning from; a similar title alone is not."""


REASONS: tuple[Reason, ...] = (
    Reason(
        "SAME-SITE", "the same site", CONTEXT,
        "the two Sites cells name the same facility, after normalising the name (below)",
        INITIATIVES.name, "Sites", keys=lambda cell, owner: site_keys(cell), weight=15, shared_ground=True,
    ),
    Reason(
        "SAME-ROOT-CAUSE", "the same root cause", CONTENT,
        "same Root cause category **and** similar Root cause text",
        INITIATIVES.name, "Root cause", threshold=72.0, block="Root cause category", weight=10, same_work=1, repeats=True,
    ),
    Reason("SIMILAR-TITLE", "a similar title", CONTENT, "similar Title", INITIATIVES.name, "Title", threshold=72.0, weight=10, same_work=2),
    Reason(
        "SIMILAR-CHALLENGE", "a similar challenge", CONTENT, "similar Challenge", INITIATIVES.name, "Challenge",
        threshold=72.0, weight=10, same_work=1,
    ),
    Reason(
        "SAME-MEASURE", "the same measure", CONTENT,
        "a measure of one is similar to a measure of the other (any pair of their measures)",
        MEASURES.name, "Measure", threshold=75.0, weight=10, same_work=1, action=ALIGN_TARGETS, action_needs_same_numbers=True,
        repeats=True,
    ),
    Reason(
        "SHARED-TEAM", "shared task team members", CONTEXT,
        "someone is on both task teams, or one owner is on the other's task team (a task team: the Member IDs in Task team "
        "and the Members of the team its Team ID names on Teams)",
        INITIATIVES.name, "Task team", keys=_people, weight=10, shared_ground=True,
    ),
    Reason(
        "LEARN-FROM", "one ran after the other had ended", SEQUENCE,
        f"one's End date is before the other's Start date (at most {LEARN_FROM_DAYS} days before) **and** SAME-ROOT-CAUSE"
        " holds, or SAME-MEASURE with the same numbers; A is the earlier one",
        INITIATIVES.name, "End date", action=LEARN_FROM,
    ),
    Reason(
        "OFFER-MATCHES-REQUEST", "an offer that answers a request", OFFER,
        "an open request and an open offer with similar descriptions (below)",
        OFFERS_REQUESTS.name, "Description", threshold=60.0, action=TAKE_UP_THE_OFFER,
    ),
)
"""In the order codes are written in the Reasons cell."""

REASONS_BY_CODE = {r.code: r for r in REASONS}
INITIATIVE_REASONS = tuple(r for r in REASONS if r.kind != OFFER)
"""Reasons between two initiatives; a reason's bit is its place here."""
REASON_ORDER = tuple(r.code for r in INITIATIVE_REASONS)
CONTENT_REASONS = tuple(r.code for r in INITIATIVE_REASONS if r.kind == CONTENT)
"""Any one of these flags a pair; the others only add to its score."""
REPEAT_REASONS = tuple(r.code for r in INITIATIVE_REASONS if r.repeats)
"""Content reasons that also hold between an initiative and an earlier one."""
LEARN_FROM_REASON = next(r.code for r in REASONS if r.kind == SEQUENCE)
OFFER_MATCHES_REQUEST = next(r.code for r in REASONS if r.kind == OFFER)


def suggested_action(codes: Iterable[str], strong: Iterable[str] = ()) -> str:
    """The documented rule for a set of reason codes, first match wins.

    0. The action of a :data:`SEQUENCE` reason (learn from the earlier one):
       the two never run at once, so nothing else applies.
    1. Form one task team: the same work (:data:`SAME_WORK` points of
       ``same_work``) on shared ground (a reason with ``shared_ground``).
    2. The action of the first reason (table order) that has one, when it
       needs nothing more or is among ``strong`` (its texts name the same
       numbers).
    3. Talk.
    """
    present = [r for r in REASONS if r.code in set(codes)]
    strong = set(strong)
    for r in present:
        if r.kind == SEQUENCE:
            return r.action
    if sum(r.same_work for r in present) >= SAME_WORK and any(r.shared_ground for r in present):
        return FORM_ONE_TASK_TEAM
    for r in present:
        if r.action and (not r.action_needs_same_numbers or r.code in strong):
            return r.action
    return TALK


def words_of(code: str) -> str:
    """How a report says a code; an unknown code in lower case (a workbook from a later version)."""
    reason = REASONS_BY_CODE.get(code.strip())
    return reason.words if reason else code.strip().lower()


def markdown_table() -> str:
    """The reasons table, the score and the action rule of ``docs/overlaps.md``, from :data:`REASONS`."""
    lines = [
        "| Code | Kind | When | Compares | Least similarity | Words in reports |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in REASONS:
        compares = f"{r.sheet}: {r.column}" + (f" (and the same {r.block})" if r.block else "")
        similarity = "–" if r.threshold is None else f"{r.threshold:g}"
        lines.append(f"| {r.code} | {r.kind} | {r.when} | {compares} | {similarity} | {r.words} |")
    content = [r for r in INITIATIVE_REASONS if r.kind == CONTENT]
    context = [r for r in INITIATIVE_REASONS if r.kind == CONTEXT]
    further = sorted({r.weight for r in content})
    further_text = " + ".join(f"{w:g} for each further content reason" for w in further)
    context_text = "".join(f" + {r.weight:g} for {r.code}" for r in context)
    lines += [
        "",
        f"**Score** (0–100, a whole number that orders pairs): {SIMILARITY_SHARE:.0%} of the best content similarity"
        f" + {further_text}{context_text}, capped at 100. An offer matched to a request scores its description similarity.",
        "",
        "**Suggested action** (the first rule that fits):",
        "",
    ]
    rules = [
        f"**{r.action}**: {r.code} (the two never run at once: duplication is not the question)."
        for r in INITIATIVE_REASONS if r.kind == SEQUENCE
    ]
    rules.append(
        f"**{FORM_ONE_TASK_TEAM}**: the same work ({SAME_WORK} points: "
        + ", ".join(f"{r.code} {r.same_work}" for r in INITIATIVE_REASONS if r.same_work)
        + ") with " + " or ".join(r.code for r in INITIATIVE_REASONS if r.shared_ground) + "."
    )
    for r in (r for r in REASONS if r.action and r.kind != SEQUENCE):
        condition = r.code + (", when the similar texts name the same numbers (4 ANC visits and first ANC visit are two indicators)" if r.action_needs_same_numbers else "")
        rules.append(f"**{r.action}**: {condition}.")
    rules.append(f"**{TALK}**: anything else that was flagged.")
    lines += [f"{k}. {rule}" for k, rule in enumerate(rules, start=1)]
    return "\n".join(lines) + "\n"


DOC = Path(__file__).resolve().parents[2] / "docs" / "overlaps.md"
_MARKED = re.compile(r"(<!-- reasons table: generated by python -m xl_tracker.overlaps -->\n)(.*?)(<!-- end of reasons table -->)", re.S)


def doc_with_table(text: str) -> str:
    """``docs/overlaps.md``'s text with the generated table between its markers."""
    if not _MARKED.search(text):
        raise ValueError("docs/overlaps.md has no reasons table markers")
    return _MARKED.sub(lambda m: m.group(1) + markdown_table() + m.group(3), text)
