"""Recreate the warehouse from the raw files alone, replaying the load journal."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from saferinsight.errors import DamagedWarehouseError, WorkspaceError
from saferinsight.ingest.geography import ingest_boundaries, ingest_geography, ingest_population
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.store import status as store_status
from saferinsight.workspace import JournalEntry, Workspace

TABLES = ("street", "outcomes", "stop_search", "rejects", "source_files")


@dataclass(frozen=True)
class RebuildReport:
    """What ``safer rebuild`` replayed, and the row counts before and after."""

    loads: int
    files: int
    rows: dict[str, int]
    previous_rows: dict[str, int] | None
    seconds: float


def replay_entry(workspace: Workspace, entry: JournalEntry) -> None:
    """Apply one committed load again from the raw files it stored."""
    paths = [workspace.root / f["stored"] for f in entry.files]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise WorkspaceError(
            f"load {entry.load_id} needs raw files that are missing: {', '.join(missing)}. "
            "Restore them from a backup of the workspace's raw folder."
        )
    if entry.source == "police-uk":
        ingest_police_uk(
            workspace, paths, encoding=entry.options.get("encoding", "utf-8"), replay=entry
        )
    elif entry.source == "geography":
        ingest_geography(workspace, paths[0], replay=entry)
    elif entry.source == "boundaries":
        ingest_boundaries(workspace, paths[0], replay=entry)
    elif entry.source == "population":
        ingest_population(workspace, paths[0], year=entry.options.get("year"), replay=entry)
    elif entry.source == "dataset":
        from saferinsight.datasets.load import ingest_dataset

        options = entry.options
        ingest_dataset(
            workspace,
            options["dataset"],
            paths[0],
            provider=options["provider"],
            received=date.fromisoformat(options["received"]),
            area=options.get("area"),
            period=options.get("period"),
            sheet=options.get("sheet"),
            accept_valid=bool(options.get("accept_valid")),
            replay=entry,
        )
    else:
        raise WorkspaceError(f"load {entry.load_id} has an unknown source {entry.source!r}.")


def rebuild(
    workspace: Workspace, *, progress: Callable[[int, int], None] | None = None
) -> RebuildReport:
    """Build a new warehouse from the raw files, then swap it in place of the old one.

    The old warehouse stays untouched until the new one is complete.
    """
    started = time.perf_counter()
    previous = _previous_rows(workspace)
    entries = workspace.journal()
    target = workspace.root / "warehouse.rebuild.duckdb"
    _remove(target)
    shadow = Workspace(workspace.root, settings=workspace.settings)
    shadow.warehouse_path = target
    try:
        with shadow.open_warehouse():
            pass
        for done, entry in enumerate(entries, start=1):
            replay_entry(shadow, entry)
            if progress:
                progress(done, len(entries))
        with shadow.open_warehouse(read_only=True) as warehouse:
            rows = store_status.table_rows(warehouse.con, TABLES)
    except BaseException:
        _remove(target)
        raise
    _remove(workspace.warehouse_path)
    os.replace(target, workspace.warehouse_path)
    return RebuildReport(
        loads=len(entries),
        files=sum(len(e.files) for e in entries),
        rows=rows,
        previous_rows=previous,
        seconds=time.perf_counter() - started,
    )


def _previous_rows(workspace: Workspace) -> dict[str, int] | None:
    if not workspace.exists():
        return None
    try:
        with workspace.open_warehouse() as warehouse:  # also finishes any pending load
            return store_status.table_rows(warehouse.con, TABLES)
    except (DamagedWarehouseError, duckdb.Error):
        return None  # a damaged warehouse is what rebuild is for


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)
