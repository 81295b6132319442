"""Submissions of the meeting modal and of the meeting-notes modal."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.meetings import (
    ALREADY_MET,
    MOVED_INTO_PAST,
    THANKED,
    meeting_saved_view,
    notes_saved_view,
    when_label,
)
from slackbot.delivery.files import deliver_calendar_file
from slackbot.delivery.home import refresh_home
from slackbot.delivery.messages import redraw_reminders
from slackbot.delivery.profiles import member_tz
from slackbot.deps import Deps
from slackbot.domain.calendar import zone
from slackbot.domain.meetings import (
    NOTE_FIELDS,
    NOTE_MAX,
    MeetingField,
    MeetingForm,
    duration_advice,
    parse_referrals,
    validate_meeting,
)
from slackbot.domain.text import clean_block, parse_id
from slackbot.listeners.payload import Form, metadata_of, owner_of
from slackbot.services import meetings
from slackbot.services.errors import NotFound
from slackbot.services.meetings import MeetingNotes, MovedIntoPast
from slackbot.surfaces.meetings import calendar_links, thank_you_text

logger = logging.getLogger(__name__)

BLOCK = ids.MEETING_BLOCKS


def register(app: App, deps: Deps) -> None:
    @app.view(ids.MEETING_MODAL)
    def save_meeting(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        owner = owner_of(body)
        form = Form(view)
        now = deps.clock()
        start = (view["state"]["values"].get(BLOCK[MeetingField.START]) or {}).get(ids.INPUT) or {}
        details, errors = validate_meeting(
            MeetingForm(
                contact_id=form.choice(BLOCK[MeetingField.CONTACT]),
                start_epoch=start.get("selected_date_time"),
                duration=form.choice(BLOCK[MeetingField.DURATION]),
                format=form.choice(BLOCK[MeetingField.FORMAT]),
                location=form.text(BLOCK[MeetingField.LOCATION]),
                goal=form.text(BLOCK[MeetingField.GOAL]),
            ),
            now=now,
        )
        if details is None:
            ack(response_action="errors", errors={BLOCK[f]: text for f, text in errors.items()})
            return
        meeting_id = parse_id(str(metadata_of(view).get("meeting_id") or ""))
        try:
            with deps.db.session() as session:
                meeting, contact = meetings.save_meeting(
                    session=session,
                    owner=owner,
                    details=details,
                    now=now,
                    meeting_id=meeting_id,
                    already_met=ALREADY_MET in form.checked(ids.MEETING_ALREADY_MET),
                )
                saved = (meeting.id, contact.name)
                event = meetings.calendar_event(meeting, contact)
        except NotFound:
            ack(
                response_action="errors",
                errors={BLOCK[MeetingField.CONTACT]: "That is no longer in your list."},
            )
            return
        except MovedIntoPast:
            ack(response_action="errors", errors={BLOCK[MeetingField.START]: MOVED_INTO_PAST})
            return
        # The member's zone was cached when they opened the form: no Web API call before
        # the ack.
        tz = zone(member_tz(client, deps, owner, fetch=False))
        held = details.starts_at <= now
        ack(
            response_action="update",
            view=meeting_saved_view(
                meeting_id=saved[0],
                contact_name=saved[1],
                when=when_label(details.starts_at.astimezone(tz), now.astimezone(tz).date()),
                held=held,
                advice=duration_advice(details.duration_minutes),
                calendar=None if held else calendar_links(event),
            ),
        )
        if not held or meeting_id is not None:  # a move into the past updates it too
            deliver_calendar_file(client, deps.db, owner, event, tz=tz, now=now)
        refresh_home(client, deps, owner)

    @app.view(ids.NOTES_MODAL)
    def save_notes(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        owner = owner_of(body)
        form = Form(view)
        referrals, problems = parse_referrals(form.text(ids.NOTES_REFERRALS))
        errors = {}
        if problems:
            errors[ids.NOTES_REFERRALS] = " ".join(problems)
        notes = {
            name: clean_block(form.text(ids.NOTE_BLOCKS[name])) or None for name in NOTE_FIELDS
        }
        for name, text in notes.items():
            if text and len(text) > NOTE_MAX:
                errors[ids.NOTE_BLOCKS[name]] = f"Please keep this under {NOTE_MAX + 1} characters."
        meeting_id = parse_id(form.choice(ids.NOTES_MEETING)) or parse_id(
            str(metadata_of(view).get("meeting_id") or "")
        )
        if meeting_id is None:
            errors[ids.NOTES_MEETING] = "Pick the meeting these notes are about."
        if errors or meeting_id is None:
            ack(response_action="errors", errors=errors)
            return
        now = deps.clock()
        # Cached when the form opened: no Web API call before the ack.
        tz = zone(member_tz(client, deps, owner, fetch=False))
        try:
            with deps.db.session() as session:
                saved = meetings.save_notes(
                    session=session,
                    owner=owner,
                    meeting_id=meeting_id,
                    notes=MeetingNotes(**notes),
                    referrals=referrals,
                    thank_you_sent=THANKED in form.checked(ids.NOTES_THANKED),
                    now=now,
                )
                thank_you = (
                    None
                    if saved.meeting.thank_you_sent_at
                    else thank_you_text(
                        session, owner, saved.meeting, saved.contact, now=now, tz=tz
                    )
                )
                result = notes_saved_view(
                    meeting_id=saved.meeting.id,
                    contact_name=saved.contact.name,
                    added=saved.referrals_added,
                    known=saved.referrals_known,
                    thank_you=thank_you,
                )
        except NotFound:
            ack(
                response_action="errors",
                errors={ids.NOTES_MEETING: "That meeting is no longer in your list."},
            )
            return
        ack(response_action="update", view=result)
        logger.info("notes saved by %s/%s for meeting %s", owner.team_id, owner.user_id, meeting_id)
        redraw_reminders(client, deps, owner, saved.settled)
        refresh_home(client, deps, owner)
