"""SQL for the analysis engine: counts by ward, populations, outcomes, stop and search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from saferinsight.store.counts import Scope, forces_clause, where_clause

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse


def ward_populations(con: Warehouse, ward_codes: Sequence[str]) -> dict[str, int]:
    """Census 2021 usual residents of wards (sum of their LSOAs, all ages)."""
    rows = con.execute(
        "SELECT l.ward_code, sum(p.persons) FROM population_lsoa p"
        " JOIN ref_lsoa l ON l.lsoa_code = p.lsoa_code"
        " WHERE p.year = 2021 AND l.ward_code IN (SELECT unnest(?::VARCHAR[]))"
        " GROUP BY l.ward_code",
        [list(ward_codes)],
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def area_wards(con: Warehouse, lad_codes: Sequence[str]) -> list[tuple[str, str, int]]:
    """(ward code, ward name, Census 2021 usual residents) of every ward of local authorities,
    by code (residents 0 where no population is loaded)."""
    rows = con.execute(
        "SELECT l.ward_code, any_value(l.ward_name), coalesce(sum(p.persons), 0)"
        " FROM ref_lsoa l LEFT JOIN population_lsoa p"
        " ON p.lsoa_code = l.lsoa_code AND p.year = 2021"
        " WHERE l.lad_code IN (SELECT unnest(?::VARCHAR[])) GROUP BY l.ward_code ORDER BY 1",
        [list(lad_codes)],
    ).fetchall()
    return [(r[0], r[1], int(r[2])) for r in rows]


def mid_year_population(
    con: Warehouse, lad_codes: Sequence[str], year: int
) -> tuple[int, int, str] | None:
    """(persons, LADs found, source) from the mid-year estimates of ``year``, all ages."""
    row = con.execute(
        "SELECT sum(persons), count(DISTINCT code), any_value(source) FROM population_mye"
        " WHERE year = ? AND code IN (SELECT unnest(?::VARCHAR[]))",
        [year, list(lad_codes)],
    ).fetchone()
    if not row or row[0] is None:
        return None
    return int(row[0]), int(row[1]), str(row[2])


def mid_year_years(con: Warehouse) -> list[int]:
    """Years of mid-year estimates loaded."""
    return [
        r[0] for r in con.execute("SELECT DISTINCT year FROM population_mye ORDER BY 1").fetchall()
    ]


def outcome_counts(
    con: Warehouse,
    scope: Scope,
    *,
    start: date,
    end: date,
    crime_types: Sequence[str],
) -> list[tuple[str, str, int]]:
    """(crime type, last outcome category or '', count) of the area's street crimes."""
    where, params = where_clause(scope, start, end, crime_types)
    rows = con.execute(
        "SELECT CAST(s.crime_type AS VARCHAR), coalesce(s.last_outcome, ''), count(*)"
        " FROM street s LEFT JOIN ref_lsoa l ON l.lsoa_code = s.lsoa_code"
        f" WHERE {where} GROUP BY ALL ORDER BY 1, 3 DESC",
        params,
    ).fetchall()
    return [(r[0], r[1], int(r[2])) for r in rows]


STOP_SEARCH_DIMENSIONS = {
    "object_of_search": "coalesce(object_of_search, '')",
    "outcome": "coalesce(outcome, '')",
    "self_defined_ethnicity": "coalesce(self_defined_ethnicity, '')",
    "officer_defined_ethnicity": "coalesce(officer_defined_ethnicity, '')",
    "gender": "coalesce(gender, '')",
    "age_range": "coalesce(age_range, '')",
    "search_type": "CAST(search_type AS VARCHAR)",
}


def stop_search_counts(
    con: Warehouse,
    forces: Sequence[str],
    *,
    start: date,
    end: date,
    dimension: str,
) -> list[tuple[str, int]]:
    """Stop and search records of the forces' files for the months, by one dimension."""
    expression = STOP_SEARCH_DIMENSIONS[dimension]
    clause, params = forces_clause(forces, kind="stop-and-search")
    rows = con.execute(
        f"SELECT {expression}, count(*) FROM stop_search s WHERE {clause}"
        " AND s.file_id IN (SELECT file_id FROM source_files WHERE month BETWEEN ? AND ?)"
        " GROUP BY 1 ORDER BY 2 DESC, 1",
        [*params, start, end],
    ).fetchall()
    return [(r[0], int(r[1])) for r in rows]


def ward_type_counts(
    con: Warehouse, scope: Scope, *, start: date, end: date
) -> list[tuple[str, str, str, int]]:
    """(ward code, ward name, crime type, count) of the area's located rows for the months."""
    where, params = where_clause(scope, start, end, ())
    rows = con.execute(
        "SELECT l.ward_code, any_value(l.ward_name), CAST(s.crime_type AS VARCHAR), count(*)"
        f" FROM street s JOIN ref_lsoa l ON l.lsoa_code = s.lsoa_code WHERE {where}"
        " GROUP BY l.ward_code, s.crime_type",
        params,
    ).fetchall()
    return [(r[0], r[1], r[2], int(r[3])) for r in rows]


def areas_in_force(con: Warehouse, pfa_code: str) -> list[tuple[str, str]]:
    """(CSP code, CSP name) of the partnerships in a police force area."""
    return [
        (r[0], r[1])
        for r in con.execute(
            "SELECT DISTINCT csp_code, csp_name FROM ref_lad_csp WHERE pfa_code = ? ORDER BY 2",
            [pfa_code],
        ).fetchall()
    ]


def pfa_of_lads(con: Warehouse, lad_codes: Sequence[str]) -> list[str]:
    """Police force area codes of local authorities."""
    return [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT pfa_code FROM ref_lad_csp WHERE lad_code IN"
            " (SELECT unnest(?::VARCHAR[])) ORDER BY 1",
            [list(lad_codes)],
        ).fetchall()
    ]


CENSUS_LEVELS = {"lad": "l.lad_code", "ward": "l.ward_code", "lsoa": "l.lsoa_code"}


def census_population(con: Warehouse, level: str, codes: Sequence[str]) -> int:
    """Census 2021 usual residents of local authorities, wards or LSOAs (all ages)."""
    row = con.execute(
        "SELECT coalesce(sum(p.persons), 0) FROM population_lsoa p"
        " JOIN ref_lsoa l ON l.lsoa_code = p.lsoa_code"
        f" WHERE p.year = 2021 AND {CENSUS_LEVELS[level]} IN (SELECT unnest(?::VARCHAR[]))",
        [list(codes)],
    ).fetchone()
    return int(row[0]) if row else 0


def ward_boundaries(con: Warehouse, lad_codes: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """(ward code, name, boundary version, GeoJSON geometry) of the wards of local authorities.

    Where several versions of a ward's boundary are loaded, the latest version label wins.
    """
    rows = con.execute(
        "SELECT code, arg_max(name, version), max(version), arg_max(geometry, version)"
        " FROM boundaries WHERE level = 'ward' AND lad_code IN (SELECT unnest(?::VARCHAR[]))"
        " GROUP BY code ORDER BY code",
        [list(lad_codes)],
    ).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]
