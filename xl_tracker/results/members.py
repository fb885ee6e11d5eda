"""Each member's baseline, latest and change per indicator (the Member Results sheet, keyed by the contract's column keys).

Baseline = the score at the first round, in Rounds order, that has one;
Latest = the score at the last round after it that has one (none when the
baseline round is the only one scored). Change = Latest - Baseline;
% change = Change / Baseline (blank when Baseline is 0); POMP change =
Change / (Scale maximum - Scale minimum). Only the scores of the rater chosen
in Settings (Rater for results) count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_tracker.contract import ASSESSMENTS, MEMBER_RESULTS
from xl_tracker.issues import Issue, issue
from xl_tracker.results.inputs import AssessmentRows, Indicators, Members, cell, output_frame

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


def member_changes(chosen_scores: pd.DataFrame, scale_min: float, scale_max: float) -> pd.DataFrame:
    """One row per member and indicator with a baseline: positions of the rounds used, scores and changes (Member Results keys).

    ``chosen_scores`` are the long scores of the chosen rater (one per member,
    indicator and round). ``latest_pos`` and the later columns are NaN when
    there is no later round with a score.
    """
    keys = ["Member ID", "Indicator code"]
    ordered = chosen_scores.sort_values([*keys, "round_pos"], kind="stable")
    first = ordered.drop_duplicates(keys, keep="first").set_index(keys)
    last = ordered.drop_duplicates(keys, keep="last").set_index(keys).reindex(first.index)
    has_latest = last["round_pos"].to_numpy() > first["round_pos"].to_numpy()
    baseline = first["Score"].to_numpy(float)
    latest = np.where(has_latest, last["Score"].to_numpy(float), np.nan)
    change = latest - baseline
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where(baseline != 0, change / baseline, np.nan)
    out = pd.DataFrame(
        {
            "baseline_pos": first["round_pos"].to_numpy("int64"),
            "baseline": baseline,
            "latest_pos": np.where(has_latest, last["round_pos"].to_numpy(float), np.nan),
            "latest": latest,
            "change": change,
            "pct_change": pct,
            "pomp_change": change / float(scale_max - scale_min),
        },
        index=first.index,
    ).reset_index()
    return out


def member_results_sheet(changes: pd.DataFrame, members: Members, indicators: Indicators, rounds: tuple[str, ...]) -> pd.DataFrame:
    """The Member Results sheet: Members order, then Indicators order; later columns blank without a latest."""
    member_order = pd.Series(np.arange(len(members.rows)), index=members.rows.index)
    indicator_order = {code: n for n, code in enumerate(indicators.codes)}
    frame = changes.assign(
        _m=changes["Member ID"].map(member_order), _i=changes["Indicator code"].map(indicator_order)
    ).sort_values(["_m", "_i"], kind="stable")
    info = members.rows.reindex(frame["Member ID"])
    round_names = np.asarray(rounds, dtype=object)
    latest_pos = frame["latest_pos"].to_numpy()
    has_latest = ~np.isnan(latest_pos)
    latest_round = np.full(len(frame), None, dtype=object)
    latest_round[has_latest] = round_names[latest_pos[has_latest].astype(int)]
    sheet = output_frame(
        {
            "member_id": frame["Member ID"].to_numpy(object),
            "full_name": info["Full name"].to_numpy(object),
            "department": info["Department"].to_numpy(object),
            "indicator_code": frame["Indicator code"].to_numpy(object),
            "indicator_name": frame["Indicator code"].map(indicators.names).to_numpy(object),
            "baseline_round": round_names[frame["baseline_pos"].to_numpy(int)] if len(frame) else np.array([], dtype=object),
            "baseline": frame["baseline"].to_numpy(float),
            "latest_round": latest_round,
            "latest": frame["latest"].to_numpy(float),
            "change": frame["change"].to_numpy(float),
            "pct_change": frame["pct_change"].to_numpy(float),
            "pomp_change": frame["pomp_change"].to_numpy(float),
            "direction": directions(frame["change"].to_numpy(float)),
        }
    )
    assert tuple(sheet.columns) == MEMBER_RESULTS.keys
    return sheet


def missing_baseline_issues(
    changes: pd.DataFrame, assessments: AssessmentRows, members: Members, indicators: Indicators, rater: str, rounds: tuple[str, ...]
) -> list[Issue]:
    """One warning per member whose first score of some indicator is after the first round.

    It points at the Round cell of the member's earliest-round assessment of
    the chosen rater (the row a coach compares with the missing baseline),
    and names the indicators concerned.
    """
    late = changes[changes["baseline_pos"] > 0]
    if late.empty:
        return []
    frame = assessments.frame
    own = pd.DataFrame(
        {"Member ID": assessments.member, "round_pos": assessments.round_pos, "row": frame.index.to_numpy("int64")}
    )[assessments.rater == rater]
    earliest = own.sort_values(["round_pos", "row"], kind="stable").drop_duplicates("Member ID").set_index("Member ID")["row"]
    with_first_round = set(own.loc[own["round_pos"] == 0, "Member ID"])
    earliest_row = dict(zip(earliest.index, earliest.to_numpy("int64").tolist()))
    member_order = pd.Series(np.arange(len(members.rows)), index=members.rows.index)
    order = {code: n for n, code in enumerate(indicators.codes)}
    late = late.assign(_m=late["Member ID"].map(member_order), _i=late["Indicator code"].map(order))
    named = late.sort_values(["_m", "_i"], kind="stable").groupby("Member ID", sort=False)["Indicator code"].agg(", ".join)
    first = rounds[0]
    issues: list[Issue] = []
    for member, codes in named.items():
        why = (
            f"its {first} {rater} scores are missing or have too few items answered"
            if member in with_first_round
            else f"there is no {first} assessment rated {rater}"
        )
        issues.append(
            issue(
                "missing-baseline", ASSESSMENTS.name, cell(frame, earliest_row[member], "Round"),
                f"{member} has later scores but no {first} score for {codes} ({why}), so the change is measured from a later round: "
                f"add or complete the {first} assessment of {member}",
                codes,
            )
        )
    return issues
