"""The pages' results: kept per generation, served while a newer generation is analysed, and
computed once when many ask at the same time."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from saferinsight.dashboard.cache import LatestResults
from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace import Workspace


def count(warehouse: Warehouse) -> int:
    found: int = warehouse.execute("SELECT count(*) FROM street").fetchone()[0]
    return found


def load(workspace: Workspace, folder: Path, month: str, rows: int) -> None:
    write_police_csv(
        folder / f"{month}-west-mercia-street.csv",
        [street_row(month=month) for _ in range(rows)],
    )
    ingest_police_uk(workspace, [folder / f"{month}-west-mercia-street.csv"])


def test_after_a_load_the_figures_before_it_are_served_until_the_new_ones_are_made(
    tmp_path: Path,
) -> None:
    workspace = Workspace(tmp_path / "ws")
    load(workspace, tmp_path, "2024-01", 3)
    results = LatestResults()
    with workspace.reader() as warehouse:
        assert results.get(workspace, warehouse, ("n",), count) == 3
    load(workspace, tmp_path, "2024-02", 4)  # a new generation is published
    with workspace.reader() as warehouse:
        assert results.get(workspace, warehouse, ("n",), count) == 3  # kept, not recomputed here
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the background analysis of the new generation
        with workspace.reader() as warehouse:
            if results.get(workspace, warehouse, ("n",), count) == 7:
                break
        time.sleep(0.05)
    with workspace.reader() as warehouse:
        assert results.get(workspace, warehouse, ("n",), count) == 7


def test_a_result_asked_for_by_many_at_once_is_computed_once(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    load(workspace, tmp_path, "2024-01", 2)
    results = LatestResults()
    calls: list[int] = []
    gate = threading.Barrier(8)

    def slow(warehouse: Warehouse) -> int:
        calls.append(1)
        time.sleep(0.3)
        return count(warehouse)

    answers: list[int] = []

    def ask() -> None:
        with workspace.reader() as warehouse:
            gate.wait()
            answers.append(results.get(workspace, warehouse, ("n",), slow))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [2] * 8
    assert len(calls) == 1


def test_the_oldest_result_is_dropped_beyond_the_size(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    load(workspace, tmp_path, "2024-01", 1)
    results = LatestResults(size=2)
    with workspace.reader() as warehouse:
        for key in ("a", "b", "c"):
            results.get(workspace, warehouse, (key,), count)
        assert results.get(workspace, warehouse, ("a",), lambda w: -1) == -1  # made again
        assert results.get(workspace, warehouse, ("c",), lambda w: -1) == 1  # kept
