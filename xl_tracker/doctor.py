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

import os
import re
import shutil
import subprocess
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


ASR_CHILD_PROCESS_RULE = "D4F940AB-401B-4EFC-AADC-AD5F3C50688A"
"""Microsoft Defender's attack-surface-reduction rule "Block all Office applications from creating child processes"."""
ASR_KEYS = (
    r"SOFTWARE\Policies\Microsoft\Windows Defender\Windows Defender Exploit Guard\ASR\Rules",  # group policy
    r"SOFTWARE\Microsoft\Windows Defender\Windows Defender Exploit Guard\ASR\Rules",  # Set-MpPreference
)
ASR_STATES = {"1": "block", "2": "audit", "6": "warn"}
FALLBACK = (
    "save and close the workbook, then in a Command Prompt run "
    'xl-tracker refresh "{name}" (and xl-tracker report "{name}" -o reports) and open it again.'
)
_WIN_HOME = re.compile(r"^[A-Za-z]:[\\/]Users[\\/]([^\\/]+)[\\/]", re.I)
_MAC_HOME = re.compile(r"^/Users/([^/]+)/")


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


def _current_user() -> str:
    return os.environ.get("USERNAME") or os.environ.get("USER") or Path.home().name


def probe_interpreter(python: str) -> tuple[str | None, str]:
    """Run ``python`` to import xl_tracker and xlwings: (xlwings version, "") or (None, what went wrong)."""
    code = "import xl_tracker, xlwings; print(xlwings.__version__)"
    try:
        done = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"it cannot be started ({exc})"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return None, f"it cannot import xl-tracker ({last})"
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else None, ""


def check_interpreter(
    value: str, key: str, platform: str, vba_version: str | None, name: str,
    probe=probe_interpreter, user: str | None = None,
) -> Check:
    """The Python a workbook's buttons start on ``platform``, as xlwings' VBA finds it there."""
    from xl_tracker.ribbon.config_sheet import CONFIG_SHEET
    from xl_tracker.ribbon.interpreter import county_python, expand

    convention = county_python(platform)
    put = f"put {convention} in column B beside {key} on the hidden {CONFIG_SHEET} sheet (or make the workbook again with xl-tracker new)"
    install = (f"install xl-tracker at the usual place ({convention}: docs/install-windows.md, or the offline bundle's install script), "
               f"or {put.replace(convention, 'the full path of the Python that has xl-tracker', 1)}")
    if not value:
        return Check("Workbook Python", ATTENTION,
                     f"{name} names no Python for this computer ({key} on the {CONFIG_SHEET} sheet is blank): "
                     "xlwings then starts any `python` on the PATH, which has no xl-tracker", put)
    path = expand(value, platform)
    if path is None:
        return Check("Workbook Python", ATTENTION, f"{name} starts {value}, which Excel on a Mac cannot expand "
                     "(only a leading $HOME, $DOCUMENTS, $DESKTOP... are)", put)
    shown = value if path == value else f"{value} (here: {path})"
    pattern = _WIN_HOME if platform.startswith("win") else _MAC_HOME
    owner = pattern.match(path)
    user = user or _current_user()
    if owner and owner.group(1).casefold() != user.casefold():
        return Check("Workbook Python", ATTENTION,
                     f"{name} starts {shown}, in the folder of another user ({owner.group(1)}): it was built on another computer", put)
    if not Path(path).is_file():
        return Check("Workbook Python", ATTENTION, f"{name} starts {shown}, which does not exist on this computer", install)
    version, problem = probe(path)
    if problem:
        return Check("Workbook Python", ATTENTION, f"{name} starts {shown}, but {problem}",
                     f'"{path}" -m pip install xl-tracker (or the offline bundle\'s install script)')
    if vba_version and version and version != vba_version:
        return Check("Workbook Python", ATTENTION,
                     f"{name} starts {shown}, whose xlwings {version} differs from the workbook's xlwings VBA {vba_version}",
                     f'"{path}" -m pip install "xlwings=={vba_version}", or make the workbook again with that Python\'s xl-tracker new')
    return Check("Workbook Python", OK, f"{name} starts {shown}: it imports xl-tracker, xlwings {version}")


