"""Each workspace's bot token, found by team alone (an Enterprise Grid workspace too), and
stored encrypted: the database, and a dump of it, hold no token in clear."""

from collections.abc import Iterator
from datetime import datetime

import pytest
from alembic import command
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine, MetaData, create_engine, select

from slackbot.db import Database
from slackbot.db.migrate import alembic_config, upgrade_to_head
from slackbot.db.slack_oauth import BOTS, INSTALLATIONS
from slackbot.oauth import clients_by_team, installation_store, rotate_tokens
from slackbot.settings import Settings
from slackbot.token_cipher import TokenCipher, TokenKeyError, new_key
from tests.services.test_migration_roundtrip import fresh_database

KEY = new_key()


def _settings(database_url: str, keys: str = KEY) -> Settings:
    return Settings(
        _env_file=None,
        database_url=database_url,
        slack_client_id="111.222",
        slack_client_secret="shh",
        slack_signing_secret="s",
        token_encryption_keys=keys,
    )


def _installation(team_id: str, token: str, enterprise_id: str | None = None) -> Installation:
    return Installation(
        app_id="A1",
        enterprise_id=enterprise_id,
        team_id=team_id,
        user_id="UINSTALLER",
        bot_token=token,
        bot_refresh_token=f"xoxe-1-refresh-{team_id}",
        user_token=f"xoxp-user-{team_id}",
        bot_id="B1",
        bot_user_id="UBOT",
    )


def dump(engine: Engine) -> str:
    """Every row of every table, as a backup would hold them."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        return "\n".join(
            repr(row)
            for table in metadata.sorted_tables
            for row in connection.execute(select(table))
        )


def test_a_workspace_of_an_enterprise_grid_is_found_by_its_team(
    db: Database, database_url: str
) -> None:
    store = installation_store(_settings(database_url), db)
    for enterprise_id, team_id, token in (
        ("E0GRID", "T0GRID", "xoxb-grid"),
        (None, "T0SOLO", "xoxb-solo"),
    ):
        store.save(_installation(team_id, token, enterprise_id))
    token_of = clients_by_team(store, lambda token: token)  # type: ignore[arg-type,return-value]
    assert (token_of("T0GRID"), token_of("T0SOLO"), token_of("T0NONE")) == (
        "xoxb-grid",
        "xoxb-solo",
        None,
    )


def test_tokens_are_stored_encrypted_and_read_back_only_with_the_key(
    db: Database, database_url: str
) -> None:
    store = installation_store(_settings(database_url), db)
    store.save(_installation("T0SOLO", "xoxb-secret-solo"))

    backup = dump(db.engine)
    assert "T0SOLO" in backup  # the dump holds the rows...
    assert "xox" not in backup  # ...and no token, bot, refresh or user, in clear
    found = store.find_bot(enterprise_id=None, team_id="T0SOLO")
    assert found is not None and found.bot_token == "xoxb-secret-solo"
    assert found.bot_refresh_token == "xoxe-1-refresh-T0SOLO"

    stranger = installation_store(_settings(database_url, new_key()), db)
    with pytest.raises(TokenKeyError):
        stranger.find_bot(enterprise_id=None, team_id="T0SOLO")


def test_rotate_key_encrypts_every_token_under_the_new_key(db: Database, database_url: str) -> None:
    installation_store(_settings(database_url), db).save(_installation("T0SOLO", "xoxb-rot"))
    newer = new_key()

    both = TokenCipher([newer, KEY])
    assert rotate_tokens(db.engine, both) == 5  # 3 on the installation, 2 on the bot

    only_new = installation_store(_settings(database_url, newer), db)
    bot = only_new.find_bot(enterprise_id=None, team_id="T0SOLO")
    assert bot is not None and bot.bot_token == "xoxb-rot"
    with pytest.raises(TokenKeyError):
        installation_store(_settings(database_url), db).find_bot(
            enterprise_id=None, team_id="T0SOLO"
        )
    with pytest.raises(TokenKeyError):  # a key that opens nothing changes nothing
        rotate_tokens(db.engine, TokenCipher([new_key()]))


@pytest.fixture
def before_encryption(database_url: str, tmp_path) -> Iterator[str]:
    """A fresh database at 0010, holding a workspace installed in clear, as before 0011."""
    with fresh_database(database_url, tmp_path) as url:
        command.upgrade(alembic_config(url), "0010")
        engine = create_engine(url)
        with engine.begin() as connection:
            for table in (BOTS, INSTALLATIONS):
                row = {
                    "client_id": "111.222",
                    "app_id": "A1",
                    "team_id": "T0OLD",
                    "bot_token": "xoxb-old-plain",
                    "is_enterprise_install": False,
                    "installed_at": datetime(2026, 11, 1, 9, 0),
                }
                if table is INSTALLATIONS:
                    row["user_id"] = "UINSTALLER"
                connection.execute(table.insert().values(row))
        engine.dispose()
        yield url


def test_the_migration_encrypts_tokens_stored_in_clear(before_encryption: str) -> None:
    url = before_encryption
    with pytest.raises(RuntimeError, match="TOKEN_ENCRYPTION_KEYS is not set"):
        upgrade_to_head(url)  # no key: refused, nothing changed

    upgrade_to_head(url, TokenCipher([KEY]))
    db = Database(url)
    try:
        assert "xoxb-old-plain" not in dump(db.engine)
        token_of = clients_by_team(installation_store(_settings(url), db), lambda t: t)  # type: ignore[arg-type,return-value]
        assert token_of("T0OLD") == "xoxb-old-plain"

        command.downgrade(alembic_config(url, TokenCipher([KEY])), "0010")
        assert "xoxb-old-plain" in dump(db.engine)  # back in clear, as 0010 expects
    finally:
        db.dispose()
