"""``safer records``: add, change, delete, list and show governance records of any kind, their
history, and the records database's schema. Each command is one call into
:class:`saferinsight.records.service.Records`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from saferinsight.cli.advice import errors as _errors
from saferinsight.cli.context import acting_user, workspace_of

if TYPE_CHECKING:
    from saferinsight.records.service import HistoryEntry, Records, RecordView

FORMATS = click.Choice(["table", "csv", "json"])


def open_records(ctx: click.Context, records: type[Records]) -> Records:
    """The workspace's records, for the acting user (each command imports the library class,
    so that the command's one library call is visible where it is made)."""
    return records(workspace_of(ctx), actor=acting_user(ctx))


def _pairs(values: Sequence[str]) -> dict[str, str]:
    """``field=value`` pairs from the command line."""
    pairs: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(
                f"{item!r} is not FIELD=VALUE (for example due=2025-03-31)", param_hint="--set"
            )
        pairs[name.strip()] = value
    return pairs


@click.group("records")
@click.option(
    "--as",
    "as_user",
    metavar="NAME",
    help="Who is making the changes, for the history [default: your user name].",
)
@click.pass_context
def records(ctx: click.Context, as_user: str | None) -> None:
    """Governance records: structure, priorities, action plans, case reviews, audits, funding.

    Every change is kept in the history with who made it; 'safer records kinds' lists the
    kinds of record and their fields.
    """
    ctx.ensure_object(dict)["as"] = as_user


@records.command("kinds")
@click.argument("kind", required=False)
@click.pass_context
@_errors
def kinds(ctx: click.Context, kind: str | None) -> None:
    """List the kinds of record, or the fields of one KIND with their codes."""
    from saferinsight.cli import render
    from saferinsight.records.kinds import KINDS, record_kind

    if kind is None:
        kinds_rows = [(k.key, k.label, k.parent or "") for k in KINDS.values()]
        render.emit_rows(("kind", "what it is", "belongs to"), kinds_rows, fmt="table")
        return
    spec = record_kind(kind)
    rows = [
        (
            f.name,
            (f.refers_to and f"{f.refers_to} (key or id)") or f.type,
            "yes" if f.required else "",
            f.help + (f" Codes: {', '.join(f.codes)}." if f.codes else ""),
        )
        for f in spec.fields
    ]
    render.emit_rows(("field", "type", "required", "meaning"), rows, fmt="table", title=spec.label)


@records.command("add")
@click.argument("kind")
@click.option("--set", "values", multiple=True, metavar="FIELD=VALUE", help="A field's value.")
@click.option("--format", "fmt", type=FORMATS, default="table")
@click.pass_context
@_errors
def add(ctx: click.Context, kind: str, values: tuple[str, ...], fmt: str) -> None:
    """Add a record of KIND (see 'safer records kinds KIND' for its fields)."""
    from saferinsight.records.service import Records

    _show(open_records(ctx, Records).add(kind, _pairs(values)), fmt=fmt, verb="Added")


@records.command("update")
@click.argument("kind")
@click.argument("record")
@click.option("--set", "values", multiple=True, metavar="FIELD=VALUE", help="A new value.")
@click.option(
    "--if-version",
    "version",
    type=int,
    help="The version you read: refuse the change if someone has changed the record since.",
)
@click.option("--format", "fmt", type=FORMATS, default="table")
@click.pass_context
@_errors
def update(
    ctx: click.Context,
    kind: str,
    record: str,
    values: tuple[str, ...],
    version: int | None,
    fmt: str,
) -> None:
    """Change fields of RECORD (its id or key)."""
    from saferinsight.records.service import Records

    changed = open_records(ctx, Records).update(kind, record, _pairs(values), version=version)
    _show(changed, fmt=fmt, verb="Updated")


