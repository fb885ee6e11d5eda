"""Report file names from hostile workbook text, and the report command's behaviour around files."""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_tracker.cli import main
from xl_tracker.demo_data import SETTINGS, demo_rows
from xl_tracker.errors import WorkbookError
from xl_tracker.reports.filenames import MAX_STEM, WINDOWS_RESERVED, inside, member_filename, safe_stem, unique_names
from xl_tracker.template import build_workbook

HOSTILE = [
    "../../etc/passwd",
    "..\\..\\Windows\\System32",
    "CON",
    "nul",
    "Com1",
    "LPT9.txt",
    "a" * 500,
    "  ..  ",
    'a/b\\c:d*e?f"g<h>i|j',
    "tab\there\nnewline\x00nul\x1f",
    "Achieng Wanjiru-O'Neil (Dr.)",
    "Ñandú Müller 王小明",
    ".hidden",
    "trailing dot.",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_stem_is_valid_everywhere(text):
    stem = safe_stem(text)
    assert stem
    assert len(stem) <= MAX_STEM + 1
    assert not set(stem) & set('/\\:*?"<>|')
    assert all(ord(ch) >= 32 for ch in stem)
    assert not stem.startswith((".", " ")) and not stem.endswith((".", " "))
    assert stem.split(".")[0].upper() not in WINDOWS_RESERVED
    assert ".." not in stem


def test_names_keep_what_people_recognise():
    assert member_filename("M01", "Dr. Grace Wanjala") == "M01_Dr._Grace_Wanjala.docx"
    assert member_filename("M02", "Ñandú Müller 王小明") == "M02_Ñandú_Müller_王小明.docx"
    assert safe_stem("CON") == "_CON"


def test_clashing_names_get_a_number_case_insensitively():
    assert unique_names(["A.docx", "a.docx", "A.docx", "T.docx"], taken={"t.docx"}) == ["A.docx", "a-2.docx", "A-3.docx", "T-2.docx"]


def test_inside_refuses_a_path_outside_the_folder(tmp_path):
    assert inside(tmp_path, "x.docx") == (tmp_path / "x.docx").resolve()
    with pytest.raises(WorkbookError):
        inside(tmp_path, "../x.docx")
    with pytest.raises(WorkbookError):
        inside(tmp_path, "sub/x.docx")


def test_reports_of_hostile_members_land_inside_the_folder(tmp_path, capsys):
    rows = demo_rows()
    members = rows["Members"][:4]
    names = ["../../escape", "CON", "x" * 300, 'a/b\\c:d*e?f"g<h>i|j']
    for m, name in zip(members, names):
        m["Full name"] = name
    rows["Members"] = members
    keep = {m["Member ID"] for m in members}
    for sheet in ("Assessments", "Sessions", "Strengths", "Goals"):
        rows[sheet] = [r for r in rows[sheet] if r["Member ID"] in keep]
    book = build_workbook(tmp_path / "book.xlsx", rows, SETTINGS)
    out = tmp_path / "deep" / "out"
    assert main(["report", str(book), "-o", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 5
    assert all(len(name) <= MAX_STEM + len(".docx") + 1 for name in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "deep"]
    assert "M02_CON.docx" in written


def test_member_option_writes_only_those_reports(tmp_path, capsys):
    rows = demo_rows()
    book = build_workbook(tmp_path / "book.xlsx", rows, SETTINGS)
    assert main(["report", str(book), "-o", str(tmp_path / "out"), "--member", "m04", "--member", "M05"]) == 0
    assert sorted(p.name[:3] for p in (tmp_path / "out").iterdir()) == ["M04", "M05"]
    assert capsys.readouterr().out.startswith("2 member reports written to")
    assert main(["report", str(book), "-o", str(tmp_path / "out"), "--member", "M99"]) == 2
    assert "no member with ID M99" in capsys.readouterr().err


def test_unreadable_workbook_is_one_line_and_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert main(["report", str(bad), "-o", str(tmp_path / "out")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_pdf_without_libreoffice_says_so(tmp_path, monkeypatch, capsys):
    import shutil

    import xl_tracker.reports.pdf as pdf

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf.os.path, "exists", lambda path: False)
    rows = demo_rows()
    rows["Members"] = rows["Members"][:2]
    book = build_workbook(tmp_path / "book.xlsx", rows, SETTINGS)
    assert main(["report", str(book), "-o", str(tmp_path / "out"), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert "LibreOffice is not installed" in err and "without --pdf" in err
    assert len(list(Path(tmp_path / "out").glob("*.docx"))) == 3


def test_parallel_batch_writes_the_same_bytes_as_one_process(tmp_path, monkeypatch):
    import sys

    import xl_tracker.reports.generate as generate
    from xl_tracker.pipeline import run_tracker

    if not sys.platform.startswith("linux"):
        pytest.skip("large batches use worker processes on Linux only")
    rows = demo_rows()
    run = run_tracker(build_workbook(tmp_path / "book.xlsx", rows, SETTINGS))
    one = generate.write_reports(run, tmp_path / "one", workers=1)
    monkeypatch.setattr(generate, "PARALLEL_FROM", 2)
    seen = []
    two = generate.write_reports(run, tmp_path / "two", workers=2, progress=lambda done, total: seen.append((done, total)))
    assert [p.name for p in one.files] == [p.name for p in two.files]
    for a, b in zip(one.files, two.files):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert seen[-1] == (18, 18)


def test_progress_bar_draws_on_the_stream_and_ends_the_line():
    import io

    from xl_tracker.cli.report import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar(1, 20)
    bar(20, 20)
    text = stream.getvalue()
    assert "\rReports [" in text and text.endswith("] 20/20\n")
    assert "[##########]" in text
