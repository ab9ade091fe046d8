"""``safer jobs``: the background work the web application queues (reports, the loads of
accepted uploads), run by a process of its own beside ``safer serve``."""

from __future__ import annotations

import click

from saferinsight.cli.advice import errors as _errors
from saferinsight.cli.context import workspace_of


@click.group("jobs")
def jobs() -> None:
    """The queue of background work started from the web application."""


@jobs.command("run")
@click.option(
    "--once", is_flag=True, help="Run the queued jobs, then stop (default: keep working)."
)
@click.option(
    "--poll",
    type=click.FloatRange(0.1, 3600),
    default=2.0,
    show_default=True,
    help="Seconds between looks at the queue.",
)
@click.pass_context
@_errors
def jobs_run(ctx: click.Context, once: bool, poll: float) -> None:
    """Run queued jobs: reports and the loads of accepted uploads (Ctrl+C stops)."""
    from saferinsight.jobs.runner import run_jobs

    if not once:
        click.echo("Working the job queue (Ctrl+C stops).")
    done = run_jobs(workspace_of(ctx), once=once, poll_seconds=poll)
    if once:
        click.echo(
            f"{len(done.done)} jobs done, {len(done.failed)} failed, "
            f"{len(done.recovered)} taken back from a worker that had stopped."
        )
