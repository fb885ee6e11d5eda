"""Shared fixtures: LibreOffice headless (never skipped under CI), the Excel-made corpus, workbook builders."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus" / "excel-made"
"""Workbooks made by Microsoft Excel, kept in the repository (see tests/corpus/README.md)."""
ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice binary. Missing on a developer's machine: skip; missing under CI: fail."""
    path = soffice_path()
    if path is None:
        if ON_CI:
            pytest.fail("LibreOffice (soffice) is required under CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


def run_soffice(soffice: str, args: list[str], workdir: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run soffice headless with a private profile, so parallel or repeated runs never share state."""
    profile = workdir / "lo-profile"
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", *args]
    return subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    """Every workbook of the corpus; it ships with the tests, so an empty list is a broken checkout, never a skip."""
    files = sorted(CORPUS.glob("*.xls[xm]"))
    if not files:
        pytest.fail(f"the Excel-made corpus is missing at {CORPUS}")
    return files
