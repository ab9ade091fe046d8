"""The partner datasets Safer Insight accepts, declared once: the multi-agency minimum dataset.

Each :class:`~saferinsight.datasets.schema.Dataset` drives its template, its validation, its
storage, its generator and its analyses. The columns follow what the partnership reports in
``shared/seeds`` tabulate (see the report catalogue, sections 1 and 2).
"""

from __future__ import annotations

from saferinsight.datasets.columns import (
    AGE_BANDS,
    ETHNICITIES,
    HATE_STRANDS,
    ROLES,
    SEXES,
)
from saferinsight.datasets.columns import age_band as _age_band
from saferinsight.datasets.columns import area as _area
from saferinsight.datasets.columns import count as _count
from saferinsight.datasets.columns import lsoa as _lsoa
from saferinsight.datasets.columns import month as _month
from saferinsight.datasets.columns import sex as _sex
from saferinsight.datasets.columns import ward as _ward
from saferinsight.datasets.schema import Column, Dataset

__all__ = [
    "AGE_BANDS",
    "DATASETS",
    "ETHNICITIES",
    "HATE_STRANDS",
    "ROLES",
    "SEXES",
    "get_dataset",
]

POLICE_CRIME = Dataset(
    name="police-crime",
    title="Police recorded crime (record level)",
    description="One row per recorded offence, or per person linked to an offence (suspect "
    "or victim) when the force shares person-level data, with the Home Office offence code "
    "and the domestic abuse, hate crime and serious violence flags.",
    provider="Police force (crime recording system extract)",
    granularity="record",
    period_columns=("date",),
    geography=("lsoa", "ward", "area"),
    required_any=(("offence_code", "offence"),),
    columns=(
        Column(
            "crime_reference",
            "text",
            "The force's crime reference. Rows sharing one are the people of one offence.",
            "22/12345/24",
            required=True,
            aliases=("crime ref", "crime number", "crn", "occurrence"),
        ),
        Column(
            "date",
            "date",
            "Date the offence was recorded.",
            "2024-04-03",
            required=True,
            aliases=("recorded date", "date recorded", "committed date"),
        ),
        Column(
            "offence_code",
            "offence",
            "Home Office offence code; gives the offence group, sub-group and police.uk type.",
            "8N",
            aliases=("ho code", "home office code", "ho offence code"),
        ),
        Column(
            "offence",
            "text",
            "The offence (Home Office classification description, as the force records it).",
            "Assault with injury",
            aliases=("offence description", "offence type", "crime type", "sub type"),
        ),
        Column(
            "domestic_abuse",
            "boolean",
            "Flagged as domestic abuse related.",
            "N",
            aliases=("da", "da flag", "domestic", "domestic flag"),
        ),
        *(
            Column(
                f"hate_{key}",
                "boolean",
                f"Hate crime flag, {label.lower()} strand.",
                "N",
                aliases=(f"{label} hate", f"hate {label}"),
            )
            for key, label in HATE_STRANDS
        ),
        Column(
            "serious_violence",
            "boolean",
            "Within the Serious Violence Duty definition used locally.",
            "N",
            aliases=("sv", "sv flag"),
        ),
        _lsoa(),
        _ward(),
        _area(),
        Column(
            "role",
            "code",
            "The person's role, for person-level extracts.",
            "Victim",
            codes=ROLES,
            synonyms={"both": "Suspect and victim", "offender": "Suspect"},
        ),
        Column("age", "integer", "The person's age in years.", "34", minimum=0, maximum=120),
        _sex(),
        Column(
            "ethnicity",
            "code",
            "Self-defined ethnicity (18+1 Census categories).",
            "White British",
            codes=ETHNICITIES,
            synonyms={"not known": "Not stated", "unknown": "Not stated"},
        ),
    ),
    notes=(
        "Rows are people when 'role' is filled: count offences by distinct crime_reference.",
        "Locations stop at LSOA: never send addresses or grid references.",
    ),
)

