"""SQL over the reference tables for finding areas and their local authorities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse


AREA_INDEX = """
    SELECT DISTINCT 'lsoa' AS level, lsoa_code AS code, lsoa_name AS name, lad_name AS parent
    FROM ref_lsoa
    UNION ALL SELECT DISTINCT 'ward', ward_code, ward_name, lad_name FROM ref_lsoa
    UNION ALL SELECT DISTINCT 'lad', lad_code, lad_name, NULL FROM ref_lsoa
    UNION ALL SELECT DISTINCT 'csp', csp_code, csp_name, pfa_name FROM ref_lad_csp
    UNION ALL SELECT DISTINCT 'pfa', pfa_code, pfa_name, NULL FROM ref_lad_csp
"""

#: ``geo.areas.normalise`` in SQL (a test holds them equal over every name): fold case, '&'
#: to 'and', runs of anything but letters and digits to one space.
NORMALISED_NAME = "trim(regexp_replace(replace(lower(name), '&', ' and '), '[^a-z0-9]+', ' ', 'g'))"


AreaRow = tuple[str, str, str, str | None]


def area_index(con: Warehouse) -> list[tuple[str, str, str, str | None, str]]:
    """Every area: (level, code, name, parent name, normalised name)."""
    sql = f"SELECT level, code, name, parent, {NORMALISED_NAME} FROM ({AREA_INDEX})"
    return [(r[0], r[1], r[2], r[3], r[4]) for r in con.execute(sql).fetchall()]


def find_areas(
    con: Warehouse,
    *,
    codes: Sequence[str] = (),
    normalised_name: str | None = None,
    level: str | None = None,
) -> list[AreaRow]:
    """Areas (level, code, name, parent) with one of ``codes`` (any case) or the normalised
    name, optionally at one level only."""
    sql = (
        f"SELECT level, code, name, parent FROM ({AREA_INDEX})"
        f" WHERE (list_contains(?, upper(code)) OR {NORMALISED_NAME} = ?)"
        " AND (? IS NULL OR level = ?) ORDER BY level, code"
    )
    params = [[c.upper() for c in codes], normalised_name, level, level]
    return [(r[0], r[1], r[2], r[3]) for r in con.execute(sql, params).fetchall()]


def area_names_containing(con: Warehouse, normalised: str) -> list[str]:
    """Names of areas above LSOA level whose normalised name contains the text, sorted."""
    sql = (
        f"SELECT DISTINCT name FROM ({AREA_INDEX}) WHERE level <> 'lsoa'"
        f" AND contains({NORMALISED_NAME}, ?) ORDER BY name"
    )
    return [r[0] for r in con.execute(sql, [normalised]).fetchall()]


def force_aliases(con: Warehouse) -> list[tuple[str, str, str]]:
    """(police force area code, police.uk slug, police.uk name) for each territorial force."""
    return [
        (row[0], row[1], row[2])
        for row in con.execute(
            "SELECT pfa_code, police_uk_slug, police_uk_name FROM ref_force"
            " WHERE pfa_code IS NOT NULL ORDER BY pfa_code"
        ).fetchall()
    ]


def lad_csp_pairs(con: Warehouse) -> list[tuple[str, str, str, str, str]]:
    """(LAD code, LAD name, CSP code, CSP name, PFA code) rows of the partnership lookup."""
    return [
        (r[0], r[1], r[2], r[3], r[4])
        for r in con.execute(
            "SELECT lad_code, lad_name, csp_code, csp_name, pfa_code FROM ref_lad_csp"
            " ORDER BY lad_code, csp_code"
        ).fetchall()
    ]


def ward_lad(con: Warehouse, ward_code: str) -> str | None:
    """The local authority of a ward."""
    row = con.execute(
        "SELECT any_value(lad_code) FROM ref_lsoa WHERE ward_code = ?", [ward_code]
    ).fetchone()
    return row[0] if row else None


def lsoa_lad(con: Warehouse, lsoa_code: str) -> str | None:
    """The local authority of an LSOA."""
    row = con.execute("SELECT lad_code FROM ref_lsoa WHERE lsoa_code = ?", [lsoa_code]).fetchone()
    return row[0] if row else None
