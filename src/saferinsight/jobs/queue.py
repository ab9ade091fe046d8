"""The persisted queue: jobs in the records database (SQLite or PostgreSQL), so that any
process may add one and any worker process may run it, and a job outlives a server restart.

A job is ``queued``, then ``running`` (claimed by one worker: the claim is a conditional
update, so two workers never take the same job), then ``done`` or ``failed``. A running job's
worker writes a heartbeat; a job whose worker fell silent (the server stopped or was killed) is
queued again once, then failed with a message saying so (:meth:`JobQueue.recover`).

Who may do what is decided by :func:`saferinsight.records.permissions.can`: a kind of job
names the permission needed to start it and to see it (:data:`KIND_ACTIONS`), in the job's
partnership and, for an agency's data, for that agency.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from saferinsight.workspace import Workspace
>>> queue = JobQueue(Workspace(Path(tempfile.mkdtemp())))
>>> job = queue.submit("report", "sscp", {"area": "Shropshire"})
>>> job.status, job.progress, queue.claim("worker-1").id == job.id, queue.claim("worker-2")
('queued', 0, True, None)
"""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from saferinsight.clock import Clock
from saferinsight.errors import Hint, RecordNotFoundError
from saferinsight.records.permissions import LOCAL, Principal, can, denied
from saferinsight.records.service import Records
from saferinsight.records.tables.jobs import Job
from saferinsight.workspace import Workspace

__all__ = [
    "HEARTBEAT",
    "KIND_ACTIONS",
    "MAX_ATTEMPTS",
    "STALE_AFTER",
    "Handler",
    "JobQueue",
    "JobView",
    "Progress",
    "worker_name",
]

#: Per kind of job: the permission to start one, and the permission to see it.
KIND_ACTIONS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "report": ("run-reports", "view-reports"),
        "check-upload": ("upload-data", "upload-data"),
        "load-upload": ("upload-data", "upload-data"),
    }
)
#: How often a worker says a running job is alive.
HEARTBEAT = timedelta(seconds=10)
#: How long a running job's worker may be silent before the job is taken back.
STALE_AFTER = timedelta(seconds=60)
#: How many times a job is started before one that keeps stopping is failed.
MAX_ATTEMPTS = 2
STATUSES = ("queued", "running", "done", "failed")


@dataclass(frozen=True)
class JobView:
    """One job as its page shows it."""

    id: int
    kind: str
    partnership: str
    agency: str | None
    params: Mapping[str, Any]
    status: str
    progress: int
    stage: str
    submitted_by: str
    submitted_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    attempts: int
    result: Mapping[str, Any] | None
    error: str | None

    @property
    def finished(self) -> bool:
        """Whether the job has ended (done or failed)."""
        return self.status in ("done", "failed")


#: Told how far a job is: a percentage and what it is doing.
Progress = Callable[[int, str], None]
#: Does a job's work (given the workspace, the job and its progress) and returns what it made.
Handler = Callable[[Workspace, "JobView", Progress], Mapping[str, Any]]


