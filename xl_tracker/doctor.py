"""``xl-tracker doctor``: is this PC ready for the ribbon buttons, and what to do when it is not.

The buttons need three things to line up, none of which Excel explains
when it fails: the Python named on the workbook's hidden ``xlwings.conf``
sheet, an xlwings in that Python of exactly the version of the xlwings VBA
inside the workbook, and Excel allowed to run the workbook's macros. The
doctor checks what can be checked from Python and prints the steps for the
rest. LibreOffice is only needed for PDF reports, so its absence is
reported without counting as a problem.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

OK, ATTENTION, INFO = "ok", "attention", "info"
MIN_PYTHON = (3, 10)


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, its status (ok, attention, info) and what to do about it."""

    name: str
    status: str
    detail: str
    fix: str = ""


@dataclass
class DoctorReport:
    checks: list[Check] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.status != ATTENTION for c in self.checks)


def check_python(version: tuple[int, ...] | None = None) -> Check:
    version = tuple(version or sys.version_info[:3])
    shown = ".".join(str(v) for v in version)
    if version[:2] < MIN_PYTHON:
        return Check("Python", ATTENTION, f"Python {shown} at {sys.executable} is too old",
                     f"install Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer and xl-tracker in it (docs/install-windows.md)")
    return Check("Python", OK, f"Python {shown} at {sys.executable}")


def pinned_xlwings() -> str | None:
    """The xlwings version xl-tracker is pinned to (``xlwings==X`` in its requirements), if installed as a package."""
    from importlib.metadata import PackageNotFoundError, requires

    try:
        for requirement in requires("xl-tracker") or []:
            name, _, version = requirement.partition("==")
            if name.strip().lower() == "xlwings" and version:
                return version.split(";")[0].strip()
    except PackageNotFoundError:
        return None
    return None


def check_xlwings(platform: str | None = None) -> list[Check]:
    platform = platform or sys.platform
    try:
        import xlwings
    except ImportError:
        return [Check("xlwings", ATTENTION, "xlwings is not installed in this Python", "pip install xl-tracker (it brings the pinned xlwings)")]
    checks = []
    pin = pinned_xlwings()
    if pin and pin != xlwings.__version__:
        checks.append(Check("xlwings", ATTENTION, f"xlwings {xlwings.__version__} is installed, xl-tracker needs {pin}",
                            f'pip install "xlwings=={pin}"'))
    else:
        checks.append(Check("xlwings", OK, f"xlwings {xlwings.__version__}"))
    if platform.startswith("win"):
        try:
            import win32com  # noqa: F401 - xlwings talks to Excel through pywin32 on Windows
        except ImportError:
            checks.append(Check("pywin32", ATTENTION, "pywin32 is missing: xlwings cannot talk to Excel", "pip install pywin32"))
    elif platform == "darwin":
        script = Path.home() / "Library/Application Scripts/com.microsoft.Excel" / f"xlwings-{xlwings.__version__}.applescript"
        if not script.exists():
            checks.append(Check("RunPython on Mac", ATTENTION, f"{script} is missing: Excel cannot start Python",
                                "run `xlwings runpython install` in a terminal once"))
    return checks


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for candidate in (
        Path("C:/Program Files/LibreOffice/program/soffice.exe"),
        Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
        Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    ):
        if candidate.exists():
            return str(candidate)
    return None


def check_libreoffice() -> Check:
    found = find_soffice()
    if found:
        return Check("LibreOffice", OK, f"LibreOffice at {found} (for PDF reports)")
    return Check("LibreOffice", INFO, "LibreOffice is not installed: Word reports work, PDF reports do not",
                 "install LibreOffice from libreoffice.org if you want PDF reports")


def _config(path: Path) -> dict[str, str]:
    """The workbook's xlwings.conf sheet as key (upper case, as xlwings reads it) -> value."""
    from python_calamine import CalamineWorkbook

    from xl_tracker.ribbon.config_sheet import CONFIG_SHEET

    with CalamineWorkbook.from_path(str(path)) as book:
        if CONFIG_SHEET not in book.sheet_names:
            return {}
        rows = book.get_sheet_by_name(CONFIG_SHEET).to_python()
    out = {}
    for row in rows:
        if not row or not str(row[0]).strip():
            break
        out[str(row[0]).strip().upper()] = str(row[1]).strip() if len(row) > 1 and row[1] is not None else ""
    return out


