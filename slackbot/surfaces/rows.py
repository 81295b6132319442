"""Records as the rows that several surfaces show."""

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from slackbot.blocks.contacts import ContactSummary
from slackbot.blocks.drafts import step_text
from slackbot.blocks.messages import Message
from slackbot.blocks.nudges import NudgeLine, member_message
from slackbot.blocks.targets import CompanyRow
from slackbot.domain.calendar import zone
from slackbot.domain.nudges import PrivacyLevel
from slackbot.models import Contact, Nudge, TargetCompany
from slackbot.services.outbox import DueItem


def contact_summary(contact: Contact) -> ContactSummary:
    return ContactSummary(
        id=contact.id,
        name=contact.name,
        company=contact.company,
        title=contact.title,
        seniority=contact.seniority,
        company_size=contact.company_size,
        connection=contact.connection,
    )


def company_row(company: TargetCompany) -> CompanyRow:
    return CompanyRow(
        id=company.id,
        name=company.name,
        motivation=company.motivation,
        size_band=company.size_band,
        has_posting=company.has_posting,
    )


def next_step(nudge: Nudge, contact: Contact, tz: ZoneInfo) -> tuple[date, str]:
    """When a reminder falls due (the member's local date), and what it will ask."""
    return nudge.due_at.astimezone(tz).date(), step_text(
        nudge.kind, nudge.number, contact.name, contact.company
    )


def line_of(item: DueItem) -> NudgeLine:
    """A reminder as a line of its message."""
    return NudgeLine(
        nudge_id=item.nudge_id,
        kind=item.kind,
        number=item.number,
        state=item.state,
        contact_name=item.contact_name,
        company=item.company,
        due_on=item.due_at.astimezone(zone(item.member_tz)).date() if item.due_at else None,
        company_rank=item.company_rank,
        company_contacts=item.company_contacts,
    )


def reminders_message(items: Sequence[DueItem], privacy: PrivacyLevel, now: datetime) -> Message:
    """One member's reminders (`items`, all theirs) as their message, dated in their zone."""
    first = items[0]
    today = now.astimezone(zone(first.member_tz)).date()
    return member_message(first.user_id, [line_of(item) for item in items], privacy, today=today)
