"""Community safety partners' data: anti-social behaviour incidents (catalogue A1, A3, A6c,
A13), deliberate fires (A23), road casualties killed or seriously injured (A34), and Prevent
referrals with Channel adoption (A33).

Changes use the exact conditional test of equal Poisson rates
(:func:`saferinsight.stats.change.change_test`); shares have Wilson intervals
(:func:`saferinsight.stats.intervals.proportion`); monthly series have XmR charts
(:func:`saferinsight.stats.spc.xmr_chart`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from saferinsight.analysis.formatting import format_count
from saferinsight.analysis.partners._shared import (
    CHANGE_NOTE,
    SHARE_NOTE,
    XMR_NOTE,
    Builder,
    Comparison,
    change_in,
    change_sentence,
    covered_months,
    like_for_like,
    list_text,
    monthly,
    noun,
    share_text,
    shares,
    tally,
)
from saferinsight.analysis.partners.common import (
    PartnerData,
    PartnerSection,
    Ratio,
    Row,
    change_by,
    count_rows,
    ratio,
)
from saferinsight.analysis.tables import ChangeTable
from saferinsight.core.months import add_months
from saferinsight.core.periods import Period
from saferinsight.datasets.catalogue import (
    ASB_INCIDENTS,
    DELIBERATE_FIRES,
    PREVENT_CHANNEL,
    ROAD_CASUALTIES,
)

__all__ = [
    "analyse_asb_incidents",
    "analyse_deliberate_fires",
    "analyse_prevent_channel",
    "analyse_road_casualties",
]

NOT_RECORDED = "Not recorded"
ASB_CATEGORIES = ("Personal", "Nuisance", "Environmental")
RECORDERS = ASB_INCIDENTS.column("recorded_by").codes
FIRE_TYPES = DELIBERATE_FIRES.column("fire_type").codes
PROPERTY_TYPES = (*DELIBERATE_FIRES.column("property_type").codes, NOT_RECORDED)
SEVERITIES = ("Fatal", "Serious", "Slight")
KSI = ("Fatal", "Serious")
ROAD_USERS = (*ROAD_CASUALTIES.column("road_user").codes, NOT_RECORDED)
CONCERNS = PREVENT_CHANNEL.column("concern").codes


def _one(row: Row) -> int:
    return 1


def _changes(
    out: Builder,
    comparison: Comparison,
    title: str,
    table: ChangeTable,
    subject: str,
    *,
    by_row: bool = True,
) -> None:
    """Add a change table with the sentences on its total and rows, or only the count when
    the previous period cannot be compared."""
    if not comparison.compared:
        count = format_count(table.total.current)
        out.say(f"{count} {subject} in {comparison.data.period.label}.")
        return
    out.changes.append((title, table))
    out.say(change_sentence(subject, table.total, table))
    if by_row:
        out.say(*(change_sentence(f"{noun(r.label)} {subject}", r, table) for r in table.rows))


def analyse_asb_incidents(data: PartnerData) -> PartnerSection | None:
    """Anti-social behaviour incidents: total and change, category, who recorded them, months,
    and the Nuisance share of the last quarter.

    Parameters
    ----------
    data
        Rows of ``asb-incidents``: one per incident.

    Returns
    -------
    PartnerSection or None
        ``changes``: incidents by category in the order Personal, Nuisance, Environmental
        (catalogue A13; the Grand total is all incidents) and by who recorded them, against
        the previous period. ``ratios``: shares by category (same order), by recorder, and
        the Nuisance share of the last complete quarter with data (A6c). ``series``: monthly
        incidents with an XmR chart. None when the period has no incident.

    Notes
    -----
    The change test is the exact conditional test of equal Poisson rates (null hypothesis:
    the same underlying daily rate in both periods; two-sided). Shares have Wilson 95%
    intervals.
    """
    if data.empty:
        return None
    comparison = like_for_like(data)
    out = Builder(comparison.data)
    out.notes.extend(comparison.notes)
    rows, total = data.current_rows, len(data.current_rows)
    table = change_by(comparison.data, lambda r: r["category"], order=ASB_CATEGORIES)
    _changes(out, comparison, "ASB incidents by category", table, "ASB incidents")
    counts = tally(rows, lambda r: r["category"], _one)
    by_category = tuple(ratio(c, counts[c], total) for c in ASB_CATEGORIES)
    out.ratios.append(("ASB incidents by category", by_category))
    out.say(f"By category: {list_text(by_category)}.")
    recorders = change_in(comparison.data, lambda r: r["recorded_by"], RECORDERS)
    if comparison.compared:
        out.changes.append(("ASB incidents by who recorded them", recorders))
    by_recorder = shares(tally(rows, lambda r: r["recorded_by"], _one), total, order=RECORDERS)
    out.ratios.append(("ASB incidents by who recorded them", by_recorder))
    out.say(f"Recorded by: {list_text(by_recorder, len(by_recorder), lower=False)}.")
    out.add_series(monthly(data, f"ASB incidents by month, {data.period.label}", "incidents", _one))
    _nuisance_last_quarter(out, data)
    out.notes.extend(_ASB_NOTES)
    return out.section("Anti-social behaviour incidents", sensitive=False)


_ASB_NOTES = (
    "ASB categories follow the National Standard for Incident Recording: Personal (aimed at "
    "an individual or group), Nuisance (trouble or annoyance to the community) and "
    "Environmental (damage to the surroundings).",
    "Incidents recorded by the police and by the council are added together: one incident "
    "reported to both can appear twice.",
    CHANGE_NOTE,
    SHARE_NOTE,
    XMR_NOTE,
)


def _last_quarter(months: set[date], period: Period) -> Period | None:
    """The last financial quarter of ``period`` whose three months all have data.

    Examples
    --------
    >>> from saferinsight.core.months import add_months
    >>> from saferinsight.core.periods import parse_period
    >>> fy = parse_period("2024/25")
    >>> _last_quarter({add_months(fy.start, i) for i in range(11)}, fy).label
    'Q3 2024/25'
    """
    for end in sorted(months, reverse=True):
        start = add_months(end, -2)
        if (
            end.month % 3 == 0
            and period.contains(start)
            and {start, add_months(start, 1)} <= months
        ):
            return Period("quarter", start, end)
    return None


def _nuisance_last_quarter(out: Builder, data: PartnerData) -> None:
    quarter = _last_quarter(covered_months(data.current_rows, "span"), data.period)
    if quarter is None:
        return
    rows = [r for r in data.current_rows if quarter.contains(r["period_start"].replace(day=1))]
    nuisance = sum(1 for r in rows if r["category"] == "Nuisance")
    share = ratio(f"Nuisance, {quarter.label}", nuisance, len(rows))
    out.ratios.append((f"Nuisance share of ASB incidents, {quarter.label}", (share,)))
    out.say(
        f"In {quarter.label} ({quarter.span}) Nuisance was {share_text(share)} of "
        f"{format_count(len(rows))} ASB incidents."
    )


def analyse_deliberate_fires(data: PartnerData) -> PartnerSection | None:
    """Deliberate fires: total and change by type of fire and by what burned, and by month.

    Parameters
    ----------
    data
        Rows of ``deliberate-fires``: monthly counts by type of fire and property.

    Returns
    -------
    PartnerSection or None
        ``changes``: fires by type (Primary, Secondary; the Grand total is all deliberate
        fires) and by property type, against the previous period. ``ratios``: shares by type
        and by property type. ``series``: fires by month with an XmR chart. None when the
        period has no row.

    Notes
    -----
    The change test is the exact conditional test of equal Poisson rates (null hypothesis:
    the same underlying daily rate in both periods; two-sided).

    Examples
    --------
    >>> from datetime import date
    >>> from saferinsight.analysis.partners._shared import example_data
    >>> row = {"fire_type": "Secondary", "property_type": "Refuse", "fires": 7}
    >>> data = example_data("deliberate-fires", [{**row, "month": date(2024, 4, 1)}],
    ...                     [{**row, "fires": 19, "month": date(2023, 4, 1)}])
    >>> analyse_deliberate_fires(data).findings[0]
    '7 deliberate fires in 2024/25, against 19 in 2023/24 (-12, -63.2%): a statistically \
significant fall (p = 0.029).'
    """
    if data.empty:
        return None
    comparison = like_for_like(data, "span")  # quiet months may be left out of the file
    out = Builder(comparison.data)
    out.notes.extend(comparison.notes)
    by_type = change_in(comparison.data, lambda r: r["fire_type"], FIRE_TYPES)
    _changes(out, comparison, "Deliberate fires by type", by_type, "deliberate fires")
    by_property = change_in(
        comparison.data, lambda r: r["property_type"] or NOT_RECORDED, PROPERTY_TYPES
    )
    if comparison.compared:
        out.changes.append(("Deliberate fires by property type", by_property))
    total = count_rows(data.current_rows, data.dataset)
    for title, key, order in (
        ("Deliberate fires by type", "fire_type", FIRE_TYPES),
        ("Deliberate fires by property type", "property_type", PROPERTY_TYPES),
    ):
        found = shares(tally(data.current_rows, _key(key), _fires), total, order=order)
        out.ratios.append((title, found))
        out.say(f"{title}: {list_text(found, len(found))}.")
    out.add_series(
        monthly(data, f"Deliberate fires by month, {data.period.label}", "fires", _fires, fill=True)
    )
    out.notes.extend(_FIRE_NOTES)
    return out.section("Deliberate fires", sensitive=False)


def _fires(row: Row) -> int:
    return int(row["fires"] or 0)


def _key(column: str) -> Callable[[Row], str]:
    return lambda row: row[column] or NOT_RECORDED


_FIRE_NOTES = (
    "Deliberate fires are those the fire and rescue service recorded as started on purpose. "
    "Primary fires are in buildings, vehicles and other property or involve casualties; "
    "secondary fires are outdoor fires such as refuse and grassland.",
    CHANGE_NOTE,
    SHARE_NOTE,
    XMR_NOTE,
)


def analyse_road_casualties(data: PartnerData) -> PartnerSection | None:
    """Road casualties: killed, seriously injured and slightly injured, and those killed or
    seriously injured (KSI = Fatal + Serious) by road user (catalogue A34).

    Parameters
    ----------
    data
        Rows of ``road-casualties``: casualties by date, severity and road user.

    Returns
    -------
    PartnerSection or None
        ``changes``: casualties by severity (Fatal, Serious, Slight) and KSI casualties by
        road user (the Grand total is all KSI) against the previous period. ``ratios``: KSI
        shares by road user. ``extra["killed"]``, ``extra["seriously_injured"]`` and
        ``extra["ksi"]``: this period's counts. None when the period has no row.

    Notes
    -----
    The change test is the exact conditional test of equal Poisson rates (null hypothesis:
    the same underlying daily rate in both periods; two-sided).
    """
    if data.empty:
        return None
    comparison = like_for_like(data)
    out = Builder(comparison.data)
    out.notes.extend(comparison.notes)
    rows = data.current_rows
    severity = tally(rows, lambda r: r["severity"], _casualties)
    killed, serious = severity["Fatal"], severity["Serious"]
    out.extra.update(killed=killed, seriously_injured=serious, ksi=killed + serious)
    out.say(
        f"{format_count(killed)} people were killed and {format_count(serious)} seriously "
        f"injured on the roads in {data.period.label} (KSI {format_count(killed + serious)})."
    )
    by_severity = change_by(
        comparison.data, lambda r: r["severity"], order=SEVERITIES, total_label="All casualties"
    )
    ksi = change_in(comparison.data, _ksi_user, ROAD_USERS, total_label="KSI")
    if comparison.compared:
        out.changes.extend(
            (("Road casualties by severity", by_severity), ("KSI by road user", ksi))
        )
        out.say(change_sentence("people killed or seriously injured", ksi.total, ksi))
        for row, words in zip(by_severity.rows[:2], ("killed", "seriously injured"), strict=True):
            out.say(change_sentence(f"people {words}", row, by_severity))
    by_user = shares(tally(rows, _ksi_user, _casualties), killed + serious, order=ROAD_USERS)
    out.ratios.append(("KSI casualties by road user", by_user))
    if by_user:
        out.say(f"KSI casualties by road user: {list_text(by_user, len(by_user))}.")
    out.notes.extend(_ROAD_NOTES)
    return out.section("Road casualties", sensitive=False)


def _casualties(row: Row) -> int:
    return int(row["casualties"] or 0)


def _ksi_user(row: Row) -> str | None:
    return (row["road_user"] or NOT_RECORDED) if row["severity"] in KSI else None


_ROAD_NOTES = (
    "Casualties of reported road collisions (STATS19), counted by the casualties column; "
    "killed or seriously injured (KSI) is Fatal plus Serious, and a fatal casualty died "
    "within 30 days.",
    "Forces that moved to the CRASH injury-based system classify more injuries as serious "
    "than before, so serious casualties are not comparable across that change.",
    CHANGE_NOTE,
    SHARE_NOTE,
)


def analyse_prevent_channel(data: PartnerData) -> PartnerSection | None:
    """Prevent referrals and Channel cases by type of concern, with the Channel adoption rate
    (catalogue A33).

    Parameters
    ----------
    data
        Rows of ``prevent-channel``: monthly referrals and Channel cases by concern.

    Returns
    -------
    PartnerSection or None
        ``changes``: referrals by type of concern and Channel cases adopted by type of
        concern against the previous period. ``ratios``: referral shares by concern; the
        adoption rate (``channel_adopted / referrals``) overall and by concern, this period
        and (when compared) the previous one. None when the period has no row.

    Notes
    -----
    The change test is the exact conditional test of equal Poisson rates (null hypothesis:
    the same underlying rate in both periods; two-sided). Rates have Wilson 95% intervals.
    """
    if data.empty:
        return None
    comparison = like_for_like(data, "span")  # months without referrals may be left out
    out = Builder(comparison.data)
    out.notes.extend(comparison.notes)
    referrals = change_in(comparison.data, _concern, CONCERNS, total_label="All referrals")
    _changes(
        out,
        comparison,
        "Prevent referrals by concern",
        referrals,
        "Prevent referrals",
        by_row=False,
    )
    adopted = change_in(
        comparison.data, _concern, CONCERNS, count=_adopted, total_label="All Channel cases"
    )
    _changes(out, comparison, "Channel cases by concern", adopted, "Channel cases", by_row=False)
    rows = data.current_rows
    by_concern = shares(tally(rows, _concern, _referrals), _total(data), order=CONCERNS)
    out.ratios.append(("Prevent referrals by type of concern", by_concern))
    out.say(f"Referrals by type of concern: {list_text(by_concern)}.")
    rates = _adoption(rows)
    out.ratios.append((f"Channel adoption rate, {data.period.label}", rates))
    out.say(f"{share_text(rates[0])} of Prevent referrals were adopted as Channel cases.")
    if comparison.compared:
        out.ratios.append(
            (
                f"Channel adoption rate, {data.previous.label}",
                _adoption(comparison.data.previous_rows),
            )
        )
    discussed = [r["channel_discussed"] for r in rows if r["channel_discussed"] is not None]
    if discussed:
        out.say(f"{format_count(sum(discussed))} referrals were discussed at a Channel panel.")
    out.notes.extend(_PREVENT_NOTES)
    return out.section("Prevent and Channel", sensitive=False)


def _concern(row: Row) -> str:
    return str(row["concern"])


def _referrals(row: Row) -> int:
    return int(row["referrals"] or 0)


def _adopted(row: Row) -> int:
    return int(row["channel_adopted"] or 0)


def _total(data: PartnerData) -> int:
    return count_rows(data.current_rows, data.dataset)


def _adoption(rows: Sequence[Row]) -> tuple[Ratio, ...]:
    """Adopted / referrals overall ("All"), then by concern."""
    top, bottom = tally(rows, _concern, _adopted), tally(rows, _concern, _referrals)
    found = [c for c in CONCERNS if bottom[c] or top[c]]
    overall = ratio("All", sum(top.values()), sum(bottom.values()))
    return (overall, *(ratio(c, top[c], bottom[c]) for c in found))


_PREVENT_NOTES = (
    "Channel adoption rate = Channel cases adopted / Prevent referrals in the same months; a "
    "case adopted early in the period can come from a referral made before it, so a rate by "
    "concern can exceed 100% (it is then shown without an interval).",
    "Numbers are small: a change of a few cases moves the rates a long way, and the change "
    "test has little power.",
    CHANGE_NOTE,
    SHARE_NOTE,
)
