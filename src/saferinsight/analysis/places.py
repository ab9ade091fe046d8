"""Repeat locations and near repeats of an area's police.uk street records.

- :func:`find_repeat_locations`: the anonymised snap points with most records of a theme in
  a period, with each one's share of the theme's located records. A snap point is where
  police.uk places a record, the centre of a street or a landmark chosen to hide the address:
  it is never presented as an address ("on or near").
- :func:`find_near_repeats`: the Knox test of burglary or vehicle crime
  (:func:`saferinsight.stats.knox.knox_test`) on the records' snap points and months.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from saferinsight.analysis.themes import Theme, select_themes
from saferinsight.core.months import month_label
from saferinsight.core.periods import Period, parse_period
from saferinsight.errors import AreaError, Hint, OptionError, QueryError
from saferinsight.geo.areas import Area, AreaResolver
from saferinsight.store import counts as store_counts
from saferinsight.store import hotspots as store_hotspots

if TYPE_CHECKING:
    from saferinsight.analysis.hotspots import HotspotAnalysis
    from saferinsight.stats.knox import KnoxResult
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

__all__ = [
    "NEAR_REPEAT_THEMES",
    "SNAP_POINT_NOTE",
    "NearRepeatAnalysis",
    "PlacesSummary",
    "RepeatLocation",
    "RepeatLocations",
    "find_near_repeats",
    "find_repeat_locations",
    "places_in",
    "repeat_locations_in",
]

SNAP_POINT_NOTE = (
    "police.uk places each record at an anonymised map point ('on or near' a street or "
    "landmark) chosen to hide the address, never the exact location: a point with many records "
    "is a street or a place, not one address, and records at one address may be spread over "
    "several points."
)
#: Themes whose near repeats the research establishes (Johnson & Bowers 2004; Ratcliffe 2009).
NEAR_REPEAT_THEMES = ("burglary", "vehicle")
DEFAULT_SEED = 20250401


@dataclass(frozen=True)
class RepeatLocation:
    """One snap point: where police.uk placed ``records`` of the theme.

    ``location`` is police.uk's description, always starting "On or near"; ``share`` is the
    fraction of the theme's located records in the area and period at this point.
    """

    rank: int
    location: str
    longitude: float
    latitude: float
    lsoa_code: str
    lsoa_name: str
    records: int
    share: float


@dataclass(frozen=True)
class RepeatLocations:
    """The result of :func:`find_repeat_locations`.

    Attributes
    ----------
    area, period, theme
        What was counted (``theme`` is the theme's key).
    locations
        The ``top`` snap points with most records, most first (ties by location text).
    records
        Located records of the theme in the area and period (the shares' denominator).
    points
        Snap points with at least one record.
    left_out
        Records of the theme in the area's police force(s) without a location: they cannot be
        placed in any area, so none is counted.
    open_data
        Whether the records are open data (police.uk street records are), printed exactly in
        a public edition; a public edition withholds repeat locations of confidential data.
    note
        What a snap point is (:data:`SNAP_POINT_NOTE`).
    """

    area: Area
    period: Period
    theme: Theme
    locations: tuple[RepeatLocation, ...]
    records: int
    points: int
    left_out: int
    open_data: bool = True
    note: str = SNAP_POINT_NOTE
    warnings: tuple[str, ...] = ()

    @property
    def top_share(self) -> float:
        """The share of the located records at the listed points."""
        return sum(loc.records for loc in self.locations) / self.records if self.records else 0.0


@dataclass(frozen=True)
class NearRepeatAnalysis:
    """The result of :func:`find_near_repeats`: the Knox test and what it was run on.

    ``parameters`` lists every setting as (name, value) in print order; ``limits`` says what
    police.uk months and snap points keep the test from seeing
    (:data:`saferinsight.stats.knox.POLICE_UK_LIMITS`).
    """

    area: Area
    period: Period
    theme: Theme
    knox: KnoxResult
    parameters: tuple[tuple[str, str], ...]
    records: int
    left_out: int
    limits: str
    warnings: tuple[str, ...]


def find_repeat_locations(
    workspace: Workspace, area: str, *, period: str, theme: str = "total", top: int = 10
) -> RepeatLocations:
    """The ``top`` police.uk snap points with most street records of ``theme`` in an area
    (partnership, local authority or force area) and period, with counts and shares.

    Every located record of the theme counts once at its snap point (the same longitude and
    latitude and location text); a share is the point's records over all located records of
    the theme. Records without a location are counted in ``left_out`` only.
    """
    current, chosen = _options(period, theme)
    if not isinstance(top, int) or not 1 <= top <= 1000:
        raise OptionError("top", f"must be 1 to 1,000; got {top}.")
    with workspace.reader() as warehouse:
        return repeat_locations_in(warehouse, area, current, chosen, top=top)


def repeat_locations_in(
    con: Warehouse, area: str | Area, current: Period, theme: Theme, *, top: int = 10
) -> RepeatLocations:
    """:func:`find_repeat_locations` on an open warehouse (for the report pipeline)."""
    place, scope, missing = _scope(con, area, current)
    rows = store_hotspots.snap_point_counts(
        con, scope, start=current.start, end=current.end, crime_types=theme.crime_types
    )
    left_out = store_counts.count_left_out(
        con, scope, start=current.start, end=current.end, crime_types=theme.crime_types
    )[0]
    records = sum(r[5] for r in rows)
    locations = tuple(
        RepeatLocation(
            rank=rank,
            location=_on_or_near(text),
            longitude=lon,
            latitude=lat,
            lsoa_code=lsoa,
            lsoa_name=name,
            records=n,
            share=n / records,
        )
        for rank, (lon, lat, text, lsoa, name, n) in enumerate(rows[:top], start=1)
    )
    return RepeatLocations(
        area=place,
        period=current,
        theme=theme,
        locations=locations,
        records=records,
        points=len(rows),
        left_out=left_out,
        warnings=_missing_warning(missing),
    )


def find_near_repeats(
    workspace: Workspace,
    area: str,
    *,
    period: str,
    theme: str = "burglary",
    distance_band: float = 200.0,
    distance_bands: int = 5,
    time_band: int = 1,
    time_bands: int = 3,
    permutations: int = 999,
    seed: int = DEFAULT_SEED,
) -> NearRepeatAnalysis:
    """Knox test for near repeats of burglary or vehicle crime in an area and period.

    Each located record is an event at its snap point (converted to British National Grid
    metres) in its month; :func:`saferinsight.stats.knox.knox_test` counts pairs by distance
    band (``distance_band`` metres wide, ``distance_bands`` of them after "same location") and
    time band (``time_band`` months wide), and compares them with ``permutations`` random
    reassignments of the months (seed ``seed``). Null hypothesis: when a record happened is
    independent of where. police.uk months and snap points limit what the test can see
    (:data:`saferinsight.stats.knox.POLICE_UK_LIMITS`): time bands are whole months.
    """
    from saferinsight.geo.grid import to_british_national_grid
    from saferinsight.stats.knox import POLICE_UK_LIMITS, knox_test

    current, chosen = _options(period, theme)
    if chosen.key not in NEAR_REPEAT_THEMES:
        raise OptionError(
            "theme",
            f"must be burglary or vehicle for near repeats; got {theme!r}.",
            hint=Hint("retry", "Test burglary near repeats.", options={"theme": "burglary"}),
        )
    with workspace.reader() as con:
        place, scope, missing = _scope(con, area, current)
        events = store_hotspots.street_events(
            con, scope, start=current.start, end=current.end, crime_types=chosen.crime_types
        )
        left_out = store_counts.count_left_out(
            con, scope, start=current.start, end=current.end, crime_types=chosen.crime_types
        )[0]
    if len(events) < 3:
        raise QueryError(
            f"{len(events)} located {chosen.counted} in {place.label} in {current.label}; "
            "the Knox test needs at least 3."
        )
    x, y = to_british_national_grid([e[1] for e in events], [e[2] for e in events])
    months = np.array([int(e[0][:4]) * 12 + int(e[0][5:7]) for e in events], dtype=np.int64)
    knox = knox_test(
        x, y, months, distance_band=distance_band, distance_bands=distance_bands,
        time_band=time_band, time_bands=time_bands, time_unit="month",
        permutations=permutations, seed=seed,
    )  # fmt: skip
    parameters = (
        ("events", f"{knox.events:,} located {chosen.counted} at their snap points"),
        ("pairs", f"{knox.pairs:,}"),
        (
            "distance bands",
            f"same snap point, then {distance_bands} bands of {distance_band:,.0f} m "
            "(EPSG:27700, pyproj Helmert), then beyond",
        ),
        ("time bands", f"{time_bands} bands of {time_band} month(s) (months only), then beyond"),
        ("null hypothesis", knox.null_hypothesis),
        ("expected", "mean of the simulations; ratio = observed / expected"),
        ("p-value", "one-sided Monte Carlo, (simulations >= observed + 1) / (simulations + 1)"),
        ("permutations", f"{permutations:,} random reassignments of the months"),
        ("seed", str(seed)),
        ("method", "Knox (1964) by band, as Ratcliffe's Near Repeat Calculator"),
    )
    return NearRepeatAnalysis(
        area=place,
        period=current,
        theme=chosen,
        knox=knox,
        parameters=parameters,
        records=len(events),
        left_out=left_out,
        limits=POLICE_UK_LIMITS,
        warnings=_missing_warning(missing),
    )


def _options(period: str, theme: str) -> tuple[Period, Theme]:
    current = parse_period(period)
    chosen = select_themes(theme)
    if len(chosen) != 1:
        raise OptionError("theme", f"must be one theme; got {theme!r}.")
    return current, chosen[0]


def _scope(
    con: Warehouse, area: str | Area, current: Period
) -> tuple[Area, store_counts.Scope, Sequence[str]]:
    place = area if isinstance(area, Area) else AreaResolver(con).resolve(area)
    if place.level not in ("csp", "lad", "pfa"):
        raise AreaError(
            f"{place.label} is too small for places analysis: give a partnership, local "
            "authority or police force area.",
        )
    forces = tuple(store_counts.forces_of_lads(con, place.lad_codes))
    scope = store_counts.Scope(lad_codes=place.lad_codes, covering_forces=forces)
    loaded = set(store_counts.street_months(con, forces))
    missing = [month_label(m) for m in current.months if m not in loaded]
    if len(missing) == len(current.months):
        raise QueryError(
            f"no police.uk street data is loaded for {place.label} in {current.label}."
        )
    return place, scope, missing


def _missing_warning(missing: Sequence[str]) -> tuple[str, ...]:
    if not missing:
        return ()
    return (f"Months not loaded: {', '.join(missing)}; counted as none.",)


def _on_or_near(text: str) -> str:
    """police.uk's location text, always as "On or near ..." (never an address).

    >>> _on_or_near("On or near Castle Street"), _on_or_near("Castle Street"), _on_or_near("")
    ('On or near Castle Street', 'On or near Castle Street', 'On or near an unnamed point')
    """
    text = text.strip()
    if text.lower().startswith("on or near"):
        return "On or near" + text[len("on or near") :]
    return f"On or near {text}" if text else "On or near an unnamed point"


#: Themes whose repeat locations the strategic assessment lists.
REPORT_THEMES = ("burglary", "vehicle", "violence", "asb", "theft")
REPORT_TOP = 5


@dataclass(frozen=True)
class PlacesSummary:
    """What the strategic assessment's places section shows: the LSOA hotspots of all crime
    (classified over the quarters of the period), the repeat locations of
    :data:`REPORT_THEMES` and each LSOA's ward (best-fit lookup)."""

    hotspots: HotspotAnalysis
    repeats: tuple[RepeatLocations, ...]
    lsoa_wards: Mapping[str, tuple[str, str]]


def places_in(con: Warehouse, area: Area, current: Period) -> PlacesSummary | None:
    """The places section's figures for an area and period, or ``None`` when there are
    none to show (an area below local authority level, or no street data loaded)."""
    from saferinsight.analysis.hotspots import hotspots_in

    if area.level not in ("csp", "lad", "pfa"):
        return None
    over = "quarter" if len({(m.year, (m.month - 1) // 3) for m in current.months}) > 1 else None
    try:
        hotspots = hotspots_in(con, area, current, over=over)
    except QueryError:
        return None
    repeats = tuple(
        repeat_locations_in(con, area, current, select_themes(key)[0], top=REPORT_TOP)
        for key in REPORT_THEMES
    )
    wards = store_hotspots.lsoa_wards(con, area.lad_codes)
    return PlacesSummary(hotspots, repeats, MappingProxyType(wards))
