"""A worksheet part (``xl/worksheets/sheetN.xml``) for an output sheet, built as a string.

String building is the fast way for thousands of rows; every value goes
through :mod:`xl_tracker.ooxml.xmltext`. Text is written as an inline
string (``t="inlineStr"``), so the shared-strings part never changes and
text starting with ``=``, ``+``, ``-`` or ``@`` is text, never a formula:
no text ever becomes an ``<f>``: a formula is only written from a
:class:`~xl_tracker.outputs.model.Formula`, which the builders make
themselves, with its cached value. Dates are serial numbers in the
workbook's date system (1900 or 1904) with a date format. A cell carries
its address (``r="B7"``) only when the cell to its left is blank or it is in
the header row: ISO/IEC 29500 makes ``r`` optional, and Excel, LibreOffice,
openpyxl and python-calamine place a cell without one in the next column of
its row; the addresses were a tenth of a results sheet's XML and, unique
per cell, a third of its compressed size.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import chain, compress
from operator import is_not, not_

import numpy as np

from xl_tracker.cells import column_letters
from xl_tracker.ooxml.namespaces import NS_MAIN, NS_REL
from xl_tracker.ooxml.xmltext import all_plain, cell_text, escape_attr
from xl_tracker.outputs.model import FOOTER, MARGINS, NOT_AVAILABLE, Emphasis, Formula, NumberKind, SheetContent, Tone

EPOCH_1900 = dt.datetime(1899, 12, 30)
_NOT_NONE = partial(is_not, None)
EPOCH_1904 = dt.datetime(1904, 1, 1)
DEFAULT_WIDTH = 10.0

XfLookup = Callable[..., int]
"""``StyleBook.xf``: (emphasis, kind, wrap=False, top=False) -> cellXfs index."""
DxfLookup = Callable[[Tone], int]
"""``StyleBook.dxf``: a tone -> its dxfs index."""


def serial(value: dt.date, epoch: dt.datetime) -> float:
    """A date or date-time as Excel's serial number."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    elif value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    delta = value - epoch
    days = delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    return float(days) if days != int(days) else int(days)


def _number(value: float) -> str | None:
    """Shortest text that reads back as exactly ``value`` (``repr``); whole numbers below 1e15 without ``.0``."""
    value = float(value)  # a numpy float's repr is "np.float64(...)": never write that into <v>
    if math.isnan(value) or math.isinf(value):
        return None
    return float.__repr__(value) if not value.is_integer() or abs(value) >= 1e15 else str(int(value))


def cell_xml(ref: str, value: object, style: int, epoch: dt.datetime) -> str:
    """One ``<c>``; an empty string for a blank cell (blank cells are not written)."""
    s = f' s="{style}"' if style else ""
    if value is None:
        return ""
    kind = type(value)
    if kind is Formula:
        return _formula_cell(ref, value, s, epoch)
    if kind is str or isinstance(value, str):
        if not value:
            return ""
        return f'<c r="{ref}"{s} t="inlineStr">{_inline(value)}</c>'
    if kind is bool or isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if kind is int or isinstance(value, int):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if kind is float or isinstance(value, float):
        text = _number(value)
        return f'<c r="{ref}"{s}><v>{text}</v></c>' if text is not None else ""
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{s}><v>{serial(value, epoch)!r}</v></c>'
    try:
        number = float(value)  # numpy numbers and Decimals
    except (TypeError, ValueError):
        return cell_xml(ref, str(value), style, epoch)
    return cell_xml(ref, number, style, epoch)


