"""What every command takes from the command line's context: the workspace, and who is acting."""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from saferinsight.workspace import Workspace, WriterInfo


def workspace_of(ctx: click.Context) -> Workspace:
    from saferinsight.settings import load_settings
    from saferinsight.workspace import Workspace

    params = ctx.find_root().params
    settings = load_settings(workspace=params.get("workspace"))
    return Workspace(
        settings.workspace,
        settings=settings,
        wait=not params.get("no_wait"),
        on_wait=_tell_waiting,
    )


def _tell_waiting(holder: WriterInfo | None) -> None:
    who = holder.describe() if holder else "another process"
    click.echo(
        f"Waiting for {who} to finish writing to the workspace (Ctrl+C to stop; --no-wait "
        "fails at once instead)...",
        err=True,
    )


def acting_user(ctx: click.Context) -> str:
    """Who is acting, for the records' history: ``--as``, else the operating system's user."""
    given = ctx.find_object(dict) or {}
    return str(given.get("as") or getpass.getuser())
