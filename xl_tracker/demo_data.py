"""A realistic, fictional CHMT for the demo: 18 members, three rounds, initiatives, sessions and a few mistakes.

Every person here is invented; the facilities are the kind a Bungoma CHMT
works with. The content is seeded, so the demo is the same on every run.
Planted entry mistakes (listed in :data:`PLANTED_MISTAKES`) give validation
something to show, and three pairs of initiatives from different
departments duplicate each other, for the overlap flags.
"""

from __future__ import annotations

import datetime as dt
import random

from xl_tracker.contract import default_indicator_rows

D = dt.date
AS_OF = D(2026, 10, 15)
SETTINGS = {
    "County": "Bungoma",
    "Programme": "Maternal and Newborn Improvement: CHMT leadership coaching",
    "Reporting period": "March–October 2026",
    "As-of date": AS_OF,
    "Programme start": D(2026, 3, 2),
    "Programme end": D(2027, 3, 31),
}
COACHES = ("Alice Mwangi", "Leonard Kamau")

# (ID, name, role, department, start, exit, consent)
MEMBERS = (
    ("M01", "Dr. Grace Wanjala", "County Director of Health", "Health Administration", D(2026, 3, 2), None, True),
    ("M02", "Peter Wafula", "County Health Administrator", "Health Administration", D(2026, 3, 2), None, True),
    ("M03", "Mercy Nafula", "County Nursing Officer", "Nursing Services", D(2026, 3, 2), None, True),
    ("M04", "John Barasa", "County Reproductive Health Coordinator", "Reproductive and Maternal Health", D(2026, 3, 2), None, True),
    ("M05", "Esther Nekesa", "County Public Health Officer", "Public Health", D(2026, 3, 2), None, False),
    ("M06", "Daniel Simiyu", "County Pharmacist", "Pharmacy", D(2026, 3, 2), None, True),
    ("M07", "Ruth Khisa", "County Health Records and Information Officer", "Health Records and Information", D(2026, 3, 2), None, True),
    ("M08", "Moses Wekesa", "County Medical Laboratory Coordinator", "Laboratory Services", D(2026, 3, 2), None, True),
    ("M09", "Faith Nanjala", "County Nutrition Coordinator", "Nutrition", D(2026, 3, 2), None, False),
    ("M10", "Joseph Masinde", "County Community Health Focal Person", "Community Health", D(2026, 3, 2), None, True),
    ("M11", "Beatrice O'Neil Naliaka", "County Health Promotion Officer", "Health Promotion", D(2026, 3, 2), None, True),
    ("M12", "Samuel Makokha", "County Monitoring and Evaluation Officer", "Planning and M&E", D(2026, 3, 2), None, True),
    ("M13", "Dr. Janet Chebet", "Medical Superintendent, Bungoma CRH", "Clinical Services", D(2026, 3, 2), None, True),
    ("M14", "Kevin Otieno", "County Disease Surveillance Coordinator", "Public Health", D(2026, 3, 2), None, False),
    ("M15", "Lilian Achieng", "County HIV & TB Coordinator", "Disease Control", D(2026, 3, 2), None, True),
    ("M16", "Brian Mutai", "County Health Finance Officer", "Finance", D(2026, 3, 2), D(2026, 7, 31), True),
    ("M17", "Alice Wamalwa", "County Human Resources for Health Manager", "Human Resources", D(2026, 3, 2), None, True),
    ("M18", "Tom Sifuna", "County Medical Engineer", "Infrastructure", D(2026, 5, 4), None, True),
)

ROUNDS = (("Baseline", D(2026, 3, 9)), ("Midline", D(2026, 6, 8)), ("Endline", D(2026, 9, 14)))

STRENGTHS = (
    "Listens before deciding", "Calm under pressure", "Good with numbers and data", "Builds trust with facility staff",
    "Keeps promises and deadlines", "Explains plans clearly", "Knows the county's facilities well", "Mentors junior staff",
    "Negotiates with partners", "Writes clear reports", "Organises meetings well", "Open to feedback",
    "Solves problems step by step", "Respected by the community", "Speaks up for patients", "Manages budgets carefully",
    "Works well across departments", "Follows up on agreed actions", "Uses evidence to argue a case", "Patient with change",
    "Motivates teams", "Creative with few resources", "Good at supportive supervision", "Honest about problems",
)

GOALS = (
    ("TOOLS", "Use root-cause analysis before every corrective action"),
    ("TOOLS", "Run CHMT meetings with clear actions and owners"),
    ("DRIVE", "Review my initiative's measures with the task team every month"),
    ("DRIVE", "Delegate follow-up of actions to sub-county teams"),
    ("NETWORKS", "Make at least one offer and one request each month"),
    ("NETWORKS", "Plan jointly with two other departments"),
    ("RESULTS", "Present maternal and newborn results at every CHMT meeting"),
    ("RESULTS", "Link my department's budget lines to targets"),
)
GOAL_ACTIONS = "Agree it with my coach; review progress at each one-on-one session"