def _formula_cell(ref: str, formula: Formula, s: str, epoch: dt.datetime) -> str:
    """``<c>`` holding ``formula`` and its cached value: an error (``#N/A``), text, a truth value or a number."""
    body = f"<f>{cell_text(formula.text.removeprefix('='))}</f>"
    cached = formula.cached
    if cached == NOT_AVAILABLE:
        return f'<c r="{ref}"{s} t="e">{body}<v>#N/A</v></c>'
    if isinstance(cached, str):
        return f'<c r="{ref}"{s} t="str">{body}<v>{cell_text(cached)}</v></c>'
    if isinstance(cached, bool):
        return f'<c r="{ref}"{s} t="b">{body}<v>{int(cached)}</v></c>'
    if isinstance(cached, dt.date):
        return f'<c r="{ref}"{s}>{body}<v>{serial(cached, epoch)!r}</v></c>'
    number = _number(cached) if isinstance(cached, (int, float)) else None
    return f'<c r="{ref}"{s}>{body}<v>{number}</v></c>' if number is not None else f'<c r="{ref}"{s}>{body}</c>'


def _tail(value: object, style: int, epoch: dt.datetime) -> str:
    """A cell's XML after ``<c r="A1"``: what is the same for every cell of this value and style."""
    xml = cell_xml("", value, style, epoch)
    return xml[len('<c r=""'):] if xml else ""


def _cell(value: object, style: int, epoch: dt.datetime) -> str:
    """A cell's XML without its address (``<c s="3"><v>1</v></c>``); an empty string for a blank cell."""
    tail = _tail(value, style, epoch)
    return "<c" + tail if tail else ""


class _Tails(dict):
    """Cell XML without the address, per value of one column: built on first sight, then looked up.

    In a ``homogeneous`` column (one type besides blanks) the key is the
    value itself; otherwise ``(type, value)``, since ``1 == 1.0 == True``
    must not share a cell.
    """

    def __init__(self, style: int, epoch: dt.datetime, homogeneous: bool):
        super().__init__()
        self.style, self.epoch, self.homogeneous = style, epoch, homogeneous
        self[None if homogeneous else (type(None), None)] = ""

    def __missing__(self, key: object) -> str:
        value = key if self.homogeneous else key[1]  # type: ignore[index]
        if type(value) is str and value:  # most distinct values are text: skip cell_xml's dispatch
            start = f'<c s="{self.style}" t="inlineStr">' if self.style else '<c t="inlineStr">'
            cell = self[key] = f"{start}{_inline(value)}</c>"
            return cell
        cell = self[key] = _cell(value, self.style, self.epoch)
        return cell


def _number_cells(values: Sequence[float | None], style: int) -> list[str]:
    """The cells of a column of numbers (blanks as None), formatted as :func:`_number` does, in a few C-level passes.

    Measurements and percentages are mostly distinct, so a cache of cells
    would only miss: each number is ``repr``'d by ``map`` and the whole
    column is one join, in which a whole number's ``.0`` goes by one replace
    and the cells are split apart again (so a whole number from 1e15 to 1e16
    also loses its ``.0``: the same number). NaN and infinity, which Excel
    cannot hold, are blank.
    """
    pre = f'<c s="{style}"><v>' if style else "<c><v>"
    numbers = np.array(values, dtype=float)  # None -> NaN
    joined = ("</v></c>\x00" + pre).join(map(float.__repr__, numbers.tolist()))
    cells = (pre + joined + "</v></c>").replace(".0</v></c>", "</v></c>").replace("<v>-0</v>", "<v>0</v>").split("\x00")
    for i in np.flatnonzero(~np.isfinite(numbers)).tolist():
        cells[i] = ""
    return cells


def _text_cells(texts: Iterable[str], style: int) -> dict[str, str]:
    """Text -> its inline-string cell, for distinct non-empty ``texts``: in one join and split when none needs escaping.

    Most texts of a results sheet (IDs, names, titles, reasons) are plain:
    no character to escape or drop, no space at either end, no line break,
    within Excel's cell limit; :func:`~xl_tracker.ooxml.xmltext.all_plain`
    tells that of them all at once. Otherwise each is built by :func:`_inline`.
    """
    texts = list(texts)
    if not texts:
        return {}
    start = f'<c s="{style}" t="inlineStr"><is><t>' if style else '<c t="inlineStr"><is><t>'
    if not all_plain(texts):
        return {t: f"{start[:-7]}{_inline(t)}</c>" for t in texts}
    joined = ("</t></is></c>\x00" + start).join(texts)
    return dict(zip(texts, (start + joined + "</t></is></c>").split("\x00")))


