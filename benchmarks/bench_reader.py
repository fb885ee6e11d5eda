"""Reader vs openpyxl.load_workbook on the same synthetic workbook, same run.

    python benchmarks/bench_reader.py [--members 1000] [--repeat 3]

Prints the best-of-N time of each and the ratio (goal: <= 0.15 on 1,000 members).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import cached_workbook  # noqa: E402
from benchmarks.timing import best_of  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    import openpyxl

    from xl_tracker.reader import read_workbook

    path = cached_workbook(args.members)
    read_workbook(path)  # warm the imports and the file cache for both
    ours = best_of(args.repeat, lambda: read_workbook(path))
    theirs = best_of(args.repeat, lambda: openpyxl.load_workbook(path))
    cells = sum(len(s.values) * len(s.values.columns) for s in read_workbook(path).sheets.values())
    print(f"workbook: {path.name} ({path.stat().st_size / 1e6:.1f} MB, {cells:,} input cells)")
    print(f"xl_tracker.read_workbook : {ours:.3f} s (best of {args.repeat})")
    print(f"openpyxl.load_workbook   : {theirs:.3f} s (best of {args.repeat})")
    print(f"ratio                    : {ours / theirs:.3f} (goal <= 0.15)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
