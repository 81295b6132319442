"""What several listeners do: render shared views, know the member's zone, refresh App Home."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from sqlalchemy.orm import Session

from slackbot.blocks import ids
from slackbot.blocks.contacts import SEARCH_ABOVE, ContactSummary, contact_modal
from slackbot.blocks.drafts import AskFormDefaults, SecondContactHint, ask_modal, step_text
from slackbot.blocks.home import (
    AWAITING_SHOWN,
    MEETINGS_SHOWN,
    NOTES_SHOWN,
    RECENT_CONTACTS_SHOWN,
    AwaitingRow,
    CoachStatus,
    Dashboard,
    MeetingRow,
    NotesRow,
    home_view,
)
from slackbot.blocks.meetings import when_label
from slackbot.blocks.messages import Message
from slackbot.blocks.next_asks import NEXT_ASKS_SHOWN, NextAskRow, next_ask_rows
from slackbot.blocks.overlaps import overlap_for_asker, overlap_for_newcomer
from slackbot.blocks.progress import CohortView
from slackbot.blocks.targets import (
    COMPANIES_SHOWN,
    TITLES_SHOWN,
    CompanyRow,
    TitleRow,
    lamp_row,
    targets_view,
)
from slackbot.domain.calendar import calendar_for, zone
from slackbot.domain.cohort_settings import is_named_coach
from slackbot.domain.meetings import specific_thing
from slackbot.listeners.deps import Deps
from slackbot.listeners.payload import owner_of
from slackbot.models import Contact, Nudge, TargetCompany
from slackbot.services import contacts, drafts, intros, meetings, members, progress, targets
from slackbot.services import posted as posted_messages
from slackbot.services.cohorts import get_cohort
from slackbot.services.members import Owner
from slackbot.services.next_asks import next_best_asks, target_facts
from slackbot.services.overlaps import OverlapNotice

logger = logging.getLogger(__name__)

REFERRER_CHOICES = 100


def open_modal(
    client: WebClient, deps: Deps, trigger_id: str, render: Callable[[Session], dict[str, Any]]
) -> None:
    """Render a modal from the database and open it while the trigger id is fresh."""
    with deps.db.session() as session:
        view = render(session)
    client.views_open(trigger_id=trigger_id, view=view)


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


def render_ask_modal(
    session: Session,
    owner: Owner,
    query: str | None,
    *,
    second_to: Contact | None = None,
    contact_id: int | None = None,
) -> dict[str, Any]:
    """The /ask-draft form for contact `contact_id` or the one matching `query`; or, with
    `second_to`, for a second person at that contact's company (one they know there is
    picked)."""
    defaults = drafts.ask_defaults(session=session, owner=owner, query=query, contact_id=contact_id)
    choices = contacts.recent_contacts(session=session, owner=owner, limit=SEARCH_ABOVE + 1)
    chosen = (
        contacts.get_contact(session=session, owner=owner, contact_id=defaults.contact_id)
        if defaults.contact_id
        else None
    )
    hint = None
    answers = defaults.answers
    if second_to is not None and second_to.company:
        colleagues = contacts.colleagues_of(
            session=session, owner=owner, contact=second_to, limit=5
        )
        chosen = colleagues[0] if colleagues else None
        hint = SecondContactHint(second_to.company, second_to.name, [c.name for c in colleagues])
        connection, detail = drafts.known_connection(session=session, contact=chosen)
        answers = replace(answers, connection=connection, connection_detail=detail)
    return ask_modal(
        AskFormDefaults(
            contact=contact_summary(chosen) if chosen else None,
            new_name=None if hint else defaults.new_name,
            new_company=hint.company if hint and not chosen else None,
            answers=answers,
            second_contact=hint,
        ),
        [contact_summary(c) for c in choices],
    )


def render_targets(session: Session, owner: Owner) -> dict[str, Any]:
    """The target list as the LAMP spreadsheet, in its order."""
    companies = target_facts(session=session, owner=owner)
    titles = targets.list_titles(session=session, owner=owner, limit=TITLES_SHOWN + 1)
    return targets_view(
        [lamp_row(c) for c in companies],
        [TitleRow(id=t.id, title=t.title) for t in titles],
        more_companies=len(companies) > COMPANIES_SHOWN,
        more_titles=len(titles) > TITLES_SHOWN,
    )


EPHEMERAL = "ephemeral"


def privately(message: Message) -> dict[str, Any]:
    """A reply to a command or a click that only the member sees: it may carry their
    details, so ephemeral is said explicitly rather than left to Slack's default."""
    return {"text": message.text, "blocks": message.blocks, "response_type": EPHEMERAL}


