"""Each member's baseline, latest and change per indicator and rater (the Member Results sheet, keyed by the contract's column keys).

With Compared rounds = First to last (the default): Baseline = the score at
the first round, in Rounds order, that has one; Latest = the score at the
last round after it that has one (none when the baseline round is the only
one scored). With two fixed Compared rounds: Baseline = the score at the
first of them, Latest = the score at the second, and a member without both
has no change. Change = Latest - Baseline; % change = Change / Baseline
(blank when Baseline is 0); POMP change = Change / (Scale maximum - Scale
minimum). Every rater's changes are computed the same way; the headline uses
only the Rater for results', and the rating gap sets the others beside it:
the Rater for results' score minus this rater's, both at this row's latest
round (so the two ratings compared were made of the same round).
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from xl_tracker.contract import ASSESSMENTS, MEMBER_RESULTS
from xl_tracker.dates import date_in_words
from xl_tracker.issues import Issue, issue
from xl_tracker.results.inputs import AssessmentRows, Indicators, Members, cell, output_frame
from xl_tracker.results.method import ARROW, MIXED

UNCHANGED_TOLERANCE = 1e-9
"""Two scores computed from different items can differ in the last bit; that is no change."""
IMPROVED, UNCHANGED, DECLINED, NO_LATER = "improved", "unchanged", "declined", "no later score"


def directions(change: np.ndarray) -> np.ndarray:
    """Each change as improved, unchanged, declined or no later score (NaN), with :data:`UNCHANGED_TOLERANCE`."""
    return np.select(
        [np.isnan(change), change > UNCHANGED_TOLERANCE, change < -UNCHANGED_TOLERANCE],
        [NO_LATER, IMPROVED, DECLINED],
        default=UNCHANGED,
    ).astype(object)


def member_changes(
    chosen_scores: pd.DataFrame, scale_min: float, scale_max: float, compared: tuple[int, int] | None = None
) -> pd.DataFrame:
    """One row per member and indicator with a baseline: positions of the rounds used, scores and changes (Member Results keys).

    ``chosen_scores`` are the long scores of one rater (one per member,
    indicator and round). ``compared`` is the two fixed rounds' places in
    Rounds, or None for each member's first and last scored round.
    ``latest_pos`` and the later columns are NaN when there is no later round
    with a score.
    """
    # One pass in plain Python over a county's few hundred scores: pandas' sort, drop_duplicates and
    # reindex cost more than the work. Rows come out ordered by Member ID then Indicator code, as a sort did.
    places = chosen_scores["round_pos"].to_numpy("int64").tolist()
    first: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], int] = {}
    for n, key in enumerate(zip(chosen_scores["Member ID"].to_numpy(object).tolist(), chosen_scores["Indicator code"].to_numpy(object).tolist())):
        place = places[n]
        if compared is not None and place not in compared:
            continue
        at = first.get(key)
        if at is None or place < places[at]:
            first[key] = n
        at = last.get(key)
        if at is None or place >= places[at]:
            last[key] = n
    keys = sorted(first)
    if compared is not None:
        keys = [k for k in keys if places[first[k]] == compared[0]]
    first_at = np.array([first[k] for k in keys], dtype="int64")
    last_at = np.array([last[k] for k in keys], dtype="int64")
    all_places = np.asarray(places, dtype="int64")
    score = chosen_scores["Score"].to_numpy(float)
    baseline_pos, latest_place = all_places[first_at], all_places[last_at]
    has_latest = latest_place > baseline_pos
    baseline = score[first_at]
    latest = np.where(has_latest, score[last_at], np.nan)
    change = latest - baseline
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where(baseline != 0, change / baseline, np.nan)
    return pd.DataFrame(
        {
            "Member ID": pd.Series([m for m, _ in keys]),  # inferred as a sort's index was: str, object when empty
            "Indicator code": pd.Series([c for _, c in keys]),
            "baseline_pos": baseline_pos,
            "baseline": baseline,
            "latest_pos": np.where(has_latest, latest_place.astype(float), np.nan),
            "latest": latest,
            "change": change,
            "pct_change": pct,
            "pomp_change": change / float(scale_max - scale_min),
        }
    )


def with_rating_gaps(changes: pd.DataFrame, scores: pd.DataFrame, rater: str) -> pd.DataFrame:
    """``changes`` of every rater (a ``Rater`` column) with ``rating_gap``: ``rater``'s score minus the row's, at the row's last scored round.

    That round is the row's latest round, or its baseline round when it has
    no later one (a coach who scored only the Endline is still set beside
    the member's Endline self-rating). Blank on ``rater``'s own rows and
    where ``rater`` did not score that member, indicator and round.
    """
    # Look-ups in a dict of (member, indicator, round) -> score: cheaper than a MultiIndex reindex on a county.
    own: dict[tuple[object, object, int], float] = {}
    for key, score, whose in zip(
        zip(scores["Member ID"].tolist(), scores["Indicator code"].tolist(), scores["round_pos"].tolist()),
        scores["Score"].tolist(), scores["Rater"].tolist(),
    ):
        if whose == rater:
            own.setdefault(key, score)
    has_latest = changes["latest_pos"].notna().to_numpy(bool)
    last_pos = np.where(has_latest, changes["latest_pos"].fillna(-1).to_numpy(float), changes["baseline_pos"].to_numpy(float))
    last_score = np.where(has_latest, changes["latest"].to_numpy(float), changes["baseline"].to_numpy(float))
    theirs = np.array(
        [own.get(key, np.nan) for key in zip(changes["Member ID"].tolist(), changes["Indicator code"].tolist(), last_pos.astype("int64").tolist())],
        dtype=float,
    )
    gap = np.where((changes["Rater"] != rater).to_numpy(bool), theirs - last_score, np.nan)
    return changes.assign(rating_gap=gap)


def exits(members: Members, as_of: dt.date) -> dict[str, dt.date]:
    """Member ID -> Exit date, for the members who left before ``as_of`` (as Engagement's "Left the programme")."""
    dates = members.rows["Exit date"]
    left = dates[dates.notna() & (dates < pd.Timestamp(as_of))]
    return {member: when.date() for member, when in left.items()}


def compared_words(baseline_round: str, latest_round: str | None, fixed: tuple[str, str] | None, left: dt.date | None) -> str:
    """What one Member Results row compares, in words: ``Baseline→Endline``, ``Baseline only``, ``no Endline score``; ``left`` and the date."""
    if latest_round is not None:
        words = f"{baseline_round}{ARROW}{latest_round}"
    elif fixed is not None:
        words = f"no {fixed[1]} score: left out"
    else:
        words = f"{baseline_round} only: no later score"
    return words if left is None else f"{words}; left {date_in_words(left)}"


def comparison_mix(changes: pd.DataFrame, rounds: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """Members with a change by the rounds they compare (``Baseline→Endline``), most first; :data:`MIXED` when their indicators differ."""
    return comparison_mixes(changes, rounds).get(None, ())


def comparison_mixes(changes: pd.DataFrame, rounds: tuple[str, ...], by: str | None = None) -> dict[object, tuple[tuple[str, int], ...]]:
    """:func:`comparison_mix` of each group of rows with one value of column ``by`` (all rows under None), in one pass.

    A plain pass over the column lists: a team's indicators are a handful,
    and one groupby per indicator cost more than the counting (47 small
    county workbooks ran it 500 times).
    """
    present = changes["latest_pos"].notna().to_numpy(bool)
    groups = changes[by].tolist() if by is not None else [None] * len(changes)
    mixed = (len(rounds), len(rounds))
    pairs: dict[tuple[object, object], tuple[int, int]] = {}
    for group, member, start, end, here in zip(
        groups, changes["Member ID"].tolist(), changes["baseline_pos"].tolist(), changes["latest_pos"].tolist(), present.tolist(),
    ):
        if not here or member is None or member != member:  # as groupby: no change, or no member
            continue
        pair = (int(start), int(end))
        seen = pairs.setdefault((group, member), pair)
        if seen != pair:
            pairs[(group, member)] = mixed
    counts: dict[object, dict[tuple[int, int], int]] = {}
    for (group, _member), pair in pairs.items():
        tally = counts.setdefault(group, {})
        tally[pair] = tally.get(pair, 0) + 1
    return {
        group: tuple(
            (MIXED if pair == mixed else f"{rounds[pair[0]]}{ARROW}{rounds[pair[1]]}", count)
            for pair, count in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        for group, tally in counts.items()
    }


def covered(changes: pd.DataFrame, scores: pd.DataFrame, rater: str) -> int:
    """Members with a change in ``changes`` whom ``rater`` scored at both of their compared rounds, in at least one indicator.

    Sets of (member, indicator, round) tuples: a results run calls this once
    per rater, and pandas' MultiIndex look-ups cost more on a county's rows.
    """
    mine = (scores["Rater"] == rater).to_numpy(bool).tolist()
    theirs = {
        (member, code, int(at))
        for member, code, at, here in zip(scores["Member ID"].tolist(), scores["Indicator code"].tolist(), scores["round_pos"].tolist(), mine)
        if here and at == at
    }
    present = changes["latest_pos"].notna().to_numpy(bool).tolist()
    found = set()
    for member, code, start, end, here in zip(
        changes["Member ID"].tolist(), changes["Indicator code"].tolist(),
        changes["baseline_pos"].tolist(), changes["latest_pos"].tolist(), present,
    ):
        if here and member is not None and member == member and (member, code, int(start)) in theirs and (member, code, int(end)) in theirs:
            found.add(member)
    return len(found)




def member_results_sheet(
    changes: pd.DataFrame,
    members: Members,
    indicators: Indicators,
    rounds: tuple[str, ...],
    raters: tuple[str, ...],
    fixed: tuple[str, str] | None = None,
    left: dict[str, dt.date] | None = None,
) -> pd.DataFrame:
    """The Member Results sheet: Members order, then Indicators order, then ``raters`` order (the Rater for results first)."""
    left = left or {}
    # Every row's member, indicator and rater are defined (the changes come from the scores), so the order
    # is a stable Python sort on their places and the members' details a take by position.
    indicator_order = {code: n for n, code in enumerate(indicators.codes)}
    rater_order = {r: n for n, r in enumerate(raters)}
    place = members.place
    keys = [
        (place[m], indicator_order[i], rater_order[r])
        for m, i, r in zip(changes["Member ID"].tolist(), changes["Indicator code"].tolist(), changes["Rater"].tolist())
    ]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    frame = changes.take(order)
    at = np.array([keys[n][0] for n in order], dtype="int64")
    info = {header: members.rows[header].to_numpy(object)[at] for header in ("Full name", "Department")}
    round_names = np.asarray(rounds, dtype=object)
    latest_pos = frame["latest_pos"].to_numpy()
    has_latest = ~np.isnan(latest_pos)
    latest_round = np.full(len(frame), None, dtype=object)
    latest_round[has_latest] = round_names[latest_pos[has_latest].astype(int)]
    baseline_round = round_names[frame["baseline_pos"].to_numpy(int)] if len(frame) else np.array([], dtype=object)
    compared = [
        compared_words(b, latest, fixed, left.get(m))
        for b, latest, m in zip(baseline_round.tolist(), latest_round.tolist(), frame["Member ID"].tolist())
    ]
    sheet = output_frame(
        {
            "member_id": frame["Member ID"].to_numpy(object),
            "full_name": info["Full name"],
            "department": info["Department"],
            "indicator_code": frame["Indicator code"].to_numpy(object),
            "indicator_name": frame["Indicator code"].map(indicators.names).to_numpy(object),
            "rater": frame["Rater"].to_numpy(object),
            "baseline_round": baseline_round,
            "baseline": frame["baseline"].to_numpy(float),
            "latest_round": latest_round,
            "latest": frame["latest"].to_numpy(float),
            "change": frame["change"].to_numpy(float),
            "rating_gap": frame["rating_gap"].to_numpy(float),
            "pct_change": frame["pct_change"].to_numpy(float),
            "pomp_change": frame["pomp_change"].to_numpy(float),
            "compared": np.asarray(compared, dtype=object),
            "direction": directions(frame["change"].to_numpy(float)),
        }
    )
    assert tuple(sheet.columns) == MEMBER_RESULTS.keys
    return sheet


def missing_baseline_issues(
    changes: pd.DataFrame, assessments: AssessmentRows, members: Members, indicators: Indicators, rater: str, rounds: tuple[str, ...],
    fixed: tuple[str, str] | None = None,
) -> list[Issue]:
    """One warning per member whose first score of some indicator is after the first round.

    It points at the Round cell of the member's earliest-round assessment of
    the chosen rater (the row a coach compares with the missing baseline),
    and names the indicators concerned. ``changes`` are first-to-last
    changes whatever the Compared rounds; with two ``fixed`` rounds the
    message says the indicators are left out of that comparison instead.
    """
    # Plain Python over the few late rows and the rater's assessments: a county has a handful, and a frame,
    # two sorts and a groupby cost more than they do.
    late = [
        (member, code)
        for member, code, start in zip(changes["Member ID"].tolist(), changes["Indicator code"].tolist(), changes["baseline_pos"].tolist())
        if start > 0
    ]
    if not late:
        return []
    frame = assessments.frame
    earliest: dict[object, tuple[int, int]] = {}
    with_first_round = set()
    for member, at, row, whose in zip(
        assessments.member.tolist(), assessments.round_pos.tolist(), frame.index.to_numpy("int64").tolist(), assessments.rater.tolist(),
    ):
        if whose != rater:
            continue
        earliest[member] = min(earliest.get(member, (at, row)), (at, row))
        if at == 0:
            with_first_round.add(member)
    earliest_row = {member: row for member, (_at, row) in earliest.items()}
    member_order, order = members.place, {code: n for n, code in enumerate(indicators.codes)}
    late.sort(key=lambda pair: (member_order.get(pair[0], math.inf), order.get(pair[1], math.inf)))
    by_member: dict[object, list[str]] = {}
    for member, code in late:
        by_member.setdefault(member, []).append(code)
    named = {member: ", ".join(codes) for member, codes in by_member.items()}
    first = rounds[0]
    issues: list[Issue] = []
    for member, codes in named.items():
        consequence = (
            "the change is measured from a later round" if fixed is None or fixed[0] != first
            else f"{member} is left out of the {fixed[0]}{ARROW}{fixed[1]} comparison of {codes}"
        )
        why = (
            f"its {first} {rater} scores are missing or have too few items answered"
            if member in with_first_round
            else f"there is no {first} assessment rated {rater}"
        )
        issues.append(
            issue(
                "missing-baseline", ASSESSMENTS.name, cell(frame, earliest_row[member], "Round", assessments.places),
                f"{member} has later scores but no {first} score for {codes} ({why}), so {consequence}: "
                f"add or complete the {first} assessment of {member}",
                codes,
            )
        )
    return issues
