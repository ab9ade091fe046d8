"""Per dataset: who sends it, how its rows are made, how its messy file is laid out and which
errors its invalid file carries.

Messy files hold the same figures as the clean file (all of it, or its last financial year), so
that loading either gives the same analyses. Together they cover what real agency files do:
merged title banners and report-date rows, header aliases and capitals, a documentation or notes
sheet first, Excel date cells and serial numbers, text dates and month labels, a UTF-8 BOM, a
Windows-1252 file, semicolons, blank rows, totals rows, footnotes, code synonyms and thousands
separators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from saferinsight.datasets.catalogue import ASB_INCIDENTS, HATE_STRANDS
from saferinsight.generate.partners import community, crime, justice, safeguarding
from saferinsight.generate.partners.context import Context, Providers, Row, fy_months
from saferinsight.generate.partners.render import Fault, Layout

__all__ = ["SPECS", "Spec", "Variant"]

SEXES = {"Male": "M", "Female": "F"}


@dataclass(frozen=True)
class Variant:
    """One file of a dataset: its rows (a subset of the dataset's), layout and faults."""

    layout: Layout
    description: str
    rows: Callable[[Context, list[Row]], list[Row]] | None = None
    faults: tuple[Fault, ...] = ()


@dataclass(frozen=True)
class Spec:
    """How one dataset's files are made."""

    provider: Callable[[Providers], str]
    build: Callable[[Context], list[Row]]
    messy: Callable[[Context], Variant]
    invalid: Callable[[Context], Variant] | None = None
    revised: Callable[[Context], tuple[list[Row], str]] | None = None


# --- subsets ------------------------------------------------------------------------------------


def _within(
    column: str, months: Callable[[Context], tuple[date, ...]]
) -> Callable[[Context, list[Row]], list[Row]]:
    def select(ctx: Context, rows: list[Row]) -> list[Row]:
        wanted = set(months(ctx))
        return [r for r in rows if _month(r[column]) in wanted]

    return select


def _month(value: object) -> date | None:
    return value.replace(day=1) if isinstance(value, date) else None


def _last_year(ctx: Context) -> tuple[date, ...]:
    return fy_months(ctx.last_fy)


def _last_quarter(ctx: Context) -> tuple[date, ...]:
    return fy_months(ctx.last_fy)[9:]


def _last_month(ctx: Context) -> tuple[date, ...]:
    return fy_months(ctx.last_fy)[11:]


def _fy_label(fy: int) -> str:
    return f"{fy}/{(fy + 1) % 100:02d}"


def _span(ctx: Context) -> str:
    return f"{ctx.first_month:%B %Y} to {ctx.last_month:%B %Y}"


def _bad_day(ctx: Context) -> str:
    return f"31/02/{ctx.last_fy + 1}"


def _report_date(ctx: Context) -> datetime:
    return datetime(ctx.last_fy + 1, 5, 6)


# --- police -------------------------------------------------------------------------------------


def _police_crime_messy(ctx: Context) -> Variant:
    strands = {f"hate_{key}": f"{label} Hate" for key, label in HATE_STRANDS}
    columns = ("crime_reference", "date", "offence_code", "offence", "domestic_abuse", *strands)
    columns += ("serious_violence", "lsoa", "area", "role", "age", "sex", "ethnicity")
    return Variant(
        Layout(
            encoding="utf-8-sig",
            line_end="\r\n",
            columns=columns,
            headers={
                "crime_reference": "CRIME NUMBER",
                "date": "Date Recorded",
                "offence_code": "HO Offence Code",
                "offence": "Offence Description",
                "domestic_abuse": "Domestic Flag",
                **strands,
                "serious_violence": "SV Flag",
                "lsoa": "LSOA21CD",
                "area": "District",
                "role": "ROLE",
                "age": "AGE",
                "sex": "SEX",
                "ethnicity": "ETHNICITY",
            },
            dates="dmy",
            booleans=("Yes", "No"),
            codes={
                "sex": SEXES,
                "role": {"Suspect and victim": "Both"},
                "ethnicity": {"Not stated": "Not known"},
            },
        ),
        f"January to March {ctx.last_fy + 1}, as the crime system exports it: UTF-8 with a "
        "byte-order mark and Windows line ends; capitals and alias headers (CRIME NUMBER, "
        "Date Recorded, HO Offence Code, Race Hate, SV Flag, LSOA21CD, District); no ward "
        "column; dates "
        "01/04/2024; flags Yes/No; sex M/F; role 'Both'; ethnicity 'Not known'",
        rows=_within("date", _last_quarter),
    )


def _person(row: Row) -> bool:
    return row.get("role") is not None


def _offence_only(row: Row) -> bool:
    return row.get("role") is None


def _police_crime_invalid(ctx: Context) -> Variant:
    return Variant(
        Layout(),
        f"{ctx.last_month:%B %Y} only, with 5 rows in error: offence code 8Z (not a Home Office "
        f"code), an empty crime_reference, the date {_bad_day(ctx)}, LSOA E01099999 (not in the "
        "reference geography), and a person row sent twice",
        rows=_within("date", _last_month),
        faults=(
            Fault("offence_code", "8Z", _offence_only),
            Fault("crime_reference", "", _offence_only),
            Fault("date", _bad_day(ctx)),
            Fault("lsoa", "E01099999"),
            Fault(None, eligible=_person),
        ),
    )


def _monthly_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            fmt="xlsx",
            sheet="Crime by month",
            banner=f"{ctx.providers.police}: recorded crime by month, {ctx.geo.name}",
            titles=(("Report date:", _report_date(ctx)), ("Covering:", _span(ctx))),
            months="excel",
            headers={
                "month": "Month",
                "ward": "Ward",
                "area": "Area Name",
                "offence_code": "Offence Code",
                "offence": "Offence",
                "flag": "Flag",
                "offences": "Offences",
            },
            total="Grand Total",
        ),
        "XLSX: a merged title banner and report-date rows above the header; months as Excel "
        "date cells; a trailing Grand Total row of SUM formulas",
    )


