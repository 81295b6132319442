"""Warm intros: asking a classmate for an introduction, and the App Home switch."""

import json
import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.intros import (
    intro_asked_message,
    intro_request_message,
    intro_unavailable_message,
)
from slackbot.listeners.common import post_to_member, privately, register_home_switch
from slackbot.listeners.deps import Deps
from slackbot.listeners.payload import owner_of
from slackbot.services import intros
from slackbot.services.members import Owner

logger = logging.getLogger(__name__)
NAMES_SHOWN = 3


def _target(action: dict[str, Any]) -> tuple[str, str]:
    """(classmate, company) from the button; anything unreadable names nobody."""
    try:
        value = json.loads(action.get("value") or "{}")
    except ValueError:
        return "", ""
    if not isinstance(value, dict):
        return "", ""
    return str(value.get("user") or ""), str(value.get("company") or "")


def register(app: App, deps: Deps) -> None:
    @app.action(ids.INTRO_ASK)
    def ask_for_intro(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        asker = owner_of(body)
        classmate_id, company = _target(action)
        classmate = Owner(asker.team_id, classmate_id)
        with deps.db.session() as session:
            # The button's ids are checked again: still offering, still knows someone there.
            offered = intros.offers_intro_at(
                session=session, owner=asker, classmate=classmate_id, company=company
            )
            names = (
                intros.own_contacts_at(
                    session=session, owner=classmate, company=company, limit=NAMES_SHOWN
                )
                if offered
                else []
            )
        if not offered:
            logger.warning("intro refused: %s to %s", asker.user_id, classmate_id or "?")
            answer = intro_unavailable_message()
            respond(**privately(answer), replace_original=False)
            return
        request = intro_request_message(asker.user_id, company, names)
        post_to_member(client, deps, classmate, request)
        done = intro_asked_message(classmate_id, company)
        respond(**privately(done), replace_original=False)
        logger.info("intro asked by %s of %s", asker.user_id, classmate_id)

    register_home_switch(
        app,
        deps,
        ids.HOME_INTROS,
        lambda session, owner, on: intros.set_offers_intros(session=session, owner=owner, on=on),
    )
