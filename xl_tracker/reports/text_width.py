"""How wide a word prints in a report table: the advance widths of DejaVu Sans, the widest font a report meets.

The reports ask for Calibri. Word has it; LibreOffice without Calibri or its
metric twin Carlito (a Linux server, a fresh container) sets the text in
DejaVu Sans, which is about a fifth wider. A column wide enough for a word in
DejaVu Sans is wide enough in every font a report is read in, so the template
builder sizes its table columns by these widths and the tests check every
rendered table cell by them: a word is never broken inside a column
("Leadin g", "Membe rs").

The widths are DejaVu Sans 2.37's and DejaVu Sans Bold's ``hmtx`` advances in
font units (2,048 to the em) for printable ASCII, Latin-1 and the few signs
the reports print (– → · …); any other character counts as the font's widest
glyph.
"""

from __future__ import annotations

UNITS_PER_EM = 2048
CELL_MARGINS_CM = 2 * 0.19
"""A table cell's left and right margins (108 twips each, the table styles' default)."""

_CHARACTERS = (
    "".join(map(chr, range(0x20, 0x7F)))
    + "".join(map(chr, range(0xA1, 0x100)))
    + "\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\u2192\u2190\u2265\u2264\u2212\u00d7\u2610\u2022"
)
_REGULAR = (
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303, 1303, 1303, 1303,
    1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577, 1294, 1178,
    1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251,
    1403, 799, 690, 799, 1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995,
    1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716, 821, 1303,
    1303, 1303, 1303, 690, 1024, 1024, 2048, 965, 1253, 1716, 739, 2048, 1024, 1024, 1716, 821, 821, 1024, 1303,
    1303, 651, 1024, 821, 965, 1253, 1985, 1985, 1985, 1087, 1401, 1401, 1401, 1401, 1401, 1401, 1995, 1430, 1294,
    1294, 1294, 1294, 604, 604, 604, 604, 1587, 1532, 1612, 1612, 1612, 1612, 1612, 1716, 1612, 1499, 1499, 1499,
    1499, 1251, 1239, 1290, 1255, 1255, 1255, 1255, 1255, 1255, 2011, 1126, 1260, 1260, 1260, 1260, 569, 569, 569,
    569, 1253, 1298, 1253, 1253, 1253, 1253, 1253, 1716, 1253, 1298, 1298, 1298, 1298, 1212, 1300, 1212, 1024, 2048,
    651, 651, 1061, 1061, 2048, 651, 1716, 1716, 1716, 1716, 1716, 1716, 1836, 1208,
)
_BOLD = (
    713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748, 1425, 1425, 1425, 1425,
    1425, 1425, 1425, 1425, 1425, 1425, 819, 819, 1716, 1716, 1716, 1188, 2048, 1585, 1561, 1503, 1700, 1399, 1399,
    1681, 1714, 762, 762, 1587, 1305, 2038, 1714, 1741, 1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483,
    1485, 936, 748, 936, 1716, 1024, 1024, 1382, 1466, 1214, 1466, 1389, 891, 1466, 1458, 702, 702, 1362, 702, 2134,
    1458, 1407, 1466, 1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192, 1458, 748, 1458, 1716, 934, 1425,
    1425, 1303, 1425, 748, 1024, 1024, 2048, 1155, 1323, 1716, 850, 2048, 1024, 1024, 1716, 897, 897, 1024, 1507,
    1303, 778, 1024, 897, 1155, 1323, 2120, 2120, 2120, 1188, 1585, 1585, 1585, 1585, 1585, 1585, 2222, 1503, 1399,
    1399, 1399, 1399, 762, 762, 762, 762, 1716, 1714, 1741, 1741, 1741, 1741, 1741, 1716, 1741, 1663, 1663, 1663,
    1663, 1483, 1511, 1473, 1382, 1382, 1382, 1382, 1382, 1382, 2146, 1214, 1389, 1389, 1389, 1389, 702, 702, 702,
    702, 1407, 1458, 1407, 1407, 1407, 1407, 1407, 1716, 1407, 1458, 1458, 1458, 1458, 1335, 1466, 1335, 1024, 2048,
    778, 778, 1346, 1346, 2048, 778, 1716, 1716, 1716, 1716, 1716, 1716, 1836, 1309,
)
_WIDTHS = {False: dict(zip(_CHARACTERS, _REGULAR, strict=True)), True: dict(zip(_CHARACTERS, _BOLD, strict=True))}
_WIDEST = {False: max(_REGULAR), True: max(_BOLD)}


def words(text: str) -> list[str]:
    """The pieces a line may break between: at spaces, and after a hyphen (as Word and LibreOffice break "one-on-one")."""
    pieces = []
    for word in text.split():
        *before, last = word.split("-")
        pieces.extend(p + "-" for p in before)
        pieces.append(last)
    return [p for p in pieces if p]


def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """The width ``text`` takes on one line at ``size_pt`` points, in centimetres (DejaVu Sans, or Bold)."""
    widths, widest = _WIDTHS[bold], _WIDEST[bold]
    units = sum(widths.get(ch, widest) for ch in text)
    return units / UNITS_PER_EM * size_pt / 72 * 2.54


def column_holds(width_cm: float, word: str, size_pt: float, bold: bool = False) -> bool:
    """True when a table column ``width_cm`` wide holds ``word`` on one line, its cell margins taken off."""
    return text_width_cm(word, size_pt, bold) <= width_cm - CELL_MARGINS_CM
