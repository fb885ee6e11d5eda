"""Build the tracking-tool workbook from the contract.

XlsxWriter writes the file (it writes what Excel writes, and is tested
against files Excel made). Every sheet, table, header, dropdown, input
message and default comes from :mod:`xl_tracker.contract`; the same builder
makes the empty template, the demo and the benchmark workbooks, so they
cannot drift apart. Cell text is always written as a string, never as a
formula, whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from xl_tracker.contract import (
    AUDIENCES,
    DASHBOARD,
    RUN_CHARTS,
    INDICATORS,
    INPUT_SHEETS,
    LIST_SEPARATOR,
    NUMBER_LIMIT,
    OUTPUT_NOTE,
    OUTPUT_SHEETS,
    OUTPUT_TAB_COLOUR,
    PRINTED_ACROSS,
    SETTINGS,
    SETTINGS_ROWS,
    START_HERE,
    Column,
    InputSheet,
    Kind,
    ITEM_COLUMN_HELP,
    default_indicator_rows,
    scale_levels,
    sheet_columns,
)
from xl_tracker.anchors import anchored_items, input_message, input_title
from xl_tracker.outputs.model import FOOTER, LINE_HEIGHT, MARGINS, landscape, print_scale, printed_pages, sentence_height
from xl_tracker.settings import split_rounds

SETTINGS_HELP_WIDTH = 60.0
INPUT_TAB_COLOUR = "#1F4E79"
HEADER_FILL = "#1F4E79"
VALIDATION_ROWS = 2000
"""Rows below the header that carry dropdowns and checks in an empty template (Excel extends them as the table grows)."""
DATE_FORMAT = "dd/mm/yyyy"
LIST_NAMES = {"Members": "lstMemberIDs", "Initiatives": "lstInitiativeIDs", "Measures": "lstMeasureIDs", "Teams": "lstTeamIDs"}
"""Defined names for ID dropdowns: each refers to its table's ID column, so the list grows with the table."""

Rows = Sequence[Mapping[str, object]]


def item_codes_of(indicator_rows: Rows) -> list[str]:
    seen: dict[str, str] = {}
    for row in indicator_rows:
        code = str(row.get("Item code") or "").strip()
        if code and code.casefold() not in seen:
            seen[code.casefold()] = code
    return list(seen.values())


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Formats:
    def __init__(self, wb) -> None:
        self.header = wb.add_format(
            {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True, "valign": "top", "border": 1}
        )
        self.out_header = wb.add_format(
            {"bold": True, "font_color": "#FFFFFF", "bg_color": "#595959", "text_wrap": True, "valign": "top", "border": 1}
        )
        self.date = wb.add_format({"num_format": DATE_FORMAT})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.top = wb.add_format({"valign": "top"})
        self.date_top = wb.add_format({"num_format": DATE_FORMAT, "valign": "top"})
        self.title = wb.add_format({"bold": True, "font_size": 18, "font_color": HEADER_FILL})
        self.subtitle = wb.add_format({"bold": True, "font_size": 12, "font_color": HEADER_FILL})
        self.note = wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
        self.link = wb.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"})


START_WIDTHS = (24.0, 72.0)
"""Start here's two columns: a label, and the sentence beside it, wrapped (a portrait page holds both)."""
NO_RIBBON = (
    "No CHMT Tracker tab at the top of Excel? The buttons come only with the macro-enabled workbook (.xlsm): "
    "make one with `xl-tracker new Tracker.xlsm` and copy your rows into its sheets. Without the tab everything "
    "still works: fill the sheets in Excel or LibreOffice (dropdowns and hints work in both), then run "
    "`xl-tracker validate FILE`, `xl-tracker refresh FILE` and `xl-tracker report FILE -o DIR` in a command prompt."
)
"""What a person with a plain .xlsx (no ribbon) is told on Start here."""


