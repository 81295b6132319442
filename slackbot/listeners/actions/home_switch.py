"""App Home's on/off buttons: one handler shape for each of the member's choices."""

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from slackbot.blocks import ids
from slackbot.delivery.home import refresh_home
from slackbot.deps import Deps
from slackbot.listeners.payload import owner_of
from slackbot.services.members import Owner


def register_home_switch(
    app: App, deps: Deps, action_id: str, save: Callable[[Session, Owner, bool], None]
) -> None:
    """An App Home on/off button (value SWITCH_ON or SWITCH_OFF): save the member's choice,
    then redraw their App Home."""

    @app.action(action_id)
    def switch(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        owner = owner_of(body)
        with deps.db.session() as session:
            save(session, owner, action.get("value") == ids.SWITCH_ON)
        refresh_home(client, deps, owner)
