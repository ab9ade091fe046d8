"""The worker that runs queued jobs: inside ``safer serve`` (a thread) or as ``safer jobs run``
(a process of its own). Any number of workers may share one queue.

A job's work is a *handler* for its kind: given the workspace, the job and a ``progress``
callable, it does the work and returns what it made (stored as the job's result). An
:class:`~saferinsight.errors.AppError` fails the job with its message (the person who started
it reads it on the job's page); anything else fails it with a general message, the details in
the log, never a traceback on a page.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from saferinsight.errors import AppError
from saferinsight.jobs.queue import HEARTBEAT, Handler, JobQueue, JobView, worker_name
from saferinsight.workspace import Workspace

__all__ = ["JobWorker", "WorkerRun", "default_handlers", "run_jobs"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerRun:
    """What a worker did: the jobs it ran, and which of them failed."""

    done: tuple[int, ...]
    failed: tuple[int, ...]
    recovered: tuple[int, ...]


def default_handlers() -> dict[str, Handler]:
    """The handler of every kind of job."""
    from saferinsight.jobs.reports import run_report_job
    from saferinsight.jobs.uploads import run_check_job, run_load_job

    return {"report": run_report_job, "check-upload": run_check_job, "load-upload": run_load_job}


class JobWorker:
    """Runs a workspace's queued jobs, one at a time."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        handlers: Mapping[str, Handler] | None = None,
        poll_seconds: float = 2.0,
    ) -> None:
        self.workspace = workspace
        self.queue = JobQueue(workspace)
        self.handlers = dict(handlers) if handlers is not None else default_handlers()
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> WorkerRun:
        """Take back stopped jobs, then run queued ones until none is left."""
        recovered = self.queue.recover()
        done: list[int] = []
        failed: list[int] = []
        name = worker_name()
        while not self._stop.is_set():
            job = self.queue.claim(name)
            if job is None:
                break
            (done if self.run(job) else failed).append(job.id)
        return WorkerRun(tuple(done), tuple(failed), recovered)

    def run(self, job: JobView) -> bool:
        """Run one claimed job to its end; whether it succeeded."""
        handler = self.handlers.get(job.kind)
        if handler is None:
            self.queue.fail(job.id, f"This server cannot run jobs of kind {job.kind!r}.")
            return False
        beating = threading.Event()
        beat = threading.Thread(
            target=self._beat, args=(job.id, beating), name=f"job-{job.id}-heartbeat", daemon=True
        )
        beat.start()
        try:
            result = handler(
                self.workspace,
                job,
                lambda percent, stage: self.queue.progress(job.id, percent, stage),
            )
        except AppError as error:
            self.queue.fail(job.id, str(error))
            return False
        except Exception:
            log.exception("job %s (%s) failed", job.id, job.kind)
            self.queue.fail(
                job.id, "Something went wrong. The error has been logged; please try again."
            )
            return False
        finally:
            beating.set()
            beat.join()
        self.queue.finish(job.id, result)
        return True

    def _beat(self, job_id: int, done: threading.Event) -> None:
        while not done.wait(HEARTBEAT.total_seconds()):
            try:
                self.queue.heartbeat(job_id)
            except Exception:  # a missed heartbeat is not worth stopping the job for
                log.warning("heartbeat of job %s failed", job_id, exc_info=True)

    def run_forever(self) -> None:
        """Work the queue until :meth:`stop` (checking every ``poll_seconds``)."""
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the records database is unreachable: try again later
                log.exception("the job worker could not read the queue")
            self._stop.wait(self.poll_seconds)

    def start(self) -> None:
        """Work the queue in a background thread (a web server's worker)."""
        self._thread = threading.Thread(target=self.run_forever, name="safer-jobs", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Stop after the job running now (if any)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


def run_jobs(workspace: Workspace, *, once: bool = False, poll_seconds: float = 2.0) -> WorkerRun:
    """Run the workspace's queued jobs: until none is left (``once``), or until interrupted.

    A process of its own, beside the web server or on another machine sharing the workspace
    and the records database (``safer jobs run``).
    """
    worker = JobWorker(workspace, poll_seconds=poll_seconds)
    if once:
        return worker.run_once()
    try:
        worker.run_forever()
    except KeyboardInterrupt:
        worker.stop()
    return WorkerRun((), (), ())
