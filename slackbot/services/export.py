"""Everything a member owns, as CSV files in one zip archive (`/network export`)."""

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, BinaryIO

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from slackbot.domain.csv_import import FORMULA_START
from slackbot.domain.meetings import NOTE_FIELDS
from slackbot.models import (
    Contact,
    Draft,
    Meeting,
    Member,
    Nudge,
    Overlap,
    PostedMessage,
    TargetCompany,
    TargetTitle,
)
from slackbot.services.contacts import contact_stages
from slackbot.services.members import Owner, find_member, owned, owned_with_contact

# contacts.csv uses the column names `/network import` reads, so an export imports back.
CONTACT_COLUMNS = (
    "name",
    "company",
    "title",
    "seniority",
    "company_size",
    "connection",
    "linkedin_url",
    "email",
    "notes",
    "stage",
    "referred_by",
    "created_at",
    "last_interaction_at",
    "replied_at",
    "parked_at",
)
ASK_COLUMNS = (
    "contact",
    "company",
    "kind",
    "follow_up_number",
    "channel",
    "subject",
    "body",
    "created_at",
    "sent_at",
    # What the member typed into the ask form.
    "connection_kind",
    "connection_detail",
    "who_i_am",
    "interest_narrow",
    "interest_broad",
    "sign_off",
)
MEETING_COLUMNS = (
    "contact",
    "company",
    "starts_at",
    "duration_minutes",
    "format",
    "location",
    "goal",
    "cancelled_at",
    "prep_done_at",
    *NOTE_FIELDS,
    "notes_written_at",
    "thank_you_sent_at",
)
REFERRAL_COLUMNS = ("contact", "company", "referred_by", "referred_by_company")
NUDGE_COLUMNS = ("kind", "number", "contact", "company", "due_at", "state", "posted_in")
TARGET_COLUMNS = ("company", "motivation", "size", "has_posting")
TITLE_COLUMNS = ("job_title",)
PROFILE_COLUMNS = (
    "slack_user_id",
    "display_name",
    "time_zone",
    "workspace_admin",
    "goal_asks_per_week",
    "goal_meetings_per_week",
    "named_on_leaderboard",
    "offers_intros",
    "profile_fetched_at",
    "home_opened_at",
    "created_at",
)
# Heads-ups of the overlap guard: the member's own record of the person, and the classmate.
OVERLAP_COLUMNS = ("contact", "company", "classmate_user_id", "told_at")
# Where the bot posted for the member (what forget-me deletes from Slack).
POSTED_COLUMNS = ("channel", "message_ts", "file_id", "posted_at")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_export(*, session: Session, owner: Owner, now: datetime, target: BinaryIO) -> int:
    """Write the member's data to `target` as a zip of CSV files; the number of rows."""
    tables = {
        "profile.csv": (PROFILE_COLUMNS, _profile(session, owner)),
        "contacts.csv": (CONTACT_COLUMNS, _contacts(session, owner, now)),
        "asks.csv": (ASK_COLUMNS, _asks(session, owner)),
        "meetings.csv": (MEETING_COLUMNS, _meetings(session, owner)),
        "referrals.csv": (REFERRAL_COLUMNS, _referrals(session, owner)),
        "nudges.csv": (NUDGE_COLUMNS, _nudges(session, owner)),
        "target_companies.csv": (TARGET_COLUMNS, _target_companies(session, owner)),
        "target_titles.csv": (TITLE_COLUMNS, _target_titles(session, owner)),
        "overlaps.csv": (OVERLAP_COLUMNS, _overlaps(session, owner)),
        "posted_in_slack.csv": (POSTED_COLUMNS, _posted(session, owner)),
    }
    rows_written = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (columns, rows) in tables.items():
            with (
                archive.open(name, "w") as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
            ):
                writer = csv.writer(text)
                writer.writerow(columns)
                for row in rows:
                    writer.writerow([_cell(value) for value in row])
                    rows_written += 1
    return rows_written


Rows = Iterable[Sequence[Any]]


def _contacts(session: Session, owner: Owner, now: datetime) -> Rows:
    stages = contact_stages(session=session, owner=owner, now=now)
    referrer = aliased(Contact)
    query = (
        owned(Contact, owner)
        .add_columns(referrer.name)
        .outerjoin(referrer, referrer.id == Contact.referred_by_id)
        .order_by(Contact.id)
    )
    for contact, referred_by in session.execute(query):
        yield (
            contact.name,
            contact.company,
            contact.title,
            contact.seniority,
            contact.company_size,
            contact.connection,
            contact.linkedin_url,
            contact.email,
            contact.notes,
            stages.get(contact.id),
            referred_by,
            contact.created_at,
            contact.last_interaction_at,
            contact.replied_at,
            contact.parked_at,
        )


