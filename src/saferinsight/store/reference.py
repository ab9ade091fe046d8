"""Load reference tables (geography lookups, populations, boundaries) into the warehouse."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse


LSOA_COLUMNS = ("lsoa_code", "lsoa_name", "ward_code", "ward_name", "lad_code", "lad_name")


def _lsoa_file(path: str, header: list[str], columns: dict[str, str]) -> tuple[str, list[str]]:
    select = ", ".join(f'trim("{columns[c]}") AS {c}' for c in LSOA_COLUMNS)
    spec = ", ".join(f"'{name}': 'VARCHAR'" for name in header)
    return (
        f"SELECT {select} FROM read_csv(?, header = true, auto_detect = false, delim = ',',"
        f" quote = '\"', escape = '\"', columns = {{{spec}}})",
        [path],
    )


def replace_lsoa_lookup(
    con: Warehouse,
    path: str,
    *,
    header: list[str],
    columns: dict[str, str],
    merge: bool = False,
) -> int:
    """Replace the LSOA -> ward -> LAD lookup with the CSV at ``path`` (``merge``: only the
    LSOAs the file has; the others stay).

    ``header`` is the file's header; ``columns`` maps each of :data:`LSOA_COLUMNS` to one of
    its names.
    """
    select, params = _lsoa_file(path, header, columns)
    if merge:
        con.execute(
            f"DELETE FROM ref_lsoa WHERE lsoa_code IN (SELECT lsoa_code FROM ({select}))", params
        )
    else:
        con.execute("DELETE FROM ref_lsoa")
    con.execute(f"INSERT INTO ref_lsoa {select}", params)
    return _count(con, "ref_lsoa")


def lsoa_lookup_dropped(
    con: Warehouse, path: str, *, header: list[str], columns: dict[str, str]
) -> tuple[int, int, int, list[tuple[str, int, int]]]:
    """What replacing the LSOA lookup with ``path`` would drop: (LSOAs in the file, LSOAs now,
    LSOAs now that the file lacks, [(local authority, its LSOAs the file lacks, police.uk
    records in them)]), the local authorities with most records first."""
    select, params = _lsoa_file(path, header, columns)
    return _dropped(con, "ref_lsoa", "lsoa_code", select, params)


def _dropped(
    con: Warehouse, table: str, key: str, select: str, params: list[str]
) -> tuple[int, int, int, list[tuple[str, int, int]]]:
    con.execute(f"CREATE OR REPLACE TEMP TABLE incoming_lookup AS {select}", params)
    try:
        counts = con.execute(
            f"SELECT (SELECT count(DISTINCT {key}) FROM incoming_lookup),"
            f" (SELECT count(DISTINCT {key}) FROM {table}),"
            f" (SELECT count(DISTINCT {key}) FROM {table}"
            f"  WHERE {key} NOT IN (SELECT {key} FROM incoming_lookup))"
        ).fetchone()
        # Areas in use first: those with the most police.uk records in the areas dropped.
        used = (
            "(SELECT count(*) FROM street s WHERE s.lsoa_code = t.lsoa_code)"
            if key == "lsoa_code"
            else "0"
        )
        by_lad = con.execute(
            f"SELECT lad_name, count(DISTINCT {key}), sum({used}) AS used FROM {table} t"
            f" WHERE {key} NOT IN (SELECT {key} FROM incoming_lookup)"
            " GROUP BY lad_name ORDER BY used DESC, count(*) DESC, lad_name"
        ).fetchall()
    finally:
        con.execute("DROP TABLE IF EXISTS incoming_lookup")
    assert counts is not None
    dropped = [(r[0], int(r[1]), int(r[2] or 0)) for r in by_lad]
    return int(counts[0]), int(counts[1]), int(counts[2]), dropped


_LAD_CSP_FILE = (
    "SELECT * FROM read_csv(?, header = true, all_varchar = true, delim = ',', quote = '\"')"
)


def replace_lad_csp(con: Warehouse, path: str, *, merge: bool = False) -> int:
    """Replace the LAD -> CSP -> police force area lookup with the CSV at ``path`` (``merge``:
    only the local authorities the file has)."""
    if merge:
        con.execute(
            f"DELETE FROM ref_lad_csp WHERE lad_code IN (SELECT lad_code FROM ({_LAD_CSP_FILE}))",
            [path],
        )
    else:
        con.execute("DELETE FROM ref_lad_csp")
    con.execute(f"INSERT INTO ref_lad_csp {_LAD_CSP_FILE}", [path])
    return _count(con, "ref_lad_csp")


def lad_csp_dropped(
    con: Warehouse, path: str, *, lad_column: str
) -> tuple[int, int, int, list[tuple[str, int, int]]]:
    """What replacing the LAD -> CSP lookup with ``path`` (local authority codes in
    ``lad_column``) would drop, as :func:`lsoa_lookup_dropped` says it."""
    select = f'SELECT trim("{lad_column}") AS lad_code FROM ({_LAD_CSP_FILE})'
    return _dropped(con, "ref_lad_csp", "lad_code", select, [path])


def replace_forces(con: Warehouse, path: str) -> int:
    """Replace the police.uk force list."""
    con.execute("DELETE FROM ref_force")
    con.execute(
        "INSERT INTO ref_force SELECT * FROM read_csv(?, header = true, all_varchar = true,"
        " delim = ',', quote = '\"')",
        [path],
    )
    return _count(con, "ref_force")


def replace_census_lsoa(con: Warehouse, path: str, *, year: int, source: str) -> int:
    """Replace the LSOA populations of ``year`` from a Census LSOA by age band CSV."""
    con.execute("DELETE FROM population_lsoa WHERE year = ?", [year])
    con.execute(
        "INSERT INTO population_lsoa SELECT ?, lsoa21_code, age_group,"
        " CAST(round(CAST(usual_residents AS DOUBLE)) AS BIGINT), ?"
        " FROM read_csv(?, header = true, all_varchar = true, delim = ',', quote = '\"')",
        [year, source, path],
    )
    row = con.execute("SELECT count(*) FROM population_lsoa WHERE year = ?", [year]).fetchone()
    return int(row[0]) if row else 0


def replace_mid_year(con: Warehouse, path: str, *, source: str) -> int:
    """Replace mid-year estimates from the wide CSV that ``write_mye_csv`` writes.

    Returns the number of areas. The year comes from the file's ``year`` column.
    """
    read = "read_csv(?, header = true, all_varchar = true, delim = ',', quote = '\"')"
    con.execute(
        f"DELETE FROM population_mye WHERE year IN (SELECT DISTINCT CAST(year AS INTEGER)"
        f" FROM {read})",
        [path],
    )
    con.execute(
        "INSERT INTO population_mye SELECT CAST(year AS INTEGER), code, name, geography,"
        " CAST(age AS INTEGER), CAST(persons AS BIGINT), ?"
        f" FROM (UNPIVOT (SELECT * EXCLUDE (all_ages) FROM {read})"
        " ON COLUMNS('^[0-9]+$') INTO NAME age VALUE persons)",
        [source, path],
    )
    row = con.execute(f"SELECT count(*) FROM {read}", [path]).fetchone()
    return int(row[0]) if row else 0


def replace_boundaries(
    con: Warehouse,
    features: Iterable[tuple[str, str, str | None, str]],
    *,
    level: str,
    version: str,
) -> int:
    """Add or replace boundaries of one level: (code, name, LAD code, GeoJSON geometry) rows."""
    rows = [(level, code, name, lad, version, geometry) for code, name, lad, geometry in features]
    con.executemany(
        "DELETE FROM boundaries WHERE level = ? AND code = ? AND version = ?",
        [(level, row[1], version) for row in rows],
    )
    con.executemany("INSERT INTO boundaries VALUES (?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def record_version(
    con: Warehouse,
    *,
    kind: str,
    version: str,
    source_file: str,
    sha256: str | None,
    shipped: bool,
    attribution: str,
    rows: int,
    loaded_at: datetime,
) -> None:
    """Record which version of a reference table is loaded (replacing a same-named version)."""
    con.execute("DELETE FROM reference_versions WHERE kind = ? AND version = ?", [kind, version])
    con.execute(
        "INSERT INTO reference_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [kind, version, source_file, sha256, loaded_at, shipped, attribution, rows],
    )


def _count(con: Warehouse, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0
