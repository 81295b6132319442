"""A member's contacts: add, list, and count by pipeline stage."""

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from slackbot.domain.contacts import ContactDetails, ContactField, Identity
from slackbot.domain.drafting import DraftKind
from slackbot.domain.nudges import NudgeKind, NudgeState
from slackbot.domain.pipeline import ContactFacts, Stage, stage_of
from slackbot.domain.text import fold
from slackbot.models import Contact, Draft, Meeting, Nudge
from slackbot.services import outbox
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner, find_member, get_or_create_member, owned


class DuplicateContact(Exception):
    """The member already has this person; `field` is the detail that matched, and
    `tells_apart` the details of the existing record that a namesake could differ by."""

    def __init__(self, field: ContactField, existing: Contact) -> None:
        super().__init__(field.value)
        self.field = field
        self.existing_name = existing.name
        self.tells_apart = tuple(
            detail
            for detail, value in (
                (ContactField.LINKEDIN_URL, existing.linkedin_url),
                (ContactField.EMAIL, existing.email),
            )
            if value
        )


class UnknownReferrer(NotFound):
    """The contact picked as referrer is not (or no longer) one of the member's."""


def _check_referrer(session: Session, owner: Owner, details: ContactDetails) -> None:
    if details.referred_by_id is None:
        return
    try:
        get_contact(session=session, owner=owner, contact_id=details.referred_by_id)
    except NotFound:
        raise UnknownReferrer(f"contact {details.referred_by_id}") from None


def get_contact(*, session: Session, owner: Owner, contact_id: int) -> Contact:
    contact = session.scalar(owned(Contact, owner).where(Contact.id == contact_id))
    if contact is None:
        raise NotFound(f"contact {contact_id}")
    return contact


def create_contact(
    *, session: Session, owner: Owner, details: ContactDetails, now: datetime
) -> Contact:
    """Store a new contact. Raises DuplicateContact or UnknownReferrer."""
    member = get_or_create_member(session=session, owner=owner)
    _raise_if_duplicate(session=session, owner=owner, details=details)
    _check_referrer(session, owner, details)
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
    _flush_unless_duplicate(session, owner, details)
    return contact


def update_contact(
    *, session: Session, owner: Owner, contact_id: int, details: ContactDetails
) -> Contact:
    """Change every detail of contact `contact_id`, by the rules of a new one. Raises
    NotFound (not the owner's), UnknownReferrer or DuplicateContact (now the same person as
    another of theirs)."""
    contact = get_contact(session=session, owner=owner, contact_id=contact_id)
    _raise_if_duplicate(session=session, owner=owner, details=details, besides=contact.id)
    if details.referred_by_id == contact.id:
        raise UnknownReferrer(f"contact {contact_id} referring themselves")
    _check_referrer(session, owner, details)
    contact.name, contact.name_key = details.name, fold(details.name)
    contact.company, contact.title = details.company, details.title
    contact.seniority, contact.company_size = details.seniority, details.company_size
    contact.connection, contact.referred_by_id = details.connection, details.referred_by_id
    contact.linkedin_url, contact.email = details.linkedin_url, details.email
    contact.notes = details.notes
    _flush_unless_duplicate(session, owner, details, besides=contact.id)
    return contact


def _flush_unless_duplicate(
    session: Session, owner: Owner, details: ContactDetails, *, besides: int | None = None
) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # Another request stored the same person between our check and this write.
        _raise_if_duplicate(session=session, owner=owner, details=details, besides=besides)
        raise


def identity_of(contact: Contact) -> Identity:
    return Identity(contact.name_key, contact.company_key, contact.linkedin_url, contact.email)


def _raise_if_duplicate(
    *, session: Session, owner: Owner, details: ContactDetails, besides: int | None = None
) -> None:
    """The member already has this person (`Identity.matched_by`, the one rule), in a
    record other than `besides` (the one being edited)."""
    new = Identity.of(details.name, details.company, details.linkedin_url, details.email)
    candidates = [Contact.name_key == new.name_key]
    if new.linkedin_url:
        candidates.append(Contact.linkedin_url == new.linkedin_url)
    if new.email:
        candidates.append(Contact.email == new.email)
    query = owned(Contact, owner).where(or_(*candidates))
    if besides is not None:
        query = query.where(Contact.id != besides)
    for match in session.scalars(query):
        field = new.matched_by(identity_of(match))
        if field is not None:
            raise DuplicateContact(field, match)


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


