"""SQL for counting police.uk street records by area, month and category."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from saferinsight.core.cells import FORMULA_START_PATTERN, NUMBER_PATTERN

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse


#: Grouping dimensions: output column -> (SQL expression, extra columns needed for labels).
DIMENSIONS = {
    "month": "strftime(s.month, '%Y-%m')",
    "crime_type": "CAST(s.crime_type AS VARCHAR)",
    "ward": "l.ward_code",
    "lsoa": "s.lsoa_code",
    "force": "s.falls_within",
}


@dataclass(frozen=True)
class Scope:
    """Which street rows an area covers.

    A police force area covers its force's own files (``force``), located or not; any other
    area covers rows whose LSOA falls in its local authorities, ward or LSOA.
    """

    force: str | None = None
    lad_codes: tuple[str, ...] = ()
    ward_code: str | None = None
    lsoa_code: str | None = None
    covering_forces: tuple[str, ...] = ()


def _period_and_types(
    start: date, end: date, crime_types: Sequence[str]
) -> tuple[list[str], list[object]]:
    clauses = ["s.month BETWEEN ? AND ?"]
    params: list[object] = [start, end]
    if crime_types:
        clauses.append("CAST(s.crime_type AS VARCHAR) IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(crime_types))
    return clauses, params


def forces_clause(forces: Sequence[str], *, kind: str = "street") -> tuple[str, list[object]]:
    """SQL condition on ``s.file_id``: rows of the current files of these forces."""
    return (
        "s.file_id IN (SELECT file_id FROM source_files WHERE kind = ?"
        " AND status = 'current' AND force IN (SELECT unnest(?::VARCHAR[])))",
        [kind, list(forces)],
    )


def where_clause(
    scope: Scope, start: date, end: date, crime_types: Sequence[str]
) -> tuple[str, list[object]]:
    """SQL condition on street rows ``s`` (joined to ``ref_lsoa l``) for an area and months."""
    clauses, params = _period_and_types(start, end, crime_types)
    if scope.force is not None:
        clause, extra = forces_clause([scope.force])
    elif scope.lsoa_code is not None:
        clause, extra = "s.lsoa_code = ?", [scope.lsoa_code]
    elif scope.ward_code is not None:
        clause, extra = "l.ward_code = ?", [scope.ward_code]
    else:
        clause, extra = "l.lad_code IN (SELECT unnest(?::VARCHAR[]))", [list(scope.lad_codes)]
    return " AND ".join([*clauses, clause]), [*params, *extra]


def count_street(
    con: Warehouse,
    scope: Scope,
    *,
    start: date,
    end: date,
    by: Sequence[str],
    crime_types: Sequence[str] = (),
) -> list[tuple[object, ...]]:
    """Counts grouped by ``by`` (ward as code), ordered by the grouping columns."""
    where, params = where_clause(scope, start, end, crime_types)
    columns = [f"{DIMENSIONS[d]} AS {d}" for d in by]
    select = ", ".join([*columns, "count(*) AS n"])
    group = f" GROUP BY {', '.join(by)} ORDER BY {', '.join(by)}" if by else ""
    sql = f"SELECT {select} FROM street s LEFT JOIN ref_lsoa l ON l.lsoa_code = s.lsoa_code"
    return [tuple(row) for row in con.execute(f"{sql} WHERE {where}{group}", params).fetchall()]


def count_left_out(
    con: Warehouse,
    scope: Scope,
    *,
    start: date,
    end: date,
    crime_types: Sequence[str] = (),
) -> tuple[int, int]:
    """Rows of the covering forces that no area below force level can hold.

    Returns (rows without an LSOA, rows whose LSOA code is not in the lookup).
    """
    if scope.force is not None or not scope.covering_forces:
        return 0, 0
    clauses, params = _period_and_types(start, end, crime_types)
    clause, extra = forces_clause(scope.covering_forces)
    row = con.execute(
        "SELECT count(*) FILTER (WHERE s.lsoa_code IS NULL),"
        " count(*) FILTER (WHERE s.lsoa_code IS NOT NULL AND l.lsoa_code IS NULL)"
        " FROM street s LEFT JOIN ref_lsoa l ON l.lsoa_code = s.lsoa_code"
        f" WHERE {' AND '.join([*clauses, clause])}",
        [*params, *extra],
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def ward_labels(con: Warehouse, codes: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Ward code -> (ward name, local authority name)."""
    rows = con.execute(
        "SELECT ward_code, any_value(ward_name), any_value(lad_name) FROM ref_lsoa"
        " WHERE ward_code IN (SELECT unnest(?::VARCHAR[])) GROUP BY ward_code",
        [list(codes)],
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def street_months(con: Warehouse, forces: Sequence[str]) -> list[date]:
    """Months with a current street file for any of the forces (all forces if empty)."""
    if forces:
        rows = con.execute(
            "SELECT DISTINCT month FROM source_files WHERE kind = 'street' AND status = 'current'"
            " AND force IN (SELECT unnest(?::VARCHAR[])) ORDER BY month",
            [list(forces)],
        ).fetchall()
    else:
        rows = con.execute(
            "SELECT DISTINCT month FROM source_files WHERE kind = 'street' AND status = 'current'"
            " ORDER BY month"
        ).fetchall()
    return [r[0] for r in rows]


def forces_of_lads(con: Warehouse, lad_codes: Sequence[str]) -> list[str]:
    """police.uk force slugs whose police force area contains any of the local authorities."""
    rows = con.execute(
        "SELECT DISTINCT f.police_uk_slug FROM ref_lad_csp c JOIN ref_force f"
        " ON f.pfa_code = c.pfa_code WHERE c.lad_code IN (SELECT unnest(?::VARCHAR[]))"
        " ORDER BY 1",
        [list(lad_codes)],
    ).fetchall()
    return [r[0] for r in rows]


def count_all_street(con: Warehouse) -> list[tuple[str, str, str, int]]:
    """Every street row counted by (month, LSOA code or '', crime type), in that order."""
    return [
        (r[0], r[1], r[2], int(r[3]))
        for r in con.execute(
            "SELECT strftime(month, '%Y-%m'), coalesce(lsoa_code, ''),"
            " CAST(crime_type AS VARCHAR), count(*) FROM street GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    ]


def copy_street_counts(con: Warehouse, path: str) -> int:
    """Write every street row counted by month, LSOA code and crime type to a CSV file.

    Columns ``month, lsoa, crime_type, count``, ordered by the first three; rows without an
    LSOA have an empty ``lsoa`` and come last in their month. Returns the rows written.
    """
    target = path.replace("'", "''")
    row = con.execute(  # the LSOA code is text from the loaded files
        f"COPY (SELECT strftime(month, '%Y-%m') AS month, {safe_text_sql('lsoa_code')} AS lsoa,"
        " CAST(crime_type AS VARCHAR) AS crime_type, n AS count FROM"
        " (SELECT month, lsoa_code, crime_type, count(*) AS n FROM street GROUP BY ALL)"
        f" ORDER BY 1, 2, 3) TO '{target}' (FORMAT csv, HEADER true)"
    ).fetchone()
    return int(row[0]) if row else 0


def safe_text_sql(expression: str) -> str:
    """SQL for a text value as it may be written to a CSV cell: with a leading apostrophe when
    a spreadsheet would run it as a formula (:func:`saferinsight.core.cells.safe_cell`)."""
    return (
        f"CASE WHEN regexp_matches({expression}, '{FORMULA_START_PATTERN}')"
        f" AND NOT regexp_matches({expression}, '{NUMBER_PATTERN}')"
        f" THEN chr(39) || {expression} ELSE {expression} END"
    )