POLICE_CRIME_MONTHLY = Dataset(
    name="police-crime-monthly",
    title="Police recorded crime (monthly counts)",
    description="Offence counts by month, area and offence, with the domestic abuse and "
    "hate crime breakdowns, for forces that share aggregates rather than records.",
    provider="Police force (performance or analysis team)",
    granularity="month",
    key=("month", "ward", "area", "offence_code", "offence", "flag"),
    period_columns=("month",),
    geography=("ward", "area"),
    count_column="offences",
    required_any=(("offence_code", "offence"),),
    columns=(
        _month(),
        _ward(),
        _area(),
        Column("offence_code", "offence", "Home Office offence code.", "8N"),
        Column("offence", "text", "Offence description.", "Assault with injury"),
        Column(
            "flag",
            "code",
            "What the count is restricted to: all offences, domestic abuse, a hate strand, "
            "or serious violence.",
            "All",
            required=True,
            codes=(
                "All",
                "Domestic abuse",
                "Serious violence",
                *(f"Hate: {label}" for _, label in HATE_STRANDS),
            ),
        ),
        _count("offences", "Number of offences.", "12"),
    ),
)

HOME_OFFICE_PRC = Dataset(
    name="home-office-prc",
    title="Home Office police recorded crime open data",
    description="The Home Office's quarterly police recorded crime tables by offence code, at "
    "police force area or Community Safety Partnership level, exactly as published.",
    provider="Home Office (published open data)",
    granularity="quarter",
    key=(
        "financial_year",
        "financial_quarter",
        "csp_name",
        "force_name",
        "offence_code",
        "offence_description",
    ),
    period_columns=("financial_year", "financial_quarter"),
    geography=("csp_name", "force_name"),
    count_column="number_of_offences",
    non_geographic=(
        "Action Fraud",
        "British Transport Police",
        "CIFAS",
        "Financial Fraud Action UK",
        "UK Finance",
    ),
    columns=(
        Column("financial_year", "financial_year", "Financial year.", "2017/18", required=True),
        Column("financial_quarter", "quarter", "Quarter, 1 to 4.", "1", required=True),
        Column(
            "csp_name",
            "area",
            "Community Safety Partnership (in the CSP-level tables).",
            "",
            aliases=("csp", "community safety partnership", "csp name"),
        ),
        Column(
            "force_name",
            "area",
            "Police force area (in the force-level tables; in the CSP-level tables the CSP's "
            "force).",
            "West Mercia",
            aliases=("force", "force name", "police force area", "pfa"),
        ),
        Column("offence_description", "text", "Offence description.", "Assault with injury"),
        Column("offence_group", "text", "Offence group.", "Violence against the person"),
        Column("offence_subgroup", "text", "Offence sub-group.", "Violence with injury"),
        Column("offence_code", "offence", "Home Office offence code.", "8N", required=True),
        _count("number_of_offences", "Number of offences.", "1204"),
        Column("policeuk_cat", "text", "police.uk category (published column).", "Other"),
    ),
    disclosure="open",
)

DOMESTIC_ABUSE_INCIDENTS = Dataset(
    name="domestic-abuse-incidents",
    title="Domestic abuse incidents (non-crime) by month",
    description="Domestic abuse incidents the police attended that were not recorded as "
    "crimes, by month and area; read with the domestic abuse offences of police-crime.",
    provider="Police force",
    granularity="month",
    key=("month", "ward", "area"),
    period_columns=("month",),
    geography=("ward", "area"),
    count_column="incidents",
    columns=(
        _month(),
        _ward(),
        _area(),
        _count("incidents", "Domestic abuse incidents not recorded as a crime.", "310"),
        _count(
            "repeat_incidents",
            "Of which repeat (victim known in the last 12 months).",
            "95",
            required=False,
        ),
    ),
)

