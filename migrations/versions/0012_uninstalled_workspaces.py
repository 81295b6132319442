"""uninstalled workspaces: when each left (their data is deleted after the retention period)

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "uninstalled_workspaces",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("uninstalled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_uninstalled_workspaces")),
    )
    with op.batch_alter_table("uninstalled_workspaces", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_uninstalled_workspaces_uninstalled_at"), ["uninstalled_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("uninstalled_workspaces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_uninstalled_workspaces_uninstalled_at"))
    op.drop_table("uninstalled_workspaces")