def _home_office_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            fmt="xlsx",
            doc_sheet="Notes",
            sheet="Table 1",
            columns=(
                "financial_year",
                "financial_quarter",
                "force_name",
                "csp_name",
                "offence_description",
                "offence_group",
                "offence_subgroup",
                "offence_code",
                "number_of_offences",
                "policeuk_cat",
            ),
            headers={
                "financial_year": "Financial Year",
                "financial_quarter": "Financial Quarter",
                "force_name": "Force Name",
                "csp_name": "CSP Name",
                "offence_description": "Offence Description",
                "offence_group": "Offence Group",
                "offence_subgroup": "Offence Subgroup",
                "offence_code": "Offence Code",
                "number_of_offences": "Number of Offences",
                "policeuk_cat": "PoliceUK_Cat",
            },
            quarters="label",
        ),
        "XLSX as the Home Office publishes it: a 'Notes' sheet first; Title Case headers with "
        "the 'CSP Name' alias; quarters written Q1 to Q4",
    )


def _da_incidents_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            delimiter=";",
            months="mon-yy",
            headers={
                "month": "Month",
                "ward": "Ward Name",
                "area": "Local Authority",
                "incidents": "Incidents",
                "repeat_incidents": "Repeat Incidents",
            },
            codes={"ward": dict(ctx.geo.ward_names)},
            blank_between="month",
        ),
        "Semicolon-separated; months as Apr-24; wards by name rather than code; a blank row "
        "between months; alias headers (Ward Name, Local Authority)",
    )


