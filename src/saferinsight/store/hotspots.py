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
