"""The offline bundle: one folder that installs xl-tracker on a county PC with no internet and no admin rights.

A county has no one to run git or build a wheel, and often no internet on
the PC that has Excel. :func:`make_bundle` makes, on a connected machine, a
folder to carry there (USB stick, shared drive, a zip by email)::

    READ ME FIRST.txt   the first-run checklist
    install.cmd         (Windows) or install.sh (macOS, Linux)
    wheels/             xl-tracker's own wheel and every package it needs

The wheels are for the target's platform and CPython version, not this
machine's. ``pip download --platform`` picks wheels for the target but
evaluates environment markers on the machine it runs on, so a bundle made on
Linux would lack ``pywin32`` (xlwings needs it on Windows) and a Mac's
``appscript`` and ``psutil``. This module therefore reads every wheel's
``Requires-Dist`` itself, evaluates the markers for the target, fetches what
is missing, and only then lets pip resolve the folder offline for that
target (``pip install --dry-run --no-index``) as the last check.

The install script makes the per-user virtual environment that every
tracking tool starts (:mod:`xl_tracker.ribbon.interpreter`: the county
install convention; on Linux the Mac's), installs from the folder only, builds the tracking tool wired to that
Python and runs ``xl-tracker doctor`` on it.
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from importlib.metadata import PackageNotFoundError, version
from importlib.metadata import metadata as version_metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from xl_tracker import __version__
from xl_tracker.ribbon.interpreter import COUNTY_VENV_MAC, COUNTY_VENV_WIN

TOOL_FOLDER = "CHMT Tracker"
"""The folder in the user's home that install scripts put the tracking tool in: local (not synced), and one to trust."""
TOOL_NAME = "CHMT Tracker.xlsm"
WHEELS = "wheels"
README = "READ ME FIRST.txt"

PLATFORM_MARKERS = (
    # (pip platform tag pattern, sys_platform, platform_system, os_name, platform_machine)
    (r"win_amd64", "win32", "Windows", "nt", "AMD64"),
    (r"win_arm64", "win32", "Windows", "nt", "ARM64"),
    (r"win32", "win32", "Windows", "nt", "x86"),
    (r"macosx_\d+_\d+_(x86_64|arm64|universal2)", "darwin", "Darwin", "posix", None),
    (r"(many|musl)?linux(_\d+_\d+|1|2010|2014)?_(x86_64|aarch64)", "linux", "Linux", "posix", None),
)
"""The environment-marker values of each platform a bundle can target (``None``: the machine from the tag's end)."""


class BundleError(Exception):
    """The bundle cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    """The platform and CPython a bundle is for. ``platform`` None: this machine's."""

    python: str
    platform: str | None = None

    @property
    def windows(self) -> bool:
        return (self.platform or sys.platform).startswith("win")

    @property
    def label(self) -> str:
        return f"CPython {self.python} on {self.platform or sysconfig.get_platform() + ' (this platform)'}"

    def pip_args(self) -> list[str]:
        """pip's options that select wheels for this target (nothing for this machine's own Python)."""
        args = ["--only-binary=:all:"]
        if self.platform is not None or self.python != _running_python():
            args += ["--python-version", self.python, "--implementation", "cp"]
        if self.platform is not None:
            args += ["--platform", self.platform]
        return args

    def markers(self) -> dict[str, str]:
        """Environment-marker values as the target's Python will see them."""
        env = default_environment()
        env.update(
            python_version=self.python,
            python_full_version=f"{self.python}.0" if self.python != _running_python() else env["python_full_version"],
            implementation_name="cpython",
            platform_python_implementation="CPython",
        )
        if self.platform is None:
            return env
        for pattern, sys_platform, system, os_name, machine in PLATFORM_MARKERS:
            found = re.fullmatch(pattern, self.platform)
            if found:
                machine = machine or found.group(found.lastindex or 0)
                env.update(sys_platform=sys_platform, platform_system=system, os_name=os_name, platform_machine=machine)
                return env
        raise BundleError(f"unknown platform {self.platform!r}: use a wheel platform tag such as win_amd64, macosx_11_0_arm64 or manylinux_2_28_x86_64")


@dataclass
class Bundle:
    """What :func:`make_bundle` made."""

    folder: Path
    target: Target
    wheels: list[Path] = field(default_factory=list)
    added_for_target: list[str] = field(default_factory=list)
    """Requirements that pip skipped on this machine and were fetched for the target's markers (e.g. pywin32)."""

    @property
    def size(self) -> int:
        """Bytes of the whole folder."""
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())


