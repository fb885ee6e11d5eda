"""A table part (``xl/tables/tableN.xml``): makes an output sheet's range an Excel Table (filterable, banded).

Excel requires a table's ``id`` and ``name`` to be unique in the workbook and
its header cells to hold exactly the column names; a table always spans at
least one data row, so an empty result keeps one blank row under its header.
"""

from __future__ import annotations

from xl_tracker.cells import column_letters
from xl_tracker.ooxml.namespaces import NS_MAIN
from xl_tracker.ooxml.xmltext import escape_attr

TABLE_STYLE = "TableStyleMedium2"


def table_ref(headers: tuple[str, ...], rows: int) -> str:
    return f"A1:{column_letters(len(headers) - 1)}{max(rows, 1) + 1}"


def table_xml(table_id: int, name: str, headers: tuple[str, ...], rows: int) -> bytes:
    ref = table_ref(headers, rows)
    columns = "".join(f'<tableColumn id="{i}" name="{escape_attr(h)}"/>' for i, h in enumerate(headers, start=1))
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<table xmlns="{NS_MAIN}" id="{table_id}" name="{escape_attr(name)}" displayName="{escape_attr(name)}" '
        f'ref="{ref}" totalsRowShown="0"><autoFilter ref="{ref}"/>'
        f'<tableColumns count="{len(headers)}">{columns}</tableColumns>'
        f'<tableStyleInfo name="{TABLE_STYLE}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>'
        "</table>"
    )
    return xml.encode("utf-8")
