"""The published Shropshire figures the partner-file generators are calibrated to.

Keys of the yearly tables are the first calendar year of a financial year (2023 = 2023/24).
Tags cite the report catalogue (``shared/guide/report-catalogue.md``): ``[000]`` is the CSP annual
report 2024/25, ``[001]`` the needs assessment and safeguarding report 2023/24, ``[003]`` the
2017-20 strategy. Figures the reports do not give are plausible values chosen to fit them (for
example the 2022/23 totals behind a published % change); they are marked "chosen".
"""

from __future__ import annotations

from datetime import date

# --- police recorded crime [000][001] -------------------------------------------------------------

#: Total recorded crime excluding fraud: 18,208 and 16,508 [000:L192]; 2022/23 from "18,216, a
#: 5% (n=864) decrease" [001:L409].
TOTAL_CRIME = {2022: 19_080, 2023: 18_208, 2024: 16_508}
#: Months pinned to the published monthly totals (FY, month index 0 = April): March 2024 1,379,
#: February 2025 1,216, March 2025 1,386 [000:L193].
TOTAL_CRIME_MONTHS = {2023: {11: 1_379}, 2024: {10: 1_216, 11: 1_386}}
#: Violence with injury in March 2024 (168), February 2025 (117), March 2025 (162) [000:L215].
VWI_MONTHS = {2023: {11: 168}, 2024: {10: 117, 11: 162}}

#: An offence as counted: (Home Office code, description as the force's extract writes it, counts
#: for 2022/23, 2023/24 and 2024/25). The violence with injury rows reproduce the published
#: sub-type table exactly [001:L446-458] (seed table violence-with-injury-breakdown-2023-24.csv),
#: including its spellings; the shipped Home Office list has no separate code for an assault on
#: an emergency worker, so those offences carry 8N.
Offence = tuple[str, str | None, tuple[int, int, int]]

