"""Warm intros: which classmates (who opted in) know someone at a company. Only the
classmate is ever named to the asker, never their contact."""

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import Session

from slackbot.domain.contacts import company_key
from slackbot.models import Contact, Member
from slackbot.services.members import Owner, get_or_create_member, owned

CLASSMATES_SHOWN = 10


def _at(company: str) -> ColumnElement[bool]:
    return Contact.company_key == company_key(company)


def offering_intros(owner: Owner) -> ColumnElement[bool]:
    """A Member row is a classmate of `owner` who offers warm intros."""
    return and_(
        Member.team_id == owner.team_id,
        Member.user_id != owner.user_id,
        Member.offers_intros.is_(True),
    )


def classmates_at(*, session: Session, owner: Owner, company: str) -> list[str]:
    """User ids of the owner's classmates who offer intros and have a contact at `company`."""
    if not company.strip():
        return []
    query = _offering(owner, company).order_by(Member.user_id).limit(CLASSMATES_SHOWN)
    return list(session.scalars(query))


def warm_paths(*, session: Session, owner: Owner, company: str) -> tuple[list[str], bool]:
    """What `/network who <company>` answers: the classmates offering an intro there, and
    whether the owner offers intros themselves."""
    found = classmates_at(session=session, owner=owner, company=company)
    return found, offers_intros(session=session, owner=owner)


def offers_intro_at(*, session: Session, owner: Owner, classmate: str, company: str) -> bool:
    """Does this classmate (still) offer intros and know someone at `company`?"""
    if not company.strip():
        return False
    query = _offering(owner, company).where(Member.user_id == classmate)
    return session.scalar(query) is not None


def _offering(owner: Owner, company: str) -> Select[tuple[str]]:
    return (
        select(Member.user_id)
        .join(Contact, Contact.member_id == Member.id)
        .where(offering_intros(owner), _at(company))
        .group_by(Member.user_id)
    )


def own_contacts_at(*, session: Session, owner: Owner, company: str, limit: int) -> list[str]:
    """The names of the owner's own contacts at `company`: for the owner's eyes only."""
    query = owned(Contact, owner).where(_at(company)).order_by(Contact.created_at).limit(limit)
    return [contact.name for contact in session.scalars(query)]


def offers_intros(*, session: Session, owner: Owner) -> bool:
    return get_or_create_member(session=session, owner=owner).offers_intros


def set_offers_intros(*, session: Session, owner: Owner, on: bool) -> None:
    get_or_create_member(session=session, owner=owner).offers_intros = on