def print_setup(ws, wide: bool, scale: int | None = None, repeat_header: bool = True, one_page: bool = False) -> None:
    """A sheet's print setup: A4, landscape if ``wide``, at ``scale`` % or fitted to the page width, header row on every page, the footer.

    Set once, when the workbook is made: a refresh never touches an input
    sheet, so print settings a person changes there are kept. An output
    sheet gets the setup the file writer gives it (:func:`xl_tracker.ooxml.worksheet.print_xml`).
    """
    ws.set_paper(9)
    if wide:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if scale:
        ws.set_print_scale(scale)
    else:
        ws.fit_to_pages(1, 1 if one_page else 0)
    if repeat_header:
        ws.repeat_rows(0)
    ws.set_margins(left=MARGINS["left"], right=MARGINS["right"], top=MARGINS["top"], bottom=MARGINS["bottom"])
    ws.set_footer(FOOTER, {"margin": MARGINS["footer"]})
    ws.set_header("", {"margin": MARGINS["header"]})


def input_print_setup(ws, widths: Sequence[float], height: float) -> None:
    """An input sheet's print setup for the rows it is made with (``height`` points): the orientation that prints them
    readably on fewer pages (:func:`~xl_tracker.outputs.model.landscape`), at :data:`~xl_tracker.outputs.model.PRINT_SCALE`
    where the columns fit the page width at it, else fitted to the width."""
    wide = landscape(widths, height)
    print_setup(ws, wide, print_scale(widths, wide))


WRAP_FROM_WIDTH = 24.0
"""An input sheet's free-text column this wide or wider wraps its text (a title, a statement, a level descriptor):
its sentences read in full on paper instead of being cut at the next column or running past the page."""


def _wrapping(columns: Sequence[Column], rows: Rows, widths: Sequence[float], header: float) -> tuple[frozenset[int], dict[int, float]]:
    """The columns whose text wraps, and the height of every data row (grid row 1 on) of a sheet that wraps.

    Each row's height is set, one line or as many as its longest wrapped
    text needs (the one estimate: :func:`sentence_height`): LibreOffice
    sizes a wrapped row it has no height for by its own measure, which
    left random blank lines in the demo's Strengths and Measures.

    Free text wraps where that surely costs no printed page: the demo's
    Sessions log (260 rows) would take a page more with its agreed actions
    on two lines, and Assessments another with its notes, so such a log
    keeps a line an entry, its sentences cut at the next column as a screen
    shows them.
    """
    free = frozenset(c for c, column in enumerate(columns) if column.kind is Kind.TEXT and column.width >= WRAP_FROM_WIDTH)
    heights: dict[int, float] = {}
    for r, row in enumerate(rows, start=1):
        tallest = max((sentence_height(v, columns[c].width) for c in free if isinstance(v := row.get(columns[c].header), str)), default=0.0)
        heights[r] = tallest if tallest > LINE_HEIGHT + 2 else ONE_LINE
    flat = header + LINE_HEIGHT * len(rows)
    tall = header + sum(heights.values())
    doubt = 0.9  # the page estimate is a tenth or so off LibreOffice's; a sheet that near a page's end may already take one more
    if printed_pages(widths, tall, landscape(widths, tall)) > printed_pages(widths, flat * doubt, landscape(widths, flat * doubt)):
        return frozenset(), {}
    return free, heights


ONE_LINE = LINE_HEIGHT + 0.75
"""A wrapped sheet's row of one line, a pixel taller than the default: XlsxWriter leaves out a row height equal to the
default, and a row without one is the row LibreOffice sizes itself."""


def _header_height(columns: Sequence[Column]) -> float:
    """An input sheet's header row: at least two lines, more for a header that wraps onto more (its filter button takes two units)."""
    return max(2 * LINE_HEIGHT + 2, max((sentence_height(c.header, c.width - 2) for c in columns), default=0.0))


def _setting_help(row: Mapping[str, object]) -> str:
    return next(s.help for s in SETTINGS_ROWS if s.name == row["Setting"])