def _dvpn_messy(ctx: Context) -> Variant:
    from saferinsight.generate.partners.context import force_partnerships
    from saferinsight.generate.partners.figures import DVPN_NAMES

    codes = {DVPN_NAMES.get(code, name): code for code, name in force_partnerships(ctx.geo)}
    return Variant(
        Layout(
            titles=(
                ("DA Deployment Performance Report: DVPNs and DVPOs by partnership",),
                ("Produced", f"{_report_date(ctx):%d/%m/%Y}"),
            ),
            months="mon-yy",
            headers={"month": "Month", "area": "Area Code", "dvpns": "DVPNs", "dvpos": "DVPOs"},
            codes={"area": codes},
            blank_between="month",
            notes=(
                "Source: DA Deployment Performance Report (monthly).",
                "A DVPO is granted by the magistrates' court within 48 hours of the notice.",
            ),
        ),
        "Title rows above the header; areas as ONS partnership codes under 'Area Code'; months "
        "as Mar-23; a blank row between months; trailing footnotes",
    )


def _dvpn_invalid(ctx: Context) -> Variant:
    return Variant(
        Layout(),
        f"{_fy_label(ctx.last_fy)} only, with 3 rows in error: a negative count of DVPNs (-1), "
        "an unknown area 'Shropshre', and an empty dvpos",
        rows=_within("month", _last_year),
        faults=(Fault("dvpns", "-1"), Fault("area", "Shropshre"), Fault("dvpos", "")),
    )


def _asb_messy(ctx: Context) -> Variant:
    synonyms = {code: f"AS-{code}" for code in ASB_INCIDENTS.column("category").codes}
    return Variant(
        Layout(
            fmt="xlsx",
            sheet="ASB incidents",
            banner=f"{ctx.providers.police}: anti-social behaviour incidents, {ctx.geo.name}",
            titles=(
                ("Report date:", _report_date(ctx)),
                ("Covering:", f"financial year {_fy_label(ctx.last_fy)}"),
            ),
            dates="excel",
            headers={
                "incident_reference": "Incident Number",
                "date": "Date",
                "category": "Category",
                "recorded_by": "Recorded By",
                "lsoa": "LSOA Code",
                "ward": "Ward Code",
                "area": "CSP",
            },
            codes={"category": synonyms},
            total="Grand Total",
        ),
        f"{_fy_label(ctx.last_fy)} only, XLSX: a merged banner and report-date rows above the "
        "header; dates as Excel date cells; categories AS-Nuisance, AS-Personal, "
        "AS-Environmental; a trailing Grand Total (COUNTA) row",
        rows=_within("date", _last_year),
    )


def _asb_invalid(ctx: Context) -> Variant:
    return Variant(
        Layout(),
        f"January to March {ctx.last_fy + 1} only, with 5 rows in error: category 'AS-Rowdy', "
        f"the date {_bad_day(ctx)}, recorded_by 'PCSO', an empty incident_reference, and an "
        "incident sent twice",
        rows=_within("date", _last_quarter),
        faults=(
            Fault("category", "AS-Rowdy"),
            Fault("date", _bad_day(ctx)),
            Fault("recorded_by", "PCSO"),
            Fault("incident_reference", ""),
            Fault(None),
        ),
    )


# --- justice and health -------------------------------------------------------------------------


def _iom_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            months="serial",
            headers={
                "month": "Reporting Month",
                "area": "Area Name",
                "strand": "Strand",
                "cohort": "Cohort",
                "reoffended": "Reoffended",
                "new_to_cohort": "New To Cohort",
            },
            codes={"strand": {"All": "all"}},
            notes=(
                "Reoffended: charged with a new offence in the month.",
                "Figures for the last three months may be revised.",
            ),
        ),
        "Months as Excel serial numbers (45383 for April 2024); alias headers (Reporting "
        "Month, Area Name); strand in lower case; trailing footnotes",
    )


def _iom_invalid(ctx: Context) -> Variant:
    return Variant(
        Layout(),
        f"{_fy_label(ctx.last_fy)} only, with 3 rows in error: a negative reoffended count "
        "(-2), an empty cohort, and the month 13/2024",
        rows=_within("month", _last_year),
        faults=(Fault("reoffended", "-2"), Fault("cohort", ""), Fault("month", "13/2024")),
    )


def _iom_revised(ctx: Context) -> tuple[list[Row], str]:
    months = fy_months(ctx.last_fy)
    changed = ", ".join(f"{months[i]:%b %Y}" for i in justice.IOM_REVISED_MONTHS)
    return justice.iom_reoffending(ctx)[1], (
        f"{_fy_label(ctx.last_fy)} re-sent with corrected figures for {changed}: supersedes "
        "those months of the first file"
    )


