"""One open connection to the published warehouse for a long-running process (the web server),
shared by its threads through a cursor each.

Opening a DuckDB file costs milliseconds a request cannot spare. :class:`SharedReader` keeps
the published generation open; each use takes a cursor on it. When a load publishes a new
generation, the next use opens that one; the old connection is closed when its last cursor is
done (its file may already be deleted: an open file stays readable), so no reader ever sees a
generation change under it.

Examples
--------
>>> from saferinsight.generate.fixtures import street_row, workspace_with_street_files
>>> files = {"2024-01-west-mercia-street.csv": [street_row() for _ in range(2)]}
>>> with workspace_with_street_files(files) as workspace:
...     shared = SharedReader(workspace)
...     with shared.reading() as warehouse:
...         n = warehouse.execute("SELECT count(*) FROM street").fetchone()[0]
...     shared.close()
>>> n
2
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

__all__ = ["SharedReader"]


@dataclass
class _Open:
    warehouse: Warehouse
    users: int = 0
    superseded: bool = False


class SharedReader:
    """The published generation of ``workspace``, kept open for the life of the process."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._open: dict[str, _Open] = {}
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Warehouse]:
        """A cursor on the published generation for the block (the workspace must hold one)."""
        entry = self._enter()
        cursor = entry.warehouse.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            self._leave(entry)

    def close(self) -> None:
        """Close every connection no block is using (the others close when their blocks end)."""
        with self._lock:
            for key, entry in list(self._open.items()):
                entry.superseded = True
                if entry.users == 0:
                    entry.warehouse.close()
                    del self._open[key]

    def _enter(self) -> _Open:
        current = self.workspace.generations.current()
        with self._lock:
            entry = self._open.get(str(current))
            if entry is None or entry.superseded:
                warehouse = self.workspace.open_reader()  # the newest, published now
                entry = self._open.setdefault(str(warehouse.path), _Open(warehouse))
                if entry.warehouse is not warehouse:
                    warehouse.close()  # another thread opened the same generation first
                for key, other in list(self._open.items()):
                    if other is not entry:
                        other.superseded = True
                        if other.users == 0:
                            other.warehouse.close()
                            del self._open[key]
            entry.users += 1
            return entry

    def _leave(self, entry: _Open) -> None:
        with self._lock:
            entry.users -= 1
            if entry.superseded and entry.users == 0:
                entry.warehouse.close()
                self._open = {k: v for k, v in self._open.items() if v is not entry}