#: Offence groups: (name, group totals or None for the sum of the rows, residual code that takes
#: what the listed rows leave of the total, rows). The residual of public order ("9A") takes what
#: all groups leave of :data:`TOTAL_CRIME`.
GROUPS: tuple[tuple[str, tuple[int, int, int] | None, str | None, tuple[Offence, ...]], ...] = (
    (
        "Violence with injury",  # 2,301 / 2,228 / 1,939 [000:L214], [001:L446-458]
        None,
        None,
        (
            ("8N", "Assault with injury", (2124, 2028, 1747)),
            ("5D", "Assault with intent to cause serious harm", (118, 123, 118)),
            ("8S", "Assault with injury on a constable", (24, 31, 27)),
            ("8P", "Race or religiously aggravated assault with injury", (13, 16, 12)),
            ("4.4", "Death or serious injury by dangerous driving", (9, 12, 15)),
            ("5E", "Endangering life", (6, 6, 7)),
            ("2", "Attempted murder", (5, 5, 4)),
            ("8N", "Assault with injury on an emergency work", (1, 4, 6)),
            ("4.8", "Death by careless or inconsiderate driving", (0, 2, 2)),
            ("4.6", "Death by careless driving drink and drugs", (0, 1, 1)),
            ("37.1", "Causing death by aggravated vehicle taking", (1, 0, 0)),
        ),
    ),
    ("Homicide", None, None, (("1/4.1/4.10/4.2", None, (3, 2, 3)),)),
    (
        "Violence without injury",  # 14.8% of three years, -6% in 2024/25 [000:L200-203]
        (2722, 2701, 2539),
        "105A",
        (
            ("104", None, (92, 88, 85)),
            ("105B", None, (55, 45, 38)),
            ("3B", None, (112, 108, 101)),
            ("11A", None, (72, 70, 66)),
            ("36", None, (16, 14, 15)),
            ("13", None, (4, 3, 4)),
            ("106", None, (12, 11, 13)),
            ("3A", None, (1, 0, 1)),
        ),
    ),
    (
        "Stalking and harassment",  # 13.5% of three years, -2% [000:L200-203]
        (2460, 2426, 2376),
        "8R",
        (("8M", None, (38, 30, 22)), ("8Q", None, (610, 620, 640)), ("8L", None, (880, 850, 800))),
    ),
    (
        "Rape",
        (270, 255, 245),
        "19C",
        (
            ("19D", None, (32, 30, 28)),
            ("19E", None, (20, 19, 18)),
            ("19F", None, (14, 12, 13)),
            ("19G", None, (8, 7, 7)),
            ("19H", None, (5, 4, 5)),
        ),
    ),
    (
        "Other sexual offences",  # +5% in 2024/25 [000:L204]
        (340, 330, 347),
        "20A",
        (
            ("20B", None, (26, 25, 27)),
            ("21", None, (17, 16, 18)),
            ("22A", None, (17, 16, 16)),
            ("22B", None, (40, 38, 41)),
            ("17A", None, (14, 13, 14)),
            ("17B", None, (6, 6, 7)),
            ("23", None, (4, 4, 3)),
            ("70", None, (3, 3, 4)),
            ("71", None, (10, 9, 10)),
            ("73", None, (7, 7, 8)),
            ("88A", None, (17, 16, 18)),
            ("88C", None, (26, 25, 27)),
            ("88E", None, (52, 50, 54)),
        ),
    ),
    ("Robbery", None, None, (("34A", None, (15, 8, 13)), ("34B", None, (105, 87, 82)))),
    (
        "Domestic burglary",
        (680, 600, 560),
        "28E",
        (("28F", None, (90, 85, 80)), ("28G", None, (6, 5, 5)), ("28H", None, (2, 2, 1))),
    ),
    (
        "Non-domestic burglary",
        (1080, 950, 820),
        "30C",
        (("30D", None, (120, 110, 100)), ("31A", None, (3, 2, 3))),
    ),
    (
        "Vehicle offences",
        None,
        None,
        (
            ("48", None, (270, 260, 225)),
            ("45", None, (600, 500, 430)),
            ("37.2", None, (7, 6, 11)),
            ("126", None, (62, 60, 55)),
        ),
    ),
    ("Theft from the person", None, None, (("39", None, (110, 105, 95)),)),
    ("Bicycle theft", None, None, (("44", None, (170, 150, 249)),)),  # +66% [000:L204]
    ("Shoplifting", None, None, (("46", None, (1650, 1960, 1607)),)),  # -18%
    (
        "All other theft offences",  # -12%
        (1650, 1560, 1373),
        "49",
        (
            ("49A", None, (260, 250, 230)),
            ("41", None, (60, 55, 50)),
            ("40", None, (70, 65, 60)),
            ("35", None, (25, 28, 30)),
            ("43", None, (8, 7, 6)),
            ("47", None, (5, 4, 4)),
            ("42", None, (6, 5, 5)),
        ),
    ),
    (
        "Criminal damage",  # -6%
        (1700, 1640, 1542),
        "58D",
        (
            ("58J", None, (20, 14, 12)),
            ("58A", None, (420, 400, 380)),
            ("58B", None, (260, 250, 235)),
            ("58C", None, (470, 455, 425)),
        ),
    ),
    ("Arson", None, None, (("56A", None, (10, 9, 8)), ("56B", None, (85, 81, 74)))),
    # Drugs: 387 / 396 / 385; trafficking +35% and possession -24% in 2024/25; Q4 2024/25 48
    # possession and 52 trafficking [000:L247-249].
    ("Trafficking of drugs", None, None, (("92A", None, (136, 141, 190)),)),
    (
        "Possession of drugs",
        (251, 255, 195),
        "92E",
        (("92D", None, (74, 75, 57)), ("92C", None, (8, 8, 6))),
    ),
    (
        "Possession of weapons offences",
        None,
        None,
        (
            ("10D", None, (60, 55, 52)),
            ("10C", None, (30, 28, 26)),
            ("10B", None, (8, 8, 7)),
            ("10A", None, (2, 1, 2)),
            ("81", None, (4, 4, 3)),
        ),
    ),
    (
        "Public order offences",  # 9B up 23% to 95 in 2024/25 [000:L229]
        None,
        "9A",
        (("9B", None, (90, 77, 95)), ("62A", None, (6, 5, 7)), ("66", None, (62, 60, 58))),
    ),
    (
        "Miscellaneous crimes against society",
        (600, 500, 420),
        "99",
        (
            ("802", None, (95, 90, 92)),
            ("83", None, (40, 38, 36)),
            ("54", None, (30, 28, 27)),
            ("96", None, (12, 11, 13)),
            ("59", None, (25, 24, 22)),
            ("33", None, (8, 7, 7)),
            ("33A", None, (10, 9, 9)),
            ("61A", None, (12, 11, 10)),
            ("79", None, (28, 27, 26)),
            ("86", None, (45, 44, 46)),
            ("95", None, (20, 19, 18)),
            ("814", None, (15, 14, 15)),
            ("80", None, (3, 3, 2)),
            ("69", None, (6, 5, 5)),
            ("67", None, (2, 2, 1)),
            ("60", None, (2, 1, 2)),
            ("61", None, (8, 7, 6)),
            ("24", None, (2, 2, 2)),
            ("27", None, (1, 1, 0)),
            ("38", None, (3, 3, 3)),
            ("76", None, (1, 0, 1)),
            ("15", None, (0, 1, 0)),
        ),
    ),
)
#: The code whose count makes the year add up to :data:`TOTAL_CRIME`.
FILLER = "9A"
#: Codes that are violence with injury, for the monthly pins.
VWI_CODES = frozenset(code for code, _, _ in GROUPS[0][3])
#: Drug possession and trafficking codes, with the Q4 2024/25 counts (48 and 52) [000:L249].
DRUG_POSSESSION = frozenset({"92C", "92D", "92E"})
DRUG_TRAFFICKING = frozenset({"92A"})
DRUG_QUARTERS = {2024: {3: (48, 52)}}

