"""Result types of the analysis engine: frozen dataclasses that carry their numbers, method,
parameters and provenance, and serialise to JSON for other programs (reports, the web app)."""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from saferinsight.analysis.population import Population
from saferinsight.analysis.tables import ChangeTable, RankedArea, Share
from saferinsight.analysis.themes import Theme
from saferinsight.core.months import month_label
from saferinsight.core.periods import Coverage, Period
from saferinsight.geo.areas import Area
from saferinsight.stats.change import ChangeTest
from saferinsight.stats.intervals import ProportionEstimate, RateEstimate
from saferinsight.stats.spc import SPCResult, SPCSignal
from saferinsight.stats.trend import TrendTest


@dataclass(frozen=True)
class PeriodCount:
    """A count for a period, whether every month of it is loaded, and its rate."""

    period: Period
    count: int
    complete: bool
    rate: RateEstimate | None

    @property
    def monthly_average(self) -> float:
        """The count divided by the months of the period."""
        return self.count / self.period.n_months


@dataclass(frozen=True)
class MonthPair:
    """A month of the period against the same month a year earlier."""

    month: str
    count: int
    year_earlier: int | None


@dataclass(frozen=True)
class UnusualBase:
    """Months of the base of a significant change that the control chart flags as abnormal on
    the side that makes the change look larger: low before a rise, high before a fall.

    Attributes
    ----------
    side
        ``"low"`` (the base of a rise) or ``"high"`` (the base of a fall).
    months
        The flagged months of the base period, ``YYYY-MM``, in order.
    """

    side: str
    months: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """One period against another, with the test of change (None when either is partial).

    ``unusual_base`` is set when the change is significant and the other period holds months
    the theme's control chart flags as abnormal in the direction of the change's base.
    """

    current: PeriodCount
    other: PeriodCount
    test: ChangeTest | None
    note: str = ""
    unusual_base: UnusualBase | None = None


@dataclass(frozen=True)
class MonthlySummary:
    """Average and range of the monthly counts over a window."""

    window: Period
    average: float
    minimum: int
    minimum_month: str
    maximum: int
    maximum_month: str


@dataclass(frozen=True)
class WardCount:
    """A ward's count for the period and its rate per 1,000 residents (Census 2021)."""

    code: str
    name: str
    count: int
    rate: RateEstimate | None


@dataclass(frozen=True)
class ThemeAnalysis:
    """Every analysis of one theme for the area and period."""

    theme: Theme
    current: PeriodCount
    previous: PeriodCount
    change: Comparison
    three_years: tuple[PeriodCount, ...]
    trend: TrendTest | None
    twelve_months: tuple[MonthPair, ...]
    quarter: Comparison | None
    quarter_year_earlier: Comparison | None
    last_month: Comparison | None
    last_month_year_earlier: Comparison | None
    monthly: MonthlySummary | None
    monthly_three_years: MonthlySummary | None
    spc: SPCResult | None
    series: tuple[tuple[str, int], ...]
    top_wards: tuple[RankedArea, ...]
    ward_counts: tuple[WardCount, ...]
    breakdown: ChangeTable | None
    composition: tuple[Share, ...]
    narrative: tuple[str, ...]
    #: The signals of ``spc`` (computed on the true counts) with a month in the period.
    spc_signals: tuple[SPCSignal, ...] = ()
    #: What ``spc_signals`` say in a few words, as the summary states it.
    spc_verdict: str = ""


@dataclass(frozen=True)
class OutcomeGroup:
    """Street crimes of the period by the group of their last outcome."""

    group: str
    count: int
    share: ProportionEstimate


@dataclass(frozen=True)
class OutcomeAnalysis:
    """Last outcomes of the period's crimes, and the share charged or summonsed."""

    crimes: int
    groups: tuple[OutcomeGroup, ...]
    charged: ProportionEstimate | None
    charged_by_type: tuple[tuple[str, ProportionEstimate], ...]
    note: str


@dataclass(frozen=True)
class StopSearchAnalysis:
    """Stop and search by the covering forces in the period (police.uk gives no LSOA)."""

    forces: tuple[str, ...]
    searches: int
    breakdowns: dict[str, tuple[tuple[str, int, ProportionEstimate], ...]]
    note: str


@dataclass(frozen=True)
class AreaRates:
    """An area's count and rate per 1,000 residents for each theme."""

    area: Area
    population: Population | None
    rates: tuple[tuple[str, int, RateEstimate | None], ...]


@dataclass(frozen=True)
class Provenance:
    """Where the figures come from."""

    workspace: str
    forces: tuple[str, ...]
    months_loaded: tuple[str, str] | None
    street_files: tuple[tuple[str, str], ...]  # (file name, sha256) of the files used
    reference: tuple[tuple[str, str], ...]  # (kind, version)
    generated_at: datetime


@dataclass(frozen=True)
class AreaAnalysis:
    """The analyses of one area and period: what ``safer analyse`` prints."""

    area: Area
    period: Period
    previous: Period
    coverage: Coverage
    previous_coverage: Coverage
    population: Population | None
    themes: tuple[ThemeAnalysis, ...]
    outcomes: OutcomeAnalysis | None
    stop_search: StopSearchAnalysis | None
    comparison: tuple[AreaRates, ...]
    left_out_no_location: int
    methods: dict[str, str]
    provenance: Provenance
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        return plain_data(self)  # type: ignore[no-any-return]


_PLAIN = frozenset({str, int, bool})


@functools.cache
def _shape(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A result class's field names, and which of its 'label' and 'summary' are properties."""
    fields = tuple(f.name for f in dataclasses.fields(cls))
    properties = tuple(
        name for name in ("label", "summary") if isinstance(getattr(cls, name, None), property)
    )
    return fields, properties


def plain_data(value: Any) -> Any:
    """Result objects as JSON-ready dictionaries, lists, strings and numbers."""
    if value is None or type(value) in _PLAIN:  # most values: the leaves
        return value
    if isinstance(value, Period):
        return {
            "kind": value.kind,
            "label": value.label,
            "start": month_label(value.start),
            "end": month_label(value.end),
            "months": value.n_months,
            "days": value.days,
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields, properties = _shape(type(value))
        data = {name: plain_data(getattr(value, name)) for name in fields}
        for name in properties:
            data[name] = getattr(value, name)
        return data
    if isinstance(value, Mapping):  # dicts, and the read-only options of a Hint
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
