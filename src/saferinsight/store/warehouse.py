"""The DuckDB warehouse file of a workspace: connection, settings and transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from saferinsight.errors import DamagedWarehouseError, WorkspaceError
from saferinsight.store.schema import ensure_schema


class Warehouse:
    """An open warehouse file. Use as a context manager, or call :meth:`close`.

    DuckDB allows one read-write process per file; a second writer gets a clear error.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        memory_limit: str = "3GB",
        threads: int = 0,
    ) -> None:
        self.path = path
        self.read_only = read_only
        config: dict[str, str | bool | int | float | list[str]] = {
            "memory_limit": memory_limit,
            "preserve_insertion_order": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        if threads:
            config["threads"] = threads
        try:
            self.con = duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.Error as exc:
            if "lock" in str(exc).lower():
                raise WorkspaceError(
                    f"{path}: the warehouse is in use by another process ({exc}). Wait for the "
                    "other safer command or web server on this workspace to finish, then retry."
                ) from exc
            raise DamagedWarehouseError(
                f"{path}: cannot open the warehouse ({exc}). It is derived data: recreate it "
                "from the raw files with 'safer rebuild'."
            ) from exc
        # DuckDB draws a progress bar on standard output for queries over 2 s, which would
        # corrupt the CSV and JSON that commands write there. (A connection option only.)
        self.con.execute("SET enable_progress_bar = false")
        self.created = False if read_only else ensure_schema(self.con)

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (checkpointing the write-ahead log)."""
        self.con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block in one transaction: everything it does is committed, or nothing."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")
