"""Police recorded crime from partner data: hate crime by strand, domestic abuse offences and
incidents, violence with injury and drug offences by sub-type, serious violence by offence
group, and the age, sex, role and ethnicity profiles of person-level extracts.

Offences are distinct crime references (person-level extracts have one row per suspect or
victim). Changes are tested with the exact conditional test of equal Poisson rates (H0: the
two periods' rates per day are equal; :func:`saferinsight.stats.change.change_test`).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date

from saferinsight.analysis.narrative import p_text
from saferinsight.analysis.partners._shared import month_of, months_between, without_total_test
from saferinsight.analysis.partners.common import (
    CrossTab,
    MonthlySeries,
    PartnerData,
    PartnerSection,
    Ratio,
    Row,
    change_by,
    count_rows,
    monthly_series,
    ratio,
)
from saferinsight.analysis.tables import ChangeRow, ChangeTable, change_table
from saferinsight.core.categories import STREET_CRIME_TYPES
from saferinsight.core.periods import Period
from saferinsight.datasets.catalogue import HATE_STRANDS
from saferinsight.datasets.schema import home_office_offences

__all__ = [
    "AGE_BANDS",
    "analyse_domestic_abuse_incidents",
    "analyse_home_office_prc",
    "analyse_police_crime",
    "analyse_police_crime_monthly",
    "offence_of",
    "police_uk_type",
]

#: Age bands of the published serious violence profile (catalogue A15).
AGE_BANDS = ("0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70+")
VWI = "Violence with injury"
DRUG_SUBGROUPS = ("Possession of drugs", "Trafficking of drugs")


def offence_of(row: Row) -> tuple[str, str | None, str | None, str | None]:
    """(offence description, group, sub-group, police.uk type) of a row.

    The row's own description wins (forces record finer sub-types than the Home Office
    list); group and sub-group come from the Home Office code, or from the description when it
    is a Home Office description.

    Examples
    --------
    >>> offence_of({"offence_code": "8N", "offence": None})
    ('Assault with injury', 'Violence against the person', 'Violence with injury', \
'Violence and Sexual Offences')
    """
    code = row.get("offence_code")
    found = home_office_offences().get(code) if code else None
    if found is None and row.get("offence"):
        found = _by_description().get(str(row["offence"]).casefold())
    description = row.get("offence") or (found[0] if found else "Unknown offence")
    if found is None:
        return description, None, None, None
    return description, found[1], found[2], found[3]


@functools.cache
def _by_description() -> dict[str, tuple[str, str, str, str]]:
    return {detail[0].casefold(): detail for detail in home_office_offences().values()}


def analyse_police_crime(
    data: PartnerData, incidents: PartnerData | None = None
) -> PartnerSection | None:
    """Hate crime, domestic abuse, sub-type and serious violence tables of record-level data.

    ``incidents`` (the ``domestic-abuse-incidents`` dataset) adds domestic abuse incidents
    beside the offences. Returns None when there is no offence in the period.
    """
    if data.empty:
        return None
    ref = "crime_reference"
    offences = change_by(data, lambda r: "All recorded offences", distinct=ref, total_label="")
    changes: list[tuple[str, ChangeTable]] = [
        (f"Hate crime by strand, {data.period.label} and {data.previous.label}", _strands(data)),
        (
            f"Violence with injury offences by sub-type, {data.period.label} and "
            f"{data.previous.label}",
            change_by(data, _subgroup_key((VWI,)), distinct=ref),
        ),
        (
            f"Drug offences by type, {data.period.label} and {data.previous.label}",
            change_by(data, _subgroup_key(DRUG_SUBGROUPS), distinct=ref, total_label="Grand Total"),
        ),
        (
            f"Serious violence by offence group, {data.period.label} and {data.previous.label}",
            change_by(data, _serious_violence_group, distinct=ref, total_label="Total"),
        ),
    ]
    domestic = change_by(
        data,
        lambda r: "Domestic abuse offences" if r.get("domestic_abuse") else None,
        distinct=ref,
    )
    if incidents is not None and not incidents.empty:
        incident_table = change_by(incidents, lambda r: "Domestic abuse incidents (non-crime)")
        rows = (*domestic.rows, *incident_table.rows)
        domestic = change_table(
            [(row.label, row.current, row.previous) for row in rows],
            current_label=data.period.label,
            previous_label=data.previous.label,
            sort=False,
        )
    # Offences and non-crime incidents are different things: their sum is no total.
    domestic = without_total_test(domestic, "")
    changes.insert(1, (f"Domestic abuse, {data.period.label} and {data.previous.label}", domestic))
    ratios = [
        ("Domestic abuse share of violence and sexual offences", (_da_share_of_violence(data),))
    ]
    people = [r for r in data.current_rows if r.get("role")]
    crosstabs = (_age_sex_role(people), _ethnicity_role(people)) if people else ()
    if people:
        ratios.append(("Ethnicity not stated", (_not_stated(people),)))
    total = offences.rows[0]
    findings = [
        f"{total.current:,} offences were recorded in {data.period.label}, against "
        f"{total.previous:,} in {data.previous.label}: {_verdict(total)}.",
        *(
            f"{row.label}: {row.current:,} against {row.previous:,} ({_verdict(row)})."
            for row in domestic.rows
        ),
        *_table_findings(changes),
    ]
    series = (
        _offences_by_month(
            data, "Domestic abuse offences", lambda r: bool(r.get("domestic_abuse"))
        ),
        _offences_by_month(data, "Hate crimes", _hate),
        _offences_by_month(data, "Serious violence offences", _serious_violence),
    )
    return PartnerSection(
        dataset=data.dataset.name,
        title="Police recorded crime: hate crime, domestic abuse and serious violence",
        series=tuple(s for s in series if s is not None),
        period=data.period.label,
        previous=data.previous.label,
        findings=tuple(findings),
        changes=tuple(changes),
        ratios=tuple(ratios),
        crosstabs=crosstabs,
        notes=(
            "Offences are distinct crime references. An offence flagged with several hate "
            "strands counts once in each strand, so the strands add up to more than the "
            "offences (as in the published tables).",
            "Sub-types are the force's offence descriptions; groups and sub-groups follow the "
            "Home Office offence codes.",
        ),
        versions=data.versions + (incidents.versions if incidents else ()),
        sensitive=bool(people),
    )


def _verdict(row: object) -> str:
    test = getattr(row, "test", None)
    if test is None:
        return "not tested"
    return f"{test.verdict} ({p_text(test.p_value)})"


def _table_findings(changes: Sequence[tuple[str, ChangeTable]]) -> list[str]:
    sentences = []
    for caption, table in changes:
        no_total = not table.total.label
        if no_total or (table.total.current == 0 and table.total.previous == 0):
            continue
        top = max(table.rows, key=lambda r: r.current)
        share = top.current / table.total.current * 100 if table.total.current else 0
        sentences.append(
            f"{caption.split(',')[0]}: {table.total.current:,} against {table.total.previous:,} "
            f"({_verdict(table.total)}); the largest is {top.label} with {share:.0f}% "
            f"(n={top.current:,})."
        )
    return sentences


def _hate(row: Row) -> bool:
    return any(row.get(f"hate_{key}") for key, _ in HATE_STRANDS)


def _serious_violence(row: Row) -> bool:
    return _serious_violence_group(row) is not None


def _offences_by_month(
    data: PartnerData, what: str, keep: Callable[[Row], bool]
) -> MonthlySeries | None:
    """Distinct offences a month over the previous period and this one (every month from
    the first to the last, zeros included), with an XmR chart; None without any."""
    seen: dict[date, set[str]] = {}
    rows = (*data.previous_rows, *data.current_rows)
    for row in rows:
        if keep(row):
            seen.setdefault(month_of(row), set()).add(str(row["crime_reference"]))
    if not seen:
        return None
    months = months_between(min(month_of(r) for r in rows), max(month_of(r) for r in rows))
    return monthly_series(
        f"{what} by month, {data.previous.label} and {data.period.label}",
        what[0].lower() + what[1:],
        months,
        [len(seen.get(m, ())) for m in months],
    )


def _strands(data: PartnerData) -> ChangeTable:
    def tally(rows: Sequence[Row]) -> Counter[str]:
        seen = {
            (label, r["crime_reference"])
            for r in rows
            for key, label in HATE_STRANDS
            if r.get(f"hate_{key}")
        }
        return Counter(label for label, _ in seen)

    now, before = tally(data.current_rows), tally(data.previous_rows)
    return change_table(
        [(label, now[label], before[label]) for _, label in HATE_STRANDS],
        current_label=data.period.label,
        previous_label=data.previous.label,
        total_label="Grand Total",
    )


def _subgroup_key(subgroups: tuple[str, ...]) -> Callable[[Row], str | None]:
    def key(row: Row) -> str | None:
        description, _, subgroup, _ = offence_of(row)
        return description if subgroup in subgroups else None

    return key


def _serious_violence_group(row: Row) -> str | None:
    if not row.get("serious_violence"):
        return None
    _, group, subgroup, _ = offence_of(row)
    return subgroup or group or "Unclassified"


def _da_share_of_violence(data: PartnerData) -> Ratio:
    violence = {
        r["crime_reference"]
        for r in data.current_rows
        if offence_of(r)[3] == "Violence and Sexual Offences"
    }
    domestic = {
        r["crime_reference"] for r in data.current_rows if r.get("domestic_abuse")
    } & violence
    return ratio(f"Domestic abuse related, {data.period.label}", len(domestic), len(violence))


def _band(age: int | None) -> str | None:
    if age is None:
        return None
    return "70+" if age >= 70 else AGE_BANDS[age // 10]


def _age_sex_role(people: Sequence[Row]) -> CrossTab:
    roles = ("Suspect and victim", "Suspect", "Victim")
    sexes = ("Female", "Male")
    columns = tuple(f"{role}: {sex}" for role in roles for sex in sexes)
    counts: Counter[tuple[str, str]] = Counter()
    for person in people:
        band = _band(person.get("age"))
        if band and person.get("sex") in sexes:
            counts[band, f"{person['role']}: {person['sex']}"] += 1
    return CrossTab(
        caption="People by age band, sex and role: % female and male within each role",
        row_header="Age",
        rows=AGE_BANDS,
        columns=columns,
        counts=tuple(tuple(counts[band, column] for column in columns) for band in AGE_BANDS),
        shares="pairs",
    )


def _ethnicity_role(people: Sequence[Row]) -> CrossTab:
    from saferinsight.datasets.catalogue import ETHNICITIES

    roles = ("Suspect and victim", "Suspect", "Victim")
    counts = Counter((p.get("ethnicity") or "Not stated", p["role"]) for p in people)
    stated = [e for e in ETHNICITIES if e != "Not stated" and any(counts[e, r] for r in roles)]
    return CrossTab(
        caption="People by self-defined ethnicity and role (not stated left out)",
        row_header="Ethnicity - self defined",
        rows=tuple(stated),
        columns=roles,
        counts=tuple(tuple(counts[e, r] for r in roles) for e in stated),
    )


def _not_stated(people: Sequence[Row]) -> Ratio:
    missing = sum(1 for p in people if (p.get("ethnicity") or "Not stated") == "Not stated")
    return ratio("People with no ethnicity stated", missing, len(people))


def analyse_police_crime_monthly(
    data: PartnerData, *, strands: bool = True
) -> PartnerSection | None:
    """Monthly aggregate crime counts: totals, domestic abuse, serious violence and hate
    strands, each with its change.

    The hate strands are printed once, in their own table (not again as flags), and not at
    all when ``strands`` is False (the record-level police crime section gives them).
    """
    if data.empty:
        return None
    by_flag = change_by(
        data, lambda r: None if r["flag"].startswith("Hate: ") else str(r["flag"]), total_label=""
    )
    changes = [(f"Offences by flag, {data.period.label} and {data.previous.label}", by_flag)]
    findings = [_flag_finding(by_flag)] if _all_row(by_flag) else []
    if strands:
        hate = change_by(
            data,
            lambda r: r["flag"].removeprefix("Hate: ") if r["flag"].startswith("Hate: ") else None,
            order=[label for _, label in HATE_STRANDS],
            total_label="Grand Total",
        )
        changes.append(
            (f"Hate crime by strand, {data.period.label} and {data.previous.label}", hate)
        )
        findings += _table_findings([("Hate crime by strand", hate)])
    flags = [row.label for row in by_flag.rows if row.current or row.previous]
    return PartnerSection(
        dataset=data.dataset.name,
        title="Police recorded crime (monthly counts)",
        series=tuple(_flag_by_month(data, flag) for flag in flags),
        period=data.period.label,
        previous=data.previous.label,
        findings=tuple(findings),
        changes=tuple(changes),
        versions=data.versions,
    )


def _flag_by_month(data: PartnerData, flag: str) -> MonthlySeries:
    """A flag's offences a month over the previous period and this one (months with rows)."""
    totals: Counter[date] = Counter()
    for row in (*data.previous_rows, *data.current_rows):
        if row["flag"] == flag:
            totals[month_of(row)] += count_rows((row,), data.dataset)
    months = sorted(totals)
    name = "All offences" if flag == "All" else f"{flag} offences"
    return monthly_series(
        f"{name} by month, {data.previous.label} and {data.period.label}",
        name[0].lower() + name[1:],
        months,
        [totals[m] for m in months],
    )


