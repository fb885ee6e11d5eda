"""The macro-enabled tracking tool as built on Linux: package parts, VBA project, code names, LibreOffice, refresh.

Every check reads the built file with something other than the builder:
lxml on the zip parts, olevba and pyOpenVBA on the VBA project, openpyxl
for the sheets, LibreOffice for the whole file. What cannot be checked here
(Excel itself running the buttons) is listed in docs/excel-ribbon.md.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import run_soffice
from xl_tracker.ribbon import build_macro_workbook
from xl_tracker.ribbon.sources import macros_dir, ribbon_callbacks, runpython_commands, vba_sources

NS_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_UI = "{http://schemas.microsoft.com/office/2009/07/customui}"
MACRO_ENABLED = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
OUR_MODULES = ["xlwings", "Dictionary", "Tracker"]


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory) -> Path:
    return build_macro_workbook(tmp_path_factory.mktemp("xlsm") / "Tracker.xlsm")


def _xml(path: Path, part: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _ribbon() -> etree._Element:
    return etree.parse(str(macros_dir() / "customUI14.xml")).getroot()


def _sheet_code_names(path: Path) -> list[tuple[str, str]]:
    """(sheet name, codeName) in workbook order, read from workbook.xml, its rels and each sheet part."""
    book = _xml(path, "xl/workbook.xml")
    rels = {r.get("Id"): r.get("Target") for r in _xml(path, "xl/_rels/workbook.xml.rels").iter(f"{NS_REL}Relationship")}
    out = []
    for sheet in book.iter(f"{NS_MAIN}sheet"):
        part = _xml(path, "xl/" + rels[sheet.get(f"{NS_R}id")])
        pr = part.find(f"{NS_MAIN}sheetPr")
        out.append((sheet.get("name"), pr.get("codeName") if pr is not None else None))
    return out


def test_workbook_part_has_the_macro_enabled_content_type(xlsm):
    types = _xml(xlsm, "[Content_Types].xml")
    main = [o for o in types.iter(f"{NS_CT}Override") if o.get("PartName") == "/xl/workbook.xml"]
    assert [o.get("ContentType") for o in main] == [MACRO_ENABLED]
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{NS_CT}Default")}
    assert defaults["bin"] == "application/vnd.ms-office.vbaProject"


def test_ribbon_part_relationship_and_content_type(xlsm):
    rels = [r for r in _xml(xlsm, "_rels/.rels").iter(f"{NS_REL}Relationship") if r.get("Type") == UI_REL]
    assert [r.get("Target") for r in rels] == ["customUI/customUI14.xml"]
    with zipfile.ZipFile(xlsm) as z:
        assert z.read("customUI/customUI14.xml") == (macros_dir() / "customUI14.xml").read_bytes()
    types = _xml(xlsm, "[Content_Types].xml")
    override = [o.get("ContentType") for o in types.iter(f"{NS_CT}Override") if o.get("PartName") == "/customUI/customUI14.xml"]
    default = [d.get("ContentType") for d in types.iter(f"{NS_CT}Default") if d.get("Extension") == "xml"]
    assert (override or default) == ["application/xml"]


def test_ribbon_has_the_buttons_with_icons_and_screentips():
    root = _ribbon()
    assert root.tag == f"{NS_UI}customUI"
    (tab,) = root.iter(f"{NS_UI}tab")
    assert tab.get("label") == "CHMT Tracker"
    buttons = {b.get("label"): b for b in root.iter(f"{NS_UI}button")}
    assert {"Validate", "Refresh results", "Generate reports", "Open reports folder", "Help"} <= set(buttons)
    for label, button in buttons.items():
        assert button.get("imageMso") and button.get("screentip") and button.get("supertip"), label
        assert len(button.get("supertip")) <= 1024 and len(button.get("screentip")) <= 1024
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "control ids are unique"


def test_every_on_action_has_its_sub(xlsm):
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlsm))
    code = "\n".join(c for _, _, _, c in parser.extract_macros())
    parser.close()
    callbacks = set(ribbon_callbacks(code))
    actions = {b.get("onAction") for b in _ribbon().iter(f"{NS_UI}button")}
    assert actions and actions <= callbacks, actions - callbacks


def test_every_runpython_names_a_function_that_exists():
    commands = [c for m in vba_sources() for c in runpython_commands(m.text)]
    tracker = next(m for m in vba_sources() if m.name == "Tracker")
    buttons = len(list(_ribbon().iter(f"{NS_UI}button")))
    assert len(runpython_commands(tracker.text)) == len(ribbon_callbacks(tracker.text)) == buttons >= 5
    for command in commands:
        m = re.fullmatch(r"import ([\w.]+); ?\1\.(\w+)\(\)", command)
        assert m, f"RunPython {command!r} is not 'import MODULE; MODULE.function()'"
        module = importlib.import_module(m.group(1))
        assert callable(getattr(module, m.group(2), None)), command


def _normalised(text: str) -> list[str]:
    """VBA source compared modulo what VBA itself owns: CRLF vs LF, the ``Attribute VB_*`` lines,
    a class file's ``VERSION 1.0 CLASS`` / ``BEGIN`` … ``END`` export preamble, and trailing blank lines."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[0].startswith("VERSION ") and "BEGIN" in lines[:3]:
        lines = lines[lines.index("END") + 1 :]
    lines = [line for line in lines if not line.startswith("Attribute VB_")]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def test_olevba_extracts_exactly_the_macros_folder(xlsm):
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlsm))
    extracted = {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    parser.close()
    sheets = [code for _, code in _sheet_code_names(xlsm)]
    assert list(extracted) == ["ThisWorkbook", *sheets, *OUR_MODULES]
    for module in vba_sources():
        assert _normalised(extracted[module.name]) == _normalised(module.path.read_text(encoding="ascii")), module.name
    for document in ["ThisWorkbook", *sheets]:
        assert _normalised(extracted[document]) == [], f"{document} holds no code"


def test_xlwings_vba_is_the_installed_xlwings():
    import xlwings

    installed = Path(xlwings.__file__).parent
    assert (macros_dir() / "xlwings.bas").read_bytes() == (installed / "xlwings.bas").read_bytes(), (
        "macros/xlwings.bas differs from the installed xlwings: copy it again after changing the xlwings pin"
    )
    assert (macros_dir() / "Dictionary.cls").read_bytes() == (installed / "addin" / "Dictionary.cls").read_bytes()
    text = (macros_dir() / "xlwings.bas").read_text(encoding="ascii")
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in text
    assert "xlwings is distributed under a BSD 3-clause license" in text


def test_pyopenvba_reads_the_project_back(xlsm):
    from pyopenvba import ExcelFile

    with ExcelFile(xlsm) as book:
        names = book.module_names()
        assert names[-3:] == OUR_MODULES and names[0] == "ThisWorkbook"
        assert not book.validate()
        assert "Sub TrackerRefresh(control As IRibbonControl)" in book.get_module("Tracker")
        assert "Office" in {r.name for r in book.references()}, "the Office library declares IRibbonControl"


def test_code_names_match_between_workbook_and_vba_project(xlsm):
    from pyopenvba import ExcelFile

    book = _xml(xlsm, "xl/workbook.xml")
    assert book.find(f"{NS_MAIN}workbookPr").get("codeName") == "ThisWorkbook"
    names = _sheet_code_names(xlsm)
    assert [code for _, code in names] == [f"Sheet{n}" for n in range(1, len(names) + 1)]
    with ExcelFile(xlsm) as vba:
        documents = [m for m in vba.module_names() if m not in OUR_MODULES]
    assert documents == ["ThisWorkbook", *[code for _, code in names]]


def test_config_sheet_is_hidden_and_names_the_county_python_whatever_builds_it(xlsm, tmp_path):
    """Built here on Linux: the county install convention, never blank, never this machine's Python."""
    import openpyxl

    from xl_tracker.ribbon import COUNTY_PYTHON_MAC, COUNTY_PYTHON_WIN

    assert COUNTY_PYTHON_WIN == r"%LOCALAPPDATA%\xl-tracker\venv\Scripts\python.exe"
    assert COUNTY_PYTHON_MAC == "$HOME/.xl-tracker/venv/bin/python"
    wb = openpyxl.load_workbook(xlsm)
    conf = wb["xlwings.conf"]
    assert wb.sheetnames[-1] == "xlwings.conf" and conf.sheet_state == "hidden"
    rows = [(r[0].value, r[1].value) for r in conf.iter_rows(max_col=2)]
    assert rows == [
        ("Interpreter_Win", COUNTY_PYTHON_WIN),
        ("Interpreter_Mac", COUNTY_PYTHON_MAC),
        ("ADD_WORKBOOK_TO_PYTHONPATH", "false"),
    ]
    assert sys.executable not in str(rows)
    other = build_macro_workbook(tmp_path / "Win.xlsm", interpreter_win=r"D:\Python\xl\python.exe")
    conf = openpyxl.load_workbook(other)["xlwings.conf"]
    assert (conf["B1"].value, conf["B2"].value) == (r"D:\Python\xl\python.exe", COUNTY_PYTHON_MAC)
    with pytest.raises(ValueError, match="cannot be blank"):
        build_macro_workbook(tmp_path / "Blank.xlsm", interpreter_mac=" ")


def test_the_vba_expands_the_interpreter_as_the_convention_assumes():
    """xlwings.bas expands every sheet value (WScript's ExpandEnvironmentStrings; a leading $HOME via GetMacDir on a Mac)
    and runs python.exe through cmd.exe in a hidden window, waiting for its exit code."""
    text = (macros_dir() / "xlwings.bas").read_text(encoding="ascii")
    sheet_lookup = text[text.index("Function GetConfig("):text.index("' Directory Config")]
    assert "GetConfig = ExpandEnvironmentStrings(GetConfig)" in sheet_lookup
    expand = text[text.index("Function ExpandEnvironmentStrings"):text.index("Function ReadFile")]
    assert "WScript.ExpandEnvironmentStrings(s)" in expand and 'GetMacDir(EnvString, True)' in expand
    assert 'Case "$HOME"' in text
    assert 'WScript.Run("cmd.exe /C "' in text and "WindowStyle, WaitOnReturn)" in text


def test_new_command_takes_other_interpreters_and_refuses_blank(tmp_path, capsys):
    import openpyxl

    from xl_tracker.cli import main

    assert main(["new", str(tmp_path / "A.xlsm"), "--interpreter-win", r"%USERPROFILE%\py\python.exe",
                 "--interpreter-mac", "$HOME/py/bin/python"]) == 0
    conf = openpyxl.load_workbook(tmp_path / "A.xlsm")["xlwings.conf"]
    assert (conf["B1"].value, conf["B2"].value) == (r"%USERPROFILE%\py\python.exe", "$HOME/py/bin/python")
    assert main(["new", str(tmp_path / "B.xlsm"), "--interpreter-win", ""]) == 2
    assert not (tmp_path / "B.xlsm").exists()


def test_the_reader_reads_the_xlsm_like_the_xlsx(xlsm):
    from xl_tracker.reader import read_workbook

    data = read_workbook(xlsm)
    assert data.issues == [] and data.sheet_names[-1] == "xlwings.conf"


def test_new_command_builds_the_xlsm(tmp_path, capsys):
    from xl_tracker.cli import main

    assert main(["new", str(tmp_path / "County.xlsm")]) == 0
    assert "County.xlsm" in capsys.readouterr().out
    types = _xml(tmp_path / "County.xlsm", "[Content_Types].xml")
    assert MACRO_ENABLED in {o.get("ContentType") for o in types.iter(f"{NS_CT}Override")}
    assert main(["new", str(tmp_path / "County.xls")]) == 2


@pytest.mark.libreoffice
def test_libreoffice_loads_the_vba_modules(xlsm, soffice, tmp_path):
    """LibreOffice imports an .xlsm's VBA into a Basic library; saving as .ods writes what it loaded,
    module by module, with document modules bound to their sheets by code name."""
    result = run_soffice(soffice, ["--convert-to", "ods", "--outdir", str(tmp_path), str(xlsm)], tmp_path)
    ods = tmp_path / "Tracker.ods"
    assert ods.exists(), result.stderr
    with zipfile.ZipFile(ods) as z:
        library = etree.fromstring(z.read("Basic/VBAProject/script-lb.xml"))
        tracker = etree.fromstring(z.read("Basic/VBAProject/Tracker.xml"))
        settings = z.read("settings.xml").decode("utf-8")
    ns = "{http://openoffice.org/2000/library}"
    loaded = {e.get(f"{ns}name") for e in library.iter(f"{ns}element")}
    names = _sheet_code_names(xlsm)
    assert loaded == {"ThisWorkbook", *[code for _, code in names], *OUR_MODULES}
    assert tracker.get("{http://openoffice.org/2000/script}moduleType") == "normal"
    for sub in ribbon_callbacks((macros_dir() / "Tracker.bas").read_text(encoding="ascii")):
        assert f"Sub {sub}(control As IRibbonControl)" in tracker.text
    for sheet, code in names:
        entry = re.search(
            r'<config:config-item-map-entry config:name="' + re.escape(sheet.replace("&", "&amp;")) + r'">\s*'
            r'<config:config-item config:name="CodeName" config:type="string">([^<]*)<', settings)
        assert entry and entry.group(1) == code, sheet


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory) -> tuple[Path, list[tuple[str, str]], dict[str, bytes]]:
    """A built .xlsm with data, refreshed by `xl-tracker refresh`: (path, code names before, kept parts before)."""
    from xl_tracker.cli import COMMANDS, main

    if "refresh" not in COMMANDS:
        pytest.fail("the refresh command (issue 4) is missing: this test must run")
    tmp_path = tmp_path_factory.mktemp("refresh")
    members = [{"Member ID": "M01", "Full name": "Achieng Otieno", "Department": "Health"}]
    items = {f"TOOLS{n}": 3 for n in range(1, 6)}
    assessments = [
        {"Member ID": "M01", "Round": "Baseline", "Date": dt.date(2026, 2, 1), **items},
        {"Member ID": "M01", "Round": "Endline", "Date": dt.date(2026, 9, 1), **{k: 4 for k in items}},
    ]
    path = build_macro_workbook(tmp_path / "Refresh.xlsm", {"Members": members, "Assessments": assessments})
    with zipfile.ZipFile(path) as z:
        before = {part: z.read(part) for part in ("xl/vbaProject.bin", "customUI/customUI14.xml")}
    code_names = _sheet_code_names(path)
    assert main(["refresh", str(path)]) in (0, 1)
    return path, code_names, before


