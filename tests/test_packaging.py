"""The metadata tells the truth: the dependencies are what the code imports, and the wheel holds every subpackage and shipped folder."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import metadata, packages_distributions, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

PLATFORM_ONLY = {"win32com": "pywin32"}
"""Modules of packages that install only on another platform, so this machine cannot map them to a distribution."""


def third_party_imports(folder: Path) -> set[str]:
    """Top-level names imported anywhere under ``folder`` (by AST), less the standard library and the project's own modules."""
    own = {"xl_tracker", folder.name, *(p.parent.name for p in folder.parent.glob("*/__init__.py")), *(p.stem for p in folder.rglob("*.py")), *(p.name for p in folder.iterdir() if p.is_dir())}
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.partition(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in own}


def distributions(modules: set[str], installed_only: bool = True) -> set[str]:
    """The (canonical) distribution names that provide ``modules``, as installed here.

    A module nothing installed provides fails the test, unless
    ``installed_only`` is false (an extra this run did not install): then
    its distribution is taken to have the module's name.
    """
    installed = packages_distributions()
    found: set[str] = set()
    for module in modules:
        dists = installed.get(module) or [PLATFORM_ONLY.get(module, "" if installed_only else module)]
        assert dists != [""], f"no installed distribution provides {module!r}: add it to pyproject.toml and install it"
        found |= {canonicalize_name(d) for d in dists}
    return found


def declared(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def test_runtime_dependencies_are_exactly_what_the_package_imports():
    imported = distributions(third_party_imports(ROOT / "xl_tracker"))
    listed = declared(PROJECT["dependencies"])
    assert imported - listed == set(), "xl_tracker imports these: add them to [project] dependencies"
    assert listed - imported == set(), "nothing in xl_tracker imports these: move them to an extra or drop them"


@pytest.mark.parametrize(("folder", "extra"), [("tests", "test"), ("benchmarks", "bench")])
def test_tests_and_benchmarks_need_only_their_extra(folder, extra):
    needed = distributions(third_party_imports(ROOT / folder), installed_only=False)
    available = declared(PROJECT["dependencies"]) | declared(PROJECT["optional-dependencies"][extra])
    assert needed - available == set(), f"{folder}/ imports these: add them to the {extra} extra"


def test_requires_python_is_the_pinned_xlwings_floor():
    """xlwings is pinned (its VBA is inside the workbook): its own Requires-Python is ours; a lower floor promises an install that fails."""
    xlwings = next(Requirement(r) for r in PROJECT["dependencies"] if Requirement(r).name == "xlwings")
    assert xlwings.specifier == SpecifierSet(f"=={version('xlwings')}")
    assert SpecifierSet(PROJECT["requires-python"]) == SpecifierSet(metadata("xlwings")["Requires-Python"])
    floor = PROJECT["requires-python"].removeprefix(">=")
    assert f"Python {floor}+" in (ROOT / "README.md").read_text(), "README's first screen names the Python it needs"


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "xl_tracker").rglob("__init__.py")
        if "_shipped" not in p.parts
    }
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"


@pytest.mark.slow
def test_wheel_ships_templates_and_macros(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("xl_tracker-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "xl_tracker/_shipped/workbook_templates/tracking-tool.xlsx" in names
    for folder, pattern in (("report_templates", ".docx"), ("macros", ".bas")):
        shipped = sorted(p.name for p in (ROOT / folder).iterdir() if p.suffix == pattern)
        assert shipped, f"{folder} is empty"
        for name in shipped:
            assert f"xl_tracker/_shipped/{folder}/{name}" in names