@records.command("delete")
@click.argument("kind")
@click.argument("record")
@click.option("--if-version", "version", type=int, help="The version you read.")
@click.pass_context
@_errors
def delete(ctx: click.Context, kind: str, record: str, version: int | None) -> None:
    """Delete RECORD (its id or key) and the records that belong to it."""
    from saferinsight.records.service import Records

    gone = open_records(ctx, Records).delete(kind, record, version=version)
    click.echo(f"Deleted {gone.kind} {gone.id} ({gone.label}); the history keeps its values.")


@records.command("show")
@click.argument("kind")
@click.argument("record")
@click.option("--format", "fmt", type=FORMATS, default="table")
@click.pass_context
@_errors
def show(ctx: click.Context, kind: str, record: str, fmt: str) -> None:
    """Show one RECORD (its id or key)."""
    from saferinsight.records.service import Records

    _show(open_records(ctx, Records).get(kind, record), fmt=fmt)


@records.command("list")
@click.argument("kind")
@click.option("--where", "where", multiple=True, metavar="FIELD=VALUE", help="Only these.")
@click.option("--format", "fmt", type=FORMATS, default="table")
@click.pass_context
@_errors
def list_records(ctx: click.Context, kind: str, where: tuple[str, ...], fmt: str) -> None:
    """List the records of KIND, oldest first."""
    from saferinsight.cli import render
    from saferinsight.records.service import Records

    found = open_records(ctx, Records).list(kind, where=_pairs(where))
    names = list(found[0].values) if found else []
    rows = [(r.id, r.version, *(_cell(r.values[n], fmt) for n in names)) for r in found]
    render.emit_rows(("id", "version", *names), rows, fmt=fmt, empty=f"No {kind} records.")


@records.command("history")
@click.option("--kind", help="Only changes to records of this kind.")
@click.option("--record", help="Only changes to this record (id or key; needs --kind).")
@click.option("--by", "actor", help="Only changes by this person.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table")
@click.pass_context
@_errors
def history(
    ctx: click.Context,
    kind: str | None,
    record: str | None,
    actor: str | None,
    limit: int,
    fmt: str,
) -> None:
    """Show the history of changes, newest first, with the values before and after."""
    from saferinsight.cli import render

    if record is not None and kind is None:
        raise click.UsageError("--record needs --kind (the kind of the record).")
    from saferinsight.records.service import Records

    records = open_records(ctx, Records)
    entries = records.history(kind=kind, ident=record, actor=actor, limit=limit)
    if fmt == "json":
        render.write_json([e.to_dict() for e in entries])
        return
    rows = [_history_row(e) for e in entries]
    columns = ("when", "who", "action", "kind", "id", "record", "what changed")
    render.emit_rows(columns, rows, fmt=fmt, empty="No changes recorded.")


@records.command("access")
@click.option("--by", "actor", help="Only readings by this person.")
@click.option("--kind", help="Only readings of this kind of record.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table")
@click.pass_context
@_errors
def access(ctx: click.Context, actor: str | None, kind: str | None, limit: int, fmt: str) -> None:
    """Who read confidential records (case reviews, their recommendations and actions,
    audits), when and how, newest first."""
    from saferinsight.cli import render
    from saferinsight.records.service import Records

    log = open_records(ctx, Records).access_log(actor=actor, kind=kind, limit=limit)
    rows = [
        (
            a.at.isoformat(sep=" ", timespec="seconds"),
            a.actor,
            a.action,
            a.kind,
            "" if a.record_id is None else a.record_id,
            a.detail,
        )
        for a in log
    ]
    columns = ("when", "who", "action", "kind", "id", "detail")
    render.emit_rows(columns, rows, fmt=fmt, empty="No confidential records have been read.")


@records.command("upgrade")
@click.pass_context
@_errors
def upgrade(ctx: click.Context) -> None:
    """Upgrade the records database to this release's schema (done on first use anyway)."""
    from saferinsight.records.database import upgrade_records

    done = upgrade_records(workspace_of(ctx))
    if done.changed:
        click.echo(f"Upgraded {done.database} from {done.before or 'empty'} to {done.after}.")
    else:
        click.echo(f"{done.database} is already at schema {done.after}.")


