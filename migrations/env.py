"""Alembic environment: the URL comes from the caller (`slackbot migrate`) or from settings."""

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, text

import slackbot.models  # noqa: F401  (registers the tables)
from slackbot.db import Base, make_engine
from slackbot.db.base import UTCDateTime
from slackbot.db.slack_oauth import SLACK_OAUTH_METADATA
from slackbot.settings import Settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

# Ours, and slack_sdk's OAuth installation and state tables (created by our migrations).
target_metadata = [Base.metadata, SLACK_OAUTH_METADATA]


# Migrations spell plain SQLAlchemy types, so they never depend on the app's code.
def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# Any number: the same for every replica, so one migrates while the others wait.
MIGRATION_LOCK = 7_243_001


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=_render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Replicas starting together: the first migrates, the rest then find it done.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
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
