"""Commitment and change: does taking part in more of the programme go with more change in the indicators?

Per member, an **engagement score** (0 to 1) is the mean of the parts below
that exist in the workbook (a part exists when its sheet has at least one
usable row, for anyone; a member with no row of it then scores 0 on it):

1. **Sessions**: sessions attended ÷ sessions recorded for the member
   (Attended Yes or No); 0 when none is recorded.
2. **Goals**: goals In progress or Done ÷ goals set (Dropped ones left
   out); 0 without goals.
3. **Initiatives**: initiatives the member owns that have at least one
   Progress value ÷ initiatives owned (Dropped ones left out); 0 when
   owning none.
4. **Offers**: 1 when the member made at least one offer and at least one
   request on Offers & Requests, ½ when only one kind, 0 when none (the
   programme asks each member for both).

**Mean change** is the mean of the member's Change over the indicators on
Member Results that have one (the rater of the results). The **Spearman
rank correlation** between the score and the mean change is taken over the
members who have both (n), with tied values given their mean rank; it is
left out below :data:`MIN_MEMBERS` members or when either side does not
vary. It shows association, never cause: the caution says so wherever it is
shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_tracker.contract import GOALS, INITIATIVES, MEASURES, OFFERS_REQUESTS, PROGRESS, SESSIONS
from xl_tracker.results.inputs import Members, folded_list, output_frame, table, yes_no

MIN_MEMBERS = 5
"""Fewer members than this give no correlation: with four, a perfect rank order happens by chance one time in 12."""
UNDER_WAY = frozenset({"in progress", "done"})
DROPPED = "dropped"
CAUTION = (
    "This shows association, not cause: members who took part more may also have been the ones already "
    "improving, or busier in other ways. It describes this team only."
)
PART_KEYS = ("part_sessions", "part_goals", "part_initiatives", "part_offers")


def _share(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    num, den = numerator.astype(float), denominator.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, 0.0)


def _per_member(at: np.ndarray, mask: np.ndarray, size: int) -> np.ndarray:
    """Rows counted per member position (``at`` from :meth:`Members.positions`, -1 for no member) where ``mask`` holds."""
    return np.bincount(at[(at >= 0) & mask], minlength=size)


def engagement_parts(usable: dict[str, pd.DataFrame], members: Members) -> dict[str, np.ndarray]:
    """Each part's share per member (Members order), NaN for a part whose sheet has no usable row.

    Counts are ``np.bincount`` over member positions and the ID sets plain
    Python: a county has a few dozen rows per sheet, fewer than pandas'
    value_counts and reindex cost to set up.
    """
    size = len(members.rows)
    parts = {}

    sessions = table(usable, SESSIONS)
    who = members.positions(sessions["Member ID"])
    recorded, attended = yes_no(sessions["Attended"])
    if recorded.any():
        parts["part_sessions"] = _share(_per_member(who, attended, size), _per_member(who, recorded, size))

    goals = table(usable, GOALS)
    owner = members.positions(goals["Member ID"])
    if (owner >= 0).any():
        status = folded_list(goals["Status"])
        kept = np.array([s != DROPPED for s in status], dtype=bool)
        under_way = np.array([s in UNDER_WAY for s in status], dtype=bool)
        parts["part_goals"] = _share(_per_member(owner, kept & under_way, size), _per_member(owner, kept, size))

    initiatives = table(usable, INITIATIVES)
    lead = members.positions(initiatives["Owner"])
    if (lead >= 0).any():
        measures, progress = table(usable, MEASURES), table(usable, PROGRESS)
        valued = progress["Value"].notna().to_numpy(bool).tolist()
        measured = {m for m, v in zip(folded_list(progress["Measure ID"]), valued) if v and m is not None}
        moving = {
            i for m, i in zip(folded_list(measures["Measure ID"]), folded_list(measures["Initiative ID"]))
            if m in measured and i is not None
        }
        kept = np.array([s != DROPPED for s in folded_list(initiatives["Status"])], dtype=bool)
        has_progress = np.array([i in moving for i in folded_list(initiatives["Initiative ID"])], dtype=bool)
        parts["part_initiatives"] = _share(_per_member(lead, kept & has_progress, size), _per_member(lead, kept, size))

    offers = table(usable, OFFERS_REQUESTS)
    maker = members.positions(offers["From"])
    if (maker >= 0).any():
        kind = folded_list(offers["Type"])
        made_offer = _per_member(maker, np.array([k == "offer" for k in kind], dtype=bool), size) > 0
        made_request = _per_member(maker, np.array([k == "request" for k in kind], dtype=bool), size) > 0
        parts["part_offers"] = (made_offer.astype(float) + made_request.astype(float)) / 2

    return {k: parts.get(k, np.full(size, np.nan)) for k in PART_KEYS}


def _mean_of_parts(parts: list[np.ndarray], size: int) -> np.ndarray:
    """Each member's mean of the parts that are not NaN (NaN when none), summed left to right as pandas' row mean sums."""
    if not parts:
        return np.full(size, np.nan)
    stacked = np.column_stack(parts).astype(float)
    known = ~np.isnan(stacked)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(known, stacked, 0.0).sum(axis=1) / known.sum(axis=1)


def mean_changes(member_results: pd.DataFrame, index: pd.Index) -> np.ndarray:
    """Each member's mean Change over the indicators that have one (NaN when none), in the order of ``index``.

    pandas' grouped mean (compensated sums), with the rows without a Change
    grouped under None, which groupby leaves out, instead of a filtered copy.
    """
    change = member_results["change"].to_numpy(float)
    owners = np.where(np.isnan(change), None, member_results["member_id"].to_numpy(object))
    means = pd.Series(change).groupby(owners, sort=False).mean()
    at = means.index.get_indexer(index)
    return np.where(at >= 0, means.to_numpy(float)[at], np.nan) if len(means) else np.full(len(index), np.nan)


def spearman(x: np.ndarray, y: np.ndarray) -> float | None:
    """Spearman's rank correlation: the Pearson correlation of the ranks (ties get their mean rank); None without variation."""
    rx = pd.Series(x).rank(method="average").to_numpy(float)
    ry = pd.Series(y).rank(method="average").to_numpy(float)
    dx, dy = rx - rx.mean(), ry - ry.mean()
    spread = float(np.sqrt((dx * dx).sum() * (dy * dy).sum()))
    if spread == 0:
        return None
    return float((dx * dy).sum() / spread)


