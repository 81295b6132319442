"""The ASGI app: Slack's requests on /slack/events, and a health check for the operator."""

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from slackbot.db import Database


def build_web_app(app: App, db: Database) -> Starlette:
    async def slack_events(request: Request) -> Response:
        # Bolt's sync dispatch blocks; a worker thread keeps the event loop serving others.
        bolt_request = to_bolt_request(request, await request.body())
        return to_starlette_response(await run_in_threadpool(app.dispatch, bolt_request))

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
