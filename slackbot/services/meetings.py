"""Meetings: schedule or log, reschedule, cancel; prep, notes with referrals, thank-yous."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from slackbot.db.upsert import insert_if_absent
from slackbot.domain.contacts import ContactDetails, company_key
from slackbot.domain.meeting_calendar import MeetingEvent, meeting_uid
from slackbot.domain.meetings import (
    MeetingDetails,
    Referral,
    meeting_plan,
    moves_into_the_past,
)
from slackbot.domain.nudges import WAITING, NudgeKind, NudgeState
from slackbot.models import Contact, Meeting, Nudge
from slackbot.services import contacts, outbox
from slackbot.services.cohorts import civil_hours, get_cohort
from slackbot.services.contacts import DuplicateContact
from slackbot.services.drafts import cancel_pending
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner, get_or_create_member, owned_with_contact


class MovedIntoPast(Exception):
    """A meeting still ahead was given a time already gone: it would read as held."""


@dataclass(frozen=True)
class MeetingNotes:
    trends: str | None
    insights: str | None
    advice: str | None
    resources: str | None
    assignments: str | None
    leads: str | None
    next_steps: str | None


def get_meeting(*, session: Session, owner: Owner, meeting_id: int) -> tuple[Meeting, Contact]:
    row = session.execute(
        owned_with_contact(Meeting, owner).where(Meeting.id == meeting_id)
    ).first()
    if row is None:
        raise NotFound(f"meeting {meeting_id}")
    return row[0], row[1]


def save_meeting(
    *,
    session: Session,
    owner: Owner,
    details: MeetingDetails,
    now: datetime,
    meeting_id: int | None = None,
    already_met: bool = False,
) -> tuple[Meeting, Contact]:
    """Schedule (or log) a meeting, or move one; its reminders follow the new time.

    A meeting is an interaction: the contact's pending follow-ups are cancelled. Moving a
    meeting still ahead into the past raises MovedIntoPast (nothing changed) unless the
    member said they `already_met` then."""
    member = get_or_create_member(session=session, owner=owner)
    contact = contacts.get_contact(session=session, owner=owner, contact_id=details.contact_id)
    if meeting_id is None:
        meeting = Meeting(member_id=member.id, created_at=now)
        session.add(meeting)
    else:
        meeting, _ = get_meeting(session=session, owner=owner, meeting_id=meeting_id)
        if not already_met and moves_into_the_past(meeting.starts_at, details.starts_at, now=now):
            raise MovedIntoPast(f"meeting {meeting_id}")
        meeting.calendar_sequence += 1  # a revision: calendars replace their copy
    meeting.contact_id = contact.id
    meeting.starts_at = details.starts_at
    meeting.duration_minutes = details.duration_minutes
    meeting.format = details.format
    meeting.location = details.location
    meeting.goal = details.goal
    meeting.cancelled_at = None
    contact.last_interaction_at = now
    contact.parked_at = None
    cancel_pending(session=session, contact_id=contact.id, now=now)
    session.flush()
    _plan_reminders(session, meeting, owner=owner, now=now)
    session.flush()
    return meeting, contact


def _plan_reminders(session: Session, meeting: Meeting, *, owner: Owner, now: datetime) -> None:
    """The meeting's reminders for its current time: those still to come are replaced,
    those already posted stay, and none comes back for what is already done."""
    session.execute(delete(Nudge).where(Nudge.meeting_id == meeting.id, Nudge.state.in_(WAITING)))
    done = {
        NudgeKind.PREP: meeting.prep_done_at,
        NudgeKind.NOTES: meeting.notes_written_at,
        NudgeKind.THANK_YOU: meeting.thank_you_sent_at,
    }
    cohort = get_cohort(session=session, team_id=owner.team_id)
    member = get_or_create_member(session=session, owner=owner)
    ends_at = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    stamp = int(meeting.starts_at.timestamp())
    for planned in meeting_plan(
        meeting.starts_at,
        ends_at,
        now=now,
        keep_in_touch_days=cohort.keep_in_touch_days,
        civil=civil_hours(cohort, member.tz),
    ):
        if done.get(planned.kind):
            continue
        insert_if_absent(
            session,
            Nudge,
            member_id=meeting.member_id,
            contact_id=meeting.contact_id,
            meeting_id=meeting.id,
            kind=planned.kind,
            number=0,
            due_at=planned.due_at,
            dedupe_key=f"meeting:{meeting.id}:{planned.kind}:{stamp}",
            state=NudgeState.PENDING,
            attempts=0,
            created_at=now,
        )


def cancel_meeting(
    *, session: Session, owner: Owner, meeting_id: int, now: datetime
) -> tuple[Meeting, Contact]:
    meeting, contact = get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    if meeting.cancelled_at is None:  # a second click changes nothing
        meeting.cancelled_at = now
        meeting.calendar_sequence += 1
    outbox.settle(
        session=session,
        about=Nudge.meeting_id == meeting.id,
        kinds=None,
        state=NudgeState.CANCELLED,
        now=now,
    )
    return meeting, contact


def calendar_event(meeting: Meeting, contact: Contact) -> MeetingEvent:
    """The meeting as the member's calendar should hold it."""
    return MeetingEvent(
        uid=meeting_uid(meeting.id, meeting.created_at),
        sequence=meeting.calendar_sequence,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        contact_name=contact.name,
        location=meeting.location,
        goal=meeting.goal,
        cancelled=meeting.cancelled_at is not None,
    )


