"""Merging imported rows into a member's contacts: new people added, known people completed,
nobody twice. Runs in the caller's transaction, so an import is all or nothing."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from slackbot.domain.contacts import ContactDetails
from slackbot.domain.csv_import import ImportFormat, ImportReport, ParsedRow, SkipReason
from slackbot.domain.text import fold
from slackbot.models import Contact
from slackbot.services.members import Owner, get_or_create_member, owned

INSERT_BATCH = 1000
# Details an import may add to a contact that lacks them; what the member typed stays.
FILLABLE = ("company", "title", "seniority", "company_size", "connection", "notes")

# Stands for a contact this import added: the index keeps keys only, so memory stays small.
_FROM_THIS_FILE = object()


def _name_key(details: ContactDetails | Contact) -> tuple[str, str]:
    return fold(details.name), fold(details.company or "")


class _Index:
    """The member's contacts by LinkedIn URL, email, and name with company."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self.by_url: dict[str, Any] = {}
        self.by_email: dict[str, Any] = {}
        self.by_name: dict[tuple[str, str], Any] = {}
        for contact in contacts:
            self.add(contact, contact)

    def add(self, details: ContactDetails | Contact, target: Any) -> None:
        if details.linkedin_url:
            self.by_url.setdefault(details.linkedin_url, target)
        if details.email:
            self.by_email.setdefault(details.email, target)
        self.by_name.setdefault(_name_key(details), target)

    def find(self, details: ContactDetails) -> Any:
        for found in (
            details.linkedin_url and self.by_url.get(details.linkedin_url),
            details.email and self.by_email.get(details.email),
            self.by_name.get(_name_key(details)),
        ):
            if found:
                return found
        return None


def import_contacts(
    *,
    session: Session,
    owner: Owner,
    rows: Iterable[ParsedRow],
    file_format: ImportFormat,
    encoding: str,
    now: datetime,
) -> ImportReport:
    """Add the new people of `rows`, complete the known ones, and count what happened.

    Raises whatever reading `rows` raises (a BadFile half-way): the caller's transaction
    then rolls back and nothing of the file is kept."""
    member = get_or_create_member(session=session, owner=owner)
    index = _Index(session.scalars(owned(Contact, owner)))
    report = ImportReport(format=file_format, encoding=encoding)
    pending: list[dict[str, Any]] = []
    for row in rows:
        if row.details is None:
            assert row.skip is not None
            report.skip(row.skip, row.line, row.problem)
            continue
        details = row.details
        found = index.find(details)
        if found is _FROM_THIS_FILE:
            report.skip(SkipReason.REPEATED, row.line)
        elif found is not None:
            if _complete(found, details, index):
                report.updated += 1
            else:
                report.skip(SkipReason.ALREADY_KNOWN, row.line)
        else:
            pending.append(_new_contact(member.id, details, now))
            index.add(details, _FROM_THIS_FILE)
            report.added += 1
            if len(pending) >= INSERT_BATCH:
                _insert(session, pending)
    _insert(session, pending)
    session.flush()
    return report


def _complete(contact: Contact, details: ContactDetails, index: _Index) -> bool:
    """Fill the contact's empty details from the file; True if anything was added."""
    changed = False
    for name in FILLABLE:
        value = getattr(details, name)
        if value is not None and getattr(contact, name) is None:
            setattr(contact, name, value)
            changed = True
    # An address may name one contact only: never take one another contact has.
    url, email = details.linkedin_url, details.email
    if url and not contact.linkedin_url and url not in index.by_url:
        contact.linkedin_url = url
        index.by_url[url] = contact
        changed = True
    if email and not contact.email and email not in index.by_email:
        contact.email = email
        index.by_email[email] = contact
        changed = True
    return changed


def _new_contact(member_id: int, details: ContactDetails, now: datetime) -> dict[str, Any]:
    return {
        "member_id": member_id,
        "name": details.name,
        "name_key": fold(details.name),
        "company": details.company,
        "title": details.title,
        "seniority": details.seniority,
        "company_size": details.company_size,
        "connection": details.connection,
        "linkedin_url": details.linkedin_url,
        "email": details.email,
        "notes": details.notes,
        "created_at": now,
    }


def _insert(session: Session, pending: list[dict[str, Any]]) -> None:
    if pending:
        session.execute(insert(Contact), pending)
        pending.clear()
