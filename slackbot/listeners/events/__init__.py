"""Events API: App Home opened."""

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from slackbot.listeners.common import refresh_home
from slackbot.listeners.deps import Deps
from slackbot.listeners.payload import owner_of


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def show_home(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            refresh_home(client, deps, owner_of(body))
