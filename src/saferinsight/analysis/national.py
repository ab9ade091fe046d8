"""``analyse_all_in``: counts, rates and tests of change for every partnership at once.

The figures are those :func:`saferinsight.analysis.engine.analyse_area` gives for each area's
period against the previous one, computed from a few grouped queries over the whole warehouse
instead of one analysis per area.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from saferinsight.analysis.counts import LOAD_POLICE_UK
from saferinsight.analysis.engine import TEST_NAMES, check_options, compare_counts, period_count
from saferinsight.analysis.population import (
    Population,
    areas_population,
    default_denominator_year,
)
from saferinsight.analysis.results import Comparison, plain_data
from saferinsight.analysis.themes import Theme, select_themes
from saferinsight.core.months import month_label
from saferinsight.core.periods import Coverage, Period, coverage, parse_period
from saferinsight.errors import QueryError
from saferinsight.geo.areas import Area, AreaResolver, normalise
from saferinsight.store import national as store_national
from saferinsight.store.warehouse import Warehouse

if TYPE_CHECKING:
    from saferinsight.workspace import Workspace

__all__ = ["NationalAnalysis", "PartnershipAnalysis", "ThemeChange", "analyse_all_in"]


@dataclass(frozen=True)
class ThemeChange:
    """One theme of one partnership: the period's count against the previous period's.

    ``change.test`` is ``None`` (with ``change.note`` saying why) when either period has
    months missing.
    """

    theme: str
    change: Comparison


@dataclass(frozen=True)
class PartnershipAnalysis:
    """One partnership area's counts, rates and changes for the period."""

    area: Area
    forces: tuple[str, ...]
    population: Population | None
    coverage: Coverage
    previous_coverage: Coverage
    themes: tuple[ThemeChange, ...]
    left_out_no_location: int
    warnings: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every month of both periods is loaded for the covering forces."""
        return self.coverage.complete and self.previous_coverage.complete

    def theme(self, key: str) -> Comparison:
        """The change of one theme, by key (``"total"``, ``"asb"``, ...)."""
        for item in self.themes:
            if item.theme == key:
                return item.change
        raise KeyError(key)


@dataclass(frozen=True)
class NationalAnalysis:
    """Every partnership area of England and Wales for one period: what
    ``safer analyse-all`` prints."""

    period: Period
    previous: Period
    themes: tuple[Theme, ...]
    partnerships: tuple[PartnershipAnalysis, ...]
    denominator_year: int
    forces_incomplete: tuple[tuple[str, tuple[str, ...]], ...]
    left_out_no_location: int
    left_out_unknown_lsoa: int
    methods: dict[str, str] = field(default_factory=dict)

    def partnership(self, name_or_code: str) -> PartnershipAnalysis:
        """One partnership's figures, by ONS code or name."""
        code, name = name_or_code.strip().upper(), normalise(name_or_code)
        for item in self.partnerships:
            if code == item.area.code or name == normalise(item.area.name):
                return item
        raise QueryError(f"no partnership area called {name_or_code!r} in this analysis.")

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        return plain_data(self)  # type: ignore[no-any-return]


def analyse_all_csps(
    workspace: Workspace,
    *,
    period: str | Period,
    themes: str = "all",
    denominator_year: int | None = None,
    alpha: float = 0.05,
    test_method: str = "exact-cond",
) -> NationalAnalysis:
    """Every partnership area at once, in the workspace's published warehouse (the library
    entry point; :func:`analyse_all_in` works on an open warehouse)."""
    with workspace.reader() as warehouse:
        return analyse_all_in(
            warehouse,
            period=period,
            themes=themes,
            denominator_year=denominator_year,
            alpha=alpha,
            test_method=test_method,
        )


