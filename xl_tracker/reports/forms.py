"""Paper scoring forms: one per member and round, plus a blank one, as Word documents (and PDFs on request).

This is ``xl-tracker forms`` and the ribbon's Scoring forms button. A form
needs only the input sheets (members, items, levels, rounds), so no results
are computed. The template (``report_templates/scoring_form.docx``, built by
:func:`~xl_tracker.reports.build_templates.build_form_template`) is rendered
by the reports' one renderer, sandboxed and escaped; file names are made
from workbook text by :mod:`~xl_tracker.reports.filenames`, which never lets
that text choose the folder. A member who has left (an Exit date) gets no form.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from xl_tracker.checks import check_workbook
from xl_tracker.contract import INDICATORS, MEMBERS
from xl_tracker.errors import WorkbookError
from xl_tracker.reports import formats as fmt
from xl_tracker.reports.context.form import FormBook, ScoringForm
from xl_tracker.reports.context.view import clean, records
from xl_tracker.reports.filenames import inside, member_filename, unique_names
from xl_tracker.tables import WorkbookData

FORM_TEMPLATE = "scoring_form.docx"
BLANK_FILENAME = "Blank_scoring_form.docx"
LISTED = 12
"""Known members or rounds named in the message about an unknown one, when there are no more than this."""


@dataclass
class FormSet:
    """What was written: the members' forms, the blank form, PDFs."""

    out_dir: Path
    forms: list[Path] = field(default_factory=list)
    blank: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    left: int = 0
    """Members with an Exit date, who get no form."""

    @property
    def files(self) -> list[Path]:
        return [*self.forms, *([self.blank] if self.blank else [])]

    def summary(self) -> str:
        """The closing line of ``xl-tracker forms``."""
        n = len(self.forms)
        text = f"{n} scoring form{'s' if n != 1 else ''} and a blank one written to {self.out_dir}"
        if self.pdfs:
            text += f", with {len(self.pdfs)} PDF{'s' if len(self.pdfs) != 1 else ''}"
        if self.left:
            text += f" ({self.left} member{'s' if self.left != 1 else ''} with an Exit date left out)"
        return text


def form_template_path(templates: str | Path | None = None) -> Path:
    """``scoring_form.docx`` from the ``templates`` folder when it has one, else the shipped one."""
    from xl_tracker.resources import shipped_dir

    if templates is not None:
        folder = Path(templates)
        if not folder.is_dir():
            raise WorkbookError(f"--templates {folder}: no such folder (it should hold {FORM_TEMPLATE})")
        if (folder / FORM_TEMPLATE).is_file():
            return folder / FORM_TEMPLATE
    return shipped_dir("report_templates") / FORM_TEMPLATE


def _chosen(wanted: list[str] | None, known: list[str], what: str, where: str) -> list[str]:
    """The names of ``known`` asked for (any case), in ``known`` order; every one of ``known`` when ``wanted`` is None."""
    if wanted is None:
        return known
    keys = {k.casefold(): k for k in known}
    unknown = [w for w in wanted if w.strip().casefold() not in keys]
    if unknown:
        listed = f" (it has {', '.join(known)})" if 0 < len(known) <= LISTED else ""
        raise WorkbookError(f"no {what} {', '.join(unknown)} {where}{listed}")
    asked = {w.strip().casefold() for w in wanted}
    return [k for k in known if k.casefold() in asked]


def write_forms(
    data: WorkbookData,
    out_dir: str | Path,
    members: list[str] | None = None,
    rounds: list[str] | None = None,
    templates: str | Path | None = None,
) -> FormSet:
    """Write a form per member (all still in the programme, or those in ``members``) and round (all, or ``rounds``), and the blank form."""
    from xl_tracker.reports.render import compile_template

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(f"cannot create the forms folder {out} ({exc.strerror or exc})") from None
    template = compile_template(form_template_path(templates))
    usable = check_workbook(data).usable
    book = FormBook.of(data, usable.get(INDICATORS.name))
    everyone = [m for m in records(usable.get(MEMBERS.name)) if clean(m.get("Member ID"))]
    current = [m for m in everyone if fmt.is_missing(m.get("Exit date"))]
    ids = _chosen(members, [clean(m["Member ID"]) for m in everyone], "member with ID", "on the Members sheet")
    chosen = [m for m in (current if members is None else everyone) if clean(m["Member ID"]) in ids]
    round_names = _chosen(rounds, book.rounds, "round", "in the Rounds setting")
    jobs = [(m, r) for m in chosen for r in round_names]
    names = unique_names(
        [member_filename(clean(m["Member ID"]), f"{clean(m.get('Full name'))} {r} form") for m, r in jobs],
        taken={BLANK_FILENAME},
    )
    result = FormSet(out.resolve(), left=len(everyone) - len(current) if members is None else 0)
    try:
        for (member, round_name), name in zip(jobs, names):
            result.forms.append(template.render(_variables(book.form(member, round_name)), inside(out, name)))
        result.blank = template.render(_variables(book.form(None, "")), inside(out, BLANK_FILENAME))
    except PermissionError as exc:
        raise WorkbookError(f"cannot write {exc.filename or out}: close it in Word (or check the folder's permissions) and try again") from None
    except OSError as exc:
        raise WorkbookError(f"cannot write the forms to {out} ({exc.strerror or exc})") from None
    return result


def _variables(form: ScoringForm) -> dict[str, object]:
    return {f.name: getattr(form, f.name) for f in fields(form)}


def make_forms(
    path: str | Path,
    out_dir: str | Path,
    members: list[str] | None = None,
    rounds: list[str] | None = None,
    pdf: bool = False,
    templates: str | Path | None = None,
    pdf_timeout: float | None = None,
) -> FormSet:
    """Write the paper scoring forms of the workbook at ``path`` into ``out_dir``; returns a FormSet (``xl_tracker.make_forms``).

    One form per member still in the programme (or those in ``members``) and
    round of the Rounds setting (or those in ``rounds``), each item with its
    statement and level descriptors from the Indicators sheet, plus a blank
    form; ``pdf=True`` also converts them with LibreOffice.
    """
    from xl_tracker.reader import read_workbook

    result = write_forms(read_workbook(path), out_dir, members, rounds, templates)
    if pdf:
        from xl_tracker.reports.pdf import convert_to_pdf

        result.pdfs = convert_to_pdf(result.files, result.out_dir, timeout=pdf_timeout)
    return result


__all__ = ["BLANK_FILENAME", "FORM_TEMPLATE", "FormSet", "make_forms", "write_forms"]
