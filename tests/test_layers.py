"""Layers that only look down: the pure core (checks, results, overlaps) loads no reader, no zip layer, no Excel library.

The core is what the command line, the ribbon and the tests share; it takes
tables and settings and returns issues and results. Were it to import the
reader, the OOXML package layer or xlwings, validating a book open in Excel
would load a file reader, and the core could not be tested apart from files.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "xl_tracker"
CORE = ("xl_tracker.checks", "xl_tracker.results", "xl_tracker.overlaps")
FORBIDDEN = (
    "xl_tracker.reader",
    "xl_tracker.ooxml",
    "xl_tracker.outputs",
    "xl_tracker.reports",
    "xl_tracker.excel",
    "xl_tracker.ribbon",
    "xl_tracker.pipeline",
    "xl_tracker.safe_write",
    "xlwings",
    "openpyxl",
    "python_calamine",
    "docx",
)
"""Modules (and their submodules) the core must not load. ``zipfile`` itself is not here: pandas imports it."""
FORBIDDEN_IMPORTS = (*FORBIDDEN, "zipfile", "zlib")
"""What no core module may import by name: the zip layer included."""


def _loaded_by(modules: tuple[str, ...]) -> list[str]:
    code = (
        "import json, sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout)


def _forbidden(loaded: list[str]) -> list[str]:
    return [m for m in loaded if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]


def test_importing_the_core_loads_no_reader_zip_layer_or_excel_library():
    loaded = _loaded_by(CORE)
    assert set(CORE) <= set(loaded)
    assert _forbidden(loaded) == []


def test_the_fresh_process_check_can_fail():
    """The same check finds the reader and what it loads once the reader is imported (so the test above is not vacuous)."""
    found = _forbidden(_loaded_by((*CORE, "xl_tracker.reader")))
    assert {"xl_tracker.reader", "xl_tracker.ooxml"} <= set(found)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


@pytest.mark.parametrize("package", [c.rpartition(".")[2] for c in CORE])
def test_no_core_module_imports_them_even_lazily(package):
    """Also imports inside functions and under TYPE_CHECKING, which the fresh process would not see."""
    found = {
        f"{path.relative_to(PACKAGE.parent)}: {name}"
        for path in sorted((PACKAGE / package).rglob("*.py"))
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IMPORTS)
    }
    assert found == set()
