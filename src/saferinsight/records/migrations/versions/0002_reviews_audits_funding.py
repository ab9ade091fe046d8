"""Case reviews, audits, funding, training and initiatives

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("trigger", sa.Text(), nullable=True),
        sa.Column("sample_size", sa.Integer(), nullable=True),
        sa.Column("sample_unit", sa.String(length=200), nullable=True),
        sa.Column("overall_grade", sa.String(length=40), nullable=True),
        sa.Column("good_practice", sa.Text(), nullable=True),
        sa.Column("challenges", sa.Text(), nullable=True),
        sa.Column("learning", sa.Text(), nullable=True),
        sa.Column("actions", sa.Text(), nullable=True),
        sa.Column("target_measure", sa.Text(), nullable=True),
        sa.Column("target_percent", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("achieved_percent", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
            name=op.f("fk_audit_partnership_id_partnership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "budget_year",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("expected_budget", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("other_income", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("other_income_sources", sa.Text(), nullable=True),
        sa.Column("reserves", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("share_basis", sa.String(length=40), nullable=False),
        sa.Column("share_decimals", sa.Integer(), nullable=True),
        sa.Column("shared_with", sa.Text(), nullable=True),
        sa.Column("total_label", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
            name=op.f("fk_budget_year_partnership_id_partnership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_year")),
        sa.UniqueConstraint("partnership_id", "year", name=op.f("uq_budget_year_partnership_id")),
    )
    with op.batch_alter_table("budget_year", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_year_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "funding_grant",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("funder", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
            name=op.f("fk_funding_grant_partnership_id_partnership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_grant")),
    )
    with op.batch_alter_table("funding_grant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_funding_grant_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "initiative",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("target_group", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("referral_pathway", sa.Text(), nullable=True),
        sa.Column("funder", sa.String(length=200), nullable=True),
        sa.Column("delivery_partner", sa.String(length=200), nullable=True),
        sa.Column("outcomes", sa.Text(), nullable=True),
        sa.Column("first_year", sa.String(length=7), nullable=True),
        sa.Column("last_year", sa.String(length=7), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
            name=op.f("fk_initiative_partnership_id_partnership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative")),
    )
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "training_event",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=True),
        sa.Column("format", sa.String(length=200), nullable=True),
        sa.Column("sessions", sa.Integer(), nullable=True),
        sa.Column("attendees", sa.Integer(), nullable=True),
        sa.Column("length", sa.String(length=200), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
            name=op.f("fk_training_event_partnership_id_partnership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_event")),
    )
    with op.batch_alter_table("training_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_event_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "audit_grade",
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=200), nullable=False),
        sa.Column("grade", sa.String(length=40), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audit.id"],
            name=op.f("fk_audit_grade_audit_id_audit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_grade")),
        sa.UniqueConstraint("audit_id", "domain", name=op.f("uq_audit_grade_audit_id")),
    )
    with op.batch_alter_table("audit_grade", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_grade_audit_id"), ["audit_id"], unique=False)

    op.create_table(
        "contribution",
        sa.Column("budget_year_id", sa.Integer(), nullable=False),
        sa.Column("contributor", sa.String(length=200), nullable=False),
        sa.Column("partner", sa.String(length=200), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_year_id"],
            ["budget_year.id"],
            name=op.f("fk_contribution_budget_year_id_budget_year"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution")),
        sa.UniqueConstraint(
            "budget_year_id", "contributor", name=op.f("uq_contribution_budget_year_id")
        ),
    )
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contribution_budget_year_id"), ["budget_year_id"], unique=False
        )

    op.create_table(
        "review",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("pseudonym", sa.String(length=200), nullable=False),
        sa.Column("thematic", sa.Boolean(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("subjects", sa.Integer(), nullable=True),
        sa.Column("subject_age", sa.String(length=200), nullable=True),
        sa.Column("subject_sex", sa.String(length=200), nullable=True),
        sa.Column("referring_agency", sa.String(length=200), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("decision", sa.String(length=40), nullable=True),
        sa.Column("decision_notes", sa.Text(), nullable=True),
        sa.Column("chair", sa.String(length=200), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["body.id"], name=op.f("fk_review_body_id_body"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["review.id"], name=op.f("fk_review_group_id_review"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
            name=op.f("fk_review_partnership_id_partnership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
        sa.UniqueConstraint("ref", name=op.f("uq_review_ref")),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_review_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "briefing",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
            name=op.f("fk_briefing_partnership_id_partnership"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_briefing_review_id_review"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_briefing")),
    )
    with op.batch_alter_table("briefing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_briefing_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_briefing_review_id"), ["review_id"], unique=False)

    op.create_table(
        "recommendation",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=True),
        sa.Column("agency", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_recommendation_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation")),
    )
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendation_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "review_alias",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=200), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_review_alias_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_alias")),
    )
    with op.batch_alter_table("review_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_alias_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_event",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("dated", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_review_event_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_event")),
        sa.UniqueConstraint("review_id", "stage", name=op.f("uq_review_event_review_id")),
    )
    with op.batch_alter_table("review_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_event_review_id"), ["review_id"], unique=False)

    op.create_table(
        "briefing_panel",
        sa.Column("briefing_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["briefing_id"],
            ["briefing.id"],
            name=op.f("fk_briefing_panel_briefing_id_briefing"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_briefing_panel")),
        sa.UniqueConstraint("briefing_id", "number", name=op.f("uq_briefing_panel_briefing_id")),
    )
    with op.batch_alter_table("briefing_panel", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_briefing_panel_briefing_id"), ["briefing_id"], unique=False
        )

    op.create_table(
        "review_action",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("agency", sa.String(length=200), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_review_action_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_action")),
    )
    with op.batch_alter_table("review_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_action_recommendation_id"), ["recommendation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("review_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_action_recommendation_id"))

    op.drop_table("review_action")
    with op.batch_alter_table("briefing_panel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_briefing_panel_briefing_id"))

    op.drop_table("briefing_panel")
    with op.batch_alter_table("review_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_event_review_id"))

    op.drop_table("review_event")
    with op.batch_alter_table("review_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_alias_review_id"))

    op.drop_table("review_alias")
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_review_id"))

    op.drop_table("recommendation")
    with op.batch_alter_table("briefing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_briefing_review_id"))
        batch_op.drop_index(batch_op.f("ix_briefing_partnership_id"))

    op.drop_table("briefing")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_review_group_id"))
        batch_op.drop_index(batch_op.f("ix_review_body_id"))

    op.drop_table("review")
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contribution_budget_year_id"))

    op.drop_table("contribution")
    with op.batch_alter_table("audit_grade", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_grade_audit_id"))

    op.drop_table("audit_grade")
    with op.batch_alter_table("training_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_event_partnership_id"))

    op.drop_table("training_event")
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_partnership_id"))

    op.drop_table("initiative")
    with op.batch_alter_table("funding_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_grant_partnership_id"))

    op.drop_table("funding_grant")
    with op.batch_alter_table("budget_year", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_year_partnership_id"))

    op.drop_table("budget_year")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_partnership_id"))

    op.drop_table("audit")