def _write_value(ws, row: int, col: int, value: object, fmt: _Formats, cell_format=None, date_format=None) -> None:
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return
    date_format = date_format or fmt.date
    if isinstance(value, bool):
        ws.write_string(row, col, "Yes" if value else "No", cell_format)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, cell_format)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value, date_format)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), date_format)
    elif isinstance(value, (tuple, list)):
        ws.write_string(row, col, f"{LIST_SEPARATOR} ".join(str(v) for v in value), cell_format)
    else:
        ws.write_string(row, col, str(value), cell_format)


def _validation(column: Column, rounds: Sequence[str], indicator_codes: Sequence[str], scale: tuple[int, int]) -> dict:
    """The Excel data validation for one column: dropdown, date or number check, with the help as input message."""
    v: dict[str, object] = {
        "input_title": _clip(column.header, 32),
        "input_message": _clip(column.help, 255),
        "ignore_blank": True,
    }
    if column.refers_to in LIST_NAMES and column.kind is Kind.ID:
        v.update(validate="list", source=f"={LIST_NAMES[column.refers_to]}",
                 error_title="Unknown ID", error_message=_clip(f"Pick an ID from the {column.refers_to} sheet, or add it there first.", 255))
    elif column.header == "Linked indicator" and indicator_codes:
        v.update(validate="list", source=list(indicator_codes), error_type="warning",
                 error_title="Unknown indicator", error_message="Pick an Indicator code from the Indicators sheet.")
    elif column.header == "Round" and rounds:
        v.update(validate="list", source=list(rounds), error_type="warning",
                 error_title="Unknown round", error_message="Pick a round from the Rounds setting (Settings sheet).")
    elif column.choices:
        v.update(validate="list", source=list(column.choices),
                 error_title="Pick from the list", error_message=_clip("Choose one of: " + ", ".join(column.choices), 255))
    elif column.kind is Kind.DATE:
        v.update(validate="date", criteria="between", minimum=dt.date(2000, 1, 1), maximum=dt.date(2100, 12, 31),
                 error_title="Not a date", error_message="Type a date as dd/mm/yyyy, e.g. 15/03/2026.")
    elif column.kind is Kind.WHOLE and column.minimum is not None:
        lo, hi = column.bounds
        v.update(validate="integer", criteria="between", minimum=int(lo), maximum=int(hi), error_title="Not a whole number",
                 error_message=f"Type a whole number from {lo:,.0f} to {hi:,.0f}.")
    elif column.kind is Kind.WHOLE:
        lo, hi = scale
        v.update(validate="integer", criteria="between", minimum=lo, maximum=hi, error_title="Score out of range",
                 error_message=f"Type a whole number from {lo} to {hi}, or leave blank if not answered.")
    elif column.kind is Kind.NUMBER:
        # the same range the checks hold a value to (Column.bounds): Excel refuses what the refresh would call out-of-range
        lo, hi = column.bounds
        if column.minimum is not None or column.maximum is not None:
            v.update(validate="decimal", criteria="between", minimum=lo, maximum=hi, error_title="Not a valid number",
                     error_message=f"Type a number from {lo:,.10g} to {hi:,.10g}.")
        else:
            v.update(validate="decimal", criteria="between", minimum=lo, maximum=hi,
                     error_title="Not a number", error_message="Type a number, e.g. 45 or 3.5.")
    else:
        v.update(validate="any")
    return v


def _settings_rows(settings: Mapping[str, object] | None) -> list[dict[str, object]]:
    given = dict(settings or {})
    rows = []
    for s in SETTINGS_ROWS:
        value = given.get(s.name, s.default)
        rows.append({"Setting": s.name, "Value": value})
    return rows


def _scale(settings_rows: Rows) -> tuple[int, int]:
    values = {r["Setting"]: r["Value"] for r in settings_rows}
    try:
        return int(values.get("Scale minimum") or 1), int(values.get("Scale maximum") or 5)
    except (TypeError, ValueError):
        return 1, 5


