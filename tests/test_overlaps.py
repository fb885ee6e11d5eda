"""Overlap flags: one test per reason, the exclusions, scores and actions, offers, the member view."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from xl_tracker.contract import OVERLAPS
from xl_tracker.overlaps import find_overlaps, overlaps_for_member, reasons_in_words
from xl_tracker.overlaps.sites import site_key, site_keys
from xl_tracker.overlaps.text import TextNormaliser, similarity
from xl_tracker.settings import Settings

_spec = importlib.util.spec_from_file_location("overlap_pairs", Path(__file__).parent / "data" / "overlap_pairs.py")
frames = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(frames)


def run(initiatives: list[dict], measures: list[dict] = (), offers: list[dict] = (), county: str = "") -> pd.DataFrame:
    return find_overlaps(frames.usable(initiatives, measures, offers), Settings(county=county))


def ini(iid: str, owner: str, title: str, **fields) -> dict:
    row = {"Initiative ID": iid, "Owner": owner, "Title": title, "Start date": "2026-01-01", "End date": "2026-12-31"}
    row.update({k.replace("_", " "): v for k, v in fields.items()})
    return row


def measure(mid: str, iid: str, text: str) -> dict:
    return {"Measure ID": mid, "Initiative ID": iid, "Kind": "Lagging", "Measure": text, "Better when": "Higher", "Baseline": 1.0, "Target": 2.0}


def only_row(result: pd.DataFrame) -> dict:
    assert len(result) == 1, result.to_string()
    return result.iloc[0].to_dict()


# --- the sheet ------------------------------------------------------------------


def test_columns_are_the_contract_keys_even_when_empty():
    assert tuple(run([]).columns) == OVERLAPS.keys
    assert tuple(run([ini("I1", "M01", "Reduce oxytocin stock-outs")]).columns) == OVERLAPS.keys
    assert tuple(find_overlaps({}, None).columns) == OVERLAPS.keys


def test_a_row_names_both_initiatives_owners_and_departments_in_sheet_order():
    result = run([ini("I9", "M03", "Reduce oxytocin stock-outs"), ini("I2", "M01", "Oxytocin stockouts in the maternity")])
    row = only_row(result)
    assert (row["initiative_a"], row["owner_a"], row["department_a"]) == ("I9", "M03", "Reproductive Health")
    assert (row["initiative_b"], row["owner_b"], row["department_b"]) == ("I2", "M01", "Health Administration")
    assert row["reasons"] == "SIMILAR-TITLE"


def test_the_initiatives_own_department_wins_over_the_owners():
    row = only_row(run([ini("I1", "M01", "Reduce oxytocin stock-outs", Department="Pharmacy"), ini("I2", "M02", "Oxytocin stock-outs")]))
    assert row["department_a"] == "Pharmacy"
    assert row["department_b"] == "Nursing Services"


def test_rows_are_ranked_by_score_then_sorted_by_a_then_b():
    titles = ["Reduce oxytocin stock-outs", "Oxytocin stock-outs at night", "Oxytocin availability", "End oxytocin stockouts"]
    result = run([ini(f"I{k}", f"M0{k + 1}", t) for k, t in enumerate(titles)])
    assert list(zip(result["initiative_a"], result["initiative_b"], result["score"])) == [
        ("I0", "I1", 60), ("I0", "I2", 60), ("I0", "I3", 60), ("I1", "I2", 60), ("I2", "I3", 60), ("I1", "I3", 54),
    ]


# --- reasons ---------------------------------------------------------------------


def test_same_site_after_abbreviations_is_a_reason_beside_a_content_reason():
    result = run([
        ini("I1", "M01", "Reduce oxytocin stock-outs", Sites="Bungoma CRH; Webuye SCH"),
        ini("I2", "M02", "Oxytocin availability", Sites="webuye sub-county hospital"),
    ])
    assert only_row(result)["reasons"] == "SAME-SITE; SIMILAR-TITLE"


def test_same_site_alone_is_not_flagged():
    result = run([
        ini("I1", "M01", "Reduce waiting time at OPD", Sites="Bungoma CRH"),
        ini("I2", "M02", "Reduce oxytocin stock-outs", Sites="Bungoma County Referral Hospital"),
    ])
    assert result.empty


def test_shared_team_alone_is_not_flagged_but_is_reported_beside_a_content_reason():
    different = run([ini("I1", "M01", "Renovate the placenta pit", Task_team=("M03",)), ini("I2", "M02", "Train CHVs on danger signs", Task_team=("M03",))])
    assert different.empty
    owner_on_other_team = run([ini("I1", "M01", "Monthly data review meetings"), ini("I2", "M02", "Hold monthly meetings to review data", Task_team=("M01",))])
    assert only_row(owner_on_other_team)["reasons"] == "SIMILAR-TITLE; SHARED-TEAM"


def test_same_root_cause_needs_the_same_category_and_similar_text():
    cause = "In-charges lack quantification skills and order late"
    same = run([
        ini("I1", "M01", "Reduce ARV stock-outs", Root_cause_category="Commodities and supplies", Root_cause="Facility in-charges are not trained in quantification so orders are late"),
        ini("I2", "M02", "End family planning commodity shortages", Root_cause_category="Commodities and supplies", Root_cause=cause),
    ])
    assert only_row(same)["reasons"] == "SAME-ROOT-CAUSE"
    other_category = run([
        ini("I1", "M01", "Reduce ARV stock-outs", Root_cause_category="Human resources", Root_cause=cause),
        ini("I2", "M02", "End family planning commodity shortages", Root_cause_category="Commodities and supplies", Root_cause=cause),
    ])
    assert other_category.empty
    no_category = run([
        ini("I1", "M01", "Reduce ARV stock-outs", Root_cause=cause),
        ini("I2", "M02", "End family planning commodity shortages", Root_cause=cause),
    ])
    assert no_category.empty


def test_similar_challenge():
    result = run([
        ini("I1", "M01", "Kangaroo mother care", Challenge="High neonatal deaths among low birth weight babies"),
        ini("I2", "M02", "Newborn unit equipment", Challenge="Deaths of low-birth-weight newborns remain high"),
    ])
    assert only_row(result)["reasons"] == "SIMILAR-CHALLENGE"


def test_same_measure_between_any_measures_of_the_two():
    result = run(
        [ini("I1", "M01", "Partograph use in labour ward"), ini("I2", "M02", "Quality of intrapartum care")],
        [
            measure("I1-A", "I1", "% of deliveries monitored with a partograph"),
            measure("I2-A", "I2", "Number of fresh stillbirths"),
            measure("I2-B", "I2", "Proportion of deliveries with partograph correctly filled"),
        ],
    )
    row = only_row(result)
    assert row["reasons"] == "SAME-MEASURE"
    assert row["suggested_action"] == "Align targets"


def test_align_targets_only_for_the_same_measure_not_two_indicators():
    """Issue 12: ANC4 completion and testing at the first ANC visit are similar texts but two indicators."""
    two_indicators = run(
        [ini("I1", "M01", "CHV home visits to pregnant women"), ini("I2", "M02", "Test kits for antenatal clinics")],
        [measure("I1-A", "I1", "Pregnant women completing 4 ANC visits"), measure("I2-A", "I2", "Pregnant women tested at first ANC")],
    )
    row = only_row(two_indicators)
    assert row["reasons"] == "SAME-MEASURE"
    assert row["suggested_action"] == "Talk"
    same_indicator = run(
        [ini("I1", "M01", "Maternal death reviews"), ini("I2", "M02", "Death notification")],
        [measure("I1-A", "I1", "Facilities reporting maternal deaths reviewed within 7 days"), measure("I2-A", "I2", "Deaths reviewed within 7 days")],
    )
    assert only_row(same_indicator)["suggested_action"] == "Align targets"
    other_days = run(
        [ini("I1", "M01", "Maternal death reviews"), ini("I2", "M02", "Death audits")],
        [measure("I1-A", "I1", "Deaths reviewed within 7 days"), measure("I2-A", "I2", "Deaths audited within 30 days")],
    )
    assert only_row(other_days)["suggested_action"] == "Talk"


def test_two_measures_of_one_initiative_do_not_pair_it_with_itself():
    result = run(
        [ini("I1", "M01", "Partograph use"), ini("I2", "M02", "Solar power")],
        [measure("I1-A", "I1", "% of deliveries with a partograph"), measure("I1-B", "I1", "Deliveries with partograph filled")],
    )
    assert result.empty


def test_every_reason_in_contract_order():
    result = run(
        [
            ini("I1", "M01", "Reduce waiting time at the outpatient department", Challenge="Clients wait over three hours at OPD",
                Root_cause_category="Processes", Root_cause="One registration desk for all clients", Sites="Bungoma CRH", Task_team=("M04",)),
            ini("I2", "M02", "Long waiting times at OPD", Challenge="OPD clients wait three hours", Root_cause_category="Processes",
                Root_cause="A single registration desk serves all clients", Sites="Bungoma County Referral Hospital", Task_team=("M04", "M05")),
        ],
        [measure("I1-A", "I1", "Average waiting time at OPD (minutes)"), measure("I2-A", "I2", "OPD waiting time in minutes")],
    )
    row = only_row(result)
    assert row["reasons"] == "SAME-SITE; SAME-ROOT-CAUSE; SIMILAR-TITLE; SIMILAR-CHALLENGE; SAME-MEASURE; SHARED-TEAM"
    assert row["score"] == 100
    assert row["suggested_action"] == "Form one task team"


# --- learn from an earlier initiative ------------------------------------------------

DEATHS_CAUSE = {"Root_cause_category": "Information and data", "Root_cause": "Notification forms not sent within 24 hours"}
EARLIER = {"Start_date": "2026-03-15", "End_date": "2026-12-31"}
LATER = {"Start_date": "2027-01-15", "End_date": "2027-06-30"}


def test_a_later_initiative_with_the_same_root_cause_learns_from_the_earlier_one():
    """Issue 12: the demo's I05-2 and I14-2 ran one after the other on the same root cause and measures."""
    result = run(
        [
            ini("I14-2", "M14", "Strengthen maternal death notification", **LATER, **{**DEATHS_CAUSE, "Root_cause": "Notification forms not sent in 24 hours"}),
            ini("I05-2", "M05", "Strengthen maternal death surveillance and response", **EARLIER, **DEATHS_CAUSE),
        ],
        [measure("I05-2-L", "I05-2", "Deaths notified within 24 hours"), measure("I14-2-L", "I14-2", "Deaths notified within 24 hours")],
    )
    row = only_row(result)
    assert (row["initiative_a"], row["initiative_b"]) == ("I05-2", "I14-2"), "the earlier one is A, whatever the row order"
    assert row["reasons"] == "SAME-ROOT-CAUSE; SAME-MEASURE; LEARN-FROM"
    assert row["suggested_action"] == "Learn from the earlier one"


