"""SQL for every partnership area at once: counts, left-out rows, coverage and populations.

Each function is one grouped query over the whole warehouse, so that national tables cost a
few scans of the street table rather than one set of queries per area.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse


def count_by_area(
    con: Warehouse,
    lad_areas: Sequence[tuple[str, str]],
    *,
    periods: Sequence[tuple[str, date, date]],
) -> list[tuple[str, str, str, int]]:
    """(area code, period label, crime type, count) of located street rows of every area.

    ``lad_areas`` gives the area code of each local authority (a local authority belongs to
    one area); ``periods`` gives (label, first month, last month) of periods that do not
    overlap. Rows are counted where their LSOA lies, whichever force published them, as
    :func:`saferinsight.store.counts.count_street` counts them for one area.
    """
    if not periods:
        return []
    cases = " ".join("WHEN s.month BETWEEN ? AND ? THEN ?" for _ in periods)
    bounds = [value for label, start, end in periods for value in (start, end, label)]
    rows = con.execute(
        "WITH area_lads AS (SELECT unnest(?::VARCHAR[]) AS lad_code,"
        " unnest(?::VARCHAR[]) AS area_code)"
        " SELECT area_code, period, crime_type, count(*) FROM ("
        f"  SELECT a.area_code, CASE {cases} END AS period,"
        "   CAST(s.crime_type AS VARCHAR) AS crime_type"
        "  FROM street s JOIN ref_lsoa l ON l.lsoa_code = s.lsoa_code"
        "  JOIN area_lads a ON a.lad_code = l.lad_code"
        "  WHERE s.month BETWEEN ? AND ?)"
        " WHERE period IS NOT NULL GROUP BY ALL ORDER BY ALL",
        [
            [lad for lad, _ in lad_areas],
            [area for _, area in lad_areas],
            *bounds,
            min(start for _, start, _ in periods),
            max(end for _, _, end in periods),
        ],
    ).fetchall()
    return [(r[0], r[1], r[2], int(r[3])) for r in rows]


def left_out_by_force(con: Warehouse, *, start: date, end: date) -> list[tuple[str, int, int]]:
    """(force, rows without an LSOA, rows whose LSOA is not in the lookup) of each force.

    Counts the rows of each force's current street files for the months ``start`` to ``end``.
    """
    rows = con.execute(
        "SELECT f.force, count(*) FILTER (WHERE s.lsoa_code IS NULL),"
        " count(*) FILTER (WHERE s.lsoa_code IS NOT NULL AND l.lsoa_code IS NULL)"
        " FROM street s JOIN source_files f ON f.file_id = s.file_id"
        " LEFT JOIN ref_lsoa l ON l.lsoa_code = s.lsoa_code"
        " WHERE s.month BETWEEN ? AND ? AND f.kind = 'street' AND f.status = 'current'"
        " GROUP BY f.force ORDER BY f.force",
        [start, end],
    ).fetchall()
    return [(r[0], int(r[1]), int(r[2])) for r in rows]


def street_months_by_force(con: Warehouse) -> list[tuple[str, date]]:
    """(force, month) of every current street file."""
    rows = con.execute(
        "SELECT DISTINCT force, month FROM source_files WHERE kind = 'street'"
        " AND status = 'current' ORDER BY 1, 2"
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def forces_by_lad(con: Warehouse) -> list[tuple[str, str]]:
    """(LAD code, police.uk force slug) of the force whose area contains each local authority."""
    rows = con.execute(
        "SELECT DISTINCT c.lad_code, f.police_uk_slug FROM ref_lad_csp c JOIN ref_force f"
        " ON f.pfa_code = c.pfa_code ORDER BY 1, 2"
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def mid_year_by_code(con: Warehouse, year: int) -> dict[str, tuple[int, str]]:
    """Area code -> (persons of all ages, source) from the mid-year estimates of ``year``."""
    rows = con.execute(
        "SELECT code, sum(persons), any_value(source) FROM population_mye WHERE year = ?"
        " GROUP BY code",
        [year],
    ).fetchall()
    return {r[0]: (int(r[1]), str(r[2])) for r in rows}


def census_by_lad(con: Warehouse) -> dict[str, int]:
    """LAD code -> Census 2021 usual residents (sum of its LSOAs, all ages)."""
    rows = con.execute(
        "SELECT l.lad_code, sum(p.persons) FROM population_lsoa p"
        " JOIN ref_lsoa l ON l.lsoa_code = p.lsoa_code WHERE p.year = 2021 GROUP BY l.lad_code"
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}
