"""Analyses kept for the web pages, per warehouse generation, and served while a newer
generation is analysed.

An analysis of an area takes seconds; a page must answer in well under one. A result is kept
for the generation it was computed from. When a load publishes a new generation, the next
request for that result gets the one it already has (the figures as they were before the load,
never half a load) while one background thread analyses the new generation; requests after
that get the new figures. Stale results are refreshed one at a time, by one thread. The first
request for a result computes it, once: others asking for the same result at the same time
wait for that one computation instead of repeating it.

Examples
--------
>>> from saferinsight.generate.fixtures import street_row, workspace_with_street_files
>>> results = LatestResults(size=4)
>>> files = {"2024-01-west-mercia-street.csv": [street_row() for _ in range(3)]}
>>> with workspace_with_street_files(files) as workspace, workspace.reader() as warehouse:
...     count = lambda w: w.execute("SELECT count(*) FROM street").fetchone()[0]
...     first = results.get(workspace, warehouse, ("street",), count)
...     again = results.get(workspace, warehouse, ("street",), lambda w: -1)  # kept
>>> first, again
(3, 3)
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

__all__ = ["RESULTS", "LatestResults"]

T = TypeVar("T")
_LOG = logging.getLogger(__name__)


class LatestResults:
    """The newest result of each computation, by key, with the generation it came from."""

    def __init__(self, *, size: int = 32) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[str, ...], tuple[str, Any]] = OrderedDict()
        self._refreshing: set[tuple[str, ...]] = set()
        self._first: dict[tuple[str, ...], threading.Lock] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[Workspace, tuple[str, ...], Callable[[Any], Any]]] = (
            queue.Queue()
        )
        self._worker: threading.Thread | None = None

    def get(
        self,
        workspace: Workspace,
        warehouse: Warehouse,
        key: tuple[str, ...],
        compute: Callable[[Warehouse], T],
    ) -> T:
        """``compute(warehouse)``'s result for ``key``: kept from this generation, or the one
        kept from an older generation while the newest is computed in the background."""
        generation = _generation(warehouse.path)
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                if kept[0] != generation and key not in self._refreshing:
                    self._refreshing.add(key)
                    self._queue.put((workspace, key, compute))
                    if self._worker is None:
                        self._worker = threading.Thread(target=self._work, daemon=True)
                        self._worker.start()
                self._entries.move_to_end(key)
                value: T = kept[1]
                return value
            first = self._first.setdefault(key, threading.Lock())
        with first:  # the first computation of a key, once
            with self._lock:
                kept = self._entries.get(key)
            if kept is not None:
                found: T = kept[1]
                return found
            value = compute(warehouse)
            self._keep(key, generation, value)
            return value

    def _work(self) -> None:
        """Refresh kept results one at a time (so that after a load one core at most analyses
        the new generation, and the others keep answering pages)."""
        while True:  # a daemon thread, for the life of the process
            workspace, key, compute = self._queue.get()
            self._refresh(workspace, key, compute)

    def _refresh(
        self, workspace: Workspace, key: tuple[str, ...], compute: Callable[[Warehouse], Any]
    ) -> None:
        try:
            with workspace.reader() as warehouse:
                value = compute(warehouse)
                self._keep(key, _generation(warehouse.path), value)
        except Exception:  # the kept result stays; the next request tries again
            _LOG.exception("refreshing %s failed", key)
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _keep(self, key: tuple[str, ...], generation: str, value: object) -> None:
        with self._lock:
            self._entries[key] = (generation, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                old, _ = self._entries.popitem(last=False)
                self._first.pop(old, None)


def _generation(path: Path) -> str:
    """A generation's identity: its file (and, for a workspace of an earlier release whose one
    file is rewritten in place, the file's modification time)."""
    try:
        return f"{path}:{path.stat().st_mtime_ns}"
    except OSError:
        return str(path)


#: The web application's results (one per process): analyses, and the charts drawn from them.
RESULTS = LatestResults(size=128)
