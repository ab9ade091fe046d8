"""SQL over the reference tables for finding areas and their local authorities."""

from __future__ import annotations

import duckdb

AREA_INDEX = """
    SELECT DISTINCT 'lsoa' AS level, lsoa_code AS code, lsoa_name AS name, lad_name AS parent
    FROM ref_lsoa
    UNION ALL SELECT DISTINCT 'ward', ward_code, ward_name, lad_name FROM ref_lsoa
    UNION ALL SELECT DISTINCT 'lad', lad_code, lad_name, NULL FROM ref_lsoa
    UNION ALL SELECT DISTINCT 'csp', csp_code, csp_name, pfa_name FROM ref_lad_csp
    UNION ALL SELECT DISTINCT 'pfa', pfa_code, pfa_name, NULL FROM ref_lad_csp
"""


def area_index(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str | None]]:
    """Every area: (level, code, name, parent name)."""
    return [tuple(row) for row in con.execute(AREA_INDEX).fetchall()]


def force_aliases(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(police force area code, police.uk slug, police.uk name) for each territorial force."""
    return [
        (row[0], row[1], row[2])
        for row in con.execute(
            "SELECT pfa_code, police_uk_slug, police_uk_name FROM ref_force"
            " WHERE pfa_code IS NOT NULL ORDER BY pfa_code"
        ).fetchall()
    ]


def lad_csp_pairs(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str, str]]:
    """(LAD code, LAD name, CSP code, CSP name, PFA code) rows of the partnership lookup."""
    return [
        (r[0], r[1], r[2], r[3], r[4])
        for r in con.execute(
            "SELECT lad_code, lad_name, csp_code, csp_name, pfa_code FROM ref_lad_csp"
            " ORDER BY lad_code, csp_code"
        ).fetchall()
    ]


def ward_lad(con: duckdb.DuckDBPyConnection, ward_code: str) -> str | None:
    """The local authority of a ward."""
    row = con.execute(
        "SELECT any_value(lad_code) FROM ref_lsoa WHERE ward_code = ?", [ward_code]
    ).fetchone()
    return row[0] if row else None


def lsoa_lad(con: duckdb.DuckDBPyConnection, lsoa_code: str) -> str | None:
    """The local authority of an LSOA."""
    row = con.execute("SELECT lad_code FROM ref_lsoa WHERE lsoa_code = ?", [lsoa_code]).fetchone()
    return row[0] if row else None
