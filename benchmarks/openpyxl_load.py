"""The baseline of ``bench_rollup.py`` as a command: ``openpyxl.load_workbook`` of every file named (or in a folder named).

    python benchmarks/openpyxl_load.py FILES_OR_DIR ...

For farm-bench, which times whole processes: ``farm-bench --vs 'python
benchmarks/openpyxl_load.py DIR' -- python -m xl_tracker rollup DIR -o P.xlsx``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl


def main(argv: list[str]) -> int:
    paths: list[Path] = []
    for arg in map(Path, argv):
        paths.extend(sorted(arg.glob("*.xlsx")) if arg.is_dir() else [arg])
    for path in paths:
        openpyxl.load_workbook(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
