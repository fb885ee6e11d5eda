"""Validating the 1,000-member workbook end to end, against openpyxl opening the same file.

The figure that matters is what a person waits for: ``xl-tracker validate
--json FILE`` in a fresh process (interpreter start, imports, read, checks,
results rules, JSON). The baseline is ``openpyxl.load_workbook`` of the same
file measured in this process, so the baseline does not pay for an
interpreter start and the ratio is the strict one; openpyxl in a fresh
process is printed too. Target: ratio <= 0.3. Medians of several runs.

    python benchmarks/bench_validate.py [--members 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import cached_workbook  # noqa: E402
from timing import BYTECODE_NOTE, compile_package  # noqa: E402

TARGET = 0.3


def _fresh_process(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


def _in_process_openpyxl(path: Path) -> float:
    import openpyxl

    start = time.perf_counter()
    book = openpyxl.load_workbook(path)
    elapsed = time.perf_counter() - start
    book.close()
    return elapsed


def _stages(path: Path) -> dict[str, float]:
    """Where the validation time goes, in this process (imports already paid)."""
    from xl_tracker.checks import check_workbook
    from xl_tracker.reader import read_workbook
    from xl_tracker.results import compute_results

    t0 = time.perf_counter()
    data = read_workbook(path)
    t1 = time.perf_counter()
    checks = check_workbook(data)
    t2 = time.perf_counter()
    compute_results(checks.usable, data.settings, data.item_codes)
    t3 = time.perf_counter()
    return {"read": t1 - t0, "checks": t2 - t1, "results": t3 - t2, "issues": len(checks.issues)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    path = cached_workbook(args.members)
    compile_package()
    validate_cmd = ["-m", "xl_tracker", "validate", "--json", str(path)]
    openpyxl_cmd = ["-c", f"import openpyxl; openpyxl.load_workbook({str(path)!r})"]
    _fresh_process(validate_cmd)  # warm the file cache and the .pyc files for both sides
    _in_process_openpyxl(path)

    validate_runs, openpyxl_runs, openpyxl_fresh_runs = [], [], []
    for _ in range(args.repeat):
        validate_runs.append(_fresh_process(validate_cmd))
        openpyxl_runs.append(_in_process_openpyxl(path))
        openpyxl_fresh_runs.append(_fresh_process(openpyxl_cmd))
    validate_s = statistics.median(validate_runs)
    openpyxl_s = statistics.median(openpyxl_runs)
    openpyxl_fresh_s = statistics.median(openpyxl_fresh_runs)
    stages = [_stages(path) for _ in range(args.repeat)]

    print(f"workbook: {path.name} ({path.stat().st_size / 1e6:.1f} MB, {args.members} members), median of {args.repeat} runs; {BYTECODE_NOTE}")
    print(f"xl-tracker validate --json, fresh process: {validate_s:.3f} s")
    print(f"openpyxl.load_workbook, in this process:   {openpyxl_s:.3f} s")
    print(f"openpyxl.load_workbook, fresh process:     {openpyxl_fresh_s:.3f} s")
    print(f"ratio validate / openpyxl (in process):    {validate_s / openpyxl_s:.2f} (target <= {TARGET})")
    print(f"ratio validate / openpyxl (fresh process): {validate_s / openpyxl_fresh_s:.2f}")
    for stage in ("read", "checks", "results"):
        print(f"  in process, {stage:<8} {statistics.median(s[stage] for s in stages):.3f} s")
    print(f"  issues found by the checks: {stages[0]['issues']}")
    return 0 if validate_s / openpyxl_s <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
