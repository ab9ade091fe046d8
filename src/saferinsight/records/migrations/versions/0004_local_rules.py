"""Local deadline rules

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "local_rule",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("kinds", sa.String(length=200), nullable=False),
        sa.Column("starts", sa.String(length=40), nullable=False),
        sa.Column("ends", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("decisions", sa.String(length=200), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
            name=op.f("fk_local_rule_partnership_id_partnership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_local_rule")),
        sa.UniqueConstraint("partnership_id", "key", name=op.f("uq_local_rule_partnership_id")),
    )
    with op.batch_alter_table("local_rule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_local_rule_partnership_id"), ["partnership_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("local_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_local_rule_partnership_id"))

    op.drop_table("local_rule")
