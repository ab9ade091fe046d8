"""``find_hotspots``: Getis-Ord Gi* hot and cold spots of an area's street records, on its
LSOAs or on a grid, for a period, optionally classified over the months or quarters in it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from saferinsight.analysis.themes import select_themes
from saferinsight.core.months import month_label
from saferinsight.core.periods import Period, parse_period
from saferinsight.errors import AreaError, Hint, OptionError, QueryError
from saferinsight.geo.areas import Area, AreaResolver
from saferinsight.stats.hotspots import ADJUSTMENTS, GiStarResult, classify_hotspots
from saferinsight.store import counts as store_counts
from saferinsight.store import hotspots as store_hotspots

if TYPE_CHECKING:
    from saferinsight.stats.weights import BinaryWeights
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

__all__ = [
    "RATE_CAVEAT",
    "RESIDENT_THEMES",
    "HotspotAnalysis",
    "HotspotPlace",
    "find_hotspots",
    "hotspots_in",
]

UNITS = ("lsoa", "grid")
OVER = ("month", "quarter")
DEFAULT_SEED = 20250401
#: Themes whose victims or targets are mostly where people live (homes, and the cars and
#: property by them): rates per 1,000 residents suit them. The others (violence, ASB, theft
#: and shoplifting, robbery, public order, drugs, weapons) concentrate where people go, not
#: where they live (town centres, shops, night-time economy, transport hubs), so counts,
#: the default, suit them better.
RESIDENT_THEMES = ("burglary", "vehicle", "criminal-damage")
RATE_CAVEAT = (
    "Rates are per 1,000 residents (Census 2021 usual residents of each LSOA). Town centres, "
    "shopping and leisure areas and transport hubs have few residents and many visitors, so "
    "their rates are high for a reason that is not risk to residents: read rates with the "
    "counts."
)


@dataclass(frozen=True)
class HotspotPlace:
    """One LSOA or grid cell: its count, Gi* and class; ``residents`` (Census 2021) and
    ``rate`` (records per 1,000 residents) for LSOAs, ``None`` for grid cells."""

    key: str
    name: str
    easting: float
    northing: float
    count: int
    residents: int | None
    rate: float | None
    z: float
    p_value: float
    p_adjusted: float
    p_sim: float | None
    p_sim_adjusted: float | None
    label: str
    over_time: str | None


@dataclass(frozen=True)
class HotspotAnalysis:
    """The result of :func:`find_hotspots`.

    ``parameters`` lists every setting, chosen or automatic, as (name, value) in print order;
    ``places`` are ordered by z-score, highest first. ``measure`` is ``"count"`` or
    ``"rate"`` (per 1,000 residents): what Gi* was computed on.
    """

    area: Area
    period: Period
    theme: str
    unit: str
    measure: str
    parameters: tuple[tuple[str, str], ...]
    places: tuple[HotspotPlace, ...]
    gi_star: GiStarResult
    periods: tuple[str, ...]
    records: int
    left_out: int
    warnings: tuple[str, ...]


def find_hotspots(
    workspace: Workspace,
    area: str,
    *,
    period: str,
    theme: str = "total",
    unit: str = "lsoa",
    over: str | None = None,
    permutations: int = 999,
    seed: int = DEFAULT_SEED,
    adjustment: str = "holm",
    alpha: float = 0.05,
    cell_size: float | None = None,
    rate: bool = False,
) -> HotspotAnalysis:
    """Gi* hot and cold spots of one theme's street records in an area and period.

    ``unit="lsoa"`` counts records by their LSOA and takes queen contiguity of the area's
    LSOAs (neighbours outside the area are left out); ``unit="grid"`` counts records by the
    grid cell of their snap point, on a grid clipped to the area with sfhotspot's automatic
    cell size unless ``cell_size`` is given, with queen neighbours among cells. See
    :func:`saferinsight.stats.hotspots.getis_ord_gi_star` for the test. With ``over`` set to
    ``"month"`` or ``"quarter"``, Gi* is also computed in each month or quarter of the period
    (each adjusted once across the places) and each place classified as persistent,
    emerging, former or intermittent (:func:`saferinsight.stats.hotspots.classify_hotspots`).

    With ``rate=True`` (LSOAs only), Gi* is computed on each LSOA's records per 1,000
    residents (Census 2021) instead of its count, and :data:`RATE_CAVEAT` is printed with the
    result; rates suit the themes of :data:`RESIDENT_THEMES`, counts (the default) the others.
    A warning says when the permutation p-values cannot reach significance after the
    adjustment (:func:`saferinsight.stats.hotspots.permutation_floor`).
    """
    _check(unit, over, adjustment, cell_size)
    if rate and unit != "lsoa":
        raise OptionError(
            "rate",
            "needs LSOAs: grid cells have no resident population.",
            hint=Hint("retry", "Use LSOAs for rates.", options={"unit": "lsoa"}),
        )
    current = parse_period(period)
    chosen = select_themes(theme)
    if len(chosen) != 1:
        raise OptionError("theme", f"must be one theme; got {theme!r}.")
    with workspace.reader() as warehouse:
        return _find(
            warehouse, area, current, chosen[0].key, chosen[0].crime_types, unit, over,
            permutations, seed, adjustment, alpha, cell_size, rate,
        )  # fmt: skip


def hotspots_in(
    con: Warehouse,
    area: Area,
    current: Period,
    *,
    theme: str = "total",
    over: str | None = "quarter",
    permutations: int = 0,
    seed: int = DEFAULT_SEED,
) -> HotspotAnalysis:
    """:func:`find_hotspots` by LSOA on an open warehouse (for the report pipeline): counts,
    Holm-adjusted analytical p-values at 0.05, classified over ``over``."""
    chosen = select_themes(theme)[0]
    return _find(
        con, area, current, chosen.key, chosen.crime_types, "lsoa", over, permutations, seed,
        "holm", 0.05, None,
    )  # fmt: skip


def _check(unit: str, over: str | None, adjustment: str, cell_size: float | None) -> None:
    if unit not in UNITS:
        raise OptionError("unit", f"must be lsoa or grid; got {unit!r}.")
    if over is not None and over not in OVER:
        raise OptionError("over", f"must be month or quarter; got {over!r}.")
    if adjustment not in ADJUSTMENTS:
        raise OptionError(
            "adjustment",
            f"must be one of {', '.join(ADJUSTMENTS)}; got {adjustment!r}.",
            hint=Hint("retry", "Use holm (the default) or fdr_bh.", options={"adjustment": "holm"}),
        )
    if cell_size is not None and not 10 <= cell_size <= 10_000:
        raise OptionError("cell_size", f"must be 10 to 10,000 metres; got {cell_size}.")


def _find(
    con: Warehouse,
    area: str | Area,
    current: Period,
    theme: str,
    crime_types: Sequence[str],
    unit: str,
    over: str | None,
    permutations: int,
    seed: int,
    adjustment: str,
    alpha: float,
    cell_size: float | None,
    rate: bool = False,
) -> HotspotAnalysis:
    place = area if isinstance(area, Area) else AreaResolver(con).resolve(area)
    if place.level not in ("csp", "lad", "pfa"):
        raise AreaError(
            f"{place.label} is too small for hotspots: give a partnership, local authority "
            "or police force area.",
        )
    forces = tuple(store_counts.forces_of_lads(con, place.lad_codes))
    scope = store_counts.Scope(lad_codes=place.lad_codes, covering_forces=forces)
    loaded = set(store_counts.street_months(con, forces))
    missing = [m for m in current.months if m not in loaded]
    if len(missing) == len(current.months):
        raise QueryError(
            f"no police.uk street data is loaded for {place.label} in {current.label}."
        )
    rows = store_hotspots.street_points(
        con, scope, start=current.start, end=current.end, crime_types=crime_types
    )
    left_out = store_counts.count_left_out(
        con, scope, start=current.start, end=current.end, crime_types=crime_types
    )[0]
    params: list[tuple[str, str]] = []
    if unit == "lsoa":
        layout = _lsoa_layout(con, scope, current, crime_types, place)
    else:
        layout = _grid_layout(con, rows, place, cell_size, params)
    weights, names, coords, monthly = layout
    groups = _period_groups(current, over)
    totals = np.zeros(weights.n)
    for month_counts in monthly.values():
        totals += month_counts
    from saferinsight.stats.hotspots import getis_ord_gi_star

    residents = store_hotspots.lsoa_residents(con, weights.ids) if unit == "lsoa" else {}
    people = np.array([residents.get(code, 0) for code in weights.ids], dtype=np.float64)
    no_residents = [code for code, n in zip(weights.ids, people, strict=True) if n <= 0]

    def measure(values: np.ndarray) -> np.ndarray:
        if not rate:
            return values
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(people > 0, values / people * 1000.0, 0.0)

    options = {"permutations": permutations, "seed": seed, "adjustment": adjustment}
    gi = getis_ord_gi_star(measure(totals), weights, alpha=alpha, **options)  # type: ignore[arg-type]
    classes: Sequence[str | None] = [None] * weights.n
    if groups:
        runs = [
            getis_ord_gi_star(
                measure(
                    sum((monthly.get(m, np.zeros(weights.n)) for m in months), np.zeros(weights.n))
                ),
                weights,
                alpha=alpha,
                **options,  # type: ignore[arg-type]
            )
            for _, months in groups
        ]
        classes = classify_hotspots([r.hot for r in runs], [r.cold for r in runs])
    suits = "suits" if theme in RESIDENT_THEMES else "may mislead for"
    params = [
        ("unit", "2021 LSOAs" if unit == "lsoa" else "grid cells"),
        (
            "measure",
            f"records per 1,000 residents (Census 2021); a resident rate {suits} this theme"
            if rate
            else "count of records",
        ),
        *params,
        ("weights", weights.description + ", each place included (Gi*)"),
        ("places tested", f"{gi.n_tested:,} of {weights.n:,}"),
        ("test", "two-sided; analytical (normal) and conditional permutation p-values"),
        ("adjustment", f"{ADJUSTMENTS[adjustment]}, once across the places tested"),
        ("alpha", f"{alpha:g} (on the adjusted analytical p-value)"),
        ("permutations", f"{permutations:,}"),
        ("seed", str(seed)),
    ]
    if groups:
        params.append(
            ("over time", f"Gi* in each of {len(groups)} {over}s; recent = last 20%, persistent "
             ">= 80% of periods, others >= 10% (sfhotspot / Chainey 2020)")
        )  # fmt: skip
    places = [
        HotspotPlace(
            key=weights.ids[i],
            name=names[i],
            easting=coords[i][0],
            northing=coords[i][1],
            count=int(totals[i]),
            residents=int(people[i]) if unit == "lsoa" else None,
            rate=float(totals[i] / people[i] * 1000) if unit == "lsoa" and people[i] > 0 else None,
            z=gi.z[i],
            p_value=gi.p_value[i],
            p_adjusted=gi.p_adjusted[i],
            p_sim=gi.p_sim[i] if gi.p_sim else None,
            p_sim_adjusted=gi.p_sim_adjusted[i] if gi.p_sim else None,
            label=gi.label(i),
            over_time=classes[i],
        )
        for i in range(weights.n)
    ]
    places.sort(key=lambda p: (-np.nan_to_num(p.z, nan=-np.inf), p.key))
    warnings = []
    if missing:
        warnings.append(
            f"Months not loaded: {', '.join(month_label(m) for m in missing)}; counted as none."
        )
    if gi.islands:
        warnings.append(f"Places with no neighbour in the area: {', '.join(gi.islands)}.")
    if rate:
        warnings.append(RATE_CAVEAT)
        if no_residents:
            warnings.append(
                f"LSOAs without a Census 2021 population, given rate 0: {', '.join(no_residents)}."
            )
    warnings += gi.warnings
    return HotspotAnalysis(
        area=place,
        period=current,
        theme=theme,
        unit=unit,
        measure="rate" if rate else "count",
        parameters=tuple(params),
        places=tuple(places),
        gi_star=gi,
        periods=tuple(label for label, _ in groups),
        records=int(totals.sum()),
        left_out=left_out,
        warnings=tuple(warnings),
    )


Layout = tuple["BinaryWeights", list[str], list[tuple[float, float]], dict[str, np.ndarray]]


def _lsoa_layout(
    con: Warehouse,
    scope: store_counts.Scope,
    current: Period,
    crime_types: Sequence[str],
    place: Area,
) -> Layout:
    from saferinsight.geo.contiguity import lsoa_centroids, lsoa_neighbour_pairs
    from saferinsight.stats.weights import BinaryWeights

    lsoas = store_hotspots.lsoas_of_lads(con, place.lad_codes)
    codes = [c for c, _ in lsoas]
    weights = BinaryWeights.from_pairs(
        codes, lsoa_neighbour_pairs(codes), description="queen contiguity of 2021 LSOAs"
    )
    index = {c: i for i, c in enumerate(codes)}
    monthly: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(codes)))
    for lsoa, month, n in store_counts.count_street(
        con, scope, start=current.start, end=current.end, by=["lsoa", "month"],
        crime_types=crime_types,
    ):  # fmt: skip
        monthly[str(month)][index[str(lsoa)]] += int(str(n))
    centroids = lsoa_centroids()
    coords = [centroids.get(c, (float("nan"), float("nan"))) for c in codes]
    return weights, [name for _, name in lsoas], coords, dict(monthly)


def _grid_layout(
    con: Warehouse,
    rows: list[tuple[str, float, float, int]],
    place: Area,
    cell_size: float | None,
    params: list[tuple[str, str]],
) -> Layout:
    from saferinsight.geo.contiguity import lsoa_centroids
    from saferinsight.geo.grid import area_grid, auto_cell_size, to_british_national_grid

    if not rows:
        raise QueryError(f"no located records of {place.label} to place on a grid.")
    x, y = to_british_national_grid([r[1] for r in rows], [r[2] for r in rows])
    automatic = cell_size is None
    size = auto_cell_size(list(x), list(y)) if cell_size is None else float(cell_size)
    lsoas = {c for c, _ in store_hotspots.lsoas_of_lads(con, place.lad_codes)}
    grid = area_grid((x, y), area_lsoas=lsoas, centroids=dict(lsoa_centroids()), cell_size=size)
    params.append(
        ("cell size", f"{size:,.0f} m" + (" (automatic: sfhotspot's rule, 50 cells on the "
         "shorter side of the records' extent, rounded down to 100 m)" if automatic else ""))
    )  # fmt: skip
    origin = f"E{grid.origin[0]:.0f} N{grid.origin[1]:.0f}"
    params.append(
        ("grid", f"{len(grid.cells):,} cells in EPSG:27700 from {origin}, clipped to the area "
         "by nearest LSOA centroid")
    )  # fmt: skip
    weights = grid.weights()
    monthly: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(weights.n))
    for (month, _, _, n), cell in zip(rows, grid.locate(x, y), strict=True):
        if cell is not None:
            monthly[month][cell] += n
    coords = [grid.centre(i) for i in range(weights.n)]
    return weights, list(weights.ids), coords, dict(monthly)


def _period_groups(current: Period, over: str | None) -> list[tuple[str, list[str]]]:
    if over is None:
        return []
    groups: dict[str, list[str]] = {}
    for month in current.months:
        label = month_label(month) if over == "month" else _quarter(month)
        groups.setdefault(label, []).append(month_label(month))
    if len(groups) < 2:
        raise OptionError(
            "over", f"needs at least two {over}s in the period; {current.label} has one."
        )
    return list(groups.items())


def _quarter(month: date) -> str:
    return f"{month.year} Q{(month.month - 1) // 3 + 1}"
