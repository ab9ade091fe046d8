"""Partner datasets in the warehouse: versions, their rows, their problems, and which rows are
current.

Each load of a partner file is a *version*. A row is **current** unless a later version of the
same dataset from the same provider covers both its period and its area: a re-sent file
supersedes what it re-sends, and only that. A version loaded to replace another provider's
repeated figures (``replaces=``) supersedes that provider's versions in the same way. Every
version stays queryable (``versions=``), and the figures as they stood at any earlier time can
be recomputed (``as_at=``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from saferinsight.datasets.catalogue import DATASETS
from saferinsight.datasets.schema import Dataset

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse

__all__ = [
    "DatasetVersion",
    "dataset_ddl",
    "dataset_rows",
    "datasets_installed",
    "find_version_by_checksum",
    "insert_version",
    "list_versions",
    "sync_dataset_tables",
    "version_problems",
    "version_sources",
]

_FIXED = (
    ("version_id", "INTEGER NOT NULL"),
    ("row_number", "INTEGER NOT NULL"),
    ("period_start", "DATE NOT NULL"),
    ("period_end", "DATE NOT NULL"),
    ("area_code", "VARCHAR"),
    ("area_name", "VARCHAR"),
)


def datasets_installed(con: Warehouse) -> bool:
    """Whether the warehouse has the partner dataset tables (a warehouse made before they
    existed gets them at its next write-open; read-only it has none)."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'dataset_versions'"
    ).fetchone()
    return bool(found and found[0])


def table_name(dataset: Dataset) -> str:
    """The warehouse table of a dataset's rows.

    Examples
    --------
    >>> table_name(DATASETS["asb-incidents"])
    'ds_asb_incidents'
    """
    return "ds_" + dataset.name.replace("-", "_")


def dataset_ddl() -> list[str]:
    """CREATE statements for the version tables and one row table per declared dataset."""
    statements = [
        "CREATE SEQUENCE IF NOT EXISTS dataset_version_ids START 1",
        """CREATE TABLE IF NOT EXISTS dataset_versions (
            version_id INTEGER PRIMARY KEY,
            load_id VARCHAR NOT NULL,
            dataset VARCHAR NOT NULL,
            provider VARCHAR NOT NULL,
            received DATE NOT NULL,
            period_start DATE,
            period_end DATE,
            source_file VARCHAR NOT NULL,
            sha256 VARCHAR NOT NULL,
            sheet VARCHAR,
            loaded_at TIMESTAMP NOT NULL,
            rows_loaded INTEGER NOT NULL,
            rows_rejected INTEGER NOT NULL,
            rows_skipped INTEGER NOT NULL,
            partial BOOLEAN NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS dataset_version_areas (
            version_id INTEGER NOT NULL,
            area_code VARCHAR NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS dataset_replacements (
            version_id INTEGER NOT NULL,
            replaced_version_id INTEGER NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS dataset_problems (
            version_id INTEGER NOT NULL,
            row_number INTEGER NOT NULL,
            column_name VARCHAR NOT NULL,
            value VARCHAR,
            problem VARCHAR NOT NULL,
            fix VARCHAR NOT NULL,
            row_text VARCHAR
        )""",
    ]
    statements += [_create_table(dataset) for dataset in DATASETS.values()]
    return statements


def _create_table(dataset: Dataset) -> str:
    columns = [*_FIXED, *((f'"{c.name}"', c.sql_type) for c in dataset.columns)]
    body = ", ".join(f"{name} {kind}" for name, kind in columns)
    return f"CREATE TABLE IF NOT EXISTS {table_name(dataset)} ({body})"


def sync_dataset_tables(con: Warehouse) -> None:
    """Bring each dataset's table to its declaration (after the declarations changed).

    An empty table is recreated. A table holding rows cannot be changed in place: the
    warehouse is derived data, and ``safer rebuild`` recreates it from the raw files.

    Raises
    ------
    WorkspaceError
        A table with rows has columns that are no longer declared.
    """
    from saferinsight.errors import Hint, WorkspaceError

    names = [table_name(dataset) for dataset in DATASETS.values()]
    stored = dict(
        con.execute(
            "SELECT table_name, list(column_name ORDER BY ordinal_position)"
            " FROM information_schema.columns WHERE list_contains(?, table_name)"
            " GROUP BY table_name",
            [names],
        ).fetchall()
    )
    for dataset in DATASETS.values():
        name = table_name(dataset)
        found = stored.get(name, [])
        wanted = [n for n, _ in _FIXED] + [c.name for c in dataset.columns]
        if not found or found == wanted:
            continue
        rows = con.execute(f"SELECT count(*) FROM {name}").fetchone()
        if rows and rows[0]:
            raise WorkspaceError(
                f"the warehouse stores {dataset.name} with the columns of an older version of "
                "Safer Insight.",
                hint=Hint(
                    "rebuild", "Recreate the warehouse from the raw files it was built from."
                ),
            )
        con.execute(f"DROP TABLE {name}")
        con.execute(_create_table(dataset))


