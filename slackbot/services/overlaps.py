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
# Heads-ups a member can get in any 24 hours. Each says whether a classmate asked someone
# (by email or LinkedIn URL), so without a cap, logging made-up contacts would let a member
# probe whom classmates asked; three a day is more than real overlaps need.
DAILY_HEADS_UPS = 3


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
    told_today = _heads_ups_since(session, contact.member_id, now - timedelta(days=1))
    for theirs, other_user_id, asked_at in rows:
        if identity_of(contact).matched_by(identity_of(theirs), name_alone=False) is None:
            continue
        if told_today >= DAILY_HEADS_UPS:
            break  # not recorded either: a later check may tell them
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
            told_today += 1
            notices.append(
                OverlapNotice(owner.user_id, contact.name, other_user_id, theirs.name, asked_at)
            )
    return notices


def _heads_ups_since(session: Session, member_id: int, since: datetime) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Overlap)
            .where(Overlap.member_id == member_id, Overlap.created_at > since)
        )
        or 0
    )
