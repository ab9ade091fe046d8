"""What the health, safeguarding and community analyses share and :mod:`.common` lacks: the
wording of changes and shares, proportions that tolerate inconsistent partner counts,
like-for-like comparison of partly covered periods, monthly series of the months with data,
and a builder for :class:`~saferinsight.analysis.partners.common.PartnerSection`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from saferinsight.analysis.formatting import PROSE_1DP, format_count, format_pct, x_pct_n
from saferinsight.analysis.narrative import p_text
from saferinsight.analysis.partners.common import (
    CrossTab,
    MonthlySeries,
    PartnerData,
    PartnerSection,
    Ratio,
    Row,
    VersionUsed,
    change_by,
    count_rows,
    monthly_series,
    ratio,
)
from saferinsight.analysis.tables import ChangeRow, ChangeTable
from saferinsight.core.months import add_months, month_from_label, month_label
from saferinsight.core.periods import Period, parse_period
from saferinsight.datasets.catalogue import get_dataset
from saferinsight.geo.areas import Area
from saferinsight.stats.spc import describe_signals

__all__ = [
    "CHANGE_NOTE",
    "PROPER",
    "SHARE_NOTE",
    "XMR_NOTE",
    "Builder",
    "Comparison",
    "Coverage",
    "change_in",
    "change_sentence",
    "chart_sentence",
    "covered_months",
    "describe_months",
    "example_data",
    "like_for_like",
    "list_text",
    "month_name",
    "month_of",
    "monthly",
    "months_between",
    "noun",
    "pct_of",
    "peak_months",
    "present",
    "ratio",
    "share_text",
    "shares",
    "signed_pct",
    "tally",
    "union_versions",
    "verdict_text",
    "without_total_test",
]

CHANGE_NOTE = (
    "Each change is tested with the exact conditional (binomial) test of equal Poisson rates, "
    "with the days in each period as exposure; the null hypothesis is that the underlying "
    "rate is the same in both periods (two-sided). A change is called a rise or a fall only "
    "when p < 0.05; a statistically significant change from fewer than 10 is flagged as from "
    "a low base."
)
SHARE_NOTE = (
    "Shares are given as X% (n=Y) with Wilson 95% intervals, which assume each item falls in "
    "the group independently with the same probability."
)
XMR_NOTE = (
    "Monthly charts are XmR charts (Making Data Count rules) when there are at least 12 "
    "months; the null hypothesis for each point is a stable process varying by common causes."
)

Coverage = Literal["span", "months", "none"]


def month_of(row: Row) -> date:
    """The first day of the month a row's period starts in."""
    start: date = row["period_start"]
    return start.replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from ``first`` to ``last`` (first days).

    Examples
    --------
    >>> from saferinsight.core.months import month_label
    >>> [month_label(m) for m in months_between(date(2024, 11, 1), date(2025, 1, 1))]
    ['2024-11', '2024-12', '2025-01']
    """
    out = [first]
    while out[-1] < last:
        out.append(add_months(out[-1], 1))
    return out


def _row_months(row: Row) -> list[date]:
    end: date = row["period_end"]
    return months_between(month_of(row), end.replace(day=1))


def covered_months(rows: Iterable[Row], coverage: Coverage) -> set[date]:
    """The months some rows cover: every month from the first to the last (``span``, for
    record-level data where a quiet month is a zero) or only the months with rows."""
    months = {m for row in rows for m in _row_months(row)}
    if coverage == "span" and months:
        return set(months_between(min(months), max(months)))
    return months


def describe_months(months: Iterable[date]) -> str:
    """'Apr 2024 to Sep 2024', or 'Apr 2024, Jun 2024' when there are gaps.

    Examples
    --------
    >>> describe_months([date(2024, 5, 1), date(2024, 4, 1), date(2024, 6, 1)])
    'Apr 2024 to Jun 2024'
    """
    ordered = sorted(months)
    if len(ordered) == 1:
        return f"{ordered[0]:%b %Y}"
    if ordered == months_between(ordered[0], ordered[-1]):
        return f"{ordered[0]:%b %Y} to {ordered[-1]:%b %Y}"
    return ", ".join(f"{m:%b %Y}" for m in ordered)


@dataclass(frozen=True)
class Comparison:
    """Data made comparable with the period before, whether a comparison is possible, and
    the notes that say what was compared."""

    data: PartnerData
    compared: bool
    notes: tuple[str, ...]


def like_for_like(data: PartnerData, coverage: Coverage | None = None) -> Comparison:
    """Keep only the previous period's rows for the months the current period's data cover.

    ``coverage`` says how to tell the months covered: ``span`` (record-level data, the
    default for them), ``months`` (aggregate data, the default for them) or ``none`` (sparse
    records such as deaths, where quiet months say nothing: the whole periods are compared).
    No comparison is made when the previous period lacks any of those months.
    """
    coverage = coverage or ("span" if data.dataset.granularity == "record" else "months")
    now, before = data.period.label, data.previous.label
    if not data.previous_rows:
        return Comparison(data, False, (f"There are no {before} data to compare with.",))
    if coverage == "none":
        note = f"The comparison assumes the {now} and {before} records are both complete."
        return Comparison(data, True, (note,))
    months = covered_months(data.current_rows, coverage)
    shift = data.period.n_months
    wanted = {add_months(m, -shift) for m in months}
    notes: list[str] = []
    if months != set(data.period.months):
        notes.append(
            f"The {now} data cover {describe_months(months)} only; changes compare them with "
            f"the same months of {before}."
        )
    if not wanted <= covered_months(data.previous_rows, coverage):
        notes.append(f"The {before} data do not cover the same months, so no change is stated.")
        return Comparison(data, False, tuple(notes))
    kept = tuple(r for r in data.previous_rows if set(_row_months(r)) <= wanted)
    return Comparison(dataclasses.replace(data, previous_rows=kept), True, tuple(notes))


#: First words that keep their capital inside a sentence.
PROPER = frozenset({"Section", "Early", "Prevent", "Channel", "A&E", "Islamist"})


def noun(label: str) -> str:
    """A label as it reads inside a sentence.

    Examples
    --------
    >>> noun("Children looked after"), noun("Section 47 enquiries")
    ('children looked after', 'Section 47 enquiries')
    """
    first = label.split(" ", 1)[0]
    return label if first in PROPER else label[:1].lower() + label[1:]


def without_total_test(table: ChangeTable, label: str) -> ChangeTable:
    """The table with its total row relabelled and untested: for rows that are not parts of
    a whole (stages of a funnel, unlike measures), whose sum means nothing."""
    total = ChangeRow(label, table.total.current, table.total.previous, None)
    return dataclasses.replace(table, total=total)


def signed_pct(value: float | None) -> str:
    """A percentage change with its sign, 1 dp ('+17.3%', '-9.3%', 'N/A')."""
    text = format_pct(value, PROSE_1DP)
    return "+" + text if value is not None and text[0] not in "-0" else text


def verdict_text(row: ChangeRow) -> str:
    """What the test says of a change, in words, with its p-value."""
    test = row.test
    if test is None:
        return "not tested"
    if row.current == row.previous == 0:
        return "none in either period"
    if not test.significant:
        return f"no statistically significant change ({p_text(test.p_value)})"
    base = " from a low base" if row.low_base else ""
    return f"{test.verdict}{base} ({p_text(test.p_value)})"


def change_sentence(subject: str, row: ChangeRow, table: ChangeTable) -> str:
    """'352 attendances in 2024/25, against 300 in 2023/24 (+52, +17.3%): a statistically
    significant rise (p = 0.040).'"""
    text = (
        f"{format_count(row.current)} {subject} in {table.current_label}, against "
        f"{format_count(row.previous)} in {table.previous_label}"
    )
    if row.change:
        pct = "" if row.pct is None else f", {signed_pct(row.pct)}"
        text += f" ({row.change:+,}{pct})"
    return f"{text}: {verdict_text(row)}."