def _asks(session: Session, owner: Owner) -> Rows:
    query = owned_with_contact(Draft, owner).order_by(Draft.created_at, Draft.id)
    for draft, contact in session.execute(query):
        yield (
            contact.name,
            contact.company,
            draft.kind,
            draft.follow_up_number,
            draft.channel,
            draft.subject,
            draft.body,
            draft.created_at,
            draft.sent_at,
            draft.connection_kind,
            draft.connection_detail,
            draft.who_i_am,
            draft.interest_narrow,
            draft.interest_broad,
            draft.sign_off_name,
        )


def _meetings(session: Session, owner: Owner) -> Rows:
    query = owned_with_contact(Meeting, owner).order_by(Meeting.starts_at, Meeting.id)
    for meeting, contact in session.execute(query):
        yield (
            contact.name,
            contact.company,
            meeting.starts_at,
            meeting.duration_minutes,
            meeting.format,
            meeting.location,
            meeting.goal,
            meeting.cancelled_at,
            meeting.prep_done_at,
            meeting.trends,
            meeting.insights,
            meeting.advice,
            meeting.resources,
            meeting.assignments,
            meeting.leads,
            meeting.next_steps,
            meeting.notes_written_at,
            meeting.thank_you_sent_at,
        )


def _referrals(session: Session, owner: Owner) -> Rows:
    referrer = aliased(Contact)
    query = (
        owned(Contact, owner)
        .add_columns(referrer.name, referrer.company)
        .join(referrer, referrer.id == Contact.referred_by_id)
        .order_by(Contact.id)
    )
    for contact, referrer_name, referrer_company in session.execute(query):
        yield contact.name, contact.company, referrer_name, referrer_company


def _nudges(session: Session, owner: Owner) -> Rows:
    query = (
        owned(Nudge, owner)
        .add_columns(Contact.name, Contact.company)
        .outerjoin(Contact, Contact.id == Nudge.contact_id)
        .order_by(Nudge.due_at, Nudge.id)
    )
    for nudge, name, company in session.execute(query):
        yield nudge.kind, nudge.number, name, company, nudge.due_at, nudge.state, nudge.channel_id


def _target_companies(session: Session, owner: Owner) -> Rows:
    query = owned(TargetCompany, owner).order_by(TargetCompany.motivation.desc(), TargetCompany.id)
    for company in session.scalars(query):
        yield company.name, company.motivation, company.size_band, company.has_posting


def _target_titles(session: Session, owner: Owner) -> Rows:
    for title in session.scalars(owned(TargetTitle, owner).order_by(TargetTitle.id)):
        yield (title.title,)


def _profile(session: Session, owner: Owner) -> Rows:
    member = find_member(session=session, owner=owner)
    if member is None:
        return
    yield (
        member.user_id,
        member.display_name,
        member.tz,
        member.is_admin,
        member.goal_asks,
        member.goal_meetings,
        member.on_leaderboard,
        member.offers_intros,
        member.profile_fetched_at,
        member.home_opened_at,
        member.created_at,
    )


def _overlaps(session: Session, owner: Owner) -> Rows:
    """Both sides: the member was told, or a classmate was told about the member."""
    me = find_member(session=session, owner=owner)
    if me is None:
        return
    classmate = aliased(Member)
    mine = aliased(Contact)
    query = (
        select(Overlap, mine.name, mine.company, classmate.user_id)
        .join(
            mine,
            or_(
                (Overlap.member_id == me.id) & (mine.id == Overlap.contact_id),
                (Overlap.other_member_id == me.id) & (mine.id == Overlap.other_contact_id),
            ),
        )
        .join(
            classmate,
            or_(
                (Overlap.member_id == me.id) & (classmate.id == Overlap.other_member_id),
                (Overlap.other_member_id == me.id) & (classmate.id == Overlap.member_id),
            ),
        )
        .where(mine.member_id == me.id)
        .order_by(Overlap.created_at, Overlap.id)
    )
    for overlap, name, company, classmate_user_id in session.execute(query):
        yield name, company, classmate_user_id, overlap.created_at


def _posted(session: Session, owner: Owner) -> Rows:
    query = (
        select(PostedMessage)
        .where(PostedMessage.team_id == owner.team_id, PostedMessage.user_id == owner.user_id)
        .order_by(PostedMessage.id)
    )
    for row in session.scalars(query):
        yield row.channel_id, row.ts, row.file_id, row.posted_at


def export_archive(*, session: Session, owner: Owner, now: datetime) -> tuple[bytes, int]:
    """The zip archive as bytes (for an upload), and how many rows it holds."""
    buffer = io.BytesIO()
    rows = write_export(session=session, owner=owner, now=now, target=buffer)
    return buffer.getvalue(), rows
