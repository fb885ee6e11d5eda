"""Write the programme workbook: a new package whose every sheet is written by the one package writer.

The writer (:mod:`xl_tracker.ooxml.writer`) writes sheets into an existing
package; a roll-up has none, so it starts from :func:`empty_package`, the
smallest workbook package (workbook part, its relationships, content types)
with no sheet, into which the writer adds every sheet, styles, tables and
charts. The file goes through :func:`xl_tracker.safe_write.write_safely`:
written beside the target, read back and checked, then renamed over it (the
previous programme workbook kept as a backup).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from xl_tracker.ooxml.namespaces import CT_RELATIONSHIPS, CT_STYLES, NS_CT, NS_MAIN, NS_PKG_REL, NS_REL, RT_OFFICE_DOCUMENT, RT_STYLES
from xl_tracker.ooxml.package import write_package
from xl_tracker.outputs.model import AnySheet, built_sheet

CT_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def empty_package(path: Path) -> Path:
    """A workbook package with no sheet yet (not a valid workbook until the writer adds one).

    Its styles part has the Normal cell style Excel's own workbooks have (the
    writer appends its formats after it); without one openpyxl warns.
    """
    declaration = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = [
        ("[Content_Types].xml", declaration + (
            f'<Types xmlns="{NS_CT}"><Default Extension="rels" ContentType="{CT_RELATIONSHIPS}"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT_WORKBOOK}"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT_STYLES}"/></Types>'
        ).encode()),
        ("_rels/.rels", declaration + (
            f'<Relationships xmlns="{NS_PKG_REL}"><Relationship Id="rId1" Type="{RT_OFFICE_DOCUMENT}" Target="xl/workbook.xml"/></Relationships>'
        ).encode()),
        ("xl/workbook.xml", declaration + (
            f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets/></workbook>'
        ).encode()),
        ("xl/_rels/workbook.xml.rels", declaration + (
            f'<Relationships xmlns="{NS_PKG_REL}"><Relationship Id="rId1" Type="{RT_STYLES}" Target="styles.xml"/></Relationships>'
        ).encode()),
        ("xl/styles.xml", declaration + (
            f'<styleSheet xmlns="{NS_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        ).encode()),
    ]
    write_package(path, parts)
    return path


def write_programme_workbook(target: Path, sheets: Sequence[AnySheet]) -> Path | None:
    """Write ``sheets`` as a new workbook at ``target`` safely; returns the backup of a previous file there (or None)."""
    from xl_tracker.ooxml.writer import PackageOutputWriter
    from xl_tracker.outputs.verify import verify_written
    from xl_tracker.safe_write import write_safely

    with tempfile.TemporaryDirectory(prefix="xl-tracker-rollup-") as folder:
        seed = empty_package(Path(folder) / "empty.xlsx")
        writers: list[PackageOutputWriter] = []

        def write(temp: Path) -> None:
            writer = PackageOutputWriter(seed, temp)
            writer.write_sheets(sheets)
            writers.append(writer)

        def verify(temp: Path) -> None:
            verify_written(seed, temp, [built_sheet(s) for s in sheets], writers[-1].rewritten, writers[-1].deflated)

        return write_safely(target, write, verify)