DVPN_DVPO = Dataset(
    name="dvpn-dvpo",
    title="Domestic Violence Protection Notices and Orders",
    description="DVPNs issued and DVPOs granted by month and area (the force's DA deployment "
    "performance report).",
    provider="Police force",
    granularity="month",
    key=("month", "area"),
    period_columns=("month",),
    geography=("area",),
    count_column="dvpns",
    columns=(
        _month(),
        _area(required=True),
        _count("dvpns", "Domestic Violence Protection Notices issued.", "3"),
        _count("dvpos", "Domestic Violence Protection Orders granted.", "2"),
    ),
)

ASB_INCIDENTS = Dataset(
    name="asb-incidents",
    title="Anti-social behaviour incidents",
    description="ASB incidents recorded by the police or the council, with the national "
    "category (Personal, Nuisance, Environmental).",
    provider="Police force or council ASB team",
    granularity="record",
    key=("incident_reference",),
    period_columns=("date",),
    geography=("lsoa", "ward", "area"),
    columns=(
        Column(
            "incident_reference",
            "text",
            "The incident or log reference.",
            "ASB-2024-00123",
            required=True,
            aliases=("reference", "incident number", "log number"),
        ),
        Column("date", "date", "Date of the incident.", "2024-04-06", required=True),
        Column(
            "category",
            "code",
            "ASB category.",
            "Nuisance",
            required=True,
            codes=("Personal", "Nuisance", "Environmental"),
            synonyms={
                "as-personal": "Personal",
                "as-nuisance": "Nuisance",
                "as-environmental": "Environmental",
                "asb personal": "Personal",
                "asb nuisance": "Nuisance",
                "asb environmental": "Environmental",
            },
        ),
        Column(
            "recorded_by",
            "code",
            "Who recorded it.",
            "Police",
            required=True,
            codes=("Police", "Council", "Housing provider", "Other"),
        ),
        _lsoa(),
        _ward(),
        _area(),
    ),
)

IOM_REOFFENDING = Dataset(
    name="iom-reoffending",
    title="Integrated Offender Management: cohort and monthly reoffending",
    description="The IOM cohort in each month and how many of them were charged with a new "
    "offence in the month (the monthly reoffending rate).",
    provider="Probation service and police IOM team",
    granularity="month",
    key=("month", "area", "strand"),
    period_columns=("month",),
    geography=("area",),
    count_column="cohort",
    columns=(
        _month(),
        _area(),
        Column(
            "strand",
            "code",
            "IOM strand, when reported separately.",
            "All",
            codes=("All", "Fixed", "Flex", "Free", "Prevention", "Compliance", "Enforcement"),
        ),
        _count("cohort", "People managed by IOM in the month.", "108"),
        _count("reoffended", "Of whom charged with a new offence in the month.", "17"),
        _count("new_to_cohort", "Adopted into the cohort in the month.", "4", required=False),
    ),
)

PROVEN_REOFFENDING = Dataset(
    name="proven-reoffending",
    title="Ministry of Justice proven reoffending",
    description="Proven reoffending of a 12-month cohort of offenders (MoJ statistics): "
    "offenders, reoffenders and reoffences, adults and juveniles.",
    provider="Ministry of Justice (published)",
    granularity="record",
    key=("cohort_start", "cohort_end", "area", "offender_type"),
    period_columns=("cohort_start", "cohort_end"),
    geography=("area",),
    columns=(
        Column("cohort_start", "month", "First month of the cohort.", "2023-07", required=True),
        Column("cohort_end", "month", "Last month of the cohort.", "2024-06", required=True),
        _area(),
        Column(
            "offender_type",
            "code",
            "Adult or juvenile cohort.",
            "Adult",
            required=True,
            codes=("Adult", "Juvenile", "All"),
        ),
        _count("offenders", "Offenders in the cohort.", "1579"),
        _count("reoffenders", "Of whom reoffended within the follow-up year.", "300"),
        _count("reoffences", "Proven reoffences committed by them.", "939"),
    ),
    disclosure="open",
)