def matching_contacts(
    *, session: Session, owner: Owner, name: str, limit: int
) -> tuple[list[Contact], bool]:
    """The member's contacts named `name` (case and accents ignored) and True; if none,
    those whose name contains it, and False."""
    found = search_contacts(session=session, owner=owner, query=name, limit=limit)
    exact = [contact for contact in found if contact.name_key == fold(name)]
    return (exact, True) if exact else (found, False)


def colleagues_of(*, session: Session, owner: Owner, contact: Contact, limit: int) -> list[Contact]:
    """The member's other contacts at the same company as `contact`."""
    if not contact.company:
        return []
    query = (
        owned(Contact, owner)
        .where(Contact.company_key == contact.company_key, Contact.id != contact.id)
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
    counts = Counter(dict.fromkeys(Stage, 0))
    member = find_member(session=session, owner=owner)
    if member is None:
        return dict(counts)
    facts = _facts(member.id, now).subquery()
    columns = [facts.c[name] for name in _FACTS]
    for *known, number in session.execute(select(*columns, func.count()).group_by(*columns)):
        counts[_stage(known)] += number
    return dict(counts)


def contact_stages(*, session: Session, owner: Owner, now: datetime) -> dict[int, Stage]:
    """Each of the member's contacts' stage, by contact id."""
    member = find_member(session=session, owner=owner)
    if member is None:
        return {}
    rows = session.execute(_facts(member.id, now).add_columns(Contact.id))
    return {contact_id: _stage(known) for *known, contact_id in rows}


def stage_of_contact(*, session: Session, contact: Contact, now: datetime) -> Stage:
    """One contact's stage (a contact already checked to be the member's)."""
    known = session.execute(_facts(contact.member_id, now).where(Contact.id == contact.id)).one()
    return _stage(known)


_FACTS = ("asked", "followed_up", "replied", "scheduled", "met", "thanked", "parked")


def _facts(member_id: int, now: datetime) -> Select[Any]:
    """What decides each contact's stage, as booleans named by _FACTS, one row a contact."""

    def sent(kind: DraftKind) -> ColumnElement[bool]:
        return exists().where(
            Draft.contact_id == Contact.id, Draft.sent_at.is_not(None), Draft.kind == kind
        )

    def meeting(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
        return exists().where(
            Meeting.contact_id == Contact.id, Meeting.cancelled_at.is_(None), *conditions
        )

    return select(
        sent(DraftKind.ASK).label("asked"),
        sent(DraftKind.FOLLOW_UP).label("followed_up"),
        Contact.replied_at.is_not(None).label("replied"),
        meeting(Meeting.starts_at > now).label("scheduled"),
        meeting(Meeting.starts_at <= now).label("met"),
        meeting(Meeting.thank_you_sent_at.is_not(None)).label("thanked"),
        Contact.parked_at.is_not(None).label("parked"),
    ).where(Contact.member_id == member_id)


def _stage(known: Sequence[object]) -> Stage:
    asked, followed_up, replied, scheduled, met, thanked, parked = (bool(k) for k in known)
    return stage_of(
        ContactFacts(
            asks_sent=int(asked),
            follow_ups_sent=int(followed_up),
            replied=replied,
            meeting_scheduled=scheduled,
            met=met,
            thanked=thanked,
            parked=parked,
        )
    )


def revive_contact(
    *, session: Session, owner: Owner, contact_id: int, now: datetime
) -> outbox.Reminders:
    """A parked contact back in the pipeline (parking never deletes: DESIGN §2.3); the
    "parked" reminder is done: returned, to redraw where it was posted."""
    contact = get_contact(session=session, owner=owner, contact_id=contact_id)
    contact.parked_at = None
    return outbox.settle(
        session=session,
        about=Nudge.contact_id == contact.id,
        kinds=[NudgeKind.PARK],
        state=NudgeState.DONE,
        now=now,
    )