def make_bundle(
    folder: str | Path,
    platform: str | None = None,
    python: str | None = None,
    wheel: str | Path | None = None,
    log: Callable[[str], None] = print,
) -> Bundle:
    """Make the offline bundle for CPython ``python`` (e.g. ``"3.13"``) on ``platform`` (a wheel tag, e.g. ``"win_amd64"``).

    Defaults: this machine's platform and Python. ``wheel`` is an
    xl-tracker wheel to ship; without it the wheel is built from the source
    checkout this package runs from. Needs the package index (to download);
    raises :class:`BundleError` with the reason when something is missing.
    """
    target = Target(python or _running_python(), platform)
    if not re.fullmatch(r"3\.\d{1,2}", target.python):
        raise BundleError(f"--python takes a CPython version such as 3.13, not {target.python!r}")
    target.markers()
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BundleError(f"{folder} exists and is not an empty folder: choose a new folder for the bundle")
    _check_python_floor(target, _wheel_floor(wheel))
    if "--python-version" in target.pip_args():
        _check_pip()
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Made beside the destination and moved there when complete: a failed run leaves nothing behind.
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=folder.parent))
    try:
        made = _fill(work, target, wheel, log)
        if folder.exists():
            folder.rmdir()
        work.rename(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    made.folder = folder
    made.wheels = sorted((folder / WHEELS).glob("*.whl"))
    return made


def _fill(folder: Path, target: Target, wheel: str | Path | None, log: Callable[[str], None]) -> Bundle:
    """Put the wheels, checked for ``target``, and the install scripts into ``folder``."""
    wheels = folder / WHEELS
    wheels.mkdir()
    own = _own_wheel(wheels, wheel, log)
    _check_python_floor(target, _metadata(own).get("Requires-Python"))

    log(f"Downloading the packages xl-tracker needs, as wheels for {target.label}")
    _pip("download", "-q", "-d", str(wheels), *target.pip_args(), str(own))
    made = Bundle(folder, target)
    for _ in range(5):
        missing = unmet_requirements(wheels, target)
        if not missing:
            break
        log(f"Adding what {target.platform or 'this platform'} needs but pip skipped here: {', '.join(missing)}")
        made.added_for_target += missing
        _pip("download", "-q", "-d", str(wheels), *target.pip_args(), *missing)
    else:
        raise BundleError(f"the wheels for {target.label} stay incomplete: {', '.join(missing)}")

    log("Checking that the folder alone installs xl-tracker for that target (pip, offline)")
    check_offline(wheels, target)
    write_scripts(folder, target)
    return made


def write_scripts(folder: Path, target: Target) -> Path:
    """Write READ ME FIRST.txt and the target's install script (install.cmd or install.sh) into ``folder``; return the script."""
    _write_text(folder / README, read_me(target), windows=target.windows)
    if target.windows:
        script = folder / "install.cmd"
        _write_text(script, install_cmd(target), windows=True)
    else:
        script = folder / "install.sh"
        _write_text(script, install_sh(target), windows=False)
        script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def _wheel_floor(wheel: str | Path | None) -> str | None:
    """A given wheel's Requires-Python, when it can be read here (a broken wheel is reported where it is unpacked)."""
    if wheel is None:
        return None
    try:
        return _metadata(Path(wheel)).get("Requires-Python")
    except (OSError, zipfile.BadZipFile, StopIteration):
        return None


def _check_python_floor(target: Target, floor: str | None = None) -> None:
    """Refuse a target Python that xl-tracker does not run on (``floor``: a wheel's Requires-Python; default this install's).

    Checked before anything else about pip, so that a bundle for an old
    Python gets this one plain reason whatever pip is installed.
    """
    if floor is None:
        try:
            floor = version_metadata("xl-tracker").get("Requires-Python")
        except PackageNotFoundError:
            return
    if floor and not SpecifierSet(floor).contains(f"{target.python}.0"):
        raise BundleError(f"xl-tracker needs Python {floor}; a bundle for Python {target.python} could not run it")


PIP_NEEDED = "24.2"
"""The first pip whose offline check honours ``--python-version`` for Requires-Python (23.x and 24.0–24.1 check the running Python)."""


def _check_pip() -> None:
    try:
        have = version("pip")
    except PackageNotFoundError:
        raise BundleError(f"pip is not installed in this Python ({sys.executable}): python -m ensurepip") from None
    if Version(have) < Version(PIP_NEEDED):
        raise BundleError(f"pip {have} cannot check a bundle for another Python: python -m pip install --upgrade pip (to {PIP_NEEDED} or newer)")


def _running_python() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def source_root() -> Path | None:
    """The source checkout this package runs from (the folder with its pyproject.toml), or None for an installed copy."""
    root = Path(__file__).resolve().parent.parent
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and re.search(r'^name\s*=\s*"xl-tracker"', pyproject.read_text(encoding="utf-8"), re.MULTILINE):
        return root
    return None


def _own_wheel(wheels: Path, wheel: str | Path | None, log: Callable[[str], None]) -> Path:
    """xl-tracker's own wheel in ``wheels``: the one given, or built from the source checkout."""
    if wheel is not None:
        wheel = Path(wheel)
        if not wheel.is_file() or canonicalize_name(parse_wheel_filename(wheel.name)[0]) != "xl-tracker":
            raise BundleError(f"{wheel} is not an xl-tracker wheel")
        copy = wheels / wheel.name
        copy.write_bytes(wheel.read_bytes())
        return copy
    root = source_root()
    if root is None:
        raise BundleError(
            "this xl-tracker is an installed copy without its source, so its wheel cannot be rebuilt here: "
            "run the bundle command from a source checkout (pip install -e . there), or give the wheel you "
            "installed from with --wheel (an earlier bundle's wheels folder has it)"
        )
    log(f"Building xl-tracker's wheel from {root}")
    _pip("wheel", "-q", "--no-deps", "-w", str(wheels), str(root))
    return next(wheels.glob("xl_tracker-*.whl"))


def _pip(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip() and "is ignored" not in line]
        raise BundleError(f"pip {args[0]} failed: " + " | ".join(lines[-6:]))
    return result


def _metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
        return email.parser.BytesParser().parsebytes(archive.read(name), headersonly=True)


def unmet_requirements(wheels: Path, target: Target) -> list[str]:
    """Requirements of xl-tracker, and of everything it pulls in, that apply on ``target`` and no wheel in ``wheels`` meets.

    Walks ``Requires-Dist`` from xl-tracker down, evaluating each marker with
    the target's values (and the extras asked for), as pip would on the
    target. Returned as requirement strings without their markers.
    """
    found: dict[str, list[tuple[str, Path]]] = {}
    for path in wheels.glob("*.whl"):
        name, version, _, _ = parse_wheel_filename(path.name)
        found.setdefault(name, []).append((str(version), path))
    env = target.markers()
    missing: dict[str, str] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(Requirement("xl-tracker"), frozenset())]
    while todo:
        requirement, extras = todo.pop()
        name = canonicalize_name(requirement.name)
        match = next((p for v, p in found.get(name, []) if requirement.specifier.contains(v, prereleases=True)), None)
        if match is None:
            missing[name] = f"{requirement.name}{requirement.specifier}"
            continue
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        for line in _metadata(match).get_all("Requires-Dist") or []:
            needed = Requirement(line)
            if needed.marker is None or any(needed.marker.evaluate({**env, "extra": e}) for e in extras or {""}):
                todo.append((needed, frozenset(needed.extras)))
    return sorted(missing.values())


