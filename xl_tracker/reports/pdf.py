"""Word reports to PDF with LibreOffice headless: one soffice process for the whole batch, cleaned up whatever happens.

Starting LibreOffice costs seconds, converting a report a fraction of one,
so every file goes into one call. A private profile
(``-env:UserInstallation``) in a temporary folder keeps the batch from
colliding with a LibreOffice the user has open, or with a parallel batch.

``soffice`` is a launcher: the work is done by ``soffice.bin``, its child.
So it runs in its own process group (its own session on POSIX, a new
process group on Windows), and on a timeout or Ctrl+C the whole group is
ended, not only the launcher, before the profile is removed. Then the
message says which PDFs were made (a PDF cut short is removed).

LibreOffice also makes a Unix socket in ``/tmp`` for its single-instance
check, named after the profile (:func:`ipc_pipe`); a LibreOffice that is
stopped leaves it behind, so it is removed with the profile.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from xl_tracker.errors import WorkbookError

GRACE_SECONDS = 3.0
"""How long LibreOffice is given to stop after SIGTERM before it is killed."""

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


def ipc_pipe(user_installation: str) -> Path | None:
    """The socket LibreOffice makes for the profile at the URL ``user_installation``; None where there is none (Windows).

    Its name is ``OSL_PIPE_<uid>_SingleOfficeIPC_`` and the MD5 of the URL's
    UTF-16 code units, each byte in hex without a leading zero (as
    LibreOffice's ``CreateMD5FromString`` writes it), in ``/tmp``.
    """
    if os.name == "nt":
        return None
    digest = hashlib.md5(user_installation.encode("utf-16-le"), usedforsecurity=False).digest()
    return Path("/tmp") / f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{''.join(format(b, 'x') for b in digest)}"


def _remove_pipe(user_installation: str) -> None:
    pipe = ipc_pipe(user_installation)
    if pipe is not None and pipe.is_socket():
        try:
            pipe.unlink()
        except OSError:
            pass


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


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _end_group(process: subprocess.Popen) -> None:
    """End ``process`` and every process it started (they share its process group), then reap it."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    else:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except (ProcessLookupError, PermissionError):
                break
            deadline = time.monotonic() + GRACE_SECONDS
            while _group_alive(process.pid) and time.monotonic() < deadline:
                process.poll()
                time.sleep(0.05)
            if not _group_alive(process.pid):
                break
    try:
        process.communicate(timeout=GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()


def _run_group(cmd: list[str], timeout: float, temp: str | None = None) -> subprocess.CompletedProcess:
    """Run ``cmd`` in a process group of its own; on a timeout or an interruption end the whole group and re-raise.

    ``temp`` becomes the process's temporary folder (LibreOffice leaves
    ``lu….tmp`` folders there when it is stopped).
    """
    env = {**os.environ, "TMPDIR": temp, "TMP": temp, "TEMP": temp} if temp else None
    if os.name == "nt":
        process = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
            creationflags=subprocess.CREATE_NEW_PROCESS_GROUP,  # type: ignore[attr-defined]
        )
    else:
        process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except BaseException:
        _end_group(process)
        raise
    if os.name != "nt":
        try:
            os.killpg(process.pid, signal.SIGKILL)  # a helper the launcher left behind
        except (ProcessLookupError, PermissionError):
            pass
    return subprocess.CompletedProcess(cmd, process.returncode, out, err)


def _complete_pdf(path: Path) -> bool:
    """A PDF written to its end (``%%EOF`` in its last bytes); one cut short by a stop is not."""
    try:
        with path.open("rb") as fh:
            head = fh.read(5)
            fh.seek(max(path.stat().st_size - 2048, 0))
            tail = fh.read()
    except OSError:
        return False
    return head.startswith(b"%PDF") and b"%%EOF" in tail


def made_so_far(pdfs: list[Path]) -> list[Path]:
    """The PDFs of ``pdfs`` that are complete; incomplete ones are removed."""
    made = []
    for pdf in pdfs:
        if _complete_pdf(pdf):
            made.append(pdf)
        elif pdf.exists():
            pdf.unlink()
    return made


def _made_note(made: list[Path], total: int) -> str:
    if not made:
        return f"no PDF was made (of {total})"
    names = ", ".join(p.name for p in made[:5]) + (" …" if len(made) > 5 else "")
    return f"PDFs were made for {len(made)} of {total} reports ({names})"


def convert_to_pdf(files: list[Path], out_dir: Path, soffice: str | None = None, timeout: float | None = None) -> list[Path]:
    """Convert ``files`` (.docx) to PDFs in ``out_dir``; returns the PDF paths in the same order.

    PDFs of the same names from an earlier run are removed first, so every
    PDF there afterwards was made now. On a timeout LibreOffice is stopped
    (all its processes) and :class:`WorkbookError` says which PDFs were made.
    """
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
    pdfs = [out_dir / (Path(f).stem + ".pdf") for f in files]
    for old in pdfs:
        if old.is_file():
            old.unlink()
    profile = tempfile.mkdtemp(prefix="xl-tracker-lo-")
    user_installation = Path(profile, "user").as_uri()
    lo_temp = os.path.join(profile, "tmp")
    os.mkdir(lo_temp)
    done = None
    try:
        deadline = time.monotonic() + timeout
        for batch in _batches([Path(f).resolve() for f in files]):
            cmd = [
                soffice, f"-env:UserInstallation={user_installation}", "--headless", "--norestore",
                "--nolockcheck", "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, batch),
            ]
            try:
                done = _run_group(cmd, max(deadline - time.monotonic(), 0.1), lo_temp)
            except subprocess.TimeoutExpired:
                made = made_so_far(pdfs)
                raise WorkbookError(
                    f"LibreOffice did not finish converting the reports within {timeout:.0f} s and was stopped: "
                    f"{_made_note(made, len(pdfs))}; the Word reports are all written"
                ) from None
            except KeyboardInterrupt:
                made_so_far(pdfs)
                raise
            except OSError as exc:
                raise WorkbookError(f"LibreOffice could not be started ({exc})") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        _remove_pipe(user_installation)
    missing = [p.name for p in pdfs if not _complete_pdf(p)]
    if missing:
        detail = ((done.stderr or done.stdout or "") if done is not None else "").strip().splitlines()
        hint = f" ({detail[-1][:160]})" if detail else ""
        made = made_so_far(pdfs)
        raise WorkbookError(
            f"LibreOffice made no PDF for {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}{hint}; "
            f"{_made_note(made, len(pdfs))}"
        )
    return pdfs
