"""The offline bundle: complete for its target, installs with no index, and its scripts wire the workbook to the Python they make.

The tests marked ``network`` download from the package index: they run
under CI=true (CI reaches the index) or with XL_TRACKER_NETWORK=1, and are
skipped otherwise.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path, PureWindowsPath

import openpyxl
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

from conftest import ON_CI, ROOT
from xl_tracker import __version__
from xl_tracker.bundle import (
    WHEELS,
    BundleError,
    Target,
    check_offline,
    make_bundle,
    unmet_requirements,
    write_scripts,
)
from xl_tracker.cli import main
from xl_tracker.api import new_workbook
from xl_tracker.ribbon import COUNTY_VENV_MAC, COUNTY_VENV_WIN
from xl_tracker.ribbon.config_sheet import CONFIG_SHEET, INTERPRETER_WIN

WINDOWS_ENV = {"LOCALAPPDATA": r"C:\Users\Amina (CHMT)\AppData\Local", "USERPROFILE": r"C:\Users\Amina (CHMT)", "~dp0": "E:\\xl-tracker bundle\\"}
"""What cmd.exe would put for the variables install.cmd uses (a user name with a parenthesis, as happens)."""

NETWORK = ON_CI or bool(os.environ.get("XL_TRACKER_NETWORK"))


def network(test):
    """Marked ``network`` (deselect with -m "not network"); runs under CI=true or XL_TRACKER_NETWORK=1, skipped otherwise."""
    skip = pytest.mark.skipif(not NETWORK, reason="downloads from the package index: runs under CI=true or XL_TRACKER_NETWORK=1")
    return pytest.mark.network(skip(test))


def expand_cmd(text: str, env: dict[str, str]) -> str:
    """Expand %NAME% and %~dp0 (the script's folder) as cmd.exe does, failing on a variable nobody set."""

    def one(match: re.Match) -> str:
        name = match.group(1) or "~dp0"
        assert name in env, f"install.cmd uses %{name}% that it never sets"
        return env[name]

    return re.sub(r"%~dp0|%([A-Za-z_]\w*)%", one, text)


def cmd_lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n"), "install.cmd needs CRLF line ends (cmd.exe mis-reads labels otherwise)"
    return raw.decode("utf-8").splitlines()


def run_cmd_sets(lines: list[str]) -> dict[str, str]:
    """The variables install.cmd sets, expanded in order as cmd.exe would, on top of WINDOWS_ENV."""
    env = dict(WINDOWS_ENV)
    for line in lines:
        found = re.fullmatch(r'set "([A-Z_]+)=(.*)"', line)
        if found:
            env[found.group(1)] = expand_cmd(found.group(2), env)
    return env


def the_line(lines: list[str], pattern: str) -> str:
    found = [line for line in lines if re.search(pattern, line)]
    assert len(found) == 1, f"expected one line matching {pattern!r}, got {found}"
    return found[0]


def fake_wheel(folder: Path, name: str, version: str, requires: list[str], requires_python: str | None = None) -> Path:
    path = folder / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    meta = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    meta += [f"Requires-Python: {requires_python}"] if requires_python else []
    meta += [f"Requires-Dist: {r}" for r in requires]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name.replace('-', '_')}-{version}.dist-info/METADATA", "\n".join(meta) + "\n")
    return path


def test_install_cmd_makes_the_venv_the_workbook_starts(tmp_path):
    """The .xlsm that install.cmd builds starts the Python of the environment install.cmd makes."""
    script = write_scripts(tmp_path, Target("3.13", "win_amd64"))
    assert script.name == "install.cmd"
    lines = cmd_lines(script)
    env = run_cmd_sets(lines)
    venv = PureWindowsPath(env["VENV"])
    assert venv == PureWindowsPath(expand_cmd(COUNTY_VENV_WIN, WINDOWS_ENV)) == PureWindowsPath(r"C:\Users\Amina (CHMT)\AppData\Local\xl-tracker\venv")

    assert the_line(lines, r"-m venv ") == 'py -3.13 -m venv "%VENV%" || goto failed'
    install = the_line(lines, r"pip install")
    assert install.startswith('"%VENV%\\Scripts\\python.exe" -m pip install ')
    assert "--no-index" in install and '--find-links "%WHEELS%"' in install
    assert PureWindowsPath(env["WHEELS"]) == PureWindowsPath("E:/xl-tracker bundle/wheels")
    new = the_line(lines, r" new ")
    assert new == '"%VENV%\\Scripts\\xl-tracker.exe" new "%TOOL%" || goto failed'
    assert the_line(lines, r" doctor ") == '"%VENV%\\Scripts\\xl-tracker.exe" doctor "%TOOL%"'

    # Build the tool as that line does (xl-tracker new, no options): the workbook names its Python with variables.
    book = tmp_path / "CHMT Tracker.xlsm"
    new_workbook(book)
    rows = {row[0].value: row[1].value for row in openpyxl.load_workbook(book)[CONFIG_SHEET].iter_rows(max_col=2)}
    interpreter = PureWindowsPath(expand_cmd(rows[INTERPRETER_WIN], WINDOWS_ENV))
    assert interpreter.parent == venv / "Scripts"
    assert interpreter.name in ("python.exe", "pythonw.exe")


