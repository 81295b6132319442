"""Merging imported rows into a member's contacts: new people added, known people completed,
nobody twice. Runs in the caller's transaction, so an import is all or nothing."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from slackbot.domain.contacts import ContactDetails, Identity, company_key
from slackbot.domain.csv_import import ImportFormat, ImportReport, ParsedRow, SkipReason
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


def _identity(details: ContactDetails) -> Identity:
    return Identity.of(details.name, details.company, details.linkedin_url, details.email)


@dataclass(frozen=True)
class _FromThisFile:
    """A contact this import added (not in the database yet)."""

    identity: Identity


Known = int | _FromThisFile  # a contact's id, or a row this file added


class _Index:
    """The member's contacts (their ids and identities) by LinkedIn URL, email, and name
    with company, and which details each lacks.

    Keys and ids only, not loaded contacts: a member with many keeps memory small, and a
    row that brings nothing new costs no query."""

    def __init__(self, session: Session, owner: Owner) -> None:
        self.by_url: dict[str, Known] = {}
        self.by_email: dict[str, Known] = {}
        self.by_name: dict[tuple[str, str], list[Known]] = {}
        self.identities: dict[int, Identity] = {}
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
            self.add(Identity(name_key, company_key(company), linkedin_url, email), contact_id)
            pairs = zip(FILLABLE, empty, strict=True)
            lacking = frozenset(name for name, is_empty in pairs if is_empty)
            self.lacking[contact_id] = shared.setdefault(lacking, lacking)

    def add(self, identity: Identity, known: Known) -> None:
        if isinstance(known, int):
            self.identities[known] = identity
        if identity.linkedin_url:
            self.by_url.setdefault(identity.linkedin_url, known)
        if identity.email:
            self.by_email.setdefault(identity.email, known)
        self.by_name.setdefault((identity.name_key, identity.company_key), []).append(known)

    def identity(self, known: Known) -> Identity:
        return known.identity if isinstance(known, _FromThisFile) else self.identities[known]

    def find(self, identity: Identity) -> Known | None:
        """The contact that is the same person (`Identity.matched_by`): by profile first,
        then email, then name at company."""
        candidates = [
            *([self.by_url.get(identity.linkedin_url)] if identity.linkedin_url else []),
            *([self.by_email.get(identity.email)] if identity.email else []),
            *self.by_name.get((identity.name_key, identity.company_key), ()),
        ]
        for known in candidates:
            if known is not None and identity.matched_by(self.identity(known)):
                return known
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
        identity = _identity(details)
        found = index.find(identity)
        if isinstance(found, _FromThisFile):
            report.skip(SkipReason.REPEATED, row.line)
        elif found is not None:
            if _complete(session, found, details, index):
                report.updated += 1
            else:
                report.skip(SkipReason.ALREADY_KNOWN, row.line)
        else:
            pending.append(_new_contact(member.id, details, identity, now))
            index.add(identity, _FromThisFile(identity))
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
    known = index.identities[contact_id]
    index.add(
        Identity(
            known.name_key,
            company_key(new["company"]) if "company" in new else known.company_key,
            new.get("linkedin_url", known.linkedin_url),
            new.get("email", known.email),
        ),
        contact_id,
    )
    index.lacking[contact_id] = index.lacking[contact_id] - new.keys()
    return True


def _new_contact(
    member_id: int, details: ContactDetails, identity: Identity, now: datetime
) -> dict[str, Any]:
    return {
        "member_id": member_id,
        "name": details.name,
        "name_key": identity.name_key,
        "company": details.company,
        "company_key": identity.company_key,
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
