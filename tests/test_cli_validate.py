"""``xl-tracker validate``: what a person sees on the terminal, what a tool reads as JSON, the exit status.

The command runs as a real subprocess (the installed entry point's module),
so the exit status and the streams are the ones a shell gets.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

from test_checks_support import build, clean_rows, edit_cells


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xl_tracker", "validate", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120,
    )


def spoilt_rows():
    rows = clean_rows()
    rows["Assessments"][2]["TOOLS3"] = 7  # Error at G4
    rows["Sessions"][0]["Session type"] = "One on one"  # Error at C2
    rows["Strengths"][0]["Member ID"] = "m01"  # Warning at A2
    return rows


def test_json_lists_every_issue_with_its_cell(tmp_path):
    done = run(str(build(tmp_path, spoilt_rows())), "--json")
    assert done.returncode == 1, done.stderr
    issues = json.loads(done.stdout)
    assert [(i["severity"], i["sheet"], i["cell"], i["rule"]) for i in issues] == [
        ("Error", "Assessments", "G4", "out-of-range"),
        ("Error", "Sessions", "C2", "unknown-choice"),
        ("Warning", "Strengths", "A2", "id-case"),
    ]
    assert all(set(i) == {"severity", "sheet", "cell", "rule", "message", "value"} for i in issues)
    assert issues[0]["value"] == 7
    assert "Did you mean 'One-on-one'?" in issues[1]["message"]


def test_json_values_are_json_safe(tmp_path):
    rows = clean_rows()
    rows["Assessments"][2]["Date"] = "16/10/2026"  # text-as-number and future-date, both about a date
    rows["Initiatives"][0]["Task team"] = "M02; M77"
    done = run(str(build(tmp_path, rows)), "--json")
    issues = json.loads(done.stdout)
    values = {i["rule"]: i["value"] for i in issues}
    assert values["future-date"] == "2026-10-16"
    assert values["text-as-number"] == "16/10/2026"
    assert values["unknown-member"] == "M02; M77"
    assert done.returncode == 1


def test_listing_groups_by_sheet_with_counts(tmp_path):
    path = build(tmp_path, spoilt_rows())
    done = run(str(path))
    assert done.returncode == 1
    out = done.stdout
    assert "\033[" not in out, "no colour when stdout is not a terminal"
    lines = out.splitlines()
    assert lines[0] == "Assessments: 1 error, 0 warnings"
    assert lines[1].split()[:2] == ["Error", "G4"] and lines[1].endswith("[out-of-range]")
    assert "Sessions: 1 error, 0 warnings" in lines
    assert "Strengths: 0 errors, 1 warning" in lines
    assert lines[-1].startswith(f"{path}: 2 errors, 1 warning")


def test_colour_only_on_a_terminal(tmp_path):
    from xl_tracker.cli.validate import listing
    from xl_tracker.issues import issue

    found = [issue("out-of-range", "Assessments", "G4", "Score 7 is above the scale maximum 5", 7)]
    assert "\033[31m" in listing(found, tmp_path / "x.xlsx", colour=True)
    assert "\033[" not in listing(found, tmp_path / "x.xlsx", colour=False)


def test_clean_workbook_exits_0(tmp_path):
    path = build(tmp_path)
    done = run(str(path))
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == f"{path}: no problems found"
    assert json.loads(run(str(path), "--json").stdout) == []


def test_warnings_only_exit_0(tmp_path):
    rows = clean_rows()
    rows["Strengths"][0]["Member ID"] = "m01"
    done = run(str(build(tmp_path, rows)), "--json")
    assert done.returncode == 0
    assert [i["severity"] for i in json.loads(done.stdout)] == ["Warning"]


def test_unreadable_file_exits_2(tmp_path):
    text = tmp_path / "members.xlsx"
    text.write_text("Member ID,Full name\nM01,Wanjiru\n")
    done = run(str(text))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("xl-tracker: ") and "Traceback" not in done.stderr
    missing = run(str(tmp_path / "nowhere.xlsx"), "--json")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_missing_core_sheet_is_an_error_not_a_crash(tmp_path):
    path = edit_cells(build(tmp_path), "Assessments", delete_sheet=True)
    done = run(str(path), "--json")
    assert done.returncode == 1
    assert {(i["rule"], i["sheet"], i["severity"]) for i in json.loads(done.stdout)} >= {("missing-sheet", "Assessments", "Error")}


def test_validate_never_writes_to_the_workbook(tmp_path):
    path = build(tmp_path, spoilt_rows())
    old = os.stat(path).st_mtime_ns - 10_000_000_000
    os.utime(path, ns=(old, old))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    run(str(path))
    run(str(path), "--json")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert os.stat(path).st_mtime_ns == old
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name], "no lock or temporary file left beside it"


def test_python_api_is_the_same_operation(tmp_path):
    import xl_tracker

    path = build(tmp_path, spoilt_rows())
    issues = xl_tracker.validate(path)
    cli = json.loads(run(str(path), "--json").stdout)
    assert [(i.severity, i.sheet, i.cell, i.rule, i.message) for i in issues] == [
        (i["severity"], i["sheet"], i["cell"], i["rule"], i["message"]) for i in cli
    ]


def test_help_lists_validate():
    done = subprocess.run([sys.executable, "-m", "xl_tracker", "--help"], capture_output=True, text=True, timeout=60)
    assert "validate" in done.stdout