def _cell(value: object, fmt: str) -> object:
    from saferinsight.records.values import shown

    value = shown(value)
    if fmt == "table" and isinstance(value, str) and len(value) > 60:
        return value[:57] + "..."
    return "" if value is None and fmt != "json" else value


def _show(view: RecordView, *, fmt: str, verb: str | None = None) -> None:
    from saferinsight.cli import render

    if fmt == "json":
        render.write_json(view.to_dict())
        return
    rows = [(name, _cell(value, "csv")) for name, value in view.values.items()]
    title = f"{view.kind} {view.id} ({view.label}), version {view.version}"
    render.emit_rows(("field", "value"), rows, fmt=fmt, title=f"{verb} {title}" if verb else title)


def _history_row(entry: HistoryEntry) -> tuple[Any, ...]:
    if entry.action == "update":
        what = "; ".join(
            f"{name}: {before!r} -> {after!r}" for name, before, after in entry.changes
        )
    elif entry.action == "delete":
        what = "deleted; was " + ", ".join(
            f"{k}={v!r}" for k, v in (entry.before or {}).items() if v is not None
        )
    else:
        what = ", ".join(f"{k}={v!r}" for k, v in (entry.after or {}).items() if v is not None)
    when = entry.at.isoformat(sep=" ", timespec="minutes")
    return (when, entry.actor, entry.action, entry.kind, entry.record_id, entry.label, what)


@records.command("import")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.pass_context
@_errors
def import_(ctx: click.Context, file: Path) -> None:
    """Add the records of a YAML file or an Excel workbook (as 'safer records export' writes
    them): all of them, or, if any has a problem, none, with every problem listed."""
    from saferinsight.records.service import Records
    from saferinsight.records.transfer import import_records

    done = import_records(open_records(ctx, Records), file)
    counts = ", ".join(f"{n} {kind}" for kind, n in done.added.items()) or "nothing"
    click.echo(f"Imported {done.records} record(s) from {done.source}: {counts}.")


@records.command("export")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--kind", "kinds", multiple=True, help="Only records of this kind (repeatable).")
@click.pass_context
@_errors
def export(ctx: click.Context, file: Path, kinds: tuple[str, ...]) -> None:
    """Write every record (or those of --kind) to FILE: .xlsx (a sheet per kind, with a
    documentation sheet and the code lists; an empty workspace gives a blank template) or
    .yaml."""
    from saferinsight.records.service import Records
    from saferinsight.records.transfer import export_records

    done = export_records(open_records(ctx, Records), file, kinds=list(kinds) or None)
    click.echo(f"Wrote {done.records} record(s) of {len(done.counts)} kind(s) to {done.path}.")


@records.command("roll-forward")
@click.argument("plan")
@click.option("--key", required=True, help="The new plan's key.")
@click.option("--year", "first_year", required=True, help="Its first financial year (2025/26).")
@click.option("--to", "last_year", help="Its last financial year [default: --year].")
@click.option("--title", help="Its title [default: the old plan's].")
@click.pass_context
@_errors
def roll_forward(
    ctx: click.Context,
    plan: str,
    key: str,
    first_year: str,
    last_year: str | None,
    title: str | None,
) -> None:
    """Start the next action plan of PLAN's body, carrying forward every commitment not yet
    achieved or superseded, linked to the commitment it continues."""
    from saferinsight.records.plans import roll_forward as run
    from saferinsight.records.service import Records

    done = run(
        open_records(ctx, Records),
        plan,
        key=key,
        first_year=first_year,
        last_year=last_year,
        title=title,
    )
    click.echo(
        f"Started {done.plan.label} ({done.plan.values['first_year']}): "
        f"{len(done.carried)} commitment(s) carried forward, {done.left} achieved or superseded."
    )
