"""The warehouse facade: one open DuckDB file (or a cursor on it), as every layer holds it.

Outside ``store/`` the warehouse is only passed around: the store's functions run its SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from saferinsight.errors import DamagedWarehouseError, Hint, WorkspaceError
from saferinsight.store.schema import ensure_schema

__all__ = ["Warehouse"]

_REBUILD = Hint(
    "rebuild", "The warehouse is derived data: recreate it from the raw files it was built from."
)
_UNREADABLE = (duckdb.IOException, duckdb.InternalException, duckdb.SerializationException)


class Warehouse:
    """An open warehouse file. Use as a context manager, or call :meth:`close`.

    A connection must not be shared between threads: give each thread a :meth:`cursor`.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        memory_limit: str = "3GB",
        threads: int = 0,
        _connection: duckdb.DuckDBPyConnection | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        if _connection is not None:
            self._con = _connection
            self.created = False
            return
        config: dict[str, str | bool | int | float | list[str]] = {
            "memory_limit": memory_limit,
            "preserve_insertion_order": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        if threads:
            config["threads"] = threads
        if read_only and not path.exists():
            raise DamagedWarehouseError(f"{path}: the warehouse file is missing.", hint=_REBUILD)
        try:
            self._con = duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.Error as exc:
            if "Could not set lock on file" in str(exc):
                raise WorkspaceError(
                    f"{path}: the warehouse is in use by another process ({exc}).",
                    hint=Hint("wait", "Wait for the other process to finish, then try again."),
                ) from exc
            raise DamagedWarehouseError(
                f"{path}: cannot open the warehouse ({exc}).", hint=_REBUILD
            ) from exc
        # DuckDB draws a progress bar on standard output for queries over 2 s, which would
        # corrupt the CSV and JSON that commands write there. (A connection option only.)
        self._con.execute("SET enable_progress_bar = false")
        self.created = False if read_only else ensure_schema(self)

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (checkpointing the write-ahead log)."""
        self._con.close()

    def cursor(self) -> Warehouse:
        """A cursor for another thread, on the same database and transaction state."""
        return Warehouse(self.path, read_only=self.read_only, _connection=self._con.cursor())

    # -- for the store's functions ---------------------------------------------------------

    def execute(
        self, query: str, parameters: Sequence[Any] | None = None
    ) -> duckdb.DuckDBPyConnection:
        """Run one statement (store code only)."""
        return self._con.execute(query, parameters)

    def executemany(self, query: str, parameters: Sequence[Any]) -> duckdb.DuckDBPyConnection:
        """Run one statement for each parameter row (store code only)."""
        return self._con.executemany(query, parameters)

    def query_progress(self) -> float:
        """How far the running query is, from 0 to 100 (-1 when none runs)."""
        return float(self._con.query_progress())

    @contextmanager
    def transaction(self) -> Iterator[Warehouse]:
        """Run a block in one transaction: everything it does is committed, or nothing."""
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield self
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")
