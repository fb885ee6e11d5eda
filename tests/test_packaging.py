"""The wheel holds every subpackage and the shipped folders, so an offline install from a wheelhouse works."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

tomllib = pytest.importorskip("tomllib")


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
