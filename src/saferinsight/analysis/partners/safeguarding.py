"""Safeguarding partners' data: the adult safeguarding funnel and concluded Section 42
enquiries with Making Safeguarding Personal (catalogue A35), and the children's safeguarding
measures (A36, A38).

Changes use the exact conditional test of equal Poisson rates
(:func:`saferinsight.stats.change.change_test`); proportions have Wilson intervals
(:func:`saferinsight.stats.intervals.proportion`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from itertools import groupby

from saferinsight.analysis.formatting import PROSE_1DP, format_count, format_pct
from saferinsight.analysis.partners._shared import (
    CHANGE_NOTE,
    SHARE_NOTE,
    XMR_NOTE,
    Builder,
    change_in,
    change_sentence,
    describe_months,
    like_for_like,
    list_text,
    month_of,
    monthly,
    noun,
    pct_of,
    share_text,
    shares,
    tally,
    union_versions,
    without_total_test,
)
from saferinsight.analysis.partners.common import PartnerData, PartnerSection, Ratio, Row, ratio
from saferinsight.analysis.tables import change_table
from saferinsight.core.months import add_months, month_label
from saferinsight.datasets.catalogue import ADULT_SAFEGUARDING_ENQUIRIES, CHILDRENS_SAFEGUARDING
from saferinsight.stats.intervals import intervals_overlap

__all__ = ["analyse_adult_safeguarding", "analyse_childrens_safeguarding"]

#: The funnel's stages: column of ``adult-safeguarding-activity`` and label.
STAGES = (
    ("contacts", "Contacts"),
    ("concerns", "Safeguarding concerns"),
    ("enquiries_started", "Section 42 enquiries started"),
    ("enquiries_concluded", "Section 42 enquiries concluded"),
)
CONVERSIONS = (
    "Concerns per contact",
    "Enquiries started per concern",
    "Enquiries concluded per enquiry started",
)
#: The total row of a table whose rows are not parts of a whole (ChangeTable always has one).
ABUSE_TYPES = ADULT_SAFEGUARDING_ENQUIRIES.column("abuse_types").codes
LOCATIONS = ADULT_SAFEGUARDING_ENQUIRIES.column("location").codes
SELF_NEGLECT = "Self-neglect"
EXPRESSED = ("Fully achieved", "Partially achieved", "Not achieved")


def analyse_adult_safeguarding(
    activity: PartnerData, enquiries: PartnerData
) -> PartnerSection | None:
    """The adult safeguarding funnel and concluded Section 42 enquiries (catalogue A35).

    Parameters
    ----------
    activity
        Rows of ``adult-safeguarding-activity`` (monthly counts); may be empty.
    enquiries
        Rows of ``adult-safeguarding-enquiries`` (one per concluded enquiry); may be empty.

    Returns
    -------
    PartnerSection or None
        From ``activity``: ``changes["Safeguarding funnel"]`` with contacts, concerns and
        enquiries started and concluded against the previous period (its total row is
        labelled as not meaningful); ``ratios`` with each stage's conversion from the stage
        before, this period and the previous one. From ``enquiries``: concluded enquiries by
        location (change table and shares), by type of abuse (each a share of all enquiries,
        an enquiry counting once per type), the self-neglect share, Making Safeguarding
        Personal (asked, of concluded enquiries; fully or partially achieved, of those asked
        who expressed outcomes) and plans at conclusion in ``extra["plans"]``. None when both
        are empty.

    Notes
    -----
    Changes in counts use the exact conditional test (null hypothesis: equal underlying
    rates in both periods; two-sided). A conversion rate is said to have changed only when
    the two years' Wilson 95% intervals do not overlap, a conservative check (non-overlapping
    intervals imply p < 0.05; overlapping ones do not rule a difference out).
    """
    if activity.empty and enquiries.empty:
        return None
    out = Builder(activity if not activity.empty else enquiries)
    if not activity.empty:
        _funnel(out, activity)
    if not enquiries.empty:
        _enquiry_profile(out, enquiries)
        _making_safeguarding_personal(out, enquiries.current_rows)
        _plans_at_conclusion(out, enquiries.current_rows)
    else:
        _plans_from_activity(out, activity.current_rows)
    out.notes.extend((CHANGE_NOTE, SHARE_NOTE))
    used = [d for d in (activity, enquiries) if not d.empty]
    return out.section(
        "Adult safeguarding",
        sensitive=not enquiries.empty,
        dataset=", ".join(d.dataset.name for d in used),
        versions=union_versions(*used),
    )


def _stage_sums(rows: Sequence[Row]) -> dict[str, int]:
    return {column: sum(r[column] or 0 for r in rows) for column, _ in STAGES}


def _conversions(sums: dict[str, int]) -> tuple[Ratio, ...]:
    """Each stage as a proportion of the stage before."""
    return tuple(
        ratio(name, sums[column], sums[previous])
        for name, (previous, _), (column, _) in zip(CONVERSIONS, STAGES, STAGES[1:], strict=False)
    )


def _funnel(out: Builder, activity: PartnerData) -> None:
    comparison = like_for_like(activity)
    out.notes.extend(comparison.notes)
    now, before = _stage_sums(activity.current_rows), _stage_sums(comparison.data.previous_rows)
    rates_now = _conversions(now)
    out.ratios.append((f"Conversion from the stage before, {activity.period.label}", rates_now))
    if not comparison.compared:
        counts = ", ".join(f"{format_count(now[c])} {noun(label)}" for c, label in STAGES)
        out.say(f"In {activity.period.label}: {counts}.")
        return
    table = without_total_test(
        change_table(
            [(label, now[column], before[column]) for column, label in STAGES],
            label_header="stage",
            current_label=activity.period.label,
            previous_label=activity.previous.label,
            sort=False,
        ),
        "",  # stages and measures are not parts of one whole: no total row
    )
    out.changes.append(("Safeguarding funnel", table))
    out.say(*(change_sentence(noun(row.label), row, table) for row in table.rows))
    rates_before = _conversions(before)
    out.ratios.append(
        (f"Conversion from the stage before, {activity.previous.label}", rates_before)
    )
    out.say(
        *(_conversion_sentence(a, b, out) for a, b in zip(rates_now, rates_before, strict=True))
    )
    out.notes.append(
        "Conversion rates divide each stage by the stage before in the same months; concluded "
        "enquiries include some started before the period, so that rate can exceed 100% (it is "
        "then shown without an interval)."
    )


def _conversion_sentence(now: Ratio, before: Ratio, out: Builder) -> str:
    """'Safeguarding concerns per contact: 13.6% in 2024/25 and 15.5% in 2023/24 (-1.9
    percentage points); ...'"""
    a, b = pct_of(now), pct_of(before)
    text = (
        f"{now.label}: {format_pct(a, PROSE_1DP)} (n={format_count(now.numerator)}) in "
        f"{out.data.period.label} and {format_pct(b, PROSE_1DP)} "
        f"(n={format_count(before.numerator)}) in {out.data.previous.label}"
    )
    if a is None or b is None or now.estimate is None or before.estimate is None:
        return text + "."
    points = f"{a - b:+.1f} percentage points"
    if intervals_overlap(now.estimate.interval, before.estimate.interval):
        return (
            f"{text} ({points}); the 95% intervals overlap, so this does not show a "
            "statistically significant change."
        )
    word = "rise" if a > b else "fall"
    return (
        f"{text}: a statistically significant {word} ({points}; the 95% intervals do not overlap)."
    )