def _done(session: Session, meeting_id: int, kind: NudgeKind, now: datetime) -> outbox.Reminders:
    """The meeting's reminder of `kind` is done, whether still to come or posted."""
    return outbox.settle(
        session=session,
        about=Nudge.meeting_id == meeting_id,
        kinds=(kind,),
        state=NudgeState.DONE,
        now=now,
    )


def mark_prep_done(
    *, session: Session, owner: Owner, meeting_id: int, now: datetime
) -> outbox.Reminders:
    meeting, _ = get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    meeting.prep_done_at = meeting.prep_done_at or now
    return _done(session, meeting.id, NudgeKind.PREP, now)


def mark_thanked(
    *, session: Session, owner: Owner, meeting_id: int, now: datetime
) -> outbox.Reminders:
    meeting, _ = get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    meeting.thank_you_sent_at = meeting.thank_you_sent_at or now
    return _done(session, meeting.id, NudgeKind.THANK_YOU, now)


def mark_loop_closed(
    *, session: Session, owner: Owner, meeting_id: int, now: datetime
) -> outbox.Reminders:
    """The member told the contact what they did with the advice: the close-the-loop
    reminder is done, whether still to come or posted."""
    meeting, _ = get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    return _done(session, meeting.id, NudgeKind.CLOSE_LOOP, now)


def is_loop_closed(*, session: Session, meeting_id: int) -> bool:
    """Whether the meeting's close-the-loop reminder is done."""
    return (
        session.scalar(
            select(Nudge.id)
            .where(
                Nudge.meeting_id == meeting_id,
                Nudge.kind == NudgeKind.CLOSE_LOOP,
                Nudge.state == NudgeState.DONE,
            )
            .limit(1)
        )
        is not None
    )


def meetings_for_notes(
    *, session: Session, owner: Owner, now: datetime, limit: int
) -> list[tuple[Meeting, Contact]]:
    """Held meetings, those still without notes first, then the most recent."""
    rows = session.execute(
        owned_with_contact(Meeting, owner)
        .where(Meeting.starts_at <= now, Meeting.cancelled_at.is_(None))
        .order_by(Meeting.notes_written_at.is_not(None), Meeting.starts_at.desc())
        .limit(limit)
    )
    return [(meeting, contact) for meeting, contact in rows]


def upcoming(
    *, session: Session, owner: Owner, now: datetime, limit: int
) -> list[tuple[Meeting, Contact]]:
    rows = session.execute(
        owned_with_contact(Meeting, owner)
        .where(Meeting.starts_at > now, Meeting.cancelled_at.is_(None))
        .order_by(Meeting.starts_at)
        .limit(limit)
    )
    return [(meeting, contact) for meeting, contact in rows]


def recent_notes(*, session: Session, owner: Owner, limit: int) -> list[tuple[Meeting, Contact]]:
    rows = session.execute(
        owned_with_contact(Meeting, owner)
        .where(Meeting.notes_written_at.is_not(None))
        .order_by(Meeting.notes_written_at.desc())
        .limit(limit)
    )
    return [(meeting, contact) for meeting, contact in rows]


def earlier_notes_at(
    *, session: Session, owner: Owner, company: str | None, before: int
) -> list[tuple[str, str]]:
    """The member's own notes from other meetings with people at `company`, each with
    the name of the person they met."""
    if not company:
        return []
    rows = session.execute(
        owned_with_contact(Meeting, owner)
        .where(
            Contact.company_key == company_key(company),
            Meeting.id != before,
            Meeting.notes_written_at.is_not(None),
        )
        .order_by(Meeting.starts_at.desc())
        .limit(3)
    )
    return [
        (contact.name, note)
        for meeting, contact in rows
        for note in (meeting.insights, meeting.advice, meeting.trends)
        if note
    ]


@dataclass(frozen=True)
class NotesSaved:
    meeting: Meeting
    contact: Contact
    referrals_added: list[str]
    referrals_known: list[str]  # already among the member's contacts
    settled: list[Nudge]


def save_notes(
    *,
    session: Session,
    owner: Owner,
    meeting_id: int,
    notes: MeetingNotes,
    referrals: list[Referral],
    thank_you_sent: bool,
    now: datetime,
) -> NotesSaved:
    """Store the notes; each referral becomes a contact referred by this one."""
    meeting, contact = get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    for field, value in vars(notes).items():
        setattr(meeting, field, value)
    meeting.notes_written_at = now
    added, known = [], []
    for referral in referrals:
        details = ContactDetails(
            name=referral.name,
            company=referral.company,
            title=referral.title,
            connection=f"Referred by {contact.name}",
            referred_by_id=contact.id,
            linkedin_url=referral.linkedin_url,
            email=referral.email,
            notes=f"Link: {referral.link}" if referral.link else None,
        )
        try:
            contacts.create_contact(session=session, owner=owner, details=details, now=now)
        except DuplicateContact:
            known.append(referral.name)
        else:
            added.append(referral.name)
    settled = _done(session, meeting.id, NudgeKind.NOTES, now)
    if thank_you_sent:
        meeting.thank_you_sent_at = meeting.thank_you_sent_at or now
        settled += _done(session, meeting.id, NudgeKind.THANK_YOU, now)
    contact.last_interaction_at = now
    return NotesSaved(meeting, contact, added, known, settled)
