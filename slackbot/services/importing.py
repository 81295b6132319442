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
FILLABLE = (
    "company",
    "title",
    "seniority",
    "company_size",
    "connection",
    "notes",
    "linkedin_url",
    "email",
)

# Stands for a contact this import added: the index keeps keys only, so memory stays small.
_FROM_THIS_FILE = object()


def _name_key(details: ContactDetails) -> tuple[str, str]:
    return fold(details.name), fold(details.company or "")


class _Index:
    """The member's contacts (their ids) by LinkedIn URL, email, and name with company,
    and which details each lacks.

    Keys and ids only, not loaded contacts: a member with many keeps memory small, and a
    row that brings nothing new costs no query."""

    def __init__(self, session: Session, owner: Owner) -> None:
        self.by_url: dict[str, Any] = {}
        self.by_email: dict[str, Any] = {}
        self.by_name: dict[tuple[str, str], Any] = {}
        self.lacking: dict[int, frozenset[str]] = {}
        shared: dict[frozenset[str], frozenset[str]] = {}  # one set object per combination
        known = owned(Contact, owner).with_only_columns(
            Contact.id,
            Contact.name_key,
            Contact.company,
            Contact.linkedin_url,
            Contact.email,
            *(getattr(Contact, name).is_(None) for name in FILLABLE),
        )
        for contact_id, name_key, company, linkedin_url, email, *empty in session.execute(known):
            self.add(linkedin_url, email, (name_key, fold(company or "")), contact_id)
            pairs = zip(FILLABLE, empty, strict=True)
            lacking = frozenset(name for name, is_empty in pairs if is_empty)
            self.lacking[contact_id] = shared.setdefault(lacking, lacking)

    def add(
        self, linkedin_url: str | None, email: str | None, name_key: tuple[str, str], target: Any
    ) -> None:
        if linkedin_url:
            self.by_url.setdefault(linkedin_url, target)
        if email:
            self.by_email.setdefault(email, target)
        self.by_name.setdefault(name_key, target)

    def find(self, details: ContactDetails, name_key: tuple[str, str]) -> Any:
        for found in (
            details.linkedin_url and self.by_url.get(details.linkedin_url),
            details.email and self.by_email.get(details.email),
            self.by_name.get(name_key),
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
    index = _Index(session, owner)
    report = ImportReport(format=file_format, encoding=encoding)
    pending: list[dict[str, Any]] = []
    for row in rows:
        if row.details is None:
            assert row.skip is not None
            report.skip(row.skip, row.line, row.problem)
            continue
        details = row.details
        name_key = _name_key(details)
        found = index.find(details, name_key)
        if found is _FROM_THIS_FILE:
            report.skip(SkipReason.REPEATED, row.line)
        elif found is not None:
            if _complete(session, found, details, index):
                report.updated += 1
            else:
                report.skip(SkipReason.ALREADY_KNOWN, row.line)
        else:
            pending.append(_new_contact(member.id, details, name_key[0], now))
            index.add(details.linkedin_url, details.email, name_key, _FROM_THIS_FILE)
            report.added += 1
            if len(pending) >= INSERT_BATCH:
                _insert(session, pending)
    _insert(session, pending)
    session.flush()
    return report


def _complete(session: Session, contact_id: int, details: ContactDetails, index: _Index) -> bool:
    """Fill the contact's empty details from the file; True if anything was added."""
    new = {
        name: getattr(details, name)
        for name in index.lacking[contact_id]
        if getattr(details, name) is not None
    }
    # An address may name one contact only: never take one another contact has.
    if "linkedin_url" in new and new["linkedin_url"] in index.by_url:
        del new["linkedin_url"]
    if "email" in new and new["email"] in index.by_email:
        del new["email"]
    if not new:
        return False
    contact = session.get_one(Contact, contact_id)
    for name, value in new.items():
        setattr(contact, name, value)
    index.add(new.get("linkedin_url"), new.get("email"), _name_key(details), contact_id)
    index.lacking[contact_id] = index.lacking[contact_id] - new.keys()
    return True


def _new_contact(
    member_id: int, details: ContactDetails, name_key: str, now: datetime
) -> dict[str, Any]:
    return {
        "member_id": member_id,
        "name": details.name,
        "name_key": name_key,
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
        # Core's executemany: one prepared statement for the batch (the ORM's bulk insert
        # would split it by which details each row has).
        session.execute(insert(Contact.__table__), pending)
        pending.clear()
