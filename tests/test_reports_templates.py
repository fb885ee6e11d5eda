"""Custom templates: --templates DIR, broken tags, unknown names, the sandbox, and the generated variable list."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from xl_tracker.cli import main
from xl_tracker.demo_data import SETTINGS, demo_rows
from xl_tracker.reports import template_docs
from xl_tracker.reports.build_templates import build_templates
from xl_tracker.reports.context import REPORT_CLASSES, variables_markdown
from xl_tracker.reports.render import ReportTemplateError, compile_template
from xl_tracker.resources import shipped_dir
from xl_tracker.template import build_workbook

TITLE_TAG = "Progress report: {{ member.name }}"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    rows = demo_rows()
    rows["Members"] = rows["Members"][:3]
    keep = {m["Member ID"] for m in rows["Members"]}
    for sheet in ("Assessments", "Sessions", "Strengths", "Goals"):
        rows[sheet] = [r for r in rows[sheet] if r["Member ID"] in keep]
    return build_workbook(tmp_path_factory.mktemp("book") / "book.xlsx", rows, SETTINGS)


def custom_template(folder: Path, old: str, new: str, name: str = "member_report.docx") -> Path:
    """A copy of a shipped template with ``old`` replaced by ``new`` in its body, as a person would edit it in Word."""
    folder.mkdir(parents=True, exist_ok=True)
    source = shipped_dir("report_templates") / name
    target = folder / name
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                text = data.decode()
                assert old in text
                data = text.replace(old, new).encode()
            zout.writestr(item, data)
    return target


def test_custom_template_reworded_in_word_is_used(tmp_path, book, capsys):
    templates = tmp_path / "mine"
    custom_template(templates, TITLE_TAG, "Coaching journey of {{ member.name }} ({{ member.department }})")
    assert main(["report", str(book), "-o", str(tmp_path / "out"), "--templates", str(templates)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 member reports and the team report written to")
    doc = docx.Document(tmp_path / "out" / "M01_Dr._Grace_Wanjala.docx")
    assert doc.paragraphs[0].text == "Coaching journey of Dr. Grace Wanjala (Health Administration)"
    team = docx.Document(tmp_path / "out" / "Team_progress_report.docx")
    assert team.paragraphs[0].text == "Team progress report"


def test_broken_tag_names_the_template_and_the_tag(tmp_path, book, capsys):
    templates = tmp_path / "broken"
    custom_template(templates, TITLE_TAG, "Progress report: {{ member.name }")
    code = main(["report", str(book), "-o", str(tmp_path / "out"), "--templates", str(templates)])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "member_report.docx" in err and "broken tag" in err
    assert "{{ member.name }" in err
    assert not (tmp_path / "out" / "M01_Dr._Grace_Wanjala.docx").exists()


def test_unclosed_block_names_the_template(tmp_path):
    templates = tmp_path / "unclosed"
    path = custom_template(templates, "{%p endif %}", "", name="team_report.docx")
    with pytest.raises(ReportTemplateError) as info:
        compile_template(path)
    assert "team_report.docx" in str(info.value)
    assert "endif" in str(info.value)


def test_unknown_variable_is_an_error_not_a_blank(tmp_path, book, capsys):
    templates = tmp_path / "typo"
    custom_template(templates, TITLE_TAG, "Progress report: {{ member.nickname }}")
    code = main(["report", str(book), "-o", str(tmp_path / "out"), "--templates", str(templates)])
    err = capsys.readouterr().err
    assert code == 2
    assert "member_report.docx" in err and "nickname" in err and "report-templates.md" in err


def test_sandbox_refuses_python_internals(tmp_path, book, capsys):
    templates = tmp_path / "evil"
    custom_template(templates, TITLE_TAG, "{{ member.__class__.__init__.__globals__ }}")
    code = main(["report", str(book), "-o", str(tmp_path / "out"), "--templates", str(templates)])
    err = capsys.readouterr().err
    assert code == 2
    assert "member_report.docx" in err
    assert "__builtins__" not in err


def test_templates_folder_without_templates_is_refused(tmp_path, book, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["report", str(book), "-o", str(tmp_path / "out"), "--templates", str(tmp_path / "empty")]) == 2
    assert "neither member_report.docx nor team_report.docx" in capsys.readouterr().err


def test_a_file_that_is_not_a_docx_is_refused(tmp_path):
    bad = tmp_path / "member_report.docx"
    bad.write_text("not a zip")
    with pytest.raises(ReportTemplateError, match="member_report.docx is not a Word document"):
        compile_template(bad)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def test_shipped_templates_are_what_the_build_script_makes(tmp_path):
    """Every shipped .docx (member, team, scoring form, programme) is its builder's output, part for part."""
    built = build_templates(tmp_path)
    assert {p.name for p in built} >= {*REPORT_CLASSES, "scoring_form.docx", "programme_report.docx"}
    for path in built:
        assert _parts(shipped_dir("report_templates") / path.name) == _parts(path), (
            f"{path.name}: run python -m xl_tracker.reports.build_templates report_templates")


def test_building_the_templates_twice_gives_the_same_bytes(tmp_path):
    """No save time, no dict order: a rebuilt template differs from the last one only where its builder changed."""
    first, second = build_templates(tmp_path / "one"), build_templates(tmp_path / "two")
    assert len(first) == 4
    for a, b in zip(first, second):
        assert a.name == b.name and a.read_bytes() == b.read_bytes(), a.name


def test_every_variable_of_the_docs_is_in_the_context_classes_and_the_doc_is_current():
    doc = template_docs.DOC.read_text(encoding="utf-8")
    assert template_docs.with_variables(doc) == doc, "run: python -m xl_tracker.reports.template_docs"
    text = variables_markdown()
    for name in ("`member.name`", "`headline.value`", "`comparison`", "`row.label`", "`r.run_chart`", "`trend_chart`", "`measure.progress`", "`chart`"):
        assert name in text


def test_a_chart_repeated_by_a_loop_gets_unique_drawing_ids(tmp_path, book):
    from xl_tracker import generate_reports

    templates = tmp_path / "loop"
    custom_template(
        templates, "<w:t>{{ chart }}</w:t>",
        "<w:t>{%p for n in [1, 2] %}</w:t></w:r></w:p><w:p><w:r><w:t>{{ chart }}</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>{%p endfor %}</w:t>",
    )
    reports = generate_reports(book, tmp_path / "out", members=["M01"], templates=templates)
    with zipfile.ZipFile(reports.member_reports[0]) as z:
        body = z.read("word/document.xml").decode()
        assert {"word/charts/xlchart1.xml", "word/charts/xlchart2.xml"} <= set(z.namelist())
    doc = docx.Document(reports.member_reports[0])
    ids = [d.get("id") for d in doc.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert ids == [str(n) for n in range(1, len(ids) + 1)] and len(ids) >= 2, "unique, in document order"
    assert body.count('r:id="rIdXlChart1"') == body.count('r:id="rIdXlChart2"') == 1, "each placing is a chart part of its own"


def test_a_chart_tag_beside_other_text_shows_the_chart_title(tmp_path, book):
    from xl_tracker import generate_reports

    templates = tmp_path / "inline"
    custom_template(templates, "<w:t>{{ chart }}</w:t>", "<w:t>Figure: {{ chart }}</w:t>")
    reports = generate_reports(book, tmp_path / "out", members=["M01"], templates=templates)
    texts = [p.text for p in docx.Document(reports.member_reports[0]).paragraphs]
    assert "Figure: Your score per indicator: baseline and latest" in texts
