"""The hidden ``xlwings.conf`` sheet: which Python the ribbon buttons start.

xlwings' VBA reads this sheet before any other configuration: keys in
column A from A1 down (case does not matter, xlwings upper-cases them),
values in column B, no header and no gap. ``xl-tracker new`` writes the
county install convention (:mod:`xl_tracker.ribbon.interpreter`) for both
platforms, whatever machine builds the workbook; docs/install-windows.md
says how to change it by hand.
"""

from __future__ import annotations

from xl_tracker.ribbon.interpreter import COUNTY_PYTHON_MAC, COUNTY_PYTHON_WIN

CONFIG_SHEET = "xlwings.conf"
INTERPRETER_WIN = "Interpreter_Win"
INTERPRETER_MAC = "Interpreter_Mac"
ADD_WORKBOOK_TO_PYTHONPATH = "ADD_WORKBOOK_TO_PYTHONPATH"


def config_rows(interpreter_win: str | None = None, interpreter_mac: str | None = None) -> list[tuple[str, str]]:
    """The sheet's key/value rows: the Python each platform starts (default: the county install convention).

    Never blank: xlwings stops at the first place that has a key, even a
    blank one, and would then start whatever ``python`` the PATH gives.
    The workbook's folder is kept off Python's path, so a stray ``.py`` file
    beside a downloaded workbook cannot shadow a module xl-tracker imports.
    Values are text, so that a German or French Excel does not translate them.
    """
    win = COUNTY_PYTHON_WIN if interpreter_win is None else interpreter_win
    mac = COUNTY_PYTHON_MAC if interpreter_mac is None else interpreter_mac
    for key, value in ((INTERPRETER_WIN, win), (INTERPRETER_MAC, mac)):
        if not value.strip():
            raise ValueError(f"{key} cannot be blank: xlwings would then start any `python` on the PATH")
    return [
        (INTERPRETER_WIN, win),
        (INTERPRETER_MAC, mac),
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
