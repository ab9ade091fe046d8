"""The pages of a partnership: its home, the case review register, actions (an owner updates
its own), funding, structure and the history. Each is one library call, rendered; the records
service applies the permissions again underneath."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from saferinsight.records.codes import ACTION_STATUSES
from saferinsight.records.permissions import can
from saferinsight.web.access import allow
from saferinsight.web.context import current_workspace, principal
from saferinsight.web.forms import ActionForm, SignOutForm
from saferinsight.web.records import records_as

__all__ = ["blueprint"]

blueprint = Blueprint("pages", __name__)
#: The most events the audit page lists (the newest).
AUDIT_LIMIT = 200


def _records() -> Any:
    return records_as(current_workspace(), principal())


def _year() -> str:
    """The financial year asked for, or the current one."""
    from saferinsight.core.periods import financial_year

    asked = request.args.get("year", "").strip()
    return asked or financial_year(current_workspace().clock.today())


@blueprint.route("/")
@allow("view-public")
def home() -> Any:
    """The partnerships the person belongs to, or the public front page."""
    who = principal()
    return render_template(
        "home.html", title="Safer Insight", partnerships=who.grants, sign_out=SignOutForm()
    )


@blueprint.route("/p/<partnership>/")
@allow("view-overview")
def partnership(partnership: str) -> Any:
    """A partnership's home: what the person may open in it."""
    who = principal()
    pages = [
        (
            name,
            url_for(endpoint if "." in endpoint else f"pages.{endpoint}", partnership=partnership),
        )
        for name, endpoint, action in (
            ("Case review register", "reviews", "view-reviews"),
            ("Actions and commitments", "actions", "view-records"),
            ("Funding", "funding", "view-records"),
            ("Structure", "structure", "view-records"),
            ("History of changes", "history", "view-audit"),
            ("Audit trail: sign-ins, views of confidential data, changes", "audit", "view-audit"),
            ("Data", "data.overview", "view-data"),
            ("Upload a partner dataset", "data.uploads", "upload-data"),
            ("Reports", "reports.index", "view-reports"),
        )
        if can(who, action, partnership=partnership, agency=who.agency)
    ]
    name = _records().get("partnership", partnership).values["name"]
    return render_template("partnership.html", title=name, partnership=partnership, pages=pages)


@blueprint.route("/p/<partnership>/reviews")
@allow("view-reviews")
def reviews(partnership: str) -> Any:
    """The case review register for a year."""
    from saferinsight.records.reviews import YEAR_STATUSES, review_register

    register = review_register(_records(), partnership=partnership, year=_year())
    return render_template(
        "reviews.html",
        title="Case review register",
        register=register,
        statuses=YEAR_STATUSES,
        partnership=partnership,
    )


@blueprint.route("/p/<partnership>/actions")
@allow("view-records")
def actions(partnership: str) -> Any:
    """Actions and commitments by state."""
    from saferinsight.records.actions import SHOW, list_actions

    show = request.args.get("show", "open")
    if show not in SHOW:
        abort(404)
    items = list_actions(_records(), show=show, partnership=partnership)
    who = principal()
    editable = {
        (item.kind, item.id)
        for item in items
        if item.kind == "review-action"
        and can(who, "edit-own-actions", partnership=partnership, agency=item.agency)
    }
    return render_template(
        "actions.html",
        title="Actions and commitments",
        items=items,
        show=show,
        choices=SHOW,
        partnership=partnership,
        editable=editable,
    )


@blueprint.route("/p/<partnership>/actions/<int:action>", methods=["GET", "POST"])
@allow("edit-own-actions")
def action(partnership: str, action: int) -> Any:
    """An owner's report on a case review action: status and evidence, on the version read."""
    records = _records()
    current = records.get("review-action", action)
    form = ActionForm()
    form.status.choices = list(ACTION_STATUSES.items())
    if request.method == "GET":
        form.status.data = str(current.values["status"])
        form.evidence.data = str(current.values["evidence"] or "")
        form.version.data = current.version
    elif form.validate_on_submit():
        records.update(
            "review-action",
            action,
            {"status": form.status.data, "evidence": form.evidence.data},
            version=form.version.data,
        )
        flash("The action is updated.")
        return redirect(url_for("pages.actions", partnership=partnership))
    return render_template(
        "action.html", title="Update an action", action=current, form=form, partnership=partnership
    )


@blueprint.route("/p/<partnership>/funding")
@allow("view-records")
def funding(partnership: str) -> Any:
    """The funding table of a year."""
    from saferinsight.records.funding import funding_table

    table = funding_table(_records(), years=[_year()], partnership=partnership)
    return render_template("funding.html", title="Funding", table=table, partnership=partnership)


@blueprint.route("/p/<partnership>/structure")
@allow("view-records")
def structure(partnership: str) -> Any:
    """The partnership's structure through a year."""
    from saferinsight.records.structure import partnership_structure

    periods = partnership_structure(_records(), year=_year(), partnership=partnership)
    return render_template(
        "structure.html", title="Structure", periods=periods, partnership=partnership, year=_year()
    )


@blueprint.route("/p/<partnership>/history")
@allow("view-audit")
def history(partnership: str) -> Any:
    """The history of changes, newest first, searchable by kind and person."""
    from saferinsight.records.kinds import KINDS

    kind = request.args.get("kind") or None
    actor = request.args.get("by") or None
    if kind is not None and kind not in KINDS:
        abort(404)
    changes = _records().history(kind=kind, actor=actor, partnership=partnership, limit=200)
    return render_template(
        "history.html",
        title="History of changes",
        changes=changes,
        kinds=list(KINDS),
        kind=kind,
        actor=actor,
        partnership=partnership,
    )


@blueprint.route("/p/<partnership>/audit")
@allow("view-audit")
def audit(partnership: str) -> Any:
    """The audit trail, newest first: sign-ins, failed sign-ins, views of confidential data and
    changes, searchable by person, kind of event and dates."""
    from saferinsight.accounts.audit import AUDIT_WHAT, audit_trail

    what = request.args.get("what") or None
    if what is not None and what not in AUDIT_WHAT:
        abort(404)
    person = (request.args.get("person") or "").strip()[:200] or None
    problems: list[str] = []
    days = {name: _day(request.args.get(name, ""), name, problems) for name in ("from", "to")}
    trail = audit_trail(
        _records(),
        partnership=partnership,
        person=person,
        what=what,
        since=days["from"],
        until=days["to"],
        limit=AUDIT_LIMIT,
    )
    return render_template(
        "audit.html",
        title="Audit trail",
        trail=trail,
        choices=AUDIT_WHAT,
        what=what,
        person=person,
        start=request.args.get("from", ""),
        end=request.args.get("to", ""),
        partnership=partnership,
        limit=AUDIT_LIMIT,
        problem=" ".join(problems) or None,
    )


def _day(text: str, name: str, problems: list[str]) -> date | None:
    """A date typed as YYYY-MM-DD, or None (and a problem said) when it is not one."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"The {name} date must be a date like 2025-03-31; it was left out.")
        return None
