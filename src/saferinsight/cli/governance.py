"""The governance commands: ``safer reviews``, ``safer actions``, ``safer funding`` and
``safer measures``, each one call into the records package, rendered as a table, CSV or JSON."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from saferinsight.cli.advice import errors as _errors
from saferinsight.cli.records import FORMATS, open_records

if TYPE_CHECKING:
    from collections.abc import Sequence

    from saferinsight.records.deadlines import Rulebook
    from saferinsight.records.repeats import RepeatedLesson
    from saferinsight.records.reviews import ReviewEntry, ReviewRegister
    from saferinsight.records.structure import BodyNode

_PARTNERSHIP = click.option(
    "--partnership", help="The partnership's key (needed when the records hold several)."
)


def _current_year(ctx: click.Context) -> str:
    from saferinsight.core.periods import financial_year
    from saferinsight.records.service import Records

    return financial_year(open_records(ctx, Records).clock.today())


@click.command("reviews")
@_PARTNERSHIP
@click.option("--year", help="Financial year, such as 2024/25 [default: the current one].")
@click.option("--kind", "kinds", help="Only these kinds of review, comma-separated (dhr,sar).")
@click.option("--overdue", is_flag=True, help="Only the deadlines overdue or due soon.")
@click.option(
    "--rules",
    is_flag=True,
    help="Only the deadline rules: statutory timescales with their sources, and local targets.",
)
@click.option(
    "--repeated",
    is_flag=True,
    help="Only the recommendations that more than one review made (same theme or wording).",
)
@click.option("--format", "fmt", type=FORMATS, default="table")
@click.pass_context
@_errors
def reviews(
    ctx: click.Context,
    partnership: str | None,
    year: str | None,
    kinds: str | None,
    overdue: bool,
    rules: bool,
    repeated: bool,
    fmt: str,
) -> None:
    """The case review register: counts by kind and stage for a year, every review with its
    stage, status and deadlines (statutory and local, in working days where the rule says so),
    and overdue actions; or the lessons reviews keep repeating."""
    from saferinsight.records.repeats import repeated_recommendations
    from saferinsight.records.reviews import deadline_rules, review_register
    from saferinsight.records.service import Records

    if rules:
        _rules(deadline_rules(open_records(ctx, Records), partnership=partnership), fmt)
        return
    if repeated:
        _repeats(repeated_recommendations(open_records(ctx, Records), partnership=partnership), fmt)
        return
    register = review_register(
        open_records(ctx, Records),
        partnership=partnership,
        year=_current_year(ctx) if year is None else year,
        kinds=tuple(k.strip() for k in kinds.split(",")) if kinds else None,
    )
    if overdue:
        _deadlines(register, fmt)
    elif fmt == "json":
        from saferinsight.cli import render

        render.write_json(register.to_dict())
    else:
        _register(register, fmt)


def _rules(book: Rulebook, fmt: str) -> None:
    from saferinsight.cli import render

    rows = [
        (
            rule.key,
            rule.title,
            ", ".join(rule.kinds),
            rule.starts,
            rule.ends,
            rule.timescale,
            "statutory" if rule.statutory else "local",
            rule.source.citation(),
        )
        for rule in book
    ]
    columns = ("rule", "deadline", "kinds", "from", "to", "within", "set", "source")
    render.emit_rows(columns, rows, fmt=fmt)


def _repeats(lessons: Sequence[RepeatedLesson], fmt: str) -> None:
    from saferinsight.cli import render

    rows = [
        (
            number,
            "; ".join(lesson.themes),
            lesson.reviews,
            r.pseudonym,
            r.ref or "",
            r.made.isoformat() if r.made else "",
            r.text,
        )
        for number, lesson in enumerate(lessons, start=1)
        for r in lesson.recommendations
    ]
    columns = ("lesson", "theme", "reviews", "review", "recommendation", "made", "text")
    render.emit_rows(columns, rows, fmt=fmt, empty="No recommendation was made by two reviews.")


def _register(register: ReviewRegister, fmt: str) -> None:
    from saferinsight.cli import render

    if fmt == "table":
        click.echo(
            f"{register.partnership} case reviews, {register.year} (as at {register.as_of}):"
        )
        for kind in register.kinds:
            click.echo(f"  {kind.label}: {'; '.join(kind.lines())}")
        click.echo("")
    rows = [_review_row(entry) for entry in register.reviews]
    columns = (
        "ref",
        "kind",
        "pseudonym",
        "formerly",
        "group",
        "stage",
        "status in year",
        "deadlines missed",
        "actions open",
        "actions overdue",
    )
    render.emit_rows(columns, rows, fmt=fmt, empty="No reviews open in the year.")


def _review_row(entry: ReviewEntry) -> tuple[Any, ...]:
    from saferinsight.records.reviews import YEAR_STATUSES

    missed = sum(d.status in ("overdue", "met late") for d in entry.deadlines)
    return (
        entry.ref,
        entry.kind,
        entry.pseudonym,
        ", ".join(entry.former_pseudonyms),
        entry.group or "",
        entry.stage or "",
        YEAR_STATUSES.get(entry.status or "", ""),
        missed,
        entry.actions_open,
        entry.actions_overdue,
    )


def _deadlines(register: ReviewRegister, fmt: str) -> None:
    from saferinsight.cli import render

    rows = [
        (
            entry.ref,
            entry.pseudonym,
            d.rule.title,
            str(d.start),
            str(d.due),
            d.status,
            d.days_late if d.days_late is not None else d.days_left,
            d.day_unit,
            "statutory" if d.rule.statutory else "local",
        )
        for entry in register.reviews
        for d in entry.deadlines
        if d.status in ("overdue", "due soon")
    ]
    rows.sort(key=lambda r: r[4])
    columns = (
        "ref",
        "pseudonym",
        "deadline",
        "from",
        "due",
        "status",
        "days",
        "counted in",
        "rule",
    )
    render.emit_rows(
        columns, rows, fmt=fmt, empty=f"No deadline overdue or due soon at {register.as_of}."
    )


@click.command("actions")
@_PARTNERSHIP
@click.option(
    "--show",
    type=click.Choice(["overdue", "due-soon", "open", "all"]),
    default="open",
    show_default=True,
    help="Which actions: overdue, due within --soon days, not done, or every one.",
)
@click.option("--owner", help="Only this owner's.")
@click.option("--agency", help="Only this agency's.")
@click.option(
    "--soon",
    type=click.IntRange(min=0),
    default=28,
    show_default=True,
    help="Days ahead that count as due soon.",
)
@click.option("--format", "fmt", type=FORMATS, default="table")
@click.pass_context
@_errors
def actions(
    ctx: click.Context,
    partnership: str | None,
    show: str,
    owner: str | None,
    agency: str | None,
    soon: int,
    fmt: str,
) -> None:
    """Case review actions and action-plan commitments by state, owner or agency, with the
    body each overdue one escalates to."""
    from saferinsight.cli import render
    from saferinsight.records.actions import list_actions
    from saferinsight.records.service import Records

    items = list_actions(
        open_records(ctx, Records),
        show=show,
        owner=owner,
        agency=agency,
        partnership=partnership,
        soon=soon,
    )
    if fmt == "json":
        render.write_json(
            [{**asdict(i), "due": i.due.isoformat() if i.due else None} for i in items]
        )
        return
    rows = [
        (
            i.due.isoformat() if i.due else "",
            i.state,
            "" if i.days is None else i.days,
            i.owner or "",
            i.agency or "",
            i.text if fmt != "table" or len(i.text) < 70 else i.text[:67] + "...",
            i.source,
            i.escalate_to or "",
            i.kind,
            i.id,
        )
        for i in items
    ]
    columns = (
        "due",
        "state",
        "days",
        "owner",
        "agency",
        "action",
        "from",
        "escalate to",
        "kind",
        "id",
    )
    render.emit_rows(columns, rows, fmt=fmt, empty="No actions to show.")


@click.command("funding")
@_PARTNERSHIP
@click.option(
    "--year",
    "years",
    multiple=True,
    required=True,
    help="A financial year; give several for a table of several years.",
)
@click.option("--format", "fmt", type=FORMATS, default="table")
@click.pass_context
@_errors
def funding(ctx: click.Context, partnership: str | None, years: tuple[str, ...], fmt: str) -> None:
    """The partners' contributions and "% of expected income", as the annual reports print
    them, with other income, grants and reserves."""
    from saferinsight.cli import render
    from saferinsight.records.funding import funding_table
    from saferinsight.records.service import Records

    table = funding_table(open_records(ctx, Records), years=list(years), partnership=partnership)
    render.emit_rows(table.header(), table.rows(), fmt=fmt, title=f"{table.partnership} funding")
    if fmt == "table":
        for year in table.years:
            if year.summary():
                click.echo(f"{year.year}: {year.summary()}")


@click.command("measures")
@_PARTNERSHIP
@click.option("--format", "fmt", type=FORMATS, default="table")
@click.pass_context
@_errors
def measures(ctx: click.Context, partnership: str | None, fmt: str) -> None:
    """Commitments with a success measure: the owner's status beside the statistical verdict
    on the workspace's data (a test of change against the baseline period)."""
    from saferinsight.cli import render
    from saferinsight.records.measures import judge_measures
    from saferinsight.records.service import Records

    judged = judge_measures(open_records(ctx, Records), partnership=partnership)
    if fmt == "json":
        render.write_json([asdict(m) for m in judged])
        return
    rows = [
        (
            m.plan,
            m.text if len(m.text) < 50 else m.text[:47] + "...",
            m.owner_label,
            m.verdict,
            "yes" if m.agrees else "NO",
            m.sentence(),
        )
        for m in judged
    ]
    columns = ("plan", "commitment", "owner says", "data say", "agree", "detail")
    render.emit_rows(columns, rows, fmt=fmt, empty="No commitment has a success measure.")