def _write_input_sheet(wb, spec: InputSheet, columns: Sequence[Column], rows: Rows, fmt: _Formats,
                       rounds: Sequence[str], indicator_codes: Sequence[str], scale: tuple[int, int],
                       prompts: Mapping[str, tuple[str, str]] | None = None) -> None:
    ws = wb.add_worksheet(spec.name)
    ws.set_tab_color(INPUT_TAB_COLOUR)
    last_col = len(columns) - 1
    n = max(len(rows), 1)
    widths = [c.width for c in columns] + ([SETTINGS_HELP_WIDTH] if spec is SETTINGS else [])
    header = _header_height(columns)
    wrapped, heights = _wrapping(columns, rows, widths, header)
    if spec is SETTINGS:  # the sentence beside each setting wraps too, and makes its row as tall as it needs
        for r, row in enumerate(rows, start=1):
            heights[r] = max(heights.get(r, 0.0), sentence_height(_setting_help(row), SETTINGS_HELP_WIDTH))
    # beside a wrapped cell every cell reads from the top of the row, so a row's values stand on one line
    plain, dates = (fmt.top, fmt.date_top) if wrapped else (None, fmt.date)
    formats = [dates if column.kind is Kind.DATE else fmt.wrap if c in wrapped else plain for c, column in enumerate(columns)]
    for c, column in enumerate(columns):
        ws.set_column(c, c, column.width, formats[c])
    for r, row in enumerate(rows, start=1):
        for c, column in enumerate(columns):
            _write_value(ws, r, c, row.get(column.header), fmt, formats[c], dates)
        if r in heights:
            ws.set_row(r, heights[r])
    ws.add_table(
        0, 0, n, last_col,
        {
            "name": spec.table,
            "style": "Table Style Medium 2",
            "columns": [{"header": c.header, "header_format": fmt.header} for c in columns],
        },
    )
    ws.set_row(0, header)
    ws.freeze_panes(1, 0)
    input_print_setup(ws, widths, header + sum(heights.get(r, LINE_HEIGHT) for r in range(1, len(rows) + 1)))
    last_row = max(n, VALIDATION_ROWS) if spec is not SETTINGS else n
    if spec is SETTINGS:
        _settings_validations(ws, rows)
        ws.set_column(2, 2, SETTINGS_HELP_WIDTH, fmt.note)
        for r, row in enumerate(rows, start=1):
            ws.write_string(r, 2, _setting_help(row), fmt.note)
        ws.write_string(0, 2, "What it means", fmt.note)
        return
    for c, column in enumerate(columns):
        validation = _validation(column, rounds, indicator_codes, scale)
        if prompts and column.header in prompts:
            validation["input_title"], validation["input_message"] = prompts[column.header]
        ws.data_validation(1, c, last_row, c, validation)


def _item_prompts(indicator_rows: Rows, scale: tuple[int, int]) -> dict[str, tuple[str, str]]:
    """Each Assessments item column's input title and message: its statement and level descriptors (anchored scale)."""
    return {
        item.code: (input_title(item), input_message(item, ITEM_COLUMN_HELP))
        for item in anchored_items(indicator_rows, scale)
    }


