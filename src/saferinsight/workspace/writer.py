"""The writer of a workspace and the one load protocol every loader follows.

A load, police.uk, reference data or a partner dataset, goes through :meth:`Writer.load`:

1. the writer holds the workspace's write lock (one writer at a time);
2. the load's journal entry is written to ``pending/``, naming the raw files it will keep;
3. the load copies its files into the raw store and writes its rows into the writer's next
   warehouse generation, in one transaction;
4. when the writer finishes, the generation is closed and published (readers see every load
   of the writer at once, or none), then the entries are promoted to the journal.

A failure in step 3 rolls the transaction back, drops the pending entry and the raw files only
it created. A process killed at any point leaves the published warehouse as it was; the next
writer drops the unpublished generation and finishes or drops the pending entries.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from saferinsight.errors import DamagedWarehouseError
from saferinsight.store import loads as store_loads
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace.journal import JournalEntry
from saferinsight.workspace.raw import FileDigest, RawFile

if TYPE_CHECKING:
    from saferinsight.workspace import Workspace

__all__ = ["Load", "Writer"]


class Load:
    """One load in progress: its journal entry, warehouse and the raw files it keeps."""

    def __init__(self, writer: Writer, entry: JournalEntry, *, replay: bool) -> None:
        self.writer = writer
        self.entry = entry
        self.replay = replay
        self.kept: list[RawFile] = []
        self._guard = threading.Lock()

    @property
    def warehouse(self) -> Warehouse:
        """The generation the load writes into (inside the load's transaction)."""
        return self.writer.warehouse

    def keep_raw(self, digest: FileDigest, name: str) -> RawFile:
        """Copy a digested file into the raw store (a replay reads it from there already).

        Safe to call from several threads.
        """
        raws = self.writer.workspace.raw
        if self.replay:
            stored = raws.path_for(digest, name)
            return RawFile(digest.sha256, digest.size, stored, created=False, lines=digest.lines)
        raw = raws.keep(digest, name)
        with self._guard:
            self.kept.append(raw)
        return raw

    def drop(self) -> None:
        """Undo what the load did outside the warehouse: the pending entry, new raw files."""
        if self.replay:
            return
        workspace = self.writer.workspace
        workspace.journal.abort(self.entry.load_id)
        workspace.raw.discard(self.kept, referenced=workspace.referenced_raw())


class Writer:
    """The workspace's one writer, from :meth:`Workspace.writer`.

    The next warehouse generation is made on first use of :attr:`warehouse` (a copy of the
    published one, or an empty one for a rebuild or a new workspace).
    """

    def __init__(self, workspace: Workspace, *, fresh: bool = False) -> None:
        self.workspace = workspace
        self.fresh = fresh
        self._warehouse: Warehouse | None = None
        self._path: Path | None = None
        self._loads: list[Load] = []
        self._changed = False

    # -- the next generation ---------------------------------------------------------------

    @property
    def warehouse(self) -> Warehouse:
        """The next generation, open for writing."""
        if self._warehouse is None:
            generations = self.workspace.generations
            path = generations.next_path()
            generations.start(path, copy_current=not self.fresh)
            warehouse = self.workspace.open_file(path)
            try:
                if warehouse.created:
                    from saferinsight.workspace.reference import install_shipped_reference

                    with warehouse.transaction():
                        install_shipped_reference(warehouse, now=self.workspace.clock.now())
                    self._changed = True
            except BaseException:
                warehouse.close()
                generations.discard(path)
                raise
            self._warehouse, self._path = warehouse, path
        return self._warehouse

    def touch(self) -> None:
        """Publish the next generation at the end even if no load ran (a schema change)."""
        _ = self.warehouse
        self._changed = True

    @contextmanager
    def view(self) -> Iterator[Warehouse | None]:
        """What the writer sees now, to read before deciding to write: its next generation if
        made, otherwise the published one (read-only), or None in an empty workspace."""
        if self._warehouse is not None:
            yield self._warehouse
            return
        if self.fresh or self.workspace.generations.current() is None:
            yield None
            return
        with self.workspace.reader() as warehouse:
            yield warehouse

    # -- loads -----------------------------------------------------------------------------

    @contextmanager
    def load(
        self, entry: JournalEntry, *, description: str, replay: bool = False
    ) -> Iterator[Load]:
        """Run one load under the protocol above; ``replay`` (a rebuild) writes no journal."""
        load = Load(self, entry, replay=replay)
        journal = self.workspace.journal
        if not replay:
            journal.begin(entry)
        try:
            warehouse = self.warehouse
            with warehouse.transaction():
                store_loads.start_load(
                    warehouse,
                    load_id=entry.load_id,
                    source=entry.source,
                    started_at=entry.started_at,
                    description=description,
                )
                yield load
                store_loads.finish_load(
                    warehouse, load_id=entry.load_id, finished_at=self.workspace.clock.now()
                )
        except BaseException:
            load.drop()
            raise
        self._loads.append(load)
        self._changed = True

    # -- finishing -------------------------------------------------------------------------

    def recover(self) -> None:
        """Clean up after a writer that was killed: its generation, copies and entries."""
        workspace = self.workspace
        workspace.generations.sweep()
        workspace.raw.remove_incoming()
        pending = workspace.journal.pending()
        if not pending:
            return
        committed: set[str] = set()
        if workspace.generations.current() is not None:
            try:
                with workspace.reader() as warehouse:
                    committed = store_loads.committed_load_ids(warehouse)
            except DamagedWarehouseError:
                return  # decided after a rebuild, which the damaged warehouse needs anyway
        for load_id in pending:
            entry = workspace.journal.pending_entry(load_id)
            if entry is None:
                continue  # unreadable: quarantined for a person to look at
            if load_id in committed:
                workspace.journal.commit(load_id)
            else:
                workspace.journal.abort(load_id)
                stored = [
                    RawFile(f["sha256"], 0, workspace.root / f["stored"], created=True)
                    for f in entry.files
                ]
                workspace.raw.discard(stored, referenced=workspace.referenced_raw())

    def finish(self, *, ok: bool) -> None:
        """Publish the next generation and promote its loads' entries, or throw it away."""
        warehouse, path = self._warehouse, self._path
        self._warehouse = None
        if warehouse is None or path is None:
            return
        generations = self.workspace.generations
        publish = ok and self._changed
        try:
            warehouse.close()
            if publish:
                generations.publish(path)
        except BaseException:
            generations.discard(path)
            for load in self._loads:
                load.drop()
            raise
        if not publish:
            generations.discard(path)
            for load in self._loads:
                load.drop()
            return
        for load in self._loads:
            if not load.replay:
                self.workspace.journal.commit(load.entry.load_id)
