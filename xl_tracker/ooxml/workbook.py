"""``xl/workbook.xml``: the sheet list, the date system and the names a new table must not take.

Output sheets that are new get a ``<sheet>`` appended after every existing
sheet, so ``localSheetId`` of defined names and the active tab keep pointing
where they did; sheets that exist keep their sheetId, r:id and position.
"""

from __future__ import annotations

from dataclasses import dataclass

from xl_tracker.errors import WorkbookError
from xl_tracker.ooxml.namespaces import NS_MAIN, NS_REL
from xl_tracker.ooxml.package import safe_parser

_SHEET = f"{{{NS_MAIN}}}sheet"
_SHEETS = f"{{{NS_MAIN}}}sheets"
_RID = f"{{{NS_REL}}}id"


@dataclass(frozen=True)
class SheetEntry:
    name: str
    sheet_id: int
    rid: str
    state: str = "visible"


class WorkbookPart:
    def __init__(self, part: str, xml: bytes):
        from lxml import etree

        self.part = part
        self.original = xml
        self.root = etree.fromstring(xml, parser=safe_parser())
        self.changed = False

    def sheets(self) -> list[SheetEntry]:
        out = []
        for s in self.root.iter(_SHEET):
            try:
                sheet_id = int(s.get("sheetId", "0"))
            except ValueError:
                sheet_id = 0
            out.append(SheetEntry(s.get("name", ""), sheet_id, s.get(_RID, ""), s.get("state", "visible")))
        return out

    @property
    def date1904(self) -> bool:
        pr = self.root.find(f"{{{NS_MAIN}}}workbookPr")
        return pr is not None and pr.get("date1904", "0").lower() in ("1", "true")

    def defined_names(self) -> set[str]:
        return {(d.get("name") or "").casefold() for d in self.root.iter(f"{{{NS_MAIN}}}definedName")}

    def add_sheet(self, name: str, rid: str) -> int:
        """Append a ``<sheet>`` after the existing ones; returns its new sheetId."""
        from lxml import etree

        sheets = self.root.find(_SHEETS)
        if sheets is None:
            raise WorkbookError(
                f"{self.part} has no sheet list xl-tracker can read (a Strict Open XML workbook?): "
                "save it in Excel as 'Excel Workbook (.xlsx)' and refresh again"
            )
        sheet_id = max((s.sheet_id for s in self.sheets()), default=0) + 1
        el = etree.SubElement(sheets, _SHEET, name=name, sheetId=str(sheet_id))
        el.set(_RID, rid)
        self.changed = True
        return sheet_id

    def to_bytes(self) -> bytes:
        from lxml import etree

        if not self.changed:
            return self.original
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
