"""Warm intros: asking a classmate for an introduction, and the App Home switch."""

import json
import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.intros import (
    intro_answer_message,
    intro_answered_message,
    intro_asked_message,
    intro_request_message,
    intro_unavailable_message,
)
from slackbot.delivery.messages import post_to_member, privately
from slackbot.deps import Deps
from slackbot.listeners.actions.home_switch import register_home_switch
from slackbot.listeners.payload import message_of, owner_of
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

    def answer_intro(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        """The classmate's answer: their request redrawn, and the asker told."""
        ack()
        classmate = owner_of(body)
        asker_id, company = _target(action)
        accepted = action.get("action_id") == ids.INTRO_ACCEPT
        with deps.db.session() as session:
            # The button's ids are checked again: the clicker offers intros there, to
            # someone else of the same workspace.
            offered = intros.offers_intro_at(
                session=session,
                owner=Owner(classmate.team_id, asker_id),
                classmate=classmate.user_id,
                company=company,
            )
        if not offered:
            logger.warning("intro answer refused: %s", classmate.user_id)
            return
        answered = intro_answered_message(asker_id, company, accepted=accepted)
        clicked = message_of(body)
        if clicked:
            client.chat_update(
                channel=clicked[0], ts=clicked[1], text=answered.text, blocks=answered.blocks
            )
        told = intro_answer_message(classmate.user_id, company, accepted=accepted)
        client.chat_postMessage(channel=asker_id, text=told.text, blocks=told.blocks)
        logger.info("intro answered by %s (accepted: %s)", classmate.user_id, accepted)

    app.action(ids.INTRO_ACCEPT)(answer_intro)
    app.action(ids.INTRO_DECLINE)(answer_intro)

    register_home_switch(
        app,
        deps,
        ids.HOME_INTROS,
        lambda session, owner, on: intros.set_offers_intros(session=session, owner=owner, on=on),
    )
