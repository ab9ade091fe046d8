"""``safer serve``: the web application, served by waitress (never Flask's development
server)."""

from __future__ import annotations

import click

from saferinsight.cli.advice import errors as _errors
from saferinsight.cli.context import workspace_of


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Requests served at once.",
)
@click.option(
    "--behind-tls",
    is_flag=True,
    help="Served behind a reverse proxy that terminates TLS: Secure cookies, HSTS, and the "
    "proxy's X-Forwarded-For and -Proto trusted.",
)
@click.option(
    "--no-jobs",
    is_flag=True,
    help="Do not run queued jobs in this process (a 'safer jobs run' process runs them).",
)
@click.pass_context
@_errors
def serve(
    ctx: click.Context, host: str, port: int, threads: int, behind_tls: bool, no_jobs: bool
) -> None:
    """Serve the web application over the workspace until stopped (Ctrl+C)."""
    import waitress

    from saferinsight.jobs.runner import JobWorker
    from saferinsight.web.app import create_app

    workspace = workspace_of(ctx)
    app = create_app(workspace, behind_tls=behind_tls)
    worker = None if no_jobs else JobWorker(workspace)
    if worker is not None:
        worker.start()
    click.echo(f"Safer Insight on http://{host}:{port}/ (Ctrl+C stops it).")
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="Safer Insight")
    finally:
        if worker is not None:
            worker.stop(timeout=5)
