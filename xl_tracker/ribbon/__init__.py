"""The macro-enabled tracking tool: the workbook of :mod:`xl_tracker.template` plus a VBA project and a ribbon tab.

``macros/`` is the only source of the workbook's code (VBA as text and the
ribbon XML); :func:`build_macro_workbook` packs it into an ``.xlsm`` on any
platform, without Excel. The buttons run :mod:`xl_tracker.excel` through
xlwings' standalone VBA, with the Python named on the hidden
``xlwings.conf`` sheet (:mod:`xl_tracker.ribbon.interpreter`: the county install convention).
"""

from __future__ import annotations

from xl_tracker.ribbon.build import build_macro_workbook
from xl_tracker.ribbon.interpreter import COUNTY_PYTHON_MAC, COUNTY_PYTHON_WIN, COUNTY_VENV_MAC, COUNTY_VENV_WIN

__all__ = ["COUNTY_PYTHON_MAC", "COUNTY_PYTHON_WIN", "COUNTY_VENV_MAC", "COUNTY_VENV_WIN", "build_macro_workbook"]
