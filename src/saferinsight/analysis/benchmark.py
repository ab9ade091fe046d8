"""Benchmarking: a partnership's rates against every partnership and its most similar peers.

For a period and its themes, the rate per 1,000 residents of every partnership area of England
and Wales (from :func:`saferinsight.analysis.national.analyse_all_in`: police.uk street records
counted where their LSOA lies, ONS mid-year populations), with a 95% interval; funnel plots
(:mod:`saferinsight.stats.funnel`) of all partnerships around the national rate and of the
peer group (:mod:`saferinsight.analysis.peers`) around the peers' rate; and the partnership's
rate against its peers' as "higher", "similar" or "lower".

**Never compared when incomplete.** A partnership whose covering police forces have any month
of the period missing is left out of every funnel, rate and comparison, and listed with the
months missing; the forces with months missing are named. A partnership without a population
estimate is left out too. The partnership benchmarked must itself be complete.

**Higher, similar, lower** is read from the peer funnel: the partnership's count against the
95% limits around the peer group's pooled rate (the peers' records over the peers' residents,
the partnership itself not included), for the partnership's population. With the default
exact Poisson limits, "similar" means the difference is within what chance alone gives at that
population (null hypothesis: the partnership's underlying rate equals the peers'); beyond the
99.8% limit is said too. Every police.uk theme is a measure where higher is worse, except the
proactive policing themes (drugs, weapons possession), where a higher rate reflects police
activity and is neither better nor worse.

Rates are per 1,000 residents over the period, not annualised: a one-month period gives a
monthly rate.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from saferinsight.analysis.choropleth import Choropleth, quantile_classes
from saferinsight.analysis.national import NationalAnalysis, PartnershipAnalysis, analyse_all_in
from saferinsight.analysis.peers import DEFAULT_K, PeerGroup, peer_group
from saferinsight.analysis.results import plain_data
from saferinsight.analysis.themes import Theme
from saferinsight.core.months import month_label
from saferinsight.core.periods import Period
from saferinsight.errors import AreaError, Hint, QueryError
from saferinsight.geo.areas import Area, AreaResolver
from saferinsight.options import check_choice
from saferinsight.stats.funnel import ADJUSTMENTS, HIGH, HIGH_OUTER, LOW, LOW_OUTER, Funnel, funnel
from saferinsight.stats.intervals import RateEstimate, rate

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

__all__ = [
    "Benchmark",
    "Excluded",
    "PartnershipRate",
    "PeerComparison",
    "ThemeBenchmark",
    "benchmark_area",
    "benchmark_in",
    "peer_ratios",
]

#: Fewer peers with complete data than this are too few to stand for partnerships like the
#: one benchmarked: the report says so, and the ranking of themes leaves the peers out.
MIN_PEERS = 5

POLARITY = {
    "decrease": "higher is worse",
    "increase": "higher is better",
    "neutral": "neither (proactive policing)",
}


@dataclass(frozen=True)
class PartnershipRate:
    """One partnership's count, residents and rate per 1,000 over the period."""

    code: str
    name: str
    count: int
    population: int
    rate: RateEstimate


@dataclass(frozen=True)
class Excluded:
    """A partnership left out of the comparison, and why."""

    code: str
    name: str
    reason: str
    forces: tuple[str, ...] = ()  # the forces whose months are missing, when that is why


@dataclass(frozen=True)
class PeerComparison:
    """The partnership's rate against its peers' for one theme.

    ``verdict`` is "higher", "similar" or "lower" (the peer funnel's 95% limits); ``position``
    is the funnel position ("above 99.8% limit"...); ``polarity`` says whether higher is worse.
    """

    rate: RateEstimate
    peer_rate: float
    peer_lowest: float
    peer_highest: float
    national_rate: float
    position: str
    national_position: str
    verdict: str
    polarity: str
    peers_compared: int


@dataclass(frozen=True)
class ThemeBenchmark:
    """One theme: every complete partnership's rate, the two funnels and the comparison.

    ``classes`` puts every compared partnership's rate per 1,000 in quintile classes
    (:func:`saferinsight.analysis.choropleth.quantile_classes`), for the national map.
    """

    theme: str
    title: str
    rates: tuple[PartnershipRate, ...]
    national: Funnel
    peers: Funnel
    comparison: PeerComparison
    classes: Choropleth

    def rate_of(self, code: str) -> PartnershipRate:
        """One partnership's rate, by code."""
        for item in self.rates:
            if item.code == code:
                return item
        raise KeyError(code)


@dataclass(frozen=True)
class Benchmark:
    """A partnership benchmarked against every partnership and its peers for one period."""

    area: Area
    period: Period
    themes: tuple[ThemeBenchmark, ...]
    peers: PeerGroup
    peers_left_out: tuple[Excluded, ...]
    excluded: tuple[Excluded, ...]
    forces_missing: tuple[tuple[str, tuple[str, ...]], ...]
    partnerships_compared: int
    denominator_year: int
    adjustment: str
    methods: dict[str, str] = field(default_factory=dict)
    #: Every partnership area (compared and left out) and its local authorities, for maps.
    partnership_lads: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def theme(self, key: str) -> ThemeBenchmark:
        """One theme's benchmark, by key."""
        for item in self.themes:
            if item.theme == key:
                return item
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        return plain_data(self)  # type: ignore[no-any-return]


