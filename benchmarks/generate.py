"""Synthetic tracking-tool workbooks of any size, for benchmarks (20, 1,000, 4,000 members).

The workbook is built by the same builder as the template and the demo, so
it has the tables, dropdowns and formats of a real one; the content is
random but valid (the checks find little to warn about), seeded, and of a realistic shape per member: five
assessments (self at three rounds, coach at two), twelve sessions, ten
strengths, two goals, two initiatives with a leading and a lagging measure
and four progress values each, one offer or request.

``dense=True`` writes every initiative title as 6 words drawn from one
30-word vocabulary, and every root cause as 6 words from another, as real
titles repeat "coverage", "ANC", "stock-outs", "data quality" everywhere:
most pairs of initiatives then share two or more words, the case that makes
blocking on shared words degenerate. Everything else is the same workbook
(same seed, same rows).

    python benchmarks/generate.py 1000 out/members-1000.xlsx [--dense]
    python benchmarks/generate.py 47 out/counties --counties

``--counties``: one workbook per county (Kenya's 47 by default), each of
20-25 members (seeded per county) with its own County setting: the
programme roll-up at national size (``benchmarks/bench_rollup.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

from xl_tracker.contract import (
    INITIATIVE_STATUSES,
    ROOT_CAUSE_CATEGORIES,
    SESSION_TYPES,
    TOOLS_USED,
    default_indicator_rows,
)
from xl_tracker.template import build_workbook

DEPARTMENTS = (
    "Health Administration", "Nursing Services", "Reproductive and Maternal Health", "Public Health",
    "Pharmacy", "Health Records and Information", "Laboratory Services", "Clinical Services",
    "Nutrition", "Community Health", "Health Promotion", "Planning and M&E",
)
FACILITIES = (
    "Bungoma CRH", "Webuye SCH", "Kimilili SCH", "Sirisia SCH", "Chwele SCH", "Naitiri SCH",
    "Bumula HC", "Kabuchai HC", "Mayanja HC", "Tongaren HC", "Malakisi HC", "Kopsiro HC",
)
VERBS = ("Reduce", "Improve", "Increase", "Strengthen", "Scale up", "Cut")
THINGS = (
    "stock-outs of oxytocin", "partograph use in maternity", "skilled birth attendance",
    "fourth ANC visit coverage", "reporting timeliness in DHIS2", "postnatal care within 48 hours",
    "newborn resuscitation skills", "referral turnaround for obstetric emergencies",
    "essential medicines availability", "community health volunteer visits", "staff absenteeism",
    "maternal death audits", "kangaroo mother care uptake", "family planning uptake",
)
GROUPS = (
    "for adolescent mothers", "for first-time mothers", "in rural community units", "for preterm babies",
    "in the maternity ward", "in the newborn unit", "for women with HIV", "during night shifts",
    "among facility in-charges", "in hard-to-reach villages", "for mothers with anaemia", "in the outpatient clinic",
)
HELP = ("Training on", "Data on", "Transport for work on", "A mentor for", "Budget review of", "Job aids on")
PROBLEMS = ("Low", "Declining", "Uneven", "Poorly recorded", "Delayed", "Unreliable")
CAUSES = (
    "Late requisition", "Staff rotation", "Missing registers", "Broken equipment", "Unclear roles", "Delayed funds",
    "Weak supervision", "No transport", "Stock not redistributed", "Training gaps", "Power outages", "Long queues",
)
CAUSE_DETAILS = (
    "at facility level", "in the sub-county store", "after the budget cut", "during the rainy season",
    "since the last transfer", "in the referral chain", "for night duty", "between departments",
)
LEADING = (
    "Supervision visits done", "Staff mentored", "Stock reports submitted on time", "Registers checked",
    "Drills conducted", "Community dialogues held", "Data review meetings held", "Orders placed on time",
)
LAGGING = (
    "Deliveries by skilled attendants", "Days out of stock", "Women completing four ANC visits",
    "Newborns resuscitated successfully", "Reports on time in DHIS2", "Referral turnaround time",
    "Mothers counselled on family planning", "Postnatal visits within 48 hours",
)
DENSE_TITLE_WORDS = (
    "oxytocin", "coverage", "ANC", "stock-outs", "immunisation", "maternity", "referral", "timeliness", "partograph",
    "newborn", "resuscitation", "malaria", "TB", "HIV", "testing", "screening", "nutrition", "supervision", "reporting",
    "DHIS2", "registers", "CHV", "ambulance", "laboratory", "reagents", "vaccines", "mentorship", "audits", "adolescents",
    "data-quality",
)
DENSE_CAUSE_WORDS = (
    "requisition", "rotation", "registers", "equipment", "roles", "funds", "supervision", "transport", "redistribution",
    "training", "power", "queues", "budget", "guidelines", "stigma", "beliefs", "distance", "workload", "stipends",
    "salaries", "storage", "procurement", "quantification", "meetings", "partners", "committees", "clerks", "drivers",
    "midwives", "in-charges",
)
"""Each is 30 distinct content words (no stop word, no two mapped to one synonym): dense=True draws 6 of them per text."""
DENSE_WORDS = 6


def dense_text(rng: random.Random, vocabulary: tuple[str, ...]) -> str:
    """Six distinct words of ``vocabulary`` in random order."""
    return " ".join(rng.sample(vocabulary, DENSE_WORDS))


ROUND_DATES = {"Baseline": dt.date(2026, 3, 10), "Midline": dt.date(2026, 6, 10), "Endline": dt.date(2026, 9, 10)}
SETTINGS = {"County": "Synthetic", "Reporting period": "March–September 2026", "As-of date": dt.date(2026, 10, 15)}


def workbook_rows(members: int, seed: int = 0, dense: bool = False) -> dict[str, list[dict[str, object]]]:
    """The rows of every input sheet for ``members`` synthetic members (``dense``: see the module docstring)."""
    rng = random.Random(seed)
    dense_rng = random.Random(f"dense-{seed}")  # its own stream: the other rows are those of the realistic workbook
    items = default_indicator_rows()
    codes = [r["Item code"] for r in items]
    data: dict[str, list[dict[str, object]]] = {k: [] for k in (
        "Members", "Assessments", "Sessions", "Strengths", "Goals", "Initiatives", "Measures", "Progress", "Offers & Requests",
    )}
    for m in range(1, members + 1):
        mid = f"M{m:04d}"
        dept = DEPARTMENTS[m % len(DEPARTMENTS)]
        data["Members"].append({
            "Member ID": mid, "Full name": f"Member {m}", "Role": f"County {dept} lead", "Department": dept,
            "Email": f"member{m}@example.org", "Coach": f"Coach {m % 7}", "Start date": dt.date(2026, 3, 1),
            "Consent to named reporting": rng.random() < 0.7,
        })
        base = [rng.randint(1, 3) for _ in codes]
        gain = [rng.randint(0, 2) for _ in codes]
        self_scores: dict[str, dict[str, object]] = {}
        for rnd, lift in (("Baseline", 0.0), ("Midline", 0.5), ("Endline", 1.0)):
            self_scores[rnd] = {
                code: (None if code[-1] == "5" and rng.random() < 0.02 else min(5, b + round(g * lift)))
                for code, b, g in zip(codes, base, gain)
            }
        for rnd, rater in (("Baseline", "Self"), ("Midline", "Self"), ("Endline", "Self"), ("Baseline", "Coach"), ("Endline", "Coach")):
            row: dict[str, object] = {"Member ID": mid, "Round": rnd, "Date": ROUND_DATES[rnd] + dt.timedelta(days=m % 9), "Rater": rater}
            for code, score in self_scores[rnd].items():
                row[code] = score if rater == "Self" or score is None else max(1, min(5, score + rng.choice((-1, 0, 0, 1))))
            data["Assessments"].append(row)
        for s in range(12):
            kind = "One-on-one" if s % 2 else SESSION_TYPES[rng.randrange(len(SESSION_TYPES))]
            data["Sessions"].append({
                "Session date": dt.date(2026, 3, 5) + dt.timedelta(days=16 * s + m % 5), "Member ID": mid,
                "Session type": kind, "Coach": f"Coach {m % 7}", "Duration (min)": rng.choice((45, 60, 90, 120)),
                "Attended": rng.random() < 0.9, "Tools used": rng.choice(("Fishbone", "Challenge model", "Five whys", "")),
                "Agreed actions": "Review the stock cards and report at the CHMT meeting",
            })
        for s in range(10):
            data["Strengths"].append({"Member ID": mid, "Strength": f"Strength {s + 1} of member {m}"})
        for g in range(2):
            data["Goals"].append({
                "Goal ID": f"G{m:04d}-{g + 1}", "Member ID": mid, "Development goal": "Delegate more to the sub-county teams",
                "Linked indicator": items[rng.randrange(len(items))]["Indicator code"], "Due date": dt.date(2026, 12, 1),
                "Status": rng.choice(("Not started", "In progress", "Done")),
            })
        for i in range(2):
            iid = f"I{m:04d}-{i + 1}"
            start = dt.date(2026, 3, 1) + dt.timedelta(days=rng.randrange(120))
            sites = rng.sample(FACILITIES, 2)
            thing = rng.choice(THINGS)
            row = {
                "Initiative ID": iid, "Owner": mid, "Title": f"{rng.choice(VERBS)} {thing} {rng.choice(GROUPS)} at {sites[0]}",
                "Challenge": f"{rng.choice(PROBLEMS)} {rng.choice(THINGS)} in {rng.choice(FACILITIES)}",
                "Root cause category": rng.choice(ROOT_CAUSE_CATEGORIES), "Root cause": f"{rng.choice(CAUSES)} {rng.choice(CAUSE_DETAILS)}",
                "Tool used": rng.choice(TOOLS_USED), "Sites": "; ".join(sites),
                "Start date": start, "End date": start + dt.timedelta(days=180),
                "Status": rng.choice(INITIATIVE_STATUSES[:4]), "Task team": f"M{rng.randint(1, members):04d}",
            }
            if dense:
                row["Title"] = dense_text(dense_rng, DENSE_TITLE_WORDS)
                row["Root cause"] = dense_text(dense_rng, DENSE_CAUSE_WORDS)
            data["Initiatives"].append(row)
            for kind, better in (("Leading", "Higher"), ("Lagging", "Lower")):
                meas = f"{iid}-{kind[:2].upper()}"
                baseline = float(rng.randint(20, 60))
                target = baseline + 30 if better == "Higher" else baseline - 15
                what = rng.choice(LEADING if kind == "Leading" else LAGGING)
                data["Measures"].append({
                    "Measure ID": meas, "Initiative ID": iid, "Kind": kind, "Measure": f"{what} {rng.choice(GROUPS)} at {sites[0]}", "Unit": "%",
                    "Better when": better, "Baseline": baseline, "Baseline date": start, "Target": target,
                    "Target date": start + dt.timedelta(days=180), "Data source": "DHIS2",
                })
                for p in range(4):
                    when = start + dt.timedelta(days=30 * (p + 1))
                    if when > SETTINGS["As-of date"]:
                        break
                    data["Progress"].append({
                        "Measure ID": meas, "Date": when,
                        "Value": baseline + (target - baseline) * (p + 1) / 5 + rng.uniform(-3, 3),
                    })
        data["Offers & Requests"].append({
            "ID": f"OR{m:04d}", "Date": dt.date(2026, 4, 1) + dt.timedelta(days=m % 90), "From": mid,
            "Type": rng.choice(("Offer", "Request")), "Description": f"{rng.choice(HELP)} {rng.choice(THINGS)} {rng.choice(GROUPS)} at {rng.choice(FACILITIES)}", "Status": "Open",
        })
    return data


def generate_workbook(members: int, path: str | Path, seed: int = 0, dense: bool = False) -> Path:
    """Write a synthetic tracking-tool workbook with ``members`` members to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return build_workbook(path, workbook_rows(members, seed, dense), SETTINGS)


