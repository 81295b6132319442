"""App Home's next best ask: draft an ask to a contact at a target, or ask a classmate for
an intro there (the LinkedIn search is a link, acked with the other links)."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.intros import who_message
from slackbot.delivery.messages import open_modal, send_dm
from slackbot.deps import Deps
from slackbot.listeners.payload import button_id, owner_of
from slackbot.services import intros, targets
from slackbot.services.errors import NotFound
from slackbot.surfaces.forms import ask_form

logger = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    @app.action(ids.NEXT_ASK_DRAFT)
    def draft_ask(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        """The ask form for the contact suggested: the id is checked to be the clicker's."""
        ack()
        owner = owner_of(body)
        try:
            contact_id = button_id(action)
            open_modal(
                client,
                deps,
                body["trigger_id"],
                lambda session: ask_form(session, owner, None, contact_id=contact_id),
            )
        except NotFound:
            logger.warning("next ask refused for %s/%s", owner.team_id, owner.user_id)

    @app.action(ids.NEXT_ASK_INTRO)
    def ask_intro(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        """The classmates who can introduce the member at that target, in their DM (App Home
        has no place to answer in), each with **Ask for an intro**."""
        ack()
        owner = owner_of(body)
        try:
            with deps.db.session() as session:
                company = targets.get_company(
                    session=session, owner=owner, company_id=button_id(action)
                )
                name = company.name
                found, offering = intros.warm_paths(session=session, owner=owner, company=name)
        except NotFound:
            logger.warning("intro list refused for %s/%s", owner.team_id, owner.user_id)
            return
        send_dm(client, deps, owner, who_message(name, found, offering=offering))