def test_the_same_measure_alone_with_the_same_numbers_learns_from_the_earlier_one():
    result = run(
        [ini("I1", "M01", "Maternal death reviews", **EARLIER), ini("I2", "M02", "Death notification", **LATER)],
        [measure("I1-A", "I1", "Facilities reporting maternal deaths reviewed within 7 days"), measure("I2-A", "I2", "Deaths reviewed within 7 days")],
    )
    assert only_row(result)["reasons"] == "SAME-MEASURE; LEARN-FROM"


@pytest.mark.parametrize(
    ("why", "a", "b", "measures"),
    [
        ("a similar title alone is not a repeat", ini("I1", "M01", "Partograph use in labour ward", **EARLIER),
         ini("I2", "M02", "Partograph use in the labour ward", **LATER), []),
        ("a measure with other numbers is another indicator", ini("I1", "M01", "Maternal death reviews", **EARLIER),
         ini("I2", "M02", "Death audits", **LATER), [measure("I1-A", "I1", "Deaths reviewed within 7 days"), measure("I2-A", "I2", "Deaths audited within 30 days")]),
        ("ended more than two years before", ini("I1", "M01", "Death surveillance", Start_date="2023-01-01", End_date="2024-12-31", **DEATHS_CAUSE),
         ini("I2", "M02", "Death notification", Start_date="2027-01-15", End_date="2027-06-30", **DEATHS_CAUSE), []),
        ("the same owner", ini("I1", "M01", "Death surveillance", **EARLIER, **DEATHS_CAUSE), ini("I2", "M01", "Death notification", **LATER, **DEATHS_CAUSE), []),
        ("another root cause category", ini("I1", "M01", "Death surveillance", **EARLIER, **DEATHS_CAUSE),
         ini("I2", "M02", "Death notification", **LATER, **{**DEATHS_CAUSE, "Root_cause_category": "Processes"}), []),
    ],
)
def test_near_cases_are_not_listed_to_learn_from(why, a, b, measures):
    assert run([a, b], measures).empty, why


