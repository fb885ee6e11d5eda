"""Safe file names for reports, made from workbook text (member ID and name).

Workbook text can hold anything: slashes, ``..``, colons, control
characters, a name that is a Windows device (``CON``, ``NUL``, ``COM1``), or
a name so long the file system refuses it. A report file name keeps letters
(any script), digits and ``- _ . ( ) '``, joins words with ``_``, never starts
or ends with a dot or space, is at most :data:`MAX_STEM` characters, and the
final path is checked to lie inside the output folder.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from xl_tracker.errors import WorkbookError

MAX_STEM = 80
"""Characters before the extension: far below every file system's limit, even with a long folder path."""

WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{n}" for n in "123456789¹²³"}
    | {f"LPT{n}" for n in "123456789¹²³"}
)
_UNSAFE = re.compile(r"[^\w\-.()' ]+", re.UNICODE)


def safe_stem(text: str, fallback: str = "report") -> str:
    """``text`` as a file name stem that is valid on Windows, macOS and Linux."""
    text = unicodedata.normalize("NFC", str(text))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE.sub(" ", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = "_".join(text.split())
    text = text.strip("._- ")
    if len(text) > MAX_STEM:
        text = text[:MAX_STEM].rstrip("._- ")
    if not text:
        text = fallback
    if text.split(".")[0].upper() in WINDOWS_RESERVED:
        text = "_" + text
    return text


def member_filename(member_id: str, name: str, suffix: str = ".docx") -> str:
    """``M01_Jane_Doe.docx`` from the member's ID and full name."""
    return safe_stem(f"{member_id} {name}".strip(), fallback="member") + suffix


def unique_names(names: list[str], taken: set[str] | None = None) -> list[str]:
    """The same names, with ``-2``, ``-3``… added where two would be one file (case-insensitively: Windows, macOS)."""
    used = {t.casefold() for t in (taken or set())}
    out = []
    for name in names:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        candidate, n = name, 1
        while candidate.casefold() in used:
            n += 1
            candidate = f"{stem}-{n}{dot}{ext}"
        used.add(candidate.casefold())
        out.append(candidate)
    return out


def inside(out_dir: Path, filename: str) -> Path:
    """``out_dir / filename``, refusing anything that would land elsewhere."""
    root = Path(out_dir).resolve()
    path = (root / filename).resolve()
    if path.parent != root:
        raise WorkbookError(f"refusing to write {filename!r} outside {root}")
    return path
