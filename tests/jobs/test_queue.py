"""The persisted queue and its worker, on SQLite and PostgreSQL: claims, progress, failures with
a message, and jobs taken back after their worker stopped (a server restart)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest

from saferinsight.clock import FixedClock
from saferinsight.errors import OptionError, PermissionDeniedError, RecordNotFoundError
from saferinsight.jobs.queue import MAX_ATTEMPTS, STALE_AFTER, JobQueue, JobView, Progress
from saferinsight.jobs.runner import JobWorker
from saferinsight.records.permissions import Grant, Principal
from saferinsight.records.service import Records
from saferinsight.workspace import Workspace
from tests.conftest import NOW

PARAMS = {"area": "Shropshire", "period": "2024/25", "edition": "full", "formats": ["html"]}
BOARD = Principal("bea", grants=(Grant("sscp", "board-member"),))
ANALYST = Principal("ann", grants=(Grant("sscp", "analyst"),))
TELFORD = Principal("tom", grants=(Grant("twp", "analyst"),))
POLICE = Principal("pat", grants=(Grant("sscp", "agency-contributor"),), agency="Police")
FIRE = Principal("fay", grants=(Grant("sscp", "agency-contributor"),), agency="Fire")


def _add(records_workspace: Workspace, who: Principal = ANALYST, **kw: Any) -> JobView:
    return JobQueue(records_workspace, actor=who.name, principal=who).submit(
        kw.pop("kind", "report"), kw.pop("partnership", "sscp"), kw.pop("params", PARAMS), **kw
    )


def test_a_job_is_claimed_once_and_its_progress_and_result_kept(
    records_workspace: Workspace,
) -> None:
    job = _add(records_workspace)
    queue = JobQueue(records_workspace)
    claimed = queue.claim("one")
    assert claimed is not None
    assert claimed.id == job.id
    assert (claimed.status, claimed.attempts) == ("running", 1)
    assert queue.claim("two") is None
    queue.progress(job.id, 40, "Writing the files")
    seen = queue.get(job.id)
    assert (seen.progress, seen.stage) == (40, "Writing the files")
    queue.finish(job.id, {"files": {"html": "x.html"}})
    done = queue.get(job.id)
    assert (done.status, done.progress, done.result) == ("done", 100, {"files": {"html": "x.html"}})
    history = Records(records_workspace, actor="x").history(kind=None, partnership="sscp")
    assert [h.action for h in history if h.kind == "job"] == ["done", "add"]


def test_two_workers_never_take_the_same_job(records_workspace: Workspace) -> None:
    jobs = {_add(records_workspace).id for _ in range(6)}
    taken: list[int] = []
    guard = threading.Lock()

    def work(name: str) -> None:
        queue = JobQueue(records_workspace)
        while (job := queue.claim(name)) is not None:
            with guard:
                taken.append(job.id)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(jobs)


def test_who_may_start_and_see_a_job(records_workspace: Workspace) -> None:
    with pytest.raises(PermissionDeniedError):
        _add(records_workspace, BOARD)
    job = _add(records_workspace)
    board = JobQueue(records_workspace, actor="bea", principal=BOARD)
    assert board.get(job.id).id == job.id  # a board member reads the partnership's reports
    with pytest.raises(RecordNotFoundError):
        board.get(job.id, partnership="twp")  # not under another partnership's address
    telford = JobQueue(records_workspace, actor="tom", principal=TELFORD)
    with pytest.raises(PermissionDeniedError):
        telford.get(job.id)
    assert telford.list("sscp") == ()
    police_load = _add(
        records_workspace, POLICE, kind="load-upload", params={"upload": 1}, agency="Police"
    )
    with pytest.raises(PermissionDeniedError):
        _add(records_workspace, POLICE, kind="load-upload", params={"upload": 1}, agency="Fire")
    fire = JobQueue(records_workspace, actor="fay", principal=FIRE)
    with pytest.raises(PermissionDeniedError):
        fire.get(police_load.id)
    assert fire.list("sscp", kind="load-upload") == ()


def _handlers(calls: list[str]) -> Mapping[str, Any]:
    def report(workspace: Workspace, job: JobView, progress: Progress) -> Mapping[str, Any]:
        calls.append(str(job.params["area"]))
        progress(50, "Half way")
        if job.params["area"] == "Nowhere":
            raise OptionError("area", "'Nowhere' is not an area.")
        if job.params["area"] == "Bug":
            raise ZeroDivisionError("a bug")
        return {"area": job.params["area"]}

    return {"report": report}


def test_the_worker_runs_each_job_and_fails_one_with_a_message(
    records_workspace: Workspace,
) -> None:
    good = _add(records_workspace)
    bad = _add(records_workspace, params={**PARAMS, "area": "Nowhere"})
    bug = _add(records_workspace, params={**PARAMS, "area": "Bug"})
    calls: list[str] = []
    run = JobWorker(records_workspace, handlers=_handlers(calls)).run_once()
    assert (run.done, run.failed) == ((good.id,), (bad.id, bug.id))
    assert calls == ["Shropshire", "Nowhere", "Bug"]
    queue = JobQueue(records_workspace)
    assert queue.get(good.id).result == {"area": "Shropshire"}
    failed = queue.get(bad.id)
    assert (failed.status, failed.progress) == ("failed", 50)
    assert failed.error is not None
    assert "'Nowhere' is not an area." in failed.error
    assert queue.get(bug.id).error == (
        "Something went wrong. The error has been logged; please try again."
    )


def test_a_job_queued_before_a_restart_is_run_after_it(records_workspace: Workspace) -> None:
    job = _add(records_workspace)  # by one process ...
    calls: list[str] = []
    run = JobWorker(records_workspace, handlers=_handlers(calls)).run_once()  # ... run by another
    assert run.done == (job.id,)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_job_whose_worker_stopped_is_queued_again_then_failed(
    records_workspace: Workspace,
) -> None:
    job = _add(records_workspace)
    queue = JobQueue(records_workspace)
    dead = f"{socket.gethostname()}:{_dead_pid()}:MainThread"
    queue.claim(dead)
    # a worker of this host whose process is gone: taken back at once
    assert queue.recover() == (job.id,)
    again = queue.get(job.id)
    assert (again.status, again.attempts) == ("queued", 1)
    assert "the server stopped" in again.stage
    # a worker elsewhere that fell silent: taken back once its heartbeat is stale
    queue.claim("elsewhere:1:MainThread")
    assert queue.recover() == ()
    later = JobQueue(records_workspace, clock=FixedClock(NOW + STALE_AFTER + timedelta(seconds=1)))
    assert later.recover() == (job.id,)
    failed = queue.get(job.id)
    assert failed.attempts == MAX_ATTEMPTS
    assert failed.status == "failed"
    assert failed.error is not None
    assert "stopped 2 times" in failed.error
    assert later.claim("anyone") is None


def test_a_live_worker_keeps_its_job(records_workspace: Workspace) -> None:
    job = _add(records_workspace)
    queue = JobQueue(records_workspace)
    queue.claim(f"{socket.gethostname()}:{os.getpid()}:MainThread")
    assert queue.recover() == ()
    assert queue.get(job.id).status == "running"
