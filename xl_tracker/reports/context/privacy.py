"""Privacy in the team report: labels for members who may not be named, and their names scrubbed from free text.

A label must not give away who it is. "Member 1" did: it reads as M01 (the
County Director in the demo), and numbers given in order of score let a
reader who knows one member's score find the others. So a member who may not
be named is "Member" and a letter (A, B, … Z, AA, AB …): letters are not
member IDs (a letter that is someone's ID is skipped), and they are dealt in a
random order seeded by the workbook's own scores, so the order follows
neither the Members sheet, nor the IDs, nor the scores, and rows are listed
by letter. The same workbook gives the same letters (reports made twice
agree); new scores deal them afresh, so a letter need not be the same
member in another report.
"""

from __future__ import annotations

import hashlib
import random
import re
import string
from dataclasses import fields, is_dataclass
from typing import Any

from xl_tracker.reports.charts import ReportChart

_WORD = re.compile(r"\w+")


def scrub_names(report: Any, names: list[str]) -> Any:
    """Replace any of ``names`` (whole words) in every text of ``report`` by 'a CHMT member'.

    The team report never puts a hidden member's name into a field; this is
    the second line of defence for names typed into free text (an initiative
    title such as "Achieng's stock-out plan").
    """
    keys = {tuple(_WORD.findall(n.casefold())) for n in names if len(n) >= 3}
    keys.discard(())
    if not keys:
        return report
    lengths = sorted({len(k) for k in keys}, reverse=True)

    def scrub(text: str) -> str:
        words = _WORD.findall(text.casefold())
        found = {
            tuple(words[i : i + size])
            for i in range(len(words))
            for size in lengths
            if tuple(words[i : i + size]) in keys
        }
        if not found:
            return text
        alternatives = sorted((r"\W+".join(map(re.escape, k)) for k in found), key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
        return pattern.sub("a CHMT member", text)

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return scrub(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if is_dataclass(value) and not isinstance(value, type) and not isinstance(value, ReportChart):
            return type(value)(**{f.name: walk(getattr(value, f.name)) for f in fields(value)})
        return value

    return walk(report)


LABELS_NOTE = (
    "Members not named are shown as Member A, Member B…: the letters were dealt in a random order drawn from "
    "this workbook's scores (not by ID, name, sheet order or score), rows are listed by letter, and the letters "
    "change when scores are added, so a letter need not be the same member in another report."
)


def _letters(n: int) -> str:
    """The n-th letter code, 0-based: A … Z, AA, AB …"""
    code = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        code = string.ascii_uppercase[rest] + code
    return code


def anonymous_labels(member_ids: list[str], seed: bytes, taken: set[str] = frozenset()) -> dict[str, str]:
    """``member_ids`` (as given) -> "Member A"…, dealt in a random order seeded by ``seed``.

    A letter code that equals (ignoring case) a member ID or a text in
    ``taken`` (names shown, other IDs) is skipped, and so is a label equal to
    one, so no label can be read as somebody's ID.
    """
    avoid = {t.strip().casefold() for t in taken} | {str(m).strip().casefold() for m in member_ids}
    order = sorted(member_ids, key=lambda m: str(m).casefold())
    random.Random(int.from_bytes(hashlib.sha256(seed).digest()[:8], "big")).shuffle(order)
    labels: dict[str, str] = {}
    n = 0
    for member in order:
        while True:
            code = _letters(n)
            n += 1
            label = f"Member {code}"
            if code.casefold() not in avoid and label.casefold() not in avoid:
                break
        labels[member] = label
    return labels
