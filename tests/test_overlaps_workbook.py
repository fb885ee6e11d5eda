"""Overlaps end to end: a workbook built from the contract, refreshed, the Overlaps sheet read back with openpyxl."""

from __future__ import annotations

import datetime as dt

import openpyxl

from xl_tracker.api import refresh
from xl_tracker.contract import OFFER_MATCHES, OVERLAP_SUMMARY, OVERLAPS
from xl_tracker.template import build_workbook

MEMBERS = [
    {"Member ID": "M01", "Full name": "Achieng Otieno", "Department": "Pharmacy"},
    {"Member ID": "M02", "Full name": "Wafula Simiyu", "Department": "Reproductive Health"},
    {"Member ID": "M03", "Full name": "Nekesa Barasa", "Department": "Health Records"},
]
WINDOW = {"Start date": dt.date(2026, 1, 1), "End date": dt.date(2026, 12, 31)}


def test_refresh_writes_flagged_pairs_and_matched_offers_to_the_overlaps_sheet(tmp_path):
    source = build_workbook(
        tmp_path / "tracker.xlsx",
        {
            "Members": MEMBERS,
            "Initiatives": [
                {"Initiative ID": "I01", "Owner": "M01", "Title": "Reduce stock-outs of oxytocin at Webuye SCH", "Sites": "Webuye SCH", **WINDOW},
                {"Initiative ID": "I02", "Owner": "m02", "Title": "Oxytocin availability in the maternity", "Sites": "Webuye Sub-County Hospital",
                 "Task team": "M03", **WINDOW},
                {"Initiative ID": "I03", "Owner": "M03", "Title": "Timely MOH 711 reports", "Sites": "Webuye SCH", **WINDOW},
                {"Initiative ID": "I04", "Owner": "M01", "Title": "Oxytocin stockouts at Webuye SCH", "Start date": dt.date(2024, 1, 1),
                 "End date": dt.date(2024, 12, 31)},
            ],
            "Offers & Requests": [
                {"ID": "OR01", "Date": dt.date(2026, 3, 1), "From": "M03", "Type": "Offer", "Description": "Train records officers on DHIS2 data validation"},
                {"Date": dt.date(2026, 3, 2), "From": "M01", "Type": "Request", "Description": "Help with DHIS2 data validation training", "Status": "Open"},
            ],
        },
        {"As-of date": dt.date(2026, 10, 1)},
    )
    out = tmp_path / "refreshed.xlsx"
    refresh(source, out)
    book = openpyxl.load_workbook(out)
    pairs, offers, summary = (_table(book[spec.name], spec.headers) for spec in (OVERLAPS, OFFER_MATCHES, OVERLAP_SUMMARY))
    assert len(pairs) == 1, pairs
    (pair,) = pairs
    assert (pair["Initiative A"], pair["Title A"], pair["Owner A"], pair["Department A"]) == (
        "I01", "Reduce stock-outs of oxytocin at Webuye SCH", "M01", "Pharmacy")
    assert (pair["Initiative B"], pair["Title B"], pair["Owner B"], pair["Department B"]) == (
        "I02", "Oxytocin availability in the maternity", "M02", "Reproductive Health")
    assert pair["Reasons"] == "The same site and a similar title", "the words the reports use, not the codes"
    assert [c.value for c in book[OVERLAPS.name][1]] == list(OVERLAPS.headers) and "Reason codes" not in OVERLAPS.headers
    assert pair["Suggested action"] == "Form one task team"
    assert pair["Score"] == 75
    # the offer row sits on its own sheet, under its own headers
    (offer,) = offers
    assert (offer["Request ID"], offer["Requested by"], offer["Offer ID"], offer["Offered by"]) == ("OR@3", "M01", "OR01", "M03")
    assert offer["Request"] == "Help with DHIS2 data validation training"
    assert offer["Offer"] == "Train records officers on DHIS2 data validation"
    assert offer["Suggested action"] == "Take up the offer"
    # counted by pair of departments, most rows first, then the highest score
    assert offer["Similarity"] > 75
    assert summary == [
        {"Department A": "Health Records", "Department B": "Pharmacy", "Initiative pairs": 0, "Offers matching requests": 1,
         "Highest score": offer["Similarity"]},
        {"Department A": "Pharmacy", "Department B": "Reproductive Health", "Initiative pairs": 1, "Offers matching requests": 0,
         "Highest score": 75},
    ]
    # titles and reasons are read in full: wrapped, never cut off at the column's edge
    sheet = book[OVERLAPS.name]
    for header in ("Title A", "Title B", "Reasons"):
        cell = sheet.cell(2, OVERLAPS.headers.index(header) + 1)
        assert cell.alignment.wrap_text, header
    assert sheet.tables[OVERLAPS.table].ref == f"A1:{openpyxl.utils.get_column_letter(len(OVERLAPS.headers))}2"


def _table(sheet, headers: tuple[str, ...]) -> list[dict]:
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    assert rows[0][: len(headers)] == headers
    return [dict(zip(headers, r)) for r in rows[1:]]


def test_a_row_is_as_tall_as_its_longest_wrapped_text():
    """A file keeps the height a row was written with: a Reasons cell of two lines needs a row of two lines."""
    import pandas as pd

    from xl_tracker.outputs.model import LINE_HEIGHT, wrapped_lines
    from xl_tracker.outputs.sheets import table_sheet, wrap_columns

    assert wrapped_lines("short", 58) == 1
    assert wrapped_lines("SAME-ROOT-CAUSE; SIMILAR-TITLE; SIMILAR-CHALLENGE; SAME-MEASURE; SHARED-TEAM", 58) == 2
    assert wrapped_lines("x" * 140, 58) == 3, "a word longer than the line (68 characters in 58 units) is broken"
    frame = pd.DataFrame({
        "initiative_a": ["I1", "I3"], "title_a": ["Oxytocin", "Partograph"], "initiative_b": ["I2", "I4"], "title_b": ["Oxytocin", "Partograph"],
        "reason_words": ["The same root cause, a similar title, a similar challenge, the same measure, shared task team members and "
                         "one ran after the other had ended", "A similar title"],
        "score": [100, 60],
    })
    content = table_sheet(OVERLAPS, frame)
    wrap_columns(content)
    reasons = OVERLAPS.headers.index("Reasons")
    lines = wrapped_lines(frame["reason_words"][0], content.widths[reasons])
    assert lines >= 2 and content.row_heights[1] == LINE_HEIGHT * lines + 2, "as tall as the Reasons it holds"
    assert 2 not in content.row_heights, "a row of one line keeps the default height"
    assert set(content.column_emphasis) == set(range(len(OVERLAPS.headers)))
