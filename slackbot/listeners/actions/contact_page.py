"""The contact page's buttons: open it, edit, revive, draft the next message. Every contact
id from a button is re-checked against the clicking member (NotFound: nothing shown)."""

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.contact_page import DRAFTED, REVIVED
from slackbot.blocks.messages import Message
from slackbot.delivery.contact_page import open_contact_page, redraw_contact_page
from slackbot.delivery.drafts import show_draft
from slackbot.delivery.home import refresh_home
from slackbot.delivery.messages import post_to_member, redraw_reminders
from slackbot.delivery.profiles import member_tz
from slackbot.deps import Deps
from slackbot.domain.calendar import zone
from slackbot.domain.contact_history import NextKind
from slackbot.domain.nudges import NudgeKind
from slackbot.listeners.payload import button_id, owner_of
from slackbot.services import contacts, drafts
from slackbot.services.contact_history import contact_history
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner
from slackbot.surfaces.contact_page import contact_edit_form
from slackbot.surfaces.forms import ask_form, contact_form
from slackbot.surfaces.meetings import meeting_follow_through, meeting_thank_you

logger = logging.getLogger(__name__)

_LATER_NOTES = {
    NextKind.CLOSE_LOOP: NudgeKind.CLOSE_LOOP,
    NextKind.KEEP_IN_TOUCH: NudgeKind.KEEP_IN_TOUCH,
}


Handler = Callable[[Owner, int, dict[str, Any], WebClient], None]


def register(app: App, deps: Deps) -> None:
    def with_contact(action_id: str) -> Callable[[Handler], None]:
        """A button whose value is one of the clicker's contacts: a forged or stale id is
        logged (ids only) and shows nothing."""

        def register_handler(handler: Handler) -> None:
            @app.action(action_id)
            def listener(
                ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
            ) -> None:
                ack()
                owner = owner_of(body)
                try:
                    handler(owner, button_id(action), body, client)
                except NotFound:
                    logger.warning("%s refused for %s/%s", action_id, owner.team_id, owner.user_id)

        return register_handler

    @with_contact(ids.CONTACT_OPEN)
    def open_page(owner: Owner, contact_id: int, body: dict[str, Any], client: WebClient) -> None:
        open_contact_page(client, deps, owner, body["trigger_id"], contact_id)

    @with_contact(ids.CONTACT_EDIT)
    def edit(owner: Owner, contact_id: int, body: dict[str, Any], client: WebClient) -> None:
        with deps.db.session() as session:
            view = contact_edit_form(session, owner, contact_id)
        client.views_push(trigger_id=body["trigger_id"], view=view)

    @with_contact(ids.CONTACT_REVIVE)
    def revive(owner: Owner, contact_id: int, body: dict[str, Any], client: WebClient) -> None:
        with deps.db.session() as session:
            settled = contacts.revive_contact(
                session=session, owner=owner, contact_id=contact_id, now=deps.clock()
            )
        logger.info("contact %s revived by %s/%s", contact_id, owner.team_id, owner.user_id)
        redraw_contact_page(client, deps, owner, body["view"]["id"], contact_id, REVIVED)
        redraw_reminders(client, deps, owner, settled)
        refresh_home(client, deps, owner)

    @with_contact(ids.CONTACT_DRAFT_NEXT)
    def draft_next(owner: Owner, contact_id: int, body: dict[str, Any], client: WebClient) -> None:
        """The next message the method calls for, by the flow that drafts it elsewhere: the
        ask form (on top of the page), a follow-up's draft card, a thank-you or a later
        note in the member's DM."""
        tz = zone(member_tz(client, deps, owner, fetch=False))  # views.push comes first
        now = deps.clock()
        view: dict[str, Any] | None = None
        message: Message | None = None
        with deps.db.session() as session:
            step = contact_history(
                session=session, owner=owner, contact_id=contact_id, now=now
            ).next
            if step.kind is NextKind.ASK:
                view = ask_form(session, owner, None, contact_id=contact_id, on_page=True)
            elif step.kind is NextKind.THANK_YOU and step.meeting_id:
                message = meeting_thank_you(session, owner, step.meeting_id, now=now, tz=tz)
            elif step.kind in _LATER_NOTES and step.meeting_id:
                message = meeting_follow_through(
                    session, owner, step.meeting_id, _LATER_NOTES[step.kind], now=now, tz=tz
                )
        if view is not None:
            client.views_push(trigger_id=body["trigger_id"], view=view)
            return
        if message is not None:
            post_to_member(client, deps, owner, message)
        elif step.kind is NextKind.FOLLOW_UP and step.draft_id:
            ask_id, number = step.draft_id, step.number
            show_draft(
                client,
                deps,
                owner,
                lambda session: drafts.follow_up_draft(
                    session=session, owner=owner, ask_draft_id=ask_id, number=number, now=now
                ),
            )
        else:
            return  # nothing to draft now (the page says what comes next)
        redraw_contact_page(client, deps, owner, body["view"]["id"], contact_id, DRAFTED)

    @app.action(ids.CONTACT_LOG_NEW)
    def log_new(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        """Someone new with the name typed in /contact, or a namesake of the contact on the
        page (the form goes on top of it). The value is only that name."""
        ack()
        owner = owner_of(body)
        with deps.db.session() as session:
            view = contact_form(session, owner, action.get("value") or None)
        if (body.get("view") or {}).get("type") == "modal":
            client.views_push(trigger_id=body["trigger_id"], view=view)
        else:
            client.views_open(trigger_id=body["trigger_id"], view=view)