def test_the_same_root_cause_at_the_same_time_is_duplication_not_learning():
    result = run([ini("I1", "M01", "Death surveillance", **EARLIER, **DEATHS_CAUSE), ini("I2", "M02", "Death notification", **EARLIER, **DEATHS_CAUSE)])
    row = only_row(result)
    assert row["reasons"] == "SAME-ROOT-CAUSE" and row["suggested_action"] == "Talk"


def test_learning_never_takes_the_place_of_work_running_at_the_same_time():
    """An initiative with many earlier repeats lists its three closest, and all its partners of the same time."""
    from xl_tracker.overlaps.pairs import LEARN_FROM_PARTNERS, MAX_PARTNERS

    now = [ini(f"N{k:02d}", f"M{k:02d}", f"Death surveillance {k}", **LATER, **DEATHS_CAUSE) for k in range(MAX_PARTNERS + 1)]
    before = [ini(f"B{k:02d}", f"M{50 + k}", f"Death notification {k}", **EARLIER, **DEATHS_CAUSE) for k in range(8)]
    result = run(now + before)
    learn = result[result["reasons"].str.contains("LEARN-FROM")]
    same_time = result[~result["reasons"].str.contains("LEARN-FROM")]
    for k in range(MAX_PARTNERS + 1):
        assert ((same_time["initiative_a"] == f"N{k:02d}") | (same_time["initiative_b"] == f"N{k:02d}")).sum() == MAX_PARTNERS
    assert set(learn["initiative_a"]) <= {f"B{k:02d}" for k in range(8)} and set(learn["initiative_b"]) <= {f"N{k:02d}" for k in range(11)}
    per_later = learn.groupby("initiative_b").size()
    assert per_later.min() == LEARN_FROM_PARTNERS and len(per_later) == len(now)
    # equal scores: each side keeps the partners whose IDs sort first; 24 + 33 rows, 9 of them counted twice
    assert len(learn) == len(before) * LEARN_FROM_PARTNERS + len(now) * LEARN_FROM_PARTNERS - LEARN_FROM_PARTNERS**2


