"""Many workspaces from one deployment: slack_sdk's OAuth installation and state stores on
the app's database (tables made by our migrations), and a Web API client per workspace."""

from collections.abc import Callable

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from slackbot.db import Database
from slackbot.settings import Settings

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


def installation_store(settings: Settings, db: Database) -> SQLAlchemyInstallationStore:
    assert settings.slack_client_id is not None
    return SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=db.engine)


def oauth_settings(
    settings: Settings, db: Database, store: SQLAlchemyInstallationStore
) -> OAuthSettings:
    """/slack/install and /slack/oauth_redirect, with slack_sdk's stores on our database."""
    assert settings.slack_client_secret is not None
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        installation_store=store,
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRATION_SECONDS, engine=db.engine
        ),
    )


def clients_by_team(
    store: SQLAlchemyInstallationStore, make: Callable[[str], WebClient]
) -> ClientFor:
    """Each workspace's client, with its installation's bot token; None once uninstalled."""

    def client_for(team_id: str) -> WebClient | None:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        return make(bot.bot_token) if bot is not None and bot.bot_token else None

    return client_for
