"""Loads and source files: what was read, when, and which file versions are current."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse


@dataclass(frozen=True)
class CurrentFile:
    """The current version of a (kind, force, month) file in the warehouse."""

    file_id: int
    sha256: str
    file_name: str
    rows_loaded: int = 0


def committed_load_ids(con: Warehouse) -> set[str]:
    """Identifiers of every load the warehouse has committed."""
    return {row[0] for row in con.execute("SELECT load_id FROM loads").fetchall()}


def start_load(
    con: Warehouse,
    *,
    load_id: str,
    source: str,
    started_at: datetime,
    description: str,
) -> None:
    """Record a load (inside the load's transaction)."""
    con.execute(
        "INSERT INTO loads VALUES (?, ?, ?, NULL, ?)", [load_id, source, started_at, description]
    )


def finish_load(con: Warehouse, *, load_id: str, finished_at: datetime) -> None:
    """Stamp a load's end time."""
    con.execute("UPDATE loads SET finished_at = ? WHERE load_id = ?", [finished_at, load_id])


def current_files(con: Warehouse, source: str) -> dict[tuple[str, str, date], CurrentFile]:
    """Current files of a source keyed by (kind, force, month)."""
    rows = con.execute(
        "SELECT kind, force, month, file_id, sha256, file_name, rows_loaded FROM source_files"
        " WHERE source = ? AND status = 'current'",
        [source],
    ).fetchall()
    return {(r[0], r[1], r[2]): CurrentFile(r[3], r[4], r[5], r[6] or 0) for r in rows}


def known_checksums(con: Warehouse, source: str) -> dict[str, tuple[str, str]]:
    """SHA-256 of every file of a source ever loaded -> (file name, status)."""
    rows = con.execute(
        "SELECT sha256, file_name, status FROM source_files WHERE source = ?", [source]
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def next_file_ids(con: Warehouse, count: int) -> list[int]:
    """``count`` new source file identifiers, consecutive and in increasing order.

    The sequence is only used by one writer at a time (DuckDB allows one writing process), so
    the values drawn in one statement are consecutive.
    """
    rows = con.execute("SELECT nextval('file_ids') AS id FROM range(?) ORDER BY id", [count])
    ids = [int(row[0]) for row in rows.fetchall()]
    if ids and ids != list(range(ids[0], ids[0] + count)):
        raise RuntimeError(f"file identifiers are not consecutive: {ids[:3]}...")
    return ids
