"""SQL for loading police.uk files: one parallel DuckDB scan per file kind, with rejects kept."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING

import duckdb

from saferinsight.core.police_uk import CATEGORIES, FILE_KINDS, Column, LogicalType, has_month
from saferinsight.errors import CsvScanError

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse


#: The warehouse table of each police.uk file kind of :data:`FILE_KINDS`.
TABLES: Mapping[str, str] = MappingProxyType(
    {"street": "street", "outcomes": "outcomes", "stop-and-search": "stop_search"}
)
#: Logical type -> the DuckDB type the CSV scan reads it as. ``{month}`` is replaced by an ENUM
#: of the batch's months, so that a row whose month is malformed or not one of them becomes a
#: CAST reject with its line.
SCAN_TYPES: Mapping[LogicalType, str] = MappingProxyType(
    {
        "text": "VARCHAR",
        "month": "{month}",
        "number": "DOUBLE",
        "crime_type": "crime_type",
        "search_type": "search_type",
        "timestamp": "TIMESTAMPTZ",
        "boolean": "BOOLEAN",
    }
)
#: Logical type -> the type of the table column (timestamps are stored in UTC, without zone).
TABLE_TYPES: Mapping[LogicalType, str] = MappingProxyType(
    {
        "text": "VARCHAR",
        "month": "DATE NOT NULL",
        "number": "DOUBLE",
        "crime_type": "crime_type NOT NULL",
        "search_type": "search_type",
        "timestamp": "TIMESTAMP",
        "boolean": "BOOLEAN",
    }
)
DATA_TABLES = tuple(TABLES.values())


@dataclass(frozen=True)
class BatchFile:
    """A file to load, with the identifier its rows will carry."""

    file_id: int
    path: str


@dataclass(frozen=True)
class LoadedFile:
    """What one scan loaded from a file: its rows and, for kinds with a month, their range."""

    rows: int
    first_month: date | None = None
    last_month: date | None = None


@dataclass(frozen=True)
class ScanReject:
    """A row DuckDB could not load, as its CSV reader reported it."""

    path: str
    byte_position: int
    column_name: str | None
    column_index: int | None
    error_type: str
    message: str
    csv_line: str


def table_ddl(kind: str) -> str:
    """The ``CREATE TABLE`` statement of a file kind's table: ``file_id``, then its columns."""
    columns = ["file_id INTEGER NOT NULL"]
    columns += [f"{c.name} {TABLE_TYPES[c.type]}" for c in FILE_KINDS[kind]]
    body = ",\n        ".join(columns)
    return f"CREATE TABLE IF NOT EXISTS {TABLES[kind]} (\n        {body}\n    )"


def category_ddl() -> tuple[str, ...]:
    """The ``CREATE TYPE`` statements of the category types (an ENUM of each's values)."""
    return tuple(
        f"CREATE TYPE IF NOT EXISTS {name} AS ENUM ("
        + ", ".join("'" + v.replace("'", "''") + "'" for v in values)
        + ")"
        for name, values in CATEGORIES.items()
    )


