"""The word lists overlap detection compares text with: stop words, phrases, synonyms.

Kept apart from the code so that a county can read (and a maintainer can
extend) exactly which words count. Every synonym below names one thing two
ways in this programme's own language (Kenyan county health management); a
pair is only mapped together when an initiative written with one word would
be the same work as one written with the other. Broader relations are left
out on purpose, e.g. ``uterotonic`` is NOT mapped to ``oxytocin``: an
initiative on uterotonics in general also covers misoprostol and carbetocin,
and mapping would make "misoprostol stock-outs" look like "oxytocin
stock-outs". Such pairs can still be flagged through the root cause or the
measures.
"""

from __future__ import annotations

STOP_WORDS = frozenset(
    """
    a about above across after again against all also among an and any are as at be because been before being
    below between both but by can could did do does doing done down during each either etc few for from further
    had has have having he her here hers him his how i if in into is it its itself just many may me might more
    most much must my no nor not now of off on once only or other others our out over own per same she should
    so some such than that the their them then there these they this those through thus to too under until up
    upon us very via was we were what when where which while who whom why will with within without would yet you
    your e g ie eg vs
    improve improved improving improvement improvements increase increased increasing reduce reduced reducing
    reduction decrease decreasing strengthen strengthened strengthening enhance enhancing ensure ensuring promote
    promoting support supporting establish establishing achieve achieving boost boosting address addressing
    minimise minimize lower lowering raise raising tackle tackling attain scale scaling better good poor low high
    higher lower inadequate insufficient lack lacking limited weak weakness many few more less new various
    effective effectively appropriate proper properly adequate regular regularly ongoing key main major
    inconsistent unreliable declining irregular persistent frequent rising worsening sustain sustained
    reached reach reaching received receiving conducted area areas submit submits submitted submitting
    submission submissions held hold holds holding
    measure measures measured measuring leading lagging kpi kpis target targets baseline
    health county counties kenya facility facilities service services programme program programmes programs
    initiative initiatives project projects activity activities department departments team teams chmt scht
    sub subcounty subcounties hospital hospitals centre centres center centers dispensary dispensaries clinic
    clinics level ward wards unit units
    percentage percent proportion number numbers rate rates ratio count counts total no indicator indicators
    need needs needed request requests requesting offer offers offering help assist share sharing provide
    providing please would like willing always every
    """.split()
)
"""Function words, the verbs every initiative starts with, and words every CHMT text shares.

Facility-type words (hospital, dispensary, ward) are here because where the
work happens is compared on its own (SAME-SITE); measure words (percentage,
proportion, number) because every measure has them; offer words (need,
offer, help) because every offer and request has them.
"""

PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("stock", "out"): ("stockout",),
    ("stock", "outs"): ("stockout",),
    ("out", "of", "stock"): ("stockout",),
    ("sub", "county"): ("subcounty",),
    ("ante", "natal"): ("antenatal",),
    ("post", "natal"): ("postnatal",),
    ("post", "partum"): ("postnatal",),
    ("post", "delivery"): ("postnatal",),
    ("follow", "up"): ("followup",),
    ("lost", "to", "followup"): ("defaulter",),
    ("loss", "to", "followup"): ("defaulter",),
    ("family", "planning"): ("familyplanning",),
    ("community", "health", "volunteer"): ("chv",),
    ("community", "health", "volunteers"): ("chv",),
    ("community", "health", "worker"): ("chv",),
    ("community", "health", "workers"): ("chv",),
    ("community", "health", "promoter"): ("chv",),
    ("community", "health", "promoters"): ("chv",),
    ("community", "health", "unit"): ("chu",),
    ("community", "health", "units"): ("chu",),
    ("community", "unit"): ("chu",),
    ("community", "units"): ("chu",),
    ("human", "resource"): ("staff",),
    ("human", "resources"): ("staff",),
    ("health", "workers"): ("staff",),
    ("health", "worker"): ("staff",),
    ("health", "care", "workers"): ("staff",),
    ("healthcare", "workers"): ("staff",),
    ("on", "time"): ("timeliness",),
    ("in", "time"): ("timeliness",),
    ("waiting", "time"): ("waiting",),
    ("waiting", "times"): ("waiting",),
    ("wait", "time"): ("waiting",),
    ("out", "patient"): ("outpatient",),
    ("in", "patient"): ("inpatient",),
    ("people", "living", "with", "hiv"): ("plhiv",),
    ("persons", "living", "with", "hiv"): ("plhiv",),
    ("pregnant", "women"): ("pregnantwoman",),
    ("pregnant", "woman"): ("pregnantwoman",),
    ("pregnant", "mothers"): ("pregnantwoman",),
    ("expectant", "mothers"): ("pregnantwoman",),
    ("women", "of", "reproductive", "age"): ("wra",),
    ("hard", "to", "reach"): ("hardtoreach",),
    ("young", "people"): ("youth",),
    ("under", "one"): ("underone",),
    ("under", "ones"): ("underone",),
    ("under", "1"): ("underone",),
    ("under", "five"): ("underfive",),
    ("under", "fives"): ("underfive",),
    ("under", "5"): ("underfive",),
    ("cold", "chain"): ("coldchain",),
    ("breast", "feeding"): ("breastfeeding",),
    ("breast", "fed"): ("breastfeeding",),
    ("data", "quality"): ("dataquality",),
    ("kangaroo", "mother", "care"): ("kmc",),
    ("low", "birth", "weight"): ("lbw",),
    ("antiretroviral", "therapy"): ("arv",),
    ("facility", "improvement", "fund"): ("fif",),
    ("facility", "improvement", "funds"): ("fif",),
    ("moh", "711"): ("moh711",),
    ("moh", "705"): ("moh705",),
    ("moh", "731"): ("moh731",),
}
"""Word sequences (already lower-case, hyphens split) read as one word. Longest match wins."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    # the same commodity problem said positively or negatively
    "stockout": ("stockout",), "stockouts": ("stockout",), "shortage": ("stockout",), "shortages": ("stockout",),
    "availability": ("stockout",), "unavailability": ("stockout",), "unavailable": ("stockout",),
    "available": ("stockout",),
    # abbreviations in everyday CHMT use
    "anc": ("antenatal",), "prenatal": ("antenatal",), "pnc": ("postnatal",), "postpartum": ("postnatal",),
    "pph": ("postnatal", "haemorrhage"), "hemorrhage": ("haemorrhage",), "bleeding": ("haemorrhage",),
    "fp": ("familyplanning",), "contraceptive": ("familyplanning",), "contraceptives": ("familyplanning",),
    "contraception": ("familyplanning",),
    "chv": ("chv",), "chvs": ("chv",), "chw": ("chv",), "chws": ("chv",), "chu": ("chu",), "chus": ("chu",),
    "dhis": ("dhis",), "dhis2": ("dhis",), "khis": ("dhis",), "khis2": ("dhis",), "hmis": ("dhis",),
    "immunisation": ("immunization",), "immunization": ("immunization",), "immunise": ("immunization",),
    "immunize": ("immunization",), "vaccination": ("immunization",), "vaccinations": ("immunization",),
    "vaccinate": ("immunization",), "epi": ("immunization",),
    "vaccines": ("vaccine",),
    "tuberculosis": ("tb",), "arvs": ("arv",), "antiretrovirals": ("arv",), "antiretroviral": ("arv",), "art": ("arv",),
    "defaulters": ("defaulter",), "defaulting": ("defaulter",), "ltfu": ("defaulter",),
    "opd": ("outpatient",), "ipd": ("inpatient",),
    "kmc": ("kmc",), "lbw": ("lbw",), "dqa": ("dataquality", "audit"), "dqas": ("dataquality", "audit"),
    "mpdsr": ("maternal", "perinatal", "mortality", "surveillance", "response"),
    "hr": ("staff",), "hrh": ("staff",), "hcw": ("staff",), "hcws": ("staff",), "staffing": ("staff",),
    "personnel": ("staff",), "workforce": ("staff",),
    "absenteeism": ("absenteeism",), "absence": ("absenteeism",), "absent": ("absenteeism",),
    "absences": ("absenteeism",),
    "late": ("timeliness",), "lateness": ("timeliness",), "delay": ("timeliness",), "delays": ("timeliness",),
    "delayed": ("timeliness",), "timely": ("timeliness",), "untimely": ("timeliness",), "timeliness": ("timeliness",),
    "tardy": ("timeliness",),
    "death": ("mortality",), "deaths": ("mortality",), "mortality": ("mortality",), "die": ("mortality",),
    "dying": ("mortality",),
    "birth": ("delivery",), "births": ("delivery",), "deliveries": ("delivery",), "childbirth": ("delivery",),
    "newborn": ("neonatal",), "newborns": ("neonatal",), "neonate": ("neonatal",), "neonates": ("neonatal",),
    "drugs": ("commodity",), "drug": ("commodity",), "medicines": ("commodity",), "medicine": ("commodity",),
    "commodities": ("commodity",), "pharmaceuticals": ("commodity",), "pharmaceutical": ("commodity",),
    "lab": ("laboratory",), "labs": ("laboratory",), "laboratories": ("laboratory",),
    "requisition": ("order",), "requisitions": ("order",), "ordering": ("order",), "orders": ("order",),
    "attendance": ("visit",), "attend": ("visit",), "attending": ("visit",), "contacts": ("visit",), "contact": ("visit",),
    "fridge": ("refrigerator",), "fridges": ("refrigerator",), "refrigerators": ("refrigerator",),
    "wait": ("waiting",),
    "funds": ("fund",), "funding": ("fund",), "finances": ("fund",), "money": ("fund",),
    "first": ("1",), "1st": ("1",), "one": ("1",), "second": ("2",), "2nd": ("2",), "two": ("2",),
    "third": ("3",), "3rd": ("3",), "three": ("3",), "fourth": ("4",), "4th": ("4",), "four": ("4",),
    "fifth": ("5",), "5th": ("5",), "five": ("5",), "six": ("6",), "sixth": ("6",), "6th": ("6",),
    "seven": ("7",), "ten": ("10",), "twelve": ("12",), "fourteen": ("14",), "thirty": ("30",), "eight": ("8",), "8th": ("8",), "eighth": ("8",),
    "mt": ("mount",),
    "moh711": ("moh711",), "moh705": ("moh705",), "moh731": ("moh731",), "anc4": ("antenatal", "4"),
    "anc1": ("antenatal", "1"), "covid19": ("covid",), "covid": ("covid",),
    "children": ("child",), "women": ("woman",), "mothers": ("mother",), "girls": ("girl",), "men": ("man",),
}
"""Single words (lower-case) replaced by one or more canonical words before stemming."""
