from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from slackbot.db.base import Base


def insert_if_absent(session: Session, model: type[Base], **values: Any) -> bool:
    """Insert a row unless one with the same unique key exists; safe when requests race.

    True when this call inserted it (RETURNING says so on both engines; a driver's
    rowcount does not)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    key = list(model.__table__.primary_key.columns)
    inserted = session.execute(
        dialect.insert(model).values(**values).on_conflict_do_nothing().returning(*key)
    )
    return inserted.first() is not None
