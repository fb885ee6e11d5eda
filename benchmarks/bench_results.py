"""How long compute_results takes on the synthetic workbooks (computation only, in-process).

The workbook is read once, outside the timing; only ``compute_results`` is
timed (best of several runs). The baseline is a straightforward per-member
Python loop that computes the same indicator scores, baselines, latests and
team figures row by row, run on the same data in the same process, so the
ratio says what vectorising bought. The target is 0.5 s for 4,000 members.

    python benchmarks/bench_results.py            # 20, 1000 and 4000 members
    python benchmarks/bench_results.py 4000
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import cached_workbook  # noqa: E402
from xl_tracker.reader import read_workbook  # noqa: E402
from xl_tracker.results import compute_results  # noqa: E402

TARGET_SECONDS = 0.5


def usable_tables(data):
    """The reader's tables with the two defaults checks fills in (Rater blank -> Self, Weight blank -> 1)."""
    usable = {name: table.values.copy() for name, table in data.sheets.items()}
    usable["Assessments"]["Rater"] = usable["Assessments"]["Rater"].fillna("Self")
    usable["Indicators"]["Weight"] = usable["Indicators"]["Weight"].fillna(1.0)
    return usable


def naive_team_figures(usable, settings):
    """Per-member loop: scores, baseline/latest and the change-of-means headline, one row and item at a time."""
    indicators = usable["Indicators"]
    items_of: dict[str, list[tuple[str, float]]] = {}
    for _, row in indicators.iterrows():
        items_of.setdefault(row["Indicator code"], []).append((row["Item code"], float(row["Weight"])))
    order = {r.casefold(): n for n, r in enumerate(settings.rounds)}
    per_member: dict[str, dict[str, dict[int, float]]] = {}
    for _, row in usable["Assessments"].iterrows():
        if row["Rater"] != settings.rater or str(row["Round"]).casefold() not in order:
            continue
        for code, items in items_of.items():
            total = sum(w for _, w in items)
            answered = [(row[item], w) for item, w in items if row[item] == row[item]]
            weight = sum(w for _, w in answered)
            if weight and weight / total >= settings.min_items_answered - 1e-9:
                score = sum(v * w for v, w in answered) / weight
                per_member.setdefault(row["Member ID"], {}).setdefault(code, {})[order[str(row["Round"]).casefold()]] = score
    percents = []
    for code in items_of:
        pairs = []
        for scores in per_member.values():
            rounds = sorted(scores.get(code, {}))
            if len(rounds) >= 2:
                pairs.append((scores[code][rounds[0]], scores[code][rounds[-1]]))
        if pairs:
            base = sum(b for b, _ in pairs) / len(pairs)
            latest = sum(l for _, l in pairs) / len(pairs)
            percents.append((latest - base) / base)
    return sum(percents) / len(percents) if percents else None


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench(members: int) -> dict[str, float]:
    data = read_workbook(cached_workbook(members))
    usable = usable_tables(data)
    results = compute_results(usable, data.settings, data.item_codes)
    naive_headline = naive_team_figures(usable, data.settings)
    assert naive_headline is not None and abs(naive_headline - results.headline) < 1e-12, "the loop and compute_results disagree"
    timings = [best_of(lambda: compute_results(usable, data.settings, data.item_codes), 1) for _ in range(7)]
    vectorised = min(timings)
    naive = best_of(lambda: naive_team_figures(usable, data.settings), 1)
    rows = len(usable["Assessments"])
    print(
        f"{members:>5} members, {rows:>6} assessment rows: compute_results best {vectorised:.3f} s "
        f"(median {statistics.median(timings):.3f} s, target {TARGET_SECONDS} s: {'met' if vectorised <= TARGET_SECONDS else 'MISSED'}); "
        f"naive per-row loop for the headline alone {naive:.3f} s (loop ÷ compute_results = {naive / vectorised:.1f}); "
        f"{len(results.issues)} warnings, headline {results.headline:.4f}"
    )
    return {"members": members, "seconds": vectorised, "naive_seconds": naive}


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [20, 1000, 4000]
    figures = [bench(n) for n in sizes]
    return 0 if all(f["seconds"] <= TARGET_SECONDS for f in figures if f["members"] <= 4000) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
