"""The LAMP list read from the database: each target company with the member's own contacts
there (what happened with each) and how many classmates offering intros know someone
there. A fixed number of queries, however long the list: never one per company."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ScalarSelect, distinct, exists, func, select
from sqlalchemy.orm import Session

from slackbot.domain.ask_form import connection_from_note
from slackbot.domain.drafting import ConnectionKind, DraftKind
from slackbot.domain.lamp import NextAsk, Step, TargetContact, TargetFacts, lamp_order, next_asks
from slackbot.domain.nudges import WAITING
from slackbot.models import Contact, Draft, Meeting, Member, Nudge, TargetCompany
from slackbot.services.drafts import awaiting
from slackbot.services.intros import offering_intros
from slackbot.services.members import Owner, find_member

TARGETS_READ = 200  # a list longer than this is sorted from its 200 most motivating
WARM = (ConnectionKind.ALUMNI, ConnectionKind.REFERRAL)


def target_facts(*, session: Session, owner: Owner) -> list[TargetFacts]:
    """The member's target companies in LAMP order, each with its paths in."""
    member = find_member(session=session, owner=owner)
    if member is None:
        return []
    listed = session.execute(
        select(TargetCompany, TargetCompany.name_key)
        .where(TargetCompany.member_id == member.id)
        .order_by(TargetCompany.motivation.desc(), TargetCompany.name_key)
        .limit(TARGETS_READ)
    ).all()
    if not listed:
        return []
    keys = (
        select(TargetCompany.name_key)
        .where(TargetCompany.id.in_([company.id for company, _ in listed]))
        .scalar_subquery()
    )
    contacts = _own_contacts(session, member.id, keys)
    classmates = _classmates(session, owner, keys)
    return lamp_order(
        TargetFacts(
            company_id=company.id,
            name=company.name,
            motivation=company.motivation,
            has_posting=company.has_posting,
            size_band=company.size_band,
            contacts=tuple(contacts.get(key, ())),
            classmates=classmates.get(key, 0),
        )
        for company, key in listed
    )


def _own_contacts(
    session: Session, member_id: int, keys: ScalarSelect[str | None]
) -> dict[str | None, list[TargetContact]]:
    """The member's contacts at the companies of `keys`, by company key: one query, one
    pass over the member's contacts."""
    asked = exists().where(
        Draft.contact_id == Contact.id, Draft.kind == DraftKind.ASK, Draft.sent_at.is_not(None)
    )
    waiting = exists().where(Draft.contact_id == Contact.id, awaiting())
    meeting = exists().where(Meeting.contact_id == Contact.id, Meeting.cancelled_at.is_(None))
    key = Contact.company_key
    rows = session.execute(
        select(
            key,
            Contact.id,
            Contact.name,
            Contact.connection,
            Contact.referred_by_id,
            Contact.replied_at,
            Contact.parked_at,
            asked,
            waiting,
            meeting,
        )
        .where(Contact.member_id == member_id, key.in_(keys))
        .order_by(Contact.id)
    ).all()
    due = _next_follow_ups(session, [row[1] for row in rows if row[8]])
    found: dict[str | None, list[TargetContact]] = {}
    for row in rows:
        warm = row[4] is not None or connection_from_note(row[3], None)[0] in WARM
        found.setdefault(row[0], []).append(
            TargetContact(
                contact_id=row[1],
                name=row[2],
                warm=warm,
                replied=row[5] is not None,
                meeting=bool(row[9]),
                asked=bool(row[7]),
                parked=row[6] is not None,
                waiting=bool(row[8]),
                next_due=due.get(row[1]),
            )
        )
    return found


def _next_follow_ups(session: Session, contact_ids: list[int]) -> dict[int, datetime]:
    """When each awaited ask's next reminder is due: one query, none when no ask is out.
    Not a subquery of the contacts query: there SQLite walked the whole outbox by state
    for each contact (39 ms for 60 targets), here it reads each contact's own rows."""
    if not contact_ids:
        return {}
    rows = session.execute(
        select(Nudge.contact_id, func.min(Nudge.due_at))
        .where(
            Nudge.contact_id.in_(contact_ids),
            Nudge.state.in_(WAITING),
            Nudge.draft_id.is_not(None),
        )
        .group_by(Nudge.contact_id)
    )
    return {contact_id: due_at for contact_id, due_at in rows if contact_id is not None}


def _classmates(
    session: Session, owner: Owner, keys: ScalarSelect[str | None]
) -> dict[str | None, int]:
    """How many classmates offering intros know someone at each company of `keys`, by
    company key: a count only."""
    key = Contact.company_key
    rows = session.execute(
        select(key, func.count(distinct(Member.id)))
        .join(Contact, Contact.member_id == Member.id)
        .where(offering_intros(owner), key.in_(keys))
        .group_by(key)
    )
    return {company: count for company, count in rows}


@dataclass(frozen=True)
class NextAsks:
    asks: list[NextAsk]
    school: str | None  # from the member's own alumni asks, for the people search


def next_best_asks(*, session: Session, owner: Owner, limit: int) -> NextAsks:
    """The top targets in LAMP order, each with its one suggested step."""
    asks = next_asks(target_facts(session=session, owner=owner), limit=limit)
    needs_school = any(ask.step is Step.FIND_SOMEONE for ask in asks)
    return NextAsks(asks, member_school(session=session, owner=owner) if needs_school else None)


def member_school(*, session: Session, owner: Owner) -> str | None:
    """The school the member named in their latest alumni ask, if any."""
    member = find_member(session=session, owner=owner)
    if member is None:
        return None
    return session.scalar(
        select(Draft.connection_detail)
        .where(
            Draft.member_id == member.id,
            Draft.connection_kind == ConnectionKind.ALUMNI,
            Draft.connection_detail != "",
        )
        .order_by(Draft.created_at.desc(), Draft.id.desc())
        .limit(1)
    )
