"""The generated part of a hand-written doc page: the text between two marker lines, rewritten from code.

``docs/results.md`` (output columns), ``docs/report-templates.md`` (template
variables) and ``docs/validation.md`` (validation rules) each keep their
prose by hand and one generated block; their generators and drift tests
share this one way of finding and replacing it.
"""

from __future__ import annotations

from pathlib import Path


def with_block(text: str, start: str, end: str, body: str) -> str:
    """``text`` with the block between ``start`` and ``end`` replaced by ``body`` (appended when the markers are missing)."""
    block = f"{start}\n\n{body}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        return head + block + tail
    return text.rstrip("\n") + "\n\n" + block + "\n"


def rewrite(path: Path, start: str, end: str, body: str) -> bool:
    """Rewrite ``path``'s block; True when the file changed."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    new = with_block(text, start, end, body)
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True