#: Hate crimes by strand [001:L617-625] (seed table hate-crime-strands-2023-24.csv) and 312 in
#: 2024/25 [000:L229] (strands chosen); one strand per offence.
HATE_STRANDS: dict[str, tuple[int, int, int]] = {
    "Race": (253, 196, 190),
    "Sexual Orientation": (97, 75, 66),
    "Disability": (49, 33, 28),
    "Transgender": (20, 22, 15),
    "Faith": (13, 10, 9),
    "Age": (1, 1, 2),
    "Alternative Sub-culture": (4, 0, 2),
}
#: Hate crimes by quarter of 2024/25: 62 in October-December, 100 in January-March [000:L231].
HATE_QUARTERS = {2024: {0: 75, 1: 75, 2: 62, 3: 100}}
#: Racially or religiously aggravated codes: always hate crimes, of the race or faith strand.
AGGRAVATED = frozenset({"8P", "9B", "105B", "8M", "58J"})
#: Where the other hate crimes are recorded (share of them).
HATE_CODES = {
    "9A": 0.45,
    "105A": 0.15,
    "8R": 0.12,
    "8N": 0.10,
    "8L": 0.08,
    "58D": 0.04,
    "49": 0.03,
    "3B": 0.03,
}

#: Domestic abuse offences: 2,625 in 2024/25, down 515 (-16.4%) [000:L263]; 2022/23 chosen.
DA_OFFENCES = {2022: 3_296, 2023: 3_140, 2024: 2_625}
#: Share of domestic abuse offences by code (chosen; violence without injury the largest).
DA_CODES = {
    "105A": 0.555,
    "3B": 0.025,
    "11A": 0.02,
    "8N": 0.20,
    "8L": 0.06,
    "8Q": 0.05,
    "8R": 0.04,
    "58A": 0.025,
    "58D": 0.015,
    "19C": 0.02,
    "20A": 0.01,
    "5D": 0.006,
    "49": 0.008,
    "58C": 0.006,
}
DA_VWOI_CODES = frozenset({"105A", "3B", "11A"})
#: Domestic abuse violence without injury in Q4 2024/25: 412 [000:L261].
DA_VWOI_QUARTERS = {2024: {3: 412}}