@dataclass(frozen=True)
class DatasetVersion:
    """One load of a partner file."""

    version_id: int
    dataset: str
    provider: str
    received: date
    period_start: date | None
    period_end: date | None
    source_file: str
    sha256: str
    sheet: str | None
    loaded_at: datetime
    rows_loaded: int
    rows_rejected: int
    rows_skipped: int
    partial: bool
    areas: tuple[str, ...] = ()
    superseded_rows: int = 0


def insert_version(
    con: Warehouse,
    dataset: Dataset,
    *,
    load_id: str,
    provider: str,
    received: date,
    source_file: str,
    sha256: str,
    sheet: str | None,
    loaded_at: datetime,
    rows: Sequence[tuple[int, date, date, str | None, str | None, dict[str, Any]]],
    problems: Sequence[tuple[int, str, str, str, str, str]],
    rows_skipped: int,
    replaces: Sequence[int] = (),
    skipped: Sequence[tuple[int, str, str, str, str, str]] = (),
) -> int:
    """Store a version with its rows and problems (inside the load's transaction).

    ``rows`` are ``(row number, period start, period end, area code, area name, values)``;
    ``problems`` are ``(row, column, value, problem, fix, row text)``; ``replaces`` are other
    providers' versions the new one supersedes where it covers theirs; ``skipped`` are the rows
    not read as data, listed with the problems (column ``(skipped)``) but not counted as
    rejected. Returns the version id.
    """
    found = con.execute("SELECT nextval('dataset_version_ids')").fetchone()
    assert found is not None
    version_id = int(found[0])
    starts = [r[1] for r in rows]
    ends = [r[2] for r in rows]
    rejected_rows = len({p[0] for p in problems})
    con.execute(
        "INSERT INTO dataset_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            version_id,
            load_id,
            dataset.name,
            provider,
            received,
            min(starts) if starts else None,
            max(ends) if ends else None,
            source_file,
            sha256,
            sheet,
            loaded_at,
            len(rows),
            rejected_rows,
            rows_skipped,
            bool(problems),
        ],
    )
    areas = sorted({r[3] or "" for r in rows})
    if areas:
        con.executemany(
            "INSERT INTO dataset_version_areas VALUES (?, ?)", [[version_id, a] for a in areas]
        )
    if problems or skipped:
        con.executemany(
            "INSERT INTO dataset_problems VALUES (?, ?, ?, ?, ?, ?, ?)",
            [[version_id, *p] for p in (*problems, *skipped)],
        )
    if replaces:
        con.executemany(
            "INSERT INTO dataset_replacements VALUES (?, ?)", [[version_id, r] for r in replaces]
        )
    if rows:
        _insert_rows(con, dataset, version_id, rows)
    return version_id


def _insert_rows(
    con: Warehouse,
    dataset: Dataset,
    version_id: int,
    rows: Sequence[tuple[int, date, date, str | None, str | None, dict[str, Any]]],
) -> None:
    """One INSERT of whole columns: row-by-row ``executemany`` costs about 2 ms a row."""
    fixed_types = ("INTEGER", "INTEGER", "DATE", "DATE", "VARCHAR", "VARCHAR")
    columns: list[list[Any]] = [
        [version_id] * len(rows),
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        [r[3] for r in rows],
        [r[4] for r in rows],
        *([r[5][c.name] for r in rows] for c in dataset.columns),
    ]
    types = [*fixed_types, *(c.sql_type for c in dataset.columns)]
    select = ", ".join(f"unnest(?::{kind}[])" for kind in types)
    con.execute(f"INSERT INTO {table_name(dataset)} SELECT {select}", columns)


def find_version_by_checksum(
    con: Warehouse, dataset: str, sha256: str, provider: str
) -> int | None:
    """The version that already holds this file for this dataset and provider, if any."""
    found = con.execute(
        "SELECT min(version_id) FROM dataset_versions WHERE dataset = ? AND sha256 = ? "
        "AND lower(provider) = lower(?)",
        [dataset, sha256, provider],
    ).fetchone()
    return None if found is None or found[0] is None else int(found[0])


def _visible(as_at: datetime | None) -> tuple[str, list[Any]]:
    if as_at is None:
        return "TRUE", []
    return "{alias}.loaded_at <= ?", [as_at]


def _current_clause(con: Warehouse, as_at: datetime | None) -> tuple[str, list[Any]]:
    """SQL true for a row ``r`` of version ``v`` that no later visible version supersedes."""
    later, params = _visible(as_at)
    found = con.execute(  # a warehouse opened read-only before the table existed has none
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'dataset_replacements'"
    ).fetchone()
    replaced = (
        " OR EXISTS (SELECT 1 FROM dataset_replacements x"
        " WHERE x.version_id = w.version_id AND x.replaced_version_id = v.version_id)"
        if found and found[0]
        else ""
    )
    clause = f"""NOT EXISTS (
        SELECT 1 FROM dataset_versions w
        JOIN dataset_version_areas wa ON wa.version_id = w.version_id
        WHERE w.dataset = v.dataset AND (lower(w.provider) = lower(v.provider){replaced})
          AND w.version_id > v.version_id AND {later.format(alias="w")}
          AND w.period_start <= r.period_start AND r.period_end <= w.period_end
          AND wa.area_code = coalesce(r.area_code, ''))"""
    return clause, params


