"""Word reports to PDF with LibreOffice headless: one soffice process for the whole batch.

Starting LibreOffice costs seconds, converting a report a fraction of one,
so every file goes into one call. A private profile
(``-env:UserInstallation``) in a temporary folder keeps the batch from
colliding with a LibreOffice the user has open, or with a parallel batch.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from xl_tracker.errors import WorkbookError

WINDOWS_COMMAND_LIMIT = 30000
"""Windows limits a command line to 32,767 characters; a longer batch is split (the only exception to one call)."""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ):
        if os.path.exists(candidate):
            return candidate
    return None


def _batches(files: list[Path]) -> list[list[Path]]:
    if os.name != "nt":
        return [files]
    batches: list[list[Path]] = [[]]
    length = 0
    for f in files:
        if batches[-1] and length + len(str(f)) + 3 > WINDOWS_COMMAND_LIMIT:
            batches.append([])
            length = 0
        batches[-1].append(f)
        length += len(str(f)) + 3
    return batches


def convert_to_pdf(files: list[Path], out_dir: Path, soffice: str | None = None, timeout: float | None = None) -> list[Path]:
    """Convert ``files`` (.docx) to PDFs in ``out_dir``; returns the PDF paths in the same order."""
    if not files:
        return []
    soffice = soffice or find_soffice()
    if soffice is None:
        raise WorkbookError(
            "LibreOffice is not installed, so no PDFs were made (the Word reports are written): "
            "install LibreOffice (https://www.libreoffice.org) or run without --pdf"
        )
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    timeout = timeout or 120 + 3 * len(files)
    with tempfile.TemporaryDirectory(prefix="xl-tracker-lo-") as profile:
        for batch in _batches([Path(f).resolve() for f in files]):
            cmd = [
                soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                "--nolockcheck", "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, batch),
            ]
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise WorkbookError(f"LibreOffice did not finish converting {len(batch)} reports within {timeout:.0f} s") from None
            except OSError as exc:
                raise WorkbookError(f"LibreOffice could not be started ({exc})") from None
    pdfs = [out_dir / (Path(f).stem + ".pdf") for f in files]
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        detail = (done.stderr or done.stdout or "").strip().splitlines()
        hint = f" ({detail[-1][:160]})" if detail else ""
        raise WorkbookError(f"LibreOffice made no PDF for {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}{hint}")
    return pdfs