@dataclass(frozen=True)
class Profile:
    tz: str | None
    is_admin: bool


def profile_of(
    client: WebClient,
    deps: Deps,
    owner: Owner,
    *,
    fetch: bool = True,
    max_age: timedelta = members.PROFILE_MAX_AGE,
) -> Profile:
    """The member's time zone and admin flag, from users.info when not cached or older
    than `max_age` (a week; minutes for a coach's surfaces).

    `fetch=False` reads the cache only: for the moments before an ack, when no Web API
    call may stand between Slack and its answer."""
    now = deps.clock()
    with deps.db.session() as session:
        member = members.get_or_create_member(session=session, owner=owner)
        cached = Profile(member.tz, member.is_admin)
        if not fetch or not members.profile_is_stale(member, now=now, max_age=max_age):
            return cached
    try:
        user = client.users_info(user=owner.user_id)["user"]
    except SlackApiError as error:
        # Nothing needs the profile urgently; try again next time.
        logger.warning("users.info failed for %s: %s", owner.user_id, error.response.get("error"))
        return cached
    profile = user.get("profile") or {}
    is_admin = bool(user.get("is_admin") or user.get("is_owner"))
    with deps.db.session() as session:
        members.save_profile(
            session=session,
            owner=owner,
            display_name=profile.get("real_name") or user.get("real_name"),
            tz=user.get("tz"),
            is_admin=is_admin,
            now=now,
        )
    return Profile(user.get("tz"), is_admin)


def member_tz(client: WebClient, deps: Deps, owner: Owner, *, fetch: bool = True) -> str | None:
    return profile_of(client, deps, owner, fetch=fetch).tz


def is_coach(client: WebClient, deps: Deps, owner: Owner, *, fetch: bool = True) -> bool:
    """Coaches: workspace admins and owners (checked with Slack every few minutes), and
    the users named in COHORT_ADMINS."""
    return (
        is_named_coach(deps.cohort_admins, owner.team_id, owner.user_id)
        or profile_of(
            client, deps, owner, fetch=fetch, max_age=members.COACH_STATUS_MAX_AGE
        ).is_admin
    )


def show_home(client: WebClient, deps: Deps, owner: Owner) -> None:
    """The member opened App Home: draw it fresh; from now on it follows their changes."""
    with deps.db.session() as session:
        members.note_home_opened(session=session, owner=owner, now=deps.clock())
    publish_home(client, deps, owner)


def refresh_home(client: WebClient, deps: Deps, owner: Owner) -> None:
    """After a change: redraw the member's App Home if they have ever opened it (Slack
    draws nothing for the others), once per burst of changes (`Deps.home_redraws`)."""
    deps.home_redraws.submit(owner, lambda: _redraw_opened_home(client, deps, owner))


def _redraw_opened_home(client: WebClient, deps: Deps, owner: Owner) -> None:
    with deps.db.session() as session:
        member = members.find_member(session=session, owner=owner)
        if member is None or member.home_opened_at is None:
            return
    publish_home(client, deps, owner)


def publish_home(client: WebClient, deps: Deps, owner: Owner) -> None:
    """Draw the member's App Home from the database and publish it, now."""
    profile = profile_of(client, deps, owner)
    # An admin a week ago may be one no more: coach surfaces check again.
    coaching = is_named_coach(deps.cohort_admins, owner.team_id, owner.user_id) or (
        profile.is_admin and is_coach(client, deps, owner)
    )
    with deps.db.session() as session:
        cohort = get_cohort(session=session, team_id=owner.team_id)
        tz = zone(profile.tz or cohort.timezone)
        today = deps.clock().astimezone(tz).date()
        calendar = calendar_for(cohort.holidays_country)
        dashboard = Dashboard(
            coach=(
                CoachStatus(cohort.nudge_channel_id, cohort.channel_problem) if coaching else None
            ),
            pipeline=contacts.pipeline_counts(session=session, owner=owner, now=deps.clock()),
            recent_contacts=[
                contact_summary(c)
                for c in contacts.recent_contacts(
                    session=session, owner=owner, limit=RECENT_CONTACTS_SHOWN
                )
            ],
            next_asks=next_ask_section(session, owner, tz),
            meetings=_meeting_rows(session, owner, deps.clock(), tz),
            week=progress.week_progress(session=session, owner=owner, now=deps.clock()),
            offers_intros=intros.offers_intros(session=session, owner=owner),
            cohort=cohort_view(session, deps, owner.team_id) if coaching else None,
            notes=_notes_rows(session, owner, tz),
            awaiting=[
                AwaitingRow(
                    draft_id=row.draft.id,
                    contact_name=row.contact.name,
                    company=row.contact.company,
                    business_days_waiting=calendar.business_days_between(
                        row.draft.sent_at.astimezone(tz).date(), today
                    ),
                    next_step=row.next_nudge and next_step(row.next_nudge, row.contact, tz),
                )
                for row in drafts.awaiting_reply(session=session, owner=owner, limit=AWAITING_SHOWN)
            ],
        )
    client.views_publish(user_id=owner.user_id, view=home_view(dashboard))