def check_workbook(path: Path, platform: str | None = None) -> list[Check]:
    """The workbook's xlwings VBA against the installed xlwings, its Python, and (Windows) the download block."""
    import zipfile

    from xl_tracker.ribbon.config_sheet import CONFIG_SHEET, INTERPRETER_MAC, INTERPRETER_WIN
    from xl_tracker.ribbon.sources import xlwings_vba_version

    platform = platform or sys.platform
    name = path.name
    if not path.is_file():
        return [Check("Workbook", ATTENTION, f"{path}: no such file")]
    try:
        with zipfile.ZipFile(path) as z:
            has_vba = "xl/vbaProject.bin" in z.namelist()
    except zipfile.BadZipFile:
        return [Check("Workbook", ATTENTION, f"{name} is not an Excel workbook (.xlsm)")]
    if not has_vba:
        return [Check("Workbook", ATTENTION, f"{name} has no macros, so no CHMT Tracker buttons",
                      "make the workbook with the ribbon: xl-tracker new Tracker.xlsm, then copy your sheets' rows into it")]
    from pyopenvba import ExcelFile

    checks = []
    with ExcelFile(path) as book:
        names = {n.casefold(): n for n in book.module_names()}
        source = book.get_module(names["xlwings"]) if "xlwings" in names else ""
    vba_version = xlwings_vba_version(source)
    try:
        import xlwings

        installed = xlwings.__version__
    except ImportError:
        installed = None
    if vba_version is None:
        checks.append(Check("Workbook VBA", ATTENTION, f"{name} has no xlwings VBA module, so its buttons cannot start Python",
                            "make the workbook again with xl-tracker new Tracker.xlsm"))
    elif installed and vba_version != installed:
        checks.append(Check("Workbook VBA", ATTENTION,
                            f"{name} carries the VBA of xlwings {vba_version}, this Python has xlwings {installed}",
                            f'install the matching xlwings (pip install "xlwings=={vba_version}") or make the workbook again with xl-tracker new'))
    else:
        checks.append(Check("Workbook VBA", OK, f"{name} carries the VBA of xlwings {vba_version}"))
    config = _config(path)
    key = INTERPRETER_WIN if platform.startswith("win") else INTERPRETER_MAC if platform == "darwin" else None
    if key is not None:
        python = config.get(key.upper(), "")
        if not python:
            checks.append(Check("Workbook Python", INFO, f"{name} names no Python for this computer ({key} on the {CONFIG_SHEET} sheet is blank): "
                                "xlwings starts `python` from the PATH",
                                f"put {sys.executable} in column B beside {key} on the hidden {CONFIG_SHEET} sheet"))
        elif not Path(python).exists():
            checks.append(Check("Workbook Python", ATTENTION, f"{name} starts {python}, which does not exist on this computer",
                                f"put {sys.executable} in column B beside {key} on the hidden {CONFIG_SHEET} sheet, or run xl-tracker new on this computer"))
        elif Path(python).resolve() != Path(sys.executable).resolve():
            checks.append(Check("Workbook Python", INFO, f"{name} starts {python}, not this Python ({sys.executable})",
                                "run `xl-tracker doctor` with that Python to check it"))
        else:
            checks.append(Check("Workbook Python", OK, f"{name} starts this Python"))
    if platform.startswith("win") and sys.platform.startswith("win") and _downloaded(path):
        checks.append(Check("Blocked download", ATTENTION, f"Windows marks {name} as downloaded from the internet, so Excel blocks its macros",
                            f"right-click {name} > Properties > tick Unblock > OK"))
    return checks


def _downloaded(path: Path) -> bool:
    """Whether the file carries Windows' "Mark of the Web" (a Zone.Identifier stream saying it came from the internet)."""
    try:
        with open(f"{path}:Zone.Identifier", encoding="utf-8", errors="replace") as fh:
            return any(line.strip() in ("ZoneId=3", "ZoneId=4") for line in fh)
    except OSError:
        return False


def steps(platform: str | None = None) -> list[str]:
    """What a person does so that Excel runs the workbook's buttons."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return [
            "If the workbook came by email or download: close it, right-click the file > Properties > tick 'Unblock' > OK.",
            "Excel > File > Options > Trust Center > Trust Center Settings > Trusted Locations > Add new location: "
            "the folder that holds the workbook (or, under Macro Settings, 'Disable VBA macros with notification' "
            "and click 'Enable Content' when the workbook opens).",
            "Open the workbook: the CHMT Tracker tab appears after Home; click Validate.",
        ]
    if platform == "darwin":
        return [
            "In Terminal, once: xlwings runpython install (lets Excel start Python).",
            "Open the workbook and click 'Enable Macros' when Excel asks.",
            "The CHMT Tracker tab appears after Home; click Validate.",
        ]
    return [
        "Excel does not run on this system: use the command line (xl-tracker validate / refresh / report),",
        "or open the workbook in Excel on Windows or a Mac and run xl-tracker doctor there.",
    ]


def run_doctor(workbook: str | Path | None = None, platform: str | None = None) -> DoctorReport:
    report = DoctorReport()
    report.checks.append(check_python())
    report.checks.extend(check_xlwings(platform))
    report.checks.append(check_libreoffice())
    if workbook is not None:
        report.checks.extend(check_workbook(Path(workbook), platform))
    report.steps = steps(platform)
    return report
