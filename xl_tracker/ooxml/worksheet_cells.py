"""What python-calamine cannot tell from a worksheet part: which cells hold Excel errors.

calamine reads an error cell (``t="e"``, e.g. a formula whose cached value is
``#N/A``) as an empty string, so the reader would take ``#REF!`` for a blank.
This module finds those cells in the worksheet XML. Error cells are rare, so
a part without the ``t="e"`` marker is dismissed by one byte search.
"""

from __future__ import annotations

import re

_ERROR_CELL = re.compile(
    rb"<(?:\w+:)?c\b(?P<attrs>[^>]*?\bt=\"e\"[^>]*?)(?:/>|>(?P<body>.*?)</(?:\w+:)?c>)", re.S
)
_REF = re.compile(rb"\br=\"([A-Za-z]{1,3}\d+)\"")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def error_cells(sheet_xml: bytes) -> dict[str, str]:
    """A1 address -> the error text (``#N/A``) for every error cell of a worksheet part."""
    if b't="e"' not in sheet_xml:
        return {}
    found: dict[str, str] = {}
    for m in _ERROR_CELL.finditer(sheet_xml):
        ref = _REF.search(m.group("attrs"))
        if not ref:
            continue
        value = _VALUE.search(m.group("body") or b"")
        found[ref.group(1).decode().upper()] = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
    return found