def check_offline(wheels: Path, target: Target) -> None:
    """pip resolves xl-tracker from ``wheels`` alone, for ``target``, ignoring every pip setting of this machine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    with tempfile.TemporaryDirectory(prefix="xl-tracker-bundle-check-") as tmp:
        _pip(
            "install", "--dry-run", "--no-index", "--find-links", str(wheels), *target.pip_args(),
            "--target", tmp, "xl-tracker",
            env=env,
        )
    unmet = unmet_requirements(wheels, target)
    if unmet:
        raise BundleError(f"the bundle lacks, for {target.label}: {', '.join(unmet)}")


def _write_text(path: Path, text: str, windows: bool) -> None:
    """Write with the line ends the target's tools expect (cmd.exe mis-reads labels in a batch file with bare LF)."""
    with path.open("w", encoding="utf-8", newline="\r\n" if windows else "\n") as out:
        out.write(text)


def install_cmd(target: Target) -> str:
    """install.cmd: the per-user environment, the wheels, the tracking tool and the check, on Windows.

    Written without parenthesised blocks: cmd.exe expands a whole block
    before running it, so a ``)`` in a user name would end it early.
    """
    v = target.python
    sysconfig_platform = target.platform.replace("_", "-") if target.platform else None
    check = f"import sys; sys.exit(sys.version_info[:2] != ({v.replace('.', ', ')}))"
    if sysconfig_platform:
        check = f"import sys, sysconfig; sys.exit(sys.version_info[:2] != ({v.replace('.', ', ')}) or sysconfig.get_platform() != '{sysconfig_platform}')"
    bits = {"win-amd64": " (64-bit)", "win32": " (32-bit)", "win-arm64": " (ARM64)"}.get(sysconfig_platform or "", "")
    return f"""@echo off
rem Installs xl-tracker {__version__} for this Windows user from this folder alone:
rem no internet and no administrator rights are needed.
rem  1. checks that Python {v}{bits} is installed;
rem  2. makes the Python environment {COUNTY_VENV_WIN} (once);
rem  3. installs xl-tracker and the packages it needs from the "{WHEELS}" folder beside this file;
rem  4. builds the tracking tool "%USERPROFILE%\\{TOOL_FOLDER}\\{TOOL_NAME}", whose buttons start that Python;
rem  5. runs "xl-tracker doctor" on it.
rem Run it again with a newer bundle to update: the tracking tool is kept.
setlocal
set "WHEELS=%~dp0{WHEELS}"
set "VENV={COUNTY_VENV_WIN}"
set "TOOL_DIR=%USERPROFILE%\\{TOOL_FOLDER}"
set "TOOL=%TOOL_DIR%\\{TOOL_NAME}"

rem 1. Python {v} from python.org; "py" is the launcher its installer adds.
py -{v} -c "{check}" >nul 2>&1
if errorlevel 1 goto no_python

rem 2. The environment. One left by another Python version is made again.
if not exist "%VENV%\\Scripts\\python.exe" goto make_venv
"%VENV%\\Scripts\\python.exe" -c "{check}" >nul 2>&1
if not errorlevel 1 goto install
echo Making %VENV% again for Python {v}
rmdir /s /q "%VENV%"
:make_venv
echo Making the Python environment %VENV%
py -{v} -m venv "%VENV%" || goto failed

rem 3. From the wheels folder only: --no-index keeps pip off the internet.
:install
echo Installing xl-tracker from %WHEELS%
"%VENV%\\Scripts\\python.exe" -m pip install --disable-pip-version-check --no-index --find-links "%WHEELS%" --upgrade xl-tracker || goto failed

rem 4. The tracking tool, built by this environment so that its buttons start this Python.
if not exist "%TOOL_DIR%" mkdir "%TOOL_DIR%"
if exist "%TOOL%" goto keep_tool
"%VENV%\\Scripts\\xl-tracker.exe" new "%TOOL%" || goto failed
goto doctor
:keep_tool
echo Kept the tracking tool that was there already: %TOOL%

rem 5. The check: Python, xlwings against the workbook's macros, LibreOffice for PDF reports.
:doctor
echo.
"%VENV%\\Scripts\\xl-tracker.exe" doctor "%TOOL%"
echo.
echo Installed. The tracking tool is %TOOL%
echo Next: the steps in "READ ME FIRST.txt" (trust the folder, then the first click).
pause
exit /b 0

:no_python
echo Python {v}{bits} is not installed on this PC.
echo Install it with the Python {v} installer for Windows from python.org (no administrator
echo rights needed: "Install Now" installs for this user only), then run install.cmd again.
pause
exit /b 1

:failed
echo.
echo The installation stopped: the lines above say why. Nothing outside %VENV% was changed.
pause
exit /b 1
"""


