"""A meeting's messages: the prep pack, the thank-you, close-the-loop and keep-in-touch."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from slackbot.blocks.meetings import (
    CalendarLinks,
    ThankYou,
    follow_through_message,
    prep_message,
    thank_you_message,
    when_label,
)
from slackbot.blocks.messages import Message
from slackbot.domain.ask_checks import check_length, check_no_job_talk
from slackbot.domain.meeting_calendar import (
    MeetingEvent,
    google_calendar_link,
    outlook_calendar_link,
)
from slackbot.domain.meetings import (
    draft_close_the_loop,
    draft_keep_in_touch,
    draft_thank_you,
    specific_thing,
    thank_you_timing,
)
from slackbot.domain.nudges import NudgeKind
from slackbot.domain.prep import PrepInputs, prep_pack
from slackbot.models import Contact, Meeting
from slackbot.services import drafts, meetings
from slackbot.services.members import Owner


def meeting_prep(
    session: Session, owner: Owner, meeting_id: int, *, now: datetime, tz: ZoneInfo
) -> Message:
    meeting, contact = meetings.get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    last = drafts.latest_draft(session=session, owner=owner)
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
        when=when_label(meeting.starts_at.astimezone(tz), now.astimezone(tz).date()),
        pack=pack,
        done=meeting.prep_done_at is not None,
    )


def meeting_thank_you(
    session: Session, owner: Owner, meeting_id: int, *, now: datetime, tz: ZoneInfo
) -> Message:
    meeting, contact = meetings.get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    return thank_you_message(
        meeting_id=meeting.id,
        contact_name=contact.name,
        thank_you=thank_you_text(session, owner, meeting, contact, now=now, tz=tz),
        sent=meeting.thank_you_sent_at is not None,
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
    thing = specific_thing(meeting.advice, meeting.insights, meeting.resources, meeting.trends)
    signature = _signature(session, owner)
    met_on, today = meeting.starts_at.astimezone(tz).date(), now.astimezone(tz).date()
    return ThankYou(
        text=draft_thank_you(contact.name, thing, signature, met_on=met_on, today=today),
        timing=thank_you_timing(met_on, today),
    )


def meeting_follow_through(
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
    signature = _signature(session, owner)
    met_on, today = meeting.starts_at.astimezone(tz).date(), now.astimezone(tz).date()
    closing = kind is NudgeKind.CLOSE_LOOP
    if closing:
        thing = specific_thing(meeting.advice, meeting.assignments, meeting.resources)
        what = "close-the-loop note"
        text = draft_close_the_loop(contact.name, thing, signature, met_on=met_on, today=today)
    else:
        what = "keep-in-touch note"
        text = draft_keep_in_touch(
            contact.name, contact.company, signature, met_on=met_on, today=today
        )
    checks = [check_length(text, drafted=True), check_no_job_talk(text)]
    return follow_through_message(
        what=what,
        contact_name=contact.name,
        text=text,
        checks=checks,
        closing_meeting_id=meeting.id if closing else None,
        sent=closing and meetings.is_loop_closed(session=session, meeting_id=meeting.id),
    )


def meeting_close_the_loop(
    session: Session, owner: Owner, meeting_id: int, *, now: datetime, tz: ZoneInfo
) -> Message:
    return meeting_follow_through(session, owner, meeting_id, NudgeKind.CLOSE_LOOP, now=now, tz=tz)


def calendar_links(event: MeetingEvent) -> CalendarLinks:
    return CalendarLinks(google_calendar_link(event), outlook_calendar_link(event))


def _signature(session: Session, owner: Owner) -> str:
    last = drafts.latest_draft(session=session, owner=owner)
    return drafts.sign_off_of(session=session, owner=owner, last=last)
