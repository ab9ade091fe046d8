"""Readers and writers in real processes: readers during a load, two writers, a rebuild racing
an ingest, and a writer killed while it holds the lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from saferinsight.errors import WorkspaceBusyError
from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.workspace import Workspace, WriterInfo

from ..store.test_durability import many_months  # type: ignore[import-not-found]

pytestmark = pytest.mark.slow

REAL_ROWS = 7700 + 7654 + 8529  # the three real West Mercia months of the `loaded` fixture


def safer(workspace: Workspace, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "saferinsight.cli", "--workspace", str(workspace.root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def street_rows(workspace: Workspace) -> int:
    code, out, err = finished(safer(workspace, "status", "--format", "json"))
    assert code == 0, err
    (street,) = [k for k in json.loads(out)["police_uk"] if k["kind"] == "street"]
    return int(street["rows"])


def shropshire_total(workspace: Workspace) -> int:
    code, out, err = finished(
        safer(workspace, "counts", "--area", "Shropshire", "--by", "force", "--format", "csv")
    )
    assert code == 0, err
    return sum(int(line.rsplit(",", 1)[1]) for line in out.splitlines()[1:])


def test_readers_see_the_warehouse_before_a_load_then_after_it(
    loaded: Workspace, west_mercia_dir: Path, tmp_path: Path
) -> None:
    months = many_months(
        west_mercia_dir / "2024-01-west-mercia-street.csv",
        tmp_path / "m",
        ["2023-10", "2023-11", "2023-12"],
    )
    before = (street_rows(loaded), shropshire_total(loaded))
    assert before[0] == REAL_ROWS
    with loaded.writer():
        report = ingest_police_uk(loaded, [months])  # loaded, not yet published
        assert report.rows_loaded == 3 * 7700
        assert loaded.journal.pending() == [report.load_id]
        # Other processes read while the writer holds the load: they see the state before it.
        assert (street_rows(loaded), shropshire_total(loaded)) == before
    after = (street_rows(loaded), shropshire_total(loaded))
    assert after[0] == REAL_ROWS + 3 * 7700
    assert after[1] == before[1] + 3 * 1544  # Shropshire's share of the copied January
    assert not loaded.journal.pending()


def test_a_second_writer_waits_or_with_no_wait_fails_naming_the_first(
    loaded: Workspace, tmp_path: Path
) -> None:
    path = write_police_csv(
        tmp_path / "2024-05-west-mercia-street.csv", [street_row(month="2024-05")]
    )
    with loaded.writer():
        code, _, err = finished(safer(loaded, "--no-wait", "ingest", "police-uk", str(path)))
        assert code == 1
        assert f"another process {os.getpid()} (" in err
        assert "is writing to this workspace; nothing was changed" in err
        assert "Traceback" not in err
        waiting = safer(loaded, "ingest", "police-uk", str(path))
        time.sleep(3)  # it starts, finds the lock taken and waits
        assert waiting.poll() is None, waiting.communicate()
    code, out, err = finished(waiting)
    assert code == 0, err
    assert f"Waiting for process {os.getpid()} (" in err
    assert "1 file(s) loaded" in out
    assert street_rows(loaded) == REAL_ROWS + 1


def test_two_loads_at_once_both_land(loaded: Workspace, tmp_path: Path) -> None:
    first = write_police_csv(
        tmp_path / "a" / "2024-05-west-mercia-street.csv", [street_row(month="2024-05")]
    )
    second = write_police_csv(
        tmp_path / "b" / "2024-06-west-mercia-street.csv", [street_row(month="2024-06")] * 2
    )
    processes = [safer(loaded, "ingest", "police-uk", str(p)) for p in (first, second)]
    results = [finished(p) for p in processes]
    assert [code for code, _, _ in results] == [0, 0], results
    assert street_rows(loaded) == REAL_ROWS + 3
    assert len(loaded.journal.entries()) == 3
    assert [p.name for p in loaded.generations.folder.glob("generation-*")] == [
        loaded.warehouse_path.name
    ]


def test_an_ingest_started_during_a_rebuild_waits_and_is_kept(
    loaded: Workspace, west_mercia_dir: Path, tmp_path: Path
) -> None:
    # A longer journal, so that the rebuild is still running when the ingest starts.
    months = [f"2022-{m:02d}" for m in range(1, 13)]
    ingest_police_uk(
        loaded,
        [many_months(west_mercia_dir / "2024-01-west-mercia-street.csv", tmp_path / "m", months)],
    )
    rebuilding = safer(loaded, "rebuild")
    deadline = time.monotonic() + 60
    while (holder := loaded.lock.holder()) is None or holder.pid != rebuilding.pid:
        assert rebuilding.poll() is None, rebuilding.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    waited: list[WriterInfo | None] = []
    ingesting = Workspace(loaded.root, on_wait=waited.append)
    path = write_police_csv(
        tmp_path / "2024-05-west-mercia-street.csv", [street_row(month="2024-05")]
    )
    report = ingest_police_uk(ingesting, [path])
    assert [w.pid if w else None for w in waited] == [rebuilding.pid]
    code, _, err = finished(rebuilding)
    assert code == 0, err
    assert report.rows_loaded == 1
    assert street_rows(loaded) == REAL_ROWS + 12 * 7700 + 1
    assert [e.load_id for e in loaded.journal.entries()][-1] == report.load_id


def test_a_writer_killed_while_holding_the_lock_releases_it(
    loaded: Workspace, west_mercia_dir: Path, tmp_path: Path
) -> None:
    months = [f"{year}-{month:02d}" for year in range(2016, 2024) for month in range(1, 13)]
    folder = many_months(west_mercia_dir / "2024-01-west-mercia-street.csv", tmp_path / "m", months)
    process = safer(loaded, "ingest", "police-uk", str(folder))
    deadline = time.monotonic() + 60
    while not loaded.journal.pending():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert loaded.lock.holder() is not None  # it died holding the lock, and said so
    with Workspace(loaded.root, wait=False).writer():  # the lock is free at once
        pass
    assert not loaded.journal.pending()
    assert street_rows(loaded) == REAL_ROWS
    with (  # while this process writes, another writer that will not wait is refused
        pytest.raises(WorkspaceBusyError),
        loaded.writer(),
        Workspace(loaded.root, wait=False).writer(),
    ):
        pass