def benchmark_area(
    workspace: Workspace,
    area: str,
    *,
    period: str | Period,
    themes: str = "total",
    peers: Sequence[str] | None = None,
    k: int = DEFAULT_K,
    adjustment: str = "none",
    denominator_year: int | None = None,
) -> Benchmark:
    """Benchmark a partnership in the workspace's published warehouse (the library entry
    point; :func:`benchmark_in` works on an open warehouse)."""
    with workspace.reader() as warehouse:
        return benchmark_in(
            warehouse,
            area,
            period=period,
            themes=themes,
            peers=peers,
            k=k,
            adjustment=adjustment,
            denominator_year=denominator_year,
        )


def benchmark_in(
    warehouse: Warehouse,
    area: str,
    *,
    period: str | Period,
    themes: str = "total",
    peers: Sequence[str] | None = None,
    k: int = DEFAULT_K,
    adjustment: str = "none",
    denominator_year: int | None = None,
    national: NationalAnalysis | None = None,
) -> Benchmark:
    """Rates of every partnership, funnels and the peer comparison (see the module docstring).

    Parameters
    ----------
    area
        The partnership (name or ONS code; a local authority that is a whole partnership
        resolves to it).
    period, themes, denominator_year
        As for :func:`saferinsight.analysis.national.analyse_all_in`.
    peers
        The user's peer list (codes or names); default the ``k`` most similar partnerships.
    adjustment
        The funnels' overdispersion adjustment: ``"none"``, ``"multiplicative"`` or
        ``"additive"`` (:mod:`saferinsight.stats.funnel`).
    national
        An analysis already made of the same period and themes (the report reuses one).

    Examples
    --------
    >>> from saferinsight.generate.fixtures import street_row, workspace_with_street_files
    >>> files = {"2024-01-west-mercia-street.csv": [street_row() for _ in range(30)]}
    >>> with workspace_with_street_files(files) as workspace:
    ...     with workspace.reader() as warehouse:
    ...         result = benchmark_in(warehouse, "Shropshire", period="2024-01..2024-01")
    >>> result.theme("total").rate_of("E22000360").count
    30
    >>> [f for f, _ in result.forces_missing][:2]
    ['avon-and-somerset', 'bedfordshire']
    """
    check_choice(adjustment, option="adjustment", choices=ADJUSTMENTS)
    resolver = AreaResolver(warehouse)
    place = resolver.partnership(resolver.resolve(area))
    every = [p.area for p in national.partnerships] if national else resolver.partnerships()
    if place not in every:
        raise AreaError(
            f"{place.label} is not a partnership area: benchmarking compares Community Safety "
            "Partnerships (or local authorities that are their own partnership area).",
            hint=Hint("retry", "Give a partnership, such as Shropshire."),
        )
    group = peer_group(place.code, k=k, peers=peers)  # options checked before the counting
    result = national or analyse_all_in(
        warehouse, period=period, themes=themes, denominator_year=denominator_year
    )
    current = result.period
    wanted = {month_label(m) for m in current.months}
    missing = tuple(
        (force, tuple(m for m in months if m in wanted))
        for force, months in result.forces_incomplete
        if any(m in wanted for m in months)
    )
    complete: dict[str, PartnershipAnalysis] = {}
    excluded = []
    for item in result.partnerships:
        reason = _incomplete(item, current)
        if reason:
            short = item.forces if not item.coverage.complete else ()
            excluded.append(Excluded(item.area.code, item.area.name, reason, short))
        else:
            complete[item.area.code] = item
    if place.code not in complete:
        why = next(e.reason for e in excluded if e.code == place.code)
        raise QueryError(
            f"{place.label} cannot be benchmarked for {current.label}: {why}. A partnership is "
            "compared only when every month of the period is loaded for its forces.",
            hint=Hint("ingest-police-uk", "Load the missing months, or choose another period."),
        )
    compared = [c for c in group.codes if c in complete]
    left_out = tuple(e for e in excluded if e.code in group.codes)
    if not compared:
        raise QueryError(
            f"none of {place.name}'s {group.k} peers has complete data for {current.label}, so "
            "it cannot be compared with them.",
            hint=Hint("ingest-police-uk", "Load the police.uk files of the peers' forces."),
        )
    shared = _shared(result)
    theme_results = tuple(
        _theme(theme, complete, place.code, compared, adjustment, shared) for theme in result.themes
    )
    return Benchmark(
        area=complete[place.code].area,
        period=current,
        themes=theme_results,
        peers=group,
        peers_left_out=left_out,
        excluded=tuple(excluded),
        forces_missing=missing,
        partnerships_compared=len(complete),
        denominator_year=result.denominator_year,
        adjustment=adjustment,
        methods=_methods(group, adjustment, result.denominator_year),
        partnership_lads=tuple((p.area.code, p.area.lad_codes) for p in result.partnerships),
    )