def _settings_validations(ws, rows: Rows) -> None:
    """Per-setting checks on the Value column (the Settings sheet is a list of name/value pairs)."""
    for r, row in enumerate(rows, start=1):
        spec = next(s for s in SETTINGS_ROWS if s.name == row["Setting"])
        v: dict[str, object] = {"input_title": _clip(spec.name, 32), "input_message": _clip(spec.help, 255), "ignore_blank": True}
        if spec.choices:
            v.update(validate="list", source=list(spec.choices))
        elif spec.kind is Kind.WHOLE:  # the setting's own range, as the reader holds it to (Setting.minimum, maximum)
            v.update(validate="integer", criteria="between", minimum=int(spec.minimum or 0), maximum=int(spec.maximum or NUMBER_LIMIT),
                     error_title="Out of range", error_message=f"Type a whole number from {spec.minimum or 0:g} to {spec.maximum or NUMBER_LIMIT:,.0f}.")
        elif spec.kind is Kind.NUMBER:
            lo, hi = (0 if spec.minimum is None else spec.minimum), (1 if spec.maximum is None else spec.maximum)
            v.update(validate="decimal", criteria="between", minimum=lo, maximum=hi,
                     error_title="Out of range", error_message=f"Type a number from {lo:g} to {hi:g}.")
        elif spec.kind is Kind.DATE:
            v.update(validate="date", criteria="between", minimum=dt.date(2000, 1, 1), maximum=dt.date(2100, 12, 31))
        else:
            v.update(validate="any")
        ws.data_validation(r, 1, r, 1, v)


def _write_start_here(wb, fmt: _Formats) -> None:
    """Start here: who does what, the sheets, and what works without the ribbon; one portrait page, every sentence wrapped.

    Each wrapped row gets its height from its text (:func:`sentence_height`):
    a spreadsheet does not grow a row for wrapped text it did not type
    itself, so without it the sentences of neighbouring rows print over
    each other.
    """
    ws = wb.add_worksheet(START_HERE)
    ws.set_tab_color("#00B050")
    label_width, text_width = START_WIDTHS
    ws.set_column(0, 0, label_width)
    ws.set_column(1, 1, text_width, fmt.wrap)
    print_setup(ws, wide=False, repeat_header=False, one_page=True)

    def sentence(r: int, text: str, cell_format, col: int = 1) -> None:
        width = text_width if col == 1 else label_width + text_width
        if col == 0:
            ws.merge_range(r, 0, r, 1, text, cell_format)
        else:
            ws.write_string(r, col, text, cell_format)
        ws.set_row(r, sentence_height(text, width))

    ws.write_string(0, 0, "CHMT leadership coaching: tracking tool", fmt.title)
    ws.set_row(0, 26)
    sentence(1, "Track each CHMT member's indicators, change initiatives, sessions and development plan. "
                "Blue tabs are for you to fill; grey tabs are written by xl-tracker.", fmt.note, col=0)
    r = 3
    for audience in AUDIENCES:
        ws.write_string(r, 0, audience.who, fmt.subtitle)
        r += 1
        for n, step in enumerate(audience.steps, start=1):
            ws.write_string(r, 0, f"{n}.", fmt.wrap)
            sentence(r, step, fmt.wrap)
            r += 1
        r += 1
    ws.write_string(r, 0, "Without the ribbon", fmt.subtitle)
    r += 1
    sentence(r, NO_RIBBON, fmt.wrap, col=0)
    r += 2
    ws.write_string(r, 0, "Input sheets (you fill)", fmt.subtitle)
    r += 1
    for spec in INPUT_SHEETS:
        ws.write_url(r, 0, f"internal:'{spec.name}'!A1", fmt.link, string=spec.name)
        sentence(r, spec.purpose, fmt.wrap)
        r += 1
    r += 1
    ws.write_string(r, 0, "Output sheets (xl-tracker writes)", fmt.subtitle)
    r += 1
    for out in OUTPUT_SHEETS:
        ws.write_url(r, 0, f"internal:'{out.name}'!A1", fmt.link, string=out.name)
        sentence(r, out.purpose + " Rewritten on every refresh.", fmt.wrap)
        r += 1