# --- exclusions --------------------------------------------------------------------


def test_same_owner_is_never_a_pair_even_when_spelled_differently():
    assert run([ini("I1", "M01", "Reduce staff absenteeism"), ini("I2", "M01", "Reduce staff absenteeism")]).empty
    assert run([ini("I1", "M01", "Reduce staff absenteeism"), ini("I2", "m01 ", "Reduce staff absenteeism")]).empty


@pytest.mark.parametrize(
    ("window_a", "window_b", "flagged"),
    [
        (("2025-01-01", "2025-06-30"), ("2025-07-01", "2025-12-31"), False),  # consecutive days
        (("2024-01-01", "2024-12-31"), ("2026-01-01", "2026-12-31"), False),  # another year
        (("2025-01-01", "2025-06-30"), ("2025-06-30", "2025-12-31"), True),  # one shared day
        (("2025-01-01", "2025-12-31"), ("2025-03-01", "2025-04-30"), True),  # inside
        ((None, "2025-06-30"), ("2025-01-01", "2025-12-31"), True),  # blank start: open
        (("2027-01-01", None), ("2025-01-01", "2025-12-31"), False),  # blank end starts later
        (("2024-01-01", None), ("2026-01-01", "2026-12-31"), True),  # blank end: open
    ],
)
def test_windows_must_overlap_and_blank_dates_are_open_ends(window_a, window_b, flagged):
    a = ini("I1", "M01", "Partograph use in labour ward", Start_date=window_a[0], End_date=window_a[1])
    b = ini("I2", "M02", "Partograph use in the labour ward", Start_date=window_b[0], End_date=window_b[1])
    assert (len(run([a, b])) == 1) is flagged


def test_rows_without_id_or_owner_are_left_out():
    rows = [ini("I1", "M01", "Reduce staff absenteeism"), ini(None, "M02", "Reduce staff absenteeism"), ini("I3", None, "Reduce staff absenteeism")]
    assert run(rows).empty