def install_sh(target: Target) -> str:
    """install.sh: the same steps as install.cmd, for macOS and Linux."""
    v = target.python
    check = f"import sys; sys.exit(sys.version_info[:2] != ({v.replace('.', ', ')}))"
    return f"""#!/bin/sh
# Installs xl-tracker {__version__} for this user from this folder alone:
# no internet and no administrator rights are needed.
#  1. checks that Python {v} is installed (PYTHON=/path/to/python{v} sh install.sh picks another one);
#  2. makes the Python environment {COUNTY_VENV_MAC} (once);
#  3. installs xl-tracker and the packages it needs from the "{WHEELS}" folder beside this file;
#  4. builds the tracking tool "$HOME/{TOOL_FOLDER}/{TOOL_NAME}", whose buttons start that Python;
#  5. runs "xl-tracker doctor" on it.
# Run it again with a newer bundle to update: the tracking tool is kept.
set -eu
WHEELS="$(cd "$(dirname "$0")" && pwd)/{WHEELS}"
VENV="{COUNTY_VENV_MAC}"
TOOL_DIR="$HOME/{TOOL_FOLDER}"
TOOL="$TOOL_DIR/{TOOL_NAME}"
PYTHON="${{PYTHON:-python{v}}}"
CHECK="{check}"

# 1. Python {v} (on a Mac: the python.org installer).
if ! "$PYTHON" -c "$CHECK" >/dev/null 2>&1; then
    echo "Python {v} is not installed (no $PYTHON). Install Python {v}, then run this again."
    exit 1
fi

# 2. The environment. One left by another Python version is made again.
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c "$CHECK" >/dev/null 2>&1; then
    echo "Making $VENV again for Python {v}"
    rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
    echo "Making the Python environment $VENV"
    "$PYTHON" -m venv "$VENV"
fi

# 3. From the wheels folder only: --no-index keeps pip off the internet.
echo "Installing xl-tracker from $WHEELS"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-index --find-links "$WHEELS" --upgrade xl-tracker

# 4. The tracking tool, built by this environment so that its buttons start this Python.
mkdir -p "$TOOL_DIR"
if [ -e "$TOOL" ]; then
    echo "Kept the tracking tool that was there already: $TOOL"
else
    "$VENV/bin/xl-tracker" new "$TOOL"
fi

# 5. The check: Python, xlwings against the workbook's macros, LibreOffice for PDF reports.
echo
"$VENV/bin/xl-tracker" doctor "$TOOL" || true
echo
echo "Installed. The tracking tool is $TOOL"
echo "Next: the steps in \\"READ ME FIRST.txt\\" (trust the folder, then the first click)."
"""


