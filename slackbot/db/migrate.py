"""Run the Alembic migrations from code (`slackbot migrate`, `slackbot serve`, tests)."""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, make_url

import slackbot
from slackbot.token_cipher import TokenCipher


def migrations_directory() -> Path:
    """The migrations shipped in the wheel, or the repository's own in a source checkout."""
    package_dir = Path(slackbot.__file__).resolve().parent
    for candidate in (package_dir / "migrations", package_dir.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError("Parachute's migrations directory is missing from this install")


def alembic_config(database_url: str, token_cipher: TokenCipher | None = None) -> Config:
    """`token_cipher` encrypts the workspace tokens stored before they were (0011)."""
    config = Config()
    config.set_main_option("script_location", str(migrations_directory()))
    config.attributes["database_url"] = database_url
    config.attributes["token_cipher"] = token_cipher
    return config


def upgrade_to_head(database_url: str, token_cipher: TokenCipher | None = None) -> None:
    """Bring the database to the newest schema; does nothing when it is already there."""
    with _one_process_at_a_time(database_url):
        command.upgrade(alembic_config(database_url, token_cipher), "head")


@contextmanager
def _one_process_at_a_time(database_url: str) -> Iterator[None]:
    """`slackbot serve` and a cron `slackbot nudge` may start together on one SQLite file:
    a lock file next to it lets one migrate while the other waits. (PostgreSQL takes an
    advisory lock in env.py instead.)"""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        yield
        return
    with open(f"{url.database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def upgrade_engine_to_head(engine: Engine) -> None:
    """The same, through an engine the caller holds (an in-memory SQLite database)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
