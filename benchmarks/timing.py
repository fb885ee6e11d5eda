"""What the benchmarks share: timing helpers and the bytecode an installed package has.

A wheel or ``pip install .`` compiles the package to bytecode at install
time; a source checkout run with ``PYTHONDONTWRITEBYTECODE=1`` (as this
development machine sets) compiles every module again in every new process.
Fresh-process benchmarks compile the package once first, so they measure
what a county's installed copy does, and say so in their output.
"""

from __future__ import annotations

import compileall
import time
from collections.abc import Callable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "xl_tracker"
BYTECODE_NOTE = "fresh processes use compiled bytecode, as an installed package does"


def compile_package() -> None:
    """Write the package's bytecode once (as pip does at install time)."""
    compileall.compile_dir(str(PACKAGE), quiet=1)


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The best wall time of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
