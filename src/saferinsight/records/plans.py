"""Action plans from one year to the next: the commitments not yet achieved carry forward into
the new plan, each linked to the one it continues, so that "we said we would" is tracked until
it is done rather than restarted every year.

Examples
--------
>>> carries_forward("partly-achieved"), carries_forward("achieved"), carries_forward("superseded")
(True, False, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from saferinsight.errors import Hint, RecordNotFoundError
from saferinsight.records.kinds import KINDS
from saferinsight.records.tables.plans import ActionPlan, Commitment

if TYPE_CHECKING:
    from saferinsight.records.service import Records, RecordView

__all__ = ["RolledPlan", "carries_forward", "roll_forward"]

#: Statuses that end a commitment for good: it does not carry forward.
FINISHED = frozenset({"achieved", "superseded"})
#: What a carried-forward commitment keeps of the one it continues.
KEPT = (
    "ref",
    "text",
    "success_statement",
    "owner",
    "agency",
    "measure_theme",
    "measure_area",
    "measure_direction",
    "measure_baseline",
    "measure_target",
)


def carries_forward(status: str) -> bool:
    """Whether a commitment with this status carries forward into the next plan."""
    return status not in FINISHED


@dataclass(frozen=True)
class RolledPlan:
    """The new plan, and the commitments carried into it."""

    plan: RecordView
    carried: tuple[RecordView, ...]
    left: int


def roll_forward(
    records: Records,
    plan: str,
    *,
    key: str,
    first_year: str,
    last_year: str | None = None,
    title: str | None = None,
) -> RolledPlan:
    """Start the next plan of the body that owns ``plan`` (its key), carrying into it every
    commitment not achieved or superseded, as not started, linked to the one it continues.
    One transaction: all of it, or nothing."""
    spec = KINDS["action-plan"]
    with records.writing(spec) as session:
        old = session.scalars(select(ActionPlan).where(ActionPlan.key == plan)).first()
        if old is None:
            raise RecordNotFoundError(
                f"There is no action plan with key '{plan}'.",
                hint=Hint("list-records", "List the action plans to find its key."),
            )
        new = records.add_in(
            session,
            spec,
            {
                "body": old.body_id,
                "key": key,
                "title": title or old.title,
                "first_year": first_year,
                "last_year": last_year or first_year,
            },
        )
        rows = session.scalars(
            select(Commitment).where(Commitment.plan_id == old.id).order_by(Commitment.id)
        ).all()
        carried = [
            records.add_in(
                session,
                KINDS["commitment"],
                {
                    "plan": new.id,
                    "rolled_from": row.id,
                    "status": "not-started",
                    **{name: getattr(row, name) for name in KEPT},
                },
            )
            for row in rows
            if carries_forward(row.status)
        ]
    return RolledPlan(new, tuple(carried), len(rows) - len(carried))