def strength_words(rho: float) -> str:
    """How strong a rank correlation is, in the usual plain words (by its size, whatever its sign)."""
    size = abs(rho)
    if size < 0.1:
        return "no"
    if size < 0.3:
        return "a weak"
    if size < 0.5:
        return "a moderate"
    return "a strong"


@dataclass(frozen=True)
class CommitmentSummary:
    """The correlation of engagement score and mean change, with its n and the words every view prints beside it."""

    n: int
    """Members with both an engagement score and a mean change."""
    rho: float | None
    """Spearman's rank correlation; None when n < :data:`MIN_MEMBERS` or a side does not vary."""
    parts: tuple[str, ...]
    """The parts of the score that exist in this workbook, in words."""

    @property
    def finding(self) -> str:
        """One sentence: what was compared, over how many members, and what it found."""
        if self.rho is None:
            why = (f"fewer than {MIN_MEMBERS} members have both" if self.n < MIN_MEMBERS
                   else "the scores or the changes do not vary")
            return f"No rank correlation: {why} an engagement score and an indicator change (n = {self.n})."
        words = strength_words(self.rho)
        direction = "" if words == "no" else (" positive" if self.rho > 0 else " negative")
        trend = {
            True: "members with a higher engagement score tended to change more",
            False: "members with a higher engagement score tended to change less",
        }[self.rho > 0]
        tail = "" if words == "no" else f": {trend}"
        return (f"Spearman rank correlation of engagement score and mean indicator change: {self.rho:.2f} (n = {self.n}), "
                f"{words}{direction} association{tail}.")

    @property
    def caution(self) -> str:
        return CAUTION

    @property
    def score_made_of(self) -> str:
        return "The engagement score is the mean of: " + ", ".join(self.parts) + "." if self.parts else "No part of the engagement score is recorded."


PART_WORDS = {
    "part_sessions": "sessions attended of those recorded",
    "part_goals": "goals under way of those set",
    "part_initiatives": "initiatives with progress of those owned",
    "part_offers": "offers and requests made",
}


def commitment(usable: dict[str, pd.DataFrame], members: Members, member_results: pd.DataFrame) -> tuple[pd.DataFrame, CommitmentSummary]:
    """The Engagement columns of commitment and change (Members order) and the summary across members."""
    parts = engagement_parts(usable, members)
    present = [k for k in PART_KEYS if (~np.isnan(parts[k])).any()]
    score = _mean_of_parts([parts[k] for k in present], len(members.rows))
    change = mean_changes(member_results, members.rows.index)
    both = ~np.isnan(score) & ~np.isnan(change)
    n = int(both.sum())
    rho = spearman(score[both], change[both]) if n >= MIN_MEMBERS else None
    frame = output_frame(
        {
            "engagement_score": score,
            "mean_change": change,
            **{k: parts[k].astype(float) for k in PART_KEYS},
        }
    )
    return frame, CommitmentSummary(n, rho, tuple(PART_WORDS[k] for k in present))
