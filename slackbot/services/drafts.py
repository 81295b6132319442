"""Drafts and asks: write one, change it, mark it sent (the follow-up clock), record replies."""

from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from slackbot.domain.ask_form import AskAnswers, AskRequest, connection_from_note
from slackbot.domain.calendar import calendar_for, zone
from slackbot.domain.drafting import (
    AskInputs,
    Channel,
    ConnectionKind,
    DraftKind,
    draft_ask,
    draft_follow_up,
)
from slackbot.domain.drafting import Draft as Drafted
from slackbot.domain.follow_up import follow_up_plan
from slackbot.domain.nudges import WAITING, NudgeKind, NudgeState
from slackbot.domain.phrasing import spoken_date
from slackbot.models import Contact, Draft, Nudge
from slackbot.services import contacts, outbox
from slackbot.services.cohorts import cadence_of, get_cohort
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner, get_or_create_member, owned, owned_with_contact

# What a change to a draft returns: the draft and the contact it is for.
DraftAndContact: TypeAlias = tuple[Draft, Contact]


@dataclass(frozen=True)
class AskDefaults:
    """What the /ask-draft form starts with: the contact (or a new name), and the answers."""

    contact_id: int | None
    new_name: str | None
    answers: AskAnswers


def latest_draft(*, session: Session, owner: Owner) -> Draft | None:
    """The member's newest draft: how they described themselves last time."""
    return session.scalars(
        owned(Draft, owner).order_by(Draft.created_at.desc(), Draft.id.desc()).limit(1)
    ).first()


def sign_off_of(*, session: Session, owner: Owner, last: Draft | None) -> str:
    """The name the member signs with: as in their last draft, or their Slack name."""
    if last is not None:
        return last.sign_off_name
    return get_or_create_member(session=session, owner=owner).display_name or ""


def ask_defaults(
    *, session: Session, owner: Owner, query: str | None, contact_id: int | None = None
) -> AskDefaults:
    """The form's defaults for contact `contact_id` (raises NotFound if not the owner's), or
    for the best match of `query`."""
    last = latest_draft(session=session, owner=owner)
    if contact_id is not None:
        contact: Contact | None = contacts.get_contact(
            session=session, owner=owner, contact_id=contact_id
        )
    else:
        found = contacts.search_contacts(session=session, owner=owner, query=query or "", limit=1)
        contact = found[0] if found else None
    connection, detail = known_connection(session=session, contact=contact)
    return AskDefaults(
        contact_id=contact.id if contact else None,
        new_name=None if contact else (query or None),
        answers=AskAnswers(
            connection=connection,
            connection_detail=detail,
            who_i_am=last.who_i_am if last else "",
            interest_narrow=last.interest_narrow if last else "",
            interest_broad=last.interest_broad if last else "",
            sign_off=sign_off_of(session=session, owner=owner, last=last),
            channel=last.channel if last else Channel.EMAIL,
        ),
    )


def known_connection(*, session: Session, contact: Contact | None) -> tuple[ConnectionKind, str]:
    """What the contact's record says about the member's connection to them: who referred
    them (a referral from /meeting-notes, or picked in /contact), else the "how you know
    them" note. The /ask-draft form starts from it; the member can change both."""
    if contact is None:
        return ConnectionKind.NONE, ""
    referrer = session.get(Contact, contact.referred_by_id) if contact.referred_by_id else None
    if referrer is not None and referrer.member_id != contact.member_id:
        referrer = None  # a link is only ever within one member's contacts
    return connection_from_note(contact.connection, referrer.name if referrer else None)


def _inputs(draft: Draft, contact: Contact) -> AskInputs:
    return AskInputs(
        contact_name=contact.name,
        company=contact.company,
        connection=draft.connection_kind,
        connection_detail=draft.connection_detail,
        who_i_am=draft.who_i_am,
        interest_narrow=draft.interest_narrow,
        interest_broad=draft.interest_broad,
        member_name=draft.sign_off_name,
        channel=draft.channel,
    )


def _compose(session: Session, draft: Draft, contact: Contact) -> Drafted:
    inputs = _inputs(draft, contact)
    if draft.kind == DraftKind.FOLLOW_UP:
        return draft_follow_up(
            inputs,
            asked_on=_asked_on(session, draft),
            number=draft.follow_up_number,
            variant=draft.variant,
        )
    return draft_ask(inputs, draft.variant)


def _write(session: Session, draft: Draft, contact: Contact) -> None:
    text = _compose(session, draft, contact)
    draft.subject, draft.body, draft.edited = text.subject, text.body, False


def shortened_words(*, session: Session, draft: Draft, contact: Contact) -> tuple[str, ...]:
    """Which of the member's own words the draft as written had to shorten to stay within
    the limits (none once the member edits it: the text is then theirs)."""
    if draft.edited:
        return ()
    return tuple(label.value for label in _compose(session, draft, contact).shortened)


