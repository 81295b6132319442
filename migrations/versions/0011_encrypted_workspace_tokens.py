"""slack_bots, slack_installations: tokens encrypted at rest (wider columns; existing rows
encrypted under TOKEN_ENCRYPTION_KEYS)

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENS = {
    "slack_bots": ("bot_token", "bot_refresh_token"),
    "slack_installations": ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
}
PLAIN_PREFIX = "xox"  # every Slack token's prefix; never a Fernet token's


def _recode(transform: Callable[[str], str], needs_it: Callable[[str], bool]) -> None:
    connection = op.get_bind()
    for table_name, names in TOKENS.items():
        table = sa.table(table_name, sa.column("id"), *(sa.column(name) for name in names))
        for row in connection.execute(sa.select(table)).mappings():
            new = {
                name: transform(row[name]) for name in names if row[name] and needs_it(row[name])
            }
            if new:
                connection.execute(sa.update(table).where(table.c.id == row["id"]).values(new))


def _cipher_or_refuse(rows_need_it: bool) -> Any:  # the app's TokenCipher, passed in
    cipher = context.config.attributes.get("token_cipher")
    if cipher is None and rows_need_it:
        raise RuntimeError(
            "TOKEN_ENCRYPTION_KEYS is not set: the stored workspace tokens cannot be "
            "encrypted (or decrypted) without it"
        )
    return cipher


def _any_token(plain: bool) -> bool:
    connection = op.get_bind()
    for table_name, names in TOKENS.items():
        for name in names:
            column = sa.column(name)
            test = column.like(f"{PLAIN_PREFIX}%") if plain else column.not_like(f"{PLAIN_PREFIX}%")
            found = connection.execute(
                sa.select(sa.literal(1)).select_from(sa.table(table_name, column)).where(test)
            ).first()
            if found:
                return True
    return False


def _resize(length: int) -> None:
    for table_name, names in TOKENS.items():
        with op.batch_alter_table(table_name) as batch:
            for name in names:
                batch.alter_column(
                    name,
                    existing_type=sa.String(length=1000 if length == 200 else 200),
                    type_=sa.String(length=length),
                    existing_nullable=True,
                )


def upgrade() -> None:
    cipher = _cipher_or_refuse(_any_token(plain=True))  # before changing anything
    _resize(1000)
    if cipher is not None:
        _recode(cipher.encrypt, lambda value: value.startswith(PLAIN_PREFIX))


def downgrade() -> None:
    cipher = _cipher_or_refuse(_any_token(plain=False))
    if cipher is not None:
        _recode(cipher.decrypt, lambda value: not value.startswith(PLAIN_PREFIX))
    _resize(200)