def _proven_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            titles=(("Proven reoffending: 12-month cohorts",),),
            months="mon-yy",
            thousands=True,
            headers={
                "cohort_start": "Cohort Start",
                "cohort_end": "Cohort End",
                "area": "Local Authority",
                "offender_type": "Offender Type",
                "offenders": "Offenders",
                "reoffenders": "Re-offenders",
                "reoffences": "Re-offences",
            },
            codes={"offender_type": {"Adult": "adult", "Juvenile": "juvenile", "All": "all"}},
        ),
        'A title row; cohort months as Jul-23; thousands separators ("1,579"); Title Case '
        "and hyphenated headers (Re-offenders); offender types in lower case",
    )


def _ae_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            fmt="xlsx",
            doc_sheet="Documentation",
            sheet="ISTV extract",
            dates="serial",
            booleans=("yes", "no"),
            codes={"sex": SEXES},
            headers={
                "attendance_date": "Attendance Date",
                "age_band": "Age Group",
                "sex": "Sex",
                "method": "Method",
                "alcohol_or_drugs": "Alcohol or Drugs",
                "location_type": "Location Type",
                "lsoa": "LSOA Code",
                "area": "Area",
            },
            blank_every=50,
        ),
        "XLSX with a 'Documentation' sheet first; attendance dates as Excel serial numbers; "
        "sex M/F; alcohol or drugs yes/no; 'Age Group' alias; a blank row every 50 rows",
    )


def _ae_invalid(ctx: Context) -> Variant:
    return Variant(
        Layout(),
        f"{_fy_label(ctx.last_fy)} only, with 4 rows in error: sex 'X', method 'Glassing' (not "
        f"a code), the date {_bad_day(ctx)}, and an attendance sent twice",
        rows=_within("attendance_date", _last_year),
        faults=(
            Fault("sex", "X"),
            Fault("method", "Glassing"),
            Fault("attendance_date", _bad_day(ctx)),
            Fault(None),
        ),
    )


def _treatment_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            fmt="xlsx",
            banner=f"Adults in structured treatment, {ctx.geo.name} (NDTMS)",
            titles=(("Report date:", _report_date(ctx)),),
            financial_years="long",
            headers={
                "financial_year": "Financial Year",
                "area": "Area Name",
                "substance_group": "Substance Group",
                "in_treatment": "In Treatment",
                "new_presentations": "New Presentations",
                "successful_completions": "Successful Completions",
                "effective_treatment": "Effective Treatment",
            },
            total="Grand Total",
        ),
        "XLSX: a merged banner and a report-date row; financial years as 2022-2023; a trailing "
        "Grand Total row of SUM formulas",
    )


def _treatment_invalid(ctx: Context) -> Variant:
    return Variant(
        Layout(),
        "3 rows in error: the financial year 2024/26, substance group 'Cannabis' (not a code), "
        "and an empty in_treatment",
        faults=(
            Fault("financial_year", "2024/26"),
            Fault("substance_group", "Cannabis"),
            Fault("in_treatment", ""),
        ),
    )


def _deaths_messy(ctx: Context) -> Variant:
    from saferinsight.datasets.catalogue import DRUG_RELATED_DEATHS

    lower = {code: code.lower() for code in DRUG_RELATED_DEATHS.column("substances").codes}
    return Variant(
        Layout(
            dates="dmy",
            booleans=("yes", "no"),
            codes={"sex": SEXES, "substances": lower},
            codes_separator=" | ",
            headers={
                "date_of_death": "Date of Death",
                "area": "Area",
                "age_band": "Age Band",
                "sex": "Sex",
                "substances": "Substances",
                "known_to_treatment": "Known to Treatment",
            },
            notes=("Provisional: inquests have not concluded for the latest deaths.",),
        ),
        "Dates as 14/05/2024; sex M/F; substances in lower case separated by ' | '; known to "
        "treatment yes/no; a trailing footnote",
    )


