"""A member's contacts: add, list, and count by pipeline stage."""

from collections import Counter
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from slackbot.domain.contacts import ContactDetails, ContactField
from slackbot.domain.drafting import DraftKind
from slackbot.domain.pipeline import ContactFacts, Stage, stage_of
from slackbot.domain.text import fold
from slackbot.models import Contact, Draft, Meeting
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner, find_member, get_or_create_member, owned


class DuplicateContact(Exception):
    """The member already has this person; `field` is the detail that matched."""

    def __init__(self, field: ContactField, existing_name: str) -> None:
        super().__init__(field.value)
        self.field = field
        self.existing_name = existing_name


def get_contact(*, session: Session, owner: Owner, contact_id: int) -> Contact:
    contact = session.scalar(owned(Contact, owner).where(Contact.id == contact_id))
    if contact is None:
        raise NotFound(f"contact {contact_id}")
    return contact


def create_contact(
    *, session: Session, owner: Owner, details: ContactDetails, now: datetime
) -> Contact:
    """Store a new contact. Raises DuplicateContact or NotFound (an unknown referrer)."""
    member = get_or_create_member(session=session, owner=owner)
    _raise_if_duplicate(session=session, owner=owner, details=details)
    if details.referred_by_id is not None:
        get_contact(session=session, owner=owner, contact_id=details.referred_by_id)
    contact = Contact(
        member_id=member.id,
        name=details.name,
        name_key=fold(details.name),
        company=details.company,
        title=details.title,
        seniority=details.seniority,
        company_size=details.company_size,
        connection=details.connection,
        referred_by_id=details.referred_by_id,
        linkedin_url=details.linkedin_url,
        email=details.email,
        notes=details.notes,
        created_at=now,
    )
    session.add(contact)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # Another request stored the same person between our check and our insert.
        _raise_if_duplicate(session=session, owner=owner, details=details)
        raise
    return contact


def _raise_if_duplicate(*, session: Session, owner: Owner, details: ContactDetails) -> None:
    """Same LinkedIn URL or email is the same person; with neither, same name and company."""
    identifiers = []
    if details.linkedin_url:
        identifiers.append(Contact.linkedin_url == details.linkedin_url)
    if details.email:
        identifiers.append(Contact.email == details.email)
    if identifiers:
        for match in session.scalars(owned(Contact, owner).where(or_(*identifiers))):
            field = (
                ContactField.LINKEDIN_URL
                if details.linkedin_url and match.linkedin_url == details.linkedin_url
                else ContactField.EMAIL
            )
            raise DuplicateContact(field, match.name)
        return
    same_name = owned(Contact, owner).where(Contact.name_key == fold(details.name))
    for match in session.scalars(same_name):
        if fold(match.company or "") == fold(details.company or ""):
            raise DuplicateContact(ContactField.NAME, match.name)


def search_contacts(*, session: Session, owner: Owner, query: str, limit: int) -> list[Contact]:
    """The member's contacts whose name contains `query` (case and accents ignored),
    exact names first, then names that start with it, then the most recent."""
    key = fold(query)
    if not key:
        return []
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query_rows = (
        owned(Contact, owner)
        .where(Contact.name_key.like(f"%{escaped}%", escape="\\"))
        .order_by(
            (Contact.name_key == key).desc(),
            Contact.name_key.like(f"{escaped}%", escape="\\").desc(),
            Contact.created_at.desc(),
        )
        .limit(limit)
    )
    return list(session.scalars(query_rows))


def colleagues_of(*, session: Session, owner: Owner, contact: Contact, limit: int) -> list[Contact]:
    """The member's other contacts at the same company as `contact`."""
    if not contact.company:
        return []
    query = (
        owned(Contact, owner)
        .where(func.lower(Contact.company) == contact.company.lower(), Contact.id != contact.id)
        .order_by(Contact.created_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def recent_contacts(*, session: Session, owner: Owner, limit: int) -> list[Contact]:
    query = owned(Contact, owner).order_by(Contact.created_at.desc(), Contact.id.desc())
    return list(session.scalars(query.limit(limit)))


def pipeline_counts(*, session: Session, owner: Owner, now: datetime) -> dict[Stage, int]:
    """How many contacts are at each stage (every stage present, zeros included).

    The database reduces the member's contacts to their distinct combinations of facts
    (a few rows, however many contacts), each probe an index lookup by contact."""
    member = find_member(session=session, owner=owner)
    counts = Counter(dict.fromkeys(Stage, 0))
    if member is None:
        return dict(counts)

    def sent(kind: DraftKind) -> ColumnElement[bool]:
        return exists().where(
            Draft.contact_id == Contact.id, Draft.sent_at.is_not(None), Draft.kind == kind
        )

    def meeting(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
        return exists().where(
            Meeting.contact_id == Contact.id, Meeting.cancelled_at.is_(None), *conditions
        )

    facts = (
        select(
            sent(DraftKind.ASK).label("asked"),
            sent(DraftKind.FOLLOW_UP).label("followed_up"),
            Contact.replied_at.is_not(None).label("replied"),
            meeting(Meeting.starts_at > now).label("scheduled"),
            meeting(Meeting.starts_at <= now).label("met"),
            meeting(Meeting.thank_you_sent_at.is_not(None)).label("thanked"),
            Contact.parked_at.is_not(None).label("parked"),
        )
        .where(Contact.member_id == member.id)
        .subquery()
    )
    columns = list(facts.c)
    for asked, followed_up, replied, scheduled, met, thanked, parked, number in session.execute(
        select(*columns, func.count()).group_by(*columns)
    ):
        stage = stage_of(
            ContactFacts(
                asks_sent=int(bool(asked)),
                follow_ups_sent=int(bool(followed_up)),
                replied=bool(replied),
                meeting_scheduled=bool(scheduled),
                met=bool(met),
                thanked=bool(thanked),
                parked=bool(parked),
            )
        )
        counts[stage] += number
    return dict(counts)
    sent = Draft.sent_at.is_not(None)
    asks = func.count(Draft.id).filter(sent, Draft.kind == DraftKind.ASK)
    follow_ups = func.count(Draft.id).filter(sent, Draft.kind == DraftKind.FOLLOW_UP)
    rows = session.execute(
        select(Contact.id, Contact.replied_at, Contact.parked_at, asks, follow_ups)
        .outerjoin(Draft, Draft.contact_id == Contact.id)
        .where(Contact.member_id == member.id)
        .group_by(Contact.id)
    )
    held = Meeting.cancelled_at.is_(None)
    meetings = {
        contact_id: (scheduled, met, thanked)
        for contact_id, scheduled, met, thanked in session.execute(
            select(
                Meeting.contact_id,
                func.count(Meeting.id).filter(held, Meeting.starts_at > now),
                func.count(Meeting.id).filter(held, Meeting.starts_at <= now),
                func.count(Meeting.thank_you_sent_at).filter(held),
            )
            .where(Meeting.member_id == member.id)
            .group_by(Meeting.contact_id)
        )
    }
    for contact_id, replied_at, parked_at, asks_sent, follow_ups_sent in rows:
        scheduled, met, thanked = meetings.get(contact_id, (0, 0, 0))
        facts = ContactFacts(
            asks_sent=asks_sent,
            follow_ups_sent=follow_ups_sent,
            replied=replied_at is not None,
            meeting_scheduled=bool(scheduled),
            met=bool(met),
            thanked=bool(thanked),
            parked=parked_at is not None,
        )
        counts[stage_of(facts)] += 1
    return dict(counts)