def test_install_cmd_is_plain_batch_that_cmd_reads_safely(tmp_path):
    lines = cmd_lines(write_scripts(tmp_path, Target("3.13", "win_amd64")))
    assert lines[0] == "@echo off"
    assert sum(line.startswith("rem ") for line in lines) >= 10, "install.cmd explains itself in comments"
    labels = {line[1:] for line in lines if line.startswith(":")}
    for target in re.findall(r"goto (\w+)", "\n".join(lines)):
        assert target in labels, f"goto {target} has no label"
    # cmd.exe expands a parenthesised block at once: a ")" in a user name would end it early
    assert not [line for line in lines if line.rstrip().endswith("(") or line.lstrip().startswith(")")]
    # the check of the Python is the one the wheels need: 3.13, 64-bit
    check = the_line(lines, r"^py -3\.13 -c ")
    assert "(3, 13)" in check and "'win-amd64'" in check
    assert "Python 3.13 (64-bit)" in (tmp_path / "READ ME FIRST.txt").read_text(encoding="utf-8")


def test_read_me_has_the_first_run_checklist(tmp_path):
    write_scripts(tmp_path, Target("3.13", "win_amd64"))
    text = (tmp_path / "READ ME FIRST.txt").read_text(encoding="utf-8")
    for step in ("Unblock", "install.cmd", "Trusted Locations", "Validate", "doctor"):
        assert step in text


def test_install_sh_makes_the_per_user_venv_from_the_folder_only(tmp_path):
    script = write_scripts(tmp_path, Target("3.12", "macosx_11_0_arm64"))
    assert script.name == "install.sh" and os.access(script, os.X_OK)
    text = script.read_text()
    assert f'VENV="{COUNTY_VENV_MAC}"' in text and COUNTY_VENV_MAC == "$HOME/.xl-tracker/venv"
    assert re.search(r'pip install .*--no-index --find-links "\$WHEELS"', text)
    assert 'PYTHON="${PYTHON:-python3.12}"' in text
    assert subprocess.run(["sh", "-n", str(script)]).returncode == 0
    assert "macOS" in (tmp_path / "READ ME FIRST.txt").read_text()


@pytest.mark.parametrize(
    ("platform", "missing"),
    [("win_amd64", ["pywin32>=224"]), ("macosx_11_0_arm64", ["appscript>=1.0.1", "psutil>=2.0.0"]), ("manylinux_2_28_x86_64", [])],
)
def test_requirements_are_evaluated_for_the_target_not_this_machine(tmp_path, platform, missing):
    fake_wheel(tmp_path, "xl-tracker", __version__, ["xlwings==0.37.8", "pywin32>=224; sys_platform == 'win32'"])
    fake_wheel(
        tmp_path, "xlwings", "0.37.8",
        [
            'pywin32>=224; platform_system == "Windows"',
            'psutil>=2.0.0; platform_system == "Darwin"',
            'appscript>=1.0.1; platform_system == "Darwin"',
            'pytest; extra == "all"',
        ],
    )
    assert unmet_requirements(tmp_path, Target("3.13", platform)) == missing