# (owner, title, challenge, category, root cause, tool, sites, start, end, status, team,
#  leading (measure, unit, better, baseline, target), lagging (...), performance 0..1.2 or None for no progress)
INITIATIVES = (
    ("M01", "Hold monthly CHMT performance reviews on maternal and newborn indicators",
     "CHMT meetings rarely review maternal and newborn results", "Governance and coordination",
     "No standing agenda item for results review", "Challenge model", "Bungoma CRH", D(2026, 4, 1), D(2026, 12, 31), "On track", "M02; M12",
     ("Monthly reviews held", "count", "Higher", 0, 9), ("Facilities reporting maternal deaths reviewed within 7 days", "%", "Higher", 30, 90), 1.0),
    ("M01", "Introduce quarterly joint planning across departments",
     "Departments plan separately and duplicate activities", "Governance and coordination",
     "No shared planning calendar", "Problem tree", "", D(2026, 4, 1), D(2027, 3, 31), "On track", "M12; M16",
     ("Joint planning sessions held", "count", "Higher", 0, 4), ("Activities duplicated across department workplans", "count", "Lower", 14, 4), 0.8),
    ("M02", "Cut delays in procurement approvals for maternity supplies",
     "Maternity supplies wait weeks for approval", "Processes",
     "Approvals need three signatures collected in person", "Five whys", "Bungoma CRH; Webuye SCH", D(2026, 4, 15), D(2026, 11, 30), "At risk", "M06; M16",
     ("Requisitions approved within 5 days", "%", "Higher", 35, 80), ("Average approval time", "days", "Lower", 18, 6), 0.5),
    ("M02", "Fix the maternity theatre generator at Kimilili SCH",
     "Caesarean sections delayed during power cuts", "Infrastructure",
     "No maintenance contract for the generator", "Fishbone", "Kimilili SCH", D(2026, 3, 15), D(2026, 7, 31), "Completed", "M18",
     ("Maintenance visits done", "count", "Higher", 0, 4), ("Theatre hours lost to power cuts per month", "hours", "Lower", 22, 2), 1.1),
    ("M03", "Improve partograph use in labour wards",
     "Labour is not monitored with the partograph", "Human resources",
     "Nurses not trained on the partograph since 2019", "Fishbone", "Webuye SCH; Kimilili SCH; Bungoma CRH", D(2026, 4, 1), D(2026, 12, 31), "On track", "M04; M13",
     ("Nurses mentored on the partograph", "count", "Higher", 0, 60), ("Deliveries monitored with a complete partograph", "%", "Higher", 28, 80), 0.9),
    ("M03", "Reduce nurse absenteeism on night shifts",
     "Night shifts in maternity are understaffed", "Human resources",
     "Duty rosters are not published or checked", "Five whys", "Bungoma CRH", D(2026, 5, 1), D(2026, 12, 31), "On track", "M17",
     ("Rosters published a week ahead", "%", "Higher", 20, 100), ("Night shifts below minimum staffing", "%", "Lower", 40, 10), 0.7),
    ("M04", "Ensure uterotonic availability in Webuye Sub-County Hospital maternity",
     "Oxytocin runs out in maternity at month end", "Commodities and supplies",
     "Late ordering of commodities by facilities", "Fishbone", "Webuye Sub County Hospital; Kimilili Sub-County Hospital", D(2026, 4, 1), D(2026, 10, 31), "On track", "M03",
     ("Facilities submitting orders on time", "%", "Higher", 40, 90), ("Days out of stock of oxytocin per month", "days", "Lower", 9, 0), 0.9),
    ("M04", "Scale up kangaroo mother care for preterm babies",
     "Preterm babies are kept in incubators that are often broken", "Processes",
     "No KMC space or trained staff", "Challenge model", "Bungoma CRH", D(2026, 5, 1), D(2027, 2, 28), "On track", "M13; M03",
     ("Staff trained in KMC", "count", "Higher", 2, 30), ("Low-birth-weight babies receiving KMC", "%", "Higher", 15, 70), 0.6),
    ("M05", "Improve water and sanitation in maternity units",
     "Maternity units lack running water", "Infrastructure",
     "Broken plumbing with no repair budget", "Problem tree", "Sirisia SCH; Chwele SCH", D(2026, 4, 1), D(2026, 12, 31), "Off track", "M18",
     ("Units assessed for WASH", "count", "Higher", 0, 12), ("Maternity units with running water", "%", "Higher", 40, 100), 0.25),
    ("M05", "Strengthen maternal death surveillance and response",
     "Maternal deaths reviewed late or not at all", "Information and data",
     "Notification forms not sent within 24 hours", "Five whys", "", D(2026, 3, 15), D(2026, 12, 31), "On track", "M14; M12",
     ("Deaths notified within 24 hours", "%", "Higher", 45, 100), ("Deaths reviewed within 7 days", "%", "Higher", 30, 90), 0.8),
    ("M06", "Reduce stock-outs of oxytocin at Webuye SCH and Kimilili SCH",
     "Stock-outs of oxytocin and other uterotonics", "Commodities and supplies",
     "Facilities order commodities late", "Fishbone", "Webuye SCH; Kimilili SCH", D(2026, 4, 15), D(2026, 11, 30), "On track", "M02",
     ("Stock reports received by the 5th", "%", "Higher", 50, 95), ("Facilities with an oxytocin stock-out in the month", "%", "Lower", 45, 5), 0.85),
    ("M06", "Introduce cold-chain temperature logs for oxytocin",
     "Oxytocin stored without temperature control", "Processes",
     "No fridge temperature monitoring", "Five whys", "Bumula HC; Kabuchai HC; Mayanja HC", D(2026, 5, 1), D(2026, 12, 31), "On track", "",
     ("Facilities keeping daily temperature logs", "%", "Higher", 10, 90), ("Oxytocin batches discarded for heat exposure", "count", "Lower", 12, 2), None),
    ("M07", "Improve timeliness of monthly MOH 711 reporting in DHIS2",
     "Monthly reports reach DHIS2 late", "Information and data",
     "Health records officers lack data bundles and training", "Fishbone", "", D(2026, 4, 1), D(2026, 12, 31), "On track", "M12",
     ("Records officers trained on DHIS2 entry", "count", "Higher", 5, 40), ("MOH 711 reports submitted on time", "%", "Higher", 55, 95), 0.9),
    ("M07", "Complete birth notification in maternity registers",
     "Births not notified to civil registration", "Processes",
     "Register columns left blank", "Problem tree", "Bungoma CRH; Webuye SCH", D(2026, 5, 1), D(2026, 12, 31), "At risk", "",
     ("Registers checked monthly", "%", "Higher", 0, 100), ("Births notified within 30 days", "%", "Higher", 50, 90), 0.4),
    ("M08", "Reduce turnaround time of haemoglobin tests for mothers",
     "Anaemia in pregnancy detected late", "Processes",
     "Samples batched and sent twice a week", "Fishbone", "Chwele SCH; Sirisia SCH", D(2026, 4, 1), D(2026, 10, 31), "On track", "M04",
     ("Facilities testing haemoglobin on site", "count", "Higher", 3, 10), ("Results returned within 24 hours", "%", "Higher", 30, 85), 1.0),
    ("M08", "Set up blood donation drives for maternity",
     "Blood for postpartum haemorrhage not available", "Commodities and supplies",
     "No regular donation drives", "Challenge model", "Bungoma CRH", D(2026, 6, 1), D(2027, 1, 31), "On track", "M11",
     ("Donation drives held", "count", "Higher", 0, 8), ("Blood requests for maternity met", "%", "Higher", 60, 95), 0.7),
    ("M09", "Increase iron and folic acid supplementation in pregnancy",
     "Few pregnant women take IFAS daily", "Commodities and supplies",
     "IFAS supplied irregularly and counselling weak", "Problem tree", "Bumula HC; Tongaren HC", D(2026, 4, 1), D(2026, 12, 31), "On track", "M10",
     ("Health workers counselling on IFAS", "count", "Higher", 10, 50), ("Pregnant women taking IFAS for 90+ days", "%", "Higher", 25, 60), 0.8),
    ("M09", "Promote exclusive breastfeeding in the first six months",
     "Exclusive breastfeeding rates are low", "Other",
     "Mothers receive conflicting advice", "Five whys", "Kabuchai HC; Mayanja HC", D(2026, 5, 1), D(2027, 4, 30), "Not started", "",
     ("Mother-to-mother support groups formed", "count", "Higher", 0, 20), ("Infants exclusively breastfed at 6 months", "%", "Higher", 38, 60), None),
    ("M10", "Increase 4th ANC visits through CHV home visits in Bumula",
     "Pregnant women drop out after the first ANC visit", "Human resources",
     "Community health volunteers do not follow up pregnant women", "Challenge model", "Bumula HC; Kabuchai HC", D(2026, 4, 1), D(2026, 12, 31), "On track", "M11",
     ("CHV home visits to pregnant women", "count", "Higher", 120, 600), ("Pregnant women completing 4 ANC visits", "%", "Higher", 42, 70), 0.9),
    ("M10", "Register all pregnant women in community units",
     "Pregnant women not known to community units", "Information and data",
     "CHV registers not updated", "Five whys", "Tongaren HC; Naitiri SCH", D(2026, 5, 1), D(2026, 12, 31), "On track", "",
     ("Community units with updated registers", "%", "Higher", 30, 100), ("Pregnant women registered in first trimester", "%", "Higher", 35, 75), 0.75),
    ("M11", "Raise fourth ANC attendance in Bumula through community health volunteers",
     "Women stop attending antenatal care after the first visit", "Human resources",
     "Community health volunteers are not following up pregnant mothers", "Problem tree", "Bumula Health Centre", D(2026, 5, 1), D(2027, 1, 31), "On track", "",
     ("Community dialogue days held", "count", "Higher", 0, 12), ("Women attending four antenatal visits", "%", "Higher", 40, 70), 0.7),
    ("M11", "Radio campaign on danger signs in pregnancy",
     "Mothers come late with danger signs", "Other",
     "Low awareness of danger signs", "Challenge model", "", D(2026, 6, 1), D(2026, 11, 30), "On track", "M04",
     ("Radio spots aired", "count", "Higher", 0, 40), ("Mothers able to name three danger signs", "%", "Higher", 20, 60), 0.8),
    ("M12", "Increase timely reporting of MOH 711 reports into DHIS2",
     "Late monthly reporting into DHIS2", "Information and data",
     "Records staff not trained on DHIS2 and lack bundles", "Fishbone", "", D(2026, 4, 15), D(2026, 12, 31), "On track", "",
     ("Data review meetings held", "count", "Higher", 0, 8), ("Reports submitted to DHIS2 on time", "%", "Higher", 52, 95), 0.85),
    ("M12", "Publish a quarterly CHMT scorecard",
     "Results are not shared with facilities", "Governance and coordination",
     "No agreed scorecard format", "Challenge model", "", D(2026, 4, 1), D(2027, 3, 31), "On track", "M01",
     ("Scorecard indicators agreed", "count", "Higher", 0, 12), ("Facilities receiving the scorecard", "%", "Higher", 0, 100), 0.6),
    ("M13", "Reduce caesarean section decision-to-delivery time at Bungoma CRH",
     "Emergency caesareans wait too long for theatre", "Processes",
     "Theatre team called one by one", "Fishbone", "Bungoma County Referral Hospital", D(2026, 4, 1), D(2026, 12, 31), "On track", "M03",
     ("Emergency drills held", "count", "Higher", 0, 10), ("Decision-to-delivery time", "minutes", "Lower", 95, 30), 0.8),
    ("M13", "Start maternal and perinatal death audits at Bungoma CRH",
     "Deaths not audited", "Governance and coordination",
     "Audit committee not constituted", "Problem tree", "Bungoma CRH", D(2026, 3, 15), D(2026, 9, 30), "Completed", "M05",
     ("Audit meetings held", "count", "Higher", 0, 6), ("Deaths audited within 30 days", "%", "Higher", 10, 90), 1.05),
    ("M14", "Improve cholera preparedness in border sub-counties",
     "Cholera outbreaks detected late", "Information and data",
     "Weak community surveillance", "Five whys", "Malakisi HC; Kopsiro HC", D(2026, 4, 1), D(2026, 12, 31), "On track", "",
     ("CHVs trained on case definitions", "count", "Higher", 0, 120), ("Suspected cases reported within 24 hours", "%", "Higher", 35, 90), 0.7),
    ("M14", "Strengthen maternal death notification",
     "Maternal deaths notified late", "Information and data",
     "Notification forms not sent in 24 hours", "Five whys", "", D(2027, 1, 15), D(2027, 6, 30), "Not started", "",
     ("Deaths notified within 24 hours", "%", "Higher", 45, 100), ("Deaths reviewed within 7 days", "%", "Higher", 30, 90), None),
    ("M15", "Increase HIV testing of pregnant women at first ANC",
     "Pregnant women not tested for HIV at first visit", "Commodities and supplies",
     "Test kits run out in lower facilities", "Fishbone", "Sirisia SCH; Malakisi HC", D(2026, 4, 1), D(2026, 12, 31), "On track", "M06",
     ("Facilities with a month of test kits", "%", "Higher", 50, 95), ("Pregnant women tested at first ANC", "%", "Higher", 70, 98), 0.9),
    ("M15", "Reduce TB treatment interruption",
     "TB patients stop treatment", "Processes",
     "No tracing of patients who miss appointments", "Problem tree", "Webuye SCH", D(2026, 5, 1), D(2027, 4, 30), "On track", "",
     ("Patients traced within 3 days", "%", "Higher", 20, 90), ("Patients interrupting treatment", "%", "Lower", 12, 4), 0.6),
    ("M16", "Ring-fence funds for maternal and newborn commodities",
     "Commodity budget diverted mid-year", "Finance",
     "No ring-fenced budget line", "Challenge model", "", D(2026, 4, 1), D(2026, 9, 30), "At risk", "M01; M06",
     ("Budget lines created", "count", "Higher", 0, 3), ("Share of commodity budget released", "%", "Higher", 40, 90), 0.4),
    ("M16", "Speed up facility improvement fund disbursement",
     "Facilities receive their funds late", "Finance",
     "Disbursements wait for quarterly batches", "Five whys", "", D(2026, 4, 1), D(2026, 10, 31), "Off track", "",
     ("Disbursements made monthly", "%", "Higher", 0, 100), ("Days from request to disbursement", "days", "Lower", 60, 20), 0.2),
    ("M17", "Fill vacant midwife posts in maternity units",
     "Maternity units run below staffing norms", "Human resources",
     "Recruitment frozen and transfers unmanaged", "Problem tree", "Chwele SCH; Sirisia SCH; Naitiri SCH", D(2026, 4, 1), D(2027, 3, 31), "On track", "M03",
     ("Posts advertised", "count", "Higher", 0, 25), ("Maternity units meeting midwife staffing norms", "%", "Higher", 30, 70), 0.6),
    ("M17", "Introduce staff performance appraisals",
     "No appraisal of health workers", "Human resources",
     "Appraisal forms not distributed", "Five whys", "", D(2026, 6, 1), D(2026, 12, 31), "On track", "",
     ("Supervisors trained on appraisals", "count", "Higher", 0, 40), ("Staff appraised this year", "%", "Higher", 5, 80), 0.7),
    ("M18", "Repair delivery beds and lights in sub-county hospitals",
     "Broken delivery beds and lights", "Infrastructure",
     "No planned preventive maintenance", "Fishbone", "Webuye SCH; Sirisia SCH", D(2026, 5, 15), D(2026, 12, 31), "On track", "M02",
     ("Equipment inventories done", "count", "Higher", 0, 6), ("Delivery beds in working order", "%", "Higher", 55, 95), 0.8),
    ("M18", "Keep oxygen concentrators working in newborn units",
     "Oxygen concentrators break down", "Infrastructure",
     "No spare parts or servicing plan", "Five whys", "Bungoma CRH; Webuye SCH", D(2026, 6, 1), D(2027, 1, 31), "On track", "M13",
     ("Concentrators serviced", "count", "Higher", 0, 20), ("Concentrators working", "%", "Higher", 50, 95), 0.8),
)

