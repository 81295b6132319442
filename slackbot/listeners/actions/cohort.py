"""The time zone search of the /cohort settings."""

from typing import Any

from slack_bolt import Ack, App

from slackbot.blocks import ids
from slackbot.deps import Deps
from slackbot.domain.cohort_settings import timezone_names

ZONES_SHOWN = 50


def register(app: App, _: Deps) -> None:
    @app.options(ids.COHORT_TIMEZONE_SEARCH)
    def search_zones(ack: Ack, body: dict[str, Any]) -> None:
        query = (body.get("value") or "").strip().lower().replace(" ", "_")
        found = [name for name in timezone_names() if query in name.lower()][:ZONES_SHOWN]
        ack(options=[{"text": {"type": "plain_text", "text": n}, "value": n} for n in found])