def worker_name() -> str:
    """This worker's name: host, process and thread (how a dead worker on this host is told)."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"[:200]


class JobQueue:
    """The queue of a workspace, as ``principal`` (named ``actor`` in the history) uses it.

    Workers use it as :data:`~saferinsight.records.permissions.LOCAL` (the default).
    """

    def __init__(
        self,
        workspace: Workspace,
        *,
        actor: str = "jobs",
        principal: Principal = LOCAL,
        clock: Clock | None = None,
    ) -> None:
        self.workspace = workspace
        self.principal = principal
        self.records = Records(workspace, actor=actor, principal=principal, clock=clock)
        self.clock = self.records.clock

    # -- starting and reading ---------------------------------------------------------------

    def submit(
        self,
        kind: str,
        partnership: str,
        params: Mapping[str, Any],
        *,
        agency: str | None = None,
    ) -> JobView:
        """Queue a job of ``kind`` for ``partnership`` (logged in the history)."""
        with self.records.session(write=True) as session:
            return self.submit_in(session, kind, partnership, params, agency=agency)

    def submit_in(
        self,
        session: Session,
        kind: str,
        partnership: str,
        params: Mapping[str, Any],
        *,
        agency: str | None = None,
    ) -> JobView:
        """:meth:`submit` in a write session the caller holds (queued when it commits)."""
        start, _ = _actions(kind)
        if not can(self.principal, start, partnership=partnership, agency=agency):
            raise denied(self.principal, start, partnership)
        job = Job(
            kind=kind,
            partnership=partnership,
            agency=agency,
            params=json.dumps(dict(params), sort_keys=True, default=str),
            status="queued",
            progress=0,
            stage="Waiting to start",
            submitted_by=self.records.actor,
            submitted_at=self.clock.now(),
            attempts=0,
        )
        session.add(job)
        session.flush()
        self.records.log_change(
            session, "add", "job", job.id, _label(job), None, job.params, partnership=partnership
        )
        return _view(job)

    def get(
        self, job_id: int, *, partnership: str | None = None, kind: str | None = None
    ) -> JobView:
        """One job (of ``partnership`` and ``kind``, if given), if the principal may see it."""
        with self.records.session() as session:
            job = session.get(Job, job_id)
            if (
                job is None
                or (partnership is not None and job.partnership != partnership)
                or (kind is not None and job.kind != kind)
            ):
                raise _not_found(job_id)
            self._check_sees(job)
            return _view(job)

    def list(
        self, partnership: str, *, kind: str | None = None, limit: int = 50
    ) -> tuple[JobView, ...]:
        """The partnership's jobs the principal may see, newest first."""
        with self.records.session() as session:
            query = select(Job).where(Job.partnership == partnership).order_by(Job.id.desc())
            if kind is not None:
                query = query.where(Job.kind == kind)
            return tuple(
                _view(job) for job in session.scalars(query.limit(limit)) if self._sees(job)
            )

    def _sees(self, job: Job) -> bool:
        return can(
            self.principal, _actions(job.kind)[1], partnership=job.partnership, agency=job.agency
        )

    def _check_sees(self, job: Job) -> None:
        if not self._sees(job):
            raise denied(self.principal, _actions(job.kind)[1], job.partnership)

    def log(self, job: JobView, action: str, detail: str) -> None:
        """Write something done with a job's output (a download) to the history."""
        with self.records.session(write=True) as session:
            self.records.log_change(
                session, action, "job", job.id, detail, None, None, partnership=job.partnership
            )

    # -- the worker's side -------------------------------------------------------------------

    def claim(self, worker: str) -> JobView | None:
        """Take the oldest queued job for ``worker``, or None if there is none."""
        while True:
            with self.records.session(write=True) as session:
                found = session.scalars(
                    select(Job.id).where(Job.status == "queued").order_by(Job.id).limit(1)
                ).first()
                if found is None:
                    return None
                now = self.clock.now()
                taken = session.execute(
                    update(Job)
                    .where(Job.id == found, Job.status == "queued")
                    .values(
                        status="running",
                        worker=worker,
                        started_at=now,
                        heartbeat_at=now,
                        attempts=Job.attempts + 1,
                        stage="Started",
                    )
                )
                if getattr(taken, "rowcount", 0) == 1:
                    job = session.get(Job, found)
                    assert job is not None
                    session.refresh(job)
                    return _view(job)
            # another worker took it first: try the next one

    def progress(self, job_id: int, percent: int, stage: str) -> None:
        """Say how far a running job is (also its heartbeat)."""
        self._running(job_id, progress=max(0, min(100, percent)), stage=stage[:300])

    def heartbeat(self, job_id: int) -> None:
        """Say a running job's worker is alive."""
        self._running(job_id)

    def _running(self, job_id: int, **values: Any) -> None:
        with self.records.session(write=True) as session:
            session.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "running")
                .values(heartbeat_at=self.clock.now(), **values)
            )

    def finish(self, job_id: int, result: Mapping[str, Any]) -> None:
        """Mark a job done with what it made."""
        self._end(job_id, "done", result=json.dumps(dict(result), default=str), stage="Done")

    def fail(self, job_id: int, message: str) -> None:
        """Mark a job failed with a message for the person who started it."""
        self._end(job_id, "failed", error=message, stage="Failed")

    def _end(self, job_id: int, status: str, **values: Any) -> None:
        with self.records.session(write=True) as session:
            job = session.get(Job, job_id)
            if job is None:
                raise _not_found(job_id)
            job.status = status
            job.finished_at = self.clock.now()
            job.progress = 100 if status == "done" else job.progress
            for name, value in values.items():
                setattr(job, name, value)
            self.records.log_change(
                session, status, "job", job.id, _label(job), None, None, partnership=job.partnership
            )

    def recover(self, *, stale_after: timedelta = STALE_AFTER) -> tuple[int, ...]:
        """Take back running jobs whose worker stopped: queued again, or failed once they have
        been started :data:`MAX_ATTEMPTS` times. Returns the jobs taken back."""
        now = self.clock.now()
        taken: list[int] = []
        with self.records.session(write=True) as session:
            for job in session.scalars(select(Job).where(Job.status == "running")):
                if not _stopped(job, now, stale_after):
                    continue
                taken.append(job.id)
                if job.attempts < MAX_ATTEMPTS:
                    job.status, job.worker, job.progress = "queued", None, 0
                    job.stage = "Waiting to start again: the server stopped while it ran"
                else:
                    job.status, job.finished_at = "failed", now
                    job.stage = "Failed"
                    job.error = (
                        f"The job stopped {job.attempts} times without finishing (the server "
                        "stopped while it ran). Start it again; if it stops again, tell an "
                        "administrator."
                    )
        return tuple(taken)


def _stopped(job: Job, now: datetime, stale_after: timedelta) -> bool:
    """Whether a running job's worker has stopped: a process of this host that is gone, or a
    heartbeat older than ``stale_after``."""
    host, _, rest = (job.worker or "").partition(":")
    pid = rest.partition(":")[0]
    if host == socket.gethostname() and pid.isdigit() and not _alive(int(pid)):
        return True
    return job.heartbeat_at is None or now - job.heartbeat_at > stale_after


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _actions(kind: str) -> tuple[str, str]:
    found = KIND_ACTIONS.get(kind)
    if found is None:
        raise ValueError(f"unknown kind of job {kind!r}; add it to jobs.queue.KIND_ACTIONS")
    return found


def _label(job: Job) -> str:
    params = json.loads(job.params or "{}")
    what = ", ".join(f"{k} {v}" for k, v in sorted(params.items()) if not isinstance(v, list))
    return f"{job.kind} job {job.id}: {what}"[:300]


def _not_found(job_id: int) -> RecordNotFoundError:
    return RecordNotFoundError(
        f"There is no job {job_id}.",
        hint=Hint("retry", "Open the job from the list of reports."),
    )


def _view(job: Job) -> JobView:
    return JobView(
        id=job.id,
        kind=job.kind,
        partnership=job.partnership,
        agency=job.agency,
        params=MappingProxyType(json.loads(job.params or "{}")),
        status=job.status,
        progress=job.progress,
        stage=job.stage,
        submitted_by=job.submitted_by,
        submitted_at=job.submitted_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        attempts=job.attempts,
        result=MappingProxyType(json.loads(job.result)) if job.result else None,
        error=job.error,
    )
