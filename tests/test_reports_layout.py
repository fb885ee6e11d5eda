"""How the demo's reports lay out on the page: no word broken inside a table column, no table row split across pages.

Read back with python-docx: every word of every table cell fits its
column at its size and weight in DejaVu Sans (the widest font a report is
read in: LibreOffice's stand-in for Calibri where Calibri and Carlito are
missing), and every table row may not break across a page.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph

from xl_tracker.demo import build_demo_workbook
from xl_tracker.pipeline import run_tracker
from xl_tracker.reports.build_templates import build_templates
from xl_tracker.reports.generate import write_reports
from xl_tracker.reports.text_width import CELL_MARGINS_CM, column_holds, text_width_cm, words
from xl_tracker.resources import shipped_dir


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo workbook's run and its 18 member reports and team report."""
    folder = tmp_path_factory.mktemp("layout")
    run = run_tracker(build_demo_workbook(folder / "demo.xlsx"))
    reports = write_reports(run, folder / "reports", workers=1)
    return run, reports


def _style_value(style, get):
    while style is not None:
        value = get(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def _run_look(run, paragraph) -> tuple[float, bool]:
    """A run's size in points and whether it is bold: its own, else its paragraph style's (and the styles it is based on)."""
    size = run.font.size or _style_value(paragraph.style, lambda s: s.font.size)
    bold = run.font.bold
    if bold is None:
        bold = _style_value(paragraph.style, lambda s: s.font.bold)
    return (size.pt if size is not None else 10.0), bool(bold)


JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def broken_words(path: Path) -> list[str]:
    """Each word of a table cell wider than its column (cell margins taken off), as 'table N: word needs X cm, column Y cm'.

    Jinja tags are left out (a template's data is checked in the reports rendered from it)."""
    found = []
    document = docx.Document(path)
    for n, table in enumerate(document.tables):
        for tr in table._tbl.tr_lst:
            for tc in tr.tc_lst:
                width = tc.width
                if width is None:
                    continue
                cm = Emu(width).cm
                for p in (Paragraph(p, table) for p in tc.iter(qn("w:p"))):
                    for run in p.runs:
                        size, bold = _run_look(run, p)
                        for word in words(JINJA_TAG.sub(" ", run.text)):
                            if not column_holds(cm, word, size, bold):
                                found.append(f"table {n}: {word!r} ({size:g} pt{' bold' if bold else ''}) needs "
                                             f"{text_width_cm(word, size, bold) + CELL_MARGINS_CM:.2f} cm, column {cm:.2f} cm")
    return found


def test_no_word_is_wider_than_its_table_column_in_any_demo_report(demo):
    """'Leadin g', 'Membe rs', 'Overdu e', 'NETWORKS 1': a column narrower than its longest word breaks the word."""
    _, reports = demo
    broken = {path.name: words for path in reports.files if (words := broken_words(path))}
    assert broken == {}


@pytest.mark.parametrize("name", ["member_report.docx", "team_report.docx", "programme_report.docx", "scoring_form.docx"])
def test_every_template_header_word_fits_its_column(name):
    """The headers, as typed in the shipped templates (the data is checked in the rendered reports above)."""
    assert broken_words(shipped_dir("report_templates") / name) == []


def rows_that_may_split(path: Path) -> list[str]:
    """Each table row without w:cantSplit, as 'table N row R: its first cell's text'."""
    found = []
    for n, table in enumerate(docx.Document(path).tables):
        for r, tr in enumerate(table._tbl.tr_lst):
            if tr.trPr is None or tr.trPr.find(qn("w:cantSplit")) is None:
                found.append(f"table {n} row {r}: {''.join(tr.tc_lst[0].itertext())[:40]!r}")
    return found


def test_no_table_row_of_any_demo_report_breaks_across_a_page(demo):
    """A goal's row split over pages 2-3 of M01, a member's scores and their bracketed values apart in the team report."""
    _, reports = demo
    split = {path.name: rows for path in reports.files if (rows := rows_that_may_split(path))}
    assert split == {}


def test_every_header_row_repeats_on_the_next_page(demo):
    """A table that runs onto a second page repeats its header row there (key-value tables and the comment box have none)."""
    _, reports = demo
    for path in reports.files:
        for table in docx.Document(path).tables:
            first = table._tbl.tr_lst[0]
            bold = all(r.font.bold for c in table.rows[0].cells for p in c.paragraphs for r in p.runs if r.text.strip())
            if len(table.columns) > 2 and bold:
                assert first.trPr.find(qn("w:tblHeader")) is not None, (path.name, table.rows[0].cells[0].text)


@pytest.mark.parametrize("name", ["member_report.docx", "team_report.docx", "programme_report.docx", "scoring_form.docx"])
def test_every_row_of_every_template_is_kept_whole(name):
    assert rows_that_may_split(shipped_dir("report_templates") / name) == []
