"""SQL for loading police.uk files: one DuckDB scan per batch, with rejects kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb

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
    """A file to load in a batch, with the identifier its rows will carry."""

    file_id: int
    path: str


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


def load_batch(
    con: duckdb.DuckDBPyConnection,
    *,
    kind: str,
    month: str,
    files: Sequence[BatchFile],
    encoding: str,
) -> tuple[dict[int, int], list[ScanReject]]:
    """Load files of one kind and month in one scan; return rows loaded per file and rejects."""
    table, columns = KINDS[kind]
    month_type = "ENUM(''" + month + "'')"
    spec = ", ".join(
        f"'{name}': '{sql_type.replace('{month}', month_type)}'" for _, name, sql_type in columns
    )
    select = ", ".join(_select_expr(name, sql_type) for _, name, sql_type in columns)
    con.execute("CREATE OR REPLACE TEMP TABLE batch_map (path VARCHAR, file_id INTEGER)")
    con.executemany("INSERT INTO batch_map VALUES (?, ?)", [(f.path, f.file_id) for f in files])
    con.execute(
        f"INSERT INTO {table} SELECT m.file_id, {select}"
        f" FROM read_csv(?, columns = {{{spec}}}, header = true, auto_detect = false,"
        " delim = ',', quote = '\"', escape = '\"', strict_mode = true, filename = true,"
        " encoding = ?, store_rejects = true, rejects_table = 'batch_rejects',"
        " rejects_scan = 'batch_scans', max_line_size = 1048576) r"
        " JOIN batch_map m ON r.filename = m.path",
        [[f.path for f in files], encoding],
    )
    loaded = dict(
        con.execute(
            f"SELECT file_id, count(*) FROM {table} WHERE file_id IN"
            " (SELECT file_id FROM batch_map) GROUP BY file_id"
        ).fetchall()
    )
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
    return {f.file_id: int(loaded.get(f.file_id, 0)) for f in files}, rejects


def _select_expr(name: str, sql_type: str) -> str:
    if sql_type == "{month}":
        # Reference the column so DuckDB parses (and validates) it; a constant would let the
        # scan skip it and accept any month.
        return f"CAST(CAST(r.{name} AS VARCHAR) || '-01' AS DATE) AS {name}"
    if sql_type == "TIMESTAMPTZ":
        return f"timezone('UTC', r.{name}) AS {name}"
    return f"r.{name}"


def insert_rejects(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[tuple[int, int | None, str | None, str | None, str, str, str | None]],
) -> None:
    """Keep rejected rows: (file_id, line, column, value, error type, reason, raw line)."""
    if rows:
        con.executemany("INSERT INTO rejects VALUES (?, ?, ?, ?, ?, ?, ?)", list(rows))


def insert_source_file(
    con: duckdb.DuckDBPyConnection,
    *,
    file_id: int,
    load_id: str,
    source: str,
    kind: str,
    force: str | None,
    month: date | None,
    file_name: str,
    received_as: str,
    stored_path: str,
    sha256: str,
    size_bytes: int,
    rows_loaded: int,
    rows_rejected: int,
    loaded_at: object,
) -> None:
    """Record a loaded file as the current version of its (kind, force, month)."""
    con.execute(
        "INSERT INTO source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'current',"
        " NULL, NULL)",
        [
            file_id,
            load_id,
            source,
            kind,
            force,
            month,
            file_name,
            received_as,
            stored_path,
            sha256,
            size_bytes,
            rows_loaded,
            rows_rejected,
            loaded_at,
        ],
    )


def replace_file(
    con: duckdb.DuckDBPyConnection, *, old_file_id: int, new_file_id: int, replaced_at: object
) -> None:
    """Remove an earlier version's rows and mark it replaced by the new version."""
    for table in (*DATA_TABLES, "rejects"):
        con.execute(f"DELETE FROM {table} WHERE file_id = ?", [old_file_id])
    con.execute(
        "UPDATE source_files SET status = 'replaced', replaced_by = ?, replaced_at = ?"
        " WHERE file_id = ?",
        [new_file_id, replaced_at, old_file_id],
    )