def cohort_view(session: Session, deps: Deps, team_id: str) -> CohortView:
    """Every member's progress, for a coach: counts only."""
    now = deps.clock()
    stats = progress.cohort_stats(
        session=session, team_id=team_id, now=now, coaches=deps.cohort_admins
    )
    digest, _ = progress.digest_time(session=session, team_id=team_id)
    return CohortView(stats.members, stats.overlaps, now, digest)


def _meeting_rows(session: Session, owner: Owner, now: datetime, tz: ZoneInfo) -> list[MeetingRow]:
    return [
        MeetingRow(meeting.id, contact.name, when_label(meeting.starts_at.astimezone(tz)))
        for meeting, contact in meetings.upcoming(
            session=session, owner=owner, now=now, limit=MEETINGS_SHOWN
        )
    ]


def _notes_rows(session: Session, owner: Owner, tz: ZoneInfo) -> list[NotesRow]:
    rows = []
    for meeting, contact in meetings.recent_notes(session=session, owner=owner, limit=NOTES_SHOWN):
        summary = specific_thing(
            meeting.insights, meeting.advice, meeting.trends, meeting.next_steps
        )
        rows.append(
            NotesRow(
                contact.name,
                meeting.starts_at.astimezone(tz).date(),
                summary or "(notes without a summary line)",
            )
        )
    return rows


def next_ask_section(session: Session, owner: Owner, tz: ZoneInfo) -> list[NextAskRow]:
    found = next_best_asks(session=session, owner=owner, limit=NEXT_ASKS_SHOWN)
    return next_ask_rows(found.asks, school=found.school, tz=tz)


def next_step(nudge: Nudge, contact: Contact, tz: ZoneInfo) -> tuple[date, str]:
    """When a reminder falls due (the member's local date), and what it will ask."""
    return nudge.due_at.astimezone(tz).date(), step_text(
        nudge.kind, nudge.number, contact.name, contact.company
    )


def post_to_member(client: WebClient, deps: Deps, owner: Owner, message: Message) -> SlackResponse:
    """A message to the member's DM, recorded as theirs: forget-me deletes it from Slack."""
    posted = client.chat_postMessage(
        channel=owner.user_id, text=message.text, blocks=message.blocks
    )
    with deps.db.session() as session:
        posted_messages.record_message(
            session=session,
            owner=owner,
            channel_id=posted["channel"],
            ts=posted["ts"],
            now=deps.clock(),
        )
    return posted


def send_dm(client: WebClient, deps: Deps, owner: Owner, message: Message) -> None:
    """`post_to_member`, where a refusal (a deactivated account, say) is only logged."""
    try:
        post_to_member(client, deps, owner, message)
    except SlackApiError as error:
        logger.warning("DM to %s failed: %s", owner.user_id, error.response.get("error"))


def tell_overlaps(
    client: WebClient, deps: Deps, team_id: str, notices: list[OverlapNotice]
) -> None:
    """Both members hear of an overlap, each in their own DM and about their own record."""
    for notice in notices:
        send_dm(
            client,
            deps,
            Owner(team_id, notice.user_id),
            overlap_for_newcomer(notice.contact_name, notice.other_user_id),
        )
        other = Owner(team_id, notice.other_user_id)
        tz = zone(member_tz(client, deps, other))
        asked_on = notice.other_asked_at.astimezone(tz).date()
        send_dm(
            client,
            deps,
            other,
            overlap_for_asker(notice.other_contact_name, notice.user_id, asked_on),
        )


def register_home_switch(
    app: App, deps: Deps, action_id: str, save: Callable[[Session, Owner, bool], None]
) -> None:
    """An App Home on/off button (value SWITCH_ON or SWITCH_OFF): save the member's choice,
    then redraw their App Home."""

    @app.action(action_id)
    def switch(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        owner = owner_of(body)
        with deps.db.session() as session:
            save(session, owner, action.get("value") == ids.SWITCH_ON)
        refresh_home(client, deps, owner)