def _code_names_lost(path: Path) -> list[str]:
    """Sheets with no VBA codeName in the file (LibreOffice's save drops them), so no VBA document module is bound to them."""
    import zipfile

    from lxml import etree

    from xl_tracker.ooxml.package import safe_parser

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    with zipfile.ZipFile(path) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"), parser=safe_parser())
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"), parser=safe_parser())
        targets = {r.get("Id"): r.get("Target") for r in rels}
        lost = []
        for sheet in book.iter(f"{main}sheet"):
            target = targets.get(sheet.get(f"{rel}id"), "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if part not in z.namelist():
                continue
            pr = etree.fromstring(z.read(part), parser=safe_parser()).find(f"{main}sheetPr")
            if pr is None or not pr.get("codeName"):
                lost.append(sheet.get("name"))
    return lost


def check_workbook(path: Path, platform: str | None = None, probe=probe_interpreter) -> list[Check]:
    """The workbook's xlwings VBA against the installed xlwings, its Python, its code names, and (Windows) the download block."""
    import zipfile

    from xl_tracker.ribbon.config_sheet import INTERPRETER_MAC, INTERPRETER_WIN
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
        return [Check("Workbook", ATTENTION, f"{name} has no macros, so no CHMT Tracker buttons (saved as .xlsx, or an antivirus removed them)",
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
        checks.append(Check("Workbook VBA", ATTENTION,
                            f"{name} has no xlwings VBA module, so its buttons cannot start Python. Antivirus programs "
                            "(Microsoft Defender among them) have flagged xlwings' VBA and removed or quarantined it (xlwings issue 1370)",
                            "ask IT to allow the workbook (or its folder) in the antivirus, then make it again with xl-tracker new Tracker.xlsm"))
    elif installed and vba_version != installed:
        checks.append(Check("Workbook VBA", ATTENTION,
                            f"{name} carries the VBA of xlwings {vba_version}, this Python has xlwings {installed}",
                            f'install the matching xlwings (pip install "xlwings=={vba_version}") or make the workbook again with xl-tracker new'))
    else:
        checks.append(Check("Workbook VBA", OK, f"{name} carries the VBA of xlwings {vba_version}"))
    lost = _code_names_lost(path)
    if lost:
        checks.append(Check("Sheet code names", ATTENTION,
                            f"{len(lost)} sheet(s) of {name} lost their VBA code names ({', '.join(lost[:3])}{'...' if len(lost) > 3 else ''}): "
                            "saving in LibreOffice drops them, and Excel may then repair the file or drop its macros",
                            "make the workbook again with xl-tracker new Tracker.xlsm and copy the rows in, and save it only from Excel "
                            "(or use the command line: xl-tracker refresh keeps the code names)"))
    config = _config(path)
    key = INTERPRETER_WIN if platform.startswith("win") else INTERPRETER_MAC if platform == "darwin" else None
    if key is not None:
        checks.append(check_interpreter(config.get(key.upper(), ""), key, platform, vba_version, name, probe))
    if platform.startswith("win") and sys.platform.startswith("win") and _downloaded(path):
        checks.append(Check("Blocked download", ATTENTION,
                            f"Windows marks {name} as downloaded from the internet (Mark of the Web), so Excel opens it in "
                            "Protected View and blocks its macros",
                            f'close it, then right-click {name} > Properties > tick Unblock > OK; or in PowerShell: Unblock-File -Path "{path}"'))
    if platform.startswith("win") and _on_network(path):
        checks.append(Check("Network folder", INFO,
                            f"{name} is on a network folder: a Trusted Location there only counts when "
                            "'Allow Trusted Locations on my network' is ticked",
                            "Trust Center > Trusted Locations > tick 'Allow Trusted Locations on my network' (your IT may have to), "
                            "or copy the workbook to a local folder"))
    return checks


def _on_network(path: Path) -> bool:
    """A UNC path (``\\\\server\\share``) or, on Windows, a drive letter mapped to a network share."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform.startswith("win") and len(text) > 1 and text[1] == ":":
        import ctypes

        return ctypes.windll.kernel32.GetDriveTypeW(text[:2] + "\\") == 4  # DRIVE_REMOTE
    return False


def _downloaded(path: Path) -> bool:
    """Whether the file carries Windows' "Mark of the Web" (a Zone.Identifier stream saying it came from the internet)."""
    try:
        with open(f"{path}:Zone.Identifier", encoding="utf-8", errors="replace") as fh:
            return any(line.strip() in ("ZoneId=3", "ZoneId=4") for line in fh)
    except OSError:
        return False


def read_asr_rule() -> str | None:
    """The state of Defender's Office child-process rule in the Windows registry (group policy, then local), or None if not set."""
    try:
        import winreg
    except ImportError:
        return None
    for path in ASR_KEYS:
        try:
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path) as key:
                value, _ = winreg.QueryValueEx(key, ASR_CHILD_PROCESS_RULE)
        except OSError:
            continue
        return str(value).strip()
    return None


def check_child_processes(platform: str | None = None, read=read_asr_rule) -> Check | None:
    """Whether Office may start Python at all: Defender's ASR rule turns RunPython into run-time error 70."""
    platform = platform or sys.platform
    if not platform.startswith("win"):
        return None
    state = ASR_STATES.get(read() or "")
    explain = ("Microsoft Defender's rule 'Block all Office applications from creating child processes' stops Excel "
               "from starting Python: the buttons end in 'Run-time error 70: Permission denied' (xlwings issues 821, 2433)")
    fix = ("ask IT for an exclusion of this workbook's Python from that rule (ASR rule " + ASR_CHILD_PROCESS_RULE + "); meanwhile "
           + FALLBACK.format(name="Tracker.xlsm"))
    if state == "block":
        return Check("Office may start programs", ATTENTION, explain + ". It is set to block on this PC", fix)
    if state in ("audit", "warn"):
        return Check("Office may start programs", INFO, f"{explain}. It is set to {state} on this PC", fix)
    return Check("Office may start programs", OK,
                 "no group policy sets Defender's Office child-process rule (a rule set from Intune may not show here: "
                 "'Run-time error 70' on a click means it is on)")


def steps(platform: str | None = None, workbook: str = "Tracker.xlsm") -> list[str]:
    """What a person does so that Excel runs the workbook's buttons, and what works when it cannot."""
    platform = platform or sys.platform
    fallback = "If the buttons cannot run on this PC: " + FALLBACK.format(name=workbook)
    if platform.startswith("win"):
        return [
            "If the workbook came by email or download (Protected View, a red or yellow bar): close it, right-click the file > "
            "Properties > tick 'Unblock' > OK (PowerShell: Unblock-File -Path FILE).",
            "Excel > File > Options > Trust Center > Trust Center Settings > Trusted Locations > Add new location: "
            "the folder that holds the workbook (on a network drive also tick 'Allow Trusted Locations on my network'). "
            "Or, under Macro Settings, 'Disable VBA macros with notification' (Excel 2013-2019: 'Disable all macros with "
            "notification') and click 'Enable Content' when the workbook opens.",
            "Open the workbook: the CHMT Tracker tab appears after Home; click Validate. 'Run-time error 70' means the PC "
            "blocks Office from starting programs (ask IT, see docs/install-windows.md).",
            fallback,
        ]
    if platform == "darwin":
        return [
            "In Terminal, once: xlwings runpython install (lets Excel start Python).",
            "Open the workbook and click 'Enable Macros' when Excel asks.",
            "The CHMT Tracker tab appears after Home; click Validate.",
            fallback,
        ]
    return [
        "Excel does not run on this system: use the command line (xl-tracker validate / refresh / report),",
        "or open the workbook in Excel on Windows or a Mac and run xl-tracker doctor there.",
    ]


def run_doctor(workbook: str | Path | None = None, platform: str | None = None, probe=probe_interpreter) -> DoctorReport:
    report = DoctorReport()
    report.checks.append(check_python())
    report.checks.extend(check_xlwings(platform))
    report.checks.append(check_libreoffice())
    child = check_child_processes(platform)
    if child is not None:
        report.checks.append(child)
    if workbook is not None:
        report.checks.extend(check_workbook(Path(workbook), platform, probe))
    report.steps = steps(platform, Path(workbook).name if workbook is not None else "Tracker.xlsm")
    return report
