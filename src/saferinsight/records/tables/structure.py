"""Partnerships and their structure: bodies with dated lives, members, statutory duties, the
contact directory and the signed statements (forewords, partner statements) reports print."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped

from saferinsight.records import codes
from saferinsight.records.tables.base import (
    Record,
    code_col,
    date_col,
    int_col,
    name_col,
    parent_col,
    text_col,
    year_col,
)


class Partnership(Record):
    """A partnership: a CSP, a children's or adults' safeguarding partnership, or a joint one."""

    __tablename__ = "partnership"

    key: Mapped[str] = name_col(
        "Short unique key used to refer to the partnership in files and commands.",
        required=True,
        example="sscp",
        unique=True,
    )
    name: Mapped[str] = name_col(
        "Full name.", required=True, example="Shropshire Safeguarding Community Partnership"
    )
    kind: Mapped[str] = code_col("Kind of partnership.", codes.PARTNERSHIP_KINDS, required=True)
    area: Mapped[str | None] = name_col(
        "The area it covers, as an area name or ONS code the analyses know.", example="Shropshire"
    )
    description: Mapped[str | None] = text_col("What the partnership is for.")


class Body(Record):
    """A board, group or subgroup of a partnership, for the dates it existed."""

    __tablename__ = "body"

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership it belongs to.")
    key: Mapped[str] = name_col(
        "Short unique key of the body.", required=True, example="csp-board", unique=True
    )
    name: Mapped[str] = name_col("Name.", required=True, example="Community Safety Partnership")
    kind: Mapped[str] = code_col("Kind of body.", codes.BODY_KINDS, required=True)
    remit: Mapped[str | None] = text_col("What it oversees or delivers.")
    chair: Mapped[str | None] = name_col("Who chairs it (name, and role if useful).")
    meeting_frequency: Mapped[str | None] = code_col("How often it meets.", codes.FREQUENCIES)
    reports_to_id: Mapped[int | None] = parent_col(
        "body", "The body it reports to (its key).", required=False, cascade=False
    )
    statutory_basis: Mapped[str | None] = name_col(
        "The law or guidance it exists under.", example="Crime and Disorder Act 1998"
    )
    valid_from: Mapped[date | None] = date_col("First day of its life in this form.")
    valid_to: Mapped[date | None] = date_col(
        "Last day of its life in this form (empty if current)."
    )
    meetings_held: Mapped[int | None] = int_col("Meetings held in its latest reporting year.")


class Member(Record):
    """A member of a body: an agency and role, optionally a named person, for some dates."""

    __tablename__ = "member"

    body_id: Mapped[int] = parent_col("body", "The body (its key).")
    agency: Mapped[str] = name_col("Agency.", required=True, example="West Mercia Police")
    role: Mapped[str] = name_col("Job title or role.", required=True, example="Chief Constable")
    person: Mapped[str | None] = name_col("Name of the person, where the report names them.")
    member_from: Mapped[date | None] = date_col("First day of membership.")
    member_to: Mapped[date | None] = date_col("Last day of membership (empty if current).")


class StatutoryDuty(Record):
    """One duty on a statutory checklist, with the partnership's assessed compliance."""

    __tablename__ = "statutory_duty"

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    duty: Mapped[str] = text_col(
        "The duty, as the checklist words it.",
        required=True,
        example="Reports at least once a year to a Crime and Disorder Committee",
    )
    basis: Mapped[str | None] = name_col("The law that imposes it.")
    status: Mapped[str] = code_col("Assessed compliance.", codes.COMPLIANCE, required=True)
    assessed_on: Mapped[date | None] = date_col("When it was last assessed.")
    notes: Mapped[str | None] = text_col("What is being done about it.")


class Contact(Record):
    """An entry of the contact directory printed at the end of reports."""

    __tablename__ = "contact"

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    name: Mapped[str] = name_col("Service.", required=True, example="First Point of Contact")
    number: Mapped[str | None] = name_col(
        "Telephone number or web address.", example="0345 678 9021"
    )
    purpose: Mapped[str | None] = text_col("What to contact it for.")
    position: Mapped[int | None] = int_col("Order in the directory.")


class Statement(Record):
    """A signed text a report prints: a foreword, a partner statement, the scrutineer's view."""

    __tablename__ = "statement"
    __table_args__ = (UniqueConstraint("partnership_id", "year", "kind", "author"),)

    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    year: Mapped[str] = year_col("Financial year it belongs to.", required=True, example="2024/25")
    kind: Mapped[str] = code_col("Kind of statement.", codes.STATEMENT_KINDS, required=True)
    author: Mapped[str] = name_col("Who wrote it.", required=True)
    role: Mapped[str | None] = name_col("The author's role and agency.")
    text: Mapped[str] = text_col("The statement.", required=True)
