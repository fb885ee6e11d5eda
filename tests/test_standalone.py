"""The project stands on its own: nothing in it reads or points at a folder beside the repository.

A fresh clone with nothing next to it must pass its tests; the Excel-made
corpus and the schemas the tests need live under ``tests/``.
"""

from __future__ import annotations

import re

from conftest import CORPUS, ROOT

OUTSIDE = re.compile(r"\.\./shared|parent\s*/\s*[\"']shared[\"']|\bshared/(?:corpus|design|ooxml-schemas|hooks)\b")
SKIPPED = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis", "corpus", "schemas"}
TEXT = {".py", ".md", ".toml", ".cfg", ".ini", ".txt", ".yml", ".yaml", ".sh", ".bas", ".cls", ".xml", ""}


def project_text_files():
    for path in sorted(ROOT.rglob("*")):
        parts = set(path.relative_to(ROOT).parts[:-1])
        if path.is_file() and not parts & SKIPPED and not any(p.endswith(".egg-info") for p in parts) and path.suffix in TEXT:
            yield path


def test_no_file_of_the_project_refers_to_a_folder_beside_it():
    here = __file__
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in project_text_files() if str(path) != here
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert found == []


def test_the_pattern_finds_what_it_is_for():
    beside = "shared"  # the samples are assembled so that this file does not itself read like such a reference
    assert OUTSIDE.search(f'SHARED = ROOT.parent / "{beside}"') and OUTSIDE.search(f"see ../{beside}/design/x.md")
    assert OUTSIDE.search("in `shared/corpus/excel-made`") and not OUTSIDE.search("the shared strings part")


def test_the_corpus_lives_inside_the_repository():
    assert CORPUS.resolve().is_relative_to(ROOT.resolve() / "tests")
    assert (CORPUS / "LICENSE-XlsxWriter.txt").is_file() and (CORPUS.parent / "README.md").is_file()
