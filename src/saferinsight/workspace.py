"""The workspace folder: raw files as received, the derived warehouse, and the records database.

Layout::

    <workspace>/
        raw/files/<aa>/<sha256>/<original name>   every file as received, never modified
        raw/journal/<load id>.json                what each committed load read, in order
        raw/journal/pending/<load id>.json        a load in progress (removed or promoted)
        warehouse.duckdb                          derived: ``safer rebuild`` recreates it
        records.sqlite                            reserved for the records database

A load writes its raw files and a pending journal entry, commits one warehouse transaction, then
promotes the journal entry. A process killed at any point leaves the warehouse as it was; the
next command that opens the workspace for writing finishes or discards the pending entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from saferinsight.errors import InputFileError, WorkspaceError
from saferinsight.settings import Settings, load_settings
from saferinsight.store.warehouse import Warehouse

CHUNK = 1 << 20
_DIGEST_BUFFER = 4 << 20


def _digest(path: Path) -> tuple[str, int, int]:
    """SHA-256, size and physical line count of a file, read once into one reused buffer.

    hashlib and NumPy release the GIL on large buffers, so several files digest in parallel
    threads (``bytes.count`` would hold it, and run at a fifth of the speed).
    """
    import numpy as np

    digest = hashlib.sha256()
    buffer = bytearray(_DIGEST_BUFFER)
    view = memoryview(buffer)
    octets = np.frombuffer(buffer, dtype=np.uint8)
    newlines = np.empty(len(buffer), dtype=bool)
    size = lines = 0
    last = 0x0A
    with open(path, "rb", buffering=0) as handle:
        while read := handle.readinto(buffer):
            digest.update(view[:read])
            lines += int(np.count_nonzero(np.equal(octets[:read], 0x0A, out=newlines[:read])))
            size += read
            last = buffer[read - 1]
    return digest.hexdigest(), size, lines + (0 if last == 0x0A else 1)


@dataclass(frozen=True)
class FileDigest:
    """One read of a file: its SHA-256, size and physical lines, and its state when read.

    A last line without a newline counts as a line.
    """

    path: Path
    sha256: str
    size: int
    lines: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileDigest:
        """Read a file once for its checksum and line count.

        Examples
        --------
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> (folder / "a.csv").write_bytes(b"x,y\\n1,2")
        7
        >>> found = FileDigest.of(folder / "a.csv")
        >>> found.size, found.lines, found.sha256[:12]
        (7, 2, 'aa93bbd969d6')
        """
        before = path.stat()
        sha, size, lines = _digest(path)
        found = cls(path, sha, size, lines, before.st_mtime_ns)
        if size != before.st_size:
            raise found.changed()
        return found

    def check_unchanged(self) -> None:
        """Refuse the file if its size or modification time changed since it was read."""
        after = self.path.stat()
        if (after.st_size, after.st_mtime_ns) != (self.size, self.mtime_ns):
            raise self.changed()

    def changed(self) -> InputFileError:
        """The error for a file that changed while it was being read."""
        return InputFileError(
            f"{self.path}: the file changed while it was being read; nothing was loaded. "
            "Wait until whatever is writing it has finished, then load it again."
        )


@dataclass(frozen=True)
class RawFile:
    """A file kept in the raw store: checksum, size, physical lines and where it is stored."""

    sha256: str
    size: int
    stored: Path
    created: bool
    lines: int = 0


@dataclass(frozen=True)
class JournalEntry:
    """One committed load: what it read, so that ``safer rebuild`` can replay it."""

    load_id: str
    source: str
    started_at: datetime
    files: tuple[dict[str, str], ...]
    options: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise for the journal folder."""
        return json.dumps(
            {
                "load_id": self.load_id,
                "source": self.source,
                "started_at": self.started_at.isoformat(),
                "files": list(self.files),
                "options": self.options,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> JournalEntry:
        """Parse an entry written by :meth:`to_json`."""
        data = json.loads(text)
        return cls(
            load_id=data["load_id"],
            source=data["source"],
            started_at=datetime.fromisoformat(data["started_at"]),
            files=tuple(data["files"]),
            options=data.get("options", {}),
        )


def new_load_id(now: datetime) -> str:
    """A load identifier that sorts by time."""
    return f"{now:%Y%m%dT%H%M%S%f}-{secrets.token_hex(3)}"


def utcnow() -> datetime:
    """The current UTC time without time zone, as the warehouse stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


class Workspace:
    """A workspace folder. Creating the object does not touch the disk; opening a warehouse does."""

    def __init__(self, root: Path, *, settings: Settings | None = None) -> None:
        self.root = root
        self.settings = settings or load_settings(workspace=root)
        self.raw_dir = root / "raw" / "files"
        self.journal_dir = root / "raw" / "journal"
        self.pending_dir = self.journal_dir / "pending"
        self.tmp_dir = root / "tmp"
        self.warehouse_path = root / "warehouse.duckdb"
        self.records_path = root / "records.sqlite"

    def exists(self) -> bool:
        """Whether the workspace has a warehouse."""
        return self.warehouse_path.exists()

    def create_dirs(self) -> None:
        """Create the folder structure."""
        for path in (self.raw_dir, self.pending_dir, self.tmp_dir):
            path.mkdir(parents=True, exist_ok=True)

    def open_warehouse(self, *, read_only: bool = False) -> Warehouse:
        """Open the warehouse; for writing, create it (with reference data) and recover first."""
        if read_only:
            if not self.exists():
                raise WorkspaceError(
                    f"{self.root}: no workspace here yet. Load data with 'safer ingest police-uk "
                    "PATH' or build the demo with 'safer demo', or pass --workspace."
                )
            return Warehouse(
                self.warehouse_path,
                read_only=True,
                memory_limit=self.settings.memory_limit,
                threads=self.settings.threads,
            )
        self.create_dirs()
        warehouse = Warehouse(
            self.warehouse_path,
            memory_limit=self.settings.memory_limit,
            threads=self.settings.threads,
        )
        try:
            if warehouse.created:
                from saferinsight.ingest.geography import install_shipped_reference

                with warehouse.transaction() as con:
                    install_shipped_reference(con)
            self.recover(warehouse)
        except BaseException:
            warehouse.close()
            raise
        return warehouse

    # -- raw store -------------------------------------------------------------------------

    def store_raw(self, source: Path, name: str) -> RawFile:
        """Copy a file into the raw store, with its SHA-256 and line count.

        The file is read once for the checksum, then copied by the kernel; if it changes in
        between, nothing is stored and the error says so. Safe to call from several threads.
        """
        return self.keep_raw(FileDigest.of(source), name)

    def raw_path(self, digest: FileDigest, name: str) -> Path:
        """Where the raw store keeps a file of this content and name."""
        return self.raw_dir / digest.sha256[:2] / digest.sha256 / Path(name).name

    def keep_raw(self, digest: FileDigest, name: str) -> RawFile:
        """Copy a file already digested into the raw store, unless it is there already.

        Refuses the file (:class:`InputFileError`, nothing stored) if it changed since it was
        digested. Safe to call from several threads at once.
        """
        final = self.raw_path(digest, name)
        if final.exists():
            return RawFile(digest.sha256, digest.size, final, created=False, lines=digest.lines)
        self.raw_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.raw_dir / f".incoming-{secrets.token_hex(8)}"
        try:
            shutil.copyfile(digest.path, tmp)
            digest.check_unchanged()
            if tmp.stat().st_size != digest.size:
                raise digest.changed()
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            return RawFile(digest.sha256, digest.size, final, created=True, lines=digest.lines)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def relative(self, path: Path) -> str:
        """A path inside the workspace, relative to its root (as journals store it)."""
        return str(path.relative_to(self.root))

    def discard_raw(self, files: list[RawFile]) -> None:
        """Remove raw files that a failed load created and no committed load refers to."""
        referenced = self._referenced_raw()
        for raw in files:
            if raw.created and self.relative(raw.stored) not in referenced:
                shutil.rmtree(raw.stored.parent, ignore_errors=True)

    # -- journal ---------------------------------------------------------------------------

    def begin_journal(self, entry: JournalEntry) -> None:
        """Write a pending journal entry before the warehouse transaction commits."""
        self.pending_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.pending_dir / f"{entry.load_id}.json", entry.to_json())

    @contextmanager
    def journalled(
        self, entry: JournalEntry, raws: Sequence[RawFile], *, replay: bool = False
    ) -> Iterator[None]:
        """Run a load's warehouse transaction under its journal entry.

        The entry is written (pending) before the block and promoted after it; if the block
        fails, the entry is dropped with the raw files that no committed load refers to. A
        replay (``safer rebuild``) writes no journal and keeps its raw files.
        """
        if replay:
            yield
            return
        try:
            self.begin_journal(entry)
            yield
        except BaseException:
            self.abort_journal(entry.load_id)
            self.discard_raw(list(raws))
            raise
        self.commit_journal(entry.load_id)

    def commit_journal(self, load_id: str) -> None:
        """Promote a pending entry once its warehouse transaction has committed."""
        os.replace(self.pending_dir / f"{load_id}.json", self.journal_dir / f"{load_id}.json")

    def abort_journal(self, load_id: str) -> None:
        """Drop a pending entry whose transaction did not commit."""
        (self.pending_dir / f"{load_id}.json").unlink(missing_ok=True)

    def journal(self) -> list[JournalEntry]:
        """Committed loads, oldest first."""
        if not self.journal_dir.exists():
            return []
        paths = sorted(self.journal_dir.glob("*.json"))
        return [JournalEntry.from_json(p.read_text(encoding="utf-8")) for p in paths]

    def recover(self, warehouse: Warehouse) -> None:
        """Finish or discard loads that a killed process left pending."""
        if not self.pending_dir.exists():
            return
        from saferinsight.store.loads import committed_load_ids

        pending = sorted(self.pending_dir.glob("*.json"))
        if not pending:
            return
        committed = committed_load_ids(warehouse.con)
        for path in pending:
            entry = JournalEntry.from_json(path.read_text(encoding="utf-8"))
            if entry.load_id in committed:
                self.commit_journal(entry.load_id)
            else:
                path.unlink()
                stored = [
                    RawFile(f["sha256"], 0, self.root / f["stored"], created=True)
                    for f in entry.files
                ]
                self.discard_raw(stored)

    def _referenced_raw(self) -> set[str]:
        return {f["stored"] for entry in self.journal() for f in entry.files}


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
