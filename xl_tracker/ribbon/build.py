"""Build the macro-enabled tracking tool on any platform, Excel not needed.

Three steps, each done by the tool made for it:

1. :func:`xl_tracker.template.build_workbook` writes the same workbook as
   the ``.xlsx`` (sheets, tables, dropdowns), plus the hidden
   ``xlwings.conf`` sheet;
2. pyOpenVBA gives it a VBA project as Excel makes one for a first macro
   (a document module per sheet, ``ThisWorkbook`` and ``Sheet1``…, their
   code names written into the workbook and sheet parts; the Office
   library referenced, which declares ``IRibbonControl``) and adds every
   module of ``macros/``;
3. :func:`xl_tracker.ooxml.custom_ui.make_macro_enabled` marks the
   workbook part macro-enabled and adds the ribbon part.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from xl_tracker.ribbon.config_sheet import add_config_sheet, config_rows
from xl_tracker.ribbon.sources import ribbon_xml, vba_sources


def build_macro_workbook(
    path: str | Path,
    data: Mapping[str, Sequence[Mapping[str, object]]] | None = None,
    settings: Mapping[str, object] | None = None,
    interpreter_win: str | None = None,
    interpreter_mac: str | None = None,
) -> Path:
    """Write the tracking tool with its VBA project and "CHMT Tracker" ribbon tab to ``path`` (.xlsm).

    ``data`` and ``settings`` are as for :func:`~xl_tracker.template.build_workbook`.
    ``interpreter_win`` / ``interpreter_mac`` are the Pythons the buttons
    start on Windows and on a Mac (default: the county install convention
    of :mod:`xl_tracker.ribbon.interpreter`, the same whatever machine
    builds the workbook).
    """
    from pyopenvba import ExcelFile, VBAModuleKind

    from xl_tracker.ooxml.custom_ui import make_macro_enabled
    from xl_tracker.template import build_workbook

    path = Path(path)
    modules = vba_sources()
    ribbon = ribbon_xml()
    rows = config_rows(interpreter_win, interpreter_mac)
    with tempfile.TemporaryDirectory(prefix=".xl-tracker-", dir=path.parent) as tmp:
        plain = Path(tmp) / "plain.xlsm"
        with_vba = Path(tmp) / "with-vba.xlsm"
        build_workbook(plain, data, settings, finish=lambda wb: add_config_sheet(wb, rows))
        with ExcelFile(plain) as book:
            project = book.add_vba_project()
            for module in modules:
                kind = VBAModuleKind.other if module.is_class else VBAModuleKind.standard
                project.add_module(module.name, module.text, kind=kind)
            book.save(with_vba)
        make_macro_enabled(with_vba, path, ribbon)
    return path
