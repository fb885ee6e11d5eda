"""The macro-enabled tracking tool: the workbook of :mod:`xl_tracker.template` plus a VBA project and a ribbon tab.

``macros/`` is the only source of the workbook's code (VBA as text and the
ribbon XML); :func:`build_macro_workbook` packs it into an ``.xlsm`` on any
platform, without Excel. The buttons run :mod:`xl_tracker.excel` through
xlwings' standalone VBA, with the Python named on the hidden
``xlwings.conf`` sheet (:mod:`xl_tracker.ribbon.interpreter`: the county install convention).

The names below are looked up on first use: every command line and every
button imports :mod:`xl_tracker.ribbon.interpreter` or the config sheet's
names, and none of them needs the workbook builder for that.
"""

from __future__ import annotations

from importlib import import_module

_HOMES = {
    "build_macro_workbook": "xl_tracker.ribbon.build",
    "COUNTY_PYTHON_MAC": "xl_tracker.ribbon.interpreter",
    "COUNTY_PYTHON_WIN": "xl_tracker.ribbon.interpreter",
    "COUNTY_VENV_MAC": "xl_tracker.ribbon.interpreter",
    "COUNTY_VENV_WIN": "xl_tracker.ribbon.interpreter",
}

__all__ = ["COUNTY_PYTHON_MAC", "COUNTY_PYTHON_WIN", "COUNTY_VENV_MAC", "COUNTY_VENV_WIN", "build_macro_workbook"]


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