# --- text and sites ----------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ("Bungoma CRH", "bungoma county referral hospital", "Bungoma  C.R.H.", "BUNGOMA County Referral Hosp"),
        ("Webuye SCH", "Webuye Sub-County Hospital", "webuye sub county hospital", "Webuye Subcounty Hosp."),
        ("Sirisia HC", "Sirisia Health Centre", "Sirisia Health Center", "Sirisia H/C"),
        ("Mayanja Disp", "Mayanja Dispensary", "mayanja disp."),
    ],
)
def test_one_site_key_per_facility_however_spelled(spellings):
    assert len({site_key(s) for s in spellings}) == 1


def test_entries_that_name_no_facility_are_not_sites():
    assert site_keys("All facilities; County-wide; N/A; Bumula HC") == {site_key("Bumula Health Centre")}
    assert site_keys(None) == frozenset()


def test_place_names_of_the_workbook_do_not_make_titles_alike():
    words = TextNormaliser(["Bungoma CRH"]).words
    assert similarity(words("Improve waste management at Bungoma CRH"), words("Improve financial management at Bungoma CRH")) == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Reduce stock-outs of oxytocin", "oxytocin stockouts"),
        ("Improve ANC 4 attendance", "Increase fourth antenatal care visits"),
        ("Community health volunteer reporting", "Reporting by CHVs"),
        ("Improve immunisation coverage for children under one", "Under-one immunization coverage"),
    ],
)
def test_paraphrases_abbreviations_and_word_order_score_high(a, b):
    words = TextNormaliser().words
    assert similarity(words(a), words(b)) >= 90


def test_one_shared_word_is_never_similar():
    words = TextNormaliser().words
    assert similarity(words("Improve immunisation coverage"), words("Improve immunisation data quality")) == 0


def test_the_memory_of_words_shared_by_normalisers_is_bounded_and_changes_no_words(monkeypatch):
    import xl_tracker.overlaps.text as text

    texts = [f"Improve immunisation coverage in ward{n} with outreach{n}" for n in range(40)]
    expected = [TextNormaliser().words(t) for t in texts]
    monkeypatch.setattr(text, "_CONTENT_WORDS", {})
    monkeypatch.setattr(text, "CONTENT_WORDS_KEPT", 10)
    again = [TextNormaliser().words(t) for t in texts]
    assert again == expected
    assert 0 < len(text._CONTENT_WORDS) <= 10


# --- score and action --------------------------------------------------------------


def test_score_grows_with_evidence_and_is_a_whole_number_up_to_100():
    bare = only_row(run([ini("I1", "M01", "Reduce oxytocin stock-outs"), ini("I2", "M02", "Oxytocin availability")]))
    at_site = only_row(run([
        ini("I1", "M01", "Reduce oxytocin stock-outs", Sites="Webuye SCH"),
        ini("I2", "M02", "Oxytocin availability", Sites="Webuye Sub-County Hospital"),
    ]))
    assert isinstance(bare["score"], int) and isinstance(at_site["score"], int)
    assert bare["score"] == 60  # 60 % of a similarity of 100
    assert at_site["score"] == 75
    assert bare["suggested_action"] == "Talk"
    assert at_site["suggested_action"] == "Form one task team"


# --- offers and requests -------------------------------------------------------------


def entry(eid, sender, kind, description, to=None, status="Open"):
    return {"ID": eid, "Date": "2026-03-01", "From": sender, "To": to, "Type": kind, "Description": description, "Status": status}


def test_open_request_matched_to_open_offer():
    result = run([], offers=[
        entry("OR1", "M07", "Offer", "Train sub-county records officers on DHIS2 data entry and validation"),
        entry("OR2", "M02", "Request", "Help to train sub-county teams on DHIS2 data validation"),
    ])
    row = only_row(result)
    assert (row["initiative_a"], row["owner_a"], row["initiative_b"], row["owner_b"]) == ("OR2", "M02", "OR1", "M07")
    assert (row["department_a"], row["department_b"]) == ("Nursing Services", "Laboratory")
    assert row["reasons"] == "OFFER-MATCHES-REQUEST"
    assert row["suggested_action"] == "Take up the offer"