def shares(
    counts: Mapping[str, int], total: int, *, order: Sequence[str] = ()
) -> tuple[Ratio, ...]:
    """Each label's share of ``total``, largest first (ties in ``order``, then by name).

    Examples
    --------
    >>> [(r.label, r.numerator) for r in shares({"b": 1, "a": 3, "c": 1}, 5, order=("c", "b"))]
    [('a', 3), ('c', 1), ('b', 1)]
    """
    rank = {label: i for i, label in enumerate(order)}
    labels = sorted(
        (k for k, n in counts.items() if n > 0),
        key=lambda k: (-counts[k], rank.get(k, len(rank)), k),
    )
    return tuple(ratio(k, counts[k], total) for k in labels)


def pct_of(r: Ratio) -> float | None:
    """The ratio as a percentage (None over zero)."""
    return r.numerator / r.denominator * 100 if r.denominator else None


def share_text(r: Ratio) -> str:
    """'39% (n=136)'."""
    return x_pct_n(pct_of(r), r.numerator)


def list_text(ratios: Sequence[Ratio], limit: int = 3, *, lower: bool = True) -> str:
    """'punch with a fist 39% (n=136), kick 20% (n=70)' for the first ``limit`` ratios."""
    return ", ".join(
        f"{noun(r.label) if lower else r.label} {share_text(r)}" for r in ratios[:limit]
    )


def tally(
    rows: Iterable[Row], key: Callable[[Row], str | None], count: Callable[[Row], int]
) -> Counter[str]:
    """Events by label (rows whose label is None are left out)."""
    counter: Counter[str] = Counter()
    for row in rows:
        label = key(row)
        if label is not None:
            counter[label] += count(row)
    return counter


def present(codes: Sequence[str], *counters: Mapping[str, int]) -> list[str]:
    """The codes (in their declared order) that occur in any counter, then any others."""
    seen = {k for c in counters for k, n in c.items() if n}
    return [c for c in codes if c in seen] + sorted(seen - set(codes))


