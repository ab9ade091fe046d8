"""Recreate the warehouse from the raw files alone, replaying the load journal.

The rebuild holds the workspace's write lock from start to end, so no load can commit while it
runs (and be left out of the rebuilt warehouse); it builds a new generation from nothing and
publishes it only when every load has been replayed. Every raw file is checked against the
SHA-256 its load recorded before anything is replayed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from saferinsight.errors import DamagedWarehouseError, Hint, WorkspaceError
from saferinsight.store import status as store_status
from saferinsight.workspace import FileDigest, JournalEntry, Workspace, Writer

__all__ = ["RebuildReport", "rebuild"]

TABLES = ("street", "outcomes", "stop_search", "rejects", "source_files")

_Replay = Callable[[Writer, JournalEntry, Sequence[Path]], None]


@dataclass(frozen=True)
class RebuildReport:
    """What a rebuild replayed, and the row counts before and after."""

    loads: int
    files: int
    rows: dict[str, int]
    previous_rows: dict[str, int] | None
    seconds: float


def _replayers() -> dict[str, _Replay]:
    from saferinsight.ingest.datasets import replay_dataset
    from saferinsight.ingest.geography import replay_reference
    from saferinsight.ingest.police_uk import replay_police_uk

    return {
        "police-uk": replay_police_uk,
        "geography": replay_reference,
        "boundaries": replay_reference,
        "population": replay_reference,
        "dataset": replay_dataset,
    }


def rebuild(
    workspace: Workspace, *, progress: Callable[[int, int], None] | None = None
) -> RebuildReport:
    """Build a new warehouse from the raw files, then publish it in place of the old one.

    The old warehouse stays readable, unchanged, until the new one is complete.
    """
    started = time.perf_counter()
    replayers = _replayers()
    with workspace.writer(fresh=True) as writer:
        previous = _previous_rows(workspace)
        entries = workspace.journal.entries()
        for entry in entries:
            if entry.source not in replayers:
                raise WorkspaceError(
                    f"load {entry.load_id} has an unknown source {entry.source!r}."
                )
        checked = [_checked_files(workspace, entry) for entry in entries]
        for done, (entry, paths) in enumerate(zip(entries, checked, strict=True), start=1):
            replayers[entry.source](writer, entry, paths)
            if progress:
                progress(done, len(entries))
        rows = store_status.table_rows(writer.warehouse, TABLES)
    return RebuildReport(
        loads=len(entries),
        files=sum(len(e.files) for e in entries),
        rows=rows,
        previous_rows=previous,
        seconds=time.perf_counter() - started,
    )


def _checked_files(workspace: Workspace, entry: JournalEntry) -> list[Path]:
    """The raw files of a load, each checked against the checksum the load recorded."""
    paths = []
    for recorded in entry.files:
        path = workspace.root / recorded["stored"]
        if not path.exists():
            raise WorkspaceError(
                f"load {entry.load_id} needs the raw file {path}, which is missing; nothing "
                "was rebuilt.",
                hint=Hint("restore-raw-files", "Restore it from a backup of the raw folder."),
            )
        found = FileDigest.of(path).sha256
        if found != recorded["sha256"]:
            raise WorkspaceError(
                f"{path}: the raw file was changed after it was loaded (its SHA-256 is "
                f"{found[:12]}..., the load recorded {recorded['sha256'][:12]}...); nothing was "
                "rebuilt.",
                hint=Hint(
                    "restore-raw-files",
                    "Restore the original file from a backup of the workspace's raw folder.",
                ),
            )
        paths.append(path)
    return paths


def _previous_rows(workspace: Workspace) -> dict[str, int] | None:
    if not workspace.exists():
        return None
    try:
        with workspace.reader() as warehouse:
            return store_status.table_rows(warehouse, TABLES)
    except DamagedWarehouseError:
        return None  # a damaged warehouse is what rebuild is for