AE_ASSAULTS = Dataset(
    name="ae-assaults",
    title="A&E assault attendances",
    description="Emergency department attendances for assault (Information Sharing to Tackle "
    "Violence data): when, who by age band and sex, how, and where.",
    provider="NHS emergency department (ISTV)",
    granularity="record",
    period_columns=("attendance_date",),
    geography=("lsoa", "area"),
    columns=(
        Column("attendance_date", "date", "Date of attendance.", "2024-04-06", required=True),
        _age_band(),
        _sex(),
        Column(
            "method",
            "code",
            "How the injury was caused.",
            "Punch with a fist",
            codes=(
                "Punch with a fist",
                "Kick",
                "Blunt object",
                "Sharp object or stab",
                "Bottle or glass",
                "Firearm",
                "Other",
                "Not recorded",
            ),
        ),
        Column(
            "alcohol_or_drugs",
            "boolean",
            "The patient said alcohol or drugs were involved.",
            "Y",
        ),
        Column(
            "location_type",
            "code",
            "Type of place of the assault.",
            "Road or pavement",
            codes=(
                "Road or pavement",
                "Living room",
                "Other home",
                "Pub or bar",
                "Nightclub",
                "Shop",
                "School or college",
                "Park or open space",
                "Workplace",
                "Other",
                "Not recorded",
            ),
        ),
        _lsoa(),
        _area(),
    ),
    notes=("Never send names, dates of birth or addresses: age band and LSOA at most.",),
)

DRUG_ALCOHOL_TREATMENT = Dataset(
    name="drug-alcohol-treatment",
    title="Drug and alcohol treatment (NDTMS)",
    description="Adults in structured treatment by substance group and financial year, with "
    "new presentations, successful completions and those in effective treatment.",
    provider="Treatment provider or public health (NDTMS)",
    granularity="financial-year",
    key=("financial_year", "area", "substance_group"),
    period_columns=("financial_year",),
    geography=("area",),
    count_column="in_treatment",
    columns=(
        Column("financial_year", "financial_year", "Financial year.", "2024/25", required=True),
        _area(),
        Column(
            "substance_group",
            "code",
            "Treatment group.",
            "Opiate",
            required=True,
            codes=("Opiate", "Non-opiate", "Non-opiate and alcohol", "Alcohol only"),
        ),
        _count("in_treatment", "Adults in treatment in the year.", "649"),
        _count("new_presentations", "Adults starting treatment.", "210", required=False),
        _count(
            "successful_completions",
            "Left treatment successfully, not re-presenting within 6 months.",
            "45",
            required=False,
        ),
        _count(
            "effective_treatment", "Retained 12 weeks or more, or completed.", "620", required=False
        ),
    ),
)

DRUG_RELATED_DEATHS = Dataset(
    name="drug-related-deaths",
    title="Drug-related deaths",
    description="Deaths reviewed by the drug-related death panel: date, age band, sex and "
    "whether the person was known to treatment.",
    provider="Public health / coroner liaison",
    granularity="record",
    period_columns=("date_of_death",),
    geography=("area",),
    columns=(
        Column("date_of_death", "date", "Date of death.", "2024-05-14", required=True),
        _area(),
        _age_band(),
        _sex(),
        Column(
            "substances",
            "codes",
            "Substances mentioned (several separated by ';').",
            "Opiates;Alcohol",
            codes=(
                "Opiates",
                "Cocaine",
                "Benzodiazepines",
                "Synthetic opioids",
                "Alcohol",
                "Prescribed medication",
                "Other",
                "Not known",
            ),
        ),
        Column("known_to_treatment", "boolean", "In treatment or known to services.", "N"),
    ),
)

DELIBERATE_FIRES = Dataset(
    name="deliberate-fires",
    title="Deliberate fires",
    description="Deliberate fires attended by the fire and rescue service, by month, area "
    "and type of fire.",
    provider="Fire and rescue service",
    granularity="month",
    key=("month", "ward", "area", "fire_type", "property_type"),
    period_columns=("month",),
    geography=("ward", "area"),
    count_column="fires",
    columns=(
        _month(),
        _ward(),
        _area(),
        Column(
            "fire_type",
            "code",
            "Primary (buildings, vehicles) or secondary (refuse, grassland) fire.",
            "Secondary",
            required=True,
            codes=("Primary", "Secondary"),
        ),
        Column(
            "property_type",
            "code",
            "What burned.",
            "Refuse",
            codes=("Dwelling", "Other building", "Vehicle", "Refuse", "Grassland", "Other"),
        ),
        _count("fires", "Number of deliberate fires.", "7"),
    ),
)