OFFERS_REQUESTS = (
    ("OR01", D(2026, 4, 14), "M07", "", "Offer", "Train sub-county records officers on DHIS2 data entry and validation", "", "Open"),
    ("OR02", D(2026, 4, 20), "M12", "", "Request", "Help to train sub-county teams on DHIS2 data validation", "", "Open"),
    ("OR03", D(2026, 5, 5), "M06", "M04", "Offer", "Share the weekly stock status report of uterotonics", "", "Accepted"),
    ("OR04", D(2026, 5, 6), "M04", "", "Request", "Weekly stock status of oxytocin and other uterotonics for maternity units", "", "Open"),
    ("OR05", D(2026, 5, 18), "M13", "", "Offer", "Host emergency obstetric drills for sub-county hospital teams at Bungoma CRH", "", "Open"),
    ("OR06", D(2026, 6, 2), "M03", "", "Request", "Obstetric emergency drills for nurses in sub-county hospitals", "", "Open"),
    ("OR07", D(2026, 6, 9), "M16", "M02", "Request", "Procurement plan for maternity commodities before the budget review", "", "Done"),
    ("OR08", D(2026, 6, 15), "M11", "", "Offer", "Radio airtime for health messages every Thursday", "", "Open"),
    ("OR09", D(2026, 7, 1), "M10", "", "Request", "Airtime on local radio for messages on antenatal care", "", "Open"),
    ("OR10", D(2026, 7, 7), "M17", "", "Offer", "Coaching on writing job descriptions for vacant posts", "", "Open"),
    ("OR11", D(2026, 7, 21), "M08", "", "Request", "Transport for blood samples from Chwele to the county lab twice a week", "", "Open"),
    ("OR12", D(2026, 8, 4), "M18", "", "Offer", "Servicing schedule and spare parts list for oxygen concentrators", "", "Open"),
    ("OR13", D(2026, 8, 18), "M09", "M10", "Request", "CHVs to counsel pregnant women on iron and folic acid", "", "Open"),
    ("OR14", D(2026, 9, 1), "M05", "", "Offer", "Water quality testing kits for maternity units", "", "Declined"),
)