def create_ask_draft(
    *, session: Session, owner: Owner, request: AskRequest, now: datetime
) -> Draft:
    """A first ask, for an existing contact or one typed inline (then stored as a contact).

    Raises NotFound for a contact that is not the member's, DuplicateContact for a new one
    that is.
    """
    member = get_or_create_member(session=session, owner=owner)
    if request.contact_id is not None:
        contact = contacts.get_contact(session=session, owner=owner, contact_id=request.contact_id)
    else:
        assert request.new_contact is not None
        contact = contacts.create_contact(
            session=session, owner=owner, details=request.new_contact, now=now
        )
    draft = Draft(
        member_id=member.id,
        contact_id=contact.id,
        kind=DraftKind.ASK,
        channel=request.answers.channel,
        connection_kind=request.answers.connection,
        connection_detail=request.answers.connection_detail,
        who_i_am=request.answers.who_i_am,
        interest_narrow=request.answers.interest_narrow,
        interest_broad=request.answers.interest_broad,
        sign_off_name=request.answers.sign_off,
        variant=0,
        follow_up_number=0,
        created_at=now,
    )
    _write(session, draft, contact)
    session.add(draft)
    session.flush()
    return draft


def follow_up_draft(
    *, session: Session, owner: Owner, ask_draft_id: int, number: int, now: datetime
) -> DraftAndContact:
    """The kind follow-up #`number` to an ask: the one already drafted, or a new one."""
    ask, contact = get_draft(session=session, owner=owner, draft_id=ask_draft_id)
    # Drafted since this ask: after a revive and a new ask, the old ask's follow-ups are history.
    existing = session.scalars(
        owned(Draft, owner).where(
            Draft.contact_id == contact.id,
            Draft.kind == DraftKind.FOLLOW_UP,
            Draft.follow_up_number == number,
            Draft.created_at >= ask.created_at,
        )
    ).first()
    if existing is not None:
        return existing, contact
    draft = Draft(
        member_id=ask.member_id,
        contact_id=contact.id,
        kind=DraftKind.FOLLOW_UP,
        channel=ask.channel,
        connection_kind=ask.connection_kind,
        connection_detail=ask.connection_detail,
        who_i_am=ask.who_i_am,
        interest_narrow=ask.interest_narrow,
        interest_broad=ask.interest_broad,
        sign_off_name=ask.sign_off_name,
        variant=0,
        follow_up_number=number,
        created_at=now,
    )
    _write(session, draft, contact)
    session.add(draft)
    session.flush()
    return draft, contact


def get_draft(*, session: Session, owner: Owner, draft_id: int) -> DraftAndContact:
    row = session.execute(owned_with_contact(Draft, owner).where(Draft.id == draft_id)).first()
    if row is None:
        raise NotFound(f"draft {draft_id}")
    return row[0], row[1]


def another_version(*, session: Session, owner: Owner, draft_id: int) -> DraftAndContact:
    draft, contact = get_draft(session=session, owner=owner, draft_id=draft_id)
    draft.variant += 1
    _write(session, draft, contact)
    return draft, contact


def edit_draft(
    *, session: Session, owner: Owner, draft_id: int, subject: str | None, body: str
) -> DraftAndContact:
    draft, contact = get_draft(session=session, owner=owner, draft_id=draft_id)
    draft.subject, draft.body, draft.edited = subject, body, True
    return draft, contact


def remember_message(
    *, session: Session, owner: Owner, draft_id: int, channel: str, ts: str
) -> None:
    draft, _ = get_draft(session=session, owner=owner, draft_id=draft_id)
    draft.message_channel, draft.message_ts = channel, ts


def _asked_on(session: Session, draft: Draft) -> str:
    first_ask = session.scalar(
        select(func.min(Draft.sent_at)).where(
            Draft.contact_id == draft.contact_id, Draft.kind == DraftKind.ASK
        )
    )
    return spoken_date(first_ask.date(), draft.created_at.date()) if first_ask else "last week"


def mark_sent(
    *, session: Session, owner: Owner, draft_id: int, now: datetime, tz_name: str | None
) -> tuple[Draft, Contact, list[Nudge]]:
    """Record the send; an ask starts the follow-up clock, a follow-up settles its reminder
    (returned, to redraw where it was posted). Repeating is harmless."""
    draft, contact = get_draft(session=session, owner=owner, draft_id=draft_id)
    settled: list[Nudge] = []
    if draft.sent_at is None:
        draft.sent_at = now
        contact.last_interaction_at = now
        contact.parked_at = None
        if draft.kind == DraftKind.ASK:
            _start_clock(session, draft, contact, owner=owner, now=now, tz_name=tz_name)
        else:
            # The follow-up reminder of this number is done, whether still to come or posted.
            settled = outbox.settle(
                session=session,
                about=and_(Nudge.contact_id == contact.id, Nudge.number == draft.follow_up_number),
                kinds=(NudgeKind.FOLLOW_UP,),
                state=NudgeState.DONE,
                now=now,
            )
    return draft, contact, settled


