"""Priorities, action plans, commitments ("we said we would") with their success measures, and
dated progress updates ("we did")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Mapped

from saferinsight.records import codes
from saferinsight.records.tables.base import (
    Record,
    code_col,
    date_col,
    decimal_col,
    int_col,
    name_col,
    parent_col,
    text_col,
    year_col,
)


class Priority(Record):
    """A priority a partnership set for some years, with its rationale and the data behind it."""

    __tablename__ = "priority"

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    first_year: Mapped[str] = year_col("First financial year.", required=True, example="2025/26")
    last_year: Mapped[str] = year_col("Last financial year.", required=True, example="2027/28")
    rank: Mapped[int | None] = int_col("Position in the list of priorities.", example=1)
    title: Mapped[str] = name_col("The priority.", required=True, example="Road safety")
    rationale: Mapped[str | None] = text_col("Why it was chosen.")
    theme: Mapped[str | None] = name_col(
        "The analysis theme or partner measure behind it, so a report can quote current "
        "figures (a police.uk theme such as asb, or dataset:measure such as "
        "road-casualties:killed).",
        example="road-casualties",
    )


class ActionPlan(Record):
    """A body's action plan for a period."""

    __tablename__ = "action_plan"

    body_id: Mapped[int] = parent_col("body", "The body that owns the plan (its key).")
    key: Mapped[str] = name_col(
        "Short unique key.", required=True, example="adult-po-2023-24", unique=True
    )
    title: Mapped[str] = name_col("Title.", required=True)
    first_year: Mapped[str] = year_col("First financial year.", required=True, example="2023/24")
    last_year: Mapped[str] = year_col("Last financial year.", required=True, example="2023/24")
    signed_off: Mapped[date | None] = date_col("When the board signed it off.")


class Commitment(Record):
    """One thing an action plan says "we said we would", with its status and success measure.

    A success measure links the commitment to the analysis engine (a theme or partner series for
    an area, the direction that counts as success, a baseline period and optionally a target),
    so that progress is judged by the same statistics as the report's, beside the owner's status.
    """

    __tablename__ = "commitment"

    plan_id: Mapped[int] = parent_col("action_plan", "The action plan (its key).")
    ref: Mapped[str | None] = name_col("Reference within the plan.", example="1.2")
    text: Mapped[str] = text_col("We said we would ...", required=True)
    success_statement: Mapped[str | None] = text_col("What success looks like.")
    owner: Mapped[str | None] = name_col("Named owner.")
    agency: Mapped[str | None] = name_col("Owning agency.")
    due: Mapped[date | None] = date_col("Due date.")
    status: Mapped[str] = code_col(
        "The owner's status.", codes.COMMITMENT_STATUSES, required=True, default="not-started"
    )
    reason: Mapped[str | None] = text_col(
        "Why it was not achieved or was superseded (capacity, personnel, budget ...)."
    )
    rolled_from_id: Mapped[int | None] = parent_col(
        "commitment",
        "The commitment of an earlier plan this one carries forward (its id).",
        required=False,
        cascade=False,
    )
    measure_theme: Mapped[str | None] = name_col(
        "Success measure: the police.uk theme (e.g. asb) or partner dataset it is judged on."
    )
    measure_area: Mapped[str | None] = name_col(
        "Success measure: the area (default the partnership's)."
    )
    measure_direction: Mapped[str | None] = code_col(
        "Success measure: which way is better.", codes.DIRECTIONS
    )
    measure_baseline: Mapped[str | None] = name_col(
        "Success measure: the baseline period.", example="2023/24"
    )
    measure_period: Mapped[str | None] = name_col(
        "Success measure: the period judged.", example="2024/25"
    )
    measure_target: Mapped[Decimal | None] = decimal_col(
        "Success measure: the target value for the period judged, if any."
    )


class ProgressUpdate(Record):
    """A dated progress note on a commitment ("we did ...")."""

    __tablename__ = "progress_update"

    commitment_id: Mapped[int] = parent_col("commitment", "The commitment (its id).")
    dated: Mapped[date] = date_col("Date of the update.", required=True)
    text: Mapped[str] = text_col("We did ...", required=True)
    status: Mapped[str | None] = code_col(
        "Status given with the update.", codes.COMMITMENT_STATUSES
    )
    author: Mapped[str | None] = name_col("Who reported it.")
