"""Overlap detection on 10,000 synthetic initiatives, against scoring all pairs with rapidfuzz ``cdist``.

    python benchmarks/bench_overlaps.py [--initiatives 10000] [--full-cdist] [--dense] [--against DIR [--repeat 3]]

The initiatives are generated here, not by ``benchmarks/generate.py``: the
workbook generator writes every root cause the same and picks titles from 14
phrases, so almost every pair would be a true overlap. This generator writes
titles, challenges, root causes and measures from a shared CHMT vocabulary
(80 topics x 15 qualifiers, root causes from 20 subjects x 20 problems, 300
facilities, windows of 2 to 12 months spread over 2015-2026)
so that most pairs share words but few are the same work. With ``--dense``,
titles and root causes are instead 6 words from a 30-word vocabulary each
(``benchmarks/generate.py``'s dense mode): most pairs then share two or more
words, and many are as similar as the thresholds ask.

Printed: the wall time (and CPU time: other processes on the machine slow
the wall clock, not the CPU time) and peak memory (RSS of a fresh subprocess, which includes
the Python interpreter and pandas) of ``find_overlaps``; the time of
``rapidfuzz.process.cdist`` with ``token_set_ratio`` over all pairs of titles
(one column only, one worker) in the same run, measured on a slice of
``--slice`` rows against all rows and scaled up linearly to all rows (the
cost per query row is constant), unless ``--full-cdist``; and the ratio.

With ``--against DIR`` (another checkout, e.g. main's), ``find_overlaps`` of
that code runs too, in the same run and on the same data, alternately with
this checkout's ``--repeat`` times; the least time of each is printed and
their ratio, and whether the two give the same frame.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "--code" in sys.argv:  # a child timing another checkout (--against): its code first on the path
    sys.path.insert(0, sys.argv[sys.argv.index("--code") + 1])

from benchmarks.generate import DENSE_CAUSE_WORDS, DENSE_TITLE_WORDS, dense_text  # noqa: E402

TOPICS = (
    "oxytocin stock-outs", "ANC 4 coverage", "skilled birth attendance", "partograph use", "postnatal care within 48 hours",
    "newborn resuscitation", "kangaroo mother care", "maternal death audits", "family planning uptake", "immunisation coverage",
    "cold chain maintenance", "vitamin A supplementation", "exclusive breastfeeding", "growth monitoring", "cervical cancer screening",
    "HIV testing", "viral load suppression", "PMTCT enrolment", "TB case finding", "TB treatment defaulters", "malaria in pregnancy",
    "mosquito net distribution", "malaria RDT stock-outs", "ARV stock-outs", "laboratory reagent stock-outs", "blood availability",
    "ambulance response time", "referral turnaround", "outpatient waiting time", "patient satisfaction", "staff absenteeism",
    "duty roster compliance", "night shift coverage", "CHV reporting", "community unit functionality", "CHV stipends", "home deliveries",
    "teenage pregnancies", "data quality audits", "MOH 711 reporting timeliness", "MOH 705 completeness", "DHIS2 dashboards use",
    "data review meetings", "supportive supervision", "facility improvement fund disbursement", "NHIF claims", "user fee collection",
    "infection prevention", "hand hygiene compliance", "waste segregation", "placenta pit construction", "incinerator repair",
    "solar power", "piped water", "maternity renovation", "theatre equipment", "oxygen availability", "diabetes screening",
    "hypertension screening", "mental health screening", "nutrition of under-fives", "school health visits", "jigger infestation",
    "cholera preparedness", "sanitation in markets", "latrine coverage", "drug expiry", "quantification of commodities",
    "order timeliness", "inventory management", "pharmacovigilance reporting", "customer care", "performance appraisal",
    "staff training records", "EmONC skills", "iCCM skills", "adolescent friendly services", "gender based violence response",
    "postpartum haemorrhage deaths", "neonatal sepsis",
)
QUALIFIERS = (
    "among adolescents", "in the maternity", "for under-fives", "in hard-to-reach areas", "at night", "in dispensaries",
    "in health centres", "for pregnant women", "in the outpatient department", "among men", "in schools", "in the community",
    "for people living with HIV", "in the labour ward", "for new staff",
)
PLACES = (
    "Bungoma", "Webuye", "Kimilili", "Sirisia", "Chwele", "Naitiri", "Bumula", "Kabuchai", "Mayanja", "Tongaren", "Malakisi",
    "Kopsiro", "Cheptais", "Kapsokwony", "Lwakhakha", "Myanga", "Ndalu", "Misikhu", "Bokoli", "Kibabii", "Kanduyi", "Sang'alo",
    "Mukuyuni", "Khasoko", "Musikoma", "Lurende", "Kamukuywa", "Namwela", "Tulienge", "Kuywa",
)
KINDS = ("CRH", "SCH", "Sub-County Hospital", "HC", "Health Centre", "Dispensary", "Disp", "Mission Hospital", "Maternity", "Medical Centre")
VERBS = ("Reduce", "Improve", "Increase", "Strengthen", "Scale up", "Address", "Better", "Sustain")
PROBLEMS = ("Low", "Poor", "Declining", "Inconsistent", "Unreliable", "Delayed", "Weak")
CAUSE_CATEGORIES = (
    "Human resources", "Commodities and supplies", "Processes", "Finance", "Information and data",
    "Governance and coordination", "Infrastructure", "Other",
)
CAUSE_SUBJECTS = (
    "in-charges", "pharmacy staff", "nurses", "clinical officers", "CHVs", "records clerks", "drivers", "the county treasury",
    "sub-county teams", "partners", "laboratory staff", "community leaders", "mothers", "adolescents", "the procurement unit",
    "facility committees", "the health management team", "midwives", "cleaners", "security guards",
)
CAUSE_PROBLEMS = (
    "are not trained on quantification", "order commodities late", "do not update registers", "are absent on weekends",
    "lack transport", "are not supervised", "release funds late", "have no budget line", "do not use DHIS2 data",
    "duplicate activities", "have no working space", "work with broken equipment", "hold cultural beliefs",
    "live far from facilities", "fear stigma", "are not paid on time", "lack guidelines", "have unclear roles",
    "are overloaded with work", "do not hold review meetings",
)
MEASURE_FORMS = ("% of {p} with {t} {q}", "Number of {p} reached for {t}", "Proportion of {p} {q} with {t}", "{t} rate among {p}")
POPULATIONS = ("facilities", "pregnant women", "clients", "staff", "households", "under-fives", "adolescents", "CHVs", "deliveries")


def synthetic_usable(initiatives: int, seed: int = 0, dense: bool = False) -> dict:
    """Usable tables (as the checks hand them over) with ``initiatives`` initiatives, two measures each."""
    import pandas as pd

    rng = random.Random(seed)
    dense_rng = random.Random(f"dense-{seed}")  # its own stream: the other columns stay those of the realistic set
    members = max(20, initiatives // 5)
    member_ids = [f"M{m:05d}" for m in range(members)]
    sites = [f"{p} {k}" for p in PLACES for k in KINDS]
    ini, mea, ors = [], [], []
    for n in range(initiatives):
        topic, qualifier = rng.choice(TOPICS), rng.choice(QUALIFIERS)
        site = rng.choice(sites)
        category = rng.choice(CAUSE_CATEGORIES)
        start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(12 * 365))
        iid = f"I{n:05d}"
        ini.append({
            "Initiative ID": iid, "Owner": rng.choice(member_ids), "Department": None,
            "Title": f"{rng.choice(VERBS)} {topic} {qualifier} at {site}".replace("  ", " "),
            "Challenge": f"{rng.choice(PROBLEMS)} {rng.choice(TOPICS)} {rng.choice(QUALIFIERS)} in {rng.choice(PLACES)}",
            "Root cause category": category,
            "Root cause": f"{rng.choice(CAUSE_SUBJECTS)} {rng.choice(CAUSE_PROBLEMS)}",
            "Sites": "; ".join(rng.sample(sites, rng.randint(1, 3)) + [site]),
            "Start date": pd.Timestamp(start), "End date": pd.Timestamp(start + dt.timedelta(days=rng.randint(60, 365))),
            "Task team": tuple(rng.sample(member_ids, 2)),
        })
        if dense:
            ini[-1]["Title"] = dense_text(dense_rng, DENSE_TITLE_WORDS)
            ini[-1]["Root cause"] = dense_text(dense_rng, DENSE_CAUSE_WORDS)
        for kind in ("Leading", "Lagging"):
            mea.append({
                "Measure ID": f"{iid}-{kind[:2]}", "Initiative ID": iid, "Kind": kind,
                "Measure": rng.choice(MEASURE_FORMS).format(p=rng.choice(POPULATIONS), t=topic, q=qualifier),
            })
        if n % 10 == 0:
            ors.append({
                "ID": f"OR{n:05d}", "From": rng.choice(member_ids), "Type": rng.choice(("Offer", "Request")),
                "Description": f"{rng.choice(('Need', 'Can share', 'Looking for', 'Offering'))} support with {rng.choice(TOPICS)} {rng.choice(QUALIFIERS)}",
                "Status": "Open",
            })

    def table(rows):
        frame = pd.DataFrame(rows)
        frame.index = pd.Index(range(2, 2 + len(rows)), name="row")
        return frame

    return {
        "Members": table([{"Member ID": m, "Department": f"Department {int(m[1:]) % 12}"} for m in member_ids]),
        "Initiatives": table(ini), "Measures": table(mea), "Offers & Requests": table(ors),
    }


def child(initiatives: int, dense: bool) -> None:
    """Run in a fresh process: time find_overlaps and report peak RSS as JSON on stdout (and a digest of the frame)."""
    import hashlib
    import resource

    import pandas as pd

    from xl_tracker.overlaps import find_overlaps

    usable = synthetic_usable(initiatives, dense=dense)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    result = find_overlaps(usable, None)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    initiative_rows = int((~result["offer_match"].astype(bool)).sum())
    digest = hashlib.sha256(pd.util.hash_pandas_object(result, index=True).to_numpy().tobytes()).hexdigest()[:16]
    print(json.dumps({
        "seconds": seconds, "cpu": cpu, "peak_kb": peak, "before_kb": before, "rows": len(result), "initiative_rows": initiative_rows,
        "digest": digest,
    }))


def run_child(initiatives: int, dense: bool, source: Path) -> dict:
    """find_overlaps timed in a fresh process with the code of ``source`` first on the path.

    Its ``benchmarks/generate.py`` too, when it has one: the dense texts are drawn by it. The digest of the frame says
    whether both checkouts found the same overlaps on the same data.
    """
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", "--code", str(source), "--initiatives", str(initiatives)]
        + (["--dense"] if dense else []),
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def cdist_seconds(initiatives: int, rows: int, dense: bool) -> tuple[float, int]:
    """Seconds for cdist(token_set_ratio) of ``rows`` query titles against all titles, one worker."""
    from rapidfuzz import fuzz, process, utils

    usable = synthetic_usable(initiatives, dense=dense)
    titles = [utils.default_process(t) for t in usable["Initiatives"]["Title"].tolist()]
    t0 = time.perf_counter()
    process.cdist(titles[:rows], titles, scorer=fuzz.token_set_ratio, processor=None, workers=1, dtype="uint8")
    return time.perf_counter() - t0, rows


def labelled_recall() -> tuple[float, float, int]:
    """Precision and recall of find_overlaps on the labelled pairs of tests/data/overlap_pairs.json (each pair on its own)."""
    import importlib.util

    from xl_tracker.overlaps import find_overlaps

    path = Path(__file__).resolve().parent.parent / "tests" / "data" / "overlap_pairs.py"
    spec = importlib.util.spec_from_file_location("overlap_pairs", path)
    frames = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(frames)
    outcomes = [(p["label"], len(find_overlaps(frames.pair_usable(p), None)) > 0) for p in frames.labelled_pairs()]
    tp = sum(label and got for label, got in outcomes)
    flagged = sum(got for _, got in outcomes)
    return tp / max(flagged, 1), tp / sum(label for label, _ in outcomes), len(outcomes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--slice", type=int, default=1_000, help="query rows timed for cdist, scaled up to all rows")
    parser.add_argument("--full-cdist", action="store_true", help="time cdist over all pairs instead of a slice")
    parser.add_argument("--dense", action="store_true", help="titles and root causes from a 30-word vocabulary each")
    parser.add_argument("--against", type=Path, help="another checkout whose find_overlaps runs alternately with this one's")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each checkout with --against (least time counts)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.initiatives, args.dense)
        return 0
    n = args.initiatives
    here = Path(__file__).resolve().parent.parent
    runs: dict[Path, list[dict]] = {here: []}
    if args.against:
        runs[args.against.resolve()] = []
    for _ in range(args.repeat if args.against else 1):
        for source in runs:
            runs[source].append(run_child(n, args.dense, source))
    ours = min(runs[here], key=lambda r: r["seconds"])
    rows = n if args.full_cdist else min(args.slice, n)
    sliced, rows = cdist_seconds(n, rows, args.dense)
    full = sliced * n / rows
    how = "measured over all pairs" if rows == n else f"measured on {rows:,} x {n:,} titles, scaled x{n / rows:g} to {n:,} x {n:,}"
    vocabulary = "dense vocabulary (titles and root causes: 6 of 30 words)" if args.dense else "realistic vocabulary"
    print(f"initiatives: {n:,} (+{2 * n:,} measures, {n // 10:,} offers and requests), {vocabulary}")
    print(f"find_overlaps: {ours['seconds']:.2f} s ({ours['cpu']:.2f} s CPU), peak RSS {ours['peak_kb'] / 1024:.0f} MB "
          f"(RSS before the call {ours['before_kb'] / 1024:.0f} MB), {ours['initiative_rows']:,} initiative pairs flagged, {ours['rows']:,} rows")
    print(f"cdist token_set_ratio, titles only, all pairs: {full:.1f} s ({how}; {sliced:.2f} s measured)")
    print(f"ratio find_overlaps / cdist: {ours['seconds'] / full:.4f}x  (target <= 0.05x; time <= 2 s; peak <= 500 MB)")
    if args.against:
        base = runs[args.against.resolve()]
        least = {key: min(r[key] for r in base) for key in ("seconds", "cpu", "peak_kb")}
        mine = {key: min(r[key] for r in runs[here]) for key in ("seconds", "cpu", "peak_kb")}
        same = {r["digest"] for r in base} == {r["digest"] for r in runs[here]} and len({r["digest"] for r in base}) == 1
        print(f"against {args.against} (least of {args.repeat} runs each, alternately): {least['seconds']:.2f} s ({least['cpu']:.2f} s CPU), "
              f"peak {least['peak_kb'] / 1024:.0f} MB; this checkout {mine['seconds']:.2f} s ({mine['cpu']:.2f} s CPU), peak {mine['peak_kb'] / 1024:.0f} MB; "
              f"ratio {mine['seconds'] / least['seconds']:.2f}x wall, {mine['cpu'] / least['cpu']:.2f}x CPU; same Overlaps frame: {'yes' if same else 'NO'}")
    precision, recall, pairs = labelled_recall()
    print(f"labelled pairs (tests/data/overlap_pairs.json, {pairs}): precision {precision:.3f}, recall {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
