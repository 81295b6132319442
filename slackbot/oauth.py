"""Many workspaces from one deployment: slack_sdk's OAuth installation and state stores on
the app's database (tables made by our migrations), and a Web API client per workspace."""

from collections.abc import Callable

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import desc, select

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
    settings: Settings,
    db: Database,
    store: SQLAlchemyInstallationStore,
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
    store: SQLAlchemyInstallationStore, make: Callable[[str], WebClient]
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
