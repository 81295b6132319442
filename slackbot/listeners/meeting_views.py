"""Rendering meetings from the database: the modals, the prep pack, the thank-you, and the
meeting's calendar file."""

import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from slackbot.blocks.contacts import SEARCH_ABOVE
from slackbot.blocks.meetings import (
    CalendarLinks,
    MeetingFormDefaults,
    NotesFormDefaults,
    ThankYou,
    calendar_comment,
    follow_through_message,
    meeting_modal,
    notes_modal,
    prep_message,
    thank_you_message,
    when_label,
)
from slackbot.blocks.messages import Message
from slackbot.db import Database
from slackbot.domain.ask_checks import check_length, check_no_job_talk
from slackbot.domain.meeting_calendar import (
    MeetingEvent,
    google_calendar_link,
    ics_file,
    outlook_calendar_link,
)
from slackbot.domain.meetings import (
    NOTE_FIELDS,
    draft_close_the_loop,
    draft_keep_in_touch,
    draft_thank_you,
    specific_thing,
    thank_you_timing,
)
from slackbot.domain.nudges import NudgeKind
from slackbot.domain.prep import PrepInputs, prep_pack
from slackbot.listeners.common import contact_summary
from slackbot.listeners.your_data import upload_to_dm
from slackbot.models import Contact, Draft, Meeting
from slackbot.services import contacts, meetings
from slackbot.services.members import Owner, get_or_create_member, owned

logger = logging.getLogger(__name__)

MEETINGS_LISTED = 50


def render_meeting_modal(
    session: Session, owner: Owner, *, query: str | None = None, meeting_id: int | None = None
) -> dict[str, Any]:
    """A new meeting with the contact matching `query`, or meeting `meeting_id` to move."""
    choices = contacts.recent_contacts(session=session, owner=owner, limit=SEARCH_ABOVE + 1)
    if meeting_id is not None:
        meeting, contact = meetings.get_meeting(session=session, owner=owner, meeting_id=meeting_id)
        defaults = MeetingFormDefaults(
            meeting_id=meeting.id,
            contact=contact_summary(contact),
            starts_at_epoch=int(meeting.starts_at.timestamp()),
            duration_minutes=meeting.duration_minutes,
            format=meeting.format,
            location=meeting.location,
            goal=meeting.goal,
        )
    else:
        found = contacts.search_contacts(session=session, owner=owner, query=query or "", limit=1)
        defaults = MeetingFormDefaults(
            meeting_id=None,
            contact=contact_summary(found[0]) if found else None,
            starts_at_epoch=None,
        )
    return meeting_modal(defaults, [contact_summary(c) for c in choices])


def render_notes_modal(
    session: Session, owner: Owner, *, now: datetime, tz: ZoneInfo, meeting_id: int | None
) -> dict[str, Any] | None:
    """The notes form for `meeting_id`, or the latest meeting without notes; None if none."""
    held = meetings.meetings_for_notes(session=session, owner=owner, now=now, limit=MEETINGS_LISTED)
    if meeting_id is None:
        if not held:
            return None
        meeting_id = held[0][0].id
    meeting, _ = meetings.get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    choices = [(m.id, f"{c.name} \u00b7 {when_label(m.starts_at.astimezone(tz))}") for m, c in held]
    if meeting.id not in dict(choices):
        choices.insert(0, (meeting.id, "This meeting"))
    return notes_modal(
        NotesFormDefaults(
            meeting_id=meeting.id,
            choices=choices,
            notes={name: getattr(meeting, name) for name in NOTE_FIELDS},
            thanked=meeting.thank_you_sent_at is not None,
        )
    )


def render_prep(session: Session, owner: Owner, meeting_id: int, tz: ZoneInfo) -> Message:
    meeting, contact = meetings.get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    last = session.scalars(owned(Draft, owner).order_by(Draft.created_at.desc()).limit(1)).first()
    pack = prep_pack(
        PrepInputs(
            contact_name=contact.name,
            title=contact.title,
            company=contact.company,
            field=last.interest_broad if last else None,
            who_i_am=last.who_i_am if last else None,
            goal=meeting.goal,
            earlier_notes=meetings.earlier_notes_at(
                session=session, owner=owner, company=contact.company, before=meeting.id
            ),
            duration_minutes=meeting.duration_minutes,
        )
    )
    return prep_message(
        meeting_id=meeting.id,
        contact_name=contact.name,
        company=contact.company,
        when=when_label(meeting.starts_at.astimezone(tz)),
        pack=pack,
        done=meeting.prep_done_at is not None,
    )


