"""Refresh in a fresh process vs openpyxl load + save of the same workbook, same run.

    python benchmarks/bench_refresh.py [--members 1000] [--small 20] [--repeat 3] [--dense]

Each refresh runs ``python -m xl_tracker refresh`` on a fresh copy in a new
process, so it pays for every import as a ribbon click or a command does;
the baseline is ``openpyxl.load_workbook(path)`` + ``save()`` timed inside
this process (its imports already paid, which favours the baseline).
The two run in turn; the ratio is printed best to best and as the median
of the pairs. Goals: 1,000 members <= 0.25x the baseline; 20 members <= 1.0 s. ``--dense``
uses the dense-vocabulary workbook (``benchmarks/generate.py --dense``) for
the large one, and also prints the peak memory (max RSS) of the refresh
process (goal <= 500 MB).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import cached_workbook  # noqa: E402
from benchmarks.timing import BYTECODE_NOTE, compile_package  # noqa: E402


def refresh_seconds(path: Path, workdir: Path) -> float:
    """Wall time of one ``xl-tracker refresh`` of a fresh copy of ``path`` in a new Python process.

    The process's peak RSS is added to :data:`PEAK_KB` (children's max RSS, read after it ends).
    """
    copy = workdir / path.name
    shutil.copyfile(path, copy)
    backups = workdir / ".xl-tracker-backups"
    if backups.exists():
        shutil.rmtree(backups)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "xl_tracker", "refresh", str(copy)],
        capture_output=True, text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"refresh failed ({done.returncode}): {done.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    CPU_SECONDS[path.name] = min(CPU_SECONDS.get(path.name, cpu), cpu)
    PEAK_KB[path.name] = max(PEAK_KB.get(path.name, 0), after.ru_maxrss)
    return seconds


PEAK_KB: dict[str, int] = {}
"""Workbook name -> max RSS of the refresh processes (RUSAGE_CHILDREN's is the largest of any ended child; run small first)."""
CPU_SECONDS: dict[str, float] = {}
"""Workbook name -> the least CPU time of a refresh process: other processes on a shared machine slow the wall clock, not this."""


def openpyxl_seconds(path: Path, workdir: Path) -> float:
    import openpyxl

    start, cpu = time.perf_counter(), time.process_time()
    book = openpyxl.load_workbook(path)
    book.save(workdir / ("openpyxl-" + path.name))
    OPENPYXL_CPU[path.name] = min(OPENPYXL_CPU.get(path.name, float("inf")), time.process_time() - cpu)
    return time.perf_counter() - start


OPENPYXL_CPU: dict[str, float] = {}


def phase_seconds(path: Path, workdir: Path) -> dict[str, float]:
    """One refresh in this process, split into the pipeline (read, check, compute, overlaps) and the write."""
    from xl_tracker.outputs.sheets import output_sheets
    from xl_tracker.workbook_refresh import write_run
    from xl_tracker.pipeline import run_on_data
    from xl_tracker.reader import read_workbook

    copy = workdir / ("phases-" + path.name)
    shutil.copyfile(path, copy)
    times = {}
    start = time.perf_counter()
    data = read_workbook(copy)
    times["read"] = time.perf_counter() - start
    start = time.perf_counter()
    run = run_on_data(data)
    times["check + compute + overlaps"] = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    write_run(run, copy, copy, keep_backups=0)
    times["build + write + verify + replace"] = time.perf_counter() - start
    times["  (their CPU, the deflate thread's too)"] = time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    output_sheets(run)
    times["  of which building the sheets"] = time.perf_counter() - start
    times["    (its CPU)"] = time.process_time() - cpu
    times["output rows"] = float(len(run.issues) + sum(len(f) for f in (
        run.results.member_results, run.results.team_results, run.results.initiative_results,
        run.results.engagement, run.overlaps)))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dense", action="store_true", help="the large workbook's titles and root causes from a 30-word vocabulary each")
    args = parser.parse_args(argv)

    import openpyxl  # noqa: F401  (the baseline's import is not timed)

    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        large = cached_workbook(args.members, dense=args.dense)
        small = cached_workbook(args.small)
        refresh_seconds(small, work)  # warm the file cache
        # in turn (ours, theirs, ...): a machine whose speed drifts over the run moves both of a pair alike
        pairs = [(refresh_seconds(large, work), openpyxl_seconds(large, work)) for _ in range(args.repeat)]
        ours, theirs = min(o for o, _t in pairs), min(t for _o, t in pairs)
        paired = statistics.median(o / t for o, t in pairs)
        peak = PEAK_KB[large.name]
        our_cpu, their_cpu = CPU_SECONDS[large.name], OPENPYXL_CPU[large.name]
        quick = min(refresh_seconds(small, work) for _ in range(args.repeat))
        phases = phase_seconds(large, work)
        startup = min(
            _timed([sys.executable, "-c", "pass"]) for _ in range(args.repeat)
        )
    print(f"workbook: {large.name} ({large.stat().st_size / 1e6:.1f} MB); {BYTECODE_NOTE}")
    print(f"refresh, fresh process       : {ours:.3f} s (best of {args.repeat})")
    print(f"openpyxl load + save         : {theirs:.3f} s (best of {args.repeat})")
    print(f"ratio                        : {ours / theirs:.3f} best to best, {paired:.3f} pair by pair (median of {args.repeat} pairs run in turn; goal <= 0.25)")
    print(f"CPU time: refresh {our_cpu:.3f} s, openpyxl {their_cpu:.3f} s, ratio {our_cpu / their_cpu:.3f} (the same ratio on CPU time, which a busy machine does not inflate)")
    print(f"peak RSS of the refresh      : {peak / 1024:.0f} MB (goal <= 500 MB)")
    print("phases of one refresh of the same workbook, in-process (imports paid):")
    for name, value in phases.items():
        print(f"  {name:<34}: {value:,.0f}" if name == "output rows" else f"  {name:<34}: {value:.3f} s")
    print(f"refresh {small.name}, fresh process: {quick:.3f} s (goal <= 1.0 s; bare Python start {startup:.3f} s)")
    return 0


def _timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