def _enquiry_profile(out: Builder, enquiries: PartnerData) -> None:
    comparison = like_for_like(enquiries)
    out.notes.extend(comparison.notes)
    rows = enquiries.current_rows
    table = change_in(
        comparison.data, lambda r: r["location"], LOCATIONS, total_label="All concluded enquiries"
    )
    if comparison.compared:
        out.changes.append(("Concluded Section 42 enquiries by location", table))
        out.say(
            change_sentence("concluded Section 42 enquiries (case records)", table.total, table)
        )
    by_place = shares(tally(rows, lambda r: r["location"], lambda r: 1), len(rows), order=LOCATIONS)
    out.ratios.append(("Concluded enquiries by location", by_place))
    out.say(f"Where the abuse happened: {list_text(by_place)}.")
    types: Counter[str] = Counter()
    for row in rows:
        types.update(row["abuse_types"] or ())
    by_type = shares(types, len(rows), order=ABUSE_TYPES)
    out.ratios.append(
        ("Concluded enquiries by type of abuse (an enquiry can have several)", by_type)
    )
    out.say(f"Most common types of abuse: {list_text(by_type)} of concluded enquiries.")
    neglect = ratio(SELF_NEGLECT, types[SELF_NEGLECT], len(rows))
    out.ratios.append(("Self-neglect share of concluded enquiries", (neglect,)))
    out.say(f"Self-neglect was a type of abuse in {share_text(neglect)} of concluded enquiries.")
    out.notes.append(
        "An enquiry can record several types of abuse and counts once under each, so the "
        "shares by type add up to more than 100%."
    )


