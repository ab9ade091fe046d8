"""Atomic loads, recovery after a killed process, and rebuilding the warehouse from raw files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from saferinsight.fixtures import street_row, write_police_csv
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.rebuild import rebuild
from saferinsight.workspace import JournalEntry, Workspace, new_load_id, utcnow

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
    while not list(loaded.pending_dir.glob("*.json")):
        assert process.poll() is None, "the load ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    time.sleep(0.3)  # inside the warehouse transaction: the pending entry is not yet promoted
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert list(loaded.pending_dir.glob("*.json")), "the load finished before the kill"
    after = snapshot(loaded)  # opening read-only does not recover; raw files are still there
    assert after["street"] == before["street"]
    assert after["files"] == before["files"]
    with loaded.open_warehouse():  # opening for writing discards the unfinished load
        pass
    assert not list(loaded.pending_dir.glob("*.json"))
    assert snapshot(loaded) == before
    report = ingest_police_uk(loaded, [folder])  # and the same load then succeeds
    assert report.rows_loaded == 7700 * len(months)


def test_a_load_committed_before_a_crash_is_finished_on_next_open(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", [street_row()])
    report = ingest_police_uk(workspace, [path])
    assert report.load_id is not None
    committed = workspace.journal_dir / f"{report.load_id}.json"
    # Simulate a crash between the warehouse commit and promoting the journal entry.
    os.replace(committed, workspace.pending_dir / committed.name)
    with workspace.open_warehouse():
        pass
    assert committed.exists()
    assert [e.load_id for e in workspace.journal()] == [report.load_id]


def test_a_pending_load_that_never_committed_is_discarded(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", [street_row()])
    raw = workspace.store_raw(path, path.name)
    now = utcnow()
    entry = JournalEntry(
        new_load_id(now),
        "police-uk",
        now,
        files=(
            {"sha256": raw.sha256, "stored": workspace.relative(raw.stored), "received_as": "x"},
        ),
    )
    workspace.begin_journal(entry)
    with workspace.open_warehouse():
        pass
    assert not raw.stored.exists()
    assert not list(workspace.pending_dir.glob("*.json"))
    assert workspace.journal() == []


def test_a_journalled_load_is_promoted_or_dropped_with_its_raw_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    source = tmp_path / "lookup.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    raw = workspace.store_raw(source, source.name)
    failed = JournalEntry(new_load_id(utcnow()), "geography", utcnow(), files=())
    pending = []

    def load_that_fails() -> None:
        with workspace.journalled(failed, [raw]):
            pending.extend(workspace.pending_dir.glob("*.json"))
            raise RuntimeError("the transaction failed")

    with pytest.raises(RuntimeError, match="failed"):
        load_that_fails()
    assert [p.name for p in pending] == [f"{failed.load_id}.json"]  # written before the block
    assert not list(workspace.pending_dir.glob("*.json"))
    assert not raw.stored.exists()
    raw = workspace.store_raw(source, source.name)
    done = JournalEntry(
        new_load_id(utcnow()),
        "geography",
        utcnow(),
        files=(
            {"sha256": raw.sha256, "stored": workspace.relative(raw.stored), "received_as": "x"},
        ),
    )
    with workspace.journalled(done, [raw]):
        pass
    assert [e.load_id for e in workspace.journal()] == [done.load_id]
    assert raw.stored.exists()


def test_rebuild_recreates_the_warehouse_from_raw_files(loaded: Workspace, tmp_path: Path) -> None:
    new = write_police_csv(
        tmp_path / "2024-02-west-mercia-street.csv", [street_row(month="2024-02")] * 3
    )
    bad = write_police_csv(
        tmp_path / "2024-04-west-mercia-street.csv",
        [street_row(month="2024-04"), street_row(month="2024-13")],
    )
    ingest_police_uk(loaded, [new, bad])
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


def test_rebuild_reports_unchanged_counts(loaded: Workspace) -> None:
    report = rebuild(loaded)
    assert report.previous_rows == report.rows
    assert report.rows["street"] == 7700 + 7654 + 8529