def thank_you_text(
    session: Session,
    owner: Owner,
    meeting: Meeting,
    contact: Contact,
    *,
    now: datetime,
    tz: ZoneInfo,
) -> ThankYou:
    """The thank-you draft in words that fit the day they met, in the member's zone."""
    last = session.scalars(owned(Draft, owner).order_by(Draft.created_at.desc()).limit(1)).first()
    thing = specific_thing(meeting.advice, meeting.insights, meeting.resources, meeting.trends)
    member = get_or_create_member(session=session, owner=owner)
    met_on, today = meeting.starts_at.astimezone(tz).date(), now.astimezone(tz).date()
    return ThankYou(
        text=draft_thank_you(
            contact.name,
            thing,
            last.sign_off_name if last else member.display_name or "",
            met_on=met_on,
            today=today,
        ),
        timing=thank_you_timing(met_on, today),
    )


def render_follow_through(
    session: Session,
    owner: Owner,
    meeting_id: int,
    kind: NudgeKind,
    *,
    now: datetime,
    tz: ZoneInfo,
) -> Message:
    """The close-the-loop or keep-in-touch draft for a meeting, checked like an ask."""
    meeting, contact = meetings.get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    last = session.scalars(owned(Draft, owner).order_by(Draft.created_at.desc()).limit(1)).first()
    member = get_or_create_member(session=session, owner=owner)
    signature = last.sign_off_name if last else member.display_name or ""
    met_on, today = meeting.starts_at.astimezone(tz).date(), now.astimezone(tz).date()
    if kind is NudgeKind.CLOSE_LOOP:
        thing = specific_thing(meeting.advice, meeting.assignments, meeting.resources)
        what = "close-the-loop note"
        text = draft_close_the_loop(contact.name, thing, signature, met_on=met_on, today=today)
    else:
        what = "keep-in-touch note"
        text = draft_keep_in_touch(
            contact.name, contact.company, signature, met_on=met_on, today=today
        )
    checks = [check_length(text, drafted=True), check_no_job_talk(text)]
    return follow_through_message(what=what, contact_name=contact.name, text=text, checks=checks)


def render_thank_you(
    session: Session, owner: Owner, meeting_id: int, *, now: datetime, tz: ZoneInfo
) -> Message:
    meeting, contact = meetings.get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    return thank_you_message(
        meeting_id=meeting.id,
        contact_name=contact.name,
        thank_you=thank_you_text(session, owner, meeting, contact, now=now, tz=tz),
        sent=meeting.thank_you_sent_at is not None,
    )


def calendar_links(event: MeetingEvent) -> CalendarLinks:
    return CalendarLinks(google_calendar_link(event), outlook_calendar_link(event))


def deliver_calendar_file(
    client: WebClient,
    db: Database,
    owner: Owner,
    event: MeetingEvent,
    *,
    tz: ZoneInfo,
    now: datetime,
) -> None:
    """The meeting's .ics to the member's DM, by the export's upload path. A refusal is
    logged: the meeting is saved either way."""
    try:
        upload_to_dm(
            client,
            db,
            owner,
            now,
            content=ics_file(event, now=now),
            filename=f"informational-interview-{event.starts_at.astimezone(tz):%Y-%m-%d}.ics",
            title="Informational interview (calendar file)",
            comment=calendar_comment(
                contact_name=event.contact_name,
                when=when_label(event.starts_at.astimezone(tz)),
                sequence=event.sequence,
                cancelled=event.cancelled,
            ),
        )
    except SlackApiError as error:
        logger.warning(
            "calendar file for %s/%s failed: %s",
            owner.team_id,
            owner.user_id,
            error.response.get("error"),
        )
