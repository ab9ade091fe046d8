"""The partnership each change and each reading belongs to, so that a server hosting several
partnerships shows each its own history

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("history", "access_log")


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN on every backend: a batch copy would drop the triggers that
    # keep these tables append-only.
    for table in _TABLES:
        op.add_column(table, sa.Column("partnership", sa.String(length=200), nullable=True))
        op.create_index(f"ix_{table}_partnership", table, ["partnership"], unique=False)


def downgrade() -> None:
    for table in _TABLES:
        op.drop_index(f"ix_{table}_partnership", table_name=table)
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("partnership")
