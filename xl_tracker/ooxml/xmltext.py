"""Text made safe for XML 1.0 and for Excel's reading of it.

Workbook text can hold characters XML 1.0 forbids (control characters
pasted from other systems, lone surrogates); they are dropped, since no
parser would read the part otherwise. Excel reads ``_xHHHH_`` inside text
as an escaped character, so a literal one is protected as ``_x005F_xHHHH_``.
"""

from __future__ import annotations

import re

MAX_CELL_TEXT = 32767
"""Excel's limit on the characters of one cell."""

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NEEDS_WORK = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x")
_EXCEL_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")
_NEEDS_WORK_BUT_NUL = re.compile("[&<>\x01-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x")


def clean(text: str) -> str:
    """Drop characters XML 1.0 cannot hold."""
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


def escape_text(text: str) -> str:
    """Element text: cleaned and ``&``, ``<``, ``>`` escaped."""
    text = clean(text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attr(text: str) -> str:
    """Attribute value in double quotes: as element text, plus quotes and whitespace kept as written."""
    text = escape_text(text)
    return text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def cell_text(text: str) -> str:
    """Text of a cell: at most Excel's 32,767 characters, Excel escapes protected, XML-escaped."""
    if len(text) <= MAX_CELL_TEXT and not _NEEDS_WORK.search(text):
        return text
    text = clean(text)
    if len(text) > MAX_CELL_TEXT:
        text = text[:MAX_CELL_TEXT]
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def all_plain(texts: list[str]) -> bool:
    """Whether every one of ``texts`` is written as it is: nothing to escape or drop, no space or tab at either end, no line break, within the cell limit.

    Checked on the texts joined by NUL (itself a character to drop, so it
    must occur only as the separator): a few searches over one string
    rather than a search per text.
    """
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1 or "\n" in joined or _NEEDS_WORK_BUT_NUL.search(joined):
        return False
    if any(t in joined for t in ("\x00 ", " \x00", "\x00\t", "\t\x00")) or joined[:1] in (" ", "\t") or joined[-1:] in (" ", "\t"):
        return False
    return all(texts) and max(map(len, texts)) <= MAX_CELL_TEXT