def analyse_all_in(
    warehouse: Warehouse,
    *,
    period: str | Period,
    themes: str = "all",
    denominator_year: int | None = None,
    alpha: float = 0.05,
    test_method: str = "exact-cond",
) -> NationalAnalysis:
    """Count, rate and test the change of every theme for every partnership area at once.

    For each partnership area (every Community Safety Partnership, and each local authority
    that the ONS lookup maps to several former partnerships) and each theme: the period's
    count and the previous period's, police.uk street records counted where their LSOA lies;
    the change with the exact conditional test of :func:`saferinsight.stats.change.change_test`
    (days in each period as exposure); the rate per 1,000 residents with a Byar or exact
    Poisson interval, using the ONS mid-year estimate of ``denominator_year`` (default: the
    year before the period starts), as :func:`~saferinsight.analysis.engine.analyse_area`
    does; and the rows of the covering forces without a location, which cannot be placed in
    any partnership.

    Null hypothesis of each test: the partnership's underlying rate of the theme's records per
    day is the same in both periods (two-sided; counts taken as independent Poisson
    variables). 300 areas and 11 themes make 3,300 tests: at ``alpha`` = 0.05 about 1 in 20
    of them is significant by chance alone, so a national table is a screen, not a finding.

    A partnership whose forces have months missing in either period is flagged (``complete``
    is false, a warning names the months) and its change is not tested; no rate is given for a
    partial period.

    Examples
    --------
    >>> from saferinsight.generate.fixtures import street_row, workspace_with_street_files
    >>> files = {
    ...     "2024-01-west-mercia-street.csv": [street_row(month="2024-01") for _ in range(30)],
    ...     "2024-02-west-mercia-street.csv": [street_row(month="2024-02") for _ in range(12)],
    ... }
    >>> with workspace_with_street_files(files) as workspace:
    ...     with workspace.reader() as warehouse:
    ...         result = analyse_all_in(warehouse, period="2024-02..2024-02", themes="total")
    >>> change = result.partnership("Shropshire").theme("total")
    >>> change.current.count, change.other.count, change.test.verdict
    (12, 30, 'a statistically significant fall')
    >>> result.partnership("Leeds").complete  # no West Yorkshire files: flagged, not tested
    False
    """
    check_options(alpha=alpha, test_method=test_method, denominator_year=denominator_year)
    current = period if isinstance(period, Period) else parse_period(period)
    chosen = select_themes(themes)
    con = warehouse
    areas = AreaResolver(con).partnerships()
    months: dict[str, set[date]] = defaultdict(set)
    for force, month in store_national.street_months_by_force(con):
        months[force].add(month)
    if not any(m in loaded for loaded in months.values() for m in current.months):
        raise QueryError(
            f"no police.uk street data is loaded for {current.label} ({current.span}).",
            hint=LOAD_POLICE_UK,
        )
    year = denominator_year or default_denominator_year(current)
    left_out = store_national.left_out_by_force(con, start=current.start, end=current.end)
    shared = _Shared(
        current=current,
        themes=chosen,
        counts=_counts(warehouse, areas, current, current.previous()),
        months=months,
        populations=areas_population(con, areas, year=year),
        left_out={force: n for force, n, _ in left_out},
        test_method=test_method,
        alpha=alpha,
    )
    forces_of = _forces_of_areas(warehouse, areas)
    every_force = sorted({f for forces in forces_of.values() for f in forces})
    return NationalAnalysis(
        period=current,
        previous=current.previous(),
        themes=chosen,
        partnerships=tuple(_partnership(a, forces_of.get(a.code, ()), shared) for a in areas),
        denominator_year=year,
        forces_incomplete=_incomplete(every_force, months, (current.previous(), current)),
        left_out_no_location=sum(n for _, n, _ in left_out),
        left_out_unknown_lsoa=sum(u for _, _, u in left_out),
        methods=_methods(alpha, test_method, year),
    )