PLANTED_MISTAKES = (
    ("Assessments", "out-of-range", "M05's Endline self-assessment scores TOOLS3 as 7 on a 1-5 scale"),
    ("Sessions", "unknown-member", "a session is recorded for M19, who is not on the Members sheet"),
    ("Sessions", "unknown-choice", "a session type typed as 'One on one'"),
    ("Strengths", "id-case", "a strength of M04 typed with the ID 'm04'"),
    ("Initiatives", "date-order", "an initiative whose End date is before its Start date"),
    ("Measures", "target-equals-baseline", "a measure whose Target equals its Baseline"),
    ("Progress", "text-as-number", "a progress date typed as text '30/06/2026'"),
    ("Assessments", "too-few-items", "M07 left three of five NETWORKS items blank at Midline"),
    ("Assessments", "missing-baseline", "M18 joined in May, after the Baseline round"),
    ("Members", "few-strengths", "two members name only 8 strengths"),
    ("Progress", "impossible-value", "'theatre hours lost' entered as -0.1, 'disbursements made monthly' as -0.3% and an on-time reporting rate as 104%"),
    ("Progress", "progress-jump", "CHV home visits typed as 3210 instead of 321"),
    ("Progress", "progress-after-end", "a generator maintenance visit recorded two weeks after its initiative ended"),
    ("Initiatives", "no-recent-progress", "two running initiatives with no progress value since they started in May"),
    ("Initiatives", "outside-programme", "three initiatives that end after the programme's last day (31/03/2027)"),
    ("Initiatives", "status-contradicts-measures",
     "initiatives recorded On track whose measures are computed At risk, and one recorded Completed that ended short of its target"),
    ("Cascading", "not-whole", "12.5 people reached"),
    ("Cascading", "out-of-range", "0 people reached"),
    ("Cascading", "future-date", "a cascade dated after the As-of date"),
    ("Teams", "team-too-small", "a task team of one"),
    ("Initiatives", "owner-not-in-team", "an initiative whose task team on Teams leaves out its owner"),
    ("Initiatives", "team-not-task-team", "an initiative that names a consultant circle as its task team"),
    ("Initiatives", "unknown-reference", "an initiative naming team TT99, which is not on Teams"),
    ("Actions", "action-status-date", "an action marked Done without a Done date, and one done but still Open"),
    ("Actions", "date-order", "an action due before the session it was agreed at"),
    ("Team agreements", "unknown-member", "an agreement owned by M21, who is not on the Members sheet"),
)
"""What the demo gets wrong on purpose, so that validation has something to show."""