def _start_clock(
    session: Session,
    draft: Draft,
    contact: Contact,
    *,
    owner: Owner,
    now: datetime,
    tz_name: str | None,
) -> None:
    cancel_pending(session=session, contact_id=contact.id, now=now)  # a new ask, a new clock
    cohort = get_cohort(session=session, team_id=owner.team_id)
    colleagues = _asked_colleagues(session, contact)
    plan = follow_up_plan(
        now,
        cadence=cadence_of(cohort),
        calendar=calendar_for(cohort.holidays_country),
        tz=zone(tz_name or cohort.timezone),
        second_person=bool(colleagues),
    )
    # Their "reach a second person" steps are done now: this is the second person.
    session.execute(
        update(Nudge)
        .where(
            Nudge.contact_id.in_(colleagues),
            Nudge.kind == NudgeKind.SECOND_CONTACT,
            Nudge.state.in_(WAITING),
        )
        .values(state=NudgeState.DONE, updated_at=now)
    )
    session.add_all(
        Nudge(
            member_id=draft.member_id,
            contact_id=contact.id,
            draft_id=draft.id,
            kind=planned.kind,
            number=planned.number,
            due_at=planned.due_at,
            dedupe_key=f"ask:{draft.id}:{planned.kind}:{planned.number}",
            created_at=now,
        )
        for planned in plan
    )
    session.flush()


def _asked_colleagues(session: Session, contact: Contact) -> list[int]:
    """The member's other contacts at the same company (`contact` is theirs, checked) who
    were already asked."""
    if not contact.company:
        return []
    return list(
        session.scalars(
            select(Contact.id).where(
                Contact.member_id == contact.member_id,
                Contact.company_key == contact.company_key,
                Contact.id != contact.id,
                select(Draft.id)
                .where(
                    Draft.contact_id == Contact.id,
                    Draft.kind == DraftKind.ASK,
                    Draft.sent_at.is_not(None),
                )
                .exists(),
            )
        )
    )


ASK_KINDS = tuple(kind for kind in NudgeKind if kind.about_an_ask)


def cancel_pending(*, session: Session, contact_id: int, now: datetime) -> None:
    """Cancel the follow-up reminders about asks to this contact that have not gone out:
    a reply or a meeting changed the facts. Meeting reminders are the meeting's own."""
    session.execute(
        update(Nudge)
        .where(
            Nudge.contact_id == contact_id,
            Nudge.kind.in_(ASK_KINDS),
            Nudge.state.in_(WAITING),
        )
        .values(state=NudgeState.CANCELLED, updated_at=now)
    )


def pending_nudges(*, session: Session, contact_id: int) -> list[Nudge]:
    return list(
        session.scalars(
            select(Nudge)
            .where(Nudge.contact_id == contact_id, Nudge.state.in_(WAITING))
            .order_by(Nudge.due_at)
        )
    )


def record_reply(*, session: Session, owner: Owner, contact_id: int, now: datetime) -> Contact:
    """They replied: the clock stops, pending follow-ups are cancelled."""
    contact = contacts.get_contact(session=session, owner=owner, contact_id=contact_id)
    contact.replied_at = now
    contact.last_interaction_at = now
    contact.parked_at = None
    cancel_pending(session=session, contact_id=contact.id, now=now)
    return contact


def record_reply_from_nudge(
    *, session: Session, owner: Owner, nudge_id: int, now: datetime
) -> Nudge:
    """**They replied**, clicked on a reminder: the reply is recorded (the contact's clock
    stops) and the reminder itself is settled. Raises NotFound if it is not the owner's."""
    nudge = outbox.get_nudge(session=session, owner=owner, nudge_id=nudge_id)
    if nudge.contact_id is not None:
        record_reply(session=session, owner=owner, contact_id=nudge.contact_id, now=now)
    nudge.state, nudge.updated_at = NudgeState.CANCELLED, now
    return nudge


@dataclass(frozen=True)
class AwaitingReply:
    draft: Draft
    contact: Contact
    next_nudge: Nudge | None


def awaiting() -> ColumnElement[bool]:
    """A sent ask (Draft, joined with its Contact) whose contact has not replied since and
    is not parked."""
    return and_(
        Draft.kind == DraftKind.ASK,
        Draft.sent_at.is_not(None),
        Contact.parked_at.is_(None),
        or_(Contact.replied_at.is_(None), Contact.replied_at < Draft.sent_at),
    )


def awaiting_reply(*, session: Session, owner: Owner, limit: int) -> list[AwaitingReply]:
    """Sent asks still awaiting a reply, oldest first."""
    rows = session.execute(
        owned_with_contact(Draft, owner).where(awaiting()).order_by(Draft.sent_at).limit(limit)
    ).all()
    upcoming: dict[int, Nudge] = {}
    contact_ids = [contact.id for _, contact in rows]
    for nudge in session.scalars(
        select(Nudge)
        .where(Nudge.contact_id.in_(contact_ids), Nudge.state.in_(WAITING))
        .order_by(Nudge.due_at.desc())
    ):
        upcoming[nudge.contact_id or 0] = nudge  # the earliest wins, coming last
    return [AwaitingReply(draft, contact, upcoming.get(contact.id)) for draft, contact in rows]