def _fires_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            fmt="xlsx",
            doc_sheet="Notes",
            sheet="Deliberate fires",
            months="mon-yy",
            codes={"fire_type": {"Primary": "primary", "Secondary": "secondary"}},
            headers={
                "month": "Month",
                "ward": "Ward Code",
                "area": "Area",
                "fire_type": "Fire Type",
                "property_type": "Property Type",
                "fires": "Fires",
            },
            total="Grand Total",
            notes=("Deliberate: started on purpose, as recorded by the incident commander.",),
        ),
        "XLSX with a 'Notes' sheet first; months as text Apr-24; fire types in lower case; a "
        "Grand Total row of SUM formulas and a footnote",
    )


def _fires_invalid(ctx: Context) -> Variant:
    return Variant(
        Layout(),
        f"{_fy_label(ctx.last_fy)} only, with 3 rows in error: fire type 'Chimney' (not a "
        "code), a negative count (-3), and ward E05099999 (not in the reference geography)",
        rows=_within("month", _last_year),
        faults=(Fault("fire_type", "Chimney"), Fault("fires", "-3"), Fault("ward", "E05099999")),
    )


def _roads_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            encoding="utf-8-sig",
            dates="dmy",
            codes={"severity": {"Fatal": "Killed", "Serious": "Seriously injured"}},
            headers={
                "date": "Date",
                "severity": "Severity",
                "road_user": "Road User",
                "age_band": "Age Band",
                "lsoa": "LSOA Code",
                "area": "Area",
                "casualties": "Casualties",
            },
            blank_every=25,
        ),
        "UTF-8 with a byte-order mark; severity as Killed / Seriously injured; dates "
        "01/04/2024; a blank row every 25 rows",
    )


def _prevent_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            delimiter=";",
            titles=(("OFFICIAL-SENSITIVE",), ("Prevent referrals by month and type of concern",)),
            months="mm/yyyy",
            headers={
                "month": "Month",
                "area": "Area",
                "concern": "Concern",
                "referrals": "Referrals",
                "channel_discussed": "Channel Discussed",
                "channel_adopted": "Channel Adopted",
            },
            columns=(
                "month",
                "area",
                "concern",
                "referrals",
                "channel_discussed",
                "channel_adopted",
            ),
            total="Grand Total",
            notes=("Counts under 5 must not be published.",),
        ),
        "Semicolon-separated; a protective marking and a title above the header; months as "
        "04/2024; a Grand Total row and a footnote",
    )


# --- safeguarding -------------------------------------------------------------------------------


def _adult_activity_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            fmt="xlsx",
            sheet="Front door",
            banner=f"{ctx.providers.council}: adult safeguarding front door",
            titles=(("Report date:", _report_date(ctx)), ("Covering:", _span(ctx))),
            months="excel",
            headers={
                "month": "Month",
                "area": "Area",
                "contacts": "Contacts",
                "concerns": "Concerns",
                "enquiries_started": "Enquiries Started",
                "enquiries_concluded": "Enquiries Concluded",
                "plans_new": "Plans New",
                "plans_ongoing": "Plans Ongoing",
            },
            total="Grand Total",
        ),
        "XLSX: a merged banner and report-date rows; months as Excel date cells; a Grand Total "
        "row of SUM formulas",
    )


def _enquiries_messy(ctx: Context) -> Variant:
    from saferinsight.datasets.catalogue import ADULT_SAFEGUARDING_ENQUIRIES

    lower = {c: c.lower() for c in ADULT_SAFEGUARDING_ENQUIRIES.column("abuse_types").codes}
    return Variant(
        Layout(
            dates="dmy",
            booleans=("yes", "no"),
            codes={"abuse_types": lower},
            codes_separator="; ",
            headers={
                "enquiry_reference": "Enquiry Reference",
                "concluded_date": "Concluded Date",
                "area": "Area",
                "abuse_types": "Abuse Types",
                "location": "Location",
                "outcomes_asked": "Outcomes Asked",
                "outcomes_achieved": "Outcomes Achieved",
                "plan": "Plan",
            },
        ),
        "Title Case headers; dates 02/05/2024; outcomes asked yes/no; abuse types in lower case "
        "separated by '; '",
    )