def read_me(target: Target) -> str:
    """READ ME FIRST.txt: what to install first, how to run the script, and the first-run checklist."""
    v = target.python
    if target.windows:
        bits = {"win_amd64": "64-bit", "win32": "32-bit", "win_arm64": "ARM64"}.get(target.platform or "", "")
        return f"""xl-tracker {__version__}: offline installer for Windows (Python {v} {bits})

This folder installs xl-tracker and the CHMT Tracker workbook on this PC without
internet and without administrator rights. Keep the folder together.

1. If the folder came as a .zip (email, download): before unpacking, right-click
   the .zip > Properties > tick "Unblock" > OK. Then unpack it.
2. Install Python {v} ({bits}) from its python.org installer if the PC does not
   have it: choose "Install Now" (it installs for you only, no admin rights).
3. Double-click install.cmd. If Windows says "Windows protected your PC", click
   "More info" > "Run anyway". It makes the environment
   {COUNTY_VENV_WIN}, installs from this folder,
   builds %USERPROFILE%\\{TOOL_FOLDER}\\{TOOL_NAME} and checks it (xl-tracker doctor).
4. Trust the folder: Excel > File > Options > Trust Center > Trust Center
   Settings > Trusted Locations > Add new location > %USERPROFILE%\\{TOOL_FOLDER}.
   (A managed PC may forbid this: then ask IT, or see docs/install-windows.md.)
5. Open {TOOL_NAME} from that folder. First click: CHMT Tracker tab > Validate.
   The Issues sheet lists what to fix, each with its cell; then Refresh results.

If a button does nothing or shows an error, run in Command Prompt:
    "%LOCALAPPDATA%\\xl-tracker\\venv\\Scripts\\xl-tracker.exe" doctor "%USERPROFILE%\\{TOOL_FOLDER}\\{TOOL_NAME}"
and follow what it prints. To update: run install.cmd of a newer bundle.
"""
    return f"""xl-tracker {__version__}: offline installer for {"macOS" if target.markers()["sys_platform"] == "darwin" else "Linux"} (Python {v})

This folder installs xl-tracker and the CHMT Tracker workbook for this user without
internet and without administrator rights. Keep the folder together.

1. If the folder came as a download or by email, unpack it.
2. Install Python {v} if the computer does not have it (on a Mac: the python.org installer).
3. In Terminal: sh "install.sh" in this folder. It makes the environment
   {COUNTY_VENV_MAC}, installs from this folder, builds
   ~/{TOOL_FOLDER}/{TOOL_NAME} and checks it (xl-tracker doctor).
4. On a Mac, let Excel start Python once: "{COUNTY_VENV_MAC}/bin/xlwings" runpython install,
   then in Excel > Preferences > Security allow macros for that workbook.
5. Open {TOOL_NAME}. First click: CHMT Tracker tab > Validate. The Issues sheet lists
   what to fix, each with its cell; then Refresh results.

On a computer without Excel, use the command line on the same workbook:
    ~/.xl-tracker/venv/bin/xl-tracker refresh ~/"{TOOL_FOLDER}/{TOOL_NAME}"
If something fails, run ~/.xl-tracker/venv/bin/xl-tracker doctor on the workbook and follow what it prints.
"""
