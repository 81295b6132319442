from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from slackbot.db.base import Base


def insert_if_absent(session: Session, model: type[Base], **keys: Any) -> None:
    """Insert a row with these unique keys unless one exists; safe when requests race."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(model).values(**keys).on_conflict_do_nothing(index_elements=list(keys))
    )
