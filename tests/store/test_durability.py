"""Atomic loads, recovery after a killed process, and rebuilding the warehouse from raw files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from saferinsight.clock import utcnow
from saferinsight.errors import WorkspaceError
from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.ingest.rebuild import rebuild
from saferinsight.store import loads as store_loads
from saferinsight.workspace import FileDigest, JournalEntry, Workspace, new_load_id

from ..ingest.test_police_uk import snapshot  # type: ignore[import-not-found]


def many_months(source: Path, target: Path, months: list[str]) -> Path:
    """Copies of a real file relabelled as other months (the Month column only)."""
    target.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    for month in months:
        (target / f"{month}-west-mercia-street.csv").write_bytes(
            data.replace(b",2024-01,", f",{month},".encode())
        )
    return target


@pytest.mark.slow
def test_a_killed_load_leaves_the_warehouse_as_it_was(
    loaded: Workspace, west_mercia_dir: Path, tmp_path: Path
) -> None:
    # Enough months (1.3 million rows) that the kill lands inside the warehouse transaction.
    months = [f"{year}-{month:02d}" for year in range(2010, 2024) for month in range(1, 13)]
    folder = many_months(west_mercia_dir / "2024-01-west-mercia-street.csv", tmp_path / "m", months)
    before = snapshot(loaded)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "saferinsight.cli",
            "--workspace",
            str(loaded.root),
            "ingest",
            "police-uk",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not loaded.journal.pending():
        assert process.poll() is None, "the load ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    time.sleep(0.3)  # inside the load: the pending entry is not yet promoted
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert loaded.journal.pending(), "the load finished before the kill"
    assert len(list(loaded.generations.folder.glob("generation-*.duckdb"))) == 2
    after = snapshot(loaded)  # readers see the published generation; raw files are still there
    assert after["street"] == before["street"]
    assert after["files"] == before["files"]
    with loaded.writer():  # the next writer drops the unfinished load and its generation
        pass
    assert not loaded.journal.pending()
    assert [p.name for p in loaded.generations.folder.glob("generation-*")] == [
        loaded.warehouse_path.name
    ]
    assert snapshot(loaded) == before
    report = ingest_police_uk(loaded, [folder])  # and the same load then succeeds
    assert report.rows_loaded == 7700 * len(months)


def test_a_load_published_before_a_crash_is_finished_by_the_next_writer(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", [street_row()])
    report = ingest_police_uk(workspace, [path])
    assert report.load_id is not None
    committed = workspace.journal.folder / f"{report.load_id}.json"
    # Simulate a crash between publishing the generation and promoting the journal entry.
    os.replace(committed, workspace.journal.pending_dir / committed.name)
    with workspace.writer():
        pass
    assert committed.exists()
    assert [e.load_id for e in workspace.journal.entries()] == [report.load_id]


def _pending_entry(workspace: Workspace, source: Path) -> tuple[JournalEntry, FileDigest]:
    digest = FileDigest.of(source)
    now = utcnow()
    stored = workspace.relative(workspace.raw.path_for(digest, source.name))
    entry = JournalEntry(
        new_load_id(now),
        "police-uk",
        now,
        files=({"sha256": digest.sha256, "stored": stored, "received_as": "x"},),
    )
    return entry, digest


def test_a_pending_load_that_was_never_published_is_discarded(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", [street_row()])
    entry, digest = _pending_entry(workspace, path)
    workspace.journal.begin(entry)
    raw = workspace.raw.keep(digest, path.name)
    (workspace.raw.folder / ".incoming-0123456789abcdef").write_bytes(b"half a copy")
    with workspace.writer():
        pass
    assert not raw.stored.exists()
    assert not workspace.journal.pending()
    assert workspace.journal.entries() == []
    assert not list(workspace.raw.folder.glob(".incoming-*"))


def test_a_damaged_pending_entry_is_quarantined(workspace: Workspace, tmp_path: Path) -> None:
    workspace.journal.pending_dir.mkdir(parents=True)
    (workspace.journal.pending_dir / "20250101T000000000000-abcdef.json").write_text("{garbage")
    with workspace.writer():
        pass
    assert not workspace.journal.pending()
    assert [p.name for p in workspace.journal.quarantine_dir.iterdir()] == [
        "20250101T000000000000-abcdef.json"
    ]


def test_a_load_is_published_with_its_writer_or_dropped_with_its_raw_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    source = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", [street_row()])
    failed, digest = _pending_entry(workspace, source)
    pending = []
    kept = []

    def load_that_fails() -> None:
        with workspace.writer() as writer, writer.load(failed, description="x") as load:
            pending.extend(workspace.journal.pending())
            kept.append(load.keep_raw(digest, source.name))
            raise RuntimeError("the load failed")

    with pytest.raises(RuntimeError, match="failed"):
        load_that_fails()
    assert pending == [failed.load_id]  # written before the block
    assert not workspace.journal.pending()
    assert not kept[0].stored.exists()
    assert not workspace.exists()  # the new workspace's first generation was not published
    done, digest = _pending_entry(workspace, source)
    with workspace.writer() as writer:
        with writer.load(done, description="x") as load:
            raw = load.keep_raw(digest, source.name)
        assert workspace.journal.pending() == [done.load_id]  # until the writer publishes
        assert not workspace.exists()
    assert [e.load_id for e in workspace.journal.entries()] == [done.load_id]
    assert raw.stored.exists()
    with workspace.reader() as warehouse:
        assert store_loads.committed_load_ids(warehouse) == {done.load_id}


def test_rebuild_recreates_the_warehouse_from_raw_files(loaded: Workspace, tmp_path: Path) -> None:
    new = write_police_csv(
        tmp_path / "2024-02-west-mercia-street.csv", [street_row(month="2024-02")] * 3
    )
    bad = write_police_csv(
        tmp_path / "2024-04-west-mercia-street.csv",
        [street_row(month="2024-04"), street_row(month="2024-13")],
    )
    ingest_police_uk(loaded, [new, bad], accept_smaller=True)  # replayed as accepted
    before = snapshot(loaded)
    loaded.warehouse_path.unlink()
    report = rebuild(loaded)
    assert report.previous_rows is None
    assert report.loads == 2
    assert snapshot(loaded) == before
    assert report.rows["street"] == before["street"][0]  # type: ignore[index]


def test_rebuild_replaces_a_damaged_warehouse(loaded: Workspace) -> None:
    before = snapshot(loaded)
    loaded.warehouse_path.write_bytes(b"this is not a database" * 100)
    report = rebuild(loaded)
    assert report.previous_rows is None
    assert snapshot(loaded) == before


def test_rebuild_refuses_a_raw_file_changed_after_loading(loaded: Workspace) -> None:
    before = snapshot(loaded)
    stored = loaded.root / loaded.journal.entries()[0].files[1]["stored"]
    stored.write_bytes(stored.read_bytes().replace(b"Burglary", b"Robbery"))
    with pytest.raises(WorkspaceError, match=r"changed after it was loaded.*nothing was rebuilt"):
        rebuild(loaded)
    assert snapshot(loaded) == before


def test_rebuild_reports_unchanged_counts(loaded: Workspace) -> None:
    report = rebuild(loaded)
    assert report.previous_rows == report.rows
    assert report.rows["street"] == 7700 + 7654 + 8529