def load_files(
    con: Warehouse,
    *,
    kind: str,
    files: Sequence[BatchFile],
    months: Sequence[str],
    encoding: str,
    progress: Callable[[float], None] | None = None,
) -> tuple[dict[int, LoadedFile], list[ScanReject]]:
    """Load files of one kind in one parallel scan; return what each gave, and the rejects.

    The files' identifiers must be consecutive and in order: a row's ``file_id`` is the first
    identifier plus the position of its file in the scan. A Month value that is not one of
    ``months`` is a CAST reject with its line; one that is, but is not its file's own month, is
    loaded, and shows in the file's month range for the caller to check. One statement for the
    whole load, rather than one per month, also spares the commit a rewrite of many partial row
    groups. ``progress``, if given, is called from another thread with the share done (0-1).
    """
    first = files[0].file_id
    if [f.file_id for f in files] != list(range(first, first + len(files))):
        raise ValueError("load_files needs consecutive file identifiers, in order")
    table, columns = TABLES[kind], FILE_KINDS[kind]
    month_type = "ENUM(" + ", ".join(f"''{month}''" for month in months) + ")"
    spec = ", ".join(
        f"'{c.name}': '{SCAN_TYPES[c.type].replace('{month}', month_type)}'" for c in columns
    )
    select = ", ".join(_select_expr(c) for c in columns)
    # An empty required value is read as '' (not NULL), which the typed scan rejects with its
    # line; a NULL would fail the table's NOT NULL constraint and abort the whole load.
    required = [c.name for c in columns if "NOT NULL" in TABLE_TYPES[c.type]]
    not_null = f", force_not_null = [{', '.join(repr(n) for n in required)}]" if required else ""
    try:
        with _reporting(con, progress):
            con.execute(
                f"INSERT INTO {table} SELECT ? + CAST(r.file_index AS INTEGER), {select}"
                f" FROM read_csv(?, columns = {{{spec}}}, header = true, auto_detect = false,"
                " delim = ',', quote = '\"', escape = '\"', strict_mode = true, encoding = ?,"
                " store_rejects = true, rejects_table = 'batch_rejects',"
                f" rejects_scan = 'batch_scans', max_line_size = 1048576{not_null}) r",
                [first, [f.path for f in files], encoding],
            )
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        raise CsvScanError([f.path for f in files], str(exc).split("\n", 1)[0]) from exc
    month_range = "min(month), max(month)" if has_month(kind) else "NULL, NULL"
    loaded = {
        row[0]: LoadedFile(int(row[1]), row[2], row[3])
        for row in con.execute(
            f"SELECT file_id, count(*), {month_range} FROM {table}"
            " WHERE file_id BETWEEN ? AND ? GROUP BY file_id",
            [first, files[-1].file_id],
        ).fetchall()
    }
    rejects = [
        _scan_reject(*row)
        for row in con.execute(
            "SELECT s.file_path, e.line_byte_position, e.column_name, e.column_idx, e.error_type,"
            " e.error_message, e.csv_line FROM batch_rejects e JOIN batch_scans s"
            " ON e.scan_id = s.scan_id AND e.file_id = s.file_id"
            " ORDER BY s.file_path, e.line_byte_position, e.column_idx"
        ).fetchall()
    ]
    con.execute("DROP TABLE batch_rejects")
    con.execute("DROP TABLE batch_scans")
    return {f.file_id: loaded.get(f.file_id, LoadedFile(0)) for f in files}, rejects


def _scan_reject(
    path: str,
    position: int,
    column_name: str | None,
    column_index: int | None,
    error_type: str,
    message: str,
    csv_line: str,
) -> ScanReject:
    # In a CR LF file DuckDB gives the position of the line end before the row, and the row
    # with that line end in front: start both at the row itself.
    row = csv_line.lstrip("\r\n")
    moved = len(csv_line) - len(row)
    return ScanReject(path, position + moved, column_name, column_index, error_type, message, row)


