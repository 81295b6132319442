"""The migrations are the schema: the models and `alembic upgrade head` must agree."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from slackbot.db import Base
from slackbot.db.slack_oauth import SLACK_OAUTH_METADATA


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            # slack_sdk's OAuth tables are ours to create too: both sets must match.
            both = [Base.metadata, SLACK_OAUTH_METADATA]
            assert compare_metadata(context, both) == []  # type: ignore[arg-type]
    finally:
        engine.dispose()