def _assessments(rng: random.Random) -> list[dict[str, object]]:
    items = default_indicator_rows()
    rows: list[dict[str, object]] = []
    for n, (mid, _name, _role, _dept, start, exit_date, _consent) in enumerate(MEMBERS):
        level = rng.choice((1, 2, 2, 2, 3))
        base = {it["Item code"]: max(1, min(4, level + rng.choice((-1, 0, 0, 1)))) for it in items}
        gain = {code: rng.choice((1, 1, 1, 2, 2, 0)) for code in base}
        for r, (round_name, round_date) in enumerate(ROUNDS):
            when = round_date + dt.timedelta(days=n % 5)
            if when < start or (exit_date and when > exit_date):
                continue
            self_scores = {}
            for code, b in base.items():
                step = 0 if r == 0 else (gain[code] if r == 2 else min(gain[code], rng.choice((0, 1))))
                self_scores[code] = min(5, b + step)
            if rng.random() < 0.5:  # an item left blank now and then; 4 of 5 answered still gives a score
                self_scores[rng.choice([c for c in self_scores if c.startswith(("TOOLS", "NETWORKS"))])] = None
            if mid == "M07" and round_name == "Midline":
                for code in ("NETWORKS2", "NETWORKS3", "NETWORKS4"):
                    self_scores[code] = None
            if mid == "M05" and round_name == "Endline":
                self_scores["TOOLS3"] = 7
            rows.append({"Member ID": mid, "Round": round_name, "Date": when, "Rater": "Self", **self_scores,
                         "Notes": "Self-assessment at the coaching session"})
            if round_name in ("Baseline", "Endline"):
                coach = {
                    code: (None if s is None else max(1, min(5, s + rng.choice((0, 0, 0, -1, -1, 1)))))
                    for code, s in self_scores.items()
                }
                if mid == "M05" and round_name == "Endline":
                    coach["TOOLS3"] = 4
                rows.append({"Member ID": mid, "Round": round_name, "Date": when, "Rater": "Coach", **coach,
                             "Notes": f"Scored by {COACHES[n // 9]}"})
    return rows


