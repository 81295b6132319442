"""The cohort's progress: what each member logged, counted (never who or what about),
and each member's weekly goals."""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from slackbot.domain.calendar import calendar_for, zone
from slackbot.domain.cohort_settings import coaches_cohort
from slackbot.domain.cohort_stats import (
    AskedContact,
    Counts,
    Goals,
    Measure,
    MemberActivity,
    MemberStats,
    Periods,
    WeekProgress,
    count_in,
    member_stats,
    periods_at,
)
from slackbot.domain.digest import DigestTime
from slackbot.domain.drafting import DraftKind
from slackbot.models import Cohort, Contact, Draft, Meeting, Member, Overlap, TargetCompany
from slackbot.services.cohorts import get_cohort
from slackbot.services.members import Owner, get_or_create_member


@dataclass(frozen=True)
class CohortStats:
    periods: Periods
    members: list[MemberStats]
    overlaps: Counts  # members told that a classmate had asked the same person


def activity_of(
    *, session: Session, members: Collection[tuple[int, str]]
) -> dict[int, MemberActivity]:
    """Each member's logged instants by measure, keyed by member id. Only ids and instants
    are read: no name, company or note leaves the database here."""
    ids = [member_id for member_id, _ in members]
    events: dict[int, dict[Measure, list[datetime]]] = {i: defaultdict(list) for i in ids}
    logged: dict[int, list[datetime]] = {i: [] for i in ids}

    def note(member_id: int, measure: Measure | None, *instants: datetime | None) -> None:
        for instant in instants:
            if instant is None:
                continue
            logged[member_id].append(instant)
            if measure is not None:
                events[member_id][measure].append(instant)

    for member_id, created in session.execute(
        select(TargetCompany.member_id, TargetCompany.created_at).where(
            TargetCompany.member_id.in_(ids)
        )
    ):
        note(member_id, Measure.TARGETS, created)
    replied_at: dict[int, datetime | None] = {}
    for contact_id, member_id, created, referred, replied in session.execute(
        select(
            Contact.id,
            Contact.member_id,
            Contact.created_at,
            Contact.referred_by_id.is_not(None),
            Contact.replied_at,
        ).where(Contact.member_id.in_(ids))
    ):
        replied_at[contact_id] = replied
        note(member_id, Measure.CONTACTS, created)
        note(member_id, Measure.REPLIES, replied)
        if referred:
            events[member_id][Measure.REFERRALS].append(created)
    first_ask: dict[tuple[int, int], datetime] = {}
    for member_id, contact_id, kind, created, sent in session.execute(
        select(
            Draft.member_id, Draft.contact_id, Draft.kind, Draft.created_at, Draft.sent_at
        ).where(Draft.member_id.in_(ids))
    ):
        note(member_id, None, created, sent)
        if kind == DraftKind.ASK and sent is not None:
            events[member_id][Measure.ASKS].append(sent)
            key = (member_id, contact_id)
            first_ask[key] = min(sent, first_ask.get(key, sent))
    asked: dict[int, list[AskedContact]] = {i: [] for i in ids}
    for (member_id, contact_id), first in first_ask.items():
        asked[member_id].append(AskedContact(first, replied_at.get(contact_id)))
    for member_id, starts, created, notes, thanked in session.execute(
        select(
            Meeting.member_id,
            Meeting.starts_at,
            Meeting.created_at,
            Meeting.notes_written_at,
            Meeting.thank_you_sent_at,
        ).where(Meeting.member_id.in_(ids), Meeting.cancelled_at.is_(None))
    ):
        note(member_id, None, created, notes)
        note(member_id, Measure.THANK_YOUS, thanked)
        events[member_id][Measure.MEETINGS].append(starts)  # counted once it has happened
    return {
        member_id: MemberActivity(
            user_id=user_id,
            events=dict(events[member_id]),
            asked=asked[member_id],
            last_logged=max(logged[member_id], default=None),
        )
        for member_id, user_id in members
    }


def _coaches(member: Member, cohort_admins: Collection[str]) -> bool:
    return coaches_cohort(
        is_admin=member.is_admin,
        cohort_admins=cohort_admins,
        team_id=member.team_id,
        user_id=member.user_id,
    )


