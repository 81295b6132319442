"""The forms (modals) that open filled in from the member's records."""

from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from slackbot.blocks.cohort import cohort_modal
from slackbot.blocks.contacts import SEARCH_ABOVE, contact_modal
from slackbot.blocks.drafts import AskFormDefaults, SecondContactHint, ask_modal
from slackbot.blocks.meetings import (
    MeetingFormDefaults,
    NotesFormDefaults,
    meeting_modal,
    notes_modal,
    when_label,
)
from slackbot.blocks.progress import cohort_goals_modal, goals_modal
from slackbot.blocks.targets import (
    COMPANIES_SHOWN,
    TITLES_SHOWN,
    TitleRow,
    lamp_row,
    targets_view,
)
from slackbot.domain.cohort_settings import with_coach_zone
from slackbot.domain.meetings import NOTE_FIELDS
from slackbot.services import contacts, drafts, meetings, progress, targets
from slackbot.services.cohorts import current_settings, get_cohort
from slackbot.services.members import Owner
from slackbot.services.next_asks import target_facts
from slackbot.surfaces.rows import contact_summary

REFERRER_CHOICES = 100
MEETINGS_LISTED = 50


def contact_form(session: Session, owner: Owner, name: str | None) -> dict[str, Any]:
    referrers = contacts.recent_contacts(session=session, owner=owner, limit=REFERRER_CHOICES)
    return contact_modal(name=name, referrers=[contact_summary(c) for c in referrers])


def ask_form(
    session: Session,
    owner: Owner,
    query: str | None,
    *,
    second_to_id: int | None = None,
    contact_id: int | None = None,
    on_page: bool = False,
) -> dict[str, Any]:
    """The /ask-draft form for contact `contact_id` or the one matching `query`; or, with
    `second_to_id`, for a second person at that contact's company (one they know there is
    picked). `on_page`: opened on top of contact `contact_id`'s page."""
    defaults = drafts.ask_defaults(session=session, owner=owner, query=query, contact_id=contact_id)
    choices = contacts.recent_contacts(session=session, owner=owner, limit=SEARCH_ABOVE + 1)
    chosen = (
        contacts.get_contact(session=session, owner=owner, contact_id=defaults.contact_id)
        if defaults.contact_id
        else None
    )
    second_to = (
        contacts.get_contact(session=session, owner=owner, contact_id=second_to_id)
        if second_to_id is not None
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
            page_contact_id=contact_id if on_page else None,
        ),
        [contact_summary(c) for c in choices],
    )


def targets_sheet(session: Session, owner: Owner) -> dict[str, Any]:
    """The target list as the LAMP spreadsheet, in its order."""
    companies = target_facts(session=session, owner=owner)
    titles = targets.list_titles(session=session, owner=owner, limit=TITLES_SHOWN + 1)
    return targets_view(
        [lamp_row(c) for c in companies],
        [TitleRow(id=t.id, title=t.title) for t in titles],
        more_companies=len(companies) > COMPANIES_SHOWN,
        more_titles=len(titles) > TITLES_SHOWN,
    )


def meeting_form(
    session: Session, owner: Owner, *, query: str | None = None, meeting_id: int | None = None
) -> dict[str, Any]:
    """A new meeting with the contact matching `query`, or meeting `meeting_id` to move."""
    choices = contacts.recent_contacts(session=session, owner=owner, limit=SEARCH_ABOVE + 1)
    if meeting_id is not None:
        meeting, contact = meetings.get_meeting(session=session, owner=owner, meeting_id=meeting_id)
        defaults = MeetingFormDefaults(
            meeting_id=meeting.id,
            contact=contact_summary(contact),
            starts_at_epoch=int(meeting.starts_at.timestamp()),
            duration_minutes=meeting.duration_minutes,
            format=meeting.format,
            location=meeting.location,
            goal=meeting.goal,
        )
    else:
        found = contacts.search_contacts(session=session, owner=owner, query=query or "", limit=1)
        defaults = MeetingFormDefaults(
            meeting_id=None,
            contact=contact_summary(found[0]) if found else None,
            starts_at_epoch=None,
        )
    return meeting_modal(defaults, [contact_summary(c) for c in choices])


def notes_form(
    session: Session, owner: Owner, *, now: datetime, tz: ZoneInfo, meeting_id: int | None
) -> dict[str, Any] | None:
    """The notes form for `meeting_id`, or the latest meeting without notes; None if none."""
    held = meetings.meetings_for_notes(session=session, owner=owner, now=now, limit=MEETINGS_LISTED)
    if meeting_id is None:
        if not held:
            return None
        meeting_id = held[0][0].id
    meeting, _ = meetings.get_meeting(session=session, owner=owner, meeting_id=meeting_id)
    today = now.astimezone(tz).date()
    choices = [
        (m.id, f"{c.name} \u00b7 {when_label(m.starts_at.astimezone(tz), today)}") for m, c in held
    ]
    if meeting.id not in dict(choices):
        choices.insert(0, (meeting.id, "This meeting"))
    return notes_modal(
        NotesFormDefaults(
            meeting_id=meeting.id,
            choices=choices,
            notes={name: getattr(meeting, name) for name in NOTE_FIELDS},
            thanked=meeting.thank_you_sent_at is not None,
        )
    )


def cohort_settings_form(session: Session, team_id: str, *, coach_tz: str | None) -> dict[str, Any]:
    """The coach's /cohort form with the cohort's settings; a cohort still on the default
    zone starts from the coach's own."""
    current = current_settings(get_cohort(session=session, team_id=team_id))
    return cohort_modal(with_coach_zone(current, coach_tz))


def goals_form(session: Session, owner: Owner) -> dict[str, Any]:
    """The member's own weekly goals, beside the cohort's."""
    asks, meetings_goal = progress.own_goals(session=session, owner=owner)
    cohort = progress.cohort_goals(session=session, team_id=owner.team_id)
    return goals_modal(asks, meetings_goal, cohort)


def cohort_goals_form(session: Session, team_id: str) -> dict[str, Any]:
    """The coach's form for the cohort's weekly goals and the digest's time."""
    return cohort_goals_modal(
        progress.cohort_goals(session=session, team_id=team_id),
        *progress.digest_time(session=session, team_id=team_id),
    )
