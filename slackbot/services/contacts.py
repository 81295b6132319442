"""A member's contacts: add, list, and count by pipeline stage."""

from collections import Counter
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from slackbot.domain.contacts import ContactDetails, ContactField
from slackbot.domain.pipeline import ContactFacts, Stage, stage_of
from slackbot.domain.text import fold
from slackbot.models import Contact
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
        session.flush()
    except IntegrityError:
        # Another request stored the same URL or email between our check and insert.
        raise DuplicateContact(ContactField.NAME, details.name) from None
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


def recent_contacts(*, session: Session, owner: Owner, limit: int) -> list[Contact]:
    query = owned(Contact, owner).order_by(Contact.created_at.desc(), Contact.id.desc())
    return list(session.scalars(query.limit(limit)))


def count_contacts(*, session: Session, owner: Owner) -> int:
    member = find_member(session=session, owner=owner)
    if member is None:
        return 0
    return session.scalar(select(func.count()).where(Contact.member_id == member.id)) or 0


def pipeline_counts(*, session: Session, owner: Owner) -> dict[Stage, int]:
    """How many contacts are at each stage (every stage present, zeros included)."""
    counts = Counter({stage: 0 for stage in Stage})
    # Asks, replies and meetings are not recorded yet, so every contact has no facts;
    # their tables will feed ContactFacts here.
    counts[stage_of(ContactFacts())] += count_contacts(session=session, owner=owner)
    return dict(counts)
