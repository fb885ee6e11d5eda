"""Overlaps end to end: a workbook built from the contract, refreshed, the Overlaps sheet read back with openpyxl."""

from __future__ import annotations

import datetime as dt

import openpyxl

from xl_tracker.api import refresh
from xl_tracker.contract import OVERLAPS
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
    sheet = openpyxl.load_workbook(out, read_only=True)[OVERLAPS.name]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    assert rows[0][: len(OVERLAPS.headers)] == OVERLAPS.headers
    body = [dict(zip(OVERLAPS.headers, r)) for r in rows[1:]]
    assert len(body) == 2, body
    pair, offer = body
    assert (pair["Initiative A"], pair["Owner A"], pair["Department A"]) == ("I01", "M01", "Pharmacy")
    assert (pair["Initiative B"], pair["Owner B"], pair["Department B"]) == ("I02", "M02", "Reproductive Health")
    assert pair["Reasons"] == "SAME-SITE; SIMILAR-TITLE"
    assert pair["Suggested action"] == "Form one task team"
    assert pair["Score"] == 75
    assert (offer["Initiative A"], offer["Owner A"], offer["Initiative B"], offer["Owner B"]) == ("OR@3", "M01", "OR01", "M03")
    assert offer["Reasons"] == "OFFER-MATCHES-REQUEST"
