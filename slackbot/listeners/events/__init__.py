"""Events API: App Home opened; with OAuth, a workspace uninstalling or revoking tokens."""

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore

from slackbot.delivery.home import show_home
from slackbot.deps import Deps
from slackbot.listeners.payload import owner_of
from slackbot.services.installations import stop_team_nudges

logger = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            show_home(client, deps, owner_of(body))


def register_installation_events(app: App, deps: Deps, store: InstallationStore) -> None:
    """Forget a workspace's tokens when it uninstalls the app or revokes them, and stop its
    nudges (nothing could post them any more)."""

    def stop_nudges(team_id: str) -> None:
        with deps.db.session() as session:
            stopped = stop_team_nudges(session=session, team_id=team_id, now=deps.clock())
        logger.info("workspace %s: installation removed, %d nudges stopped", team_id, stopped)

    @app.event("app_uninstalled")
    def uninstalled(context: BoltContext) -> None:
        assert context.team_id is not None
        store.delete_all(enterprise_id=context.enterprise_id, team_id=context.team_id)
        stop_nudges(context.team_id)

    @app.event("tokens_revoked")
    def tokens_revoked(event: dict[str, Any], context: BoltContext) -> None:
        assert context.team_id is not None
        tokens = event.get("tokens") or {}
        for user_id in tokens.get("oauth") or []:
            store.delete_installation(
                enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=user_id
            )
        if tokens.get("bot"):  # the whole installation goes, with every token it held
            store.delete_all(enterprise_id=context.enterprise_id, team_id=context.team_id)
            stop_nudges(context.team_id)
