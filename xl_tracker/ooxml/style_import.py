"""Carry cell formats from one workbook's styles into another's, appending only what is missing.

``upgrade`` copies sheets and columns from a workbook built from the contract
(the donor) into a user's workbook. The donor's cells name its own
``cellXfs`` and ``dxfs`` indices; each one used is rebuilt in the user's
``styles.xml`` from its parts (font, fill, border, number format, alignment,
protection), found again when an equal entry exists (so upgrading twice adds
nothing), appended otherwise. Existing entries keep their index, so every
cell of the user's sheets keeps its look.
"""

from __future__ import annotations

import copy

from lxml import etree

from xl_tracker.ooxml.namespaces import NS_MAIN
from xl_tracker.ooxml.package import safe_parser
from xl_tracker.ooxml.styles import StyleBook

_BUILTIN_LAST = 163
"""Number format ids up to this are built in (the same in every workbook); custom ones start at 164."""


def _q(tag: str) -> str:
    return f"{{{NS_MAIN}}}{tag}"


def _children(section) -> list:
    return [] if section is None else [c for c in section if isinstance(c.tag, str)]


class StyleImporter:
    """Maps the donor's ``cellXfs`` / ``dxfs`` indices to equal entries of the target :class:`StyleBook`."""

    def __init__(self, target: StyleBook, donor_styles: bytes):
        self.target = target
        self.donor = etree.fromstring(donor_styles, parser=safe_parser())
        self._xfs: dict[int, int] = {}
        self._dxfs: dict[int, int] = {}

    def _donor_section(self, tag: str) -> list:
        return _children(self.donor.find(_q(tag)))

    def _number_format(self, donor_id: int) -> int:
        if donor_id <= _BUILTIN_LAST:
            return donor_id
        code = next((f.get("formatCode") for f in self.donor.iter(_q("numFmt")) if f.get("numFmtId") == str(donor_id)), None)
        return 0 if code is None else self.target.number_format_id(code)

    def _part(self, section: str, donor_index: str | None) -> str:
        """The target index of the donor's font/fill/border ``donor_index`` (``"0"``: the default stays the default)."""
        if not donor_index or donor_index == "0":
            return "0"
        entries = self._donor_section(section)
        try:
            element = entries[int(donor_index)]
        except (ValueError, IndexError):
            return "0"
        self.target._section(section)
        return str(self.target._find_or_append(section, copy.deepcopy(element)))

    def xf(self, donor_index: int) -> int:
        """The target ``cellXfs`` index that looks like the donor's ``donor_index``."""
        if donor_index in self._xfs:
            return self._xfs[donor_index]
        entries = self._donor_section("cellXfs")
        if donor_index <= 0 or donor_index >= len(entries):
            self._xfs[donor_index] = 0
            return 0
        xf = copy.deepcopy(entries[donor_index])
        xf.set("numFmtId", str(self._number_format(int(xf.get("numFmtId", "0")))))
        xf.set("fontId", self._part("fonts", xf.get("fontId")))
        xf.set("fillId", self._part("fills", xf.get("fillId")))
        xf.set("borderId", self._part("borders", xf.get("borderId")))
        xf.set("xfId", "0")
        self.target._section("borders")
        self.target._section("cellStyleXfs")
        index = self.target._find_or_append("cellXfs", xf)
        self._xfs[donor_index] = index
        return index

    def dxf(self, donor_index: int) -> int:
        """The target ``dxfs`` index of an equal differential format (tables' and conditional formats' looks)."""
        if donor_index in self._dxfs:
            return self._dxfs[donor_index]
        entries = self._donor_section("dxfs")
        if not 0 <= donor_index < len(entries):
            raise ValueError(f"the donor workbook has no differential format {donor_index}")
        dxf = copy.deepcopy(entries[donor_index])
        for num_fmt in dxf.iter(_q("numFmt")):
            num_fmt.set("numFmtId", str(self._number_format(int(num_fmt.get("numFmtId", "0")))))
        index = self.target._find_or_append("dxfs", dxf)
        self._dxfs[donor_index] = index
        return index


__all__ = ["StyleImporter"]