def _inline(text: str) -> str:
    """The ``<is>`` body of an inline string cell."""
    space = ' xml:space="preserve"' if text[0] in " \t\n" or text[-1] in " \t\n" or "\n" in text else ""
    return f"<is><t{space}>{cell_text(text)}</t></is>"


def worksheet_xml(
    content: SheetContent,
    xf: XfLookup,
    *,
    date1904: bool = False,
    drawing_rid: str | None = None,
    table_rids: tuple[str, ...] = (),
    code_name: str | None = None,
    dxf: DxfLookup | None = None,
) -> bytes:
    """The whole worksheet part for ``content``.

    ``code_name`` is the sheet's VBA code name, kept from the part it replaces:
    in a macro-enabled workbook it binds the sheet to its VBA document module.
    """
    epoch = EPOCH_1904 if date1904 else EPOCH_1900
    grid = content.grid()
    width = max((len(r) for r in grid), default=0)
    letters = [column_letters(c) for c in range(max(width, 1))]
    kinds = [content.kinds[c] if c < len(content.kinds) else NumberKind.GENERAL for c in range(width)]
    top = bool(content.wrap_columns) and bool(content.headers)
    col_styles = [
        xf(content.column_emphasis.get(c, Emphasis.NORMAL), kinds[c], wrap=c in content.wrap_columns, top=top)
        for c in range(width)
    ]
    header_styles = [xf(Emphasis.HEADER, kinds[c]) for c in range(width)] if content.headers else []
    special = {
        pos: xf(content.emphasis.get(pos, Emphasis.NORMAL), content.kind_at(*pos),
                wrap=pos[1] in content.wrap_columns or (pos[1] == 0 and pos[0] in content.spans),
                top=top or (pos[1] == 0 and pos[0] in content.spans))
        for pos in {*content.emphasis, *content.cell_kinds, *((r, 0) for r in content.spans)}
    }
    # Column by column: within a column values repeat (severities, IDs, names, scores), so each
    # distinct value's cell is built once (see _Tails). A cell carries its address (r="B7") only
    # when the cell to its left is blank: without one a cell is the next column of its row
    # (ISO/IEC 29500-1 18.3.1.4, r optional), which saves a tenth of the part and a string per cell.
    first = content.first_row
    body = grid[first:]
    count = len(body)
    numbers = [str(r + 1) for r in range(first, len(grid))]
    padded = [row if len(row) == width else (*row, *(None,) * (width - len(row))) for row in body]
    columns = list(zip(*padded)) if padded and width else []
    specials_by_col: dict[int, list[tuple[int, int]]] = {}
    for (r, c), style in special.items():
        if first <= r < len(grid) and c < width:
            specials_by_col.setdefault(c, []).append((r, style))
    cell_columns: list[list[str]] = []
    previous: list[str] | None = None
    for c, column in enumerate(columns):
        letter = letters[c]
        own = specials_by_col.get(c, ())
        if own:  # cells with a style of their own are written below: a free layout's table header leaves the column one type
            body_only = list(column)
            for r, _ in own:
                body_only[r - first] = None
        else:
            body_only = column
        present = count - body_only.count(None)
        at: list[int] | None = None
        values = body_only
        if present * 4 < count:
            # mostly blank (a free layout's picker column, or a short table beside a long one): only its values are
            # looked at, found in C (by truth, then by identity when a present value is false: 0, "", False)
            at = list(compress(range(count), body_only)) if present else []
            if len(at) != present:
                at = list(compress(range(count), map(_NOT_NONE, body_only)))
            values = list(map(body_only.__getitem__, at))
        types = set(map(type, values)) - {type(None)}
        tails = _Tails(col_styles[c], epoch, homogeneous=len(types) <= 1)
        if types == {float} and len(set(values)) * 4 > len(values):  # mostly distinct: a cache of cells would only miss
            built = _number_cells(values, col_styles[c])
        elif tails.homogeneous:
            if types == {str}:
                tails.update(_text_cells({*values} - {None, ""}, col_styles[c]))
            built = list(map(tails.__getitem__, values))
        else:
            built = [tails[(type(v), v)] for v in values]
        if at is None:
            cells = built
        else:
            cells = [""] * count
            for i, cell in zip(at, built):
                cells[i] = cell
        for r, style in own:
            value = column[r - first]
            cells[r - first] = _cell(value, style, epoch) if value is not None else ""
        if previous is not None and (gaps := previous.count("")):
            if count - cells.count("") < gaps:  # walk the fewer: this column's values, or the blanks to its left
                after_gap = [i for i in compress(range(count), cells) if not previous[i]]
            else:
                after_gap = [i for i in compress(range(count), map(not_, previous)) if cells[i]]
            for i in after_gap:
                cells[i] = f'<c r="{letter}{numbers[i]}"{cells[i][2:]}'
        if present or own:  # a column with no cell adds nothing to any row
            cell_columns.append(cells)
        previous = cells
    # rows with no cell get no row element: the fullest column first, which usually leaves none to look at
    blank_rows: Sequence[int] = range(count)
    for cells in sorted(cell_columns, key=lambda cells: cells.count("")):
        if not blank_rows:
            break
        blank_rows = list(compress(blank_rows, map(not_, map(cells.__getitem__, blank_rows))))
    parts: list[str] = []
    append = parts.append
    heights = content.row_heights
    if content.headers:
        head = "".join(f'<c r="{letters[c]}1"{_tail(h, header_styles[c], epoch)}' for c, h in enumerate(grid[0]) if h not in (None, ""))
        height = heights.get(0)
        if height:
            append(f'<row r="1" ht="{height:g}" customHeight="1">{head}</row>')
        elif head:
            append(f'<row r="1">{head}</row>')
    # Each row's start and end tag as two more columns, so the whole body is one join of every cell.
    opens = [f'<row r="{n}">' for n in numbers]
    closes = ["</row>"] * count
    for i in blank_rows:
        opens[i] = closes[i] = ""
    if heights:
        for r, height in heights.items():
            i = r - first
            if height and 0 <= i < count:
                opens[i], closes[i] = f'<row r="{numbers[i]}" ht="{height:g}" customHeight="1">', "</row>"
    append("".join(chain.from_iterable(zip(opens, *cell_columns, closes))))
    last_row = max(len(grid), 1)
    dimension = f"A1:{letters[max(width, 1) - 1]}{last_row}" if width else "A1"

    code = f' codeName="{escape_attr(code_name)}"' if code_name else ""
    tab = f'<tabColor rgb="FF{content.tab_colour.lstrip("#").upper()}"/>' if content.tab_colour else ""
    fit = '<pageSetUpPr fitToPage="1"/>'
    sheet_pr = f"<sheetPr{code}>{tab}{fit}</sheetPr>" if tab or fit else (f"<sheetPr{code}/>" if code else "")
    if content.freeze_header and content.headers:
        view = (
            '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'
        )
    else:
        view = '<sheetView workbookViewId="0"/>'
    cols = ""
    if content.widths:
        cols = "<cols>" + "".join(
            f'<col min="{c + 1}" max="{c + 1}" width="{w:.4g}" customWidth="1"/>'
            for c, w in enumerate(content.widths)
            if w and w != DEFAULT_WIDTH
        ) + "</cols>"
        if cols == "<cols></cols>":
            cols = ""
    links = ""
    if content.links:
        links = "<hyperlinks>" + "".join(
            f'<hyperlink ref="{column_letters(link.col)}{link.row + 1}" location="{escape_attr(link.target)}"/>'
            for link in content.links
        ) + "</hyperlinks>"
    merges = ""
    spans = [(r, n) for r, n in sorted(content.spans.items()) if n > 1 and r < len(grid)]
    if spans:
        merges = f'<mergeCells count="{len(spans)}">' + "".join(
            f'<mergeCell ref="A{r + 1}:{column_letters(n - 1)}{r + 1}"/>' for r, n in spans
        ) + "</mergeCells>"
    conditional = conditional_xml(content, dxf) if dxf is not None else ""
    validations = validations_xml(content)
    drawing = f'<drawing r:id="{drawing_rid}"/>' if drawing_rid else ""
    tables = ""
    if table_rids:
        tables = f'<tableParts count="{len(table_rids)}">' + "".join(f'<tablePart r:id="{rid}"/>' for rid in table_rids) + "</tableParts>"
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">{sheet_pr}<dimension ref="{dimension}"/>'
        f'<sheetViews>{view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>{cols}<sheetData>'
    )
    tail = (
        f"</sheetData>{merges}{conditional}{validations}{links}"
        f"{print_xml(content.landscape, content.one_page, content.pages_wide)}"
        f"{drawing}{tables}</worksheet>"
    )
    # each piece encoded on its own: the sheet's body (tens of MB on a large sheet) is copied once less
    return b"".join(piece.encode("utf-8") for piece in (head, *parts, tail))