def test_refresh_from_the_command_line_keeps_ribbon_and_vba_byte_identical(refreshed):
    path, _, before = refreshed
    with zipfile.ZipFile(path) as z:
        assert {part: z.read(part) for part in before} == before
    assert [o.get("ContentType") for o in _xml(path, "[Content_Types].xml").iter(f"{NS_CT}Override")
            if o.get("PartName") == "/xl/workbook.xml"] == [MACRO_ENABLED]
    assert [r.get("Target") for r in _xml(path, "_rels/.rels").iter(f"{NS_REL}Relationship") if r.get("Type") == UI_REL] == [
        "customUI/customUI14.xml"
    ]
    assert _xml(path, "xl/workbook.xml").find(f"{NS_MAIN}workbookPr").get("codeName") == "ThisWorkbook"
    import openpyxl

    results = openpyxl.load_workbook(path, data_only=True)["Member Results"]
    assert results["A2"].value == "M01"


def test_refresh_keeps_every_sheet_bound_to_its_vba_document_module(refreshed):
    path, code_names, _ = refreshed
    assert _sheet_code_names(path) == code_names


def test_every_button_goes_through_the_one_error_handler():
    """Each callback is one RunTracker line; RunTracker alone calls RunPython, under its On Error, and explains a failure."""
    text = (macros_dir() / "Tracker.bas").read_text(encoding="ascii").replace("\r\n", "\n")
    callbacks = ribbon_callbacks(text)
    assert callbacks
    for sub in callbacks:
        body = re.search(rf"Sub {sub}\(control As IRibbonControl\)\n(.*?)\nEnd Sub", text, re.S).group(1)
        assert re.fullmatch(r'    RunTracker "[^"\n]+"', body), (sub, body)
    handler = re.search(r"Private Sub RunTracker\((\w+) As String\)\n(.*?)\nEnd Sub", text, re.S)
    assert handler, "the one handler"
    lines = [line.strip() for line in handler.group(2).split("\n") if line.strip() and not line.strip().startswith("'")]
    assert lines == ["On Error GoTo Failed", f"RunPython {handler.group(1)}", "Exit Sub", "Failed:", "ExplainFailure Err.Number, Err.Description"]
    assert len(re.findall(r"^\s*RunPython\b", text, re.M)) == 1 and len(re.findall(r"On Error GoTo", text)) == 1
