"""Health partners' data: A&E assault attendances (ISTV), drug and alcohol treatment (NDTMS)
and drug-related deaths (report catalogue A17, A27, A28 and section 2.7).

Each analysis takes the :class:`~saferinsight.analysis.partners.common.PartnerData` of one
dataset and returns a :class:`~saferinsight.analysis.partners.common.PartnerSection`, or None
when the period has no rows. Changes use the exact conditional test of equal Poisson rates
(:func:`saferinsight.stats.change.change_test`); shares use Wilson intervals
(:func:`saferinsight.stats.intervals.proportion`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from saferinsight.analysis.formatting import format_count, x_pct_n
from saferinsight.analysis.partners._shared import (
    CHANGE_NOTE,
    SHARE_NOTE,
    XMR_NOTE,
    Builder,
    Comparison,
    change_in,
    change_sentence,
    like_for_like,
    list_text,
    month_name,
    monthly,
    noun,
    peak_months,
    present,
    share_text,
    shares,
    tally,
)
from saferinsight.analysis.partners.common import (
    CrossTab,
    PartnerData,
    PartnerSection,
    Ratio,
    Row,
    ratio,
)
from saferinsight.datasets.catalogue import AE_ASSAULTS, AGE_BANDS, DRUG_RELATED_DEATHS, SEXES

__all__ = [
    "analyse_ae_assaults",
    "analyse_drug_alcohol_treatment",
    "analyse_drug_related_deaths",
]

NOT_STATED = "Not stated"
NOT_RECORDED = "Not recorded"
METHODS = AE_ASSAULTS.column("method").codes
LOCATIONS = AE_ASSAULTS.column("location_type").codes
SUBSTANCES = DRUG_RELATED_DEATHS.column("substances").codes


def _one(row: Row) -> int:
    return 1


def _sex(row: Row) -> str:
    return row["sex"] or NOT_STATED


def _age(row: Row) -> str:
    return row["age_band"] or NOT_RECORDED


def _by_sex(
    data: PartnerData, comparison: Comparison, subject: str, title: str, total: str
) -> Builder:
    """A section's opening for person-level data: the total and its change by sex (when the
    previous period can be compared like for like), then the shares by sex."""
    out = Builder(comparison.data)
    rows = data.current_rows
    out.notes.extend(comparison.notes)
    table = change_in(comparison.data, _sex, SEXES, total_label=total)
    if comparison.compared:
        out.changes.append((f"{title} by sex", table))
        out.say(change_sentence(subject, table.total, table))
    else:
        out.say(f"{format_count(len(rows))} {subject} in {data.period.label}.")
    by_sex = shares(tally(rows, _sex, _one), len(rows), order=SEXES)
    out.ratios.append((f"{title} by sex", by_sex))
    out.say(f"By sex: {list_text(by_sex, len(by_sex))}.")
    return out


def _age_by_sex(rows: Sequence[Row], caption: str) -> CrossTab:
    """Age band (rows) by sex (columns), in the declared orders, of the codes present."""
    ages = present((*AGE_BANDS, NOT_RECORDED), tally(rows, _age, _one))
    sexes = present(SEXES, tally(rows, _sex, _one))
    cells = Counter((_age(r), _sex(r)) for r in rows)
    counts = tuple(tuple(cells[(age, sex)] for sex in sexes) for age in ages)
    return CrossTab(caption, "Age band", tuple(ages), tuple(sexes), counts)


def _flag_ratio(rows: Sequence[Row], column: str, label: str) -> tuple[Ratio, int]:
    """The share of rows flagged Y among those with the flag recorded, and how many lack it."""
    yes = sum(1 for r in rows if r[column] is True)
    recorded = sum(1 for r in rows if r[column] is not None)
    return ratio(label, yes, recorded), len(rows) - recorded


def analyse_ae_assaults(data: PartnerData) -> PartnerSection | None:
    """Profile A&E assault attendances (catalogue A17): total and change, months, sex, age band
    by sex, method, alcohol or drugs, and type of place.

    Parameters
    ----------
    data
        Rows of ``ae-assaults``: one per attendance.

    Returns
    -------
    PartnerSection or None
        ``changes``: attendances by sex this period against the previous (the Grand total is
        all attendances), when the previous period covers the same months. ``ratios``: shares
        by sex, method and location type (of all attendances, largest first), and alcohol or
        drugs involved (of those recorded). ``crosstabs``: age band by sex, with
        ``extra["age_sex_percent"]`` giving each cell as a % of all attendances.
        ``series``: monthly attendances with an XmR chart; ``extra["peak_months"]`` the three
        busiest months. None when the period has no attendance.

    Notes
    -----
    The change test is the exact conditional test of equal Poisson rates (null hypothesis:
    the same underlying daily rate in both periods; two-sided). Shares have Wilson 95%
    intervals, assuming independent attendances.

    Examples
    --------
    >>> from datetime import date
    >>> from saferinsight.analysis.partners._shared import example_data
    >>> rows = [{"month": date(2024, 4, 1), "sex": sex, "age_band": "18-24", "method": None,
    ...          "alcohol_or_drugs": True, "location_type": "Nightclub"}
    ...         for sex in ("Male", "Male", "Female")]
    >>> section = analyse_ae_assaults(example_data("ae-assaults", rows))
    >>> section.findings[1]
    'By sex: male 67% (n=2), female 33% (n=1).'
    """
    if data.empty:
        return None
    subject = "A&E assault attendances"
    out = _by_sex(data, like_for_like(data), subject, subject, "All attendances")
    rows = data.current_rows
    _ae_age_sex(out, rows)
    _ae_months(out, data)
    _ae_circumstances(out, rows)
    out.notes.extend(_AE_NOTES)
    return out.section("A&E assault attendances", sensitive=True)


_AE_NOTES = (
    "Counts are attendances at the emergency department for an assault (Information Sharing "
    "to Tackle Violence data): a person who attends twice counts twice.",
    "In the age band by sex table each cell is a share of all attendances, so the whole table "
    "adds up to 100%; a missing sex counts as 'Not stated' and a missing age band as "
    "'Not recorded'.",
    "Alcohol or drug involvement is what the patient said; its share is of the attendances "
    "where it was recorded.",
    CHANGE_NOTE,
    SHARE_NOTE,
    XMR_NOTE,
)


def _ae_age_sex(out: Builder, rows: Sequence[Row]) -> None:
    total = len(rows)
    table = _age_by_sex(
        rows,
        f"A&E assault attendances by age band and sex, {out.data.period.label}: each cell as "
        f"a % of all {format_count(total)} attendances",
    )
    table = dataclasses.replace(table, shares="all")
    out.crosstabs.append(table)
    percent = tuple(tuple(n / total * 100 for n in line) for line in table.counts)
    out.extra["age_sex_percent"] = percent
    known = [
        (n, i, j)
        for i, line in enumerate(table.counts)
        for j, n in enumerate(line)
        if table.rows[i] != NOT_RECORDED and table.columns[j] != NOT_STATED
    ]
    if not known:
        return
    n, i, j = max(known, key=lambda c: (c[0], -c[1], -c[2]))
    out.say(
        f"The largest group was {noun(table.columns[j])} aged {table.rows[i]}: "
        f"{x_pct_n(percent[i][j], n)} of all attendances."
    )


def _ae_months(out: Builder, data: PartnerData) -> None:
    series = monthly(
        data, f"A&E assault attendances by month, {data.period.label}", "attendances", _one
    )
    if series is None:
        return
    peaks = peak_months(series)
    out.extra["peak_months"] = peaks
    out.say(
        "The busiest months were "
        + ", ".join(f"{month_name(label)} (n={n})" for label, n in peaks)
        + "."
    )
    out.add_series(series)


def _ae_circumstances(out: Builder, rows: Sequence[Row]) -> None:
    total = len(rows)
    by_method = shares(
        tally(rows, lambda r: r["method"] or NOT_RECORDED, _one), total, order=METHODS
    )
    out.ratios.append(("A&E assault attendances by method", by_method))
    out.say(f"Most common methods: {list_text(by_method)}.")
    alcohol, missing = _flag_ratio(rows, "alcohol_or_drugs", "Alcohol or drugs involved")
    out.ratios.append(("Alcohol or drugs involved (of attendances where recorded)", (alcohol,)))
    if alcohol.denominator:
        out.say(
            f"Alcohol or drugs were involved in {share_text(alcohol)} of the "
            f"{format_count(alcohol.denominator)} attendances where this was recorded (not "
            f"recorded for {format_count(missing)})."
        )
    else:
        out.say("Whether alcohol or drugs were involved was not recorded.")
    by_place = shares(
        tally(rows, lambda r: r["location_type"] or NOT_RECORDED, _one), total, order=LOCATIONS
    )
    out.ratios.append(("A&E assault attendances by type of place", by_place))
    out.say(f"Most common places: {list_text(by_place)}.")


GROUPS = ("Opiate", "Non-opiate", "Non-opiate and alcohol", "Alcohol only")
ALL_GROUPS = "All"


def _group_ratios(rows: Sequence[Row], column: str) -> tuple[Ratio, ...]:
    """``column`` as a share of those in treatment, by group and for all groups, over the
    rows that give ``column``."""
    given = [r for r in rows if r[column] is not None]
    if not given:
        return ()
    top = tally(given, lambda r: r["substance_group"], lambda r: int(r[column]))
    bottom = tally(given, lambda r: r["substance_group"], lambda r: int(r["in_treatment"] or 0))
    ratios = [ratio(g, top[g], bottom[g]) for g in present(GROUPS, bottom)]
    ratios.append(ratio(ALL_GROUPS, sum(top.values()), sum(bottom.values())))
    return tuple(ratios)


def analyse_drug_alcohol_treatment(data: PartnerData) -> PartnerSection | None:
    """Adults in drug and alcohol treatment by substance group (catalogue A27, A28).

    Parameters
    ----------
    data
        Rows of ``drug-alcohol-treatment``: adults in treatment by substance group and
        financial year.

    Returns
    -------
    PartnerSection or None
        ``changes``: adults in treatment by substance group against the previous year (the
        Grand total, "All", is every group). ``ratios``: % in effective treatment
        (``effective_treatment / in_treatment``) and successful completions as % of those in
        treatment, by group and for all groups, this year and (when there are data) last
        year. None when the period has no rows.

    Notes
    -----
    Changes in numbers use the exact conditional test of equal Poisson rates (null
    hypothesis: the same underlying rate in both years). The % figures have Wilson 95%
    intervals; a group that leaves a column empty is left out of that column's "All".

    Examples
    --------
    >>> from datetime import date
    >>> from saferinsight.analysis.partners._shared import example_data
    >>> rows = [{"month": date(2024, 4, 1), "substance_group": "Opiate", "in_treatment": 649,
    ...          "effective_treatment": 620, "successful_completions": 45,
    ...          "new_presentations": None}]
    >>> section = analyse_drug_alcohol_treatment(example_data("drug-alcohol-treatment", rows))
    >>> section.findings[1].split(": ")[1]
    'opiate 96% (n=620), all 96% (n=620).'
    """
    if data.empty:
        return None
    comparison = like_for_like(data)
    out = Builder(comparison.data)
    out.notes.extend(comparison.notes)
    table = change_in(
        comparison.data, lambda r: r["substance_group"], GROUPS, total_label=ALL_GROUPS
    )
    if comparison.compared:
        out.changes.append(("Adults in treatment by substance group", table))
        out.say(change_sentence("adults in treatment", table.total, table))
        out.say(*(change_sentence(f"in {noun(r.label)} treatment", r, table) for r in table.rows))
    else:
        total = sum(r["in_treatment"] or 0 for r in data.current_rows)
        out.say(f"{format_count(total)} adults in treatment in {data.period.label}.")
    for column, title, words in _TREATMENT_MEASURES:
        _treatment_measure(out, comparison, column, title, words)
    new = [r["new_presentations"] for r in data.current_rows if r["new_presentations"] is not None]
    if new:
        out.say(f"{format_count(sum(new))} adults started treatment in {data.period.label}.")
    out.notes.extend(_TREATMENT_NOTES)
    return out.section("Drug and alcohol treatment", sensitive=False)


_TREATMENT_MEASURES = (
    (
        "effective_treatment",
        "% in effective treatment",
        "In effective treatment (retained 12 weeks or more, or completed)",
    ),
    (
        "successful_completions",
        "Successful completions as % of those in treatment",
        "Successful completions, as a % of those in treatment",
    ),
)

_TREATMENT_NOTES = (
    "Adults in structured treatment during the year, by NDTMS treatment group; 'All' is the "
    "sum of the groups.",
    "Effective treatment: retained for 12 weeks or more, or completed. Successful "
    "completion: left treatment free of dependence and did not re-present within 6 months, "
    "as a % of all in treatment in the group (PHOF 2.15).",
    CHANGE_NOTE,
    SHARE_NOTE,
)


def _treatment_measure(
    out: Builder, comparison: Comparison, column: str, title: str, words: str
) -> None:
    data = comparison.data
    now = _group_ratios(data.current_rows, column)
    if not now:
        out.notes.append(f"No {column.replace('_', ' ')} figures for {data.period.label}.")
        return
    out.ratios.append((f"{title}, {data.period.label}", now))
    out.say(f"{words}: {list_text(now, len(now))}.")
    if any(r.estimate is None for r in now):
        out.notes.append(
            f"Some {column.replace('_', ' ')} figures exceed the number in treatment: they "
            "are shown without an interval."
        )
    before = _group_ratios(data.previous_rows, column) if comparison.compared else ()
    if before:
        out.ratios.append((f"{title}, {data.previous.label}", before))


def analyse_drug_related_deaths(data: PartnerData) -> PartnerSection | None:
    """Drug-related deaths: number and change, sex and age band, substances mentioned and how
    many were known to treatment.

    Parameters
    ----------
    data
        Rows of ``drug-related-deaths``: one per death.

    Returns
    -------
    PartnerSection or None
        ``changes``: deaths by sex against the previous period (the Grand total is all
        deaths). ``ratios``: shares by sex; substances mentioned (each a share of all deaths:
        a death counts once under every substance mentioned, so they add up to more than
        100%); known to treatment (of deaths where this was recorded). ``crosstabs``: age band
        by sex (counts). None when the period has no death.

    Notes
    -----
    The change test is the exact conditional test of equal Poisson rates (null hypothesis:
    the same underlying rate of deaths in both periods; two-sided). With a few deaths a year
    it has little power: a real change can easily go undetected, which is why PHOF 2.15iv
    pools three years.
    """
    if data.empty:
        return None
    out = _by_sex(
        data,
        like_for_like(data, "none"),
        "drug-related deaths",
        "Drug-related deaths",
        "All deaths",
    )
    rows = data.current_rows
    out.crosstabs.append(
        _age_by_sex(rows, f"Drug-related deaths by age band and sex, {data.period.label}")
    )
    substances: Counter[str] = Counter()
    for row in rows:
        substances.update(row["substances"] or [NOT_KNOWN])
    mentioned = shares(substances, len(rows), order=SUBSTANCES)
    out.ratios.append(("Substances mentioned (a death counts once per substance)", mentioned))
    out.say(f"Substances most often mentioned: {list_text(mentioned)} of deaths.")
    known, missing = _flag_ratio(rows, "known_to_treatment", "Known to treatment")
    out.ratios.append(("Known to treatment (of deaths where recorded)", (known,)))
    if known.denominator:
        out.say(
            f"{share_text(known)} of the {format_count(known.denominator)} deaths where it was "
            "recorded were of people known to treatment (not recorded for "
            f"{format_count(missing)})."
        )
    out.notes.extend(_DRD_NOTES)
    return out.section("Drug-related deaths", sensitive=True)


NOT_KNOWN = "Not known"

_DRD_NOTES = (
    "Deaths are counted by date of death, as reviewed by the drug-related death panel.",
    "Deaths are few, so the change test has little power: a real change of some size can go "
    "undetected, and one of a few deaths can move a percentage a long way. PHOF 2.15iv pools "
    "three years for this reason.",
    "A death can mention several substances and counts once under each, so the substance "
    "figures add up to more than the number of deaths; 'Not known' counts deaths with none "
    "recorded.",
    CHANGE_NOTE,
    SHARE_NOTE,
)