def test_extras_asked_for_are_followed_and_versions_checked(tmp_path):
    fake_wheel(tmp_path, "xl-tracker", __version__, ["lib[fast]>=2"])
    fake_wheel(tmp_path, "lib", "1.0", ['speedup; extra == "fast"'])
    assert unmet_requirements(tmp_path, Target("3.13", "win_amd64")) == ["lib>=2"]
    (tmp_path / "lib-1.0-py3-none-any.whl").unlink()
    fake_wheel(tmp_path, "lib", "2.1", ['speedup; extra == "fast"'])
    assert unmet_requirements(tmp_path, Target("3.13", "win_amd64")) == ["speedup"]


def test_a_python_the_package_excludes_is_refused_before_any_download(tmp_path):
    wheel = fake_wheel(tmp_path, "xl-tracker", __version__, [], requires_python=">=3.11")
    with pytest.raises(BundleError, match=r"needs Python >=3\.11"):
        make_bundle(tmp_path / "out", platform="win_amd64", python="3.10", wheel=wheel, log=lambda _: None)
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == [wheel.name], "a failed bundle leaves nothing behind"


def test_cli_refuses_a_full_folder_and_an_unknown_platform_in_one_line(tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    assert main(["bundle", "-o", str(tmp_path / "full")]) == 2
    assert main(["bundle", "-o", str(tmp_path / "new"), "--platform", "solaris_sparc"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "not an empty folder" in err[0] and "unknown platform" in err[1]
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


@pytest.fixture(scope="module")
def local_bundle(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bundles") / "local"
    made = make_bundle(folder, log=lambda _: None)
    assert made.folder == folder and made.size > 0
    return folder


def shipped_names(folder: Path) -> set[str]:
    return {canonicalize_name(parse_wheel_filename(p.name)[0]) for p in (folder / WHEELS).glob("*.whl")}


def assert_no_test_or_bench_packages(folder: Path) -> None:
    extras = tomllib_extras()
    assert shipped_names(folder).isdisjoint(extras), f"test or benchmark packages in the bundle: {shipped_names(folder) & extras}"


def tomllib_extras() -> set[str]:
    optional = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    return {canonicalize_name(Requirement(r).name) for reqs in optional.values() for r in reqs}


@network
@pytest.mark.slow
def test_windows_bundle_is_complete_offline_for_its_target(local_bundle, tmp_path):
    own = next((local_bundle / WHEELS).glob("xl_tracker-*.whl"))
    made = make_bundle(tmp_path / "win", platform="win_amd64", python="3.13", wheel=own, log=lambda _: None)
    names = shipped_names(made.folder)
    assert "pywin32" in names, "pip skips pywin32 off Windows: the bundle must add it"
    assert {"xl-tracker", "xlwings", "pandas", "numpy"} <= names
    for wheel in made.wheels:
        tags = parse_wheel_filename(wheel.name)[3]
        assert any(t.platform in ("any", "win_amd64") and t.interpreter in ("py3", "py2", "cp313") for t in tags), wheel.name
    assert_no_test_or_bench_packages(made.folder)
    check_offline(made.folder / WHEELS, made.target)
    assert (made.folder / "install.cmd").is_file() and not (made.folder / "install.sh").exists()


@network
@pytest.mark.slow
def test_local_bundle_installs_with_no_index_and_runs_the_demo(local_bundle, tmp_path):
    assert_no_test_or_bench_packages(local_bundle)
    check_offline(local_bundle / WHEELS, Target(f"{sys.version_info.major}.{sys.version_info.minor}"))
    home = tmp_path / "home"
    home.mkdir()
    # Nothing of this machine's pip settings (its index, its find-links): the folder alone.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHON"))}
    env.update(HOME=str(home), PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PYTHON=sys.executable)
    result = subprocess.run(["sh", str(local_bundle / "install.sh")], env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "[ok] Python" in result.stdout and "Installed." in result.stdout
    venv = home / ".xl-tracker" / "venv"
    assert (home / "CHMT Tracker" / "CHMT Tracker.xlsm").is_file()

    demo = subprocess.run([str(venv / "bin" / "xl-tracker"), "demo", str(tmp_path / "demo")], env=env, capture_output=True, text=True, timeout=600)
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert len(list((tmp_path / "demo" / "reports").glob("*.docx"))) >= 2

    again = subprocess.run(["sh", str(local_bundle / "install.sh")], env=env, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0 and "Kept the tracking tool" in again.stdout
    shutil.rmtree(venv)
