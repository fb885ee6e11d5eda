"""LibreOffice turns every report of the demo workbook into a PDF, in one batch (never skipped under CI)."""

from __future__ import annotations

import re

import pytest

from xl_tracker.api import generate_reports
from xl_tracker.demo import build_demo_workbook


@pytest.mark.libreoffice
def test_every_demo_report_becomes_a_pdf(tmp_path, soffice, monkeypatch):
    import xl_tracker.reports.pdf as pdf

    calls = []
    real_run = pdf.subprocess.run

    def counting_run(cmd, *args, **kwargs):
        calls.append(cmd)
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(pdf, "find_soffice", lambda: soffice)
    monkeypatch.setattr(pdf.subprocess, "run", counting_run)
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