def _sessions(rng: random.Random) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    group_dates = (D(2026, 4, 6), D(2026, 5, 4), D(2026, 6, 1), D(2026, 7, 6), D(2026, 8, 3), D(2026, 9, 7))
    for n, (mid, _name, _role, _dept, start, exit_date, _consent) in enumerate(MEMBERS):
        coach = COACHES[n // 9]

        def add(date: dt.date, kind: str, minutes: int, attended: bool, tools: str = "", actions: str = "", nxt=None) -> None:
            if date < start or (exit_date and date > exit_date):
                return
            rows.append({"Session date": date, "Member ID": mid, "Session type": kind, "Coach": coach,
                         "Duration (min)": minutes, "Attended": attended, "Tools used": tools,
                         "Agreed actions": actions, "Next session date": nxt})

        add(D(2026, 3, 2), "Opening workshop", 480, True, "Challenge model; personal development plan")
        for g in group_dates:
            add(g, "Group coaching", 180, rng.random() < 0.85, rng.choice(("Fishbone", "Challenge model", "Offers and requests")))
        lapse = D(2026, 7, 20) if mid in ("M05", "M14", "M17") else D(2026, 10, 10)
        day = D(2026, 3, 16) + dt.timedelta(days=n % 7)
        while day < lapse and day <= AS_OF:
            nxt = day + dt.timedelta(days=rng.choice((28, 35, 42)))
            add(day, "One-on-one", 60, rng.random() < 0.9, rng.choice(("Fishbone", "Five whys", "Challenge model", "")),
                "Review the initiative's measures and update the development plan", nxt)
            day = nxt
        if n % 3 == 0:
            add(D(2026, 6, 22), "Consultant circle", 120, True, "Offers and requests")
        if n % 2 == 0:
            add(D(2026, 5, 25) + dt.timedelta(days=n), "Task team", 90, True, "Problem tree")
        add(D(2026, 10, 5), "Closing workshop", 480, rng.random() < 0.95)
    rows.append({"Session date": D(2026, 6, 24), "Member ID": "M19", "Session type": "One-on-one", "Coach": COACHES[1],
                 "Duration (min)": 60, "Attended": True, "Tools used": "Five whys", "Agreed actions": "", "Next session date": None})
    rows.append({"Session date": D(2026, 8, 12), "Member ID": "M08", "Session type": "One on one", "Coach": COACHES[0],
                 "Duration (min)": 45, "Attended": True, "Tools used": "Fishbone", "Agreed actions": "Share lab turnaround data",
                 "Next session date": None})
    rows.sort(key=lambda r: (r["Session date"], r["Member ID"]))
    return rows


def _initiatives(rng: random.Random) -> tuple[list[dict], list[dict], list[dict]]:
    initiatives, measures, progress = [], [], []
    count: dict[str, int] = {}
    for owner, title, challenge, category, cause, tool, sites, start, end, status, team, leading, lagging, perf in INITIATIVES:
        count[owner] = count.get(owner, 0) + 1
        iid = f"I{owner[1:]}-{count[owner]}"
        if iid == "I16-2":
            start, end = D(2026, 10, 31), D(2026, 4, 1)
        initiatives.append({
            "Initiative ID": iid, "Owner": owner, "Department": "", "Title": title, "Challenge": challenge,
            "Root cause category": category, "Root cause": cause, "Tool used": tool, "Sites": sites,
            "Start date": start, "End date": end, "Status": status, "Task team": team,
            "Within my control": CONTROL_BY_CATEGORY[category], "Team ID": "",
        })
        for kind, (name, unit, better, base, target) in (("Leading", leading), ("Lagging", lagging)):
            mid = f"{iid}-{'L' if kind == 'Leading' else 'R'}"
            if mid == "I17-2-R":
                target = base
            measures.append({
                "Measure ID": mid, "Initiative ID": iid, "Kind": kind, "Measure": name, "Unit": unit,
                "Better when": better, "Baseline": base, "Baseline date": min(start, end) if min(start, end) <= AS_OF else None, "Target": target,
                "Target date": max(start, end), "Data source": "DHIS2" if unit == "%" else "Department records",
            })
            if perf is None:
                continue
            first, last = min(start, end), max(start, end)
            months = max(1, (min(last, AS_OF) - first).days // 30)
            span = max(1, (last - first).days // 30)
            for k in range(1, months + 1):
                share = perf * k / span
                value = base + (target - base) * min(share, 1.15) + rng.uniform(-0.04, 0.04) * abs(target - base)
                if unit == "count":
                    value = round(max(0, value))
                else:
                    value = round(value, 1)
                date = first + dt.timedelta(days=30 * k)
                progress.append({"Measure ID": mid, "Date": date, "Value": value, "Comment": ""})
    for row in progress:
        if row["Measure ID"] == "I04-1-L" and row["Date"] == D(2026, 6, 30):
            row["Date"] = "30/06/2026"
        elif row["Measure ID"] == "I07-1-R" and row["Date"] == D(2026, 7, 30):
            row["Value"] = 104
        elif row["Measure ID"] == "I10-1-L" and row["Date"] == D(2026, 7, 30):
            row["Value"] *= 10
    progress.append({"Measure ID": "I02-2-L", "Date": D(2026, 8, 14), "Value": 4, "Comment": "Final maintenance visit"})
    rng.shuffle(progress)
    return initiatives, measures, progress


CONTROL_BY_CATEGORY = {
    "Processes": "Yes", "Information and data": "Yes", "Human resources": "Partly", "Commodities and supplies": "Partly",
    "Governance and coordination": "Partly", "Infrastructure": "No", "Finance": "No", "Other": "Partly",
}
"""Within my control, as the circle of control exercise sorted each kind of root cause."""

CIRCLES = (
    ("CC01", "Consultant circle", "Circle A: supplies and services", "Peers advise each other on commodity and service problems",
     ("M03", "M06", "M09", "M12", "M15", "M17"), D(2026, 6, 22)),
    ("CC02", "Consultant circle", "Circle B: data and community", "Peers advise each other on data and community work",
     ("M01", "M04", "M07", "M10", "M13"), D(2026, 6, 22)),
)
CASCADE_TOOLS = ("Fishbone analysis", "Challenge model", "Offers and requests", "Personal development plan", "Five whys",
                 "Leading and lagging measures")
ACTION_TEXTS = (
    "Share the initiative's latest measures with the task team", "Draft the challenge statement and its measurable goal",
    "Meet the sub-county team to agree the root cause", "Make one offer and one request at the CHMT meeting",
    "Update the personal development plan", "Collect last month's DHIS2 figures for the lead measure",
    "Call the partner about the commodity gap", "Hold a fishbone session with facility in-charges",
)
AGREEMENTS = (
    ("Shared value", "Accountability: we do what we agreed, by the date we agreed, and say early when we cannot", "", D(2026, 3, 3), "In practice"),
    ("Shared value", "Teamwork across departments: no department plans alone", "", D(2026, 3, 3), "In practice"),
    ("Shared value", "The mother and newborn first in every decision", "", D(2026, 3, 3), "Agreed"),
    ("Role clarified", "The County Health Administrator approves maternity supply requisitions within 5 days", "M02", D(2026, 5, 4), "In practice"),
    ("Role clarified", "The M&E officer prepares the monthly results review for the CHMT meeting", "M12; M01", D(2026, 5, 4), "Agreed"),
    ("Role clarified", "The Pharmacist and the RH Coordinator share the weekly uterotonic stock report", "M06; M04", D(2026, 6, 1), "Agreed"),
    ("Job description", "Job description of the County Medical Engineer, with preventive maintenance duties", "M18; M17", D(2026, 7, 6), "Proposed"),
    ("Job description", "Job description of the Community Health Focal Person, with CHV supervision", "M10; M21", D(2026, 8, 3), "Proposed"),
)


def _teams(initiatives: list[dict]) -> list[dict]:
    """A task team on Teams for each initiative that had one, named by Team ID; two consultant circles; planted mistakes.

    Each task team holds the owner and the Member IDs the initiative typed, so the SHARED-TEAM reason sees the
    same people whether it reads Task team or Teams.
    """
    teams = [
        {"Team ID": tid, "Kind": kind, "Name": name, "Purpose": purpose, "Members": members, "Start date": start, "End date": None}
        for tid, kind, name, purpose, members, start in CIRCLES
    ]
    number = 0
    for row in initiatives:
        typed = tuple(m.strip() for m in str(row["Task team"]).split(";") if m.strip())
        iid = row["Initiative ID"]
        if iid == "I17-2":
            row["Team ID"] = "CC01"  # planted: a consultant circle named as a task team
            continue
        if iid == "I16-1":
            row["Team ID"] = "TT99"  # planted: a team that is not on Teams
            continue
        if not typed and iid != "I07-2":
            continue
        number += 1
        tid = f"TT{number:02d}"
        members = (row["Owner"], *typed)
        if iid == "I01-1":
            members = typed  # planted: the owner left out of the team
        teams.append({"Team ID": tid, "Kind": "Task team", "Name": row["Title"],
                      "Purpose": f"Run initiative {iid}", "Members": members, "Start date": row["Start date"], "End date": None})
        row["Team ID"] = tid
        if number % 2 == 0:
            row["Task team"] = ""  # named by Team ID only; the others keep the IDs typed as in earlier versions
    return teams


def _cascading(rng: random.Random) -> list[dict]:
    rows = []
    for n, (mid, *_rest) in enumerate(MEMBERS):
        if n % 4 == 3:
            continue
        for k in range(1 + n % 3):
            level = AUDIENCE_BY_ROLE[n % len(AUDIENCE_BY_ROLE)] if k == 0 else rng.choice(AUDIENCE_BY_ROLE)
            rows.append({"Date": D(2026, 4, 20) + dt.timedelta(days=23 * k + 3 * n), "Member ID": mid, "Audience level": level,
                         "People reached": rng.choice((6, 8, 12, 15, 20, 25, 40)), "Tool or skill": rng.choice(CASCADE_TOOLS),
                         "Notes": ""})
    rows[2]["People reached"] = 12.5
    rows[5]["People reached"] = 0
    rows[7]["Date"] = D(2026, 11, 20)
    rows.sort(key=lambda r: (r["Date"], r["Member ID"]))
    return rows


AUDIENCE_BY_ROLE = ("Sub-county health management team", "Facility in-charges", "Facility staff", "Community health units",
                    "Hospital management team")


def _actions(rng: random.Random, sessions: list[dict]) -> list[dict]:
    """One agreed action per attended one-on-one; done, open (some overdue) or dropped; three planted mistakes."""
    rows = []
    for s in sessions:
        if s["Session type"] != "One-on-one" or not s["Attended"] or s["Member ID"] not in {m[0] for m in MEMBERS}:
            continue
        agreed = s["Session date"]
        due = s["Next session date"] or agreed + dt.timedelta(days=28)
        behind = s["Member ID"] in ("M05", "M14", "M17")
        roll = rng.random()
        if due > AS_OF or (behind and roll < 0.6) or roll < 0.12:
            status, done = "Open", None
        elif roll < 0.16:
            status, done = "Dropped", None
        else:
            status, done = "Done", min(AS_OF, due + dt.timedelta(days=rng.choice((-7, -3, 0, 2, 5, 10))))
        rows.append({"Session date": agreed, "Member ID": s["Member ID"], "Action": rng.choice(ACTION_TEXTS),
                     "Due date": due, "Done date": done, "Status": status})
    done = [r for r in rows if r["Status"] == "Done"]
    done[0]["Done date"] = None
    done[1]["Status"] = "Open"
    rows[3]["Due date"] = rows[3]["Session date"] - dt.timedelta(days=7)
    return rows


def demo_rows(seed: int = 2026) -> dict[str, list[dict[str, object]]]:
    """Every input sheet of the demo workbook, as rows keyed by contract header."""
    rng = random.Random(seed)
    members = [
        {"Member ID": mid, "Full name": name, "Role": role, "Department": dept,
         "Email": name.lower().replace("dr. ", "").replace("'", "").replace(" ", ".") + "@bungoma-health.example",
         "Coach": COACHES[n // 9], "Start date": start, "Exit date": exit_date, "Consent to named reporting": consent}
        for n, (mid, name, role, dept, start, exit_date, consent) in enumerate(MEMBERS)
    ]
    strengths = []
    for n, (mid, *_rest) in enumerate(MEMBERS):
        count = rng.choice((8, 10, 10, 11, 12, 12)) if n % 4 else 10
        for s in rng.sample(STRENGTHS, count):
            strengths.append({"Member ID": mid, "Strength": s})
    for row in strengths:
        if row["Member ID"] == "M04":
            row["Member ID"] = "m04"
            break
    goals = []
    for n, (mid, *_rest) in enumerate(MEMBERS):
        for g, (indicator, goal) in enumerate(rng.sample(GOALS, rng.choice((2, 3)))):
            goals.append({"Goal ID": f"G{n + 1:02d}{chr(97 + g)}", "Member ID": mid, "Development goal": goal,
                          "Linked indicator": indicator, "Actions": GOAL_ACTIONS, "Due date": D(2026, 12, 15),
                          "Status": rng.choice(("In progress", "In progress", "Done", "Not started"))})
    initiatives, measures, progress = _initiatives(rng)
    offers = [
        {"ID": i, "Date": d, "From": f, "To": t, "Type": ty, "Description": desc, "Initiative ID": ini, "Status": st}
        for i, d, f, t, ty, desc, ini, st in OFFERS_REQUESTS
    ]
    assessments, sessions = _assessments(rng), _sessions(rng)
    teams = _teams(initiatives)
    programme = random.Random(seed + 14)  # its own stream, so the sheets above stay as earlier versions made them
    agreements = [{"Kind": k, "Agreement": t, "Owners": o, "Date": d, "Status": st} for k, t, o, d, st in AGREEMENTS]
    return {
        "Members": members,
        "Assessments": assessments,
        "Sessions": sessions,
        "Strengths": strengths,
        "Goals": goals,
        "Initiatives": initiatives,
        "Measures": measures,
        "Progress": progress,
        "Offers & Requests": offers,
        "Teams": teams,
        "Cascading": _cascading(programme),
        "Actions": _actions(programme, sessions),
        "Team agreements": agreements,
    }
