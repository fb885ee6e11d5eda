"""(Re)build ``report_templates/member_report.docx``, ``team_report.docx`` and ``scoring_form.docx`` with python-docx.

    python -m xl_tracker.reports.build_templates [OUT_DIR]

The shipped templates are ordinary Word documents: named styles (Title,
Headings, a table style, List Bullet, a small "Report Note" style), a page
header with county, programme and period, a footer with PAGE / NUMPAGES
fields, and Jinja tags (docxtpl syntax) where the data goes. A manager
restyles them in Word by changing the styles, or rewords them in place;
this script is only how the first version is made, reproducibly.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from xl_tracker.ooxml.package import write_package
from xl_tracker.reports.forms import FORM_TEMPLATE
from xl_tracker.reports.generate import MEMBER_TEMPLATE, TEAM_TEMPLATE
from xl_tracker.reports.text_width import column_holds, words
from xl_tracker.rollup.report import TEMPLATE as PROGRAMME_TEMPLATE

BLUE = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x59, 0x59, 0x59)
TABLE_STYLE = "Light List Accent 1"
CONTENT_WIDTH_CM = 17.0
TABLE_TEXT_PT = 9
"""The size of the Table Text style: every table cell's text."""
ITEM_CODE_CM = 2.8
"""The scale annex's Item column: an item code of 10 capitals and digits (NETWORKS10) on one line."""


# --- document set-up ----------------------------------------------------------