@click.command("structure")
@_PARTNERSHIP
@click.option("--year", help="Financial year, such as 2024/25 [default: the current one].")
@click.option("--members", is_flag=True, help="List each body's members too.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@_errors
def structure(
    ctx: click.Context, partnership: str | None, year: str | None, members: bool, fmt: str
) -> None:
    """The partnership's structure through a year: its bodies, chairs, meeting frequency,
    statutory basis and reporting lines, for each part of the year it stood unchanged."""
    from saferinsight.records.service import Records
    from saferinsight.records.structure import partnership_structure

    periods = partnership_structure(
        open_records(ctx, Records),
        year=_current_year(ctx) if year is None else year,
        partnership=partnership,
    )
    if fmt == "json":
        from saferinsight.cli import render

        render.write_json([period.to_dict() for period in periods])
        return
    if not periods:
        click.echo("No bodies are recorded for that year.")
    for period in periods:
        click.echo(f"Structure {period.label}:")
        for body in period.bodies:
            _print_body(body, 1, members)
        click.echo("")


def _print_body(body: BodyNode, depth: int, members: bool) -> None:
    click.echo(body.lines()[0].join(["  " * depth, ""]))
    if members:
        for agency, role, person in body.members:
            who = f"{person}, " if person else ""
            click.echo(f"{'  ' * (depth + 1)}- {who}{role}, {agency}")
    for below in body.reports:
        _print_body(below, depth + 1, members)
