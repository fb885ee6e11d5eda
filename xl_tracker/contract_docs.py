"""``docs/workbook.md``, written from the contract in code so the docs cannot disagree with it.

    python -m xl_tracker.contract_docs        # rewrite docs/workbook.md
"""

from __future__ import annotations

import sys
from pathlib import Path

from xl_tracker import contract

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "workbook.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _amount(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def _power(x: float) -> str:
    """``1e15`` as people type it (not Python's ``1e+15``)."""
    return f"{x:.0e}".replace("e+", "e")


def _kind(kind: contract.Kind, minimum: float | None, maximum: float | None) -> str:
    """A kind with its range: ``number, 0 to 1,000``; ``number, 0 or more`` (up to NUMBER_LIMIT)."""
    if kind not in (contract.Kind.NUMBER, contract.Kind.WHOLE) or (minimum is None and maximum is None):
        return kind.value
    if maximum is None:
        return f"{kind.value}, {_amount(minimum)} or more"  # type: ignore[arg-type]
    if minimum is None:
        return f"{kind.value}, up to {_amount(maximum)}"
    return f"{kind.value}, {_amount(minimum)} to {_amount(maximum)}"


def render() -> str:
    """The workbook guide as Markdown."""
    out = [
        "# The tracking-tool workbook",
        "",
        "Generated from `xl_tracker/contract.py` by `python -m xl_tracker.contract_docs`; do not edit by hand.",
        "The contract in code is the authority on the workbook; `tests/test_contract.py` checks its invariants and that this page is up to date.",
        "",
        "Blue tabs are input sheets (coaches and members fill them); grey tabs are output sheets (xl-tracker rewrites them",
        "on every refresh and never changes an input value). Each input sheet is an Excel Table named `tbl` + the sheet name",
        "without spaces or `&`. Headers are matched ignoring case, extra spaces, a trailing `*` and column order (a header",
        "typed twice is reported, and only its first column read); extra columns are kept and ignored; blank rows are skipped;",
        "a header row may sit below title rows (within the first 10). Formulas are read by their saved results.",
        f"A number column takes numbers from −{_power(contract.NUMBER_LIMIT)} to {_power(contract.NUMBER_LIMIT)} (16 digits) unless its Kind gives a",
        "narrower range; a number outside its range is `out-of-range` and text that reads as a number too large for a workbook",
        "(`1e400`) is `not-a-number`: both are Errors, left out of the results. A number setting outside its range is",
        "`out-of-range` too, and its default is used.",
        "",
        "## Input sheets",
        "",
    ]
    for sheet in contract.INPUT_SHEETS:
        out += [f"### {sheet.name} (table `{sheet.table}`)", "", sheet.purpose, ""]
        if sheet.missing_is_error:
            out += ["Required sheet: without it no results can be computed.", ""]
        out += ["| Column | Kind | Required | Choices / refers to | Help |", "| --- | --- | --- | --- | --- |"]
        for column in sheet.columns:
            choices = ", ".join(column.choices) if column.choices else (f"a {column.refers_to} ID" if column.refers_to else "")
            out.append(
                f"| {_cell(column.header)} | {_kind(column.kind, column.minimum, column.maximum)} | {'yes' if column.required else ''} | "
                f"{_cell(choices)} | {_cell(column.help)} |"
            )
        if sheet.has_level_columns:
            out += ["", f"After `{sheet.columns[-1].header}`: one optional column per score of the scale in Settings "
                        f"(`{contract.LEVEL_HEADER.format(1)}` … `{contract.LEVEL_HEADER.format(5)}` on the default 1 to 5 scale; none beyond "
                        f"{contract.MAX_LEVEL_COLUMNS} levels), each saying what that score looks like for the item: the anchored scale. "
                        "The Assessments item column's input message, the paper scoring forms (`xl-tracker forms`) and the team report's annex "
                        "show them. A workbook without them reads as before; a blank Level cell of an unchanged default item (same Item code and "
                        "statement, default scale) has its default description, as a blank Weight is 1."]
        if sheet.has_item_columns:
            out += ["", f"Between `Rater` and `{contract.ITEMS_BEFORE}`: one column per Item code of the Indicators sheet (whole number). {contract.ITEM_COLUMN_HELP}"]
        out.append("")
    out += ["## Settings", "", "| Setting | Default | Kind | Meaning |", "| --- | --- | --- | --- |"]
    for s in contract.SETTINGS_ROWS:
        default = contract.AS_OF_DEFAULT if s.name == "As-of date" else ("(blank)" if s.default in ("", None) else str(s.default))
        kind = _kind(s.kind, s.minimum, s.maximum) + (f" ({', '.join(s.choices)})" if s.choices else "")
        out.append(f"| {s.name} | {_cell(default)} | {kind} | {_cell(s.help)} |")
    out += ["", "## Default indicators", ""]
    for code, name, statements in contract.DEFAULT_INDICATORS:
        out += [f"**{code}: {name}**", ""]
        for n, statement in enumerate(statements, start=1):
            out.append(f"{n}. `{code}{n}` {statement}")
            out += [f"   - {level}: {text}" for level, text in zip(contract.DEFAULT_LEVELS, contract.DEFAULT_LEVEL_DESCRIPTORS[f'{code}{n}'])]
        out.append("")
    out += ["## Validation rules", "", f"{len(contract.RULES)} rules check the input sheets: each with its severity, phase, when it fires, "
            "how to fix what it finds and an example, in [validation.md](validation.md) (generated from the same contract)."]
    out += ["", "## Output sheets", "", contract.OUTPUT_NOTE, ""]
    for sheet in contract.OUTPUT_SHEETS:
        headers = ", ".join(f"`{h}`" for h in sheet.headers) if sheet.headers else "free layout"
        out.append(f"- **{sheet.name}**: {sheet.purpose} Columns: {headers}.")
    out.append("")
    return "\n".join(out)


def main() -> int:
    DOC_PATH.write_text(render(), encoding="utf-8")
    print(DOC_PATH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