#: Serious violence offences: down 8.6% in 2023/24 and 4.3% in 2024/25 to 1,350, of which 755
#: violence with injury [000:L219-221]. Homicide, robbery and weapons offences are all serious
#: violence; the rest of the total is rape and other sexual offences.
SERIOUS_VIOLENCE = {2022: 1_544, 2023: 1_411, 2024: 1_350}
SERIOUS_VIOLENCE_VWI = {2022: 880, 2023: 800, 2024: 755}
SV_ALWAYS = frozenset({"5D", "2", "5E", "4.4", "4.6", "4.8", "37.1", "1/4.1/4.10/4.2"})
SV_GROUPS = ("Homicide", "Robbery", "Possession of weapons offences")
SV_SEXUAL = ("Rape", "Other sexual offences")

#: People linked to serious violence [001:L475-533]: % female by role and age band, age bands by
#: role (10-19 about 35% of all), 17% ethnicity not stated, BAME about 3% of those stated.
ROLE_FEMALE = {
    "Suspect and victim": (0.45, 0.41, 0.33, 0.32, 0.30, 0.28, 0.25, 0.30),
    "Suspect": (0.10, 0.14, 0.15, 0.16, 0.16, 0.14, 0.12, 0.10),
    "Victim": (0.50, 0.62, 0.48, 0.45, 0.42, 0.40, 0.42, 0.55),
}
AGE_BANDS_10 = ((0, 9), (10, 19), (20, 29), (30, 39), (40, 49), (50, 59), (60, 69), (70, 90))
ROLE_AGES = {
    "Suspect and victim": (0.0, 0.38, 0.24, 0.17, 0.11, 0.06, 0.03, 0.01),
    "Suspect": (0.0, 0.36, 0.23, 0.18, 0.12, 0.07, 0.03, 0.01),
    "Victim": (0.04, 0.34, 0.20, 0.16, 0.12, 0.08, 0.04, 0.02),
}
ETHNICITY_SHARES = {
    "Not stated": 0.17,
    "White British": 0.745,
    "White other": 0.033,
    "White Irish": 0.004,
    "White Gypsy or Irish Traveller": 0.005,
    "White Roma": 0.001,
    "Mixed White and Black Caribbean": 0.006,
    "Mixed White and Black African": 0.002,
    "Mixed White and Asian": 0.003,
    "Mixed other": 0.002,
    "Asian Indian": 0.005,
    "Asian Pakistani": 0.004,
    "Asian Bangladeshi": 0.002,
    "Asian Chinese": 0.001,
    "Asian other": 0.002,
    "Black African": 0.004,
    "Black Caribbean": 0.002,
    "Black other": 0.001,
    "Arab": 0.001,
    "Other ethnic group": 0.005,
}

# --- other police data ----------------------------------------------------------------------------

