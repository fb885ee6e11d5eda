"""The Python API behind each command: ``xl-tracker X`` is ``xl_tracker.X(...)``.

Each function takes paths and returns plain objects; the CLI modules only
parse arguments, call one of these and print. The operations whose code is a
module of its own are that module's function, not a wrapper here:
``xl_tracker.generate_reports`` is :func:`xl_tracker.reports.generate.generate_reports`,
``xl_tracker.make_forms`` :func:`xl_tracker.reports.forms.make_forms`
(likewise ``run_doctor``, ``make_bundle``).
"""

from __future__ import annotations

from pathlib import Path


def new_workbook(path: str | Path, interpreter_win: str | None = None, interpreter_mac: str | None = None) -> Path:
    """Build an empty tracking-tool workbook at ``path`` from the contract.

    ``.xlsx``: the plain workbook. ``.xlsm``: the same workbook with the
    "CHMT Tracker" ribbon tab and its VBA, whose buttons start the Python
    of the county install convention, or ``interpreter_win`` /
    ``interpreter_mac`` (:func:`xl_tracker.ribbon.build_macro_workbook`).
    """
    from xl_tracker.errors import WorkbookError
    from xl_tracker.safe_write import not_a_regular_file

    path = Path(path)
    odd = not_a_regular_file(path)
    if odd:
        raise WorkbookError(odd)
    suffix = path.suffix.lower()
    if suffix == ".xlsm":
        from xl_tracker.ribbon import build_macro_workbook

        return build_macro_workbook(path, interpreter_win=interpreter_win, interpreter_mac=interpreter_mac)
    if suffix != ".xlsx":
        raise WorkbookError(f"{path}: the tracking tool is built as .xlsx (or .xlsm with the Excel ribbon); give a path ending in .xlsx or .xlsm")
    from xl_tracker.template import build_workbook

    return build_workbook(path)


def refresh(path: str | Path, output: str | Path | None = None):
    """Validate and compute the workbook at ``path`` and rewrite its output sheets; returns a RefreshResult.

    Only the output sheets change; the previous version is kept in
    ``.xl-tracker-backups`` beside the file. With ``output`` the refreshed
    workbook is written there and ``path`` is only read.
    """
    from xl_tracker.workbook_refresh import refresh as _refresh

    return _refresh(path, output)


def upgrade(path: str | Path, output: str | Path | None = None):
    """Add the sheets, columns and settings of this version that the workbook at ``path`` lacks; returns an UpgradeResult.

    Nothing the user entered or added changes; the previous version is kept
    in ``.xl-tracker-backups`` beside the file. With ``output`` the upgraded
    workbook is written there and ``path`` is only read.
    """
    from xl_tracker.upgrade import upgrade as _upgrade

    return _upgrade(path, output)


def run_demo(out_dir: str | Path = "xl-tracker-demo", pdf: bool = False):
    """Build the demo CHMT workbook in ``out_dir``, refresh it and write its reports; returns a DemoRun."""
    from xl_tracker.demo import run_demo as _run

    return _run(Path(out_dir), pdf=pdf)


def validate(path: str | Path) -> list:
    """Every problem in the workbook at ``path``, as :class:`~xl_tracker.issues.Issue` objects in sheet, row, column order.

    The reading issues, every rule of :mod:`xl_tracker.checks`, and the two
    rules that need the scores (too-few-items, missing-baseline). The file
    is only read, never written. Raises
    :class:`~xl_tracker.errors.WorkbookError` when it cannot be read.
    """
    from xl_tracker.pipeline import run_on_data
    from xl_tracker.reader import read_workbook

    return run_on_data(read_workbook(path), with_overlaps=False).issues





def rollup(sources, output: str | Path, progress=None, report: str | Path | None = None, with_report: bool = True):
    """Roll county workbooks (files, or folders of them) up into the programme workbook ``output``; returns a RollupResult.

    Each county workbook is read and computed as a refresh would, and only
    read; ``progress(done, total)`` is called after each one. The programme
    report (Word) goes to ``report``, by default beside the workbook as
    NAME.docx (none with ``with_report=False``). See ``docs/rollup.md``.
    """
    from xl_tracker.rollup import rollup as _rollup

    return _rollup(sources, output, progress=progress, report=report, with_report=with_report)
