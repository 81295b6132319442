"""posted messages: what the bot posted for or about a member, and the queue that deletes
it from Slack on forget-me

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "posted_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("file_id", sa.String(length=32), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), server_default="posted", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posted_messages")),
        sa.UniqueConstraint(
            "team_id", "channel_id", "ts", name=op.f("uq_posted_messages_team_id_channel_id_ts")
        ),
        sa.UniqueConstraint("team_id", "file_id", name=op.f("uq_posted_messages_team_id_file_id")),
    )
    with op.batch_alter_table("posted_messages", schema=None) as batch_op:
        batch_op.create_index("ix_posted_messages_due", ["state", "next_attempt_at"], unique=False)
        batch_op.create_index("ix_posted_messages_owner", ["team_id", "user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("posted_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_posted_messages_owner")
        batch_op.drop_index("ix_posted_messages_due")
    op.drop_table("posted_messages")
