"""What every partner-data analysis shares: the rows in scope with the versions they came from,
and the typed results a report turns into tables and sentences.

An analysis takes a :class:`PartnerData` (the current rows of one dataset for an area, a period
and the period before) and returns a :class:`PartnerSection`: change tables with tests,
proportions with Wilson intervals, cross-tabulations, monthly series with SPC, and the versions
that every figure used.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from saferinsight.analysis.tables import ChangeTable, change_table
from saferinsight.core.months import month_end, month_label
from saferinsight.core.periods import Period
from saferinsight.datasets.catalogue import get_dataset
from saferinsight.datasets.schema import Dataset, Disclosure
from saferinsight.geo.areas import Area, AreaResolver
from saferinsight.stats.intervals import ProportionEstimate, proportion
from saferinsight.stats.spc import SPCResult, xmr_chart
from saferinsight.store import datasets as store

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse

__all__ = [
    "CrossTab",
    "MonthlySeries",
    "PartnerData",
    "PartnerSection",
    "Ratio",
    "Row",
    "VersionUsed",
    "area_codes",
    "change_by",
    "count_rows",
    "load_partner_data",
    "monthly_series",
    "ratio",
]

Row = dict[str, Any]


@dataclass(frozen=True)
class VersionUsed:
    """A dataset version a figure was computed from."""

    version_id: int
    provider: str
    source_file: str
    received: date


@dataclass(frozen=True)
class PartnerData:
    """The current rows of a dataset for an area: this period's and the previous period's."""

    dataset: Dataset
    area: Area
    period: Period
    previous: Period
    current_rows: tuple[Row, ...]
    previous_rows: tuple[Row, ...]
    versions: tuple[VersionUsed, ...]

    @property
    def empty(self) -> bool:
        """Whether the dataset has no row in the period."""
        return not self.current_rows


@dataclass(frozen=True)
class Ratio:
    """A proportion (``numerator`` of ``denominator``) with its Wilson interval."""

    label: str
    numerator: int
    denominator: int
    estimate: ProportionEstimate | None  # None unless 0 <= numerator <= denominator > 0


@dataclass(frozen=True)
class CrossTab:
    """Counts of one variable by another (rows by columns), in a stated order.

    ``shares`` says how the report shows it: ``"counts"``; ``"all"``, each cell as a % of
    all the counts (A&E age by sex, catalogue A17); or ``"pairs"``, each pair of columns as %
    of the pair (female and male within each role, catalogue A15).
    """

    caption: str
    row_header: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    shares: str = "counts"

    def column_total(self, j: int) -> int:
        """The total of a column."""
        return sum(row[j] for row in self.counts)

    def column_totals(self) -> tuple[int, ...]:
        """The total of each column (the table's total row)."""
        return tuple(self.column_total(j) for j in range(len(self.columns)))

    def grand_total(self) -> int:
        """The total of every count."""
        return sum(self.column_totals())

    def percentages(self, counts: Sequence[int]) -> tuple[float | None, ...]:
        """A row of ``counts`` (one of ``counts`` or the total row) as percentages, as
        ``shares`` asks: of the grand total (``"all"``) or of each pair of columns
        (``"pairs"``); ``None`` where the base is 0. ``"counts"`` tables have no percentages.

        Examples
        --------
        >>> table = CrossTab("Roles", "Role", ("Victim", "Witness"), ("F", "M"),
        ...                  ((3, 1), (0, 0)), shares="pairs")
        >>> table.percentages(table.counts[0]), table.percentages(table.counts[1])
        ((75.0, 25.0), (None, None))
        >>> everyone = CrossTab("Roles", "Role", ("Victim",), ("F", "M"), ((3, 1),), shares="all")
        >>> everyone.percentages(everyone.column_totals())
        (75.0, 25.0)
        """
        if self.shares == "all":
            grand = self.grand_total()
            return tuple(n / grand * 100 if grand else None for n in counts)
        if self.shares == "pairs":
            out: list[float | None] = []
            for a, b in zip(counts[::2], counts[1::2], strict=True):
                pair = a + b
                out += [n / pair * 100 if pair else None for n in (a, b)]
            return tuple(out)
        raise ValueError(f"a table of {self.shares!r} has no percentages")


@dataclass(frozen=True)
class MonthlySeries:
    """A monthly series with its XmR chart (or None when too short)."""

    caption: str
    unit: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    chart: SPCResult | None


@dataclass(frozen=True)
class PartnerSection:
    """The analysis of one partner dataset for an area and period.

    ``findings`` are sentences for the full edition; the report writes a public edition's
    sentences from the same numbers. Every table lists the versions its figures came from.
    """

    dataset: str
    title: str
    period: str
    previous: str
    findings: tuple[str, ...] = ()
    changes: tuple[tuple[str, ChangeTable], ...] = ()
    ratios: tuple[tuple[str, tuple[Ratio, ...]], ...] = ()
    crosstabs: tuple[CrossTab, ...] = ()
    series: tuple[MonthlySeries, ...] = ()
    notes: tuple[str, ...] = ()
    versions: tuple[VersionUsed, ...] = ()
    sensitive: bool = False  # person-level data
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def disclosure(self) -> Disclosure:
        """``"open"`` when every dataset the section draws on is published open data,
        otherwise ``"confidential"`` (the public edition's disclosure rule applies)."""
        kinds = {get_dataset(name).disclosure for name in self.dataset.split(", ")}
        return "open" if kinds == {"open"} else "confidential"


def area_codes(resolver: AreaResolver, area: Area) -> tuple[str, ...]:
    """The area codes partner rows can carry for ``area``: its own code, and for a force or a
    partnership the codes of the local authorities and partnerships within it.

    Rows are stored under the partnership covering the same local authorities as the area a
    file named (:meth:`AreaResolver.partnership`), so Shropshire is one code whichever way a
    file names it.
    """
    codes = {area.code, resolver.partnership(area).code, *area.lad_codes}
    codes.update(resolver.partnerships_within(area))
    return tuple(sorted(codes))


def load_partner_data(
    con: Warehouse,
    dataset_name: str,
    area: Area,
    period: Period,
    *,
    resolver: AreaResolver | None = None,
) -> PartnerData:
    """The current rows of a dataset for an area, in a period and in the period before.

    Rows count in a period when their own period lies within it (a monthly row in its month,
    a quarterly or yearly row only in periods that contain the whole quarter or year).
    """
    dataset = get_dataset(dataset_name)
    codes = area_codes(resolver or AreaResolver(con), area)
    previous = period.previous()

    def rows(chosen: Period) -> list[Row]:
        return store.dataset_rows(
            con, dataset, start=chosen.start, end=month_end(chosen.end), area_codes=codes
        )

    now, before = rows(period), rows(previous)
    used = {r["version_id"] for r in (*now, *before)}
    versions = tuple(
        VersionUsed(v.version_id, v.provider, v.source_file, v.received)
        for v in store.list_versions(con, dataset.name)
        if v.version_id in used
    )
    return PartnerData(dataset, area, period, previous, tuple(now), tuple(before), versions)


def count_rows(rows: Iterable[Row], dataset: Dataset) -> int:
    """Events the rows stand for: the count column of aggregate data, else one per row."""
    column = dataset.count_column
    return sum((r[column] or 0) if column else 1 for r in rows)


def change_by(
    data: PartnerData,
    key: Callable[[Row], str | None],
    *,
    order: Sequence[str] | None = None,
    count: Callable[[Row], int] | None = None,
    distinct: str | None = None,
    total_label: str = "Grand total",
) -> ChangeTable:
    """A change table (this period against the previous) of the rows grouped by ``key``.

    Rows whose key is None are left out. ``count`` gives the events a row stands for (the
    dataset's count column by default); ``distinct`` counts distinct values of a column
    instead (offences of person-level rows). ``order`` fixes the rows (with zeros) instead
    of sorting by the current count.
    """

    def tally(rows: Sequence[Row]) -> Counter[str]:
        counter: Counter[str] = Counter()
        if distinct is not None:
            seen = {(label, r[distinct]) for r in rows if (label := key(r)) is not None}
            counter.update(label for label, _ in seen)
            return counter
        for row in rows:
            label = key(row)
            if label is not None:
                counter[label] += count(row) if count else count_rows((row,), data.dataset)
        return counter

    now, before = tally(data.current_rows), tally(data.previous_rows)
    labels = list(order) if order is not None else sorted(set(now) | set(before))
    return change_table(
        [(label, now[label], before[label]) for label in labels],
        current_label=data.period.label,
        previous_label=data.previous.label,
        total_label=total_label,
        sort=order is None,
    )


def ratio(label: str, numerator: int, denominator: int) -> Ratio:
    """A proportion with its Wilson 95% interval.

    Examples
    --------
    >>> r = ratio("DVPO", 162, 203)
    >>> round(r.estimate.value, 3), r.estimate.interval.method
    (0.798, 'Wilson')
    """
    if denominator <= 0 or not 0 <= numerator <= denominator:
        # Partner returns can have more orders than notices in a month, or more enquiries
        # concluded than started: the share is then no proportion, and has no interval.
        return Ratio(label, numerator, denominator, None)
    return Ratio(label, numerator, denominator, proportion(numerator, denominator))


def monthly_series(
    caption: str,
    unit: str,
    months: Sequence[date],
    values: Sequence[float],
    *,
    improvement: str = "neutral",
) -> MonthlySeries:
    """A monthly series with an XmR chart when there are at least 12 points."""
    labels = tuple(month_label(m) for m in months)
    chart = (
        xmr_chart(list(values), labels=list(labels), improvement=improvement)
        if len(values) >= 12
        else None
    )
    return MonthlySeries(caption, unit, labels, tuple(values), chart)