ROAD_CASUALTIES = Dataset(
    name="road-casualties",
    title="Road casualties",
    description="Road traffic casualties (STATS19) by date, severity and road user; killed "
    "or seriously injured (KSI) counts come from here.",
    provider="Police (STATS19) or road safety partnership",
    granularity="record",
    period_columns=("date",),
    geography=("lsoa", "area"),
    count_column="casualties",
    columns=(
        Column("date", "date", "Date of the collision.", "2024-04-12", required=True),
        Column(
            "severity",
            "code",
            "Casualty severity.",
            "Serious",
            required=True,
            codes=("Fatal", "Serious", "Slight"),
            synonyms={"killed": "Fatal", "seriously injured": "Serious"},
        ),
        Column(
            "road_user",
            "code",
            "Casualty type.",
            "Car occupant",
            codes=("Pedestrian", "Cyclist", "Motorcyclist", "Car occupant", "Other"),
        ),
        _age_band(),
        _lsoa(),
        _area(),
        _count("casualties", "Casualties the row stands for (1 for one person).", "1"),
    ),
    disclosure="open",
)

PREVENT_CHANNEL = Dataset(
    name="prevent-channel",
    title="Prevent referrals and Channel cases",
    description="Prevent referrals and those adopted as Channel cases, by month, area and "
    "type of concern.",
    provider="Counter Terrorism Policing / council Prevent lead",
    granularity="month",
    key=("month", "area", "concern"),
    period_columns=("month",),
    geography=("area",),
    count_column="referrals",
    columns=(
        _month(),
        _area(),
        Column(
            "concern",
            "code",
            "Type of ideology or concern.",
            "Extreme right-wing",
            required=True,
            codes=(
                "Extreme right-wing",
                "Islamist",
                "Mixed, unclear or unstable",
                "School massacre",
                "Other",
            ),
        ),
        _count("referrals", "Prevent referrals.", "5"),
        _count("channel_discussed", "Discussed at a Channel panel.", "2", required=False),
        _count("channel_adopted", "Adopted as a Channel case.", "1"),
    ),
)

ADULT_SAFEGUARDING_ACTIVITY = Dataset(
    name="adult-safeguarding-activity",
    title="Adult safeguarding activity (Care Act)",
    description="The adult safeguarding front door by month: contacts, safeguarding "
    "concerns, Section 42 enquiries started and concluded, and plans.",
    provider="Council adult social care",
    granularity="month",
    key=("month", "area"),
    period_columns=("month",),
    geography=("area",),
    count_column="contacts",
    columns=(
        _month(),
        _area(),
        _count("contacts", "Contacts to the front door.", "420"),
        _count("concerns", "Safeguarding concerns.", "57"),
        _count("enquiries_started", "Section 42 enquiries started.", "21"),
        _count("enquiries_concluded", "Section 42 enquiries concluded.", "19"),
        _count("plans_new", "New safeguarding plans.", "1", required=False),
        _count("plans_ongoing", "Ongoing safeguarding plans.", "1", required=False),
    ),
)