def print_xml(landscape: bool, one_page: bool = False, pages_wide: int = 1) -> str:
    """``pageMargins``, ``pageSetup`` and ``headerFooter``: A4, fitted to the page width (``pages_wide`` pages; and height, for one page), the footer.

    An output sheet is always fitted, never at a fixed scale: the ribbon
    keeps the page setup a sheet has while Excel's AutoFit sets the widths,
    so only a fit keeps every column on the page width whoever wrote the
    sheet. A fit goes with ``<pageSetUpPr fitToPage="1"/>`` in ``sheetPr``,
    without which Excel ignores it. The rows to repeat and the print area
    are workbook-level names (:meth:`xl_tracker.ooxml.workbook.WorkbookPart.set_print_names`).
    """
    orientation = "landscape" if landscape else "portrait"
    size = f'fitToWidth="{pages_wide}" fitToHeight="{1 if one_page else 0}"'
    return (
        "<pageMargins " + " ".join(f'{k}="{v:g}"' for k, v in MARGINS.items()) + "/>"
        f'<pageSetup paperSize="9" {size} orientation="{orientation}"/>'
        f"<headerFooter><oddFooter>{cell_text(FOOTER)}</oddFooter></headerFooter>"
    )


def conditional_xml(content: SheetContent, dxf: DxfLookup) -> str:
    """One ``conditionalFormatting`` per highlight: an expression rule filling the cells with the tone's look.

    An expression rule (``OR(E2="On track",ISNUMBER(SEARCH(...)))``) is the
    one kind Excel, LibreOffice and xlwings all write and show alike, and
    lets one rule hold every word of a tone.
    """
    out = []
    for priority, h in enumerate(content.highlights, start=1):
        if h.last_row < h.first_row or not h.columns:
            continue
        if h.key_column is not None:
            areas = [(0, max(h.columns))]
        else:
            areas = []
            for c in sorted(h.columns):
                if areas and areas[-1][1] == c - 1:
                    areas[-1] = (areas[-1][0], c)
                else:
                    areas.append((c, c))
        sqref = " ".join(f"{column_letters(a)}{h.first_row + 1}:{column_letters(b)}{h.last_row + 1}" for a, b in areas)
        formula = cell_text(h.formula(h.first_row, areas[0][0]))
        out.append(
            f'<conditionalFormatting sqref="{sqref}"><cfRule type="expression" dxfId="{dxf(h.tone)}" priority="{priority}">'
            f"<formula>{formula}</formula></cfRule></conditionalFormatting>"
        )
    return "".join(out)


def validations_xml(content: SheetContent) -> str:
    """``dataValidations``: each list cell offers the cells of its source, with its input message (Excel caps title 32, prompt 255)."""
    if not content.validations:
        return ""
    rules = "".join(
        f'<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" '
        f'promptTitle="{escape_attr(v.title[:32])}" prompt="{escape_attr(v.prompt[:255])}" sqref="{column_letters(v.col)}{v.row + 1}">'
        f"<formula1>{cell_text(v.source.formula())}</formula1></dataValidation>"
        for v in content.validations
    )
    return f'<dataValidations count="{len(content.validations)}">{rules}</dataValidations>'
