"""Many workspaces from one deployment: slack_sdk's OAuth installation and state stores on
the app's database (tables made by our migrations), and a Web API client per workspace."""

from collections.abc import Callable

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Dialect, Engine, MetaData, String, desc, select, update
from sqlalchemy.types import TypeDecorator

from slackbot.db import Database
from slackbot.db.slack_oauth import (
    BOTS,
    ENCRYPTED_TOKEN_LENGTH,
    INSTALLATIONS,
    TOKEN_COLUMNS,
    with_token_type,
)
from slackbot.settings import Settings
from slackbot.token_cipher import TokenCipher

# The bot scopes the install asks for: the manifest's (a test keeps them equal).
BOT_SCOPES = (
    "channels:history",
    "chat:write",
    "commands",
    "files:read",
    "files:write",
    "groups:history",
    "im:history",
    "im:write",
    "users:read",
)
STATE_EXPIRATION_SECONDS = 600

ClientFor = Callable[[str], WebClient | None]


class EncryptedToken(TypeDecorator[str]):
    """A token column as the store sees it: encrypted on the way in, decrypted on the way
    out (only when a client is about to be built from it)."""

    impl = String(ENCRYPTED_TOKEN_LENGTH)
    cache_ok = True

    def __init__(self, cipher: TokenCipher) -> None:
        super().__init__()
        self.cipher = cipher

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.cipher.encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.cipher.decrypt(value)


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy store, with every token encrypted at rest."""

    def __init__(self, client_id: str, engine: Engine, cipher: TokenCipher) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.cipher = cipher
        self.metadata = MetaData()
        token_type = EncryptedToken(cipher)
        self.bots = with_token_type(
            self.build_bots_table(self.metadata, self.default_bots_table_name), token_type
        )
        self.installations = with_token_type(
            self.build_installations_table(self.metadata, self.default_installations_table_name),
            token_type,
        )


def installation_store(settings: Settings, db: Database) -> EncryptedInstallationStore:
    assert settings.slack_client_id is not None
    cipher = settings.token_cipher
    assert cipher is not None  # required with OAuth (require_slack_credentials)
    return EncryptedInstallationStore(settings.slack_client_id, db.engine, cipher)


def rotate_tokens(engine: Engine, cipher: TokenCipher) -> int:
    """Encrypt every stored token again under the first key; how many were."""
    rotated = 0
    with engine.begin() as connection:
        for table in (BOTS, INSTALLATIONS):
            columns = [column for column in table.c if column.name in TOKEN_COLUMNS]
            for row in connection.execute(select(table.c.id, *columns)).mappings():
                new = {
                    column.name: cipher.rotate(row[column.name])
                    for column in columns
                    if row[column.name] is not None
                }
                if new:
                    connection.execute(update(table).where(table.c.id == row["id"]).values(new))
                    rotated += len(new)
    return rotated


def oauth_settings(
    settings: Settings,
    db: Database,
    store: EncryptedInstallationStore,
    *,
    on_installed: Callable[[str], None],
) -> OAuthSettings:
    """/slack/install and /slack/oauth_redirect, with slack_sdk's stores on our database;
    `on_installed(team_id)` runs once a workspace's installation is stored."""
    assert settings.slack_client_secret is not None

    def installed(args: SuccessArgs) -> BoltResponse:
        if args.installation.team_id:
            on_installed(args.installation.team_id)
        return args.default.success(args)

    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        installation_store=store,
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRATION_SECONDS, engine=db.engine
        ),
        callback_options=CallbackOptions(
            success=installed, failure=lambda args: args.default.failure(args)
        ),
    )


def clients_by_team(
    store: EncryptedInstallationStore, make: Callable[[str], WebClient]
) -> ClientFor:
    """Each workspace's client, with its installation's bot token; None once uninstalled."""

    bots = store.bots.c
    # By team alone: find_bot would also match enterprise_id, and a workspace of an
    # Enterprise Grid has one, which the nudge dispatcher does not know.
    latest_token = (
        select(bots.bot_token)
        .where(bots.client_id == store.client_id, bots.bot_token.is_not(None))
        .order_by(desc(bots.installed_at))
        .limit(1)
    )

    def client_for(team_id: str) -> WebClient | None:
        with store.engine.connect() as connection:
            token = connection.scalar(latest_token.where(bots.team_id == team_id))
        return make(token) if token else None

    return client_for
