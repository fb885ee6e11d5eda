"""A table part (``xl/tables/tableN.xml``): makes an output sheet's range an Excel Table (filterable, banded).

Excel requires a table's ``id`` and ``name`` to be unique in the workbook and
its header cells to hold exactly the column names; a table always spans at
least one data row, so an empty result keeps one blank row under its header.
"""

from __future__ import annotations

from lxml import etree

from xl_tracker.cells import column_letters
from xl_tracker.ooxml.namespaces import NS_MAIN
from xl_tracker.ooxml.xmltext import clean

_M = f"{{{NS_MAIN}}}"


def table_ref(headers: tuple[str, ...], rows: int) -> str:
    return f"A1:{column_letters(len(headers) - 1)}{max(rows, 1) + 1}"


def table_xml(table_id: int, name: str, headers: tuple[str, ...], rows: int, style: str) -> bytes:
    """The table part in Excel's built-in table ``style``; headers (some named after a workbook's indicators) are
    attribute values built by lxml."""
    ref = table_ref(headers, rows)
    table = etree.Element(_M + "table", nsmap={None: NS_MAIN}, id=str(table_id), name=clean(name),
                          displayName=clean(name), ref=ref, totalsRowShown="0")
    etree.SubElement(table, _M + "autoFilter", ref=ref)
    columns = etree.SubElement(table, _M + "tableColumns", count=str(len(headers)))
    for i, header in enumerate(headers, start=1):
        etree.SubElement(columns, _M + "tableColumn", id=str(i), name=clean(header))
    etree.SubElement(table, _M + "tableStyleInfo", name=style, showFirstColumn="0", showLastColumn="0",
                     showRowStripes="1", showColumnStripes="0")
    return etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
