"""nudges: a partial index of the waiting rows by due instant

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WAITING_SQL = "state IN ('pending', 'snoozed')"


def upgrade() -> None:
    op.create_index(
        "ix_nudges_waiting_due",
        "nudges",
        ["due_at"],
        unique=False,
        sqlite_where=sa.text(WAITING_SQL),
        postgresql_where=sa.text(WAITING_SQL),
    )


def downgrade() -> None:
    op.drop_index("ix_nudges_waiting_due", table_name="nudges")
