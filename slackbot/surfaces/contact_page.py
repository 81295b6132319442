"""The contact page and its edit form, rendered from the database in the member's zone."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from slackbot.blocks.contact_page import ContactPage, PageEntry, contact_page_view
from slackbot.blocks.contacts import contact_modal
from slackbot.domain.contacts import ContactDetails
from slackbot.domain.vocabulary import CompanySize, Seniority, parse_choice
from slackbot.services import contacts
from slackbot.services.contact_history import contact_history
from slackbot.services.members import Owner
from slackbot.surfaces.forms import REFERRER_CHOICES
from slackbot.surfaces.rows import contact_summary


def contact_page(
    session: Session,
    owner: Owner,
    contact_id: int,
    *,
    now: datetime,
    tz: ZoneInfo,
    notice: str | None = None,
) -> dict[str, Any]:
    """Contact `contact_id`'s page (NotFound if not the owner's)."""
    found = contact_history(session=session, owner=owner, contact_id=contact_id, now=now)
    contact = found.contact
    return contact_page_view(
        ContactPage(
            contact=contact_summary(contact),
            stage=found.stage,
            today=now.astimezone(tz).date(),
            next=found.next,
            linkedin_url=contact.linkedin_url,
            email=contact.email,
            notes=contact.notes,
            referred_by=found.referred_by.name if found.referred_by else None,
            history=[
                PageEntry(item.at.astimezone(tz).date(), item.event, item.number, item.other)
                for item in found.items
            ],
            notice=notice,
        )
    )


def contact_edit_form(session: Session, owner: Owner, contact_id: int) -> dict[str, Any]:
    """The contact form filled in with contact `contact_id` (NotFound if not the owner's)."""
    contact = contacts.get_contact(session=session, owner=owner, contact_id=contact_id)
    referrers = contacts.recent_contacts(session=session, owner=owner, limit=REFERRER_CHOICES)
    if contact.referred_by_id and all(c.id != contact.referred_by_id for c in referrers):
        # An older referrer stays a choice, or saving the form would drop the link.
        referrer = contacts.get_contact(
            session=session, owner=owner, contact_id=contact.referred_by_id
        )
        referrers.insert(0, referrer)
    details = ContactDetails(
        name=contact.name,
        company=contact.company,
        title=contact.title,
        seniority=parse_choice(Seniority, contact.seniority),
        company_size=parse_choice(CompanySize, contact.company_size),
        connection=contact.connection,
        referred_by_id=contact.referred_by_id,
        linkedin_url=contact.linkedin_url,
        email=contact.email,
        notes=contact.notes,
    )
    return contact_modal(
        name=None,
        referrers=[contact_summary(c) for c in referrers],
        editing=(contact.id, details),
    )
