from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from slackbot.db.base import Base


def insert_if_absent(session: Session, model: type[Base], **values: Any) -> int:
    """Insert a row unless one with the same key exists; safe when requests race.

    The conflict is on the model's primary key, or its first unique constraint. Returns
    how many rows were inserted: 1, or 0 when the row was there already."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    result = session.execute(
        dialect.insert(model).values(**values).on_conflict_do_nothing(),
    )
    return result.rowcount  # type: ignore[attr-defined]
