"""Denominators for rates: which population, of which year, from which source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from saferinsight.core.periods import Period
from saferinsight.errors import Hint
from saferinsight.geo.areas import Area
from saferinsight.store import analysis as store_analysis
from saferinsight.store import national as store_national

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse


@dataclass(frozen=True)
class Population:
    """A denominator and where it comes from.

    ``note`` says when it is not the estimate asked for; ``hint`` then says which estimates
    to load.
    """

    persons: int
    year: int
    source: str
    note: str = ""
    hint: Hint | None = None

    @property
    def label(self) -> str:
        """For methodology notes, e.g. 'ONS mid-2023 estimate, mye23final.xlsx'."""
        return self.source


def default_denominator_year(period: Period) -> int:
    """The reports divide a financial year's count by the mid-year estimate of the year before.

    Examples
    --------
    >>> from saferinsight.core.periods import parse_period
    >>> default_denominator_year(parse_period("2015/16"))
    2014
    """
    return period.start.year - 1


def area_population(con: Warehouse, area: Area, *, year: int) -> Population | None:
    """The population of an area for ``year``.

    Areas made of local authorities use the ONS mid-year estimate of ``year``, or the nearest
    earlier year loaded (with a note saying so). Wards and LSOAs use Census 2021.
    """
    if area.level in ("ward", "lsoa"):
        persons = store_analysis.census_population(con, area.level, [area.code])
        return Population(persons, 2021, "Census 2021 usual residents") if persons else None
    years = [y for y in store_analysis.mid_year_years(con) if y <= year]
    if not years:
        persons = store_analysis.census_population(con, "lad", area.lad_codes)
        return _census(persons, year)
    found = store_analysis.mid_year_population(con, area.lad_codes, years[-1])
    if found is None:
        return None
    persons, _, source = found
    return _mid_year(persons, years[-1], source, year)


def areas_population(
    con: Warehouse, areas: Sequence[Area], *, year: int
) -> dict[str, Population | None]:
    """Area code -> population of ``year`` of many areas made of local authorities, at once.

    The same figures as :func:`area_population` gives for each area, from two queries.

    Examples
    --------
    >>> from saferinsight.generate.fixtures import reference_warehouse
    >>> from saferinsight.geo.areas import AreaResolver
    >>> with reference_warehouse() as warehouse:
    ...     areas = AreaResolver(warehouse).partnerships()
    ...     populations = areas_population(warehouse, areas, year=2022)
    >>> populations["E22000360"].persons  # Shropshire, ONS mid-2022 estimate
    327178
    """
    years = [y for y in store_analysis.mid_year_years(con) if y <= year]
    result: dict[str, Population | None] = {}
    if not years:
        census = store_national.census_by_lad(con)
        for area in areas:
            result[area.code] = _census(sum(census.get(lad, 0) for lad in area.lad_codes), year)
        return result
    estimates = store_national.mid_year_by_code(con, years[-1])
    for area in areas:
        found = [estimates[lad] for lad in area.lad_codes if lad in estimates]
        persons = sum(n for n, _ in found)
        result[area.code] = _mid_year(persons, years[-1], found[0][1], year) if found else None
    return result


def _census(persons: int, year: int) -> Population | None:
    if not persons:
        return None
    note = f"no mid-year estimate for {year} or earlier is loaded; Census 2021 is used"
    return Population(persons, 2021, "Census 2021 usual residents", note, _load_hint(year))


def _mid_year(persons: int, used: int, source: str, year: int) -> Population:
    if used == year:
        return Population(persons, used, f"ONS mid-{used} estimate, {source}")
    note = f"mid-{year} is not loaded; the latest earlier estimate (mid-{used}) is used"
    return Population(persons, used, f"ONS mid-{used} estimate, {source}", note, _load_hint(year))


def _load_hint(year: int) -> Hint:
    return Hint(
        "ingest-population",
        f"Load the ONS mid-{year} population estimates to use them.",
    )
