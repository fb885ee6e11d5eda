"""Writing output sheets into every workbook Excel made (the corpus in tests/corpus) loses nothing.

For each of the ~990 files: every part that is not an output sheet's own is
byte-identical (same stored bytes, same compression), the shared parts keep
every element and attribute they held, every part the writer made or changed
is valid against the ISO/IEC 29500 schemas and the package rules
(tests/ooxml_check.py), the result opens in openpyxl and python-calamine, and
a second write changes only the output sheets' parts. A sample of at least 50
is opened and re-saved by LibreOffice headless.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

import ooxml_check
from conftest import run_soffice
from xl_tracker.ooxml.package import PackageReader
from xl_tracker.ooxml.writer import write_output_sheets
from xl_tracker.outputs.model import CellRange, Chart, ChartSeries, Emphasis, Link, NumberKind, SheetContent

SHARED_PARTS = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "docProps/app.xml")
"""The only parts of a workbook without output sheets that a write may change."""
COUNTERS = {"count", "size"}
LIBREOFFICE_SAMPLE = 55


def output_sheets(version: int) -> list[SheetContent]:
    """Sheets with everything the writer knows: table, links, formats, injection text, charts, large type."""
    issue_rows = [
        ("Error", "Sheet1", f"A{n}", "required", f"=cmd|'/C calc'!A{n} message {version}", n * 1.5) for n in range(1, 6 + version)
    ]
    issues = SheetContent(
        "Issues", ("Severity", "Sheet", "Cell", "Rule", "Message", "Value"), issue_rows,
        kinds=(NumberKind.GENERAL,) * 6, widths=(10, 10, 8, 12, 50, 10), table="tblIssues", freeze_header=True,
        links=tuple(Link(r, 2, f"'Sheet1'!A{r}") for r in range(1, len(issue_rows) + 1)),
        emphasis={(r, 2): Emphasis.LINK for r in range(1, len(issue_rows) + 1)}, tab_colour="#7F7F7F",
    )
    team = SheetContent(
        "Team Results", ("Indicator code", "Baseline mean", "Latest mean", "% change", "Latest date"),
        [("TOOLS", 2.0, 2.5 + version, 0.25, dt.date(2026, 3, 1)), ("DRIVE", 3.0, 3.3, 0.1, None), ("ALL", None, None, 0.175, None)],
        kinds=(NumberKind.GENERAL, NumberKind.DECIMAL, NumberKind.DECIMAL, NumberKind.PERCENT, NumberKind.DATE),
        table="tblTeamResults", freeze_header=True, tab_colour="#7F7F7F",
    )
    cats = CellRange("Dashboard", 3, 0, 4, 0)
    dashboard = SheetContent(
        "Dashboard",
        rows=[("Dashboard",), (0.175 + version,), ("Change of means; n = 2; scale 1–5; rater Self",), ("TOOLS", 2.0, 2.5), ("DRIVE", 3.0, 3.3)],
        emphasis={(0, 0): Emphasis.TITLE, (1, 0): Emphasis.HEADLINE, (2, 0): Emphasis.NOTE},
        cell_kinds={(1, 0): NumberKind.PERCENT}, row_heights={1: 36.0},
        charts=(Chart("column", "Baseline and latest", (ChartSeries("Baseline", cats, CellRange("Dashboard", 3, 1, 4, 1)),
                                                       ChartSeries("Latest", cats, CellRange("Dashboard", 3, 2, 4, 2))), 6, 0),),
        tab_colour="#7F7F7F",
    )
    about = SheetContent("About", rows=[("About these results",), ("Made", dt.datetime(2026, 11, 26, 9, version))],
                         cell_kinds={(1, 1): NumberKind.DATETIME})
    return [issues, team, dashboard, about]


OUTPUT_NAMES = [s.name for s in output_sheets(0)]


def items(xml: bytes) -> set[tuple]:
    """Every element of a part as (tag, attributes, leaf text), counters left out: what must still be there."""
    out = set()
    for el in etree.fromstring(xml).iter():
        if not isinstance(el.tag, str):
            continue
        attrs = tuple(sorted((k, v) for k, v in el.attrib.items() if k not in COUNTERS))
        counter = el.tag.endswith("}i4")
        text = (el.text or "").strip() if len(el) == 0 and not counter else ""
        out.add((el.tag, attrs, text))
    return out


def owned_by_output_sheets(path: Path) -> set[str]:
    """Parts reachable from the output sheets' worksheet parts (read here with the reader's package helper and lxml)."""
    with PackageReader(path) as package:
        todo = [p for n, p in package.worksheet_parts().items() if n in OUTPUT_NAMES]
        owned = set(todo)
        while todo:
            part = todo.pop()
            directory, name = posixpath.split(part)
            rels = posixpath.join(directory, "_rels", name + ".rels")
            if not package.has(rels):
                continue
            owned.add(rels)
            for rel in etree.fromstring(package.read(rels)):
                if rel.get("TargetMode") == "External":
                    continue
                target = posixpath.normpath(posixpath.join(directory, rel.get("Target")))
                if target not in owned:
                    owned.add(target)
                    todo.append(target)
    return owned


@pytest.fixture(scope="module")
def written(corpus_files, tmp_path_factory) -> list[tuple[Path, Path, Path]]:
    """(original, written once, written again with other values) for every corpus file."""
    folder = tmp_path_factory.mktemp("corpus")
    out = []
    first, second = output_sheets(0), output_sheets(1)
    for n, source in enumerate(corpus_files):
        once = folder / f"{n:04d}-once{source.suffix}"
        twice = folder / f"{n:04d}-twice{source.suffix}"
        write_output_sheets(source, once, first)
        write_output_sheets(once, twice, second)
        out.append((source, once, twice))
    return out


def test_the_corpus_is_all_there(corpus_files):
    assert len(corpus_files) >= 990


def test_every_other_part_keeps_its_stored_bytes(written):
    failures = []
    for source, once, _ in written:
        with zipfile.ZipFile(source) as a, zipfile.ZipFile(once) as b:
            after = {i.filename: i for i in b.infolist()}
            for info in a.infolist():
                if info.filename in SHARED_PARTS:
                    continue
                new = after.get(info.filename)
                if new is None:
                    failures.append(f"{source.name}: {info.filename} is gone")
                elif (new.CRC, new.file_size, new.compress_size, new.compress_type) != (info.CRC, info.file_size, info.compress_size, info.compress_type):
                    failures.append(f"{source.name}: {info.filename} changed")
                elif b.read(info.filename) != a.read(info.filename):
                    failures.append(f"{source.name}: {info.filename} reads differently")
    assert failures == []


def test_shared_parts_keep_everything_they_held(written):
    failures = []
    for source, once, _ in written:
        with zipfile.ZipFile(source) as a, zipfile.ZipFile(once) as b:
            for part in SHARED_PARTS:
                if part not in a.namelist():
                    continue
                lost = items(a.read(part)) - items(b.read(part))
                if lost:
                    failures.append(f"{source.name}: {part} lost {sorted(lost)[:2]}")
    assert failures == []


def test_every_part_written_or_changed_is_valid_and_the_package_rules_hold(written):
    """Parts Excel made are what they are; the parts the writer made or changed (output sheets, tables, charts,
    workbook.xml, styles.xml, [Content_Types].xml, relationships, app.xml) must be valid, after each write."""
    failures = []
    checked = 0
    for source, once, twice in written:
        before = ooxml_check.Package.read(source).parts
        for path in (once, twice):
            package = ooxml_check.Package.read(path)
            changed = [p for p, data in package.parts.items() if before.get(p) != data]
            report = ooxml_check.validate_parts(package, changed)
            problems = report.problems + ooxml_check.package_problems(package, changed)
            checked += len(report.validated)
            failures += [f"{source.name} ({path.stem.split('-')[1]}): {p}" for p in problems]
    assert failures == []
    assert checked >= 8 * 2 * len(written), "each write makes at least the four sheets, their rels, workbook, styles, content types"


def test_the_result_opens_in_openpyxl_and_calamine(written):
    failures = []
    for source, once, _ in written:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(once)
            issues = book["Issues"]
            assert issues["A1"].value == "Severity" and list(issues.tables) == ["tblIssues"]
            assert issues["E2"].data_type == "s" and issues["E2"].value.startswith("=cmd|")
            assert book.sheetnames[-4:] == OUTPUT_NAMES
            calamine = CalamineWorkbook.from_path(str(once))
            assert calamine.get_sheet_by_name("Team Results").to_python()[0][0] == "Indicator code"
            assert calamine.sheet_names[: -4] == CalamineWorkbook.from_path(str(source)).sheet_names
        except Exception as exc:  # collect every file that fails, not just the first
            failures.append(f"{source.name}: {type(exc).__name__}: {exc}")
    assert failures == []


def test_a_second_write_changes_only_the_output_sheets(written):
    failures = []
    for source, once, twice in written:
        owned = owned_by_output_sheets(once) | owned_by_output_sheets(twice)
        with zipfile.ZipFile(once) as a, zipfile.ZipFile(twice) as b:
            if set(a.namelist()) != set(b.namelist()):
                failures.append(f"{source.name}: parts differ {set(a.namelist()) ^ set(b.namelist())}")
                continue
            changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
            if not changed or changed - owned:
                failures.append(f"{source.name}: changed {sorted(changed - owned) or 'nothing'}")
    assert failures == []


@pytest.mark.libreoffice
def test_libreoffice_opens_a_sample(written, soffice, tmp_path):
    step = max(1, len(written) // LIBREOFFICE_SAMPLE)
    sample = [once for _, once, _ in written[::step]][:LIBREOFFICE_SAMPLE]
    assert len(sample) >= 50
    inbox = tmp_path / "in"
    inbox.mkdir()
    for path in sample:
        shutil.copyfile(path, inbox / f"{path.stem}.xlsx")
    done = run_soffice(soffice, ["--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), *sorted(map(str, inbox.iterdir()))], tmp_path, timeout=600)
    failures = []
    for path in sorted(inbox.iterdir()):
        converted = tmp_path / "out" / path.name
        if not converted.exists():
            failures.append(f"{path.name}: LibreOffice did not convert it")
            continue
        book = CalamineWorkbook.from_path(str(converted))
        grid = book.get_sheet_by_name("Issues").to_python()
        if grid[0][:2] != ["Severity", "Sheet"] or not str(grid[1][4]).startswith("=cmd|"):
            failures.append(f"{path.name}: Issues reads {grid[:2]}")
    assert failures == [], done.stderr[-2000:]
