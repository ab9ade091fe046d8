"""The area's profile against its region and England: population and its age structure,
density, rurality and deprivation, from the indicators shipped with the package
(``reference/data/area_indicators.csv``, built by ``scripts/build_reference.py`` from the ONS
and MHCLG figures in ``shared/data/indicators``).

Looked up, not estimated: each value is the published figure (or, for a region and England,
its aggregate computed by the build script). The data has no ethnicity: the profile says so
rather than print any.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from saferinsight.reference import shipped

__all__ = ["AREA_INDICATORS", "INDICATORS", "AreaProfile", "ProfileRow", "area_profile"]

AREA_INDICATORS = "area_indicators.csv"
ENGLAND = "E92000001"
WALES = "W92000004"

#: (column, label, unit) of each indicator, in the panel's order.
INDICATORS = (
    ("pop_mid2022", "Population (mid-2022)", "count"),
    ("pct_age_0_17_mid2022", "Aged 0 to 17", "%"),
    ("pct_age_18_24_mid2022", "Aged 18 to 24", "%"),
    ("pct_age_65_plus_mid2022", "Aged 65 and over", "%"),
    ("density_per_km2_mid2022", "People per square kilometre", "density"),
    ("pct_pop_rural_lsoa_census2021", "Living in rural neighbourhoods (Census 2021)", "%"),
    ("imd2025_avg_score", "Deprivation: average IMD 2025 score (higher is more deprived)", "score"),
    (
        "imd2025_pct_lsoa_most_deprived_10pct",
        "Neighbourhoods among England's most deprived 10%",
        "%",
    ),
    (
        "imd2025_crime_pct_lsoa_most_deprived_10pct",
        "Neighbourhoods among England's 10% most deprived for crime",
        "%",
    ),
)


@dataclass(frozen=True)
class ProfileRow:
    """One indicator: its label and unit, and the value for each area (None: not
    published for that area, such as English deprivation for Wales)."""

    column: str
    label: str
    unit: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class AreaProfile:
    """An area's indicators beside its region's and its country's.

    ``areas`` names the columns (the area, its region when it lies in one, England or
    Wales); ``rural_class`` is the ONS rural-urban classification of the area (blank for a
    partnership of several local authorities, which ONS does not classify).
    """

    areas: tuple[str, ...]
    rows: tuple[ProfileRow, ...]
    rural_class: str
    source: str


@functools.cache
def _table() -> dict[str, dict[str, str]]:
    with open(shipped(AREA_INDICATORS), encoding="utf-8") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def area_profile(code: str) -> AreaProfile | None:
    """The profile of a local authority or CSP by its code, or None for other areas (a
    police force area, a ward).

    Examples
    --------
    >>> profile = area_profile("E22000360")
    >>> profile.areas
    ('Shropshire', 'West Midlands', 'England')
    >>> profile.rows[0].label, profile.rows[0].values[0]
    ('Population (mid-2022)', 327178.0)
    >>> area_profile("E23000016") is None
    True
    """
    table = _table()
    own = table.get(code)
    if own is None or own["level"] not in ("lad", "csp"):
        return None
    chosen = [own]
    if own["region_code"] and own["region_code"] not in (WALES,):
        chosen.append(table[own["region_code"]])
    chosen.append(table[WALES if code.startswith("W") else ENGLAND])
    rows = tuple(
        ProfileRow(
            column,
            label,
            unit,
            tuple(float(r[column]) if r[column] else None for r in chosen),
        )
        for column, label, unit in INDICATORS
    )
    return AreaProfile(
        areas=tuple(r["name"] for r in chosen),
        rows=tuple(row for row in rows if row.values[0] is not None),
        rural_class=own["ruc21_class"],
        source=(
            "ONS mid-2022 population estimates and standard area measurements; Census 2021; "
            "ONS Rural Urban Classification 2021; MHCLG English Indices of Deprivation 2025 "
            "(region and England: population-weighted from local authorities and "
            "neighbourhoods)."
        ),
    )