def _write_output_sheet(wb, out, fmt: _Formats) -> None:
    ws = wb.add_worksheet(out.name)
    ws.set_tab_color(OUTPUT_TAB_COLOUR)
    if out.headers:
        widths = [max(12, min(40, len(header) + 4)) for header in out.headers]
        for c, header in enumerate(out.headers):
            ws.write_string(0, c, header, fmt.out_header)
            ws.set_column(c, c, widths[c])
        ws.freeze_panes(1, 0)
        ws.write_comment(0, 0, OUTPUT_NOTE, {"x_scale": 2, "y_scale": 1.5})
        print_setup(ws, out.name in PRINTED_ACROSS)
    else:
        ws.set_column(0, 0, 100)
        ws.write_string(0, 0, f"{out.name}: {out.purpose}", fmt.subtitle)
        ws.write_string(1, 0, OUTPUT_NOTE, fmt.note)
        print_setup(ws, out.name in PRINTED_ACROSS, repeat_header=False, one_page=out in (DASHBOARD, RUN_CHARTS))


def build_workbook(
    path: str | Path,
    data: Mapping[str, Rows] | None = None,
    settings: Mapping[str, object] | None = None,
    finish: Callable[[object], None] | None = None,
    created: dt.datetime | None = None,
) -> Path:
    """Write a tracking-tool workbook to ``path``.

    ``data`` maps input sheet names to rows (dicts keyed by contract header;
    Assessments rows also by item code). Indicators default to the four
    indicators of the tracking tool; ``settings`` overrides defaults by name.
    ``finish`` is called with the XlsxWriter workbook after the last contract
    sheet, before the file is closed: the macro-enabled build
    (:mod:`xl_tracker.ribbon`) adds its hidden ``xlwings.conf`` sheet there.
    ``created`` fixes the document's creation time (the shipped template is
    rebuilt byte for byte with it); default now.
    """
    import xlsxwriter

    path = Path(path)
    data = dict(data or {})
    settings_rows = _settings_rows(settings)
    scale = _scale(settings_rows)
    levels = scale_levels(*scale)
    indicator_rows = list(data.get(INDICATORS.name) or default_indicator_rows(levels))
    item_codes = item_codes_of(indicator_rows)
    indicator_codes = list(dict.fromkeys(str(r.get("Indicator code") or "").strip() for r in indicator_rows if r.get("Indicator code")))
    rounds_value = next(r["Value"] for r in settings_rows if r["Setting"] == "Rounds")
    rounds = split_rounds(str(rounds_value or ""))
    prompts = _item_prompts(indicator_rows, scale)

    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False, "default_date_format": DATE_FORMAT},
    )
    properties = {"title": "CHMT leadership coaching: tracking tool", "comments": "Made by xl-tracker"}
    if created is not None:
        properties["created"] = created
    wb.set_properties(properties)
    fmt = _Formats(wb)
    _write_start_here(wb, fmt)
    for spec in INPUT_SHEETS:
        if spec is SETTINGS:
            rows: Rows = settings_rows
        elif spec is INDICATORS:
            rows = indicator_rows
        else:
            rows = list(data.get(spec.name) or [])
        _write_input_sheet(wb, spec, sheet_columns(spec, tuple(item_codes), levels), rows, fmt, rounds, indicator_codes, scale,
                           prompts if spec.has_item_columns else None)
    for spec in INPUT_SHEETS:
        if spec.name in LIST_NAMES:
            wb.define_name(LIST_NAMES[spec.name], f"={spec.table}[{spec.id_column.header}]")
    for out in OUTPUT_SHEETS:
        _write_output_sheet(wb, out, fmt)
    if finish is not None:
        finish(wb)
    wb.close()
    return path


TEMPLATE_NAME = "tracking-tool.xlsx"
TEMPLATE_CREATED = dt.datetime(2026, 11, 1)
"""The shipped template's fixed creation time, so that rebuilding it changes no byte unless the contract changed."""


def build_shipped_template(folder: Path | None = None) -> Path:
    """Rebuild ``workbook_templates/tracking-tool.xlsx`` from the contract."""
    from xl_tracker.resources import shipped_dir

    folder = folder or shipped_dir("workbook_templates")
    return build_workbook(Path(folder) / TEMPLATE_NAME, created=TEMPLATE_CREATED)


if __name__ == "__main__":
    print(build_shipped_template())


__all__ = ["build_workbook", "build_shipped_template", "item_codes_of"]