def _new_document():
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.8)
    section.header_distance = section.footer_distance = Cm(1.0)
    zoom = doc.settings.element.find(qn("w:zoom"))
    if zoom is not None:  # python-docx's default leaves out w:percent, which the WordprocessingML schema requires
        zoom.set(qn("w:percent"), "100")
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), "Calibri")
    for name, size, before in (("Heading 1", 14, 14), ("Heading 2", 11.5, 10), ("Title", 22, 0)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        style.font.bold = name != "Title"
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), "Calibri")
        for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            if rfonts.get(qn(theme_attr)) is not None:
                del rfonts.attrib[qn(theme_attr)]
    note = styles.add_style("Report Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(8.5)
    note.font.italic = True
    note.font.color.rgb = GREY
    lead = styles.add_style("Report Lead", WD_STYLE_TYPE.PARAGRAPH)
    lead.base_style = normal
    lead.font.size = Pt(11)
    lead.font.color.rgb = GREY
    lead.paragraph_format.space_after = Pt(8)
    big = styles.add_style("Headline Figure", WD_STYLE_TYPE.PARAGRAPH)
    big.base_style = normal
    big.font.size = Pt(30)
    big.font.bold = True
    big.font.color.rgb = BLUE
    big.paragraph_format.space_after = Pt(0)
    small = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    small.font.size = Pt(9)
    small.paragraph_format.space_after = Pt(0)
    return doc


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when the page is laid out."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _header_footer(doc, header_text: str) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = header_text
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.style = doc.styles["Report Note"]
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Report Note"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    footer.add_run("  ·  made {{ report.generated }} by xl-tracker {{ report.version }}")


def _p(doc, text: str = "", style: str | None = None, align=None):
    paragraph = doc.add_paragraph(text, style=style)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _save(doc, path: Path, title: str) -> Path:
    """Save a template so that building it twice gives the same bytes.

    python-docx stamps every zip entry with the time it saves; the parts are
    written again through the package writer, whose entries carry one fixed
    date, in python-docx's order. The core properties are the default
    template's fixed ones plus ``title``.
    """
    doc.core_properties.title = title
    doc.core_properties.author = "xl-tracker"
    saved = io.BytesIO()
    doc.save(saved)
    with zipfile.ZipFile(saved) as package:
        parts = [(info.filename, package.read(info)) for info in package.infolist()]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_package(path, parts)
    return path


def _tag(doc, tag: str) -> None:
    """A paragraph holding only a docxtpl ``{%p … %}`` tag: the paragraph itself disappears on rendering."""
    doc.add_paragraph("{%p " + tag + " %}")


def _set_widths(table, widths_cm: list[float]) -> None:
    """Column widths in the grid (what LibreOffice lays out by) and in every cell (what Word uses); fixed layout;
    every row kept whole on a page (every table of every template is finished here)."""
    _cant_split(table)
    table.autofit = False
    tbl = table._tbl
    for grid_col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        grid_col.set(qn("w:w"), str(Cm(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    tbl_pr = tbl.tblPr
    tbl_width = tbl_pr.find(qn("w:tblW"))
    if tbl_width is None:
        tbl_width = OxmlElement("w:tblW")
        tbl_pr.append(tbl_width)
    tbl_width.set(qn("w:w"), str(Cm(sum(widths_cm)).twips))
    tbl_width.set(qn("w:type"), "dxa")
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)
    for attr, value in (("w:firstRow", "1"), ("w:lastRow", "0"), ("w:firstColumn", "0"), ("w:lastColumn", "0"), ("w:noHBand", "0"), ("w:noVBand", "1")):
        look.set(qn(attr), value)
    look.set(qn("w:val"), "0420")


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _check_header_words(headers: list[str], widths_cm: list[float]) -> None:
    """Refuse a column narrower than a word of its bold header: the word would break inside it ("Membe rs")."""
    for header, width in zip(headers, widths_cm):
        for word in words(_JINJA.sub(" ", header)):
            if not column_holds(width, word, TABLE_TEXT_PT, bold=True):
                raise ValueError(f"a table column of {width} cm is too narrow for the word {word!r} of its header {header!r}")


def _loop_table(doc, headers: list[str], cells: list[str], loop: str, widths_cm: list[float]):
    """A table: header row, then one row per item of ``loop`` (``x in xs``), made with docxtpl row tags."""
    _check_header_words(headers, widths_cm)
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles["Table Text"]
        cell.paragraphs[0].runs[0].bold = True
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for " + loop + " %}"
    for cell, text in zip(table.rows[2].cells, cells):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles["Table Text"]
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    header_row = table.rows[0]._tr
    tr_pr = header_row.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    tr_pr.append(repeat)
    _set_widths(table, widths_cm)
    _p(doc, "", "Table Text")
    return table


def _key_value_table(doc, rows: list[tuple[str, str]], widths_cm=(4.0, 13.0)) -> None:
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles["Table Grid"]
    for row, (label, value) in zip(table.rows, rows):
        row.cells[0].paragraphs[0].text = label
        row.cells[0].paragraphs[0].runs[0].bold = True
        row.cells[0].paragraphs[0].style = doc.styles["Table Text"]
        row.cells[1].paragraphs[0].text = value
        row.cells[1].paragraphs[0].style = doc.styles["Table Text"]
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:color"), "auto")
        shade.set(qn("w:fill"), "DEEAF6")
        row.cells[0]._tc.get_or_add_tcPr().append(shade)
    _set_widths(table, list(widths_cm))
    _p(doc, "", "Table Text")


def _bullets(doc, loop: str, text: str, empty: str) -> None:
    list_name = loop.split(" in ", 1)[1]
    _tag(doc, f"if {list_name}")
    _tag(doc, f"for {loop}")
    _p(doc, text, "List Bullet")
    _tag(doc, "endfor")
    _tag(doc, "else")
    _p(doc, empty)
    _tag(doc, "endif")


# --- member report ------------------------------------------------------------


def _initiative_statuses(doc) -> None:
    """An initiative's two statuses side by side, and the contradiction in words when they disagree."""
    _p(doc, "Status recorded: {{ ini.status or 'not set' }} · computed from its measures: {{ ini.computed_status or '–' }}"
            ".{% if ini.contradiction %} {{ ini.contradiction }}: update the Status on the Initiatives sheet, "
            "or the measures' latest values on the Progress sheet.{% endif %}")


def _portfolio_statuses(doc) -> None:
    """The team's initiatives counted by recorded and by computed status, each count labelled with the one it counts."""
    _loop_table(
        doc,
        ["Status", "Initiatives (recorded Status)", "Initiatives (computed status)"],
        ["{{ c.status }}", "{{ c.recorded }}", "{{ c.computed }}"],
        "c in status_counts",
        [5.0, 6.0, 6.0],
    )
    _p(doc, "Recorded: the Status typed on the Initiatives sheet. Computed: from the measures' latest progress to target "
            "against the progress expected by that date (a straight line for leading measures, a slow start for lagging "
            "ones), with a tolerance band; an initiative takes the worst status of its measures."
            "{% if contradictions != '0' %} {{ contradictions }} {% if contradictions == '1' %}contradicts its{% else %}contradict their{% endif %} "
            "measures ({{ contradictions_in_words }}): the table below names the measures behind each.{% endif %}", "Report Note")


def build_member_template(path: Path) -> Path:
    doc = _new_document()
    _header_footer(doc, "{{ report.header_line }}")
    _p(doc, "Progress report: {{ member.name }}", "Title")
    _p(doc, "{{ member.role }}{% if member.role and member.department %} · {% endif %}{{ member.department }}", "Report Lead")
    _key_value_table(
        doc,
        [
            ("Member", "{{ member.name }} ({{ member.id }})"),
            ("Coach", "{{ member.coach or '–' }}"),
            ("Programme", "{{ report.programme }}{% if report.county %}, {{ report.county }} County{% endif %}"),
            ("Reporting period", "{{ report.period or '–' }} (figures as of {{ report.as_of }})"),
        ],
    )
    doc.add_heading("Summary", level=1)
    _p(doc, "{{ summary }}")

    doc.add_heading("Leadership indicators: baseline to latest", level=1)
    _loop_table(
        doc,
        ["Indicator", "Baseline", "Latest", "Change", "% change", "Of the scale"],
        [
            "{{ i.name }} ({{ i.code }})",
            "{{ i.baseline }}{% if i.baseline_round %} ({{ i.baseline_round }}){% endif %}",
            "{{ i.latest }}{% if i.latest_round %} ({{ i.latest_round }}){% endif %}",
            "{{ i.change }}",
            "{{ i.pct_change }}",
            "{{ i.pomp_change }}",
        ],
        "i in indicators",
        [5.4, 2.7, 2.7, 1.9, 2.1, 2.2],
    )
    _member_compared_note(doc)
    _p(doc, "{{ own_method.text }} Scores run from {{ method.scale }}; 'of the scale' is the change as a share of that range.", "Report Note")
    _p(doc, "{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _member_trend_section(doc)
    _member_raters_section(doc)

    doc.add_heading("Personal development plan", level=1)
    doc.add_heading("Strengths", level=2)
    _bullets(doc, "strength in strengths", "{{ strength }}", "No strengths recorded yet.")
    doc.add_heading("Development goals", level=2)
    _tag(doc, "if goals")
    _loop_table(
        doc,
        ["Goal", "Linked indicator", "Actions", "Due", "Status"],
        ["{{ g.goal }}", "{{ g.indicator }}", "{{ g.actions }}", "{{ g.due }}", "{{ g.status or '–' }}"],
        "g in goals",
        [4.8, 3.2, 4.8, 2.1, 2.1],
    )
    _tag(doc, "else")
    _p(doc, "No development goals recorded yet.")
    _tag(doc, "endif")

    doc.add_heading("Change initiatives", level=1)
    _tag(doc, "if initiatives")
    _tag(doc, "for ini in initiatives")
    doc.add_heading("{{ ini.id }} {{ ini.title }}", level=2)
    _p(doc, "{{ ini.role }}{% if ini.role == 'Task team' %} (led by {{ ini.owner }}){% endif %} · {{ ini.department }} · {{ ini.start }} to {{ ini.end }}", "Report Lead")
    _initiative_statuses(doc)
    _p(doc, "{% if ini.challenge %}Challenge: {{ ini.challenge }}. {% endif %}{% if ini.root_cause %}Root cause: {{ ini.root_cause }}. {% endif %}{% if ini.sites %}Sites: {{ ini.sites }}.{% endif %}")
    _tag(doc, "if ini.measures")
    _loop_table(
        doc,
        ["Kind", "Measure", "Baseline", "Target", "Latest", "Progress to target", "Status (computed)"],
        [
            "{{ m.kind }}",
            "{{ m.measure }}{% if m.unit %} ({{ m.unit }}){% endif %}",
            "{{ m.baseline }}",
            "{{ m.target }}",
            "{{ m.latest }}{% if m.latest != '–' %} on {{ m.latest_date }}{% endif %}",
            "{{ m.progress }}{% if m.expected != '–' %} (expected {{ m.expected }}){% endif %}",
            "{{ m.status }}{% if m.flag %}: {{ m.flag }}{% endif %}",
        ],
        "m in ini.measures",
        [1.8, 3.7, 2.0, 1.6, 2.6, 2.7, 2.6],  # Kind holds "Leading" and "Lagging" (1.65 cm in DejaVu Sans with the margins)
    )
    _tag(doc, "else")
    _p(doc, "No leading or lagging measures defined yet.", "Report Note")
    _tag(doc, "endif")
    _tag(doc, "endfor")
    _tag(doc, "else")
    _p(doc, "You do not lead and are not on the task team of any change initiative yet.")
    _tag(doc, "endif")

    _member_runs_section(doc)

    doc.add_heading("Coaching sessions", level=1)
    _p(doc, "One-on-one sessions attended: {{ engagement.one_on_one }}. Group sessions attended: {{ engagement.group }}. "
            "Last one-on-one: {{ engagement.last_one_on_one }}{% if engagement.days_since != '–' %} ({{ engagement.days_since }} days before {{ report.as_of }}){% endif %}."
            "{% if engagement.flag %} Note: {{ engagement.flag }}.{% endif %}")
    _tag(doc, "if engagement.sessions")
    _loop_table(
        doc,
        ["Date", "Session", "Coach", "Agreed actions"],
        ["{{ s.date }}", "{{ s.type }}", "{{ s.coach }}", "{{ s.actions }}"],
        "s in engagement.sessions",
        [2.4, 3.4, 3.2, 8.0],
    )
    _tag(doc, "endif")

    doc.add_heading("Coordination with colleagues", level=1)
    _bullets(doc, "c in coordination", "{{ c.sentence }}", "No overlap of your work with other initiatives or offers was found.")
    _p(doc, "{% if coordination_more != '0' %}{{ coordination_more }} more overlaps with lower scores are listed on the Overlaps sheet of the workbook.{% endif %}", "Report Note")
    doc.add_heading("Open offers and requests", level=2)
    _tag(doc, "if offers_requests")
    _loop_table(
        doc,
        ["Date", "", "With", "What", "Initiative"],
        ["{{ o.date }}", "{{ o.direction }}", "{{ o.other }}", "{{ o.description }}", "{{ o.initiative }}"],
        "o in offers_requests",
        [2.3, 2.8, 3.0, 5.9, 3.0],
    )
    _tag(doc, "else")
    _p(doc, "No open offers or requests.")
    _tag(doc, "endif")

    _member_programme_section(doc)

    doc.add_heading("Coach's comments", level=1)
    box = doc.add_table(rows=1, cols=1)
    box.style = doc.styles["Table Grid"]
    cell = box.rows[0].cells[0]
    cell.paragraphs[0].text = " "
    for _ in range(7):
        cell.add_paragraph(" ")
    _set_widths(box, [CONTENT_WIDTH_CM])
    _p(doc, "")
    _p(doc, "Coach: ____________________    Member: ____________________    Date: ______________", "Report Note")
    _p(doc, "Method: {% for note in own_method.notes %}{{ note }} {% endfor %}", "Report Note")
    return _save(doc, path, "CHMT leadership coaching: member progress report")


def _with_chart(doc, lead: list[tuple[str, str, bool]], chart_tag: str) -> None:
    """Paragraphs (``(text, style, bold)``: a heading, a caption) and the chart under them, on one page whatever the layout.

    They stand in a borderless one-cell table whose row cannot break across a
    page (and whose cell has no side margins, so the text lines up with the
    body). Keep with next alone is not enough: LibreOffice 7 leaves a
    heading kept with the paragraph of a chart at the foot of a page while
    the chart moves on (every demo member report: "Scores round by round"
    alone at the foot of page 1); a row kept whole moves as one in Word and
    LibreOffice alike. The empty paragraph after the table keeps it apart
    from a table that follows (Word joins two tables that touch).
    """
    table = doc.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cell = table.rows[0].cells[0]
    for n, (text, style, bold) in enumerate(lead):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        paragraph.style = doc.styles[style]
        paragraph.add_run(text).bold = bold or None
    chart = cell.add_paragraph(chart_tag)
    chart.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_widths(table, [CONTENT_WIDTH_CM])
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    _p(doc, "", "Table Text")


def _member_trend_section(doc) -> None:
    """The member's scores round by round: a line per indicator, and the rounds in words."""
    _tag(doc, "if trends")
    _with_chart(doc, [("Scores round by round", "Heading 2", False)], "{{ trend_chart }}")
    _loop_table(doc, ["Indicator", "Score in each round scored"], ["{{ t.name }} ({{ t.code }})", "{{ t.text }}"], "t in trends", [5.4, 11.6])
    _tag(doc, "endif")


def _member_runs_section(doc) -> None:
    """A run chart per measure of the member's initiatives: values by date beside baseline, target and the expected path."""
    _tag(doc, "if runs")
    doc.add_heading("Measures over time", level=1)
    _p(doc, "Each chart shows a measure's recorded values by date, its baseline and target, and the expected path: {{ runs_note }}.", "Report Note")
    _tag(doc, "for r in runs")
    _with_chart(doc, [("{{ r.measure_id }} {{ r.measure }} ({{ r.initiative }})", "Table Text", True), ("{{ r.sentence }}", "Report Note", False)],
                "{{ r.run_chart }}")
    _tag(doc, "endfor")
    _tag(doc, "endif")


COMPARED_INDICATORS = 4
"""Indicator columns the member comparison's grid is laid out for (the programme's four); others still render."""


def _member_comparison_section(doc) -> None:
    """The team report's members at a glance: one row per member, one column per indicator's change, and a dot chart per indicator."""
    doc.add_heading("Members compared", level=1)
    _p(doc, "{{ privacy_note }} {{ labels_note }}", "Report Note")
    _tag(doc, "if comparison")
    label_cm = 3.0
    cell_cm = (CONTENT_WIDTH_CM - label_cm) / COMPARED_INDICATORS
    table = doc.add_table(rows=4, cols=4)
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    texts = [
        ["Member", "{%tc for code in comparison_indicators %}", "{{ code }}", "{%tc endfor %}"],
        ["{%tr for row in comparison %}", "", "", ""],
        ["{{ row.label }}", "{%tc for c in row.changes %}", "{{ c.change }}  ({{ c.baseline }}→{{ c.latest }})", "{%tc endfor %}"],
        ["{%tr endfor %}", "", "", ""],
    ]
    for row, cells in zip(table.rows, texts):
        for cell, text in zip(row.cells, cells):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = doc.styles["Table Text"]
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _set_widths(table, [label_cm, cell_cm, cell_cm, cell_cm])
    grid = table._tbl.tblGrid
    for extra in range(COMPARED_INDICATORS + 1 - len(grid.findall(qn("w:gridCol")))):
        column = OxmlElement("w:gridCol")
        column.set(qn("w:w"), str(Cm(cell_cm).twips))
        grid.append(column)
    _p(doc, "", "Table Text")
    _p(doc, "Each cell: the change of the member's score on the indicator (baseline→latest in brackets); scores run from {{ method.scale }}; "
            "'–' where a member has no score in the rounds compared. The charts show the same baseline and latest scores under the same labels.", "Report Note")
    _tag(doc, "for d in member_dots")
    _p(doc, "{{ d.dot_chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _tag(doc, "endfor")
    _tag(doc, "else")
    _p(doc, "No member has both a baseline and a latest score yet.")
    _tag(doc, "endif")


def _team_trend_section(doc) -> None:
    """The team's mean score per indicator in every round, with the n behind each mean."""
    _tag(doc, "if trends")
    _with_chart(doc, [("Team scores round by round", "Heading 2", False)], "{{ trend_chart }}")
    _loop_table(doc, ["Indicator", "Mean score in each round (members scored)"], ["{{ t.name }} ({{ t.code }})", "{{ t.text }}"], "t in trends", [4.6, 12.4])
    _p(doc, "A round's mean counts every member scored in that round, so members who joined late or left change the n.", "Report Note")
    _tag(doc, "endif")

def _member_programme_section(doc) -> None:
    """The member's cascades, agreed actions, teams and team agreements (``programme``)."""
    doc.add_heading("Cascading, actions and teams", level=1)
    _p(doc, "{{ programme.sentence }}")
    doc.add_heading("Tools and skills cascaded", level=2)
    _tag(doc, "if programme.cascades")
    _loop_table(
        doc,
        ["Date", "Audience", "People", "Tool or skill"],
        ["{{ c.date }}", "{{ c.audience }}", "{{ c.people }}", "{{ c.tool }}"],
        "c in programme.cascades",
        [2.6, 5.4, 2.0, 7.0],
    )
    _tag(doc, "else")
    _p(doc, "No cascading recorded yet.")
    _tag(doc, "endif")
    doc.add_heading("Agreed actions", level=2)
    _p(doc, "Due by the as-of date: {{ programme.actions_due }}; done: {{ programme.actions_done }}; overdue: {{ programme.actions_overdue }}. "
            "Next session: {{ programme.next_session }}{% if programme.next_session_overdue %} ({{ programme.next_session_overdue }} days overdue){% endif %}.")
    _tag(doc, "if programme.actions")
    _loop_table(
        doc,
        ["Agreed", "Action", "Due", "Done", "Status"],
        ["{{ a.agreed }}", "{{ a.action }}", "{{ a.due }}", "{{ a.done }}", "{{ a.status }}"],
        "a in programme.actions",
        [2.4, 7.6, 2.4, 2.4, 2.2],
    )
    _tag(doc, "endif")
    doc.add_heading("Task teams and consultant circles", level=2)
    _bullets(doc, "t in programme.teams", "{{ t.name }} ({{ t.kind }}, {{ t.id }}){% if t.purpose %}: {{ t.purpose }}{% endif %}",
             "Not on a task team or consultant circle on the Teams sheet.")
    doc.add_heading("Team agreements", level=2)
    _bullets(doc, "g in programme.agreements", "{{ g.kind }}: {{ g.text }} ({{ g.owners }}{% if g.status %}; {{ g.status }}{% endif %})",
             "No team agreement recorded yet.")


def _team_programme_section(doc) -> None:
    """The CHMT's cascading, actions, coaches' caseloads, teams and agreements (``programme``)."""
    doc.add_heading("Cascading, actions and coaching caseloads", level=1)
    _p(doc, "{{ programme.sentence }}")
    _tag(doc, "if programme.coaches")
    _loop_table(
        doc,
        ["Coach", "Members", "Recent one-on-ones", "Members overdue", "Actions due", "Done", "Overdue", "Next sessions overdue"],
        ["{{ c.coach }}", "{{ c.members }}", "{{ c.recent_one_on_ones }}", "{{ c.members_overdue }}", "{{ c.actions_due }}",
         "{{ c.actions_done }}", "{{ c.actions_overdue }}", "{{ c.next_sessions_overdue }}"],
        "c in programme.coaches",
        [3.0, 2.1, 2.2, 2.1, 1.8, 1.6, 2.0, 2.2],  # bold "Members" needs 2.03 cm, "Overdue" 1.9 cm (text_width)
    )
    _p(doc, "{{ programme.coaches_note }}", "Report Note")
    _tag(doc, "endif")
    doc.add_heading("Task teams and consultant circles", level=2)
    _bullets(doc, "t in programme.teams", "{{ t.id }} {{ t.name }} ({{ t.kind }}){% if t.purpose %}: {{ t.purpose }}{% endif %}",
             "No team recorded on the Teams sheet.")
    doc.add_heading("Team agreements", level=2)
    _bullets(doc, "g in programme.agreements", "{{ g.kind }}: {{ g.text }} ({{ g.owners }}{% if g.status %}; {{ g.status }}{% endif %})",
             "No team agreement recorded yet.")


def _commitment_section(doc) -> None:
    """Commitment and change: the finding with its n, the scatter, what the score is made of, the caution."""
    _with_chart(doc, [("Commitment and change", "Heading 1", False), ("{{ commitment.finding }}", "Normal", False)], "{{ commitment_chart }}")
    _p(doc, "Each point is one member (no names): the engagement score across, the mean indicator change up. {{ commitment.made_of }}", "Report Note")
    _p(doc, "{{ commitment.caution }}", "Report Note")


def _member_compared_note(doc) -> None:
    """The rounds this member's changes compare (and the exit, for a member who left), under the indicator table."""
    _p(doc, "{% if compared %}Rounds compared: {{ compared }}.{% endif %}", "Report Lead")


def _member_raters_section(doc) -> None:
    """The member's own rating beside every other rater's, per indicator, with the gap (only when another rater scored them)."""
    _tag(doc, "if rater_comparison")
    doc.add_heading("Self and coach side by side", level=2)
    _loop_table(
        doc,
        ["Indicator", "{{ method.rater }} rating", "Other rater", "Gap"],
        [
            "{{ r.indicator }}",
            "{{ r.own }}",
            "{{ r.rater }}: {{ r.other }}",
            "{{ r.gap }}{% if r.gap_round %} ({{ r.gap_round }}){% endif %}",
        ],
        "r in rater_comparison",
        [5.0, 4.6, 5.2, 2.2],
    )
    _p(doc, "{{ rater_note }}", "Report Note")
    _tag(doc, "endif")


# --- team report --------------------------------------------------------------


def _headline_secondary(doc) -> None:
    """Under the headline: the exits, the secondary figures, every rater's headline with its n, and the other raters' coverage."""
    for name in ("method.exits", "headline.secondary", "headline.raters", "headline.coverage"):
        _p(doc, "{% if " + name + " %}{{ " + name + " }}{% endif %}", "Report Note")


def _team_raters_section(doc) -> None:
    """Self and coach side by side: every indicator's team figures by every rater, then each rater's all-indicator figure."""
    _tag(doc, "if by_rater")
    doc.add_heading("Self and coach side by side", level=2)
    _loop_table(
        doc,
        ["Indicator", "Rater", "n", "Baseline mean", "Latest mean", "% change ({{ headline.method | lower }})"],
        [
            "{{ r.indicator }}{% if r.headline %} (headline){% endif %}",
            "{{ r.rater }}", "{{ r.members }}", "{{ r.baseline_mean }}", "{{ r.latest_mean }}", "{{ r.pct }}",
        ],
        "r in by_rater",
        [5.6, 2.0, 1.2, 2.6, 2.6, 3.0],
    )
    _p(doc, "{{ headline.coverage }}", "Report Note")
    _tag(doc, "endif")


def build_team_template(path: Path) -> Path:
    doc = _new_document()
    _header_footer(doc, "{{ report.header_line }}")
    _p(doc, "Team progress report", "Title")
    _p(doc, "{{ report.programme }}{% if report.county %} · {{ report.county }} County{% endif %}{% if report.period %} · {{ report.period }}{% endif %} · figures as of {{ report.as_of }}", "Report Lead")
    _p(doc, "{{ headline.value }}", "Headline Figure")
    _p(doc, "average increase from baseline", "Report Lead")
    _p(doc, "{{ headline.sentence }}", "Report Note")
    _headline_secondary(doc)
    doc.add_heading("Summary", level=1)
    _p(doc, "{{ summary }}")

    doc.add_heading("Indicators: team means", level=1)
    _loop_table(
        doc,
        [
            "Indicator", "n", "Baseline mean", "Latest mean", "Change",
            "% change (change of means){% if headline.method == 'Change of means' %}: headline{% endif %}",
            "% change (mean of changes){% if headline.method == 'Mean of changes' %}: headline{% endif %}",
            "Median change",
        ],
        [
            "{{ i.name }} ({{ i.code }})", "{{ i.members }}", "{{ i.baseline_mean }}", "{{ i.latest_mean }}",
            "{{ i.change }}", "{{ i.pct_change_of_means }}", "{{ i.pct_mean_of_changes }}", "{{ i.median_change }}",
        ],
        "i in indicators",
        [3.6, 0.8, 2.0, 2.0, 1.9, 2.3, 2.3, 2.1],
    )
    _p(doc, "{{ method.text }}", "Report Note")
    _p(doc, "{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_heading("Improved, unchanged, declined", level=2)
    _loop_table(
        doc,
        ["Indicator", "Improved", "Unchanged", "Declined"],
        ["{{ i.name }} ({{ i.code }})", "{{ i.improved }}", "{{ i.unchanged }}", "{{ i.declined }}"],
        "i in indicators",
        [8.0, 3.0, 3.0, 3.0],
    )
    _team_raters_section(doc)

    _team_trend_section(doc)
    _member_comparison_section(doc)

    doc.add_heading("Initiative portfolio", level=1)
    _portfolio_statuses(doc)
    _tag(doc, "if initiatives")
    _loop_table(
        doc,
        ["Initiative", "Department", "Recorded status", "Computed status", "Progress", "Flags"],
        [
            "{{ ini.id }} {{ ini.title }}{% if ini.owner %} (lead: {{ ini.owner }}){% endif %}",
            "{{ ini.department }}",
            "{{ ini.status or '–' }}",
            "{{ ini.computed_status or '–' }}{% if ini.contradiction %}: {{ ini.contradiction }}{% endif %}",
            "{{ ini.progress }}",
            "{{ ini.flags }}",
        ],
        "ini in initiatives",
        [3.9, 2.8, 2.3, 3.2, 2.8, 2.0],
    )
    _tag(doc, "else")
    _p(doc, "No change initiatives recorded yet.")
    _tag(doc, "endif")

    doc.add_heading("Overlaps to coordinate", level=1)
    _tag(doc, "if overlaps")
    _loop_table(
        doc,
        ["Initiative", "Overlaps with", "Why", "Score"],
        ["{{ o.a }} ({{ o.a_department }})", "{{ o.b }} ({{ o.b_department }})", "{{ o.reasons }}", "{{ o.score }}"],
        "o in overlaps",
        [5.0, 5.0, 5.2, 1.8],
    )
    _p(doc, "{% if overlaps_more != '0' %}{{ overlaps_more }} more overlaps with lower scores are listed on the Overlaps sheet of the workbook.{% endif %}", "Report Note")
    _tag(doc, "else")
    _p(doc, "No overlaps between initiatives were found.")
    _tag(doc, "endif")

    doc.add_heading("Engagement", level=1)
    _p(doc, "Members: {{ engagement.members }}", "List Bullet")
    _p(doc, "One-on-one sessions attended: {{ engagement.one_on_one }}; group sessions attended: {{ engagement.group }}", "List Bullet")
    _p(doc, "Members without a one-on-one yet: {{ engagement.without_one_on_one }}", "List Bullet")
    _p(doc, "Members flagged for engagement: {{ engagement.flagged }}", "List Bullet")
    _p(doc, "Median days since the last one-on-one: {{ engagement.median_days_since }}", "List Bullet")
    _tag(doc, "if engagement.named")
    _loop_table(
        doc,
        ["Member", "One-on-one", "Group", "Last one-on-one", "Days since", "Flag"],
        ["{{ e.label }}", "{{ e.one_on_one }}", "{{ e.group }}", "{{ e.last_one_on_one }}", "{{ e.days_since }}", "{{ e.flag }}"],
        "e in engagement.named",
        [4.4, 2.0, 1.6, 3.0, 2.0, 4.0],
    )
    _tag(doc, "endif")

    _team_programme_section(doc)
    _commitment_section(doc)

    doc.add_heading("Method notes", level=1)
    _bullets(doc, "note in method.notes", "{{ note }}", "")

    doc.add_heading("Annex: data quality", level=1)
    _p(doc, "{{ quality.sentence }}")
    _tag(doc, "if quality.by_rule")
    _loop_table(
        doc,
        ["Severity", "Rule", "Sheet", "Issues"],
        ["{{ q.severity }}", "{{ q.rule }}", "{{ q.sheet }}", "{{ q.count }}"],
        "q in quality.by_rule",
        [2.6, 6.0, 5.4, 3.0],
    )
    _p(doc, "The Issues sheet of the workbook lists each issue with its cell and what to type instead.", "Report Note")
    _tag(doc, "endif")
    _scale_annex(doc)
    return _save(doc, path, "CHMT leadership coaching: team progress report")


# --- scoring form -------------------------------------------------------------

BOX = "\u2610"
"""A ballot box to tick by hand."""
FORM_SHADE = "DEEAF6"
FORM_WIDTH_CM = 18.0
"""Narrower margins than the reports: a form of 18 items fits four A4 pages."""


_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers",
              "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")
"""What follows ``w:shd`` in a cell's properties (the schema fixes the order)."""


def _shade(cell, fill: str = FORM_SHADE) -> None:
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shade, *_AFTER_SHD)


def _form_cell(cell, text: str, bold: bool = False, keep: bool = True) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = "Table Text"
    paragraph.paragraph_format.keep_with_next = keep
    run = paragraph.add_run(text)
    run.bold = bold


def _whole_row(table, row: int):
    """The row's cells merged into one (python-docx keeps the first cell's text)."""
    cells = table.rows[row].cells
    return cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]


def _row_height(table, row: int, cm: float) -> None:
    tr_pr = table.rows[row]._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(Cm(cm).twips))
    height.set(qn("w:hRule"), "atLeast")
    tr_pr.append(height)


def _cant_split(table) -> None:
    """Every row of the table may not break across a page: a goal, a measure or a member's scores stay on one page
    with their label (a row a docxtpl loop repeats is a copy of its template row, so it keeps this too)."""
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.append(OxmlElement("w:cantSplit"))


def _item_table(doc) -> None:
    """One item: its code and statement, a box and descriptor per level, a space for the evidence; kept on one page."""
    table = doc.add_table(rows=8, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = _whole_row(table, 0)
    _form_cell(head, "{{ it.code }}   {{ it.statement }}", bold=True)
    _shade(head)
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for lv in it.levels %}"
    box, words = table.rows[2].cells
    box.paragraphs[0].style = "Table Text"
    box.paragraphs[0].paragraph_format.keep_with_next = True
    tick = box.paragraphs[0].add_run(BOX)
    tick.font.size = Pt(13)
    box.paragraphs[0].add_run(" {{ lv.score }}").bold = True
    _form_cell(words, "{{ lv.text }}")
    box.vertical_alignment = words.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    table.rows[4].cells[0].paragraphs[0].text = "{%tr if not it.levels %}"
    _form_cell(_whole_row(table, 5), "Score ({{ scale }}): ________")
    table.rows[6].cells[0].paragraphs[0].text = "{%tr endif %}"
    _form_cell(_whole_row(table, 7), "Evidence (what you saw or read, and when):", keep=False)
    _row_height(table, 7, 1.15)
    _set_widths(table, [1.6, FORM_WIDTH_CM - 1.6])
    gap = _p(doc, "", "Table Text")
    gap.paragraph_format.space_after = Pt(0)
    gap.add_run("").font.size = Pt(5)
    gap.paragraph_format.line_spacing = Pt(7)


def build_form_template(path: Path) -> Path:
    """``scoring_form.docx``: the paper form a member or coach ticks in a workshop (variables: :class:`ScoringForm`)."""
    doc = _new_document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm((21.0 - FORM_WIDTH_CM) / 2)
    section.top_margin, section.bottom_margin = Cm(1.5), Cm(1.4)
    section.header_distance = section.footer_distance = Cm(0.7)
    _header_footer(doc, "Scoring form{% if member.id %} · {{ member.id }} {{ member.name }}{% endif %}{% if round %} · {{ round }}{% endif %}")
    _p(doc, "Leadership scoring form", "Title")
    _p(doc, "{{ report.programme }}{% if report.county %} · {{ report.county }} County{% endif %}{% if report.period %} · {{ report.period }}{% endif %}", "Report Lead")
    who = doc.add_table(rows=5, cols=4)
    who.style = doc.styles["Table Grid"]
    cells = [
        ("Member", "{{ member.name }}{% if member.id %} ({{ member.id }}){% endif %}", "Round",
         "{% if round %}{{ round }}{% else %}{% for r in rounds %}" + BOX + "\u00a0{{ r }}   {% endfor %}{% endif %}"),
        ("Rater", "{% for r in raters %}" + BOX + "\u00a0{{ r }}   {% endfor %}", "Date", ""),
        ("Rater's name", "", "Department", "{{ member.department }}"),
        ("Member's signature", "", "Rater's signature", ""),
        ("Typed in by", "", "Typed in on", ""),
    ]
    for row, texts in zip(who.rows, cells):
        for n, (cell, text) in enumerate(zip(row.cells, texts)):
            _form_cell(cell, text, bold=n % 2 == 0, keep=False)
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            if n % 2 == 0:
                _shade(cell)
    for n in range(len(cells)):
        _row_height(who, n, 0.85)
    _set_widths(who, [2.8, 7.4, 2.8, 5.0])
    _p(doc, "", "Table Text")
    _p(doc, "Tick one box for each item: the description closest to what {% if member.name %}{{ member.name }}{% else %}the member{% endif %} "
            "does now, not what is planned. Under Evidence, write what shows it: an example, a document, a date. "
            "Leave an item unticked when there is nothing to base a score on. Scores run from {{ scale }}.")
    _p(doc, "To type this form in: one row on the Assessments sheet with the Member ID, Round, Date and Rater, then the ticked "
            "score under each item's column, in the order of this form ({{ item_codes }}). Leave unticked items blank.", "Report Note")
    _tag(doc, "for ind in indicators")
    doc.add_heading("{{ ind.name }} ({{ ind.code }})", level=1)
    _tag(doc, "for it in ind.items")
    _item_table(doc)
    _tag(doc, "endfor")
    _tag(doc, "endfor")
    return _save(doc, path, "CHMT leadership coaching: scoring form")


def _scale_annex(doc) -> None:
    """The anchored scale every score was given on: each item's statement and what each score looks like."""
    doc.add_heading("Annex: the scoring scale", level=1)
    _p(doc, "What each score means, item by item, as the Indicators sheet of the workbook describes it; "
            "the scoring forms and the Assessments sheet show the same descriptions.", "Report Note")
    _tag(doc, "for ind in scale")
    doc.add_heading("{{ ind.name }} ({{ ind.code }})", level=2)
    table = _loop_table(
        doc,
        ["Item", "Statement, and what each score looks like"],
        ["{{ it.code }}", "{{ it.statement }}"],
        "it in ind.items",
        [ITEM_CODE_CM, CONTENT_WIDTH_CM - ITEM_CODE_CM],
    )
    cell = table.rows[2].cells[1]
    for text in ("{%p for lv in it.levels if lv.text %}", "{{ lv.score }}: {{ lv.text }}", "{%p endfor %}"):
        cell.add_paragraph(text, style="Table Text")
    _tag(doc, "endfor")


# --- programme report (xl-tracker rollup) ---------------------------------------

def build_programme_template(path: Path) -> Path:
    """``programme_report.docx``: the programme report of ``xl-tracker rollup`` (variables: rollup.report.ProgrammeReport)."""
    doc = _new_document()
    _header_footer(doc, "{{ programme }} · programme report")
    _p(doc, "Programme progress report", "Title")
    _p(doc, "{{ programme }} · {{ counties_count }} counties · figures as of {{ as_of }} · made {{ report.generated }}", "Report Lead")
    _p(doc, "{{ headline }}", "Headline Figure")
    _p(doc, "{{ headline_name | lower }}, members of {{ pooled_count }} of {{ counties_count }} counties together", "Report Lead")
    _p(doc, "{{ headline_text }}", "Report Note")
    _p(doc, "{{ headline_figures }}", "Report Note")
    _tag(doc, "for line in headline_beside")
    _p(doc, "{{ line }}", "Report Note")
    _tag(doc, "endfor")

    doc.add_heading("Counties side by side", level=1)
    _p(doc, "Each county's own headline, by its own settings, beside the others.")
    _loop_table(
        doc,
        ["County", "Members", "n", "Headline", "Method", "In programme figures"],
        ["{{ c.county }}", "{{ c.members }}", "{{ c.n }}", "{{ c.headline }}", "{{ c.method }}", "{{ c.pooled }}"],
        "c in counties",
        [3.0, 2.3, 1.2, 2.0, 3.2, 5.3],  # "Members" in bold needs 2.3 cm with the cell margins, or it breaks as "Member s"
    )
    _p(doc, "{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)

    doc.add_heading("Programme indicators", level=1)
    _tag(doc, "if indicators")
    _loop_table(
        doc,
        ["Indicator", "n", "Baseline mean", "Latest mean", "Change", "% change"],
        ["{{ i.name }} ({{ i.code }})", "{{ i.members }}", "{{ i.baseline_mean }}", "{{ i.latest_mean }}", "{{ i.change }}", "{{ i.pct }}"],
        "i in indicators",
        [5.6, 1.2, 2.6, 2.6, 2.2, 2.8],
    )
    _tag(doc, "else")
    _p(doc, "No programme indicators: no county's settings could be pooled.")
    _tag(doc, "endif")

    doc.add_heading("Engagement and initiatives per county", level=1)
    _loop_table(
        doc,
        ["County", "One-on-one", "Group", "Without a one-on-one", "Median days since", "Initiatives", "By recorded status"],
        ["{{ c.county }}", "{{ c.one_on_one }}", "{{ c.group }}", "{{ c.without_one_on_one }}", "{{ c.median_days_since }}",
         "{{ c.initiatives }}", "{{ c.statuses }}"],
        "c in counties",
        [2.8, 1.9, 1.5, 2.2, 2.0, 2.3, 4.3],
    )

    doc.add_heading("Similar initiatives to learn from", level=1)
    _p(doc, "Two counties working on a similar problem can learn from each other: these pairs are not duplication (each county runs its own work), but a reason for their owners to compare approaches and results.")
    _tag(doc, "if learning")
    _loop_table(
        doc,
        ["Initiative", "Similar initiative", "Similar in", "Score"],
        ["{{ l.a }}", "{{ l.b }}", "{{ l.similar_in }}", "{{ l.score }}"],
        "l in learning",
        [6.0, 6.0, 3.6, 1.4],
    )
    _p(doc, "{% if learning_more != '0' %}{{ learning_more }} more pairs are listed on the Learn from sheet of the programme workbook.{% endif %}", "Report Note")
    _tag(doc, "else")
    _p(doc, "No similar initiatives were found in two counties.")
    _tag(doc, "endif")

    doc.add_heading("Settings that differ", level=1)
    _p(doc, "{{ rule }}", "Report Note")
    _tag(doc, "if differences")
    _loop_table(
        doc,
        ["County", "Setting", "County's value", "Programme's value"],
        ["{{ d.county }}", "{{ d.setting }}", "{{ d.county_value }}", "{{ d.programme_value }}"],
        "d in differences",
        [3.4, 3.2, 5.2, 5.2],
    )
    _tag(doc, "else")
    _p(doc, "Every county uses the same scale, rounds, rater, headline method and indicators.")
    _tag(doc, "endif")

    doc.add_heading("Annex: data quality per county", level=1)
    _bullets(doc, "c in counties", "{{ c.county }} ({{ c.file }}): {{ c.errors }} errors, {{ c.warnings }} warnings", "")
    _p(doc, "The Issues sheet of the programme workbook lists each issue with its county, file and cell to fix.", "Report Note")
    return _save(doc, path, "CHMT leadership coaching: programme progress report")


def build_templates(out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    return [
        build_member_template(out / MEMBER_TEMPLATE),
        build_team_template(out / TEAM_TEMPLATE),
        build_form_template(out / FORM_TEMPLATE),
        build_programme_template(out / PROGRAMME_TEMPLATE),
    ]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        out = Path(argv[0])
    else:
        from xl_tracker.resources import shipped_dir

        try:
            out = shipped_dir("report_templates")
        except FileNotFoundError:
            out = Path(__file__).resolve().parents[2] / "report_templates"
    for path in build_templates(out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