#: ASB incidents 3,345 and 3,021 [000:L241]; 2022/23 chosen. Nuisance about 84%, Personal 11%,
#: Environmental 5% [001:L795-799].
ASB = {
    "Nuisance": (3100, 2812, 2548),
    "Personal": (415, 368, 320),
    "Environmental": (187, 165, 153),
}
#: Q4 2024/25: Nuisance 85.6% of ASB (548 of 640) [000:L244].
ASB_QUARTERS = {2024: {"Nuisance": {3: 548}, "Personal": {3: 62}, "Environmental": {3: 30}}}
#: Domestic abuse incidents 4,289 and 3,932 (-8.3%) [000:L264]; 2022/23 chosen. An upturn in
#: March 2025 [000:L259].
DA_INCIDENTS = {2022: 4_450, 2023: 4_289, 2024: 3_932}
#: DVPNs and DVPOs, 1 March 2023 to 29 February 2024, by partnership code [001:L705-711].
DVPN_WINDOW = (date(2023, 3, 1), date(2024, 2, 1))
DVPN_PUBLISHED = {
    "E22000332": (17, 16),  # South Worcestershire ("South Worcester" in the ONS lookup)
    "E22000368": (47, 40),  # North Worcestershire
    "E22000326": (39, 33),  # Herefordshire
    "E22000360": (27, 22),  # Shropshire
    "E22000333": (73, 51),  # Telford & Wrekin
}
#: How the published table names the partnerships, where the reference geography resolves it.
DVPN_NAMES = {"E22000326": "Herefordshire", "E22000333": "Telford & Wrekin"}
#: IOM cohort 122 (2023/24) and 108 (2024/25) [000:L272]; 2022/23 chosen.
IOM_COHORT = {2022: 131, 2023: 122, 2024: 108}
#: Monthly IOM reoffending rate over 2023/24-2024/25: 4% to 31%, average 16%; January and
#: February 2025 just below the average, March 2025 well above it [000:L273].
IOM_RATE = (4, 31, 16)
#: Road casualties: 19 killed and 141 seriously injured in 2024/25 [000:L690]; others chosen.
ROAD_CASUALTIES = {
    "Fatal": (25, 22, 19),
    "Serious": (149, 156, 141),
    "Slight": (640, 615, 590),
}

# --- health, justice, fire ------------------------------------------------------------------------

#: A&E assault attendances, 1 September 2022 to 31 August 2023 [001:L539-582]: 352, male 244,
#: punch 136, stab 24, alcohol or drugs 168, road or pavement 113, living room 75, and the peak
#: months October 2022 (43), July 2023 (38) and May 2023 (37).
AE_WINDOW = (date(2022, 9, 1), date(2023, 8, 1))
AE_PEAKS = {date(2022, 10, 1): 43, date(2023, 7, 1): 38, date(2023, 5, 1): 37}
AE_TOTAL = 352
AE_SEX = {"Male": 244, "Female": 108}
AE_METHOD = {
    "Punch with a fist": 136,
    "Kick": 52,
    "Blunt object": 30,
    "Sharp object or stab": 24,
    "Bottle or glass": 18,
    "Other": 40,
    "Not recorded": 52,
}
AE_ALCOHOL = {"Y": 168, "N": 184}
AE_LOCATION = {
    "Road or pavement": 113,
    "Living room": 75,
    "Other home": 38,
    "Pub or bar": 30,
    "Nightclub": 18,
    "Shop": 8,
    "School or college": 6,
    "Park or open space": 14,
    "Workplace": 10,
    "Other": 20,
    "Not recorded": 20,
}
AE_AGES = {
    "10-17": 0.08,
    "18-24": 0.25,
    "25-29": 0.15,
    "30-39": 0.22,
    "40-49": 0.14,
    "50-59": 0.09,
    "60-69": 0.04,
    "70+": 0.02,
    "0-9": 0.01,
}
#: Adults in treatment and in effective treatment. 2024/25 takes the published table (opiate 649,
#: 96%; non-opiate 108, 89%; non-opiate and alcohol 137, 90% [003:L646-651], which is for 2014/15);
#: alcohol only about 300; the other years are chosen.
TREATMENT = {
    "Opiate": ((672, 640), (661, 631), (649, 623)),
    "Non-opiate": ((102, 90), (104, 92), (108, 96)),
    "Non-opiate and alcohol": ((131, 116), (140, 125), (137, 123)),
    "Alcohol only": ((318, 281), (305, 272), (300, 270)),
}
DRUG_DEATHS = {2022: 27, 2023: 31, 2024: 24}
#: Deliberate fires about 420-520 a year [003:L685-691].
DELIBERATE_FIRES = {2022: 518, 2023: 431, 2024: 467}
#: MoJ proven reoffending, adults, July 2023 to June 2024 cohort (the template's example; the
#: published figures are for July 2013 to June 2014) [003:L630-637].
PROVEN_ADULT = (date(2023, 7, 1), 1_579, 300, 939)
PREVENT_REFERRALS = {2022: 44, 2023: 52, 2024: 61}

