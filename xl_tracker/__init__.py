"""xl-tracker: the CHMT leadership-coaching tracking tool, from the Excel workbook to Word reports.

The public API is the same set of operations as the command line
(``xl-tracker new``, ``validate``, ``refresh``, ``upgrade``, ``report``, ``demo``). It is
imported lazily: ``import xl_tracker`` costs almost nothing, which matters on
the ribbon-click path where every import is paid for on each click.
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

_API = {
    "read_workbook": "xl_tracker.reader",
    "new_workbook": "xl_tracker.api",
    "validate": "xl_tracker.api",
    "refresh": "xl_tracker.api",
    "upgrade": "xl_tracker.api",
    "run_demo": "xl_tracker.api",
    "generate_reports": "xl_tracker.reports.generate",
    "run_doctor": "xl_tracker.doctor",
    "make_bundle": "xl_tracker.bundle",
    "make_forms": "xl_tracker.reports.forms",
    "rollup": "xl_tracker.api",
}


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'xl_tracker' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])


__all__ = ["__version__", *_API]
