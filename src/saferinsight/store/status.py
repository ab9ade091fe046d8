"""SQL summaries of what a warehouse holds, for ``safer status`` and ``safer rejects``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse


@dataclass(frozen=True)
class KindSummary:
    """Current police.uk files of one kind."""

    kind: str
    files: int
    replaced: int
    rows: int
    rejected_rows: int
    first_month: date | None
    last_month: date | None
    months: int
    forces: tuple[str, ...]


def kind_summaries(con: Warehouse, source: str) -> list[KindSummary]:
    """Per kind: files, replaced versions, rows, rejects, months and forces covered."""
    rows = con.execute(
        "SELECT kind, count(*) FILTER (WHERE status = 'current'),"
        " count(*) FILTER (WHERE status = 'replaced'),"
        " coalesce(sum(rows_loaded) FILTER (WHERE status = 'current'), 0),"
        " coalesce(sum(rows_rejected) FILTER (WHERE status = 'current'), 0),"
        " min(month) FILTER (WHERE status = 'current'),"
        " max(month) FILTER (WHERE status = 'current'),"
        " count(DISTINCT month) FILTER (WHERE status = 'current'),"
        " list(DISTINCT force ORDER BY force) FILTER (WHERE status = 'current')"
        " FROM source_files WHERE source = ? GROUP BY kind ORDER BY kind",
        [source],
    ).fetchall()
    return [
        KindSummary(r[0], r[1], r[2], int(r[3]), int(r[4]), r[5], r[6], r[7], tuple(r[8] or ()))
        for r in rows
    ]


def table_rows(con: Warehouse, tables: tuple[str, ...]) -> dict[str, int]:
    """Row counts of warehouse tables."""
    result = {}
    for table in tables:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        result[table] = int(row[0]) if row else 0
    return result


def street_location_summary(con: Warehouse) -> tuple[int, int, int]:
    """Street rows: total, without an LSOA, with an LSOA code missing from the lookup."""
    row = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE s.lsoa_code IS NULL),"
        " count(*) FILTER (WHERE s.lsoa_code IS NOT NULL AND l.lsoa_code IS NULL)"
        " FROM street s LEFT JOIN ref_lsoa l ON l.lsoa_code = s.lsoa_code"
    ).fetchone()
    return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)


def reference_versions(
    con: Warehouse,
) -> list[tuple[str, str, str, bool, int, datetime]]:
    """(kind, version, source file, shipped, rows, loaded at) of each reference table version."""
    return [
        (r[0], r[1], r[2], bool(r[3]), int(r[4]), r[5])
        for r in con.execute(
            "SELECT kind, version, source_file, shipped, rows, loaded_at FROM reference_versions"
            " ORDER BY kind, loaded_at, version"
        ).fetchall()
    ]


def last_load(con: Warehouse) -> tuple[str, str, datetime, str] | None:
    """(load id, source, finished at, description) of the latest load."""
    row = con.execute(
        "SELECT load_id, source, coalesce(finished_at, started_at), description FROM loads"
        " ORDER BY started_at DESC, load_id DESC LIMIT 1"
    ).fetchone()
    return (row[0], row[1], row[2], row[3]) if row else None


def replacements(con: Warehouse, limit: int) -> list[tuple[str, str, int, datetime, str, str, int]]:
    """Recent replacements: old name, sha256 and rows, time, new name, sha256 and rows."""
    return [
        tuple(r)
        for r in con.execute(
            "SELECT o.file_name, o.sha256, o.rows_loaded, o.replaced_at, n.file_name, n.sha256,"
            " n.rows_loaded FROM source_files o JOIN source_files n ON n.file_id = o.replaced_by"
            " ORDER BY o.replaced_at DESC LIMIT ?",
            [limit],
        ).fetchall()
    ]


def rejects(
    con: Warehouse, *, file_pattern: str | None, limit: int | None
) -> list[tuple[str, int, str | None, str | None, str, str]]:
    """Rejected rows of current files: (file, line, column, value, error type, reason)."""
    sql = (
        "SELECT f.received_as, r.line, r.column_name, r.value, r.error_type, r.reason"
        " FROM rejects r JOIN source_files f USING (file_id) WHERE f.status = 'current'"
    )
    params: list[object] = []
    if file_pattern:
        sql += " AND f.received_as ILIKE ?"
        params.append(f"%{file_pattern}%")
    sql += " ORDER BY f.received_as, r.line, r.column_name"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [tuple(r) for r in con.execute(sql, params).fetchall()]


def reject_total(con: Warehouse) -> int:
    """Number of reject records for current files."""
    row = con.execute(
        "SELECT count(*) FROM rejects r JOIN source_files f USING (file_id)"
        " WHERE f.status = 'current'"
    ).fetchone()
    return int(row[0]) if row else 0


def outcome_links(con: Warehouse) -> tuple[int, int]:
    """(outcome rows, of which linked by Crime ID to a loaded street crime)."""
    row = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE o.crime_id IN"
        " (SELECT crime_id FROM street WHERE crime_id IS NOT NULL)) FROM outcomes o"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def street_files(
    con: Warehouse, forces: Sequence[str], *, start: date, end: date
) -> list[tuple[str, str]]:
    """(file name, sha256) of the current street files of forces for the months."""
    rows = con.execute(
        "SELECT file_name, sha256 FROM source_files WHERE kind = 'street' AND status = 'current'"
        " AND force IN (SELECT unnest(?::VARCHAR[])) AND month BETWEEN ? AND ? ORDER BY month",
        [list(forces), start, end],
    ).fetchall()
    return [(r[0], r[1]) for r in rows]