# --- safeguarding [001:L827-970] ------------------------------------------------------------------

#: Adult safeguarding 2023/24: 684 concerns, 227 concluded S42 enquiries (+31%), contacts +10%
#: while the contact-to-concern rate fell 12.2% (2022/23 chosen to fit).
ADULT_CONTACTS = {2022: 4_580, 2023: 5_038, 2024: 5_190}
ADULT_CONCERNS = {2022: 708, 2023: 684, 2024: 700}
ADULT_STARTED = {2022: 190, 2023: 236, 2024: 245}
ADULT_CONCLUDED = {2022: 173, 2023: 227, 2024: 238}
#: The 227 enquiries concluded in 2023/24: location (own home 171, residential home 21), plans
#: (11 new, 8 ongoing), asked their outcomes 211 (93%), achieved 200 of 208 expressed (96%).
ADULT_EXACT_YEAR = 2023
ADULT_LOCATION = {
    "Own home": 171,
    "Residential care home": 21,
    "Nursing care home": 12,
    "Hospital": 7,
    "Community service": 6,
    "In the community": 8,
    "Other": 2,
}
ADULT_PLAN = {"New": 11, "Ongoing": 8, "None": 208}
ADULT_ASKED = {"Y": 211, "N": 16}
ADULT_ACHIEVED = {
    "Fully achieved": 150,
    "Partially achieved": 50,
    "Not achieved": 8,
    "Not expressed": 3,
}
ADULT_ABUSE = {
    "Neglect and acts of omission": 0.33,
    "Physical": 0.19,
    "Psychological": 0.16,
    "Financial or material": 0.15,
    "Domestic abuse": 0.08,
    "Self-neglect": 0.04,
    "Sexual": 0.03,
    "Organisational": 0.015,
    "Discriminatory": 0.005,
}
#: Children's services: contacts 11,585 (-10%), 255 CP conferences, 215 starting to be looked
#: after (+4%), 154 child exploitation referrals (-40%; 51% male, 48% female).
CHILDREN = {
    "Contacts": (12_872, 11_585, 11_230),
    "Referrals": (2_710, 2_580, 2_495),
    "Early Help contacts": (1_180, 1_520, 1_690),
    "Early Help assessments": (640, 705, 760),
    "Section 47 enquiries": (1_040, 985, 960),
    "Child protection conferences": (290, 255, 240),
    "Child protection plans started": (260, 198, 190),
    "Children looked after starting": (207, 215, 196),
    "Children looked after ceasing": (190, 200, 205),
    "Child exploitation referrals": (257, 154, 148),
    "Missing episodes": (1_090, 1_120, 1_060),
    "Police protection": (70, 74, 66),
}
#: Snapshot measures (children at the month end).
CHILDREN_STOCKS = {
    "Children on child protection plans": (255, 215, 195),
    "Children in need": (1_500, 1_320, 1_300),
    "Children looked after": (600, 625, 616),
}
#: Child exploitation referrals by sex: 51% male and 48% female in 2023/24, after 58% and 41%.
CE_SEX = {"Male": (149, 79, 75), "Female": (105, 74, 71), "Not stated": (3, 1, 2)}
CONTACT_SOURCES = {
    "Police": 0.28,
    "Schools": 0.20,
    "Health services": 0.18,
    "Local authority services": 0.10,
    "Individual or family": 0.08,
    "Early years or crèche": 0.04,
    "Other": 0.12,
}
EARLY_HELP_REASONS = {
    "Parental mental health": 0.17,
    "Domestic abuse": 0.15,
    "Child's emotional wellbeing": 0.14,
    "Behaviour at school": 0.12,
    "Parenting capacity": 0.11,
    "Financial hardship (£)": 0.09,
    "Housing": 0.07,
    "Substance misuse": 0.06,
    "Other": 0.09,
}