ADULT_SAFEGUARDING_ENQUIRIES = Dataset(
    name="adult-safeguarding-enquiries",
    title="Adult safeguarding concluded enquiries",
    description="One row per concluded Section 42 enquiry: type(s) and location of abuse, "
    "and Making Safeguarding Personal outcomes (asked and achieved).",
    provider="Council adult social care",
    granularity="record",
    key=("enquiry_reference",),
    period_columns=("concluded_date",),
    geography=("area",),
    columns=(
        Column("enquiry_reference", "text", "Enquiry reference.", "S42-00123", required=True),
        Column("concluded_date", "date", "Date concluded.", "2024-05-02", required=True),
        _area(),
        Column(
            "abuse_types",
            "codes",
            "Type(s) of abuse (several separated by ';').",
            "Neglect and acts of omission",
            required=True,
            codes=(
                "Physical",
                "Sexual",
                "Psychological",
                "Financial or material",
                "Discriminatory",
                "Organisational",
                "Neglect and acts of omission",
                "Self-neglect",
                "Domestic abuse",
                "Modern slavery",
                "Sexual exploitation",
            ),
        ),
        Column(
            "location",
            "code",
            "Where the abuse happened.",
            "Own home",
            required=True,
            codes=(
                "Own home",
                "Residential care home",
                "Nursing care home",
                "Hospital",
                "Community service",
                "In the community",
                "Other",
            ),
        ),
        Column("outcomes_asked", "boolean", "Asked what outcomes they wanted (MSP).", "Y"),
        Column(
            "outcomes_achieved",
            "code",
            "Outcomes achieved, for those asked.",
            "Fully achieved",
            codes=("Fully achieved", "Partially achieved", "Not achieved", "Not expressed"),
        ),
        Column(
            "plan",
            "code",
            "Safeguarding plan at conclusion.",
            "None",
            codes=("New", "Ongoing", "None"),
        ),
    ),
)

CHILDRENS_SAFEGUARDING = Dataset(
    name="childrens-safeguarding",
    title="Children's safeguarding and social care flows",
    description="Monthly counts of the children's safeguarding system, one measure per row, "
    "optionally broken down (by reason, source or sex).",
    provider="Council children's services (case system) and police",
    granularity="month",
    key=("month", "area", "measure", "breakdown", "breakdown_value"),
    period_columns=("month",),
    geography=("area",),
    count_column="count",
    columns=(
        _month(),
        _area(),
        Column(
            "measure",
            "code",
            "What is counted.",
            "Contacts",
            required=True,
            codes=(
                "Contacts",
                "Referrals",
                "Early Help contacts",
                "Early Help assessments",
                "Section 47 enquiries",
                "Child protection conferences",
                "Child protection plans started",
                "Children on child protection plans",
                "Children in need",
                "Children looked after starting",
                "Children looked after ceasing",
                "Children looked after",
                "Child exploitation referrals",
                "Missing episodes",
                "Police protection",
            ),
        ),
        Column("breakdown", "text", "What the breakdown is by (reason, source, sex...).", ""),
        Column("breakdown_value", "text", "The breakdown's value for this row.", ""),
        _count("count", "The number (children or episodes, as the measure says).", "930"),
    ),
    notes=("Rows with a breakdown add up to the row of the same measure without one.",),
)

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        POLICE_CRIME,
        POLICE_CRIME_MONTHLY,
        HOME_OFFICE_PRC,
        DOMESTIC_ABUSE_INCIDENTS,
        DVPN_DVPO,
        ASB_INCIDENTS,
        IOM_REOFFENDING,
        PROVEN_REOFFENDING,
        AE_ASSAULTS,
        DRUG_ALCOHOL_TREATMENT,
        DRUG_RELATED_DEATHS,
        DELIBERATE_FIRES,
        ROAD_CASUALTIES,
        PREVENT_CHANNEL,
        ADULT_SAFEGUARDING_ACTIVITY,
        ADULT_SAFEGUARDING_ENQUIRIES,
        CHILDRENS_SAFEGUARDING,
    )
}


def get_dataset(name: str) -> Dataset:
    """The dataset called ``name``; the error lists the datasets.

    Examples
    --------
    >>> get_dataset("asb-incidents").granularity
    'record'
    """
    from saferinsight.errors import Hint, QueryError

    try:
        return DATASETS[name]
    except KeyError:
        raise QueryError(
            f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}.",
            hint=Hint("list-datasets", "See what each dataset holds."),
        ) from None