def cohort_members(
    *, session: Session, team_id: str, coaches: Collection[str]
) -> list[tuple[Member, MemberActivity]]:
    """The workspace's members with what they logged; coaches who log nothing themselves
    are left out."""
    members = list(
        session.scalars(select(Member).where(Member.team_id == team_id).order_by(Member.id))
    )
    activity = activity_of(session=session, members=[(m.id, m.user_id) for m in members])
    return [
        (m, activity[m.id])
        for m in members
        if not (_coaches(m, coaches) and activity[m.id].last_logged is None)
    ]


def cohort_stats(
    *, session: Session, team_id: str, now: datetime, coaches: Collection[str]
) -> CohortStats:
    """Every member's counts (coaches who log nothing themselves are left out)."""
    cohort = get_cohort(session=session, team_id=team_id)
    tz, calendar = zone(cohort.timezone), calendar_for(cohort.holidays_country)
    periods = periods_at(now, tz)
    stats = [
        member_stats(activity, periods, calendar=calendar, tz=tz)
        for _, activity in cohort_members(session=session, team_id=team_id, coaches=coaches)
    ]
    overlaps = session.scalars(
        select(Overlap.created_at)
        .join(Member, Member.id == Overlap.member_id)
        .where(Member.team_id == team_id)
    )
    return CohortStats(periods, stats, count_in(overlaps, periods))


def goals_of(member: Member, cohort: Cohort) -> Goals:
    return Goals(
        asks=cohort.goal_asks if member.goal_asks is None else member.goal_asks,
        meetings=cohort.goal_meetings if member.goal_meetings is None else member.goal_meetings,
    )


def week_progress(*, session: Session, owner: Owner, now: datetime) -> WeekProgress:
    """The member's asks sent and meetings held this week, against their goals."""
    member = get_or_create_member(session=session, owner=owner)
    cohort = get_cohort(session=session, team_id=owner.team_id)
    since = periods_at(now, zone(cohort.timezone)).week_start
    asks = session.scalar(
        select(func.count(Draft.id)).where(
            Draft.member_id == member.id,
            Draft.kind == DraftKind.ASK,
            Draft.sent_at.between(since, now),
        )
    )
    meetings = session.scalar(
        select(func.count(Meeting.id)).where(
            Meeting.member_id == member.id,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at.between(since, now),
        )
    )
    return WeekProgress(
        goals=goals_of(member, cohort),
        own_goals=member.goal_asks is not None or member.goal_meetings is not None,
        asks=asks or 0,
        meetings=meetings or 0,
        on_leaderboard=member.on_leaderboard,
    )


def own_goals(*, session: Session, owner: Owner) -> tuple[int | None, int | None]:
    """The member's own (asks, meetings) goals; None where they follow the cohort's."""
    member = get_or_create_member(session=session, owner=owner)
    return member.goal_asks, member.goal_meetings


def set_goals(*, session: Session, owner: Owner, asks: int | None, meetings: int | None) -> None:
    """The member's own weekly goals; None follows the cohort's."""
    member = get_or_create_member(session=session, owner=owner)
    member.goal_asks, member.goal_meetings = asks, meetings


def cohort_goals(*, session: Session, team_id: str) -> Goals:
    cohort = get_cohort(session=session, team_id=team_id)
    return Goals(cohort.goal_asks, cohort.goal_meetings)


def digest_time(*, session: Session, team_id: str) -> tuple[DigestTime | None, int]:
    """The digest's day and time (None: no digest), and the time the form starts with."""
    cohort = get_cohort(session=session, team_id=team_id)
    chosen = cohort.digest_weekday
    digest = None if chosen is None else DigestTime(chosen, cohort.digest_minute)
    return digest, cohort.digest_minute


def set_cohort_goals(*, session: Session, team_id: str, goals: Goals) -> None:
    cohort = get_cohort(session=session, team_id=team_id)
    cohort.goal_asks, cohort.goal_meetings = goals.asks, goals.meetings


def set_on_leaderboard(*, session: Session, owner: Owner, on: bool) -> None:
    """Whether the weekly digest may name the member (off until they opt in)."""
    get_or_create_member(session=session, owner=owner).on_leaderboard = on
