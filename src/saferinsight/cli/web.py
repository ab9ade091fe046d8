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
@click.pass_context
@_errors
def serve(ctx: click.Context, host: str, port: int, threads: int, behind_tls: bool) -> None:
    """Serve the web application over the workspace until stopped (Ctrl+C)."""
    import waitress

    from saferinsight.web.app import create_app

    app = create_app(workspace_of(ctx), behind_tls=behind_tls)
    click.echo(f"Safer Insight on http://{host}:{port}/ (Ctrl+C stops it).")
    waitress.serve(app, host=host, port=port, threads=threads, ident="Safer Insight")
