"""SQL for loading police.uk files: one parallel DuckDB scan per file kind, with rejects kept."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse


#: For each police.uk file kind: (CSV header, warehouse table, [(column, DuckDB type)]).
#: ``{month}`` in a type is replaced by an ENUM of the batch's month, so that a row whose month is
#: malformed or not the file's month becomes a CAST reject with its line.
STREET_COLUMNS = (
    ("Crime ID", "crime_id", "VARCHAR"),
    ("Month", "month", "{month}"),
    ("Reported by", "reported_by", "VARCHAR"),
    ("Falls within", "falls_within", "VARCHAR"),
    ("Longitude", "longitude", "DOUBLE"),
    ("Latitude", "latitude", "DOUBLE"),
    ("Location", "location", "VARCHAR"),
    ("LSOA code", "lsoa_code", "VARCHAR"),
    ("LSOA name", "lsoa_name", "VARCHAR"),
    ("Crime type", "crime_type", "crime_type"),
    ("Last outcome category", "last_outcome", "VARCHAR"),
    ("Context", "context", "VARCHAR"),
)
OUTCOME_COLUMNS = (
    *STREET_COLUMNS[:9],
    ("Outcome type", "outcome_type", "VARCHAR"),
)
STOP_SEARCH_COLUMNS = (
    ("Type", "search_type", "search_type"),
    ("Date", "searched_at", "TIMESTAMPTZ"),
    ("Part of a policing operation", "part_of_operation", "BOOLEAN"),
    ("Policing operation", "operation", "VARCHAR"),
    ("Latitude", "latitude", "DOUBLE"),
    ("Longitude", "longitude", "DOUBLE"),
    ("Gender", "gender", "VARCHAR"),
    ("Age range", "age_range", "VARCHAR"),
    ("Self-defined ethnicity", "self_defined_ethnicity", "VARCHAR"),
    ("Officer-defined ethnicity", "officer_defined_ethnicity", "VARCHAR"),
    ("Legislation", "legislation", "VARCHAR"),
    ("Object of search", "object_of_search", "VARCHAR"),
    ("Outcome", "outcome", "VARCHAR"),
    ("Outcome linked to object of search", "outcome_linked_to_object", "BOOLEAN"),
    ("Removal of more than just outer clothing", "removal_of_outer_clothing", "BOOLEAN"),
)
KINDS: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    "street": ("street", STREET_COLUMNS),
    "outcomes": ("outcomes", OUTCOME_COLUMNS),
    "stop-and-search": ("stop_search", STOP_SEARCH_COLUMNS),
}
DATA_TABLES = ("street", "outcomes", "stop_search")


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


def header_of(kind: str) -> list[str]:
    """The exact police.uk header of a file kind.

    Examples
    --------
    >>> header_of("outcomes")[-1]
    'Outcome type'
    """
    return [column[0] for column in KINDS[kind][1]]


def has_month(kind: str) -> bool:
    """Whether a file kind has a Month column (street and outcomes do; stop and search not).

    Examples
    --------
    >>> has_month("street"), has_month("stop-and-search")
    (True, False)
    """
    return any(sql_type == "{month}" for _, _, sql_type in KINDS[kind][1])


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
    table, columns = KINDS[kind]
    month_type = "ENUM(" + ", ".join(f"''{month}''" for month in months) + ")"
    spec = ", ".join(
        f"'{name}': '{sql_type.replace('{month}', month_type)}'" for _, name, sql_type in columns
    )
    select = ", ".join(_select_expr(name, sql_type) for _, name, sql_type in columns)
    with _reporting(con, progress):
        con.execute(
            f"INSERT INTO {table} SELECT ? + CAST(r.file_index AS INTEGER), {select}"
            f" FROM read_csv(?, columns = {{{spec}}}, header = true, auto_detect = false,"
            " delim = ',', quote = '\"', escape = '\"', strict_mode = true, encoding = ?,"
            " store_rejects = true, rejects_table = 'batch_rejects',"
            " rejects_scan = 'batch_scans', max_line_size = 1048576) r",
            [first, [f.path for f in files], encoding],
        )
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
        ScanReject(*row)
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
        con.execute("SET enable_progress_bar = false")


def delete_file_rows(con: Warehouse, *, kind: str, file_ids: Sequence[int]) -> None:
    """Remove the rows a load gave some files, so that they can be loaded again."""
    table = KINDS[kind][0]
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


def _select_expr(name: str, sql_type: str) -> str:
    if sql_type == "{month}":
        # Reference the column so DuckDB parses (and validates) it; a constant would let the
        # scan skip it and accept any month.
        return f"CAST(CAST(r.{name} AS VARCHAR) || '-01' AS DATE) AS {name}"
    if sql_type == "TIMESTAMPTZ":
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
