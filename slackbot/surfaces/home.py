"""App Home, and the cohort's progress a coach sees there and with `/cohort stats`."""

from collections.abc import Collection
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

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
from slackbot.blocks.next_asks import NEXT_ASKS_SHOWN, NextAskRow, next_ask_rows
from slackbot.blocks.progress import CohortView
from slackbot.domain.calendar import calendar_for, zone
from slackbot.domain.meetings import specific_thing
from slackbot.services import contacts, drafts, intros, meetings, progress
from slackbot.services.cohorts import get_cohort
from slackbot.services.members import Owner
from slackbot.services.next_asks import next_best_asks
from slackbot.surfaces.rows import contact_summary, next_step


def home_surface(
    session: Session,
    owner: Owner,
    *,
    now: datetime,
    tz_name: str | None,
    coaching: bool,
    coaches: Collection[str],
) -> dict[str, Any]:
    """The member's App Home; with `coaching`, the cohort's progress and channel too."""
    cohort = get_cohort(session=session, team_id=owner.team_id)
    tz = zone(tz_name or cohort.timezone)
    today = now.astimezone(tz).date()
    calendar = calendar_for(cohort.holidays_country)
    dashboard = Dashboard(
        today=today,
        coach=CoachStatus(cohort.nudge_channel_id, cohort.channel_problem) if coaching else None,
        pipeline=contacts.pipeline_counts(session=session, owner=owner, now=now),
        recent_contacts=[
            contact_summary(c)
            for c in contacts.recent_contacts(
                session=session, owner=owner, limit=RECENT_CONTACTS_SHOWN
            )
        ],
        next_asks=_next_ask_rows(session, owner, tz),
        meetings=_meeting_rows(session, owner, now, tz),
        week=progress.week_progress(session=session, owner=owner, now=now),
        offers_intros=intros.offers_intros(session=session, owner=owner),
        cohort=cohort_view(session, owner.team_id, now=now, coaches=coaches) if coaching else None,
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
    return home_view(dashboard)


def cohort_view(
    session: Session, team_id: str, *, now: datetime, coaches: Collection[str]
) -> CohortView:
    """Every member's progress, for a coach: counts only."""
    stats = progress.cohort_stats(session=session, team_id=team_id, now=now, coaches=coaches)
    digest, _ = progress.digest_time(session=session, team_id=team_id)
    return CohortView(stats.members, stats.overlaps, now, digest)


def _next_ask_rows(session: Session, owner: Owner, tz: ZoneInfo) -> list[NextAskRow]:
    found = next_best_asks(session=session, owner=owner, limit=NEXT_ASKS_SHOWN)
    return next_ask_rows(found.asks, school=found.school, tz=tz)


def _meeting_rows(session: Session, owner: Owner, now: datetime, tz: ZoneInfo) -> list[MeetingRow]:
    return [
        MeetingRow(
            meeting.id,
            contact.name,
            when_label(meeting.starts_at.astimezone(tz), now.astimezone(tz).date()),
        )
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