def dataset_rows(
    con: Warehouse,
    dataset: Dataset,
    *,
    columns: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    area_codes: Iterable[str] | None = None,
    versions: Sequence[int] | None = None,
    as_at: datetime | None = None,
) -> list[dict[str, Any]]:
    """Rows of a dataset: the current ones, or those of the given ``versions``.

    Parameters
    ----------
    columns
        Declared columns to return (all by default); ``version_id``, ``row_number``,
        ``period_start``, ``period_end``, ``area_code`` and ``area_name`` always come too.
    start, end
        Keep rows whose period lies within these dates (inclusive).
    area_codes
        Keep rows counted in these areas.
    versions
        Return exactly these versions' rows, superseded or not.
    as_at
        The figures as they stood at this time: versions loaded later are ignored, and so is
        any supersession by them.
    """
    wanted = list(columns) if columns is not None else [c.name for c in dataset.columns]
    for name in wanted:
        dataset.column(name)  # KeyError for an unknown column: a programming error
    select = ", ".join(["r." + n for n, _ in _FIXED] + [f'r."{n}"' for n in wanted])
    where = ["TRUE"]
    params: list[Any] = []
    if versions is not None:
        where.append(f"r.version_id IN ({', '.join('?' for _ in versions) or 'NULL'})")
        params += list(versions)
    else:
        visible, visible_params = _visible(as_at)
        current, current_params = _current_clause(con, as_at)
        where += [visible.format(alias="v"), current]
        params += visible_params + current_params
    if start is not None:
        where.append("r.period_start >= ?")
        params.append(start)
    if end is not None:
        where.append("r.period_end <= ?")
        params.append(end)
    if area_codes is not None:
        codes = list(area_codes)
        where.append(f"r.area_code IN ({', '.join('?' for _ in codes) or 'NULL'})")
        params += codes
    sql = (
        f"SELECT {select} FROM {table_name(dataset)} r "
        "JOIN dataset_versions v ON v.version_id = r.version_id "
        f"WHERE {' AND '.join(where)} ORDER BY r.version_id, r.row_number"
    )
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def list_versions(con: Warehouse, dataset: str | None = None) -> list[DatasetVersion]:
    """Every version, oldest first, with its areas and how many of its rows are superseded."""
    if not datasets_installed(con):
        return []
    where, params = ("WHERE v.dataset = ?", [dataset]) if dataset else ("", [])
    rows = con.execute(
        "SELECT v.version_id, v.dataset, v.provider, v.received, v.period_start, v.period_end, "
        "v.source_file, v.sha256, v.sheet, v.loaded_at, v.rows_loaded, v.rows_rejected, "
        "v.rows_skipped, v.partial, "
        "(SELECT list(area_code ORDER BY area_code) FROM dataset_version_areas a "
        " WHERE a.version_id = v.version_id) "
        f"FROM dataset_versions v {where} ORDER BY v.version_id",
        params,
    ).fetchall()
    versions = []
    for row in rows:
        superseded = _superseded_rows(con, DATASETS[row[1]], row[0])
        fields: dict[str, Any] = dict(zip(_VERSION_FIELDS, row[:14], strict=True))
        versions.append(
            DatasetVersion(**fields, areas=tuple(row[14] or ()), superseded_rows=superseded)
        )
    return versions


_VERSION_FIELDS = (
    "version_id",
    "dataset",
    "provider",
    "received",
    "period_start",
    "period_end",
    "source_file",
    "sha256",
    "sheet",
    "loaded_at",
    "rows_loaded",
    "rows_rejected",
    "rows_skipped",
    "partial",
)


def _superseded_rows(con: Warehouse, dataset: Dataset, version_id: int) -> int:
    current, params = _current_clause(con, None)
    found = con.execute(
        f"SELECT count(*) FROM {table_name(dataset)} r "
        "JOIN dataset_versions v ON v.version_id = r.version_id "
        f"WHERE r.version_id = ? AND NOT {current}",
        [version_id, *params],
    ).fetchone()
    return int(found[0]) if found else 0


def version_sources(con: Warehouse, dataset: str) -> dict[int, tuple[str, str]]:
    """Version id -> (provider, source file) for every version of a dataset."""
    rows = con.execute(
        "SELECT version_id, provider, source_file FROM dataset_versions WHERE dataset = ?",
        [dataset],
    ).fetchall()
    return {int(r[0]): (r[1], r[2]) for r in rows}


def version_problems(con: Warehouse, version_id: int) -> list[tuple[int, str, str, str, str, str]]:
    """The problems recorded for a version: (row, column, value, problem, fix, row text)."""
    rows = con.execute(
        "SELECT row_number, column_name, value, problem, fix, row_text FROM dataset_problems "
        "WHERE version_id = ? ORDER BY row_number, column_name",
        [version_id],
    ).fetchall()
    return [tuple(r) for r in rows]
