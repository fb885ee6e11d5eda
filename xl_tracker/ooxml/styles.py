"""``xl/styles.xml``: the few cell formats output sheets need, appended, never changing what is there.

What a cell looks like is decided in :data:`xl_tracker.outputs.model.LOOKS`
and :data:`~xl_tracker.outputs.model.NUMBER_FORMATS`; this module only
renders that description as fonts, fills and ``xf`` entries.

Each (emphasis, number kind) pair the output sheets use becomes one cell
format (``xf``) of ``cellXfs``. Fonts, fills, number formats and xfs are
looked up first: a refresh of a workbook refreshed before finds its own
formats again and appends nothing, so styles.xml keeps its bytes. Existing
entries keep their index, so every cell of the user's sheets keeps its look.
"""

from __future__ import annotations

from xl_tracker.ooxml.namespaces import NS_MAIN
from xl_tracker.ooxml.package import safe_parser
from xl_tracker.outputs.model import LOOKS, NUMBER_FORMATS, TONE_LOOKS, Emphasis, Look, NumberKind, Tone, alignment_of

_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "@": 49}
_FIRST_CUSTOM_FORMAT = 164
_SECTIONS = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles", "colors", "extLst")
_DEFAULT_SECTIONS = {
    "fonts": '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>',
    "fills": '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>',
    "borders": '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>',
    "cellStyleXfs": '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
    "cellXfs": '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>',
}
MINIMAL_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{NS_MAIN}">' + "".join(_DEFAULT_SECTIONS.values()) + "</styleSheet>"
).encode()
"""styles.xml for a package that has none (Excel always writes one; other tools may not)."""



def _argb(colour: str) -> str:
    """``#0563C1`` -> ``FF0563C1`` (SpreadsheetML colours are opaque ARGB)."""
    return "FF" + colour.lstrip("#").upper()


def _size(points: float) -> str:
    return f"{points:g}"


def _q(tag: str) -> str:
    return f"{{{NS_MAIN}}}{tag}"


