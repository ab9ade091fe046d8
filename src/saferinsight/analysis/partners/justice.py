"""Criminal justice partner data: DVPN to DVPO escalation by area, Integrated Offender
Management reoffending by month, and MoJ proven reoffending.

Proportions carry Wilson score intervals (:func:`saferinsight.stats.intervals.proportion`);
monthly rates an XmR chart with the Making Data Count rules
(:func:`saferinsight.stats.spc.xmr_chart`; H0 for its signals: the process is stable, only
common-cause variation).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from saferinsight.analysis.formatting import plural
from saferinsight.analysis.partners.common import (
    MonthlySeries,
    PartnerData,
    PartnerSection,
    Ratio,
    Row,
    monthly_series,
    ratio,
)
from saferinsight.analysis.signals import long_month
from saferinsight.core.months import add_months, month_label
from saferinsight.core.periods import Period
from saferinsight.stats.spc import describe_signals

__all__ = ["analyse_dvpn_dvpo", "analyse_iom_reoffending", "analyse_proven_reoffending"]


def analyse_dvpn_dvpo(data: PartnerData) -> PartnerSection | None:
    """DVPNs, DVPOs and the % escalated to a DVPO, per area and in total (catalogue A18).

    ``data`` should be loaded for the force, so that the partnership is seen beside the
    force's other areas; the total row is the sum of the areas' rows.

    Examples
    --------
    The published West Mercia table (01 Mar 2023 - 29 Feb 2024) has 203 DVPNs and 162 DVPOs:

    >>> round(ratio("West Mercia", 162, 203).estimate.value * 100)
    80
    """
    if data.empty:
        return None
    notices: dict[str, int] = defaultdict(int)
    orders: dict[str, int] = defaultdict(int)
    for row in data.current_rows:
        name = row["area_name"] or "Unknown area"
        notices[name] += row["dvpns"] or 0
        orders[name] += row["dvpos"] or 0
    areas = sorted(notices, key=lambda a: -orders[a] / notices[a] if notices[a] else 0)
    rows = [ratio(a, orders[a], notices[a]) for a in areas]
    total = ratio(data.area.name, sum(orders.values()), sum(notices.values()))
    findings = [
        f"{total.numerator:,} of {total.denominator:,} DVPNs ({_pct(total)}) were escalated to "
        f"a DVPO in {data.period.label}."
    ]
    lowest = min(rows, key=lambda r: r.estimate.value if r.estimate else 1.0)
    if lowest.estimate and total.estimate and lowest.estimate.interval.upper < total.estimate.value:
        findings.append(
            f"{lowest.label} escalated the fewest ({_pct(lowest)}), below the "
            f"{data.area.name} rate even allowing for chance (95% interval "
            f"{lowest.estimate.interval.lower:.0%} to {lowest.estimate.interval.upper:.0%})."
        )
    return PartnerSection(
        dataset=data.dataset.name,
        title="Domestic Violence Protection Notices and Orders",
        period=data.period.label,
        previous=data.previous.label,
        findings=tuple(findings),
        ratios=(("DVPNs escalated to a DVPO", (*rows, total)),),
        notes=(
            "% escalated = DVPOs granted / DVPNs issued in the same months; a DVPO is applied "
            "for within 48 hours of its notice, so a notice issued at the end of a month can "
            "lead to an order in the next.",
        ),
        versions=data.versions,
    )


def _pct(r: Ratio) -> str:
    return f"{r.estimate.value:.0%}" if r.estimate else "N/A"


def analyse_iom_reoffending(data: PartnerData) -> PartnerSection | None:
    """The IOM cohort and its monthly reoffending rate with an XmR chart (catalogue A7, A29)."""
    if data.empty:
        return None
    months = _monthly(data.current_rows)
    earlier = _monthly(data.previous_rows)
    both = dict(sorted({**earlier, **months}.items()))
    series_months = list(both)
    rates = [reoffended / cohort * 100 if cohort else 0.0 for cohort, reoffended in both.values()]
    series = monthly_series(
        "IOM monthly reoffending rate (% of the cohort charged with a new offence)",
        "%",
        series_months,
        rates,
        improvement="decrease",
    )
    cohort_now = max(c for c, _ in months.values())
    cohort_before = max((c for c, _ in earlier.values()), default=0)
    pooled = ratio(
        f"Reoffending, {data.period.label}",
        sum(r for _, r in months.values()),
        sum(c for c, _ in months.values()),
    )
    current_rates = rates[-len(months) :]
    findings = [
        f"The IOM cohort peaked at {cohort_now:,} in {data.period.label}"
        + (f", against {cohort_before:,} in {data.previous.label}." if cohort_before else "."),
        f"The monthly reoffending rate ranged from {min(current_rates):.0f}% to "
        f"{max(current_rates):.0f}%, an average of {pooled.estimate.value:.0%} of the "
        "cohort-months."
        if pooled.estimate
        else "No cohort in the period.",
    ]
    findings += _iom_signals(series, data.period)
    return PartnerSection(
        dataset=data.dataset.name,
        title="Integrated Offender Management",
        period=data.period.label,
        previous=data.previous.label,
        findings=tuple(findings),
        ratios=(("Cohort-months with a new charge", (pooled,)),),
        series=(series,),
        notes=(
            "Monthly rate = people charged with a new offence in the month / people in the "
            "cohort that month. Strands are added together when reported separately.",
        ),
        versions=data.versions,
    )


def _iom_signals(series: MonthlySeries, period: Period) -> list[str]:
    """Every special-cause signal of the rate's XmR chart with a month in the period."""
    inside = {month_label(m) for m in period.months}
    signals = series.chart.signals_within(inside) if series.chart else ()
    if not signals:
        return []
    flagged = {label for s in signals for label in s.labels if label in inside}
    shown = describe_signals(
        signals,
        label=long_month,
        value=lambda v: f"{v:.0f}%",
        level=lambda v: f"{v:.0f}%",
        noun="months",
    )
    return [
        f"The XmR chart of the monthly rate marks {plural(len(flagged), 'month')} of "
        f"{period.label} as special cause: {shown}; the other months vary as a stable process "
        "would."
    ]


