"""The variables of the paper scoring form (``scoring_form.docx``) and of the anchored scale the reports print.

MANI's members scored themselves in a workshop, on paper. The form prints
each item exactly as the Indicators sheet holds it (statement and level
descriptors, read by :mod:`xl_tracker.anchors`, the same objects the
Assessments input message comes from), in the order of the Assessments item
columns, so that a filled form is typed in as one Assessments row, left to
right. A form is made from the workbook's input sheets alone: no results.
"""

from __future__ import annotations

from dataclasses import dataclass

from xl_tracker.anchors import AnchoredItem, by_indicator, workbook_items
from xl_tracker.contract import RATERS
from xl_tracker.reports.context.variables import MemberInfo, ReportInfo, ScaleIndicator, ScaleItem, ScaleLevel, doc
from xl_tracker.reports.context.view import clean, member_info, report_info
from xl_tracker.tables import WorkbookData


@dataclass(frozen=True)
class ScoringForm:
    """Variables of ``scoring_form.docx``: one member's paper scoring form for one round (or the blank form)."""

    report: ReportInfo = doc("Where and when (as in the reports).")
    member: MemberInfo = doc("Whose form it is, as in the member report (every field blank on the blank form).")
    round: str = doc("The round, e.g. Baseline; '' on the blank form.")
    rounds: list[str] = doc("Every round of the Rounds setting (for tick boxes on the blank form).")
    raters: list[str] = doc("Who may score: Self, Coach, Consensus (tick boxes).")
    scale: str = doc("The score scale, e.g. '1 to 5'.")
    indicators: list[ScaleIndicator] = doc("The items to score, grouped by indicator, in the order of the Assessments item columns.")
    item_codes: str = doc("The item codes in form order, e.g. 'TOOLS1, TOOLS2, …': the Assessments columns a typist fills.")


def scale_indicators(items: tuple[AnchoredItem, ...]) -> list[ScaleIndicator]:
    """The anchored scale as template variables: indicators, their items, each level's descriptor."""
    return [
        ScaleIndicator(
            code=clean(group.code),
            name=clean(group.name),
            items=[
                ScaleItem(clean(item.code), clean(item.statement), [ScaleLevel(str(level.score), clean(level.text)) for level in item.levels])
                for item in group.items
            ],
        )
        for group in by_indicator(items)
    ]


def form_items(data: WorkbookData, usable_indicators=None) -> tuple[AnchoredItem, ...]:
    """The workbook's items as a form prints them: in the order of its Assessments item columns."""
    return workbook_items(data, usable_indicators)


@dataclass(frozen=True)
class FormBook:
    """What every form of one workbook shares: read once, then one :class:`ScoringForm` per member and round."""

    info: ReportInfo
    rounds: list[str]
    scale: str
    indicators: list[ScaleIndicator]
    item_codes: str

    @classmethod
    def of(cls, data: WorkbookData, usable_indicators=None) -> FormBook:
        s = data.settings
        info = report_info(s)
        items = form_items(data, usable_indicators)
        return cls(info, [clean(r) for r in s.rounds], f"{s.scale_min} to {s.scale_max}", scale_indicators(items),
                   ", ".join(item.code for item in items))

    def form(self, member: dict | None, round_name: str) -> ScoringForm:
        """The form of ``member`` (a Members row) for ``round_name``; ``member=None`` and ``""``: the blank form."""
        return ScoringForm(self.info, member_info(member or {}), clean(round_name), self.rounds, list(RATERS), self.scale, self.indicators, self.item_codes)


__all__ = ["FormBook", "ScaleIndicator", "ScaleItem", "ScaleLevel", "ScoringForm", "form_items", "scale_indicators"]