@dataclass(frozen=True)
class _Shared:
    """What every partnership's figures are computed from."""

    current: Period
    themes: tuple[Theme, ...]
    counts: dict[tuple[str, str, str], int]  # (area code, 'current'/'previous', type) -> n
    months: dict[str, set[date]]  # force -> months loaded
    populations: dict[str, Population | None]
    left_out: dict[str, int]  # force -> rows without a location in the period
    test_method: str
    alpha: float


def _partnership(area: Area, forces: tuple[str, ...], shared: _Shared) -> PartnershipAnalysis:
    current, previous = shared.current, shared.current.previous()
    loaded: set[date] = set().union(*(shared.months.get(f, set()) for f in forces))
    population = shared.populations[area.code]
    changes = []
    for theme in shared.themes:
        first, second = (
            period_count(
                p,
                sum(shared.counts.get((area.code, label, t), 0) for t in theme.crime_types),
                loaded=loaded,
                population=population,
            )
            for label, p in (("current", current), ("previous", previous))
        )
        change = compare_counts(first, second, method=shared.test_method, alpha=shared.alpha)
        changes.append(ThemeChange(theme.key, change))
    cov, prev_cov = coverage(current, loaded), coverage(previous, loaded)
    warnings = tuple(n for n in (cov.note, prev_cov.note) if n)
    if population and population.note:
        warnings += (f"Population: {population.note}.",)
    if area.note:
        warnings += (f"Note: {area.note}.",)
    return PartnershipAnalysis(
        area,
        forces,
        population,
        cov,
        prev_cov,
        tuple(changes),
        sum(shared.left_out.get(f, 0) for f in forces),
        warnings,
    )


def _counts(
    warehouse: Warehouse, areas: Sequence[Area], current: Period, previous: Period
) -> dict[tuple[str, str, str], int]:
    """(area code, 'current' or 'previous', crime type) -> count."""
    lad_areas = [(lad, area.code) for area in areas for lad in area.lad_codes]
    periods = [("current", current.start, current.end), ("previous", previous.start, previous.end)]
    found: dict[tuple[str, str, str], int] = defaultdict(int)
    for code, label, crime_type, n in store_national.count_by_area(
        warehouse, lad_areas, periods=periods
    ):
        found[(code, label, crime_type)] = n
    return found


def _forces_of_areas(warehouse: Warehouse, areas: Sequence[Area]) -> dict[str, tuple[str, ...]]:
    """Area code -> police.uk slugs of the forces covering its local authorities."""
    forces_of_lad: dict[str, set[str]] = defaultdict(set)
    for lad, force in store_national.forces_by_lad(warehouse):
        forces_of_lad[lad].add(force)
    return {
        area.code: tuple(sorted(set().union(*(forces_of_lad[lad] for lad in area.lad_codes))))
        for area in areas
    }


def _incomplete(
    forces: Sequence[str], months: dict[str, set[date]], periods: Sequence[Period]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(force, months missing) of each covering force without every month of the periods."""
    result = []
    for force in forces:
        missing = tuple(
            month_label(m) for p in periods for m in p.months if m not in months.get(force, set())
        )
        if missing:
            result.append((force, missing))
    return tuple(result)


def _methods(alpha: float, test_method: str, year: int) -> dict[str, str]:
    return {
        "change test": (
            f"{TEST_NAMES[test_method]} of two Poisson rates (two-sided, alpha {alpha:g}), "
            "exposure = days in each period; one test per partnership and theme, not adjusted "
            "for multiple comparisons"
        ),
        "rate intervals": "95% Byar's approximation for 10 or more events, exact Poisson below",
        "rates": f"per 1,000 residents; denominator: ONS mid-year estimate for {year} (or the "
        "latest earlier year loaded); complete 12-month periods only",
        "counts": "police.uk street records by LSOA, whichever force published them; records "
        "without a location are left out",
        "partnerships": "every Community Safety Partnership with its local authorities; a "
        "local authority that the ONS lookup maps to several former partnerships is its own "
        "partnership area",
        "coverage": "a partnership whose forces have months missing in either period is "
        "flagged and not tested",
    }
