"""contacts, targets, members and cohorts

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cohorts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("nudge_channel_id", sa.String(length=32), nullable=True),
        sa.Column("nudge_minute", sa.Integer(), server_default="540", nullable=False),
        sa.Column("timezone", sa.String(length=64), server_default="UTC", nullable=False),
        sa.Column("holidays_country", sa.String(length=2), nullable=True),
        sa.Column("max_followups", sa.Integer(), server_default="2", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.CheckConstraint(
            "max_followups BETWEEN 0 AND 5", name=op.f("ck_cohorts_max_followups_range")
        ),
        sa.CheckConstraint(
            "nudge_minute BETWEEN 0 AND 1439", name=op.f("ck_cohorts_nudge_minute_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohorts")),
        sa.UniqueConstraint("team_id", name=op.f("uq_cohorts_team_id")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("profile_fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("team_id", "user_id", name=op.f("uq_members_team_id_user_id")),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("company", sa.String(length=100), nullable=True),
        sa.Column("title", sa.String(length=100), nullable=True),
        sa.Column("seniority", sa.String(length=16), nullable=True),
        sa.Column("company_size", sa.String(length=16), nullable=True),
        sa.Column("connection", sa.String(length=200), nullable=True),
        sa.Column("referred_by_id", sa.Integer(), nullable=True),
        sa.Column("linkedin_url", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_interaction_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_contacts_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["referred_by_id"],
            ["contacts.id"],
            name=op.f("fk_contacts_referred_by_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint("member_id", "email", name=op.f("uq_contacts_member_id_email")),
        sa.UniqueConstraint(
            "member_id", "linkedin_url", name=op.f("uq_contacts_member_id_linkedin_url")
        ),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contacts_member_created", ["member_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_contacts_member_name_key", ["member_id", "name_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contacts_referred_by_id"), ["referred_by_id"], unique=False
        )

    op.create_table(
        "target_companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("motivation", sa.Integer(), nullable=False),
        sa.Column("size_band", sa.String(length=16), nullable=True),
        sa.Column("has_posting", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.CheckConstraint(
            "motivation BETWEEN 1 AND 5", name=op.f("ck_target_companies_motivation_range")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_target_companies_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_companies")),
        sa.UniqueConstraint(
            "member_id", "name_key", name=op.f("uq_target_companies_member_id_name_key")
        ),
    )
    with op.batch_alter_table("target_companies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_target_companies_member_motivation", ["member_id", "motivation"], unique=False
        )

    op.create_table(
        "target_titles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("title_key", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_target_titles_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_titles")),
        sa.UniqueConstraint(
            "member_id", "title_key", name=op.f("uq_target_titles_member_id_title_key")
        ),
    )


def downgrade() -> None:
    op.drop_table("target_titles")
    with op.batch_alter_table("target_companies", schema=None) as batch_op:
        batch_op.drop_index("ix_target_companies_member_motivation")

    op.drop_table("target_companies")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_referred_by_id"))
        batch_op.drop_index("ix_contacts_member_name_key")
        batch_op.drop_index("ix_contacts_member_created")

    op.drop_table("contacts")
    op.drop_table("members")
    op.drop_table("cohorts")
