"""build_app: the Bolt app with every listener registered."""

import json
import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from slackbot.db import Database
from slackbot.listeners import register_all
from slackbot.listeners.deps import Deps
from slackbot.listeners.events import register_installation_events
from slackbot.oauth import ClientFor, clients_by_team, installation_store, oauth_settings
from slackbot.services.events import first_delivery
from slackbot.settings import Settings

logger = logging.getLogger(__name__)

SORRY = (
    "Sorry, something went wrong on our side and nothing was changed. Please try again in a moment."
)


def make_client(
    settings: Settings, *, token: str | None = None, retry_dropped_connections: bool = True
) -> WebClient:
    """The Web API client: every call goes to SLACK_API_URL, and 429s are retried.

    `token` defaults to SLACK_BOT_TOKEN; with OAuth, each workspace's comes from its
    installation (and the app's own client has none). The nudge dispatcher does not retry a
    dropped connection blindly: Slack may have posted the message already, and the outbox
    checks that before posting again."""
    if token is None and not settings.oauth_enabled:
        settings.require("SLACK_BOT_TOKEN")
        assert settings.slack_bot_token is not None
        token = settings.slack_bot_token.get_secret_value()
    handlers = [RateLimitErrorRetryHandler(max_retry_count=2)]
    if retry_dropped_connections:
        handlers.insert(0, ConnectionErrorRetryHandler())
    return WebClient(token=token, base_url=settings.web_api_base_url, retry_handlers=handlers)


def clients_for_teams(
    settings: Settings, db: Database, *, retry_dropped_connections: bool = True
) -> ClientFor:
    """The client to reach each workspace: the bot token's, or each installation's."""

    def make(token: str | None) -> WebClient:
        return make_client(
            settings, token=token, retry_dropped_connections=retry_dropped_connections
        )

    if settings.oauth_enabled:
        return clients_by_team(installation_store(settings, db), make)
    client = make(None)
    return lambda _team_id: client


def build_app(
    settings: Settings,
    client: WebClient | None = None,
    *,
    deps: Deps | None = None,
    listener_executor: Executor | None = None,
) -> App:
    """The Bolt app. `deps` defaults to the database of DATABASE_URL and the wall clock;
    `listener_executor` runs the work after each ack (Bolt's own pool by default)."""
    settings.require_slack_credentials("SLACK_SIGNING_SECRET")
    assert settings.slack_signing_secret is not None
    deps = deps or Deps(db=Database(settings.database_url), cohort_admins=settings.cohort_admins)
    store = installation_store(settings, deps.db) if settings.oauth_enabled else None
    app = App(
        client=client or make_client(settings),
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        # Checked lazily on the first request, so the app starts even while Slack is away.
        token_verification_enabled=False,
        # Bolt's default pool has 5 threads: too few for a cohort's Monday morning.
        listener_executor=listener_executor or ThreadPoolExecutor(max_workers=16),
        oauth_settings=oauth_settings(settings, deps.db, store) if store else None,
    )

    @app.middleware
    def once_per_event(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
        """Slack retries an event it thinks was missed; act on each event_id once."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id:
            with deps.db.session() as session:
                if not first_delivery(session=session, event_id=event_id, now=deps.clock()):
                    return BoltResponse(status=200, body="")
        return next()

    register_all(app, deps)
    if store is not None:
        register_installation_events(app, deps, store)

    @app.error
    def report_failure(
        error: Exception,
        body: dict[str, Any],
        response: BoltResponse | None,
        respond: Any,
    ) -> BoltResponse | None:
        # Ids only: the error itself may quote what the member typed.
        logger.error(
            "listener failed (%s) for %s",
            type(error).__name__,
            body.get("type") or body.get("command") or "event",
            exc_info=logger.isEnabledFor(logging.DEBUG),
        )
        first_input = _first_input_block(body)
        if response is not None and body.get("type") == "view_submission" and first_input:
            # Not acknowledged yet: keep the form open, with the member's text, and say so.
            return BoltResponse(
                status=200,
                body=json.dumps({"response_action": "errors", "errors": {first_input: SORRY}}),
                headers={"content-type": ["application/json"]},
            )
        if body.get("response_url"):
            respond(text=SORRY, response_type="ephemeral", replace_original=False)
        return None

    return app


def _first_input_block(body: dict[str, Any]) -> str | None:
    blocks = (body.get("view") or {}).get("blocks") or []
    return next((b.get("block_id") for b in blocks if b.get("type") == "input"), None)
