"""Peak memory of the commands on a workbook whose Progress sheet fills Excel to the last rows, same run.

    python benchmarks/bench_memory.py [--rows 1048000]

The workbook is the 20-member synthetic one with its Progress sheet grown to
``--rows`` measurements (the real rows repeated with earlier dates and
varied values). Each command runs in a child process; the operating system
reports its peak resident memory (``wait4``). The baseline is a child that
only imports the package and pandas, in the same run. Goal: refresh <= 1.5 GB.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import cached_workbook  # noqa: E402
from xl_tracker.ooxml.package import PackageReader  # noqa: E402

GOAL_MB = 1536


def big_progress_workbook(rows: int, path: Path) -> Path:
    """The 20-member workbook with ``rows`` Progress rows, written part by part (the sheet streamed)."""
    source = cached_workbook(20)
    with PackageReader(source) as package:
        part = package.worksheet_parts()["Progress"]
    with zipfile.ZipFile(source) as zin:
        xml = zin.read(part).decode()
        head, rest = xml.split("<sheetData>", 1)
        body, tail = rest.split("</sheetData>", 1)
        originals = re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', body)
        header = next(cells for r, cells in originals if r == "1")
        data = [cells for r, cells in originals if r != "1"]
        head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:D{rows + 1}"/>', head)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
            for info in zin.infolist():
                if info.filename != part:
                    zout.writestr(info, zin.read(info.filename))
                    continue
                with zout.open(zipfile.ZipInfo(part, info.date_time), "w", force_zip64=True) as out:
                    out.write((head + "<sheetData>" + f'<row r="1">{header}</row>').encode())
                    batch = []
                    for n in range(rows):
                        r = n + 2
                        cycle, k = divmod(n, len(data))
                        cells = re.sub(r'r="([A-D])\d+"', lambda m: f'r="{m.group(1)}{r}"', data[k])
                        cells = re.sub(r'(r="B\d+" s="\d+"><v>)(\d+)', lambda m: f"{m.group(1)}{int(m.group(2)) - cycle % 400}", cells)
                        cells = re.sub(r'(r="C\d+"><v>)([\d.]+)', lambda m: f"{m.group(1)}{float(m.group(2)) + cycle % 7}", cells)
                        if n % 4 == 0:
                            cells += f'<c r="D{r}" t="inlineStr"><is><t>checked against the register, visit {cycle}</t></is></c>'
                        batch.append(f'<row r="{r}">{cells}</row>')
                        if len(batch) == 10000:
                            out.write("".join(batch).encode())
                            batch = []
                    out.write(("".join(batch) + "</sheetData>" + tail).encode())
    return path


LAUNCHER = """
import os, subprocess, sys
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    child = subprocess.Popen(sys.argv[3:], stdout=out, stderr=err)
    _pid, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def measured(args: list[str], cwd: Path) -> tuple[int, float, float, str]:
    """(exit status, seconds, peak resident MB, last line of stderr) of a child ``python ARGS``.

    A small launcher process starts the child, so the child's peak does not
    count the pages of this process that a fork would share with it.
    """
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(cwd / "out.txt"), str(cwd / "err.txt"), sys.executable, *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    )
    seconds = time.perf_counter() - start
    status, peak_kb = map(int, done.stdout.split())
    lines = (cwd / "err.txt").read_text().strip().splitlines()
    return status, seconds, peak_kb / 1024, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_048_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xl-tracker-bench-") as folder:
        work = Path(folder)
        start = time.perf_counter()
        book = big_progress_workbook(args.rows, work / "progress.xlsx")
        print(f"workbook: {args.rows:,} Progress rows, {book.stat().st_size / 1e6:.1f} MB, made in {time.perf_counter() - start:.0f} s")
        status, seconds, base, _ = measured(["-c", "import pandas, xl_tracker.pipeline, xl_tracker.reader"], work)
        print(f"baseline (imports only)   : {base:7.0f} MB peak")
        results = {}
        for command in ("validate", "refresh"):
            copy = work / f"{command}.xlsx"
            shutil.copyfile(book, copy)
            status, seconds, peak, last = measured(["-m", "xl_tracker", command, str(copy)], work)
            results[command] = peak
            print(f"{command:<9} exit {status}      : {peak:7.0f} MB peak ({peak / base:.1f}x baseline), {seconds:.0f} s  {last[:100]}")
        ok = results["refresh"] <= GOAL_MB
        print(f"refresh peak {results['refresh']:.0f} MB: {'within' if ok else 'OVER'} the {GOAL_MB} MB goal")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
