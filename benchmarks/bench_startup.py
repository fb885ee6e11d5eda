"""A refresh of the 20-member demo in a fresh process, as a ribbon click or a command pays for it, against a same-run baseline.

    python benchmarks/bench_startup.py [--repeat 7] [--against /path/to/other/checkout] [--imports 25]

Each timed run is a new ``python -m xl_tracker refresh`` of a fresh copy of
the demo workbook (every import paid, as a click pays it). The baseline is a
new ``python -c "import pandas"`` process, timed in the same run: the
refresh cannot start faster than the library its reader stands on, and the
ratio stays comparable on a busy machine where wall times are not. Both
wall time and CPU time (user + system of the child) are the least of
``--repeat`` runs, taken in turn so that load falls on both alike.
``--against`` times another checkout's package in the same runs (its
directory first on ``PYTHONPATH``), for a before/after. ``--imports N``
prints the N slowest imports of one refresh (``-X importtime``, cumulative).
Goal (issue: the ribbon's call budget and start-up): the demo's refresh in
1.0 s on a quiet PC.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import BYTECODE_NOTE, compile_package  # noqa: E402


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process; it must end with 0 or 1 (1: the workbook has Errors)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def slowest_imports(command: list[str], env: dict[str, str], count: int) -> list[tuple[int, str]]:
    """The ``count`` largest cumulative import times (microseconds) of one run, with their module names, indented by depth."""
    err = subprocess.run([command[0], "-X", "importtime", *command[1:]], capture_output=True, text=True, env=env).stderr
    rows = []
    for line in err.splitlines():
        if line.startswith("import time:") and "[us]" not in line:
            _self, cumulative, name = line[len("import time:"):].split("|")
            rows.append((int(cumulative), name.rstrip()))
    return sorted(rows, reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--against", type=Path, help="another checkout of xl-tracker, timed in the same runs")
    parser.add_argument("--imports", type=int, default=0, help="print the N slowest imports of one refresh")
    args = parser.parse_args(argv)

    from xl_tracker.demo import build_demo_workbook

    compile_package()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    trees = {"this checkout": str(ROOT)}
    if args.against is not None:
        import compileall

        compileall.compile_dir(str(args.against / "xl_tracker"), quiet=1)
        trees[f"against {args.against}"] = str(args.against.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        demo = build_demo_workbook(work / "demo-source.xlsx")
        copy = work / "demo.xlsx"
        best: dict[str, tuple[float, float]] = {}

        def keep(name: str, result: tuple[float, float]) -> None:
            wall, cpu = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(wall, result[0]), min(cpu, result[1]))

        for _ in range(args.repeat):
            keep("python -c 'import pandas'", timed([sys.executable, "-c", "import pandas"], env))
            for name, tree in trees.items():
                shutil.copyfile(demo, copy)
                shutil.rmtree(work / ".xl-tracker-backups", ignore_errors=True)
                tree_env = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [tree, env.get("PYTHONPATH")]))}
                keep(f"refresh, {name}", timed([sys.executable, "-m", "xl_tracker", "refresh", str(copy)], tree_env))
        baseline = best["python -c 'import pandas'"]
        print(f"demo refresh in a fresh process, least of {args.repeat} runs ({BYTECODE_NOTE})")
        for name, (wall, cpu) in best.items():
            print(f"  {name:60s} wall {wall:5.2f} s  cpu {cpu:5.2f} s  "
                  f"ratio to the import of pandas: wall {wall / baseline[0]:4.2f}  cpu {cpu / baseline[1]:4.2f}")
        if args.imports:
            shutil.copyfile(demo, copy)
            print(f"slowest imports of one refresh (cumulative ms), this checkout:")
            for us, name in slowest_imports([sys.executable, "-m", "xl_tracker", "refresh", str(copy)], env, args.imports):
                print(f"  {us / 1000:7.1f} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
