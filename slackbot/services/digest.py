"""The weekly digest: planned in the nudge outbox at the coach's chosen day and time (so
the dispatcher posts it once, paced like every nudge), and what it says."""

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from slackbot.db.upsert import insert_if_absent
from slackbot.domain.calendar import zone
from slackbot.domain.digest import DIGEST_WEEK, Digest, member_week, next_digest_at
from slackbot.domain.nudges import WAITING, NudgeKind, NudgeState
from slackbot.models import Cohort, Member, Nudge
from slackbot.services.cohorts import get_cohort
from slackbot.services.members import Owner, get_or_create_member
from slackbot.services.progress import cohort_members, goals_of


def set_schedule(
    *, session: Session, team_id: str, coach: Owner, weekday: int | None, minute: int, now: datetime
) -> datetime | None:
    """The coach's digest day (None: no digest) and time; the next digest is planned
    (or cancelled) at once. Returns when it is due."""
    cohort = get_cohort(session=session, team_id=team_id)
    cohort.digest_weekday, cohort.digest_minute = weekday, minute
    for nudge in session.scalars(
        select(Nudge)
        .join(Member, Member.id == Nudge.member_id)
        .where(
            Member.team_id == team_id,
            Nudge.kind == NudgeKind.WEEKLY_DIGEST,
            Nudge.state.in_(WAITING),
        )
    ):
        nudge.state, nudge.updated_at = NudgeState.CANCELLED, now
    if weekday is None:
        return None
    member = get_or_create_member(session=session, owner=coach)
    return _plan(session, cohort, member.id, after=now, now=now)


def _plan(
    session: Session, cohort: Cohort, member_id: int, *, after: datetime, now: datetime
) -> datetime:
    """The next digest after `after`, one row per local date: a date already posted moves
    on to the week after; one cancelled by a change of schedule comes back."""
    assert cohort.digest_weekday is not None
    tz = zone(cohort.timezone)
    while True:
        due = next_digest_at(
            after, weekday=cohort.digest_weekday, minute=cohort.digest_minute, tz=tz
        )
        key = f"digest:{cohort.team_id}:{due.astimezone(tz).date().isoformat()}"
        existing = session.scalar(select(Nudge).where(Nudge.dedupe_key == key))
        if existing is None:
            insert_if_absent(
                session,
                Nudge,
                member_id=member_id,
                kind=NudgeKind.WEEKLY_DIGEST,
                number=0,
                due_at=due,
                dedupe_key=key,
                state=NudgeState.PENDING,
                attempts=0,
                created_at=now,
            )
            return due
        if existing.state == NudgeState.CANCELLED:
            existing.state, existing.due_at, existing.member_id = NudgeState.PENDING, due, member_id
            existing.updated_at = now
            return due
        if existing.state in WAITING:
            return existing.due_at
        after = due + timedelta(minutes=1)  # that date's digest went out: the next week's


def plan_next(*, session: Session, team_id: str, nudge_id: int, now: datetime) -> None:
    """Each digest posted plans the next one, while the coach keeps a day set."""
    cohort = get_cohort(session=session, team_id=team_id)
    nudge = session.get(Nudge, nudge_id)
    if cohort.digest_weekday is not None and nudge is not None:
        _plan(session, cohort, nudge.member_id, after=now, now=now)


def weekly_digest(
    *, session: Session, team_id: str, now: datetime, coaches: Collection[str]
) -> Digest:
    """The past 7 days of the cohort, member by member (counts, never contacts)."""
    cohort = get_cohort(session=session, team_id=team_id)
    start = now - DIGEST_WEEK
    return Digest(
        start=start,
        end=now,
        members=[
            member_week(
                activity,
                named=member.on_leaderboard,
                goals=goals_of(member, cohort),
                start=start,
                end=now,
            )
            for member, activity in cohort_members(
                session=session, team_id=team_id, coaches=coaches
            )
        ],
    )
