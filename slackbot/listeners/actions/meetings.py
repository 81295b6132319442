"""Meeting buttons: write notes, prep done, thank-you sent, reschedule and cancel."""

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.meetings import thanked_view
from slackbot.blocks.messages import Message
from slackbot.delivery.contact_page import open_contact_page
from slackbot.delivery.files import deliver_calendar_file
from slackbot.delivery.home import refresh_home
from slackbot.delivery.messages import open_modal, redraw_reminders
from slackbot.delivery.profiles import member_tz
from slackbot.deps import Deps
from slackbot.domain.calendar import zone
from slackbot.domain.text import parse_id
from slackbot.listeners.payload import message_of, owner_of
from slackbot.services import meetings
from slackbot.services.errors import NotFound
from slackbot.services.outbox import Reminders
from slackbot.surfaces.forms import meeting_form, notes_form
from slackbot.surfaces.meetings import meeting_close_the_loop, meeting_prep, meeting_thank_you

logger = logging.getLogger(__name__)


def _meeting_id(action: dict[str, Any]) -> int:
    meeting_id = parse_id(action.get("value") or (action.get("selected_option") or {}).get("value"))
    if meeting_id is None:
        raise NotFound("unreadable meeting id")
    return meeting_id


def register(app: App, deps: Deps) -> None:
    def settle(
        client: WebClient,
        body: dict[str, Any],
        action: dict[str, Any],
        change: Callable[..., Reminders],
        render: Callable[..., Message],
    ) -> None:
        """Record the fact, redraw the reminders it settles and the message clicked (drawn
        again by `render`, a meeting's message in the member's zone)."""
        owner = owner_of(body)
        tz = zone(member_tz(client, deps, owner))
        try:
            with deps.db.session() as session:
                meeting_id = _meeting_id(action)
                settled = change(
                    session=session, owner=owner, meeting_id=meeting_id, now=deps.clock()
                )
                message = render(session, owner, meeting_id, now=deps.clock(), tz=tz)
        except NotFound:
            logger.warning("meeting refused: not owned by %s/%s", owner.team_id, owner.user_id)
            return
        redraw_reminders(client, deps, owner, settled)
        clicked = message_of(body)
        if clicked:
            client.chat_update(
                channel=clicked[0], ts=clicked[1], text=message.text, blocks=message.blocks
            )
        refresh_home(client, deps, owner)

    @app.action(ids.MEETING_PREP_DONE)
    def prep_done(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        settle(client, body, action, meetings.mark_prep_done, meeting_prep)

    @app.action(ids.MEETING_LOOP_CLOSED)
    def loop_closed(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        settle(client, body, action, meetings.mark_loop_closed, meeting_close_the_loop)

    @app.action(ids.MEETING_THANKED)
    def thanked(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        settle(client, body, action, meetings.mark_thanked, meeting_thank_you)
        if (body.get("view") or {}).get("type") == "modal":  # the notes confirmation
            client.views_update(view_id=body["view"]["id"], view=thanked_view())

    def show_notes(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        """The notes form for the meeting clicked or picked, in place of the current view."""
        ack()
        owner = owner_of(body)
        tz = zone(member_tz(client, deps, owner))
        try:
            with deps.db.session() as session:
                view = notes_form(
                    session, owner, now=deps.clock(), tz=tz, meeting_id=_meeting_id(action)
                )
        except NotFound:
            return
        if view is not None:
            client.views_update(view_id=body["view"]["id"], view=view)

    app.action(ids.MEETING_WRITE_NOTES)(show_notes)
    app.action(ids.NOTES_PICK)(show_notes)

    @app.action(ids.HOME_MEETING_MENU)
    def meeting_menu(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        """Reschedule (the meeting form, filled in), cancel, or open the contact's page,
        from App Home."""
        ack()
        owner = owner_of(body)
        verb, _, number = ((action.get("selected_option") or {}).get("value") or "").partition(":")
        meeting_id = parse_id(number)
        try:
            if meeting_id is None:
                raise NotFound("unreadable meeting id")
            if verb == ids.MEETING_RESCHEDULE:
                open_modal(
                    client,
                    deps,
                    body["trigger_id"],
                    lambda session: meeting_form(session, owner, meeting_id=meeting_id),
                )
                return
            if verb == ids.CONTACT_OPEN:
                with deps.db.session() as session:
                    _, contact = meetings.get_meeting(
                        session=session, owner=owner, meeting_id=meeting_id
                    )
                    contact_id = contact.id
                open_contact_page(client, deps, owner, body["trigger_id"], contact_id)
                return
            if verb == ids.MEETING_CANCEL:
                now = deps.clock()
                with deps.db.session() as session:
                    meeting, contact = meetings.cancel_meeting(
                        session=session, owner=owner, meeting_id=meeting_id, now=now
                    )
                    cancelled = meetings.calendar_event(meeting, contact)
                tz = zone(member_tz(client, deps, owner))
                deliver_calendar_file(client, deps.db, owner, cancelled, tz=tz, now=now)
        except NotFound:
            logger.warning("meeting menu refused for %s/%s", owner.team_id, owner.user_id)
            return
        refresh_home(client, deps, owner)
