"""A report template cannot make a huge report: repetitions, powers, output size and time are bounded."""

from __future__ import annotations

import pytest

from test_reports_templates import TITLE_TAG, book, custom_template  # noqa: F401  (book is a fixture)
from xl_tracker.cli import main
from xl_tracker.reports import render


@pytest.mark.parametrize(
    "tag, says",
    [
        ("{{ 'x' * 10**9 }}", "repetition of 1,000,000,000 items"),
        ("{{ [1, 2] * 10**8 }}", "repetition of 200,000,000 items"),
        ("{{ 10 ** 10000000 }}", "power too large"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}", "longer than"),
    ],
    ids=["text", "list", "power", "nested-loops"],
)
def test_a_huge_template_is_refused_with_one_line(tmp_path, book, capsys, monkeypatch, tag, says):  # noqa: F811
    monkeypatch.setattr(render, "MAX_PART_CHARS", 5_000_000)  # the same rule, reached sooner
    templates = tmp_path / "huge"
    custom_template(templates, TITLE_TAG, tag)
    code = main(["report", str(book), "-o", str(tmp_path / "out"), "--templates", str(templates)])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "member_report.docx" in err and says in err


def test_a_slow_template_is_stopped(tmp_path, book, capsys, monkeypatch):  # noqa: F811
    monkeypatch.setattr(render, "MAX_RENDER_SECONDS", 0.5)
    templates = tmp_path / "slow"
    custom_template(templates, TITLE_TAG, "{% for i in range(100000) %}{% for j in range(300) %}{{ j }}{% endfor %}{% endfor %}")
    assert main(["report", str(book), "-o", str(tmp_path / "out"), "--templates", str(templates)]) == 2
    assert "took longer than" in capsys.readouterr().err


def test_ordinary_arithmetic_still_works():
    render._bounded_binop("*", "ab", 3)
    render._bounded_binop("**", 2, 10)
    render._bounded_binop("*", 2.5, 4)