@contextmanager
def _reporting(con: Warehouse, progress: Callable[[float], None] | None) -> Iterator[None]:
    """Report a running statement's progress from a polling thread (DuckDB's own estimate)."""
    if progress is None:
        yield
        return
    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.25):
            share = con.query_progress()
            if share >= 0:
                progress(min(share / 100, 1.0))

    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    thread = threading.Thread(target=poll, name="load-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        # After a failed scan the transaction is aborted and refuses even a SET; the failure
        # itself is what the caller must see.
        with contextlib.suppress(duckdb.TransactionException):
            con.execute("SET enable_progress_bar = false")


def delete_file_rows(con: Warehouse, *, kind: str, file_ids: Sequence[int]) -> None:
    """Remove the rows a load gave some files, so that they can be loaded again."""
    table = TABLES[kind]
    con.execute(f"DELETE FROM {table} WHERE list_contains(?, file_id)", [list(file_ids)])


def checkpoint_appended(con: Warehouse) -> None:
    """Checkpoint after a load that only appended rows, skipping DuckDB's vacuum.

    The vacuum reclaims deleted rows and merges row groups that are not full. After a pure
    append there are no deleted rows, and the merge would rewrite the partial row groups
    that a parallel insert leaves (a few per load), which for a month of national data is
    a second write of the whole load (0.3 s of its 0.7 s). Loads that delete rows (a
    replaced file) leave the vacuum to the checkpoint when the warehouse closes.
    """
    con.execute("SET max_vacuum_tasks = 0")
    try:
        con.execute("CHECKPOINT")
    finally:
        con.execute("RESET max_vacuum_tasks")


def _select_expr(column: Column) -> str:
    name = column.name
    if column.type == "month":
        # Reference the column so DuckDB parses (and validates) it; a constant would let the
        # scan skip it and accept any month.
        return f"CAST(CAST(r.{name} AS VARCHAR) || '-01' AS DATE) AS {name}"
    if column.type == "timestamp":
        return f"timezone('UTC', r.{name}) AS {name}"
    return f"r.{name}"


def insert_rejects(
    con: Warehouse,
    rows: Sequence[tuple[int, int | None, str | None, str | None, str, str, str | None]],
) -> None:
    """Keep rejected rows: (file_id, line, column, value, error type, reason, raw line)."""
    if rows:
        con.executemany("INSERT INTO rejects VALUES (?, ?, ?, ?, ?, ?, ?)", list(rows))


@dataclass(frozen=True)
class SourceFile:
    """A loaded file, recorded as the current version of its (kind, force, month)."""

    file_id: int
    load_id: str
    source: str
    kind: str
    force: str | None
    month: date | None
    file_name: str
    received_as: str
    stored_path: str
    sha256: str
    size_bytes: int
    rows_loaded: int
    rows_rejected: int
    loaded_at: datetime


#: The SQL types of :class:`SourceFile`'s fields, in order.
_SOURCE_FILE_TYPES = (
    "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DATE", "VARCHAR", "VARCHAR",
    "VARCHAR", "VARCHAR", "BIGINT", "BIGINT", "BIGINT", "TIMESTAMP",
)  # fmt: skip


def insert_source_files(con: Warehouse, files: Sequence[SourceFile]) -> None:
    """Record loaded files, in one statement, each as the current version of its key."""
    if not files:
        return
    names = list(SourceFile.__dataclass_fields__)
    columns = [[getattr(f, name) for f in files] for name in names]
    select = ", ".join(f"unnest(?::{sql_type}[])" for sql_type in _SOURCE_FILE_TYPES)
    con.execute(
        f"INSERT INTO source_files ({', '.join(names)}, status) SELECT {select}, 'current'",
        columns,
    )


def replace_file(
    con: Warehouse, *, old_file_id: int, new_file_id: int, replaced_at: object
) -> None:
    """Remove an earlier version's rows and mark it replaced by the new version."""
    for table in (*DATA_TABLES, "rejects"):
        con.execute(f"DELETE FROM {table} WHERE file_id = ?", [old_file_id])
    con.execute(
        "UPDATE source_files SET status = 'replaced', replaced_by = ?, replaced_at = ?"
        " WHERE file_id = ?",
        [new_file_id, replaced_at, old_file_id],
    )


def police_uk_forces(con: Warehouse) -> dict[str, str]:
    """The police.uk force list: slug (as file names have it) -> name (as rows have it)."""
    return {
        row[0]: row[1]
        for row in con.execute("SELECT police_uk_slug, police_uk_name FROM ref_force").fetchall()
    }


def file_forces(
    con: Warehouse, *, kind: str, file_ids: Sequence[int]
) -> dict[int, list[tuple[str | None, str | None, int]]]:
    """The loaded rows of each file by ("Reported by", "Falls within"): file_id -> [(reported
    by, falls within, rows)], most rows first. Only for kinds with those columns."""
    result: dict[int, list[tuple[str | None, str | None, int]]] = {i: [] for i in file_ids}
    for row in con.execute(
        f"SELECT file_id, reported_by, falls_within, count(*) FROM {TABLES[kind]}"
        " WHERE list_contains(?, file_id) GROUP BY ALL ORDER BY file_id, count(*) DESC,"
        " reported_by, falls_within",
        [list(file_ids)],
    ).fetchall():
        result[row[0]].append((row[1], row[2], int(row[3])))
    return result


def search_months(con: Warehouse, *, file_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """The loaded stop-and-search rows of each file by the month (UTC) of their date:
    file_id -> {"YYYY-MM": rows}; rows without a date are left out."""
    result: dict[int, dict[str, int]] = {i: {} for i in file_ids}
    for row in con.execute(
        "SELECT file_id, strftime(searched_at, '%Y-%m'), count(*) FROM stop_search"
        " WHERE list_contains(?, file_id) AND searched_at IS NOT NULL GROUP BY ALL",
        [list(file_ids)],
    ).fetchall():
        result[row[0]][row[1]] = int(row[2])
    return result


def line_breaks(con: Warehouse, *, kind: str, file_id: int) -> int:
    """Line feeds inside the text values of a file's loaded rows (quoted line breaks)."""
    texts = [c.name for c in FILE_KINDS[kind] if c.type == "text"]
    counted = " + ".join(
        f"coalesce(length({n}) - length(replace({n}, chr(10), '')), 0)" for n in texts
    )
    row = con.execute(
        f"SELECT coalesce(sum({counted}), 0) FROM {TABLES[kind]} WHERE file_id = ?", [file_id]
    ).fetchone()
    return int(row[0]) if row else 0


#: The coordinates a police.uk row may hold: England, Wales and Northern Ireland, and British
#: Transport Police across Great Britain, with a margin (saferinsight.ingest.police_values).
COORDINATE_BOUNDS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {"latitude": (49.0, 61.0), "longitude": (-9.0, 2.5)}
)


def _bad_value_condition(kind: str) -> str:
    """SQL true for a loaded row whose values pass the typed scan but are not data."""
    parts = [f"instr({c.name}, chr(0)) > 0" for c in FILE_KINDS[kind] if c.type == "text"]
    for c in FILE_KINDS[kind]:
        if c.name in COORDINATE_BOUNDS:
            low, high = COORDINATE_BOUNDS[c.name]
            parts.append(
                f"({c.name} IS NOT NULL AND (NOT isfinite({c.name})"
                f" OR {c.name} NOT BETWEEN {low} AND {high}))"
            )
    return " OR ".join(parts)


def bad_value_rows(con: Warehouse, *, kind: str, file_ids: Sequence[int]) -> dict[int, int]:
    """Loaded rows per file with a NUL character in a text value, or a coordinate that is not
    finite or lies outside :data:`COORDINATE_BOUNDS`: file_id -> rows (files with any)."""
    return {
        int(row[0]): int(row[1])
        for row in con.execute(
            f"SELECT file_id, count(*) FROM {TABLES[kind]} WHERE list_contains(?, file_id)"
            f" AND ({_bad_value_condition(kind)}) GROUP BY file_id",
            [list(file_ids)],
        ).fetchall()
    }


def delete_bad_value_rows(con: Warehouse, *, kind: str, file_ids: Sequence[int]) -> None:
    """Remove the rows :func:`bad_value_rows` counts (they are kept as rejects instead)."""
    con.execute(
        f"DELETE FROM {TABLES[kind]} WHERE list_contains(?, file_id)"
        f" AND ({_bad_value_condition(kind)})",
        [list(file_ids)],
    )


@dataclass(frozen=True)
class RepeatedCrimeId:
    """A Crime ID on more than one street row: how many, whether the rows are identical, and
    the files (by file_id) they are in."""

    crime_id: str
    rows: int
    identical: bool
    file_ids: tuple[int, ...]


@dataclass(frozen=True)
class CrimeIdRepeats:
    """Crime IDs on more than one street row: how many IDs, the rows they are on, and the first
    few (file order)."""

    ids: int = 0
    rows: int = 0
    examples: tuple[RepeatedCrimeId, ...] = ()


def repeated_crime_ids(
    con: Warehouse, *, file_ids: Sequence[int] | None = None, limit: int = 5
) -> CrimeIdRepeats:
    """Street Crime IDs given to more than one row, among ``file_ids`` (or every loaded row).

    Rows without a Crime ID (anti-social behaviour) are never counted: identical ones are
    separate incidents at one snap point. A Crime ID is police.uk's key of one crime in one
    month, so two rows with one ID are a repeated row (``identical``) or a reused ID.
    """
    where = "crime_id IS NOT NULL AND crime_id <> ''"
    params: list[object] = []
    if file_ids is not None:
        where += " AND list_contains(?, file_id)"
        params.append(list(file_ids))
    values = ", ".join(c.name for c in FILE_KINDS["street"] if c.name != "crime_id")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE repeated_ids AS SELECT crime_id, count(*) AS n,"
        f" count(DISTINCT ({values})) = 1 AS identical, list(DISTINCT file_id ORDER BY file_id)"
        f" AS files, min(file_id) AS first FROM street WHERE {where} GROUP BY crime_id"
        " HAVING count(*) > 1",
        params,
    )
    try:
        totals = con.execute("SELECT count(*), coalesce(sum(n), 0) FROM repeated_ids").fetchone()
        examples = con.execute(
            "SELECT crime_id, n, identical, files FROM repeated_ids ORDER BY first, crime_id"
            " LIMIT ?",
            [limit],
        ).fetchall()
    finally:
        con.execute("DROP TABLE repeated_ids")
    ids, rows = (int(totals[0]), int(totals[1])) if totals else (0, 0)
    return CrimeIdRepeats(
        ids,
        rows,
        tuple(RepeatedCrimeId(r[0], int(r[1]), bool(r[2]), tuple(r[3])) for r in examples),
    )


def file_names(con: Warehouse, file_ids: Sequence[int]) -> dict[int, str]:
    """The names of loaded files: file_id -> file name."""
    return {
        int(row[0]): str(row[1])
        for row in con.execute(
            "SELECT file_id, file_name FROM source_files WHERE list_contains(?, file_id)",
            [list(file_ids)],
        ).fetchall()
    }
