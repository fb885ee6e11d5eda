"""LibreOffice turns every report of the demo workbook into a PDF, in one batch (never skipped under CI),
and leaves nothing running and no profile behind when it is stopped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xl_tracker import generate_reports
from xl_tracker.demo import build_demo_workbook
from xl_tracker.errors import WorkbookError


@pytest.mark.libreoffice
def test_every_demo_report_becomes_a_pdf(tmp_path, soffice, monkeypatch):
    import xl_tracker.reports.pdf as pdf

    calls = []
    real_run = pdf._run_group

    def counting_run(cmd, *args, **kwargs):
        calls.append(cmd)
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(pdf, "find_soffice", lambda: soffice)
    monkeypatch.setattr(pdf, "_run_group", counting_run)
    book = build_demo_workbook(tmp_path / "demo.xlsx")
    reports = generate_reports(book, tmp_path / "reports", pdf=True)
    assert len(calls) == 1, "one soffice process for the whole batch"
    assert any(str(a).startswith("-env:UserInstallation=file://") for a in calls[0])
    assert len(reports.pdfs) == len(reports.files) == 19
    for path in reports.pdfs:
        data = path.read_bytes()
        assert data.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        assert pages >= 2, (path.name, pages)
    assert "and the team report written to" in reports.summary() and "with 19 PDFs" in reports.summary()


def processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that contain ``text`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text in cmdline and state != "Z":
            found.append(f"{entry.name}: {cmdline[:200]}")
    return found


def children_of(pid: int) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(entry.name)
    return found


FAKE_SOFFICE = """#!/bin/sh
# A launcher like LibreOffice's: the work happens in a child that outlives a launcher killed alone.
sleep 300 &
echo $! > "$XL_TRACKER_TEST_CHILD"
wait
"""


class FakeRun:
    """A fake ``soffice`` launcher in ``tmp_path``, the pid file of the child it starts, and a private temporary folder."""

    def __init__(self, tmp_path: Path, monkeypatch):
        from xl_tracker.reports import pdf

        self.soffice = tmp_path / "soffice"
        self.soffice.write_text(FAKE_SOFFICE)
        self.soffice.chmod(0o755)
        self.child_file = tmp_path / "child.pid"
        monkeypatch.setenv("XL_TRACKER_TEST_CHILD", str(self.child_file))
        self.temp = tmp_path / "tmp"
        self.temp.mkdir()
        monkeypatch.setattr(pdf.tempfile, "tempdir", str(self.temp))
        self.docx = tmp_path / "a.docx"
        self.docx.write_bytes(b"not converted")

    def assert_all_gone(self) -> None:
        """The launcher's child is ended (or a zombie) and the temporary folder is empty."""
        child = int(self.child_file.read_text())
        assert not Path(f"/proc/{child}").exists() or (Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z")
        assert list(self.temp.iterdir()) == []


@pytest.fixture
def fake_run(tmp_path, monkeypatch) -> FakeRun:
    return FakeRun(tmp_path, monkeypatch)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_a_timeout_ends_the_launcher_and_what_it_started_and_removes_the_profile(tmp_path, fake_run):
    run = fake_run
    from xl_tracker.reports import pdf

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.pdf").write_bytes(b"%PDF-1.4 an old one")
    with pytest.raises(WorkbookError, match=r"within 1 s and was stopped: no PDF was made \(of 1\)"):
        pdf.convert_to_pdf([run.docx], tmp_path / "out", soffice=str(run.soffice), timeout=1)
    run.assert_all_gone()
    assert not (tmp_path / "out" / "a.pdf").exists()  # the old PDF is not passed off as made now
    assert children_of(os.getpid()) == []


@pytest.mark.libreoffice
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_report_pdf_with_a_3_s_timeout_leaves_no_libreoffice_and_no_profile(tmp_path, soffice):
    book = build_demo_workbook(tmp_path / "demo.xlsx")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PATH": str(Path(soffice).parent) + os.pathsep + os.environ.get("PATH", "")}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "xl_tracker", "report", str(book), "-o", str(tmp_path / "reports"), "--pdf", "--pdf-timeout", "3"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert time.monotonic() - start < 60
    if done.returncode == 2:
        assert "was stopped" in done.stderr and ("PDFs were made for" in done.stderr or "no PDF was made" in done.stderr)
        made = sorted((tmp_path / "reports").glob("*.pdf"))
        for path in made:
            assert path.read_bytes().startswith(b"%PDF")
    else:
        assert done.returncode == 0, done.stderr
    assert processes_mentioning(str(temp)) == []
    assert list(temp.iterdir()) == []  # neither the profile nor LibreOffice's own temporary folders
    assert children_of(os.getpid()) == []


@pytest.mark.skipif(not Path("/proc").is_dir() or not hasattr(os, "killpg"), reason="POSIX process groups")
def test_ctrl_c_ends_the_launcher_and_what_it_started_and_removes_the_profile(tmp_path, fake_run):
    run = fake_run
    import signal
    import threading

    from xl_tracker.reports import pdf

    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            pdf.convert_to_pdf([run.docx], tmp_path / "out", soffice=str(run.soffice), timeout=60)
    finally:
        timer.cancel()
    run.assert_all_gone()
    assert children_of(os.getpid()) == []


@pytest.mark.libreoffice
@pytest.mark.skipif(os.name == "nt", reason="LibreOffice's single-instance pipe is a Unix socket in /tmp")
def test_the_single_instance_socket_is_named_as_libreoffice_names_it(tmp_path, soffice):
    """ipc_pipe predicts the socket a LibreOffice with that profile makes (and a killed one leaves behind)."""
    import signal

    from xl_tracker.reports import pdf

    url = (tmp_path / "profile" / "user").as_uri()
    pipe = pdf.ipc_pipe(url)
    (tmp_path / "a.txt").write_text("hello")
    process = subprocess.Popen(
        [soffice, f"-env:UserInstallation={url}", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(tmp_path / "a.txt")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not pipe.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert pipe.is_socket(), "LibreOffice made no socket of the predicted name"
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
    assert pipe.exists(), "a killed LibreOffice leaves its socket: that is why it is removed"
    pdf._remove_pipe(url)
    assert not pipe.exists()


@pytest.mark.libreoffice
@pytest.mark.skipif(os.name == "nt", reason="LibreOffice's single-instance pipe is a Unix socket in /tmp")
@pytest.mark.parametrize("timeout", [None, 2.0], ids=["finished", "stopped"])
def test_a_conversion_leaves_no_socket_in_tmp(tmp_path, soffice, monkeypatch, timeout):
    import tempfile as tempfile_module

    from xl_tracker.reports import pdf

    book = build_demo_workbook(tmp_path / "demo.xlsx")
    reports = generate_reports(book, tmp_path / "reports").files
    profiles: list[str] = []
    real_mkdtemp = tempfile_module.mkdtemp

    def recorded(*args, **kwargs):
        profiles.append(real_mkdtemp(*args, **kwargs))
        return profiles[-1]

    monkeypatch.setattr(pdf.tempfile, "mkdtemp", recorded)
    try:
        pdf.convert_to_pdf(reports, tmp_path / "pdf", soffice=soffice, timeout=timeout)
    except WorkbookError as exc:
        assert timeout is not None and "was stopped" in str(exc)
    assert len(profiles) == 1
    assert not pdf.ipc_pipe(Path(profiles[0], "user").as_uri()).exists()
