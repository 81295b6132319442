"""The LAMP list read from the database: each target company with the member's own contacts
there (what happened with each) and how many classmates offering intros know someone
there. A fixed number of queries, however long the list: never one per company."""

from dataclasses import dataclass

from sqlalchemy import and_, distinct, exists, func, select
from sqlalchemy.orm import Session

from slackbot.domain.ask_form import connection_from_note
from slackbot.domain.drafting import ConnectionKind, DraftKind
from slackbot.domain.lamp import NextAsk, Step, TargetContact, TargetFacts, lamp_order, next_asks
from slackbot.models import Contact, Draft, Meeting, Member, Nudge, TargetCompany
from slackbot.services.drafts import PENDING_STATES, awaiting
from slackbot.services.intros import offering_intros, same_company
from slackbot.services.members import Owner, find_member

TARGETS_READ = 200  # a list longer than this is sorted from its 200 most motivating
WARM = (ConnectionKind.ALUMNI, ConnectionKind.REFERRAL)


def target_facts(*, session: Session, owner: Owner) -> list[TargetFacts]:
    """The member's target companies in LAMP order, each with its paths in."""
    member = find_member(session=session, owner=owner)
    if member is None:
        return []
    companies = list(
        session.scalars(
            select(TargetCompany)
            .where(TargetCompany.member_id == member.id)
            .order_by(TargetCompany.motivation.desc(), TargetCompany.name_key)
            .limit(TARGETS_READ)
        )
    )
    if not companies:
        return []
    ids = [company.id for company in companies]
    contacts = _own_contacts(session, member.id, ids)
    classmates = _classmates(session, owner, ids)
    return lamp_order(
        TargetFacts(
            company_id=company.id,
            name=company.name,
            motivation=company.motivation,
            has_posting=company.has_posting,
            size_band=company.size_band,
            contacts=tuple(contacts.get(company.id, ())),
            classmates=classmates.get(company.id, 0),
        )
        for company in companies
    )


def _own_contacts(
    session: Session, member_id: int, company_ids: list[int]
) -> dict[int, list[TargetContact]]:
    """The member's contacts at each of those companies: one query."""
    asked = exists().where(
        Draft.contact_id == Contact.id, Draft.kind == DraftKind.ASK, Draft.sent_at.is_not(None)
    )
    waiting = exists().where(Draft.contact_id == Contact.id, awaiting())
    meeting = exists().where(Meeting.contact_id == Contact.id, Meeting.cancelled_at.is_(None))
    next_due = (
        select(func.min(Nudge.due_at))
        .where(
            Nudge.contact_id == Contact.id,
            Nudge.draft_id.is_not(None),
            Nudge.state.in_(PENDING_STATES),
        )
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            TargetCompany.id,
            Contact.id,
            Contact.name,
            Contact.connection,
            Contact.referred_by_id,
            Contact.replied_at,
            Contact.parked_at,
            asked,
            waiting,
            meeting,
            next_due,
        )
        .join(
            Contact,
            and_(
                Contact.member_id == TargetCompany.member_id,
                same_company(Contact.company, TargetCompany.name),
            ),
        )
        .where(TargetCompany.member_id == member_id, TargetCompany.id.in_(company_ids))
        .order_by(Contact.id)
    )
    found: dict[int, list[TargetContact]] = {}
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
                next_due=row[10],
            )
        )
    return found


def _classmates(session: Session, owner: Owner, company_ids: list[int]) -> dict[int, int]:
    """How many classmates offering intros know someone at each company: a count only."""
    rows = session.execute(
        select(TargetCompany.id, func.count(distinct(Member.id)))
        .join(Contact, same_company(Contact.company, TargetCompany.name))
        .join(Member, Member.id == Contact.member_id)
        .where(TargetCompany.id.in_(company_ids), offering_intros(owner))
        .group_by(TargetCompany.id)
    )
    return {company_id: count for company_id, count in rows}


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
