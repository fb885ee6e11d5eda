"""The workbook's code as kept in ``macros/``: VBA modules (``.bas``, ``.cls``) and the ribbon XML.

A module's name is its ``Attribute VB_Name`` line and must equal its file
name, so the file a person edits is the module they see in the VBA editor.
Sources are handed to the VBA project with VBA's own CRLF line endings;
they must be ASCII, because VBA stores them in the workbook's code page and
a character outside it would turn into ``?`` in Excel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

RIBBON_FILE = "customUI14.xml"
XLWINGS_MODULES = ("xlwings", "Dictionary")
"""xlwings' standalone VBA, as ``xlwings release`` imports it: copied unchanged from the installed xlwings (BSD-3)."""

_VB_NAME = re.compile(r'^Attribute VB_Name = "([^"]+)"', re.M)
_RUNPYTHON = re.compile(r'^\s*(?:RunPython|RunTracker)\s+"([^"]*)"', re.M | re.I)
"""A Python command as the VBA spells it: to xlwings' RunPython, or to Tracker.bas' RunTracker, which calls it with one error handler."""
_CALLBACK_SUB = re.compile(
    r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(\s*(?:ByRef\s+|ByVal\s+)?control\s+As\s+IRibbonControl\s*\)", re.M | re.I
)


@dataclass(frozen=True)
class VbaSource:
    """One VBA module file: its name, whether it is a class module, and its text with CRLF line endings."""

    name: str
    is_class: bool
    text: str
    path: Path


def macros_dir() -> Path:
    from xl_tracker.resources import shipped_dir

    return shipped_dir("macros")


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def read_module(path: Path) -> VbaSource:
    raw = path.read_bytes()
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path.name}: byte {exc.start} is not ASCII; VBA source must be ASCII") from None
    found = _VB_NAME.search(text)
    if found is None or found.group(1) != path.stem:
        raise ValueError(f"{path.name}: its first lines must name the module 'Attribute VB_Name = \"{path.stem}\"'")
    return VbaSource(path.stem, path.suffix.lower() == ".cls", crlf(text), path)


def vba_sources(folder: Path | None = None) -> list[VbaSource]:
    """Every module of ``macros/``: xlwings' modules first (as a standalone xlwings workbook has them), then ours by name."""
    folder = folder or macros_dir()
    files = [p for p in folder.iterdir() if p.suffix.lower() in (".bas", ".cls") and p.is_file()]
    order = {name.casefold(): n for n, name in enumerate(XLWINGS_MODULES)}
    files.sort(key=lambda p: (order.get(p.stem.casefold(), len(order)), p.stem.casefold()))
    return [read_module(p) for p in files]


def ribbon_xml(folder: Path | None = None) -> bytes:
    return ((folder or macros_dir()) / RIBBON_FILE).read_bytes()


def runpython_commands(text: str) -> list[str]:
    """The Python command of every ``RunPython "..."`` (or ``RunTracker "..."``) line of a module."""
    return _RUNPYTHON.findall(text)


def ribbon_callbacks(text: str) -> list[str]:
    """Names of the Subs a ribbon button can call: ``Sub Name(control As IRibbonControl)``."""
    return _CALLBACK_SUB.findall(text)


def xlwings_vba_version(text: str) -> str | None:
    """The xlwings version a copy of xlwings' VBA module was made for (its ``XLWINGS_VERSION`` constant)."""
    found = re.search(r'XLWINGS_VERSION\s+As\s+String\s*=\s*"([^"]+)"', text)
    return found.group(1) if found else None