class StyleBook:
    """The styles part, with a lookup from (emphasis, number kind) to a cellXfs index."""

    def __init__(self, xml: bytes | None):
        from lxml import etree

        self.original = xml
        self.root = etree.fromstring(xml or MINIMAL_STYLES, parser=safe_parser())
        self.changed = xml is None
        self._cache: dict[tuple[Emphasis, NumberKind, bool, bool], int] = {}
        self._dxf_cache: dict[Tone, int] = {}

    def _section(self, tag: str):
        from lxml import etree

        el = self.root.find(_q(tag))
        if el is not None:
            return el
        el = etree.fromstring(_DEFAULT_SECTIONS.get(tag, f'<{tag} count="0"/>').replace(f"<{tag} ", f'<{tag} xmlns="{NS_MAIN}" ', 1), parser=safe_parser())
        later = _SECTIONS[_SECTIONS.index(tag) + 1 :]
        for i, child in enumerate(self.root):
            if isinstance(child.tag, str) and child.tag.split("}")[-1] in later:
                self.root.insert(i, el)
                break
        else:
            self.root.append(el)
        self.changed = True
        return el

    def _find_or_append(self, section_tag: str, element) -> int:
        """Index of an equal child of the section, appending ``element`` when there is none."""
        section = self._section(section_tag)
        children = [c for c in section if isinstance(c.tag, str)]
        wanted = _canonical(element)
        for i, child in enumerate(children):
            if _canonical(child) == wanted:
                return i
        section.append(element)
        section.set("count", str(len(children) + 1))
        self.changed = True
        return len(children)

    def _number_format_id(self, kind: NumberKind) -> int:
        return self.number_format_id(NUMBER_FORMATS[kind])

    def number_format_id(self, code: str) -> int:
        """The numFmtId of the format ``code``: built in, found in numFmts, or appended there."""
        from lxml import etree

        if code in _BUILTIN_FORMATS:
            return _BUILTIN_FORMATS[code]
        existing = self.root.find(_q("numFmts"))
        used = set()
        if existing is not None:
            for f in existing.iter(_q("numFmt")):
                try:
                    used.add(int(f.get("numFmtId", "0")))
                except ValueError:
                    continue
                if f.get("formatCode") == code:
                    return int(f.get("numFmtId"))
        section = self._section("numFmts")
        new_id = max([_FIRST_CUSTOM_FORMAT - 1, *used]) + 1
        etree.SubElement(section, _q("numFmt"), numFmtId=str(new_id), formatCode=code)
        section.set("count", str(len(section.findall(_q("numFmt")))))
        self.changed = True
        return new_id

    def _font_id(self, look: Look) -> int:
        from lxml import etree

        if not (look.bold or look.italic or look.underline or look.size or look.colour):
            return 0
        fonts = self._section("fonts")
        base = next((c for c in fonts if isinstance(c.tag, str)), None)

        def base_val(tag: str, default: str | None) -> str | None:
            el = base.find(_q(tag)) if base is not None else None
            return el.get("val") if el is not None else default

        font = etree.Element(_q("font"))
        if look.bold:
            etree.SubElement(font, _q("b"))
        if look.italic:
            etree.SubElement(font, _q("i"))
        if look.underline:
            etree.SubElement(font, _q("u"))
        etree.SubElement(font, _q("sz"), val=_size(look.size) if look.size else base_val("sz", "11"))
        if look.colour:
            etree.SubElement(font, _q("color"), rgb=_argb(look.colour))
        etree.SubElement(font, _q("name"), val=base_val("name", "Calibri"))
        family = base_val("family", None)
        if family:
            etree.SubElement(font, _q("family"), val=family)
        scheme = base_val("scheme", None)
        if scheme:
            etree.SubElement(font, _q("scheme"), val=scheme)
        return self._find_or_append("fonts", font)

    def _fill_id(self, look: Look) -> int:
        from lxml import etree

        if not look.fill:
            return 0
        fill = etree.Element(_q("fill"))
        pattern = etree.SubElement(fill, _q("patternFill"), patternType="solid")
        etree.SubElement(pattern, _q("fgColor"), rgb=_argb(look.fill))
        etree.SubElement(pattern, _q("bgColor"), indexed="64")
        self._section("fills")
        return self._find_or_append("fills", fill)

    def xf(self, emphasis: Emphasis, kind: NumberKind, wrap: bool = False, top: bool = False) -> int:
        """The cellXfs index for a cell of this look; 0 (the workbook's default) for a plain General cell.

        The horizontal alignment follows the kind (numbers and dates right,
        :func:`~xl_tracker.outputs.model.alignment_of`), for a header cell too,
        so that a header stands over its numbers. ``wrap`` wraps the text of a
        column cut to the width cap; ``top`` aligns a cell to the top of a row
        made tall by such a column.
        """
        from lxml import etree

        key = (emphasis, kind, wrap, top)
        if key in self._cache:
            return self._cache[key]
        if emphasis is Emphasis.NORMAL and kind is NumberKind.GENERAL and not wrap and not top:
            self._cache[key] = 0
            return 0
        self._section("borders")
        self._section("cellStyleXfs")
        look = LOOKS[emphasis]
        num_fmt = self._number_format_id(kind)
        font = self._font_id(look)
        fill = self._fill_id(look)
        attrs = {"numFmtId": str(num_fmt), "fontId": str(font), "fillId": str(fill), "borderId": "0", "xfId": "0"}
        if num_fmt:
            attrs["applyNumberFormat"] = "1"
        if font:
            attrs["applyFont"] = "1"
        if fill:
            attrs["applyFill"] = "1"
        alignment = {
            k: v
            for k, v in (
                ("horizontal", alignment_of(kind)),
                ("vertical", look.vertical or ("top" if top else None)),
                ("wrapText", "1" if look.wrap or wrap else None),
            )
            if v
        }
        if alignment:
            attrs["applyAlignment"] = "1"
        xf = etree.Element(_q("xf"), attrs)
        if alignment:
            etree.SubElement(xf, _q("alignment"), alignment)
        index = self._find_or_append("cellXfs", xf)
        self._cache[key] = index
        return index

    def dxf(self, tone: Tone) -> int:
        """The ``dxfs`` index of a tone's look (font colour and fill), for a conditional format; found again on a later refresh."""
        from lxml import etree

        if tone in self._dxf_cache:
            return self._dxf_cache[tone]
        look = TONE_LOOKS[tone]
        dxf = etree.Element(_q("dxf"))
        if look.colour or look.bold:
            font = etree.SubElement(dxf, _q("font"))
            if look.bold:
                etree.SubElement(font, _q("b"))
            if look.colour:
                etree.SubElement(font, _q("color"), rgb=_argb(look.colour))
        if look.fill:
            pattern = etree.SubElement(etree.SubElement(dxf, _q("fill")), _q("patternFill"), patternType="solid")
            etree.SubElement(pattern, _q("fgColor"), rgb=_argb(look.fill))
            etree.SubElement(pattern, _q("bgColor"), rgb=_argb(look.fill))
        index = self._dxf_cache[tone] = self._find_or_append("dxfs", dxf)
        return index

    def to_bytes(self) -> bytes:
        from lxml import etree

        if not self.changed and self.original is not None:
            return self.original
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _canonical(element) -> bytes:
    """An element's content without prefixes or whitespace, for comparing a format with one written earlier."""
    from lxml import etree

    def walk(el) -> str:
        if not isinstance(el.tag, str):
            return ""
        attrs = "".join(f' {k}="{v}"' for k, v in sorted(el.attrib.items()))
        inner = "".join(walk(c) for c in el)
        return f"<{etree.QName(el).localname}{attrs}>{inner}</>"

    return walk(element).encode()
