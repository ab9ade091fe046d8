"""``safer users``: the accounts of the web application, one call into
:class:`saferinsight.accounts.users.Accounts` each. A new or reset account gets a temporary
password, printed once, to be changed at the first sign-in."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click

from saferinsight.cli.advice import errors as _errors
from saferinsight.cli.context import acting_user, workspace_of

if TYPE_CHECKING:
    from saferinsight.accounts.users import Accounts, NewAccount, UserView

#: The outcomes of a sign-in attempt (:data:`saferinsight.accounts.users.SIGN_IN_OUTCOMES`,
#: written out so that the command line starts without importing the accounts library).
SIGN_IN_OUTCOMES = (
    "signed-in",
    "change-password",
    "two-factor",
    "set-up-two-factor",
    "refused",
    "locked",
    "disabled",
)
_ROLE = click.Choice(
    ["administrator", "analyst", "business-manager", "agency-contributor", "board-member"]
)


def _accounts(ctx: click.Context, accounts: type[Accounts]) -> Accounts:
    from saferinsight.records.service import Records

    return accounts(Records(workspace_of(ctx), actor=acting_user(ctx)))


@click.group("users")
def users() -> None:
    """Accounts of the people who sign in to the web application ('safer serve')."""


@users.command("add")
@click.argument("username")
@click.option("--name", "display_name", required=True, help="The person's name.")
@click.option("--partnership", required=True, help="The partnership's key.")
@click.option("--role", required=True, type=_ROLE, help="Their role in it.")
@click.option("--children", is_flag=True, help="May see children's safeguarding reviews.")
@click.option("--adults", is_flag=True, help="May see adults' safeguarding reviews.")
@click.option("--agency", help="The agency they work for (agency contributors need it).")
@click.option("--email", help="Their e-mail address.")
@click.pass_context
@_errors
def add(
    ctx: click.Context,
    username: str,
    display_name: str,
    partnership: str,
    role: str,
    children: bool,
    adults: bool,
    agency: str | None,
    email: str | None,
) -> None:
    """Add an account with a role in a partnership; prints its temporary password once."""
    from saferinsight.accounts.users import Accounts

    made = _accounts(ctx, Accounts).add(
        username,
        display_name=display_name,
        grants={partnership: role},
        children=children,
        adults=adults,
        agency=agency,
        email=email,
    )
    _new(made, "Added")


@users.command("grant")
@click.argument("username")
@click.option("--partnership", required=True, help="The partnership's key.")
@click.option("--role", required=True, type=_ROLE, help="Their role in it.")
@click.option("--children", is_flag=True, help="May see children's safeguarding reviews.")
@click.option("--adults", is_flag=True, help="May see adults' safeguarding reviews.")
@click.pass_context
@_errors
def grant(
    ctx: click.Context, username: str, partnership: str, role: str, children: bool, adults: bool
) -> None:
    """Give an account a role in a partnership (or change it)."""
    from saferinsight.accounts.users import Accounts

    user = _accounts(ctx, Accounts).grant(
        username, partnership, role, children=children, adults=adults
    )
    click.echo(f"{user.username}: {_grants(user)}")


@users.command("revoke")
@click.argument("username")
@click.option("--partnership", required=True, help="The partnership's key.")
@click.pass_context
@_errors
def revoke(ctx: click.Context, username: str, partnership: str) -> None:
    """Remove an account from a partnership."""
    from saferinsight.accounts.users import Accounts

    user = _accounts(ctx, Accounts).revoke(username, partnership)
    click.echo(f"{user.username}: {_grants(user) or 'no partnership'}")


@users.command("disable")
@click.argument("username")
@click.pass_context
@_errors
def disable(ctx: click.Context, username: str) -> None:
    """Disable an account: it can no longer sign in, and its sessions end."""
    from saferinsight.accounts.users import Accounts

    _accounts(ctx, Accounts).set_disabled(username, True)
    click.echo(f"Disabled {username}.")


@users.command("enable")
@click.argument("username")
@click.pass_context
@_errors
def enable(ctx: click.Context, username: str) -> None:
    """Enable a disabled account again."""
    from saferinsight.accounts.users import Accounts

    _accounts(ctx, Accounts).set_disabled(username, False)
    click.echo(f"Enabled {username}.")


@users.command("reset")
@click.argument("username")
@click.option("--two-factor", is_flag=True, help="Also forget the authenticator app.")
@click.pass_context
@_errors
def reset(ctx: click.Context, username: str, two_factor: bool) -> None:
    """Give an account a new temporary password (printed once), to change at sign-in."""
    from saferinsight.accounts.users import Accounts

    _new(_accounts(ctx, Accounts).reset(username, two_factor=two_factor), "Reset")


@users.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.pass_context
@_errors
def list_users(ctx: click.Context, fmt: str) -> None:
    """List the accounts, their roles and when they last signed in."""
    from saferinsight.accounts.users import Accounts
    from saferinsight.cli import render

    rows = [
        (
            u.username,
            u.display_name,
            u.agency or "",
            _grants(u),
            "yes" if u.two_factor else "",
            "disabled" if u.disabled else "",
            u.last_sign_in.isoformat(sep=" ", timespec="minutes") if u.last_sign_in else "",
        )
        for u in _accounts(ctx, Accounts).list()
    ]
    columns = ("user", "name", "agency", "roles", "two-factor", "state", "last sign-in")
    render.emit_rows(columns, rows, fmt=fmt, empty="No accounts yet ('safer users add').")


_DATE = click.DateTime(formats=["%Y-%m-%d"])


@users.command("sign-ins")
@click.option("--user", "username", help="Only attempts on this account.")
@click.option(
    "--outcome",
    type=click.Choice(["failed", *SIGN_IN_OUTCOMES]),
    help="Only attempts with this outcome ('failed': refused, locked or disabled).",
)
@click.option("--since", type=_DATE, help="Only attempts on or after this day (YYYY-MM-DD).")
@click.option("--until", type=_DATE, help="Only attempts on or before this day (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.pass_context
@_errors
def sign_ins(
    ctx: click.Context,
    username: str | None,
    outcome: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    fmt: str,
) -> None:
    """Sign-in attempts, newest first: when, which account, from where, and the outcome (a
    name that matches no account shows as '(no such account)', never the text typed)."""
    from saferinsight.accounts.users import Accounts
    from saferinsight.cli import render

    attempts = _accounts(ctx, Accounts).sign_ins(
        username=username,
        outcome=outcome,
        since=since.date() if since else None,
        until=until.date() if until else None,
        limit=limit,
    )
    rows = [
        (a.at.isoformat(sep=" ", timespec="seconds"), a.who, a.address, a.outcome) for a in attempts
    ]
    columns = ("at", "user", "address", "outcome")
    render.emit_rows(columns, rows, fmt=fmt, empty="No sign-in attempts found.")


def _grants(user: UserView) -> str:
    return "; ".join(
        f"{g.partnership}: {g.role}"
        + (" + children" if g.children else "")
        + (" + adults" if g.adults else "")
        for g in user.grants
    )


def _new(made: NewAccount, verb: str) -> None:
    click.echo(f"{verb} {made.user.username} ({_grants(made.user) or 'no partnership'}).")
    click.echo(
        f"Temporary password (shown once; it must be changed at the first sign-in): {made.password}"
    )
