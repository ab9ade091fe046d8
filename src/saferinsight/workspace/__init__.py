"""The workspace: raw files as received, the derived warehouse, and the records database.

Layout::

    <workspace>/
        raw/files/<aa>/<sha256>/<original name>   every file as received, never modified
        raw/journal/<load id>.json                what each committed load read, in order
        raw/journal/pending/<load id>.json        a load in progress (promoted or dropped)
        warehouse/generation-NNNNNN.duckdb        derived: a rebuild recreates it
        warehouse/current                         which generation readers open
        write.lock, write.lock.holder             the writer's lock, and who holds it
        records.sqlite                            the governance records (not derived: back it up)
        web-secret                                the key that signs web sessions

Every surface (the command line, a web server, tests) holds a :class:`Workspace` and reads
through :meth:`Workspace.reader` (any number at once, from any process or thread, a cursor
each) or writes through :meth:`Workspace.writer` (one writer at a time, by the lock). Readers
never wait for a writer and never see half a load: see :mod:`.generations` and :mod:`.writer`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from saferinsight.clock import SYSTEM, Clock
from saferinsight.errors import DamagedWarehouseError, Hint, WorkspaceError, storage_error
from saferinsight.settings import Settings, load_settings
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace.generations import Generations
from saferinsight.workspace.journal import Journal, JournalEntry, new_load_id
from saferinsight.workspace.lock import WriteLock, WriterInfo
from saferinsight.workspace.raw import FileDigest, RawFile, RawStore
from saferinsight.workspace.writer import Load, Writer

__all__ = [
    "FileDigest",
    "JournalEntry",
    "Load",
    "RawFile",
    "Workspace",
    "Writer",
    "WriterInfo",
    "new_load_id",
]

_OPEN_ATTEMPTS = 5


class Workspace:
    """A workspace folder. Creating the object does not touch the disk.

    Parameters
    ----------
    root
        The folder.
    settings
        Memory and thread limits for the warehouse (read from the environment by default).
    clock
        Where load times come from.
    wait
        Whether a writer waits for another process's writer to finish (True) or fails at
        once with :class:`~saferinsight.errors.WorkspaceBusyError`.
    on_wait
        Told who holds the lock, once, when a writer has to wait.
    """

    def __init__(
        self,
        root: Path,
        *,
        settings: Settings | None = None,
        clock: Clock = SYSTEM,
        wait: bool = True,
        on_wait: Callable[[WriterInfo | None], None] | None = None,
    ) -> None:
        self.root = root
        self.settings = settings or load_settings(workspace=root)
        self.clock = clock
        self.wait = wait
        self.on_wait = on_wait
        self.raw = RawStore(root / "raw" / "files")
        self.journal = Journal(root / "raw" / "journal")
        self.generations = Generations(root)
        self.lock = WriteLock(root / "write.lock")
        self.tmp_dir = root / "tmp"
        self.records_path = root / "records.sqlite"
        self._guard = threading.RLock()
        self._writer: Writer | None = None

    @property
    def warehouse_path(self) -> Path:
        """The published warehouse generation's file (where the first one will be, if none)."""
        return self.generations.current() or self.generations.next_path()

    def exists(self) -> bool:
        """Whether the workspace has a published warehouse."""
        current = self.generations.current()
        return current is not None and current.exists()

    def relative(self, path: Path) -> str:
        """A path inside the workspace, relative to its root (as journals store it)."""
        return str(path.relative_to(self.root))

    def referenced_raw(self) -> set[Path]:
        """The raw files that committed loads refer to."""
        return {self.root / f["stored"] for entry in self.journal.entries() for f in entry.files}

    # -- readers and the writer ------------------------------------------------------------

    @contextmanager
    def reader(self) -> Iterator[Warehouse]:
        """The published warehouse, read-only, for as long as the block runs.

        Any number of readers, in any processes, run at once and while a writer loads; each
        sees the generation that was published when it opened. For threads, take a
        :meth:`Warehouse.cursor` each.
        """
        warehouse = self.open_reader()
        try:
            yield warehouse
        finally:
            warehouse.close()

    def open_reader(self) -> Warehouse:
        """Open the published warehouse read-only (close it when done); see :meth:`reader`."""
        for attempt in range(_OPEN_ATTEMPTS):
            path = self.generations.current()
            if path is None:
                raise WorkspaceError(
                    f"{self.root}: no workspace here yet.",
                    hint=Hint(
                        "choose-workspace",
                        "Load data into it (police.uk files, or the demo), or use another "
                        "workspace folder.",
                    ),
                )
            try:
                return self.open_file(path, read_only=True)
            except DamagedWarehouseError:
                # Unless a writer published a newer generation (and deleted this one) meanwhile.
                if self.generations.current() == path or attempt == _OPEN_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    @contextmanager
    def writer(self, *, fresh: bool = False) -> Iterator[Writer]:
        """The workspace's one writer, holding the write lock while the block runs.

        Everything the block loads is published at its end, at once; if the block fails,
        nothing is. Inside a writer, ``writer()`` again (from the same thread) gives the same
        writer. ``fresh`` starts from an empty warehouse (a rebuild).
        """
        with self._guard:
            if self._writer is not None:
                if fresh:
                    raise RuntimeError("a fresh writer cannot be nested in another writer")
                yield self._writer
                return
            try:
                yield from self._outer_writer(fresh=fresh)
            except OSError as exc:  # raised after the writer rolled back: nothing changed
                found = storage_error(exc, self.root)
                if found is None:
                    raise
                raise found from exc

    def _outer_writer(self, *, fresh: bool) -> Iterator[Writer]:
        """The writer itself: lock, recover, yield, publish or roll back, unlock."""
        self.lock.acquire(wait=self.wait, now=self.clock.now(), on_wait=self.on_wait)
        try:
            writer = Writer(self, fresh=fresh)
            writer.recover()
            self._writer = writer
            ok = False
            try:
                yield writer
                ok = True
            finally:
                self._writer = None
                writer.finish(ok=ok)
        finally:
            self.lock.release()

    def open_file(self, path: Path, *, read_only: bool = False) -> Warehouse:
        """Open one warehouse file with the workspace's settings."""
        return Warehouse(
            path,
            read_only=read_only,
            memory_limit=self.settings.memory_limit,
            threads=self.settings.threads,
        )
