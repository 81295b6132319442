import os

from alembic import command
from sqlalchemy import create_engine, inspect, text

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


def test_replicas_migrating_together_all_succeed(database_url: str) -> None:
    """Several `slackbot serve` starting at once on a fresh PostgreSQL database."""
    if not database_url.startswith("postgresql"):
        return
    import subprocess
    import sys

    from sqlalchemy.engine import make_url

    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    scratch = f"parachute_migrations_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        connection.execute(text(f'CREATE DATABASE "{scratch}"'))
    try:
        url = make_url(database_url).set(database=scratch).render_as_string(hide_password=False)
        env = {**os.environ, "DATABASE_URL": url}
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "slackbot", "migrate"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for _ in range(3)
        ]
        outputs = [run.communicate(timeout=120)[0].decode() for run in runs]
        assert [run.returncode for run in runs] == [0, 0, 0], outputs
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        admin.dispose()
