"""Where the county PC's Python is: one install convention, written into every workbook and checked by ``doctor``.

A workbook is often built on one computer (a Linux build machine, the M&E
officer's laptop) and used on another. So ``xl-tracker new`` does not write
the building machine's Python into the workbook's ``xlwings.conf`` sheet:
it writes the per-user environment that the install guide (and the offline
bundle's ``install.cmd`` / ``install.sh``) creates on every PC, with an
environment variable that xlwings' VBA expands on the PC that runs it
(``GetConfig`` -> ``ExpandEnvironmentStrings``: ``WScript.Shell`` on
Windows, ``GetMacDir`` for a leading ``$HOME`` on a Mac), as xlwings' own
``release`` command does.

Windows gets ``python.exe``, not ``pythonw.exe``: xlwings' ``ExecuteWindows``
already runs ``cmd.exe /C "python" ... 2> log`` in a hidden window and waits
for its exit code, and shows the redirected stderr when that code is not 0;
a console program is what ``cmd.exe`` waits for and whose errors land in
that log.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

COUNTY_VENV_WIN = r"%LOCALAPPDATA%\xl-tracker\venv"
"""The per-user environment on Windows (install.cmd and docs/install-windows.md create it)."""
COUNTY_VENV_MAC = "$HOME/.xl-tracker/venv"
"""The per-user environment on a Mac (install.sh creates it)."""
COUNTY_PYTHON_WIN = COUNTY_VENV_WIN + r"\Scripts\python.exe"
COUNTY_PYTHON_MAC = COUNTY_VENV_MAC + "/bin/python"

_WIN_VAR = re.compile(r"%([^%]+)%")
_MAC_DIRS = {
    "$HOME": lambda: Path.home(),
    "$DOCUMENTS": lambda: Path.home() / "Documents",
    "$DESKTOP": lambda: Path.home() / "Desktop",
    "$DOWNLOADS": lambda: Path.home() / "Downloads",
    "$APPLICATIONS": lambda: Path("/Applications"),
    "$TMPDIR": lambda: Path(os.environ.get("TMPDIR", "/tmp")),
}
"""The only ``$NAME`` prefixes xlwings' ``GetMacDir`` knows (AppleScript's "path to ... folder")."""


def county_python(platform: str) -> str:
    """The interpreter the workbook's buttons start on ``platform`` (``sys.platform`` names), variables unexpanded."""
    return COUNTY_PYTHON_MAC if platform == "darwin" else COUNTY_PYTHON_WIN


def expand(value: str, platform: str, environ: dict[str, str] | None = None) -> str | None:
    """A config value as xlwings' VBA expands it on ``platform``; None where the VBA cannot expand it.

    Windows: every ``%NAME%`` (case-insensitive, as Windows does); an
    unknown name stays as it is, as ``ExpandEnvironmentStrings`` leaves it.
    Mac: only a leading ``$HOME`` (or another folder ``GetMacDir`` knows)
    followed by ``/...``; other ``$`` names are None (the VBA would fail).
    """
    environ = dict(os.environ) if environ is None else environ
    if platform.startswith("win"):
        upper = {k.upper(): v for k, v in environ.items()}
        return _WIN_VAR.sub(lambda m: upper.get(m.group(1).upper(), m.group(0)), value)
    if value.startswith("$"):
        head, _, rest = value.partition("/")
        folder = _MAC_DIRS.get(head)
        if folder is None:
            return None
        return str(folder() / rest) if rest else str(folder())
    return value