def _enquiries_invalid(ctx: Context) -> Variant:
    return Variant(
        Layout(),
        f"{_fy_label(ctx.last_fy)} only, with 4 rows in error: location 'Care home' (not a "
        f"code), empty abuse_types, the date {_bad_day(ctx)}, and an enquiry sent twice",
        rows=_within("concluded_date", _last_year),
        faults=(
            Fault("location", "Care home"),
            Fault("abuse_types", ""),
            Fault("concluded_date", _bad_day(ctx)),
            Fault(None),
        ),
    )


def _children_messy(ctx: Context) -> Variant:
    return Variant(
        Layout(
            encoding="cp1252",
            line_end="\r\n",
            titles=(("Children\u2019s Services \u2013 monthly performance report",),),
            months="mon-yy",
            headers={
                "month": "Month",
                "area": "Area",
                "measure": "Measure",
                "breakdown": "Breakdown",
                "breakdown_value": "Breakdown Value",
                "count": "Count",
            },
            blank_between="month",
            notes=(
                "Source: case management system \u2013 the latest month is provisional.",
                "Breakdown rows add up to the measure\u2019s row without a breakdown.",
            ),
        ),
        "Windows-1252 text ('Early years or crèche', 'Financial hardship (£)', curly quotes "
        "and dashes in the title and notes); months as Apr-24; a blank row between months; "
        "trailing footnotes",
    )


SPECS: dict[str, Spec] = {
    "police-crime": Spec(
        lambda p: p.police, crime.police_crime, _police_crime_messy, _police_crime_invalid
    ),
    "police-crime-monthly": Spec(lambda p: p.police, crime.police_crime_monthly, _monthly_messy),
    "home-office-prc": Spec(lambda p: "Home Office", crime.home_office_prc, _home_office_messy),
    "domestic-abuse-incidents": Spec(
        lambda p: p.police, community.domestic_abuse_incidents, _da_incidents_messy
    ),
    "dvpn-dvpo": Spec(lambda p: p.police, community.dvpn_dvpo, _dvpn_messy, _dvpn_invalid),
    "asb-incidents": Spec(lambda p: p.police, community.asb_incidents, _asb_messy, _asb_invalid),
    "iom-reoffending": Spec(
        lambda p: p.iom,
        lambda ctx: justice.iom_reoffending(ctx)[0],
        _iom_messy,
        _iom_invalid,
        _iom_revised,
    ),
    "proven-reoffending": Spec(
        lambda p: "Ministry of Justice", justice.proven_reoffending, _proven_messy
    ),
    "ae-assaults": Spec(lambda p: p.hospital, justice.ae_assaults, _ae_messy, _ae_invalid),
    "drug-alcohol-treatment": Spec(
        lambda p: p.treatment, justice.drug_alcohol_treatment, _treatment_messy, _treatment_invalid
    ),
    "drug-related-deaths": Spec(
        lambda p: p.public_health, justice.drug_related_deaths, _deaths_messy
    ),
    "deliberate-fires": Spec(
        lambda p: p.fire, community.deliberate_fires, _fires_messy, _fires_invalid
    ),
    "road-casualties": Spec(lambda p: p.police, community.road_casualties, _roads_messy),
    "prevent-channel": Spec(
        lambda p: "Counter Terrorism Policing", community.prevent_channel, _prevent_messy
    ),
    "adult-safeguarding-activity": Spec(
        lambda p: p.council, safeguarding.adult_safeguarding_activity, _adult_activity_messy
    ),
    "adult-safeguarding-enquiries": Spec(
        lambda p: p.council,
        safeguarding.adult_safeguarding_enquiries,
        _enquiries_messy,
        _enquiries_invalid,
    ),
    "childrens-safeguarding": Spec(
        lambda p: p.council, safeguarding.childrens_safeguarding, _children_messy
    ),
}
