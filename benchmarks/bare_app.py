"""The baseline: a bare Bolt app whose handlers only ack(), behind Parachute's own ASGI app and
uvicorn settings. `python -m benchmarks.bare_app --port 3001` (SLACK_SIGNING_SECRET,
SLACK_BOT_TOKEN and SLACK_API_URL set, as for Parachute)."""

import argparse
import os
import re

import uvicorn
from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.db import Database
from slackbot.web import build_web_app

EVERYTHING = re.compile(".*")


def bare_app(signing_secret: str, token: str, api_url: str | None = None) -> App:
    app = App(
        client=WebClient(token=token, base_url=api_url or WebClient.BASE_URL),
        signing_secret=signing_secret,
        token_verification_enabled=False,
    )

    def only_ack(ack: Ack) -> None:
        ack()

    app.command(EVERYTHING)(only_ack)
    app.action(EVERYTHING)(only_ack)
    app.view(EVERYTHING)(only_ack)
    app.event(EVERYTHING)(lambda: None)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = bare_app(
        os.environ["SLACK_SIGNING_SECRET"],
        os.environ["SLACK_BOT_TOKEN"],
        os.environ.get("SLACK_API_URL"),
    )
    # The health check reads a database like Parachute's does; an in-memory one here.
    uvicorn.run(
        build_web_app(app, Database("sqlite://")),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
