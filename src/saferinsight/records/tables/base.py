"""The declarative base, the columns every record has, and the append-only history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

#: Constraint names that Alembic can refer to on every backend (SQLite's batch mode needs them).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every records table."""

    metadata = MetaData(naming_convention=NAMING)


def doc(
    help: str, *, codes: Mapping[str, str] | None = None, example: object = None
) -> dict[str, Any]:
    """A column's documentation, kept in its ``info``."""
    info: dict[str, Any] = {"help": help}
    if codes is not None:
        info["codes"] = codes
    if example is not None:
        info["example"] = example
    return info


def text_col(help: str, *, required: bool = False, example: object = None, **kw: Any) -> Any:
    """A free-text column."""
    return mapped_column(Text, nullable=not required, info=doc(help, example=example), **kw)


def name_col(help: str, *, required: bool = False, example: object = None, **kw: Any) -> Any:
    """A short text column (a name, a title, a key)."""
    return mapped_column(String(200), nullable=not required, info=doc(help, example=example), **kw)


def year_col(help: str, *, required: bool = False, example: str = "2024/25") -> Any:
    """A financial year, written 2024/25."""
    info = doc(help, example=example)
    info["format"] = "financial-year"
    return mapped_column(String(7), nullable=not required, info=info)


def code_col(
    help: str, codes: Mapping[str, str], *, required: bool = False, default: str | None = None
) -> Any:
    """A column that takes one key of a code list."""
    return mapped_column(
        String(40),
        nullable=not required,
        default=default,
        info=doc(help, codes=codes, example=next(iter(codes))),
    )


def date_col(help: str, *, required: bool = False, example: object = None) -> Any:
    """A date column."""
    return mapped_column(Date, nullable=not required, info=doc(help, example=example))


def int_col(help: str, *, required: bool = False, example: object = None) -> Any:
    """A whole-number column."""
    return mapped_column(Integer, nullable=not required, info=doc(help, example=example))


def money_col(help: str, *, required: bool = False, example: object = None) -> Any:
    """An amount in pounds, to the penny."""
    return mapped_column(Numeric(14, 2), nullable=not required, info=doc(help, example=example))


def decimal_col(help: str, *, required: bool = False, example: object = None) -> Any:
    """A number with decimals (a target, a percentage)."""
    return mapped_column(Numeric(12, 4), nullable=not required, info=doc(help, example=example))


def flag_col(help: str) -> Any:
    """A yes/no column (false unless given)."""
    return mapped_column(Boolean, nullable=False, default=False, info=doc(help, example=False))


def parent_col(table: str, help: str, *, required: bool = True, cascade: bool = True) -> Any:
    """A reference to a record of another table (by its id; files and commands give its key)."""
    return mapped_column(
        ForeignKey(f"{table}.id", ondelete="CASCADE" if cascade else "RESTRICT"),
        nullable=not required,
        index=True,
        info=doc(help),
    )


class Record(Base):
    """Columns every record has. ``__confidential__`` marks kinds whose reading is logged
    (they describe victims, children and the people reviews are about)."""

    __abstract__ = True
    __confidential__: ClassVar[bool] = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 (a class-level attribute)
        return {"version_id_col": cls.version}


class Change(Base):
    """One change to one record: who, when, what, and the values before and after.

    Append-only: the database refuses updates and deletes of this table (a trigger on each
    backend, installed by the migration that creates it).
    """

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_record", "kind", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    actor: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[int] = mapped_column(Integer, nullable=False)
    label: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    partnership: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    before: Mapped[str | None] = mapped_column(Text, nullable=True)
    after: Mapped[str | None] = mapped_column(Text, nullable=True)


__all__ = [
    "Access",
    "Base",
    "Change",
    "Record",
    "code_col",
    "date_col",
    "decimal_col",
    "doc",
    "flag_col",
    "int_col",
    "money_col",
    "name_col",
    "parent_col",
    "text_col",
    "year_col",
]


class Access(Base):
    """One reading of confidential records (case reviews, their recommendations and actions,
    audits): who, when, what. Append-only, like the history."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    actor: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    partnership: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    detail: Mapped[str] = mapped_column(String(300), nullable=False, default="")
