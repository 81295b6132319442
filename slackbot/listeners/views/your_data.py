"""Submissions of `/network import` (the file) and `/network forget` (the confirmation)."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.your_data import CONFIRMED, forgotten_view, import_started_view
from slackbot.delivery.files import run_import
from slackbot.delivery.home import publish_blank_home, refresh_home
from slackbot.delivery.messages import post_to_member
from slackbot.deps import Deps
from slackbot.listeners.payload import Form, owner_of
from slackbot.nudges.eraser import Eraser
from slackbot.services.forget import forget_member, posted_reminders
from slackbot.services.posted import queue_erasure

logger = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    @app.view(ids.IMPORT_MODAL)
    def import_file(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        owner = owner_of(body)
        files = Form(view).files(ids.IMPORT_FILE)
        if len(files) != 1 or not files[0].get("id"):
            ack(response_action="errors", errors={ids.IMPORT_FILE: "Please pick one CSV file."})
            return
        # Downloading and reading a large file takes seconds: answer Slack first.
        ack(response_action="update", view=import_started_view())
        message = run_import(client, deps, owner, str(files[0]["id"]))
        post_to_member(client, deps, owner, message)
        refresh_home(client, deps, owner)

    @app.view(ids.FORGET_MODAL)
    def forget(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        owner = owner_of(body)
        if CONFIRMED not in Form(view).checked(ids.FORGET_CONFIRM):
            ack(
                response_action="errors",
                errors={ids.FORGET_CONFIRM: "Tick the box to confirm, or close to keep your data."},
            )
            return
        now = deps.clock()
        with deps.db.session() as session:
            queued = queue_erasure(
                session=session,
                owner=owner,
                also=posted_reminders(session=session, owner=owner),
                now=now,
            )
            forgotten = forget_member(session=session, owner=owner)
        ack(response_action="update", view=forgotten_view(forgotten, queued))
        logger.info("member %s/%s forgotten", owner.team_id, owner.user_id)
        publish_blank_home(client, owner)
        # Now, while the member waits (one batch: chat.delete is rate limited); the rest,
        # and what Slack could not take now, every minute from the scheduler (or
        # `slackbot nudge`), and the member is told once nothing is pending.
        Eraser(deps.db, lambda _team: client).erase_due(now, owner=owner, once=True)
