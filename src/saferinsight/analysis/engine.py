"""``analyse_in``: every analysis of the published reports for one area and period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from saferinsight.analysis import justice, narrative
from saferinsight.analysis.counts import LOAD_POLICE_UK, count_in
from saferinsight.analysis.population import Population, area_population, default_denominator_year
from saferinsight.analysis.results import (
    AreaAnalysis,
    AreaRates,
    Comparison,
    MonthlySummary,
    MonthPair,
    PeriodCount,
    Provenance,
    ThemeAnalysis,
    WardCount,
)
from saferinsight.analysis.signals import (
    period_signals,
    spc_verdict,
    unusual_base,
    with_unusual_base,
)
from saferinsight.analysis.tables import RankedArea, change_table, composition, rank_areas
from saferinsight.analysis.themes import THEMES, Theme, select_themes
from saferinsight.clock import SYSTEM, Clock
from saferinsight.core.months import (
    FIRST_YEAR,
    LAST_YEAR,
    add_months,
    month_from_label,
    month_label,
)
from saferinsight.core.periods import Coverage, Period, coverage, parse_period
from saferinsight.errors import AreaError, Hint, OptionError, QueryError
from saferinsight.geo.areas import Area, AreaResolver
from saferinsight.options import check_alpha, check_choice, check_whole_number
from saferinsight.stats.change import change_test, preload
from saferinsight.stats.intervals import count_interval, rate
from saferinsight.stats.spc import xmr_chart
from saferinsight.stats.trend import trend_test
from saferinsight.store import analysis as store_analysis
from saferinsight.store import counts as store_counts
from saferinsight.store import national as store_national
from saferinsight.store import status as store_status
from saferinsight.store.warehouse import Warehouse

if TYPE_CHECKING:
    from saferinsight.workspace import Workspace

WINDOW_MONTHS = 36
TEST_NAMES = {
    "exact-cond": "exact conditional test (binomial)",
    "etest": "E-test (Gu et al. 2008)",
    "score": "score test",
}
TOP_WARDS = 10
MIN_SPC_POINTS = 12

Monthly = dict[tuple[date, str], int]


def analyse_area(
    workspace: Workspace,
    area: str | Area,
    *,
    period: str | Period,
    themes: str = "all",
    denominator_year: int | None = None,
    compare: Sequence[str] | None = None,
    alpha: float = 0.05,
    spc_baseline: int | None = None,
    test_method: str = "exact-cond",
) -> AreaAnalysis:
    """Analyse one area for one period in the workspace's published warehouse.

    The library entry point: it opens a reader for the call (and records the workspace and its
    clock's time in the provenance); :func:`analyse_in` does the work on an open warehouse, for
    callers that read several things from one snapshot. Options as :func:`analyse_in`.
    """
    with workspace.reader() as warehouse:
        return analyse_in(
            warehouse,
            area,
            period=period,
            themes=themes,
            denominator_year=denominator_year,
            compare=compare,
            alpha=alpha,
            spc_baseline=spc_baseline,
            test_method=test_method,
            workspace_name=str(workspace.root),
            clock=workspace.clock,
        )


def analyse_in(
    warehouse: Warehouse,
    area: str | Area,
    *,
    period: str | Period,
    themes: str = "all",
    denominator_year: int | None = None,
    compare: Sequence[str] | None = None,
    alpha: float = 0.05,
    spc_baseline: int | None = None,
    test_method: str = "exact-cond",
    workspace_name: str = "",
    clock: Clock = SYSTEM,
) -> AreaAnalysis:
    """Analyse one area for one period, as the strategic assessment needs.

    For each theme: the period's total against the previous period with an exact test, the
    three-year totals and a seasonal trend test over 36 months, this year's months against the
    same months last year, the last quarter and month against the ones before and a year
    earlier, monthly averages and ranges, an XmR chart with special-cause signals, the ten
    wards with the highest volume (shares with Wilson intervals, rates with Byar/exact
    intervals, ranks that cannot be told apart), a breakdown by crime type, the composition
    over three years, and narrative sentences that say what the statistics support.

    Partial periods (months not loaded) are flagged and never tested against full ones.

    Raises
    ------
    OptionError
        An option has a value it cannot take: ``alpha`` outside (0, 1), ``spc_baseline``
        below 2 or above the months of the series, a malformed ``period``, an unknown
        ``test_method`` or theme, a ``compare`` area that is not made of local authorities.
    AreaError
        ``area`` or an area of ``compare`` matches no area, or several.
    """
    check_options(
        alpha=alpha,
        spc_baseline=spc_baseline,
        test_method=test_method,
        denominator_year=denominator_year,
    )
    current = period if isinstance(period, Period) else parse_period(period)
    chosen_themes = select_themes(themes)
    preload()  # SciPy imports while the warehouse is queried
    con = warehouse
    resolver = AreaResolver(con)
    place = area if isinstance(area, Area) else resolver.resolve(area)
    others = _compared(resolver, place, compare) if compare is not None else None
    previous = current.previous()
    window = Period("months", add_months(current.end, -(WINDOW_MONTHS - 1)), current.end)
    earliest = min(window.start, previous.start, current.year_earlier().start)
    found = count_in(
        warehouse,
        place,
        start=month_label(earliest),
        end=month_label(current.end),
        by=["month", "crime_type"],
    )
    monthly: Monthly = {(month_from_label(str(m)), str(t)): int(n) for m, t, n in found.rows}
    loaded = set(store_counts.street_months(con, found.forces))
    if not loaded & set(current.months):
        raise QueryError(
            f"no police.uk street data is loaded for {place.label} in {current.label} "
            f"({current.span}).",
            hint=LOAD_POLICE_UK,
        )
    _check_baseline(spc_baseline, sum(m in loaded for m in window.months))
    year = denominator_year or default_denominator_year(current)
    population = area_population(con, place, year=year)
    context = _Context(
        current, previous, window, monthly, loaded, population, alpha, spc_baseline, test_method
    )
    ward_rows = store_analysis.ward_type_counts(
        con, street_scope(place, found.forces), start=current.start, end=current.end
    )
    ward_population = store_analysis.ward_populations(con, sorted({r[0] for r in ward_rows}))
    analyses = tuple(
        _theme(context, theme, ward_rows, ward_population, place) for theme in chosen_themes
    )
    warnings = tuple(n for n in (context.cov.note, context.prev_cov.note) if n)
    if population and population.note:
        warnings += (f"Population: {population.note}.",)
    comparison = _comparison(warehouse, resolver, place, current, year, others)
    return AreaAnalysis(
        area=place,
        period=current,
        previous=previous,
        coverage=context.cov,
        previous_coverage=context.prev_cov,
        population=population,
        themes=analyses,
        outcomes=justice.outcomes(con, street_scope(place, found.forces), current, loaded),
        stop_search=justice.stop_search(con, found.forces, current),
        comparison=comparison,
        left_out_no_location=store_counts.count_left_out(
            con, street_scope(place, found.forces), start=current.start, end=current.end
        )[0],
        methods=_methods(alpha, spc_baseline, population, year, test_method),
        provenance=_provenance(
            con, workspace_name, found.forces, loaded, earliest, current, clock.now()
        ),
        warnings=warnings + ((f"Note: {place.note}.",) if place.note else ()),
    )


def check_options(
    *,
    alpha: float = 0.05,
    spc_baseline: int | None = None,
    test_method: str = "exact-cond",
    denominator_year: int | None = None,
) -> None:
    """Check the options of an analysis before anything is read (``OptionError`` if not).

    Examples
    --------
    >>> check_options(spc_baseline=1)
    Traceback (most recent call last):
    ...
    saferinsight.errors.OptionError: spc_baseline must be a whole number of months, from 2 to \
36; got 1.
    """
    check_alpha(alpha)
    check_choice(test_method, option="test_method", choices=TEST_NAMES)
    if spc_baseline is not None:
        check_whole_number(
            spc_baseline,
            option="spc_baseline",
            minimum=2,
            maximum=WINDOW_MONTHS,
            noun="a whole number of months",
        )
    if denominator_year is not None:
        check_whole_number(
            denominator_year,
            option="denominator_year",
            minimum=FIRST_YEAR,
            maximum=LAST_YEAR,
            noun="a year",
        )


def _check_baseline(spc_baseline: int | None, months: int) -> None:
    """The SPC baseline cannot be longer than the series the charts are drawn on."""
    if spc_baseline is not None and spc_baseline > months:
        raise OptionError(
            "spc_baseline",
            f"is {spc_baseline} months, more than the {months} months loaded in the "
            f"{WINDOW_MONTHS} months the charts show.",
            hint=Hint(
                "retry",
                f"Give a baseline of 2 to {months} months, or none to use every month shown.",
                options={"spc_baseline": months} if months >= 2 else {},
            ),
        )


@dataclass
class _Context:
    """What every theme's analysis shares: periods, monthly counts, population, settings."""

    current: Period
    previous: Period
    window: Period
    monthly: Monthly
    loaded: set[date]
    population: Population | None
    alpha: float
    spc_baseline: int | None
    test_method: str
    cov: Coverage = field(init=False)
    prev_cov: Coverage = field(init=False)

    def __post_init__(self) -> None:
        self.cov = coverage(self.current, self.loaded)
        self.prev_cov = coverage(self.previous, self.loaded)

    def count(self, theme: Theme, months: Sequence[date]) -> int:
        return sum(self.monthly.get((m, t), 0) for m in months for t in theme.crime_types)

    def period_count(self, theme: Theme, period: Period) -> PeriodCount:
        count = self.count(theme, period.months)
        return period_count(period, count, loaded=self.loaded, population=self.population)

    def compare(self, theme: Theme, a: Period, b: Period) -> Comparison:
        first, second = self.period_count(theme, a), self.period_count(theme, b)
        return compare_counts(first, second, method=self.test_method, alpha=self.alpha)


def period_count(
    period: Period, count: int, *, loaded: Collection[date], population: Population | None
) -> PeriodCount:
    """A period's count, whether every month is loaded, and its rate per 1,000 residents.

    The rate is given only for a complete 12-month period with a known population.
    """
    complete = coverage(period, loaded).complete
    estimate = None
    if population and complete and period.n_months == 12:
        estimate = rate(count, population.persons, per=1000)
    return PeriodCount(period, count, complete, estimate)


def compare_counts(
    first: PeriodCount, second: PeriodCount, *, method: str = "exact-cond", alpha: float = 0.05
) -> Comparison:
    """Test the change between two periods' counts (days as exposure); never a partial one."""
    if not (first.complete and second.complete):
        partial = first.period.label if not first.complete else second.period.label
        return Comparison(
            first, second, None, f"not tested: {partial} is partial (months not loaded)"
        )
    test = change_test(
        first.count,
        second.count,
        current_exposure=first.period.days,
        previous_exposure=second.period.days,
        method=method,
        alpha=alpha,
    )
    return Comparison(first, second, test)


def street_scope(place: Area, forces: Sequence[str]) -> store_counts.Scope:
    """The street rows ``place`` covers, given the forces whose files cover it."""
    return store_counts.Scope(
        force=place.force,
        lad_codes=place.lad_codes if place.level in ("csp", "lad", "pfa") else (),
        ward_code=place.code if place.level == "ward" else None,
        lsoa_code=place.code if place.level == "lsoa" else None,
        covering_forces=tuple(forces),
    )


def _theme(
    ctx: _Context,
    theme: Theme,
    ward_rows: list[tuple[str, str, str, int]],
    ward_population: dict[str, int],
    place: Area,
) -> ThemeAnalysis:
    current, previous = ctx.current, ctx.previous
    change = ctx.compare(theme, current, previous)
    years = (
        tuple(
            ctx.period_count(
                theme,
                Period(
                    current.kind,
                    add_months(current.start, -12 * k),
                    add_months(current.end, -12 * k),
                ),
            )
            for k in (2, 1, 0)
        )
        if current.n_months == 12
        else ()
    )
    series = tuple(
        (month_label(m), ctx.count(theme, [m])) for m in ctx.window.months if m in ctx.loaded
    )
    values = [n for _, n in series]
    trend = trend_test(values, period=12, alpha=ctx.alpha) if len(values) == WINDOW_MONTHS else None
    spc = (
        xmr_chart(
            values,
            labels=[m for m, _ in series],
            improvement=theme.improvement,
            baseline=ctx.spc_baseline,
        )
        if len(values) >= 2
        else None
    )
    twelve = tuple(
        MonthPair(
            month_label(m),
            ctx.count(theme, [m]),
            ctx.count(theme, [add_months(m, -12)]) if add_months(m, -12) in ctx.loaded else None,
        )
        for m in current.months
        if m in ctx.loaded
    )
    change = replace(change, unusual_base=unusual_base(change, spc))
    signals = period_signals(spc, current)
    last_quarter = Period("quarter", add_months(current.end, -2), current.end)
    last_month = Period("months", current.end, current.end)
    quarterly = current.n_months >= 6
    wards, ward_counts = _wards(theme, ward_rows, ward_population, ctx.count(theme, current.months))
    breakdown = None
    if len(theme.crime_types) > 1 and change.test is not None:
        breakdown = change_table(
            [
                (t, ctx.count(_single(t), current.months), ctx.count(_single(t), previous.months))
                for t in theme.crime_types
            ],
            label_header="crime type",
            current_label=current.label,
            previous_label=previous.label,
            total_label="Grand total",
            current_exposure=current.days,
            previous_exposure=previous.days,
            alpha=ctx.alpha,
            method=ctx.test_method,
        )
    pooled = [
        (t, ctx.count(_single(t), [m for m in ctx.window.months if m in ctx.loaded]))
        for t in theme.crime_types
    ]
    analysis = ThemeAnalysis(
        theme=theme,
        current=change.current,
        previous=change.other,
        change=change,
        three_years=years,
        trend=trend,
        twelve_months=twelve,
        quarter=with_unusual_base(
            ctx.compare(theme, last_quarter, last_quarter.previous()) if quarterly else None, spc
        ),
        quarter_year_earlier=with_unusual_base(
            ctx.compare(theme, last_quarter, last_quarter.year_earlier()) if quarterly else None,
            spc,
        ),
        last_month=with_unusual_base(ctx.compare(theme, last_month, last_month.previous()), spc),
        last_month_year_earlier=with_unusual_base(
            ctx.compare(theme, last_month, last_month.year_earlier()), spc
        ),
        monthly=_monthly_summary(ctx, theme, current),
        monthly_three_years=_monthly_summary(ctx, theme, ctx.window),
        spc=spc,
        series=series,
        top_wards=wards,
        ward_counts=ward_counts,
        breakdown=breakdown,
        composition=composition(pooled) if len(theme.crime_types) > 1 else (),
        narrative=(),
        spc_signals=signals,
        spc_verdict=spc_verdict(signals, current) if spc is not None else "",
    )
    return _with_narrative(analysis, place)


def _with_narrative(analysis: ThemeAnalysis, place: Area) -> ThemeAnalysis:
    return replace(analysis, narrative=narrative.theme_bullets(analysis, place))


def _single(crime_type: str) -> Theme:
    return Theme(crime_type, crime_type, (crime_type,), "crimes", "neutral")


def _monthly_summary(ctx: _Context, theme: Theme, window: Period) -> MonthlySummary | None:
    months = [m for m in window.months if m in ctx.loaded]
    if not months:
        return None
    counts = [(ctx.count(theme, [m]), m) for m in months]
    low = min(counts, key=lambda c: (c[0], c[1]))
    high = max(counts, key=lambda c: (c[0], c[1]))
    return MonthlySummary(
        window,
        sum(c for c, _ in counts) / len(counts),
        low[0],
        month_label(low[1]),
        high[0],
        month_label(high[1]),
    )


def _wards(
    theme: Theme,
    ward_rows: list[tuple[str, str, str, int]],
    populations: dict[str, int],
    total: int,
) -> tuple[tuple[RankedArea, ...], tuple[WardCount, ...]]:
    """The top wards, and every ward with records, with counts and rates."""
    counts: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for code, name, crime_type, n in ward_rows:
        if crime_type in theme.crime_types:
            counts[code] += n
            names[code] = name
    if not counts or total == 0:
        return (), ()
    intervals = {code: count_interval(n) for code, n in counts.items()}
    rates = {
        code: rate(n, populations[code], per=1000)
        for code, n in counts.items()
        if populations.get(code)
    }
    top = rank_areas(
        [(c, names[c], n) for c, n in counts.items()],
        total=total,
        intervals=intervals,
        rates=rates,
        top=TOP_WARDS,
    )
    every = tuple(
        WardCount(code, names[code], counts[code], rates.get(code))
        for code in sorted(counts, key=lambda c: names[c])
    )
    return top, every


def _compared(resolver: AreaResolver, place: Area, compare: Sequence[str]) -> list[Area]:
    """The areas named to compare with: each must exist and be made of local authorities."""
    if isinstance(compare, str):
        compare = [compare]
    areas = []
    for name in compare:
        other = resolver.resolve(name)  # AreaError names an unknown or ambiguous area
        if not other.lad_codes:
            raise OptionError(
                "compare",
                f"names {other.label}; rates are compared between partnerships, local "
                "authorities and police force areas.",
                hint=Hint("retry", "Compare with partnerships, local authorities or forces."),
            )
        if other.code != place.code and other not in areas:
            areas.append(other)
    return areas


def _comparison(
    warehouse: Warehouse,
    resolver: AreaResolver,
    place: Area,
    current: Period,
    year: int,
    compare: list[Area] | None,
) -> tuple[AreaRates, ...]:
    con = warehouse
    areas: list[Area] = [place]
    if compare is not None:
        areas += compare
    else:
        pfas = store_analysis.pfa_of_lads(con, place.lad_codes) if place.lad_codes else []
        names = [code for pfa in pfas for code, _ in store_analysis.areas_in_force(con, pfa)]
        for name in [*names, *pfas]:
            try:
                other = resolver.resolve(name)
            except (AreaError, QueryError):  # e.g. a former partnership merged into its LAD
                continue
            if other.code != place.code and other.lad_codes:
                areas.append(other)
    counts = _comparison_counts(warehouse, areas, current)
    results = []
    for other in areas:
        by_type = counts.get(other.code)
        if by_type is None:
            continue
        population = area_population(con, other, year=year)
        rows = []
        for theme in THEMES:
            count = sum(by_type.get(t, 0) for t in theme.crime_types)
            estimate = rate(count, population.persons, per=1000) if population else None
            rows.append((theme.key, count, estimate))
        results.append(AreaRates(other, population, tuple(rows)))
    return tuple(results)


def _comparison_counts(
    warehouse: Warehouse, areas: Sequence[Area], period: Period
) -> dict[str, dict[str, int]]:
    """Area code -> the period's counts by crime type, for areas with every month loaded.

    Partnerships and local authorities that share no local authority are counted in one grouped
    query (``store.national.count_by_area``, which counts as ``count_in`` does); other
    areas (a force, a ward, overlapping areas) one by one with ``count_in``.
    """
    con = warehouse
    lads = [lad for a in areas if a.level in ("csp", "lad") for lad in a.lad_codes]
    disjoint = len(lads) == len(set(lads))
    grouped = [a for a in areas if a.level in ("csp", "lad")] if disjoint else []
    found: dict[str, dict[str, int]] = {}
    if grouped:
        loaded: dict[str, set[date]] = defaultdict(set)
        for force, month in store_national.street_months_by_force(con):
            loaded[force].add(month)
        forces_of_lad: dict[str, set[str]] = defaultdict(set)
        for lad, force in store_national.forces_by_lad(con):
            forces_of_lad[lad].add(force)
        counted: dict[str, dict[str, int]] = defaultdict(dict)
        for code, _, crime_type, n in store_national.count_by_area(
            con,
            [(lad, a.code) for a in grouped for lad in a.lad_codes],
            periods=[("period", period.start, period.end)],
        ):
            counted[code][crime_type] = n
        for a in grouped:
            forces = set().union(*(forces_of_lad[lad] for lad in a.lad_codes))
            have = set().union(*(loaded[force] for force in forces))
            if forces and all(month in have for month in period.months):
                found[a.code] = counted[a.code]
    for a in areas:
        if a in grouped:
            continue
        try:
            result = count_in(
                warehouse,
                a,
                start=month_label(period.start),
                end=month_label(period.end),
                by=["crime_type"],
            )
        except QueryError:
            continue
        if not result.months_missing:
            found[a.code] = {str(t): int(n) for t, n in result.rows}
    return found


def _methods(
    alpha: float,
    spc_baseline: int | None,
    population: Population | None,
    year: int,
    test_method: str,
) -> dict[str, str]:
    level = f"{(1 - alpha) * 100:g}%"
    return {
        "change test": (
            f"{TEST_NAMES[test_method]} of two Poisson rates (two-sided, alpha {alpha:g}), "
            "exposure = days in each period"
        ),
        "rate intervals": f"{level} Byar's approximation for 10 or more events, exact Poisson "
        "below",
        "share intervals": f"{level} Wilson score interval",
        "trend": "seasonal Mann-Kendall test (Hirsch-Slack) with Sen's slope over the 36 months "
        "ending with the period",
        "spc": "XmR chart (Making Data Count): limits mean +/- 2.66 x mean moving range after "
        "screening moving ranges >= 3.267 x the mean; rules: a point outside the limits, "
        "7 points rising or falling, 2 of 3 beyond 2 sigma on one side, 7 points on one "
        "side of the mean; baseline: "
        + (f"first {spc_baseline} months" if spc_baseline else "all months shown")
        + "; the text names every signal with a month in the period",
        "unusual base": "a significant change is said to come from an unusually low (high) "
        "base when months of the earlier period lie below (above) the control chart's limits, "
        "or are two of three beyond two sigma on that side",
        "ward ranks": "ranks whose count intervals overlap are marked as not distinguishable",
        "rates": "per 1,000 residents; denominator: "
        + (population.label if population else "not available")
        + f" (requested year {year})",
        "counts": "police.uk street records by LSOA; records without a location are left out "
        "below force level",
    }


def _provenance(
    con: Warehouse,
    workspace: str,
    forces: Sequence[str],
    loaded: set[date],
    start: date,
    current: Period,
    now: datetime,
) -> Provenance:
    files = store_status.street_files(con, forces, start=start, end=current.end)
    versions = tuple((kind, version) for kind, version, *_ in store_status.reference_versions(con))
    span = (month_label(min(loaded)), month_label(max(loaded))) if loaded else None
    return Provenance(workspace, tuple(forces), span, tuple(files), versions, now)
