"""build_app: the Bolt app with every listener registered."""

import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.middleware.request_verification import RequestVerification
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from sqlalchemy.exc import SQLAlchemyError

from slackbot.blocks.messages import SORRY
from slackbot.db import Database
from slackbot.deps import Deps
from slackbot.listeners import register_all
from slackbot.listeners.events import register_installation_events
from slackbot.listeners.payload import over_length
from slackbot.oauth import ClientFor, clients_by_team, installation_store, oauth_settings
from slackbot.services.events import first_delivery
from slackbot.services.installations import resume_team_nudges
from slackbot.settings import Settings
from slackbot.web_api import KeepAliveWebClient

logger = logging.getLogger(__name__)
# Slack saying no is not a bug of ours: logged apart from listener failures.
slack_refusals = logging.getLogger(f"{__name__}.slack")
refused_requests = logging.getLogger(f"{__name__}.requests")

# Slack's answers when a form was opened too late (its trigger id lives 3 s, once).
TRIGGER_PROBLEMS = frozenset({"expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"})
TOO_SLOW = "Slack did not let me open that form in time. Please click or type the command again."
ACK_SETTLE_SECONDS = 0.05
LISTENER_THREADS = 64


class SignedBySlack(RequestVerification):
    """Bolt's signature check, except that a timestamp that is not a number is refused (401,
    not 500) and a refusal is logged without the body, which holds what members typed."""

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        if self._can_skip(req.mode, req.body):
            return next()
        timestamp = req.headers.get("x-slack-request-timestamp", ["0"])[0]
        signature = req.headers.get("x-slack-signature", [""])[0]
        try:
            valid = self.verifier.is_valid(req.raw_body, timestamp, signature)
        except ValueError:
            valid = False
        if valid:
            return next()
        refused_requests.warning("refused a request without a valid Slack signature")
        return self._build_error_response()


def make_client(
    settings: Settings, *, token: str | None = None, retry_dropped_connections: bool = True
) -> WebClient:
    """The Web API client: every call goes to SLACK_API_URL over kept connections, and 429s
    are retried.

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
    return KeepAliveWebClient(
        token=token, base_url=settings.web_api_base_url, retry_handlers=handlers
    )


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
        # Bolt's own check answers 500 to an unreadable timestamp and logs refused bodies.
        request_verification_enabled=False,
        before_authorize=SignedBySlack(settings.slack_signing_secret.get_secret_value()),
        # A listener acks from its thread, then waits on Slack (100 ms or more a call): with
        # too few threads, acks queue behind those waits and a burst misses the 3 seconds.
        listener_executor=listener_executor or ThreadPoolExecutor(max_workers=LISTENER_THREADS),
        oauth_settings=(
            oauth_settings(settings, deps.db, store, on_installed=_resumer(deps)) if store else None
        ),
    )

    @app.middleware
    def keep_connections(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        """Bolt builds a plain WebClient for each request; its calls go over kept ones."""
        context["client"] = KeepAliveWebClient.like(context.client)
        return next()

    @app.middleware
    def once_per_event(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
        """Slack retries an event it thinks was missed; act on each event_id once."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id:
            try:
                with deps.db.session() as session:
                    first = first_delivery(session=session, event_id=event_id, now=deps.clock())
            except SQLAlchemyError:
                # Not acknowledged: Slack delivers the event again, when the database is back.
                refused_requests.warning("event %s left for Slack to retry", event_id)
                return BoltResponse(status=503, body="database unavailable")
            if not first:
                return BoltResponse(status=200, body="")
        return next()

    @app.middleware
    def within_input_limits(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
        """Text over an input's max_length never reaches a listener (or a column)."""
        if body.get("type") == "view_submission":
            errors = over_length(body.get("view") or {})
            if errors:
                return _json_response({"response_action": "errors", "errors": errors})
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
        client: WebClient,
    ) -> BoltResponse | None:
        if response is None:
            # Bolt clears the ack of a listener that failed after acking once this returns;
            # let the request thread (polling every 10 ms) send that ack first, or Slack
            # waits 3 seconds and gets a 404.
            time.sleep(ACK_SETTLE_SECONDS)
        kind = body.get("type") or body.get("command") or "event"
        refused = error.response.get("error") if isinstance(error, SlackApiError) else None
        if refused:
            slack_refusals.warning("Slack refused a call (%s) for %s", refused, kind)
        else:
            # Ids only: the error itself may quote what the member typed.
            logger.error(
                "listener failed (%s) for %s",
                type(error).__name__,
                kind,
                exc_info=logger.isEnabledFor(logging.DEBUG),
            )
        explanation = TOO_SLOW if refused in TRIGGER_PROBLEMS else SORRY
        first_input = _first_input_block(body)
        if response is not None:
            # Not acknowledged yet: the acknowledgement itself answers (never a 500).
            if body.get("type") == "view_submission" and first_input:
                # Keep the form open, with the member's text, and say so.
                return _json_response(
                    {"response_action": "errors", "errors": {first_input: explanation}}
                )
            if body.get("command"):
                return _json_response({"response_type": "ephemeral", "text": explanation})
        if body.get("response_url"):
            respond(text=explanation, response_type="ephemeral", replace_original=False)
        elif body.get("type") in ("block_actions", "view_submission"):
            # A click in a modal or App Home has nowhere to answer but the member's DM.
            try:
                client.chat_postMessage(channel=body["user"]["id"], text=explanation)
            except SlackApiError as failure:
                slack_refusals.warning(
                    "could not explain a failure: %s", failure.response.get("error")
                )
        return BoltResponse(status=200, body="") if response is not None else None

    return app


def _resumer(deps: Deps) -> Callable[[str], None]:
    """After an install: the nudges a previous uninstall stopped are due again."""

    def resume(team_id: str) -> None:
        with deps.db.session() as session:
            resumed = resume_team_nudges(session=session, team_id=team_id, now=deps.clock())
        if resumed:
            logger.info("workspace %s installed again: %d nudges resumed", team_id, resumed)

    return resume


def _json_response(data: dict[str, Any]) -> BoltResponse:
    return BoltResponse(
        status=200, body=json.dumps(data), headers={"content-type": ["application/json"]}
    )


def _first_input_block(body: dict[str, Any]) -> str | None:
    blocks = (body.get("view") or {}).get("blocks") or []
    return next((b.get("block_id") for b in blocks if b.get("type") == "input"), None)
