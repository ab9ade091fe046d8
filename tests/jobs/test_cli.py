"""``safer jobs run``: a process of its own works the queue the web application fills."""

from __future__ import annotations

from pathlib import Path

from saferinsight.jobs.queue import JobQueue
from saferinsight.workspace import Workspace
from tests.test_cli_errors import invoke


def test_jobs_run_once_runs_the_queue_and_says_what_it_did(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    queue = JobQueue(workspace)
    # a report of an empty workspace: the job fails, with the library's message
    job = queue.submit(
        "report",
        "sscp",
        {"area": "Shropshire", "period": "2024/25", "edition": "full", "formats": ["html"]},
    )
    result = invoke(workspace, "jobs", "run", "--once")
    assert result.exit_code == 0, result.output
    assert result.output == "0 jobs done, 1 failed, 0 taken back from a worker that had stopped.\n"
    failed = queue.get(job.id)
    assert failed.status == "failed"
    assert failed.error is not None
    assert "no workspace here yet" in failed.error
    assert "Traceback" not in failed.error