def _making_safeguarding_personal(out: Builder, rows: Sequence[Row]) -> None:
    asked_rows = [r for r in rows if r["outcomes_asked"] is True]
    expressed = [r for r in asked_rows if r["outcomes_achieved"] in EXPRESSED]
    met = sum(1 for r in expressed if r["outcomes_achieved"] != "Not achieved")
    asked = ratio("Asked their desired outcomes", len(asked_rows), len(rows))
    achieved = ratio("Outcomes fully or partially achieved", met, len(expressed))
    fully = sum(1 for r in expressed if r["outcomes_achieved"] == "Fully achieved")
    out.ratios.append(
        (
            "Making Safeguarding Personal",
            (asked, achieved, ratio("Outcomes fully achieved", fully, len(expressed))),
        )
    )
    sentence = (
        f"Making Safeguarding Personal: {share_text(asked)} of the {format_count(len(rows))} "
        "concluded enquiries asked the person (or their representative) what outcomes they "
        "wanted"
    )
    if expressed:
        sentence += (
            f"; of the {format_count(len(expressed))} who expressed outcomes, "
            f"{share_text(achieved)} had them fully or partially achieved"
        )
    out.say(sentence + ".")
    out.notes.append(
        "Making Safeguarding Personal: 'asked' is a share of all concluded enquiries; "
        "'achieved' is a share of those asked who expressed outcomes (fully, partially or not "
        "achieved), leaving out 'not expressed'."
    )


def _plans_at_conclusion(out: Builder, rows: Sequence[Row]) -> None:
    plans = Counter(r["plan"] for r in rows if r["plan"] in ("New", "Ongoing"))
    out.extra["plans"] = {"new": plans["New"], "ongoing": plans["Ongoing"]}
    total = plans["New"] + plans["Ongoing"]
    out.say(
        f"{format_count(total)} safeguarding plans at the conclusion of enquiries: "
        f"{format_count(plans['New'])} new and {format_count(plans['Ongoing'])} ongoing."
    )


def _plans_from_activity(out: Builder, rows: Sequence[Row]) -> None:
    new = [r["plans_new"] for r in rows if r["plans_new"] is not None]
    ongoing = [r["plans_ongoing"] for r in rows if r["plans_ongoing"] is not None]
    if not new and not ongoing:
        return
    out.extra["plans"] = {"new": sum(new), "ongoing": sum(ongoing)}
    out.say(
        f"Safeguarding plans: {format_count(sum(new))} new and {format_count(sum(ongoing))} "
        "ongoing (the monthly figures added up)."
    )
    out.notes.append(
        "Plans come from the monthly activity returns, added up over the months: if a "
        "return counts the plans open in the month, an ongoing plan counts once per month."
    )


