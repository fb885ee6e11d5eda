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
_DEFINED_NAMES = f"{{{NS_MAIN}}}definedNames"
_DEFINED_NAME = f"{{{NS_MAIN}}}definedName"


@dataclass(frozen=True)
class SheetEntry:
    name: str
    sheet_id: int
    rid: str
    state: str = "visible"


def _same_formula(a: str | None, b: str) -> bool:
    """Two references to the same cells, however quoted (``Issues!$1:$1``, ``'Issues'!$1:$1``)."""
    return (a or "").replace("'", "").casefold() == b.replace("'", "").casefold()


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

    def set_print_names(self, sheet: str, names: dict[str, str | None]) -> None:
        """Set the sheet's local built-in names (``_xlnm.Print_Titles``, ``_xlnm.Print_Area``) to these formulas; None removes one.

        Only the given names of this sheet change; a name already holding the
        formula is left as it is, so a second refresh changes no byte.
        """
        from lxml import etree

        entries = self.root.find(_SHEETS)
        if entries is None:
            return
        positions = [s.get("name", "").casefold() for s in entries.iter(_SHEET)]
        if sheet.casefold() not in positions:
            return
        local = str(positions.index(sheet.casefold()))
        defined = self.root.find(_DEFINED_NAMES)
        existing = {}
        if defined is not None:
            existing = {d.get("name"): d for d in defined.iter(_DEFINED_NAME) if d.get("localSheetId") == local}
        for name, formula in names.items():
            found = existing.get(name)
            if found is not None and formula is not None and _same_formula(found.text, formula):
                continue
            if found is not None:
                defined.remove(found)
                self.changed = True
            if formula is None:
                continue
            if defined is None:
                defined = etree.Element(_DEFINED_NAMES)
                # CT_Workbook: definedNames follows sheets, functionGroups and externalReferences
                anchor = entries
                for tag in ("functionGroups", "externalReferences"):
                    el = self.root.find(f"{{{NS_MAIN}}}{tag}")
                    if el is not None:
                        anchor = el
                anchor.addnext(defined)
            el = etree.SubElement(defined, _DEFINED_NAME, name=name, localSheetId=local)
            el.text = formula
            self.changed = True
        if defined is not None and len(defined) == 0:
            self.root.remove(defined)

    def to_bytes(self) -> bytes:
        from lxml import etree

        if not self.changed:
            return self.original
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
