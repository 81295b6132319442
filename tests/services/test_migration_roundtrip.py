"""Migrations on a fresh database of each engine: up from nothing, down to nothing, up again,
ending where the models are; and several replicas migrating at once."""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from slackbot.db.migrate import alembic_config, upgrade_to_head
from tests.services.test_migrations import test_models_and_migrations_agree


@contextmanager
def fresh_database(database_url: str, tmp_path) -> Iterator[str]:
    """An empty database of the same engine as `database_url`, dropped afterwards."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    scratch = f"parachute_fresh_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        connection.execute(text(f'CREATE DATABASE "{scratch}"'))
    try:
        yield make_url(database_url).set(database=scratch).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        admin.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_up_from_nothing_down_to_nothing_and_up_again(database_url: str, tmp_path) -> None:
    with fresh_database(database_url, tmp_path) as url:
        upgrade_to_head(url)
        upgrade_to_head(url)  # idempotent, as `slackbot serve` relies on at every start
        assert {"contacts", "members", "nudges", "meetings"} <= _tables(url)
        command.downgrade(alembic_config(url), "base")
        assert _tables(url) <= {"alembic_version"}
        upgrade_to_head(url)
        test_models_and_migrations_agree(url)


def test_replicas_migrating_together_all_succeed(database_url: str, tmp_path) -> None:
    """Several `slackbot serve` starting at once on a fresh database."""
    with fresh_database(database_url, tmp_path) as url:
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


def test_contacts_logged_before_the_company_key_get_theirs(database_url: str, tmp_path) -> None:
    """Migration 0014 folds the company of every contact already stored."""
    with fresh_database(database_url, tmp_path) as url:
        command.upgrade(alembic_config(url), "0013")
        engine = create_engine(url)
        try:
            with engine.begin() as connection:
                connection.execute(
                    text("INSERT INTO members (team_id, user_id) VALUES ('T1', 'U1')")
                )
                connection.execute(
                    text(
                        "INSERT INTO contacts (member_id, name, name_key, company, created_at) "
                        "SELECT id, 'Jane', 'jane', :company, CURRENT_TIMESTAMP FROM members"
                    ),
                    [{"company": "  Acmé Robotics "}, {"company": None}],
                )
            upgrade_to_head(url)
            with engine.connect() as connection:
                keys = connection.execute(
                    text("SELECT company_key FROM contacts ORDER BY id")
                ).scalars()
                assert list(keys) == ["acme robotics", ""]
        finally:
            engine.dispose()
