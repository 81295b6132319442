"""The ASGI app: Slack's requests on /slack/events, and a health check for the operator."""

import copy
import logging
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from slackbot.db import Database

logger = logging.getLogger(__name__)

# Slack's largest payload to us is a view_submission: the whole view (up to 100 blocks,
# each text at most 3000 characters) and its state, form-encoded, stays well under 1 MiB.
# Anything longer is refused before it is read, so an unsigned sender cannot make us
# buffer it.
MAX_BODY_BYTES = 2 * 1024 * 1024


class _TooLarge(Exception):
    pass


async def _body_within_limit(request: Request) -> bytes:
    """The body, read only while it stays within MAX_BODY_BYTES (a declared length first,
    then what actually arrives, for a chunked body)."""
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
        raise _TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


class PathOnlyAccessLog(logging.Filter):
    """uvicorn's access log without query strings: /slack/oauth_redirect carries the
    one-time OAuth code and state there."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration, its access log without query strings."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["path_only"] = {"()": f"{__name__}.PathOnlyAccessLog"}
    config["loggers"]["uvicorn.access"]["filters"] = ["path_only"]
    return config


def build_web_app(app: App, db: Database) -> Starlette:
    async def slack_events(request: Request) -> Response:
        try:
            body = await _body_within_limit(request)
        except _TooLarge:
            return PlainTextResponse("request body too large", status_code=413)
        # Bolt's sync dispatch blocks; a worker thread keeps the event loop serving others.
        try:
            bolt_request = to_bolt_request(request, body)
        except (ValueError, KeyError, TypeError):  # Bolt parses the body as it builds this
            return PlainTextResponse("unreadable request body", status_code=400)
        try:
            answer = await run_in_threadpool(app.dispatch, bolt_request)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            # Bolt reads the payload's shape as it routes it: a malformed one ends here.
            logger.warning("malformed Slack payload (%s)", type(error).__name__)
            return PlainTextResponse("malformed payload", status_code=400)
        return to_starlette_response(answer)

    async def healthz(_: Request) -> Response:
        if await run_in_threadpool(db.is_reachable):
            return JSONResponse({"status": "ok", "database": "ok"})
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)

    routes = [
        Route("/slack/events", slack_events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]
    flow = app.oauth_flow
    if flow is not None:  # many workspaces: the "Add to Slack" page and Slack's redirect

        async def install(request: Request) -> Response:
            bolt_request = to_bolt_request(request, await request.body())
            answer = await run_in_threadpool(flow.handle_installation, bolt_request)
            return to_starlette_response(answer)

        async def oauth_redirect(request: Request) -> Response:
            bolt_request = to_bolt_request(request, await request.body())
            return to_starlette_response(
                await run_in_threadpool(flow.handle_callback, bolt_request)
            )

        routes += [
            Route(flow.install_path, install, methods=["GET"]),
            Route(flow.redirect_uri_path, oauth_redirect, methods=["GET"]),
        ]
    return Starlette(routes=routes)
