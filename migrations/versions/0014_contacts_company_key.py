"""contacts: the company folded (case, accents, spacing), to compare companies one way

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from slackbot.domain.contacts import company_key

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("company_key", sa.Text(), server_default="", nullable=False))
        batch.create_index("ix_contacts_company_key", ["company_key"], unique=False)
    contacts = sa.table(
        "contacts",
        sa.column("id", sa.Integer),
        sa.column("company", sa.String),
        sa.column("company_key", sa.Text),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(contacts.c.id, contacts.c.company).where(contacts.c.company.is_not(None))
    ).all()
    for start in range(0, len(rows), BATCH):
        connection.execute(
            contacts.update()
            .where(contacts.c.id == sa.bindparam("contact_id"))
            .values(company_key=sa.bindparam("key")),
            [
                {"contact_id": row.id, "key": company_key(row.company)}
                for row in rows[start : start + BATCH]
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_index("ix_contacts_company_key")
        batch.drop_column("company_key")
