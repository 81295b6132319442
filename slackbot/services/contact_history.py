"""One contact's page: their record, their history with the member, and the next message."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from slackbot.domain.contact_history import (
    Event,
    HistoryItem,
    MessageFacts,
    NextStep,
    next_step,
)
from slackbot.domain.drafting import DraftKind
from slackbot.domain.meetings import specific_thing
from slackbot.domain.nudges import NudgeKind, NudgeState
from slackbot.domain.pipeline import Stage
from slackbot.models import Contact, Draft, Meeting, Nudge
from slackbot.services import contacts
from slackbot.services.cohorts import cadence_of, get_cohort
from slackbot.services.meetings import is_loop_closed
from slackbot.services.members import Owner

_POSTED = (NudgeState.SENT, NudgeState.DONE)


@dataclass(frozen=True)
class ContactHistory:
    contact: Contact
    stage: Stage
    referred_by: Contact | None
    items: list[HistoryItem]  # newest first
    next: NextStep


def contact_history(
    *, session: Session, owner: Owner, contact_id: int, now: datetime
) -> ContactHistory:
    """Contact `contact_id` of the owner's (NotFound otherwise), with everything that
    happened between them, read from the database."""
    contact = contacts.get_contact(session=session, owner=owner, contact_id=contact_id)
    referrer = _referrer(session, contact)
    items = [HistoryItem(contact.created_at, Event.LOGGED)]
    if referrer is not None:
        items.append(HistoryItem(contact.created_at, Event.REFERRED_BY, other=referrer.name))
    drafts = list(
        session.scalars(
            select(Draft).where(Draft.contact_id == contact.id).order_by(Draft.created_at)
        )
    )
    for draft in drafts:
        if draft.sent_at is not None:
            event = Event.ASK_SENT if draft.kind == DraftKind.ASK else Event.FOLLOW_UP_SENT
            items.append(HistoryItem(draft.sent_at, event, number=draft.follow_up_number))
        elif draft.kind == DraftKind.ASK:
            items.append(HistoryItem(draft.created_at, Event.ASK_DRAFTED))
    if contact.replied_at is not None:
        items.append(HistoryItem(contact.replied_at, Event.REPLIED))
    meetings = list(
        session.scalars(
            select(Meeting).where(Meeting.contact_id == contact.id).order_by(Meeting.starts_at)
        )
    )
    for meeting in meetings:
        items += _meeting_items(meeting, now)
    for referred in session.scalars(
        select(Contact).where(
            Contact.referred_by_id == contact.id, Contact.member_id == contact.member_id
        )
    ):
        items.append(HistoryItem(referred.created_at, Event.REFERRED, other=referred.name))
    # Each time the follow-up clock ran out, even when they were revived since.
    parked = list(
        session.scalars(
            select(Nudge.due_at).where(
                Nudge.contact_id == contact.id,
                Nudge.kind == NudgeKind.PARK,
                Nudge.state.in_(_POSTED),
            )
        )
    )
    if not parked and contact.parked_at is not None:
        parked = [contact.parked_at]
    items += [HistoryItem(at, Event.PARKED) for at in parked]
    items.sort(key=lambda item: item.at, reverse=True)
    return ContactHistory(
        contact=contact,
        stage=contacts.stage_of_contact(session=session, contact=contact, now=now),
        referred_by=referrer,
        items=items,
        next=next_step(_facts(session, owner, contact, drafts, meetings, now)),
    )


def _referrer(session: Session, contact: Contact) -> Contact | None:
    referrer = session.get(Contact, contact.referred_by_id) if contact.referred_by_id else None
    # A link is only ever within one member's contacts.
    return referrer if referrer and referrer.member_id == contact.member_id else None


def _meeting_items(meeting: Meeting, now: datetime) -> list[HistoryItem]:
    if meeting.cancelled_at is not None:
        return [HistoryItem(meeting.starts_at, Event.MEETING_CANCELLED)]
    if meeting.starts_at > now:
        return [HistoryItem(meeting.starts_at, Event.MEETING_AHEAD)]
    items = [HistoryItem(meeting.starts_at, Event.MET)]
    if meeting.notes_written_at is not None:
        summary = specific_thing(
            meeting.insights, meeting.advice, meeting.trends, meeting.next_steps
        )
        items.append(HistoryItem(meeting.notes_written_at, Event.NOTES, other=summary or None))
    if meeting.thank_you_sent_at is not None:
        items.append(HistoryItem(meeting.thank_you_sent_at, Event.THANKED))
    return items


def _facts(
    session: Session,
    owner: Owner,
    contact: Contact,
    drafts: list[Draft],
    meetings: list[Meeting],
    now: datetime,
) -> MessageFacts:
    asks = [d for d in drafts if d.kind == DraftKind.ASK and d.sent_at is not None]
    last_ask = max(asks, key=lambda d: d.sent_at or now, default=None)
    asked_at = last_ask.sent_at if last_ask else None
    follow_ups = {
        d.follow_up_number
        for d in drafts
        if d.kind == DraftKind.FOLLOW_UP and d.sent_at and asked_at and d.sent_at >= asked_at
    }
    live = [m for m in meetings if m.cancelled_at is None]
    ahead = next((m for m in live if m.starts_at > now), None)
    held = next((m for m in reversed(live) if m.starts_at <= now), None)
    loop_closed = held is not None and is_loop_closed(session=session, meeting_id=held.id)
    clock_ran_out = last_ask is not None and _park_posted(session, last_ask.id)
    cohort = get_cohort(session=session, team_id=owner.team_id)
    return MessageFacts(
        parked=contact.parked_at is not None,
        last_ask_id=last_ask.id if last_ask else None,
        replied_since_ask=bool(contact.replied_at and asked_at and contact.replied_at >= asked_at),
        follow_ups_sent=len(follow_ups),
        max_follow_ups=cadence_of(cohort).max_follow_ups,
        meeting_ahead_id=ahead.id if ahead else None,
        held_meeting_id=held.id if held else None,
        thanked=held is not None and held.thank_you_sent_at is not None,
        loop_closed=loop_closed,
        clock_ran_out=clock_ran_out,
        ask_waiting=any(
            d.kind == DraftKind.ASK
            and d.sent_at is None
            and (asked_at is None or d.created_at >= asked_at)
            for d in drafts
        ),
    )


def _park_posted(session: Session, ask_id: int) -> bool:
    """Whether the ask's follow-up clock ran out: its "parked" notice was posted."""
    parked = select(Nudge.id).where(
        Nudge.draft_id == ask_id, Nudge.kind == NudgeKind.PARK, Nudge.state.in_(_POSTED)
    )
    return session.scalar(parked.limit(1)) is not None