MEASURES = CHILDRENS_SAFEGUARDING.column("measure").codes
#: Measures counted at a point in time (children on a plan, looked after): never summed.
STOCKS = ("Children on child protection plans", "Children in need", "Children looked after")
SERIES = ("Contacts", "Section 47 enquiries")


def _is_total(row: Row) -> bool:
    return not row["breakdown"]


def _count(row: Row) -> int:
    return int(row["count"] or 0)


def _total_of(measure: str) -> Callable[[Row], bool]:
    return lambda row: row["measure"] == measure and _is_total(row)


def analyse_childrens_safeguarding(data: PartnerData) -> PartnerSection | None:
    """Children's safeguarding measures: totals with change, monthly contacts and Section 47
    enquiries, breakdowns, and a check that breakdowns add up (catalogue A36, A38).

    Parameters
    ----------
    data
        Rows of ``childrens-safeguarding``: monthly counts, one measure per row, with or
        without a breakdown.

    Returns
    -------
    PartnerSection or None
        ``changes``: each measure counted over the period (rows without a breakdown, in the
        catalogue's order of measures) against the previous period, with a total row
        labelled as not meaningful; and the measures counted at a point in time (children
        looked after, on a child protection plan, in need) in the last month with data
        against the same month of the previous period. ``series``: monthly contacts and
        Section 47 enquiries with XmR charts. ``ratios``: for each measure and breakdown,
        each value's share of the breakdown's sum. ``notes`` say where a breakdown does not
        add up to its measure's total; ``extra["breakdown_mismatches"]`` lists them as
        (measure, breakdown, month, breakdown sum, total). None when the period has no row.

    Notes
    -----
    The change test is the exact conditional test of equal Poisson rates (null hypothesis:
    the same underlying rate in both periods; two-sided). For point-in-time counts it is
    only a rough guide: many children are counted in both months, so the two counts are
    not independent.

    Examples
    --------
    >>> from datetime import date
    >>> from saferinsight.analysis.partners._shared import example_data
    >>> row = {"month": date(2024, 4, 1), "measure": "Contacts", "breakdown": None,
    ...        "breakdown_value": None, "count": 930}
    >>> section = analyse_childrens_safeguarding(example_data("childrens-safeguarding", [row]))
    >>> section.findings[0]
    'Contacts: 930 in 2024/25.'
    """
    if data.empty:
        return None
    comparison = like_for_like(data)
    out = Builder(comparison.data)
    out.notes.extend(comparison.notes)
    _flow_measures(out, comparison.data, comparison.compared)
    _stock_measures(out, data)
    for measure in SERIES:
        caption = f"{measure} by month, {data.period.label}"
        out.add_series(monthly(data, caption, noun(measure), _count, keep=_total_of(measure)))
    _breakdowns(out, data)
    _check_breakdowns(out, data.current_rows)
    out.notes.extend((CHANGE_NOTE, SHARE_NOTE, XMR_NOTE))
    return out.section("Children's safeguarding", sensitive=False)


def _flow_measures(out: Builder, data: PartnerData, compared: bool) -> None:
    table = without_total_test(
        change_in(
            data,
            lambda r: r["measure"] if _is_total(r) and r["measure"] not in STOCKS else None,
            MEASURES,
            count=_count,
        ),
        "",  # stages and measures are not parts of one whole: no total row
    )
    if not table.rows:
        return
    if not compared:
        when = data.period.label
        out.say(*(f"{r.label}: {format_count(r.current)} in {when}." for r in table.rows))
        return
    out.changes.append((f"Children's safeguarding measures, {data.period.label}", table))
    out.say(*(change_sentence(noun(row.label), row, table) for row in table.rows))


def _last_stock_month(rows: Sequence[Row]) -> date | None:
    months = [month_of(r) for r in rows if r["measure"] in STOCKS and _is_total(r)]
    return max(months, default=None)