@pytest.mark.parametrize(
    ("offer", "asked", "matched"),
    [
        (entry("O", "M01", "Offer", "Radio airtime for health messages"), entry("R", "M02", "Request", "Airtime on local radio for health messages"), True),
        (entry("O", "M01", "Offer", "Radio airtime for health messages", status="Accepted"), entry("R", "M02", "Request", "Airtime on local radio for health messages"), False),
        (entry("O", "M01", "Offer", "Radio airtime for health messages"), entry("R", "M02", "Request", "Airtime on local radio for health messages", status="Done"), False),
        (entry("O", "M01", "Offer", "Radio airtime for health messages", status=None), entry("R", "M02", "Request", "Airtime on local radio for health messages", status=None), True),
        (entry("O", "M02", "Offer", "Radio airtime for health messages"), entry("R", "M02", "Request", "Airtime on local radio for health messages"), False),
        (entry("O", "M01", "Offer", "Radio airtime for health messages"), entry("R", "M02", "Request", "Airtime on local radio for health messages", to="M01"), True),
        (entry("O", "M01", "Offer", "Radio airtime for health messages"), entry("R", "M02", "Request", "Airtime on local radio for health messages", to="M03"), False),
        (entry("O", "M01", "Offer", "Radio airtime for health messages", to="M03"), entry("R", "M02", "Request", "Airtime on local radio for health messages"), False),
        (entry("O", "M01", "Offer", "Radio airtime for health messages", to="M02"), entry("R", "M02", "Request", "Airtime on local radio for health messages"), True),
        (entry("O", "M01", "Offer", "Transport for blood samples"), entry("R", "M02", "Request", "Airtime on local radio for health messages"), False),
    ],
)
def test_offer_matching_rules(offer, asked, matched):
    assert (len(run([], offers=[offer, asked])) == 1) is matched


def test_two_offers_or_two_requests_never_match():
    same = [entry("A", "M01", "Offer", "Radio airtime for health messages"), entry("B", "M02", "Offer", "Radio airtime for health messages")]
    assert run([], offers=same).empty


def test_an_entry_without_id_is_named_by_its_row():
    result = run([], offers=[
        entry("OR1", "M01", "Offer", "Radio airtime for health messages"),
        entry(None, "M02", "Request", "Airtime on local radio for health messages"),
    ])
    assert only_row(result)["initiative_a"] == "OR@3"


def test_initiative_rows_come_before_offer_rows():
    result = run(
        [ini("I1", "M01", "Reduce oxytocin stock-outs"), ini("I2", "M02", "Oxytocin availability")],
        offers=[entry("OR1", "M01", "Offer", "Radio airtime for health messages"), entry("OR2", "M02", "Request", "Radio airtime for health messages")],
    )
    assert list(result["reasons"]) == ["SIMILAR-TITLE", "OFFER-MATCHES-REQUEST"]


# --- member view ----------------------------------------------------------------------


def test_overlaps_for_member_turns_rows_to_the_members_side():
    result = run(
        [ini("I1", "M01", "Reduce oxytocin stock-outs"), ini("I2", "M02", "Oxytocin availability"), ini("I3", "M03", "Solar power")],
        offers=[entry("OR1", "M02", "Offer", "Radio airtime for health messages"), entry("OR2", "M01", "Request", "Radio airtime for health messages")],
    )
    mine = overlaps_for_member(result, "m02")
    assert list(mine["Yours"]) == ["I2", "OR1"]
    assert list(mine["Theirs"]) == ["I1", "OR2"]
    assert list(mine["Other member"]) == ["M01", "M01"]
    assert list(mine["Other department"]) == ["Health Administration", "Health Administration"]
    assert overlaps_for_member(result, "M03").empty


def test_reasons_in_words():
    assert reasons_in_words("SAME-SITE; SIMILAR-TITLE; SHARED-TEAM") == "the same site, a similar title and shared task team members"
    assert reasons_in_words("SAME-MEASURE") == "the same measure"


def test_each_initiative_lists_its_ten_strongest_partners_whatever_the_row_order():
    rows = [ini(f"I{k:02d}", f"M{k:02d}", "Reduce oxytocin stock-outs") for k in range(14)]
    result = run(rows)
    pairs = {frozenset(p) for p in zip(result["initiative_a"], result["initiative_b"])}
    assert len(pairs) < 14 * 13 // 2
    for k in range(14):
        assert sum(f"I{k:02d}" in p for p in pairs) >= 10
    shuffled = run(rows[::-1])
    assert {frozenset(p) for p in zip(shuffled["initiative_a"], shuffled["initiative_b"])} == pairs
