"""Actions across the partnership: case review actions and action-plan commitments, overdue or
due soon, by owner or agency, with the body each overdue one escalates to.

Examples
--------
>>> from datetime import date
>>> state(date(2025, 3, 1), "open", today=date(2025, 3, 31), soon=28)
('overdue', 30)
>>> state(date(2025, 4, 20), "on-track", today=date(2025, 3, 31), soon=28)
('due soon', 20)
>>> state(date(2025, 1, 1), "closed", today=date(2025, 3, 31), soon=28)
('done', None)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from saferinsight.errors import OptionError
from saferinsight.records.guard import Scope, may_read, scope_of
from saferinsight.records.kinds import KINDS
from saferinsight.records.service import find_partnership
from saferinsight.records.tables.plans import ActionPlan, Commitment
from saferinsight.records.tables.reviews import Recommendation, Review, ReviewAction
from saferinsight.records.tables.structure import Body

if TYPE_CHECKING:
    from saferinsight.records.service import Records

__all__ = ["SHOW", "ActionItem", "list_actions", "state"]

#: Statuses that finish an action or a commitment.
DONE = frozenset(
    {"completed", "closed", "cancelled", "achieved", "partly-achieved", "not-achieved",
     "superseded"}
)  # fmt: skip
#: What :func:`list_actions` can show.
SHOW = ("overdue", "due-soon", "open", "all")


def state(due: date | None, status: str, *, today: date, soon: int) -> tuple[str, int | None]:
    """An action's state on ``today``: done, overdue (days late), due soon (days left), open."""
    if status in DONE:
        return "done", None
    if due is None:
        return "open", None
    if due < today:
        return "overdue", (today - due).days
    if (due - today).days <= soon:
        return "due soon", (due - today).days
    return "open", (due - today).days


@dataclass(frozen=True)
class ActionItem:
    """A case review action or a commitment, with where it comes from and its state."""

    kind: str
    id: int
    text: str
    owner: str | None
    agency: str | None
    due: date | None
    status: str
    source: str
    escalate_to: str | None
    state: str
    days: int | None


def list_actions(
    records: Records,
    *,
    show: str = "open",
    owner: str | None = None,
    agency: str | None = None,
    partnership: str | None = None,
    soon: int = 28,
    today: date | None = None,
) -> tuple[ActionItem, ...]:
    """Actions and commitments that are ``overdue``, ``due-soon``, ``open`` (not done) or
    ``all``, of one owner or agency if given, oldest due first."""
    if show not in SHOW:
        raise OptionError("show", f"must be one of {', '.join(SHOW)}, not {show!r}.")
    if soon < 0:
        raise OptionError("soon", f"must be a number of days, 0 or more, not {soon}.")
    day = today or records.clock.today()
    with records.session(write=True) as session:
        home = find_partnership(session, partnership)
        records.note_access(
            session, "review-action", "list", detail=f"actions {show}", partnership=home.key
        )
        items = [
            item
            for item, scope in (
                *_review_actions(session, home.id, day, soon),
                *_commitments(session, home.id, day, soon),
            )
            if may_read(records.principal, KINDS[item.kind], scope)
        ]
    wanted = {
        "overdue": {"overdue"},
        "due-soon": {"due soon"},
        "open": {"overdue", "due soon", "open"},
        "all": {"overdue", "due soon", "open", "done"},
    }[show]
    chosen = [
        item
        for item in items
        if item.state in wanted
        and (owner is None or (item.owner or "").lower() == owner.lower())
        and (agency is None or (item.agency or "").lower() == agency.lower())
    ]
    return tuple(sorted(chosen, key=lambda i: (i.due or date.max, i.kind, i.id)))


def _review_actions(
    session: Session, partnership: int, today: date, soon: int
) -> list[tuple[ActionItem, Scope]]:
    rows = session.execute(
        select(ReviewAction, Review)
        .join(Recommendation, ReviewAction.recommendation_id == Recommendation.id)
        .join(Review, Recommendation.review_id == Review.id)
        .where(Review.partnership_id == partnership)
    ).all()
    found = []
    for action, review in rows:
        body = session.get(Body, review.body_id) if review.body_id else None
        label, days = state(action.due, action.status, today=today, soon=soon)
        found.append(
            (
                ActionItem(
                    "review-action",
                    action.id,
                    action.text,
                    action.owner,
                    action.agency,
                    action.due,
                    action.status,
                    f"{review.kind} {review.pseudonym}",
                    body.key if body else None,
                    label,
                    days,
                ),
                scope_of(session, KINDS["review-action"], action),
            )
        )
    return found


def _commitments(
    session: Session, partnership: int, today: date, soon: int
) -> list[tuple[ActionItem, Scope]]:
    rows = session.execute(
        select(Commitment, ActionPlan, Body)
        .join(ActionPlan, Commitment.plan_id == ActionPlan.id)
        .join(Body, ActionPlan.body_id == Body.id)
        .where(Body.partnership_id == partnership)
    ).all()
    found = []
    for commitment, plan, body in rows:
        above = session.get(Body, body.reports_to_id) if body.reports_to_id else None
        label, days = state(commitment.due, commitment.status, today=today, soon=soon)
        found.append(
            (
                ActionItem(
                    "commitment",
                    commitment.id,
                    commitment.text,
                    commitment.owner,
                    commitment.agency,
                    commitment.due,
                    commitment.status,
                    plan.key,
                    (above or body).key,
                    label,
                    days,
                ),
                scope_of(session, KINDS["commitment"], commitment),
            )
        )
    return found