def peer_ratios(result: Benchmark, *, fewest: int = MIN_PEERS) -> dict[str, float] | None:
    """Theme key -> the partnership's rate over its peers' pooled rate, for ranking themes
    (:mod:`saferinsight.analysis.priorities`); ``None`` when fewer than ``fewest`` peers have
    complete data, too few to stand for partnerships like it."""
    ratios = {
        t.theme: t.comparison.rate.value / t.comparison.peer_rate
        for t in result.themes
        if t.comparison.peer_rate > 0 and t.comparison.peers_compared >= fewest
    }
    return ratios or None


def _incomplete(item: PartnershipAnalysis, period: Period) -> str:
    if not item.forces:
        return "no police force covers it in the lookup"
    if not item.coverage.complete:
        months = ", ".join(month_label(m) for m in item.coverage.missing)
        return f"no data for {months} from {', '.join(item.forces)}"
    if item.population is None:
        return "no population estimate loaded"
    return ""


#: What every benchmark of one national analysis shares, by theme and adjustment: the rates of
#: the complete partnerships and the funnel of them all (see :func:`_shared`).
_Shared = dict[
    tuple[str, str],
    tuple[tuple[PartnershipRate, ...], dict[str, PartnershipRate], Funnel, Choropleth],
]
_SHARED: dict[int, _Shared] = {}


def _shared(result: NationalAnalysis) -> _Shared:
    """The store of what benchmarks of ``result`` share, kept while ``result`` lives.

    Benchmarking every partnership against one analysis computes each theme's rates and
    national funnel once instead of once per partnership; both depend on the analysis (which
    is immutable), the theme and the adjustment only.
    """
    key = id(result)
    if key not in _SHARED:
        _SHARED[key] = {}
        weakref.finalize(result, _SHARED.pop, key, None)
    return _SHARED[key]


def _theme(
    theme: Theme,
    complete: dict[str, PartnershipAnalysis],
    code: str,
    peers: Sequence[str],
    adjustment: str,
    shared: _Shared,
) -> ThemeBenchmark:
    known = shared.get((theme.key, adjustment))
    if known is None:
        rates = []
        for item in complete.values():
            count = item.theme(theme.key).current.count
            persons = item.population.persons if item.population else 0
            rates.append(
                PartnershipRate(
                    item.area.code, item.area.name, count, persons, rate(count, persons)
                )
            )
        everyone_of = funnel(
            [r.code for r in rates],
            [r.count for r in rates],
            [r.population for r in rates],
            target=None,
            adjustment=adjustment,
        )
        ordered = tuple(sorted(rates, key=lambda r: (r.name, r.code)))
        known = shared[(theme.key, adjustment)] = (
            ordered,
            {r.code: r for r in rates},
            everyone_of,
            quantile_classes(((r.code, r.rate.value) for r in rates), measure="rate"),
        )
    ordered_rates, by_code, everyone, classes = known

    def funnel_of(codes: Sequence[str], target: float | None) -> Funnel:
        chosen = [by_code[c] for c in codes]
        return funnel(
            [r.code for r in chosen],
            [r.count for r in chosen],
            [r.population for r in chosen],
            target=target,
            adjustment=adjustment,
        )

    peer_rows = [by_code[c] for c in peers]
    peer_count, peer_pop = sum(r.count for r in peer_rows), sum(r.population for r in peer_rows)
    peer_rate = peer_count / peer_pop * 1000
    group = funnel_of([code, *peers], peer_rate if peer_count else None)
    mine = group.point(code)
    verdict = (
        "higher"
        if mine.position in (HIGH, HIGH_OUTER)
        else "lower"
        if mine.position in (LOW, LOW_OUTER)
        else "similar"
    )
    comparison = PeerComparison(
        rate=by_code[code].rate,
        peer_rate=peer_rate,
        peer_lowest=min(r.rate.value for r in peer_rows),
        peer_highest=max(r.rate.value for r in peer_rows),
        national_rate=everyone.target,
        position=mine.position,
        national_position=everyone.point(code).position,
        verdict=verdict,
        polarity=POLARITY[theme.improvement],
        peers_compared=len(peer_rows),
    )
    return ThemeBenchmark(
        theme.key,
        theme.title,
        ordered_rates,
        everyone,
        group,
        comparison,
        classes,
    )


def _methods(group: PeerGroup, adjustment: str, year: int) -> dict[str, str]:
    limits = (
        "exact Poisson (chi-square) limits"
        if adjustment == "none"
        else f"normal limits with {adjustment} overdispersion adjustment (Spiegelhalter 2005)"
    )
    return {
        "rates": f"police.uk street records per 1,000 residents over the period (not "
        f"annualised); ONS mid-year estimate for {year}; 95% Byar or exact Poisson intervals",
        "peers": group.method,
        "funnels": f"95% and 99.8% {limits} around the national rate (all complete "
        "partnerships) and around the peers' pooled rate (the partnership not included)",
        "higher / similar / lower": "the partnership's rate against the 95% limits of the peer "
        "funnel at its population",
        "incomplete data": "a partnership whose forces have any month of the period missing, "
        "or without a population estimate, is left out and listed",
    }
