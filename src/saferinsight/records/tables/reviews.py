"""Statutory case reviews: the register (by pseudonym, with the pseudonyms a review had
before), dated stages, recommendations and their actions, and learning briefings."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped

from saferinsight.records import codes
from saferinsight.records.tables.base import (
    Record,
    code_col,
    date_col,
    flag_col,
    int_col,
    name_col,
    parent_col,
    text_col,
)


class Review(Record):
    """A case review, known only by its pseudonym; a thematic review groups several reviews."""

    __tablename__ = "review"
    __confidential__ = True

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    ref: Mapped[str] = name_col(
        "Short unique reference.", required=True, example="dhr-mr-c", unique=True
    )
    kind: Mapped[str] = code_col("Kind of review.", codes.REVIEW_KINDS, required=True)
    pseudonym: Mapped[str] = name_col(
        "The name the review is published under (never the subject's real name).",
        required=True,
        example="Mr C",
    )
    thematic: Mapped[bool] = flag_col("Whether it is a thematic review grouping other reviews.")
    group_id: Mapped[int | None] = parent_col(
        "review", "The thematic review it is part of (its ref).", required=False, cascade=False
    )
    subjects: Mapped[int | None] = int_col(
        "How many children or adults the review concerns.", example=1
    )
    subject_age: Mapped[str | None] = name_col(
        "Age of the subject, as published.", example="4 months"
    )
    subject_sex: Mapped[str | None] = name_col("Sex of the subject, as published.")
    referring_agency: Mapped[str | None] = name_col("Agency that made the referral.")
    summary: Mapped[str | None] = text_col("Summary, as published.")
    decision: Mapped[str | None] = code_col("The decision taken.", codes.REVIEW_DECISIONS)
    decision_notes: Mapped[str | None] = text_col("Reasons for the decision.")
    chair: Mapped[str | None] = name_col("Panel chair.")
    author: Mapped[str | None] = name_col("Independent author.")
    body_id: Mapped[int | None] = parent_col(
        "body",
        "The body that owns the review and its action plan (its key).",
        required=False,
        cascade=False,
    )


class ReviewAlias(Record):
    """A pseudonym a review was known by before ("The Powell children" became "Family 1")."""

    __tablename__ = "review_alias"
    __confidential__ = True

    review_id: Mapped[int] = parent_col("review", "The review (its ref).")
    pseudonym: Mapped[str] = name_col("The earlier pseudonym.", required=True)
    until: Mapped[date | None] = date_col("Last day it was used.")
    reason: Mapped[str | None] = text_col("Why it changed.")


class ReviewEvent(Record):
    """The date a review reached a stage."""

    __tablename__ = "review_event"
    __confidential__ = True
    __table_args__ = (UniqueConstraint("review_id", "stage"),)

    review_id: Mapped[int] = parent_col("review", "The review (its ref).")
    stage: Mapped[str] = code_col("The stage reached.", codes.REVIEW_STAGES, required=True)
    dated: Mapped[date] = date_col("Date it was reached.", required=True)
    notes: Mapped[str | None] = text_col("Notes.")


class Recommendation(Record):
    """A recommendation of a review."""

    __tablename__ = "recommendation"
    __confidential__ = True

    review_id: Mapped[int] = parent_col("review", "The review (its ref).")
    ref: Mapped[str | None] = name_col("Number within the review.", example="3")
    text: Mapped[str] = text_col("The recommendation.", required=True)
    level: Mapped[str] = code_col(
        "Local or national.", codes.LEVELS, required=True, default="local"
    )
    theme: Mapped[str | None] = name_col("Theme.", example="Information sharing")
    agency: Mapped[str | None] = name_col("Agency it is for.")


class ReviewAction(Record):
    """An action on a recommendation; it closes only with evidence of impact recorded."""

    __tablename__ = "review_action"
    __confidential__ = True

    recommendation_id: Mapped[int] = parent_col("recommendation", "The recommendation (its id).")
    text: Mapped[str] = text_col("The action.", required=True)
    owner: Mapped[str | None] = name_col("Named owner.")
    agency: Mapped[str | None] = name_col("Agency.")
    due: Mapped[date | None] = date_col("Due date.")
    status: Mapped[str] = code_col("Status.", codes.ACTION_STATUSES, required=True, default="open")
    evidence: Mapped[str | None] = text_col("Evidence of impact (needed to close the action).")
    closed_on: Mapped[date | None] = date_col("Date it was closed.")


class Briefing(Record):
    """A learning briefing (the numbered "7-minute briefing" panels)."""

    __tablename__ = "briefing"

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    review_id: Mapped[int | None] = parent_col(
        "review", "The review it comes from, if one (its ref).", required=False, cascade=False
    )
    title: Mapped[str] = name_col("Title.", required=True)
    published_on: Mapped[date | None] = date_col("Date published.")


class BriefingPanel(Record):
    """One numbered panel of a learning briefing."""

    __tablename__ = "briefing_panel"
    __table_args__ = (UniqueConstraint("briefing_id", "number"),)

    briefing_id: Mapped[int] = parent_col("briefing", "The briefing (its id).")
    number: Mapped[int] = int_col("Panel number.", required=True, example=1)
    heading: Mapped[str] = name_col("Heading.", required=True)
    text: Mapped[str | None] = text_col("Text of the panel.")


class LocalRule(Record):
    """A local deadline target the partnership set (a statutory timescale cannot be replaced)."""

    __tablename__ = "local_rule"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    key: Mapped[str] = name_col(
        "Short name of the rule; the key of a local rule shipped with Safer Insight replaces it.",
        required=True,
        example="action-plan-closed",
    )
    title: Mapped[str | None] = name_col("What the deadline is, in a few words.")
    kinds: Mapped[str] = name_col(
        "The kinds of review it applies to, separated by commas.",
        required=True,
        example="lcspr, sar, dhr",
    )
    starts: Mapped[str] = code_col(
        "The stage that starts the clock.", codes.REVIEW_STAGES, required=True
    )
    ends: Mapped[str] = code_col(
        "The stage that meets the deadline.", codes.REVIEW_STAGES, required=True
    )
    amount: Mapped[int] = int_col("How many units.", required=True, example=3)
    unit: Mapped[str] = code_col("The unit of the timescale.", codes.DEADLINE_UNITS, required=True)
    decisions: Mapped[str | None] = name_col(
        "Only for reviews with one of these decisions, separated by commas (empty: all)."
    )
    source: Mapped[str | None] = text_col("Who set the target and when (a board minute).")
