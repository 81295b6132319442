"""Alembic environment: the URL comes from the caller (`slackbot migrate`) or from settings."""

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

import slackbot.models  # noqa: F401  (registers the tables)
from slackbot.db import Base, make_engine
from slackbot.settings import Settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.attributes.get("database_url") or Settings().database_url
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Parachute's migrations run online only: use `slackbot migrate`.")
run_migrations_online()
