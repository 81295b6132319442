"""What several listeners do: render the target list, refresh App Home."""

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from slackbot.blocks.contacts import ContactSummary, contact_modal
from slackbot.blocks.home import RECENT_CONTACTS_SHOWN, TOP_TARGETS_SHOWN, Dashboard, home_view
from slackbot.blocks.targets import (
    COMPANIES_SHOWN,
    TITLES_SHOWN,
    CompanyRow,
    TitleRow,
    targets_view,
)
from slackbot.listeners.deps import Deps
from slackbot.models import Contact, TargetCompany
from slackbot.services import contacts, members, targets
from slackbot.services.members import Owner

logger = logging.getLogger(__name__)

REFERRER_CHOICES = 100


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


def render_contact_modal(session: Session, owner: Owner, name: str | None) -> dict[str, Any]:
    referrers = contacts.recent_contacts(session=session, owner=owner, limit=REFERRER_CHOICES)
    return contact_modal(name=name, referrers=[contact_summary(c) for c in referrers])


def render_targets(session: Session, owner: Owner) -> dict[str, Any]:
    companies = targets.list_companies(session=session, owner=owner, limit=COMPANIES_SHOWN + 1)
    titles = targets.list_titles(session=session, owner=owner, limit=TITLES_SHOWN + 1)
    return targets_view(
        [company_row(c) for c in companies],
        [TitleRow(id=t.id, title=t.title) for t in titles],
        more_companies=len(companies) > COMPANIES_SHOWN,
        more_titles=len(titles) > TITLES_SHOWN,
    )


def refresh_home(client: WebClient, deps: Deps, owner: Owner) -> None:
    """Publish the member's App Home, caching their profile first when it is stale."""
    now = deps.clock()
    with deps.db.session() as session:
        member = members.get_or_create_member(session=session, owner=owner)
        stale = members.profile_is_stale(member, now=now)
    if stale:
        _cache_profile(client, deps, owner)
    with deps.db.session() as session:
        dashboard = Dashboard(
            pipeline=contacts.pipeline_counts(session=session, owner=owner),
            recent_contacts=[
                contact_summary(c)
                for c in contacts.recent_contacts(
                    session=session, owner=owner, limit=RECENT_CONTACTS_SHOWN
                )
            ],
            top_targets=[
                company_row(c)
                for c in targets.list_companies(
                    session=session, owner=owner, limit=TOP_TARGETS_SHOWN
                )
            ],
        )
    client.views_publish(user_id=owner.user_id, view=home_view(dashboard))


def _cache_profile(client: WebClient, deps: Deps, owner: Owner) -> None:
    try:
        user = client.users_info(user=owner.user_id)["user"]
    except SlackApiError as error:
        # The dashboard does not need the profile; try again on the next refresh.
        logger.warning("users.info failed for %s: %s", owner.user_id, error.response.get("error"))
        return
    profile = user.get("profile") or {}
    with deps.db.session() as session:
        members.save_profile(
            session=session,
            owner=owner,
            display_name=profile.get("display_name") or user.get("real_name"),
            tz=user.get("tz"),
            now=deps.clock(),
        )