def cached_workbook(members: int, folder: str | Path = Path(__file__).parent / "out", dense: bool = False) -> Path:
    """The ``members`` workbook in ``folder``, generated once and reused by later benchmark runs."""
    path = Path(folder) / f"members-{members}{'-dense' if dense else ''}.xlsx"
    if not path.exists():
        generate_workbook(members, path, dense=dense)
    return path


COUNTIES = (
    "Mombasa", "Kwale", "Kilifi", "Tana River", "Lamu", "Taita-Taveta", "Garissa", "Wajir", "Mandera", "Marsabit",
    "Isiolo", "Meru", "Tharaka-Nithi", "Embu", "Kitui", "Machakos", "Makueni", "Nyandarua", "Nyeri", "Kirinyaga",
    "Murang'a", "Kiambu", "Turkana", "West Pokot", "Samburu", "Trans Nzoia", "Uasin Gishu", "Elgeyo-Marakwet", "Nandi",
    "Baringo", "Laikipia", "Nakuru", "Narok", "Kajiado", "Kericho", "Bomet", "Kakamega", "Vihiga", "Bungoma", "Busia",
    "Siaya", "Kisumu", "Homa Bay", "Migori", "Kisii", "Nyamira", "Nairobi",
)
"""Kenya's 47 counties, in their official code order."""


