"""The ASGI app: Slack's requests on /slack/events, and a health check for the operator."""

import logging

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from slackbot.db import Database

logger = logging.getLogger(__name__)


def build_web_app(app: App, db: Database) -> Starlette:
    async def slack_events(request: Request) -> Response:
        # Bolt's sync dispatch blocks; a worker thread keeps the event loop serving others.
        try:
            bolt_request = to_bolt_request(request, await request.body())
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
