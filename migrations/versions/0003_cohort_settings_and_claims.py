"""cohort nudge settings, coaches and outbox claims

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "privacy_level", sa.String(length=16), server_default="company", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("quiet_start_minute", sa.Integer(), server_default="1200", nullable=False)
        )
        batch_op.add_column(
            sa.Column("quiet_end_minute", sa.Integer(), server_default="480", nullable=False)
        )
        batch_op.add_column(
            sa.Column("keep_in_touch_days", sa.Integer(), server_default="90", nullable=False)
        )
        batch_op.add_column(sa.Column("channel_problem", sa.String(length=64), nullable=True))

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_admin", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_nudges_claim_token"), ["claim_token"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nudges_claim_token"))
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("claim_token")

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("is_admin")

    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.drop_column("channel_problem")
        batch_op.drop_column("keep_in_touch_days")
        batch_op.drop_column("quiet_end_minute")
        batch_op.drop_column("quiet_start_minute")
        batch_op.drop_column("privacy_level")
