"""The overlap guard: two members reaching for the same person within a month are both
told, privately, so nobody's alum gets three cold emails in a week."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from slackbot.db.upsert import insert_if_absent
from slackbot.domain.drafting import DraftKind
from slackbot.models import Contact, Draft, Member, Overlap
from slackbot.services.contacts import identity_of
from slackbot.services.members import Owner

OVERLAP_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class OverlapNotice:
    """What each side is told: only their own record of the person, and who the other is."""

    user_id: str  # the member who added or drafted
    contact_name: str  # their own record's name
    other_user_id: str  # the classmate who asked
    other_contact_name: str  # the classmate's own record's name
    other_asked_at: datetime


def check(
    *, session: Session, owner: Owner, contact: Contact, now: datetime
) -> list[OverlapNotice]:
    """Classmates who asked the same person as `contact` (the owner's) in the last 30 days.

    Each pair is recorded once (coaches count them) and returned the first time only."""
    identifiers = [Contact.name_key == contact.name_key]
    if contact.linkedin_url:
        identifiers.append(Contact.linkedin_url == contact.linkedin_url)
    if contact.email:
        identifiers.append(Contact.email == contact.email)
    last_asked = func.max(Draft.sent_at)
    rows = session.execute(
        select(Contact, Member.user_id, last_asked)
        .join(Member, Member.id == Contact.member_id)
        .join(Draft, Draft.contact_id == Contact.id)
        .where(
            Member.team_id == owner.team_id,
            Member.id != contact.member_id,
            Draft.kind == DraftKind.ASK,
            Draft.sent_at >= now - OVERLAP_WINDOW,
            or_(*identifiers),
        )
        .group_by(Contact.id, Member.user_id)
    ).all()
    notices = []
    for theirs, other_user_id, asked_at in rows:
        if identity_of(contact).matched_by(identity_of(theirs), name_alone=False) is None:
            continue
        told = insert_if_absent(
            session,
            Overlap,
            member_id=contact.member_id,
            contact_id=contact.id,
            other_member_id=theirs.member_id,
            other_contact_id=theirs.id,
            created_at=now,
        )
        if told:
            notices.append(
                OverlapNotice(owner.user_id, contact.name, other_user_id, theirs.name, asked_at)
            )
    return notices
