"""Trends: indicator scores across every round, and each measure's run of values beside its expected path.

Scores (the Trends sheet, keyed by ``TRENDS.keys``): for each indicator and
round, the team row is the mean of the scores of the members scored in that
round (the rater of Settings, as every other result), with its n; then each
member's score per indicator and round. The members behind two rounds' means
can differ (a member who joined late or left), which is why every team row
carries its n. Change from previous round = the score (or mean) minus that
of the previous round that has one.

Runs (for the reports' run charts, :func:`measure_runs`): every dated
Progress value of a measure, in date order (two on one day: the later row
last), and the measure's expected path from its Baseline at the
initiative's Start date to its Target at the End date
(:func:`expected_share`, the one place its shape is decided, sampled by
:func:`path_points`), and the value the path expects on each value's date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_tracker.contract import INITIATIVES, MEASURES, PROGRESS, TRENDS
from xl_tracker.results.inputs import Indicators, Members, defining_rows, folded, output_frame, table
from xl_tracker.results.status import expected_progress

TEAM, MEMBER = "Team", "Member"


def score_trends(chosen: pd.DataFrame, members: Members, indicators: Indicators, rounds: tuple[str, ...]) -> pd.DataFrame:
    """The Trends sheet: team rows (Indicators then Rounds order), then member rows (Members, Indicators, Rounds order).

    ``chosen`` are the long scores of the rater of Settings (one per member,
    indicator and round: ``Member ID``, ``Indicator code``, ``round_pos``, ``Score``).
    """
    indicator_order = {code: n for n, code in enumerate(indicators.codes)}
    member_order = pd.Series(np.arange(len(members.rows)), index=members.rows.index)
    scores = chosen.loc[chosen["Indicator code"].isin(indicator_order), ["Member ID", "Indicator code", "round_pos", "Score"]]
    team = (
        scores.groupby(["Indicator code", "round_pos"], sort=False)["Score"].agg(["mean", "count"]).reset_index()
        .assign(_i=lambda f: f["Indicator code"].map(indicator_order))
        .sort_values(["_i", "round_pos"], kind="stable")
    )
    team_change = team["mean"] - team.groupby("Indicator code", sort=False)["mean"].shift(1)
    own = scores.assign(_m=scores["Member ID"].map(member_order), _i=scores["Indicator code"].map(indicator_order))
    own = own[own["_m"].notna()].sort_values(["_m", "_i", "round_pos"], kind="stable")
    own_change = own["Score"] - own.groupby(["Member ID", "Indicator code"], sort=False)["Score"].shift(1)
    names = np.asarray(rounds, dtype=object)
    info = members.rows.reindex(own["Member ID"])

    def block(scope: str, member: object, full_name: object, frame: pd.DataFrame, score: str, n: object, change: pd.Series) -> dict:
        return {
            "scope": np.full(len(frame), scope, dtype=object),
            "member_id": member,
            "full_name": full_name,
            "indicator_code": frame["Indicator code"].to_numpy(object),
            "indicator_name": frame["Indicator code"].map(indicators.names).to_numpy(object),
            "round": names[frame["round_pos"].to_numpy(int)] if len(frame) else np.array([], dtype=object),
            "score": frame[score].to_numpy(float),
            "members": n,
            "change_from_previous": change.to_numpy(float),
        }

    parts = [
        block(TEAM, np.full(len(team), None, dtype=object), np.full(len(team), None, dtype=object), team, "mean",
              team["count"].to_numpy(float), team_change),
        block(MEMBER, own["Member ID"].to_numpy(object), info["Full name"].to_numpy(object), own, "Score",
              np.ones(len(own)), own_change),
    ]
    sheet = output_frame({key: np.concatenate([p[key] for p in parts]) for key in TRENDS.keys})
    assert tuple(sheet.columns) == TRENDS.keys
    return sheet


RUN_COLUMNS = ("measure_id", "date", "value", "expected")


def measure_runs(usable: dict[str, pd.DataFrame], paths: pd.DataFrame) -> pd.DataFrame:
    """Every dated Progress value of a defined measure: ``measure_id`` (as defined on Measures), ``date``, ``value``,
    and ``expected``, the value on the measure's expected path (``paths``) that day (blank without a path).

    In date order per measure, two values on one day in sheet order; rows
    with a blank or unknown measure, date or value are left out (the checks
    report them). Before the Start date the path expects the Baseline, after
    the End date the Target.
    """
    measures = table(usable, MEASURES)
    _rows, _ids, lookup = defining_rows(measures["Measure ID"])
    progress = table(usable, PROGRESS)
    rows = pd.DataFrame(
        {
            "measure_id": lookup.find(progress["Measure ID"]).to_numpy(object),
            "date": pd.to_datetime(progress["Date"], errors="coerce").to_numpy("datetime64[ns]"),
            "value": pd.to_numeric(progress["Value"], errors="coerce").to_numpy(float),
            "row": progress.index.to_numpy("int64"),
        }
    )
    rows = rows[rows["measure_id"].notna() & rows["date"].notna() & rows["value"].notna()]
    rows = rows.sort_values(["measure_id", "date", "row"], kind="stable")  # IDs as defined: one spelling per measure
    path = paths.set_index("measure_id").reindex(rows["measure_id"].to_numpy(object))
    length = (path["end"] - path["start"]).dt.total_seconds().to_numpy(float)
    gone = (rows["date"].to_numpy("datetime64[ns]") - path["start"].to_numpy("datetime64[ns]")).astype("timedelta64[s]").astype(float)
    share = np.clip(gone / length, 0.0, 1.0)
    baseline, target = path["baseline"].to_numpy(float), path["target"].to_numpy(float)
    rows["expected"] = baseline + expected_share(path["kind"].to_numpy(object), share) * (target - baseline)
    return rows.loc[:, list(RUN_COLUMNS)].reset_index(drop=True)


PATH_COLUMNS = ("measure_id", "kind", "start", "baseline", "end", "target")
PATH_POINTS = 2
"""Points a drawn path is sampled at: a straight line needs its two ends. A curved shape needs more, and then
LibreOffice was seen to drop a run chart's other series of a different length: render it before raising this."""


