"""Migrations: a database created at every earlier revision upgrades to the newest without
losing a row, and the newest schema is exactly what the table declarations say."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Boolean, Date, DateTime, Integer, MetaData, Numeric, Table, select

from saferinsight.records import database
from saferinsight.records.tables import Base


def _revisions() -> list[str]:
    script = ScriptDirectory(str(database._MIGRATIONS))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_the_migrations_form_one_line_ending_at_head() -> None:
    revisions = _revisions()
    assert revisions[0] == "0001"
    assert revisions[-1] == database.head_revision()
    assert len(revisions) >= 2


def _value(column: Any, n: int) -> Any:
    kind = column.type
    if isinstance(kind, Boolean):
        return n % 2 == 0
    if isinstance(kind, DateTime):
        return datetime(2024, 4, 1, 12, n % 60)
    if isinstance(kind, Date):
        return date(2024, 4, 1 + n % 28)
    if isinstance(kind, Integer):
        return n
    if isinstance(kind, Numeric):
        return Decimal(f"{n}.25")
    length = getattr(kind, "length", None) or 40
    return f"v{n}"[:length] if length < 8 else f"value {n}"[:length]


def _fill(connection: Any) -> dict[str, list[dict[str, Any]]]:
    """One row in every table the database has, foreign keys pointing at earlier rows."""
    meta = MetaData()
    meta.reflect(connection)
    rows: dict[str, list[dict[str, Any]]] = {}
    for n, table in enumerate(meta.sorted_tables, start=1):
        if table.name == "alembic_version":
            continue
        row = {}
        for column in table.columns:
            if column.foreign_keys:
                row[column.name] = 1 if not column.nullable else None
            else:
                row[column.name] = 1 if column.name == "id" else _value(column, n)
        connection.execute(table.insert().values(**row))
        rows[table.name] = [row]
    return rows


@pytest.mark.parametrize("start", _revisions()[:-1])
def test_upgrading_from_every_earlier_revision_keeps_every_row(backend: str, start: str) -> None:
    database.upgrade_url(backend, to=start)
    engine = database.engine(backend)
    with engine.begin() as connection:
        before = _fill(connection)
    done = database.upgrade_url(backend)
    assert (done.before, done.after) == (start, database.head_revision())
    with engine.connect() as connection:
        for name, rows in before.items():
            table = Table(name, MetaData(), autoload_with=connection)
            stored = [dict(r._mapping) for r in connection.execute(select(table))]
            kept = [{k: r[k] for k in rows[0]} for r in stored]
            assert kept == rows, name


def test_the_newest_schema_is_what_the_tables_declare(backend: str) -> None:
    database.upgrade_url(backend)
    with database.engine(backend).connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    assert differences == []
