"""What python-calamine cannot tell from a worksheet part either: which formula cells were saved without a result.

A program that writes a workbook without calculating it (openpyxl, and
other generators) saves a formula with an empty ``<v>`` or none at all.
calamine reads such a cell as blank, so the reader would say a required
value is missing, or miss an ``=1/0``. Excel and LibreOffice save every
formula's result, so these cells are rare: each formula element (``<f``) is
found by a search for its literal start, and only one followed by no value
up to the end of its cell matches. A formula whose result is empty text
(``t="str"`` and ``<v></v>``, as Excel saves ``=IF(A2="","",A2)``) has a
result and is left alone, as is an error cell (``t="e"``, see
:mod:`xl_tracker.ooxml.worksheet_cells`).
"""

from __future__ import annotations

import functools
import html
import re

_ROOT_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")
_REF = re.compile(rb"\br=[\"']([A-Za-z]{1,3}\d+)[\"']")
_TYPE = re.compile(rb"\bt=[\"'](\w+)[\"']")


@functools.lru_cache(maxsize=8)
def _without_result(prefix: bytes) -> re.Pattern[bytes]:
    """A formula element (``<f>…</f>`` or a shared formula's ``<f …/>``), then at most an empty value, then the cell's end."""
    p = re.escape(prefix)
    return re.compile(
        b"<" + p + rb"f(?=[\s/>])[^>]*?(?:/>|>(?P<text>[^<]*)</" + p + rb"f>)"
        rb"\s*(?P<value><" + p + rb"v\s*/>|<" + p + rb"v>\s*</" + p + rb"v>)?\s*</" + p + rb"c>"
    )


def formula_cells_without_result(sheet_xml: bytes) -> dict[str, str]:
    """A1 address -> the formula (``=1/0``; empty for a cell of a shared formula) of every formula cell saved without a result.

    A cell without an ``r`` address (allowed, but not written by the
    programs that leave results out) is not found.
    """
    head = _ROOT_PREFIX.search(sheet_xml, 0, 65536)
    prefix = (head.group(1) or b"") if head else b""
    found: dict[str, str] = {}
    cell_start = b"<" + prefix + b"c"
    for m in _without_result(prefix).finditer(sheet_xml):
        start = sheet_xml.rfind(b"<", 0, m.start())
        end = sheet_xml.find(b">", start)
        if start < 0 or not sheet_xml.startswith(cell_start, start) or sheet_xml[start + len(cell_start) : start + len(cell_start) + 1] not in b" \t\r\n":
            continue
        attrs = sheet_xml[start + len(cell_start) : end]
        ref = _REF.search(attrs)
        kind = _TYPE.search(attrs)
        kind = kind.group(1) if kind else b"n"
        if ref is None or kind == b"e" or (kind == b"str" and m.group("value")):
            continue  # no address; an error (read as such); a result that is empty text
        text = m.group("text")
        found[ref.group(1).decode().upper()] = "=" + html.unescape(text.decode("utf-8", "replace")) if text else ""
    return found