def _all_row(table: ChangeTable) -> ChangeRow | None:
    return next((r for r in table.rows if r.label == "All"), None)


def _flag_finding(table: ChangeTable) -> str:
    row = _all_row(table)
    assert row is not None
    return f"All offences: {row.current:,} against {row.previous:,} ({_verdict(row)})."


def analyse_domestic_abuse_incidents(data: PartnerData) -> PartnerSection | None:
    """Domestic abuse incidents (non-crime) with their change, when no crime records came."""
    if data.empty:
        return None
    table = change_by(data, lambda r: "Domestic abuse incidents (non-crime)", total_label="")
    row = table.rows[0]
    return PartnerSection(
        dataset=data.dataset.name,
        title="Domestic abuse incidents",
        period=data.period.label,
        previous=data.previous.label,
        findings=(
            f"{row.current:,} domestic abuse incidents were not recorded as crimes in "
            f"{data.period.label}, against {row.previous:,} in {data.previous.label}: "
            f"{_verdict(row)}.",
        ),
        changes=((f"Domestic abuse incidents, {data.period.label}", table),),
        versions=data.versions,
    )


def analyse_home_office_prc(data: PartnerData) -> PartnerSection | None:
    """Home Office recorded crime by offence group, with change (catalogue A20, A21)."""
    if data.empty:
        return None

    def group(row: Row) -> str:
        return str(row.get("offence_group") or offence_of(row)[1] or "Unclassified")

    table = change_by(data, group, total_label="Total recorded crime")
    section = PartnerSection(
        dataset=data.dataset.name,
        title="Police recorded crime (Home Office open data)",
        period=data.period.label,
        previous=data.previous.label,
        findings=tuple(_table_findings([("Recorded crime by offence group", table)])),
        changes=((f"Offences by group, {data.period.label} and {data.previous.label}", table),),
        notes=(
            "Home Office police recorded crime includes fraud recorded by Action Fraud only at "
            "national level; quarters count in a period only when the whole quarter lies in it.",
        ),
        versions=data.versions,
    )
    # For the reconciliation with police.uk (saferinsight.analysis.reconcile).
    section.extra["police_uk_types"] = change_by(
        data, police_uk_type, total_label="Total recorded crime"
    )
    section.extra["months_covered"] = (
        _months_covered(data.current_rows, data.period),
        _months_covered(data.previous_rows, data.previous),
    )
    return section


def police_uk_type(row: Row) -> str:
    """The police.uk crime type of a recorded crime row, through the Home Office offence code
    (the shipped mapping), else the row's own police.uk column; ``"Not mapped"`` without either.

    Examples
    --------
    >>> police_uk_type({"offence_code": "8N"}), police_uk_type({"offence_code": "34B"})
    ('Violence and sexual offences', 'Robbery')
    >>> police_uk_type({"offence_code": None, "policeuk_cat": "Public Order"})
    'Public order'
    """
    found = offence_of(row)[3] or row.get("policeuk_cat")
    return _STREET_TYPES.get(str(found or "").casefold(), "Not mapped")


_STREET_TYPES = {name.casefold(): name for name in STREET_CRIME_TYPES}


def _months_covered(rows: Sequence[Row], period: Period) -> int:
    """How many of the period's months the quarterly rows cover."""
    covered: set[date] = set()
    for row in rows:
        start, end = row.get("period_start"), row.get("period_end")
        if isinstance(start, date) and isinstance(end, date):
            covered.update(m for m in period.months if start <= m <= end)
    return len(covered)
