"""Every figure a user sees, dumped as text, to prove a refactoring changed none of them.

    python benchmarks/figures_snapshot.py OUT.txt [--source DIR] [--members 200]

For the demo workbook and a synthetic benchmark workbook it runs the
commands a county runs (``xl-tracker refresh`` and ``xl-tracker report``, in
a fresh process, with the code of ``--source``, default this checkout), then
reads the results back with libraries other than ours: every output sheet's
cells with openpyxl (value, number format, bold, fill, alignment, link), the
text of every Word report with python-docx (paragraphs and tables, in body
order) plus the cached values of its charts, and the commands' own output.
The run's timestamp, the version and temporary paths are masked. Compare two
snapshots with ``diff``: the code of main (``--source /work/main``) and of a
branch must give the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_SHEETS = ("Issues", "Member Results", "Team Results", "Initiative Results", "Overlaps", "Engagement", "Dashboard", "About")
CHART_NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run_code(source: Path, *args: str, cwd: Path) -> str:
    """``python -c ...`` or ``python -m xl_tracker ...`` with ``source`` first on the path; its stdout."""
    env = {**os.environ, "PYTHONPATH": str(source), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def build_inputs(source: Path, folder: Path, members: int) -> dict[str, Path]:
    demo = folder / "demo.xlsx"
    bench = folder / f"bench-{members}.xlsx"
    run_code(source, "-c", (
        "import sys; from pathlib import Path; "
        "from xl_tracker.demo import build_demo_workbook; build_demo_workbook(Path(sys.argv[1]))"
    ), str(demo), cwd=folder)
    run_code(source, "-c", (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); from benchmarks.generate import generate_workbook; "
        "generate_workbook(int(sys.argv[1]), sys.argv[2])"
    ), str(members), str(bench), cwd=folder)
    return {"demo": demo, f"bench-{members}": bench}


def cell_text(value: object) -> str:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return repr(value)


def colour(color) -> str:
    """An openpyxl colour as text, whichever way it is given (rgb, theme + tint, indexed)."""
    return f"{color.type}:{getattr(color, color.type)}" + (f"{color.tint:+}" if color.tint else "")


def sheet_lines(path: Path) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    lines = []
    for name in OUTPUT_SHEETS:
        if name not in book.sheetnames:
            lines.append(f"[sheet {name}] missing")
            continue
        ws = book[name]
        lines.append(f"[sheet {name}] dims={ws.dimensions} freeze={ws.freeze_panes} tables={sorted(ws.tables.keys())}")
        for t in ws.tables.values():
            lines.append(f"  table {t.name} ref={t.ref}")
        widths = {k: round(v.width, 2) for k, v in ws.column_dimensions.items() if v.width}
        lines.append(f"  widths={sorted(widths.items())}")
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                value = cell.value
                if name == "About" and isinstance(value, dt.datetime):
                    value = "<made at>"
                if name == "About" and isinstance(value, str) and value.startswith("xl-tracker "):
                    value = "<version>"
                look = []
                if cell.font is not None and cell.font.b:
                    look.append("bold")
                if cell.font is not None and cell.font.i:
                    look.append("italic")
                if cell.font is not None and cell.font.sz:
                    look.append(f"sz={cell.font.sz}")
                if cell.font is not None and cell.font.color is not None:
                    look.append(f"color={colour(cell.font.color)}")
                if cell.fill is not None and cell.fill.fill_type:
                    look.append(f"fill={cell.fill.fill_type}:{colour(cell.fill.fgColor)}")
                if cell.alignment is not None and (cell.alignment.horizontal or cell.alignment.wrap_text):
                    look.append(f"align={cell.alignment.horizontal},wrap={cell.alignment.wrap_text}")
                if cell.hyperlink is not None:
                    look.append(f"link={cell.hyperlink.location or cell.hyperlink.target}")
                lines.append(f"  {cell.coordinate} {cell_text(value)} fmt={cell.number_format!r} {' '.join(look)}")
        charts = getattr(ws, "_charts", [])
        lines.append(f"  charts={len(charts)}")
    return lines


def docx_lines(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    lines = [f"[report {path.name}]"]
    body = document.element.body
    tables = {t._element: t for t in document.tables}
    paragraphs = {p._element: p for p in document.paragraphs}
    for child in body.iterchildren():
        if child.tag == W_NS + "p":
            p = paragraphs[child]
            if p.text.strip():
                lines.append(f"  p[{p.style.name}] {p.text}")
        elif child.tag == W_NS + "tbl":
            lines.append("  table")
            for row in tables[child].rows:
                lines.append("    | " + " | ".join(c.text for c in row.cells))
    for section in document.sections:
        for part in (section.header, section.footer):
            text = " / ".join(p.text for p in part.paragraphs if p.text.strip())
            if text:
                lines.append(f"  header/footer {text}")
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if n.startswith("word/charts/") and n.endswith(".xml")):
            root = etree.fromstring(z.read(name))
            values = [v.text for v in root.iterfind(".//c:v", CHART_NS)]
            titles = ["".join(t.itertext()) for t in root.iterfind(".//c:title", CHART_NS)]
            lines.append(f"  chart {name} titles={titles} values={values}")
    return lines


def snapshot(source: Path, members: int) -> list[str]:
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, workbook in build_inputs(source, folder, members).items():
            lines.append(f"===== {label}")
            out = run_code(source, "-m", "xl_tracker", "refresh", str(workbook), cwd=folder)
            lines += ["[refresh stdout] " + line for line in out.replace(tmp, "<tmp>").splitlines()]
            lines += sheet_lines(workbook)
            reports = folder / f"reports-{label}"
            out = run_code(source, "-m", "xl_tracker", "report", str(workbook), "-o", str(reports), cwd=folder)
            lines += ["[report stdout] " + line for line in out.replace(tmp, "<tmp>").splitlines()]
            for path in sorted(reports.glob("*.docx")):
                lines += docx_lines(path)
    lines = [re.sub(r"xl-tracker \d+\.\d+\S*", "xl-tracker <version>", line) for line in lines]
    return [re.sub(r"\.\d{8}-\d{6}-\d+\.xls", ".<when>.xls", line) for line in lines]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose code runs (default: this one)")
    parser.add_argument("--members", type=int, default=200)
    args = parser.parse_args(argv)
    lines = snapshot(args.source.resolve(), args.members)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(lines)} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