def generate_counties(folder: str | Path, counties: int = len(COUNTIES), seed: int = 0) -> list[Path]:
    """One workbook of 20-25 members per county in ``folder`` (``County`` set in each); returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"counties-{seed}")
    paths = []
    for n in range(counties):
        name = COUNTIES[n % len(COUNTIES)] + ("" if n < len(COUNTIES) else f" {n // len(COUNTIES) + 1}")
        path = folder / f"{n + 1:02d} {name}.xlsx"
        rows = workbook_rows(rng.randint(20, 25), seed=seed * 1000 + n)
        build_workbook(path, rows, {**SETTINGS, "County": name})
        paths.append(path)
    return paths


def cached_counties(counties: int = len(COUNTIES), folder: str | Path = Path(__file__).parent / "out") -> list[Path]:
    """The ``counties`` county workbooks in ``folder``/counties-N, generated once and reused."""
    where = Path(folder) / f"counties-{counties}"
    paths = sorted(where.glob("*.xlsx")) if where.exists() else []
    if len(paths) != counties:
        paths = generate_counties(where, counties)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("members", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dense", action="store_true", help="titles and root causes from a 30-word vocabulary each")
    parser.add_argument("--counties", action="store_true", help="MEMBERS is a number of counties; PATH a folder of one workbook each")
    args = parser.parse_args(argv)
    if args.counties:
        made = generate_counties(args.path, args.members, args.seed)
        print(f"{args.path}: {len(made)} county workbooks of 20-25 members")
        return 0
    generate_workbook(args.members, args.path, args.seed, args.dense)
    print(f"{args.path}: {args.members} members{' (dense vocabulary)' if args.dense else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