def _stock_measures(out: Builder, data: PartnerData) -> None:
    last = _last_stock_month(data.current_rows)
    if last is None:
        return
    earlier = add_months(last, -data.period.n_months)

    def at(rows: Sequence[Row], month: date) -> Counter[str]:
        chosen = [r for r in rows if month_of(r) == month and _is_total(r)]
        return tally(chosen, lambda r: r["measure"] if r["measure"] in STOCKS else None, _count)

    now, before = at(data.current_rows, last), at(data.previous_rows, earlier)
    labels = [m for m in STOCKS if now[m]]
    out.notes.append(
        "Children looked after, on child protection plans and in need are counts at a point in "
        f"time: the figures are those of {last:%b %Y}, not sums of months."
    )
    if not any(before[m] for m in labels):
        out.say(*(f"{m}: {format_count(now[m])} in {last:%b %Y}." for m in labels))
        return
    table = without_total_test(
        change_table(
            [(m, now[m], before[m]) for m in labels],
            label_header="measure",
            current_label=f"{last:%b %Y}",
            previous_label=f"{earlier:%b %Y}",
            sort=False,
            current_exposure=1.0,
            previous_exposure=1.0,
        ),
        "",  # stages and measures are not parts of one whole: no total row
    )
    out.changes.append(("Children's safeguarding: counts at a point in time", table))
    out.say(*(change_sentence(noun(row.label), row, table) for row in table.rows))
    out.notes.append(
        "For point-in-time counts the change test is a rough guide only: many children are "
        "counted in both months, so the two counts are not independent."
    )


def _breakdowns(out: Builder, data: PartnerData) -> None:
    """Each breakdown's shares (the last month's for point-in-time measures)."""
    rows = [r for r in data.current_rows if not _is_total(r)]
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        groups[(row["measure"], row["breakdown"])].append(row)
    for (measure, breakdown), chosen in sorted(
        groups.items(), key=lambda g: (MEASURES.index(g[0][0]), g[0][1])
    ):
        when = data.period.label
        if measure in STOCKS:
            last = max(month_of(r) for r in chosen)
            chosen = [r for r in chosen if month_of(r) == last]
            when = f"{last:%b %Y}"
        counts = tally(chosen, lambda r: r["breakdown_value"] or "Not stated", _count)
        ratios = shares(counts, sum(counts.values()))
        out.ratios.append((f"{measure} by {breakdown}, {when}", ratios))
        sentence = f"{measure} by {breakdown} ({when}): {list_text(ratios)}"
        if len(ratios) > 10:
            top = ratio("top 10", sum(r.numerator for r in ratios[:10]), sum(counts.values()))
            sentence += f"; the top 10 account for {share_text(top)}"
        out.say(sentence + ".")


def _check_breakdowns(out: Builder, rows: Sequence[Row]) -> None:
    """Note each breakdown that does not add up to its measure's total in some months."""
    totals: Counter[tuple[str, date]] = Counter()
    parts: Counter[tuple[str, str, date]] = Counter()
    for row in rows:
        if _is_total(row):
            totals[(row["measure"], month_of(row))] += _count(row)
        else:
            parts[(row["measure"], row["breakdown"], month_of(row))] += _count(row)
    wrong = [(m, b, d, n, totals[(m, d)]) for (m, b, d), n in sorted(parts.items())]
    wrong = [w for w in wrong if w[3] != w[4]]
    out.extra["breakdown_mismatches"] = tuple(
        (m, b, month_label(d), n, t) for m, b, d, n, t in wrong
    )
    for (measure, breakdown), group in groupby(wrong, key=lambda w: (w[0], w[1])):
        found = list(group)
        out.notes.append(
            f"{measure} by {breakdown} does not add up to the {measure} total in "
            f"{describe_months(w[2] for w in found)}: {format_count(sum(w[3] for w in found))} "
            f"against {format_count(sum(w[4] for w in found))} over those months (a total of 0 "
            "means no total row); shares are of the breakdown's own sum."
        )
