"""SQL for hotspot analysis: an area's LSOAs and its street records by snap point."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from saferinsight.store.counts import Scope, where_clause

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse


def lsoas_of_lads(con: Warehouse, lad_codes: Sequence[str]) -> list[tuple[str, str]]:
    """(LSOA code, LSOA name) of every LSOA in the local authorities, ordered by code."""
    rows = con.execute(
        "SELECT lsoa_code, lsoa_name FROM ref_lsoa"
        " WHERE lad_code IN (SELECT unnest(?::VARCHAR[])) ORDER BY lsoa_code",
        [list(lad_codes)],
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def lsoa_wards(con: Warehouse, lad_codes: Sequence[str]) -> dict[str, tuple[str, str]]:
    """LSOA code -> (ward code, ward name) of the best-fit lookup, for local authorities."""
    rows = con.execute(
        "SELECT lsoa_code, ward_code, ward_name FROM ref_lsoa"
        " WHERE lad_code IN (SELECT unnest(?::VARCHAR[]))",
        [list(lad_codes)],
    ).fetchall()
    return {str(r[0]): (str(r[1]), str(r[2])) for r in rows}


def street_points(
    con: Warehouse,
    scope: Scope,
    *,
    start: date,
    end: date,
    crime_types: Sequence[str] = (),
) -> list[tuple[str, float, float, int]]:
    """Located street records of an area counted by (month, longitude, latitude of the snap
    point), ordered by those three; records without coordinates are left out."""
    where, params = where_clause(scope, start, end, crime_types)
    sql = (
        "SELECT strftime(s.month, '%Y-%m') AS m, s.longitude, s.latitude, count(*)"
        " FROM street s LEFT JOIN ref_lsoa l ON l.lsoa_code = s.lsoa_code"
        f" WHERE {where} AND s.longitude IS NOT NULL AND s.latitude IS NOT NULL"
        " GROUP BY ALL ORDER BY ALL"
    )
    return [
        (r[0], float(r[1]), float(r[2]), int(r[3])) for r in con.execute(sql, params).fetchall()
    ]


def lsoa_residents(con: Warehouse, lsoa_codes: Sequence[str]) -> dict[str, int]:
    """Census 2021 usual residents (all ages) of each LSOA, by code; LSOAs without a figure
    are absent."""
    rows = con.execute(
        "SELECT lsoa_code, sum(persons) FROM population_lsoa"
        " WHERE year = 2021 AND lsoa_code IN (SELECT unnest(?::VARCHAR[])) GROUP BY lsoa_code",
        [list(lsoa_codes)],
    ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def snap_point_counts(
    con: Warehouse,
    scope: Scope,
    *,
    start: date,
    end: date,
    crime_types: Sequence[str] = (),
) -> list[tuple[float, float, str, str, str, int]]:
    """Located street records of an area by snap point: (longitude, latitude, location text,
    LSOA code, LSOA name, records), most records first, then by location and point."""
    where, params = where_clause(scope, start, end, crime_types)
    sql = (
        "SELECT s.longitude, s.latitude, coalesce(s.location, ''), coalesce(s.lsoa_code, ''),"
        " coalesce(l.lsoa_name, s.lsoa_name, ''), count(*) AS n"
        " FROM street s LEFT JOIN ref_lsoa l ON l.lsoa_code = s.lsoa_code"
        f" WHERE {where} AND s.longitude IS NOT NULL AND s.latitude IS NOT NULL"
        " GROUP BY ALL ORDER BY n DESC, 3, 1, 2"
    )
    return [
        (float(r[0]), float(r[1]), str(r[2]), str(r[3]), str(r[4]), int(r[5]))
        for r in con.execute(sql, params).fetchall()
    ]


def street_events(
    con: Warehouse,
    scope: Scope,
    *,
    start: date,
    end: date,
    crime_types: Sequence[str] = (),
) -> list[tuple[str, float, float]]:
    """Every located street record of an area: (month 'YYYY-MM', longitude, latitude), in
    month and point order (one row per record)."""
    where, params = where_clause(scope, start, end, crime_types)
    sql = (
        "SELECT strftime(s.month, '%Y-%m'), s.longitude, s.latitude"
        " FROM street s LEFT JOIN ref_lsoa l ON l.lsoa_code = s.lsoa_code"
        f" WHERE {where} AND s.longitude IS NOT NULL AND s.latitude IS NOT NULL"
        " ORDER BY 1, 2, 3"
    )
    return [(r[0], float(r[1]), float(r[2])) for r in con.execute(sql, params).fetchall()]
