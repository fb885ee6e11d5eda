"""The hidden ``xlwings.conf`` sheet: which Python the ribbon buttons start.

xlwings' VBA reads this sheet before any other configuration: keys in
column A from A1 down (case does not matter, xlwings upper-cases them),
values in column B, no header and no gap. ``xl-tracker new`` writes the
Python that ran it, so building the workbook on the county PC wires it to
that PC's Python; docs/excel-ribbon.md says how to change it by hand.
"""

from __future__ import annotations

import sys

CONFIG_SHEET = "xlwings.conf"
INTERPRETER_WIN = "Interpreter_Win"
INTERPRETER_MAC = "Interpreter_Mac"
ADD_WORKBOOK_TO_PYTHONPATH = "ADD_WORKBOOK_TO_PYTHONPATH"


def config_rows(python: str | None = None, platform: str | None = None) -> list[tuple[str, str]]:
    """The sheet's key/value rows for a workbook built by ``python`` on ``platform`` (``sys.platform`` names).

    The key of the other platform stays blank: xlwings then falls back to
    ``python`` on the PATH. The workbook's folder is kept off Python's path,
    so a stray ``.py`` file beside a downloaded workbook cannot shadow a
    module xl-tracker imports. Values are text, so that a German or French
    Excel does not translate them.
    """
    python = python or sys.executable
    platform = platform or sys.platform
    return [
        (INTERPRETER_WIN, python if platform.startswith("win") else ""),
        (INTERPRETER_MAC, python if platform == "darwin" else ""),
        (ADD_WORKBOOK_TO_PYTHONPATH, "false"),
    ]


def add_config_sheet(workbook, rows: list[tuple[str, str]]) -> None:
    """Add the hidden ``xlwings.conf`` sheet, as the last sheet, to an XlsxWriter workbook."""
    ws = workbook.add_worksheet(CONFIG_SHEET)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 80)
    for row, (key, value) in enumerate(rows):
        ws.write_string(row, 0, key)
        if value:
            ws.write_string(row, 1, value)
    ws.hide()
