"""Denominators for rates: which population, of which year, from which source."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from saferinsight.geo.areas import Area
from saferinsight.periods import Period
from saferinsight.store import analysis as store_analysis


@dataclass(frozen=True)
class Population:
    """A denominator and where it comes from."""

    persons: int
    year: int
    source: str
    note: str = ""

    @property
    def label(self) -> str:
        """For methodology notes, e.g. 'ONS mid-2023 estimate, mye23final.xlsx'."""
        return self.source


def default_denominator_year(period: Period) -> int:
    """The reports divide a financial year's count by the mid-year estimate of the year before.

    Examples
    --------
    >>> from saferinsight.periods import parse_period
    >>> default_denominator_year(parse_period("2015/16"))
    2014
    """
    return period.start.year - 1


def area_population(con: duckdb.DuckDBPyConnection, area: Area, *, year: int) -> Population | None:
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
        note = f"no mid-year estimate for {year} or earlier is loaded"
        return Population(persons, 2021, "Census 2021 usual residents", note) if persons else None
    found = store_analysis.mid_year_population(con, area.lad_codes, years[-1])
    if found is None:
        return None
    persons, _, source = found
    note = (
        ""
        if years[-1] == year
        else (
            f"mid-{year} is not loaded; using the latest earlier estimate. Load it with "
            "'safer ingest population'"
        )
    )
    return Population(persons, years[-1], f"ONS mid-{years[-1]} estimate, {source}", note)