def _monthly(rows: tuple[Row, ...]) -> dict[date, tuple[int, int]]:
    strands = {r["strand"] for r in rows}
    use_all = "All" in strands
    totals: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if use_all and row["strand"] != "All":
            continue
        month = row["period_start"]
        totals[month][0] += row["cohort"] or 0
        totals[month][1] += row["reoffended"] or 0
    return {m: (c, r) for m, (c, r) in sorted(totals.items())}


def analyse_proven_reoffending(data: PartnerData) -> PartnerSection | None:
    """MoJ proven reoffending of the latest cohort in the period against the same cohort a
    year earlier (catalogue A25, A26), as the MoJ bulletin compares them.

    Rows are whole cohorts; the period's rows are the cohorts that end within it. Rolling
    cohorts overlap, so they are never added together, and "All" is never added to its own
    breakdowns (adult, juvenile).
    """
    if data.empty:
        return None
    latest = max(r["period_end"] for r in data.current_rows)
    earlier_end = add_months(latest.replace(day=1), -12)
    rows = (*data.current_rows, *data.previous_rows)
    cohort = [r for r in data.current_rows if r["period_end"] == latest]
    before = {
        str(r["offender_type"]): r for r in rows if r["period_end"].replace(day=1) == earlier_end
    }
    ratios, previous_ratios, findings = [], [], []
    for row in sorted(cohort, key=lambda r: str(r["offender_type"])):
        kind = str(row["offender_type"])
        binary = ratio(f"{kind} cohort {_span(row)}", row["reoffenders"], row["offenders"])
        ratios.append(binary)
        if binary.estimate is None or not row["reoffenders"]:
            continue
        sentence = (
            f"{binary.label}: {row['offenders']:,} offenders, of whom {row['reoffenders']:,} "
            f"({binary.estimate.value:.1%}) reoffended, committing {row['reoffences']:,} "
            f"proven reoffences ({row['reoffences'] / row['reoffenders']:.1f} per reoffender)"
        )
        old = before.get(kind)
        if old is None:
            findings.append(sentence + "; no cohort a year earlier is loaded to compare with.")
            continue
        then = ratio(f"{kind} cohort {_span(old)}", old["reoffenders"], old["offenders"])
        previous_ratios.append(then)
        if then.estimate is not None:
            sentence += (
                f", against {then.estimate.value:.1%} for the cohort a year earlier "
                f"({_span(old)}; 95% intervals {_interval(binary)} and {_interval(then)})"
            )
        findings.append(sentence + ".")
    tables = [("Binary reoffending rate", tuple(ratios))]
    if previous_ratios:
        tables.append(
            ("Binary reoffending rate, the same cohorts a year earlier", tuple(previous_ratios))
        )
    return PartnerSection(
        dataset=data.dataset.name,
        title="Proven reoffending (Ministry of Justice)",
        period=data.period.label,
        previous=data.previous.label,
        findings=tuple(findings),
        ratios=tuple(tables),
        notes=(
            "Proven reoffending: offences committed in a one-year follow-up and proven by a "
            "court conviction or caution within a further six months (MoJ definition).",
            "Cohorts are compared like for like: the latest cohort against the cohort of the "
            "same months a year earlier. Rolling cohorts overlap, so they are never added up.",
        ),
        versions=data.versions,
    )


def _span(row: Row) -> str:
    return f"{row['cohort_start']:%b %Y} to {row['cohort_end']:%b %Y}"


def _interval(r: Ratio) -> str:
    assert r.estimate is not None
    return f"{r.estimate.interval.lower:.1%} to {r.estimate.interval.upper:.1%}"