def monthly(
    data: PartnerData,
    caption: str,
    unit: str,
    value: Callable[[Row], int],
    *,
    keep: Callable[[Row], bool] | None = None,
    fill: bool | None = None,
    improvement: str = "neutral",
) -> MonthlySeries | None:
    """The monthly series of the current period (None without data). With ``fill`` (the
    default for record-level data) every month from the first to the last with rows, zeros
    included; otherwise only the months that have rows for the series."""
    totals: Counter[date] = Counter()
    for row in data.current_rows:
        if keep is None or keep(row):
            totals[month_of(row)] += value(row)
    if data.dataset.granularity == "record" if fill is None else fill:
        months = sorted(covered_months(data.current_rows, "span"))
    else:
        months = sorted(
            m for m in {month_of(r) for r in data.current_rows if keep is None or keep(r)}
        )
    if not months:
        return None
    return monthly_series(
        caption, unit, months, [totals[m] for m in months], improvement=improvement
    )


def chart_sentence(series: MonthlySeries, period: Period) -> str | None:
    """What the XmR chart shows in ``period``: every special-cause signal with a month in it
    (signals that ended before are left out), or None without a chart."""
    if series.chart is None:
        return None
    months = {month_label(m) for m in months_between(period.start, period.end)}
    signals = describe_signals(series.chart.signals_within(months), label=month_name, noun="months")
    return f"The monthly chart of {series.unit} (XmR) shows, in {period.label}, {signals}."


def peak_months(series: MonthlySeries, top: int = 3) -> tuple[tuple[str, int], ...]:
    """The ``top`` months by value, highest first (earlier first on ties)."""
    ranked = sorted(range(len(series.values)), key=lambda i: (-series.values[i], i))[:top]
    return tuple((series.labels[i], int(series.values[i])) for i in ranked)


def month_name(label: str) -> str:
    """'2022-10' as 'Oct 2022'."""
    return f"{month_from_label(label):%b %Y}"


def union_versions(*datas: PartnerData) -> tuple[VersionUsed, ...]:
    """The versions of several datasets, by id, once each."""
    found = {v.version_id: v for d in datas for v in d.versions}
    return tuple(found[k] for k in sorted(found))


@dataclass
class Builder:
    """Collects the parts of a section as an analysis finds them."""

    data: PartnerData
    findings: list[str] = field(default_factory=list)
    changes: list[tuple[str, ChangeTable]] = field(default_factory=list)
    ratios: list[tuple[str, tuple[Ratio, ...]]] = field(default_factory=list)
    crosstabs: list[CrossTab] = field(default_factory=list)
    series: list[MonthlySeries] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def say(self, *sentences: str | None) -> None:
        """Add the findings that are not None."""
        self.findings.extend(s for s in sentences if s)

    def add_series(self, series: MonthlySeries | None) -> None:
        """Add a monthly series and what its chart shows."""
        if series is not None:
            self.series.append(series)
            self.say(chart_sentence(series, self.data.period))

    def section(
        self,
        title: str,
        *,
        sensitive: bool,
        dataset: str | None = None,
        versions: tuple[VersionUsed, ...] | None = None,
    ) -> PartnerSection:
        """The finished section (notes once each, in order)."""
        return PartnerSection(
            dataset=dataset or self.data.dataset.name,
            title=title,
            period=self.data.period.label,
            previous=self.data.previous.label,
            findings=tuple(self.findings),
            changes=tuple(self.changes),
            ratios=tuple(self.ratios),
            crosstabs=tuple(self.crosstabs),
            series=tuple(self.series),
            notes=tuple(dict.fromkeys(self.notes)),
            versions=self.data.versions if versions is None else versions,
            sensitive=sensitive,
            extra=self.extra,
        )


def example_data(
    dataset: str,
    current: Sequence[dict[str, Any]],
    previous: Sequence[dict[str, Any]] = (),
    *,
    period: str = "2024/25",
) -> PartnerData:
    """Partner data built in memory, for examples: each row gives its columns and ``month``
    (a first day); the period columns are filled in from it."""

    def rows(given: Sequence[dict[str, Any]]) -> tuple[Row, ...]:
        out = []
        for row in given:
            month: date = row["month"]
            end = add_months(month, 1).toordinal() - 1
            out.append({"period_start": month, "period_end": date.fromordinal(end), **row})
        return tuple(out)

    chosen = parse_period(period)
    area = Area("csp", "E22000360", "Shropshire")
    return PartnerData(
        get_dataset(dataset), area, chosen, chosen.previous(), rows(current), rows(previous), ()
    )


def change_in(
    data: PartnerData,
    key: Callable[[Row], str | None],
    codes: Sequence[str],
    *,
    count: Callable[[Row], int] | None = None,
    total_label: str = "Grand total",
) -> ChangeTable:
    """:func:`~saferinsight.analysis.partners.common.change_by` with the rows in the declared
    order of ``codes``, keeping only the codes that occur in either period."""
    counter = count or (lambda row: count_rows((row,), data.dataset))
    order = present(
        codes, tally(data.current_rows, key, counter), tally(data.previous_rows, key, counter)
    )
    return change_by(data, key, order=order, count=count, total_label=total_label)