PATH_WORDS = (
    "a straight line from the baseline at the initiative's start to the target at its end; a lagging (result) measure "
    "is expected to start slower (the share of the time gone, squared: a quarter of the way at half time), as its "
    "computed status expects, so the value it was expected at by its latest date can lie below this line"
)
"""The expected path in words, as the reports print it beside the run charts (keep with :func:`expected_share`)."""


def expected_share(kind: np.ndarray, share: np.ndarray) -> np.ndarray:
    """The share of the way from Baseline to Target expected after ``share`` of the window, as the computed status expects it.

    One definition (:func:`xl_tracker.results.status.expected_progress`): straight for a leading
    measure, slow-start for a lagging one, so a run chart's "expected by then" and the measure's
    "(expected NN%)" are the same number.
    """
    return expected_progress(kind, np.asarray(share, dtype=float))


def path_points(path: dict) -> tuple[tuple[pd.Timestamp, float], ...]:
    """A measure's expected path (a row of :func:`expected_paths`) as dated values, from its Start to its End."""
    shares = np.linspace(0.0, 1.0, PATH_POINTS)
    values = path["baseline"] + expected_share(np.full(PATH_POINTS, path["kind"], dtype=object), shares) * (path["target"] - path["baseline"])
    start, end = pd.Timestamp(path["start"]), pd.Timestamp(path["end"])
    return tuple((start + (end - start) * s, float(v)) for s, v in zip(shares, values))


def expected_paths(usable: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each defined measure's expected path: from (``start``, ``baseline``) to (``end``, ``target``).

    Start and End are its initiative's dates. The row is left out when a
    date, the Baseline or the Target is unknown, or the End is not after
    the Start: there is then no path to draw.
    """
    initiatives = table(usable, INITIATIVES)
    keys = folded(initiatives["Initiative ID"])
    keep = (keys.notna() & ~keys.duplicated()).to_numpy(bool)
    windows = pd.DataFrame(
        {
            "start": pd.to_datetime(initiatives["Start date"][keep], errors="coerce").to_numpy("datetime64[ns]"),
            "end": pd.to_datetime(initiatives["End date"][keep], errors="coerce").to_numpy("datetime64[ns]"),
        },
        index=pd.Index(keys[keep].to_numpy(object)),
    )
    measures = table(usable, MEASURES)
    mkeys = folded(measures["Measure ID"])
    mkeep = (mkeys.notna() & ~mkeys.duplicated()).to_numpy(bool)
    measures = measures[mkeep]
    window = windows.reindex(folded(measures["Initiative ID"]).to_numpy(object))
    paths = pd.DataFrame(
        {
            "measure_id": measures["Measure ID"].to_numpy(object),
            "kind": measures["Kind"].to_numpy(object),
            "start": window["start"].to_numpy("datetime64[ns]"),
            "baseline": pd.to_numeric(measures["Baseline"], errors="coerce").to_numpy(float),
            "end": window["end"].to_numpy("datetime64[ns]"),
            "target": pd.to_numeric(measures["Target"], errors="coerce").to_numpy(float),
        }
    )
    drawn = paths.drop(columns="kind").notna().all(axis=1) & (paths["end"] > paths["start"])
    return paths[drawn].reset_index(drop=True)
