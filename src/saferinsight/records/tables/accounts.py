"""Accounts of the people who sign in to the web application: users, their memberships of
partnerships (a role in each, and whether they may see children's and adults' safeguarding
records), and every sign-in attempt (for throttling and the audit). Not kinds of record: the
accounts library (:mod:`saferinsight.accounts`) is the only way to change them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from saferinsight.records import codes
from saferinsight.records.tables.base import (
    Base,
    Record,
    code_col,
    flag_col,
    name_col,
    parent_col,
)


class User(Record):
    """A person who signs in."""

    __tablename__ = "app_user"

    username: Mapped[str] = name_col("Sign-in name (lower case).", required=True, unique=True)
    display_name: Mapped[str] = name_col("Name shown on pages and in the history.", required=True)
    email: Mapped[str | None] = name_col("E-mail address.")
    agency: Mapped[str | None] = name_col("The agency the person works for.")
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    password_set_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    must_change_password: Mapped[bool] = flag_col("Whether the next sign-in must set a password.")
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    totp_confirmed: Mapped[bool] = flag_col("Whether two-factor sign-in is set up.")
    disabled: Mapped[bool] = flag_col("Whether the account is disabled.")
    failed_sign_ins: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_sign_in: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Membership(Record):
    """A user's role in one partnership, and the safeguarding records they may see."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "partnership_id"),)

    user_id: Mapped[int] = parent_col("app_user", "The user.")
    partnership_id: Mapped[int] = parent_col("partnership", "The partnership.")
    role: Mapped[str] = code_col("The role.", codes.ROLES, required=True)
    children: Mapped[bool] = flag_col("May see children's safeguarding records and reviews.")
    adults: Mapped[bool] = flag_col("May see adults' safeguarding records and reviews.")


class SignIn(Base):
    """One sign-in attempt: who tried, from where, and what happened. Append-only."""

    __tablename__ = "sign_in"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    username: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    address: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    outcome: Mapped[str] = mapped_column(String(40), nullable=False)
    succeeded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
