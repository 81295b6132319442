"""cohort progress: weekly goals, the weekly digest, overlaps between members' asks,
warm intros

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("goal_asks", sa.Integer(), server_default="5", nullable=False)
        )
        batch_op.add_column(
            sa.Column("goal_meetings", sa.Integer(), server_default="2", nullable=False)
        )
        batch_op.add_column(sa.Column("digest_weekday", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("digest_minute", sa.Integer(), server_default="960", nullable=False)
        )
        batch_op.create_check_constraint("digest_weekday_range", "digest_weekday BETWEEN 0 AND 6")
        batch_op.create_check_constraint("digest_minute_range", "digest_minute BETWEEN 0 AND 1439")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal_asks", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("goal_meetings", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("on_leaderboard", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("offers_intros", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index("ix_contacts_name_key", ["name_key"])
        batch_op.create_index("ix_contacts_email", ["email"])
        batch_op.create_index("ix_contacts_linkedin_url", ["linkedin_url"])
    op.create_table(
        "overlaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("other_member_id", sa.Integer(), nullable=False),
        sa.Column("other_contact_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_overlaps_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_overlaps_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_contact_id"],
            ["contacts.id"],
            name=op.f("fk_overlaps_other_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_member_id"],
            ["members.id"],
            name=op.f("fk_overlaps_other_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_overlaps")),
        sa.UniqueConstraint(
            "contact_id", "other_contact_id", name=op.f("uq_overlaps_contact_id_other_contact_id")
        ),
    )
    with op.batch_alter_table("overlaps", schema=None) as batch_op:
        batch_op.create_index("ix_overlaps_member_created", ["member_id", "created_at"])
        batch_op.create_index(batch_op.f("ix_overlaps_other_member_id"), ["other_member_id"])
        batch_op.create_index(batch_op.f("ix_overlaps_other_contact_id"), ["other_contact_id"])


def downgrade() -> None:
    op.drop_table("overlaps")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_linkedin_url")
        batch_op.drop_index("ix_contacts_email")
        batch_op.drop_index("ix_contacts_name_key")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("offers_intros")
        batch_op.drop_column("on_leaderboard")
        batch_op.drop_column("goal_meetings")
        batch_op.drop_column("goal_asks")
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.drop_constraint("digest_minute_range", type_="check")
        batch_op.drop_constraint("digest_weekday_range", type_="check")
        batch_op.drop_column("digest_minute")
        batch_op.drop_column("digest_weekday")
        batch_op.drop_column("goal_meetings")
        batch_op.drop_column("goal_asks")
