"""A member's target list: companies ranked by motivation, and job titles."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from slackbot.domain.targets import TargetCompanyDetails
from slackbot.domain.text import fold
from slackbot.models import TargetCompany, TargetTitle
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner, get_or_create_member, owned


class DuplicateTarget(Exception):
    """The member already lists this company or title."""


def _flush_unique(session: Session, name: str) -> None:
    try:
        session.flush()
    except IntegrityError:
        # A double submission raced ours between the check and the insert.
        raise DuplicateTarget(name) from None


def list_titles(*, session: Session, owner: Owner, limit: int) -> list[TargetTitle]:
    query = owned(TargetTitle, owner).order_by(TargetTitle.title_key)
    return list(session.scalars(query.limit(limit)))


def get_company(*, session: Session, owner: Owner, company_id: int) -> TargetCompany:
    company = session.scalar(owned(TargetCompany, owner).where(TargetCompany.id == company_id))
    if company is None:
        raise NotFound(f"target company {company_id}")
    return company


def save_company(
    *, session: Session, owner: Owner, details: TargetCompanyDetails, company_id: int | None
) -> TargetCompany:
    """Add a company, or change the one with `company_id`. Raises DuplicateTarget, NotFound."""
    member = get_or_create_member(session=session, owner=owner)
    same_name = session.scalar(
        select(TargetCompany.id).where(
            TargetCompany.member_id == member.id, TargetCompany.name_key == details.key
        )
    )
    if same_name is not None and same_name != company_id:
        raise DuplicateTarget(details.name)
    if company_id is None:
        company = TargetCompany(member_id=member.id)
        session.add(company)
    else:
        company = get_company(session=session, owner=owner, company_id=company_id)
    company.name = details.name
    company.name_key = details.key
    company.motivation = details.motivation
    company.size_band = details.size_band
    company.has_posting = details.has_posting
    _flush_unique(session, details.name)
    return company


def remove_company(*, session: Session, owner: Owner, company_id: int) -> None:
    session.delete(get_company(session=session, owner=owner, company_id=company_id))


def add_title(*, session: Session, owner: Owner, title: str) -> TargetTitle:
    member = get_or_create_member(session=session, owner=owner)
    key = fold(title)
    if session.scalar(owned(TargetTitle, owner).where(TargetTitle.title_key == key)):
        raise DuplicateTarget(title)
    target = TargetTitle(member_id=member.id, title=title, title_key=key)
    session.add(target)
    _flush_unique(session, title)
    return target


def remove_title(*, session: Session, owner: Owner, title_id: int) -> None:
    title = session.scalar(owned(TargetTitle, owner).where(TargetTitle.id == title_id))
    if title is None:
        raise NotFound(f"target title {title_id}")
    session.delete(title)
