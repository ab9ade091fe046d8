"""Alembic environment: migrations run on the connection the caller opened (see
:func:`saferinsight.records.database.upgrade_url`)."""

from typing import Any

from alembic import context

from saferinsight.records.tables import Base

connection = context.config.attributes["connection"]
only = context.config.attributes.get("tables")  # scripts/records_migration.py --tables


def _include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    if only is None or type_ != "table":
        return True
    return name in only


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_object=_include,
)
with context.begin_transaction():
    context.run_migrations()
