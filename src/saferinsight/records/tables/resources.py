"""Quality assurance audits, funding (contributions, budgets, grants), training and learning
events, and initiatives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped

from saferinsight.records import codes
from saferinsight.records.tables.base import (
    Record,
    code_col,
    date_col,
    decimal_col,
    int_col,
    money_col,
    name_col,
    parent_col,
    text_col,
    year_col,
)


class Audit(Record):
    """A multi-agency case file audit or dip sample."""

    __tablename__ = "audit"
    __confidential__ = True

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    topic: Mapped[str] = name_col("Topic.", required=True, example="Pregnancy")
    kind: Mapped[str] = code_col("Kind of audit.", codes.AUDIT_KINDS, required=True)
    year: Mapped[str] = year_col("Financial year.", required=True, example="2024/25")
    held_on: Mapped[date | None] = date_col("When it was held.")
    trigger: Mapped[str | None] = text_col("Why it was held.")
    sample_size: Mapped[int | None] = int_col("How many cases were audited.", example=8)
    sample_unit: Mapped[str | None] = name_col("What a case is.", example="children")
    overall_grade: Mapped[str | None] = code_col("Overall grade.", codes.AUDIT_GRADES)
    good_practice: Mapped[str | None] = text_col("Good practice found.")
    challenges: Mapped[str | None] = text_col("Challenges identified.")
    learning: Mapped[str | None] = text_col("Learning identified.")
    actions: Mapped[str | None] = text_col("What the partnership is doing about it.")
    target_measure: Mapped[str | None] = text_col(
        "A target the audit measures, e.g. 'cases showing the self-neglect guidance applied'."
    )
    target_percent: Mapped[Decimal | None] = decimal_col("The target, in percent.", example=75)
    achieved_percent: Mapped[Decimal | None] = decimal_col("What the audit found, in percent.")


class AuditGrade(Record):
    """An audit's grade for one domain."""

    __tablename__ = "audit_grade"
    __confidential__ = True
    __table_args__ = (UniqueConstraint("audit_id", "domain"),)

    audit_id: Mapped[int] = parent_col("audit", "The audit (its id).")
    domain: Mapped[str] = name_col("Domain graded.", required=True, example="Joint working")
    grade: Mapped[str] = code_col("Grade.", codes.AUDIT_GRADES, required=True)
    cases: Mapped[int | None] = int_col("Cases given this grade, if counted.")


class BudgetYear(Record):
    """A partnership's budget for a financial year, and how its reports print the shares."""

    __tablename__ = "budget_year"
    __table_args__ = (UniqueConstraint("partnership_id", "year"),)

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    year: Mapped[str] = year_col("Financial year.", required=True, example="2023/24")
    expected_budget: Mapped[Decimal | None] = money_col("The budget the partnership expected.")
    other_income: Mapped[Decimal | None] = money_col("Income beyond the partners' contributions.")
    other_income_sources: Mapped[str | None] = text_col(
        "Where the other income comes from (one source per line)."
    )
    reserves: Mapped[Decimal | None] = money_col("Reserves at the end of the year.")
    share_basis: Mapped[str] = code_col(
        "What '% of expected income' is a share of.",
        codes.FUNDING_SHARE_BASES,
        required=True,
        default="contributions",
    )
    share_decimals: Mapped[int] = int_col("Decimals the shares are printed with.", example=2)
    shared_with: Mapped[str | None] = text_col("Other partnerships the budget is shared with.")
    total_label: Mapped[str | None] = name_col(
        "How the year's table names its total row.", example="TOTAL"
    )
    notes: Mapped[str | None] = text_col("Notes on the year's figures.")


class Contribution(Record):
    """One partner's contribution to a year's budget."""

    __tablename__ = "contribution"
    __table_args__ = (UniqueConstraint("budget_year_id", "contributor"),)

    budget_year_id: Mapped[int] = parent_col("budget_year", "The budget year (its id).")
    contributor: Mapped[str] = name_col(
        "Contributor, as that year's report names it.", required=True, example="Shropshire Council"
    )
    partner: Mapped[str | None] = name_col(
        "The partner agency, named the same every year so that the years of a table line up "
        "(default: the contributor).",
        example="Shropshire Council",
    )
    amount: Mapped[Decimal | None] = money_col(
        "Amount in pounds (empty for a contributor that gave nothing that year)."
    )
    position: Mapped[int | None] = int_col("Order in the table.")


class Grant(Record):
    """A grant or other funding the partnership received for a purpose."""

    __tablename__ = "funding_grant"

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    year: Mapped[str] = year_col("Financial year.", required=True, example="2024/25")
    funder: Mapped[str] = name_col(
        "Funder.", required=True, example="Police and Crime Commissioner"
    )
    purpose: Mapped[str | None] = text_col("What it pays for.")
    amount: Mapped[Decimal | None] = money_col("Amount in pounds.")


class TrainingEvent(Record):
    """A training course or learning event, with its reach."""

    __tablename__ = "training_event"

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    year: Mapped[str] = year_col("Financial year.", required=True, example="2024/25")
    title: Mapped[str] = name_col("Title.", required=True)
    provider: Mapped[str | None] = name_col("Who delivered it.")
    format: Mapped[str | None] = name_col("Format.", example="Teams webinar")
    sessions: Mapped[int | None] = int_col("Number of sessions.")
    attendees: Mapped[int | None] = int_col("Number of attendees.")
    length: Mapped[str | None] = name_col("Length of a session.", example="1 hour")
    feedback: Mapped[str | None] = text_col("Participant feedback (quotes).")


class Initiative(Record):
    """A project or initiative the partnership runs or supports."""

    __tablename__ = "initiative"

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    name: Mapped[str] = name_col("Name.", required=True, example="BrightStar Boxing")
    target_group: Mapped[str | None] = text_col("Who it is for.")
    description: Mapped[str | None] = text_col("What it does.")
    referral_pathway: Mapped[str | None] = text_col("How people are referred.")
    funder: Mapped[str | None] = name_col("Who funds it.")
    delivery_partner: Mapped[str | None] = name_col("Who delivers it.")
    outcomes: Mapped[str | None] = text_col("Outcomes, with figures.")
    first_year: Mapped[str | None] = year_col("First financial year.")
    last_year: Mapped[str | None] = year_col("Last financial year (empty if running).")
