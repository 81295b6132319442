"""Reminders: a posted message redrawn from its reminders' states, and what a reminder's
"open" button shows."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from slackbot.blocks.messages import Message
from slackbot.blocks.nudges import member_message
from slackbot.domain.nudges import NudgeKind
from slackbot.models import Nudge
from slackbot.services import outbox
from slackbot.services.cohorts import get_cohort
from slackbot.services.members import Owner
from slackbot.surfaces import forms, meetings
from slackbot.surfaces.rows import reminders_message


def reminder_message(
    session: Session, owner: Owner, *, channel: str, ts: str, now: datetime
) -> Message:
    """The member's reminder message at (channel, ts), as its reminders stand now."""
    items = outbox.in_message(session=session, channel=channel, ts=ts)
    privacy = get_cohort(session=session, team_id=owner.team_id).privacy_level
    if not items:
        return member_message(owner.user_id, [], privacy, today=now.date())  # no dates to show
    return reminders_message(items, privacy, now)


def opened_reminder(
    session: Session, owner: Owner, nudge: Nudge, *, now: datetime, tz: ZoneInfo
) -> dict[str, Any] | Message | None:
    """What a reminder's button opens: a form (a view), a message for the member's DM, or
    None where the reminder opens a draft (a follow-up) or nothing."""
    kind, meeting_id = nudge.kind, nudge.meeting_id
    if kind is NudgeKind.SECOND_CONTACT:
        return forms.ask_form(session, owner, None, second_to_id=nudge.contact_id)
    if kind is NudgeKind.PARK and nudge.contact_id:
        return forms.ask_form(session, owner, None, contact_id=nudge.contact_id)
    if meeting_id is None:
        return None
    if kind is NudgeKind.NOTES:
        return forms.notes_form(session, owner, now=now, tz=tz, meeting_id=meeting_id)
    if kind is NudgeKind.PREP:
        return meetings.meeting_prep(session, owner, meeting_id, now=now, tz=tz)
    if kind is NudgeKind.THANK_YOU:
        return meetings.meeting_thank_you(session, owner, meeting_id, now=now, tz=tz)
    if kind in (NudgeKind.CLOSE_LOOP, NudgeKind.KEEP_IN_TOUCH):
        return meetings.meeting_follow_through(session, owner, meeting_id, kind, now=now, tz=tz)
    return None
