from alembic import command
from sqlalchemy import create_engine, inspect

from slackbot.db.migrate import alembic_config, upgrade_to_head


def test_sqlite_database_is_built_from_nothing_and_downgrades_cleanly(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade_to_head(url)
    upgrade_to_head(url)  # idempotent, as `slackbot serve` relies on at every start
    engine = create_engine(url)
    assert {"contacts", "members", "target_companies"} <= set(inspect(engine).get_table_names())
    command.downgrade(alembic_config(url), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
