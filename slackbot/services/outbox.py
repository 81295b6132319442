"""The nudge outbox: claim what is due, record what was posted, and the owner's actions."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Select, bindparam, func, select, update
from sqlalchemy.orm import Session

from slackbot.db.upsert import insert_if_absent
from slackbot.domain.nudges import OPEN, SNOOZABLE, WAITING, NudgeKind, NudgeState
from slackbot.models import Contact, Member, Nudge
from slackbot.services import digest, posted
from slackbot.services.cohorts import civil_hours, get_cohort
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner, owned

# Reminders a fact has settled (done, dropped or moved): their messages are redrawn.
Reminders: TypeAlias = list[Nudge]


@dataclass(frozen=True)
class DueItem:
    """A claimed nudge with what its message needs."""

    nudge_id: int
    kind: NudgeKind
    number: int
    dedupe_key: str
    state: NudgeState
    team_id: str
    user_id: str
    member_tz: str | None
    contact_id: int | None
    contact_name: str | None
    company: str | None
    draft_id: int | None
    meeting_id: int | None
    due_at: datetime | None = None
    # Among the member's contacts at the same company (by when they were logged): this
    # contact's place, and how many there are. Company-level reminders tell them apart.
    company_rank: int = 1
    company_contacts: int = 1

    @property
    def owner(self) -> Owner:
        return Owner(self.team_id, self.user_id)


def earliest_stuck_claim(*, session: Session, claimed_before: datetime) -> datetime | None:
    return session.scalar(
        select(func.min(Nudge.claimed_at)).where(
            Nudge.state == NudgeState.SENDING, Nudge.claimed_at < claimed_before
        )
    )


def unclaim(*, session: Session, ids: Sequence[int]) -> None:
    """Leave rows "sending" for a later run to check again (its clock starts anew)."""
    session.execute(
        update(Nudge)
        .where(Nudge.id.in_(ids), Nudge.state == NudgeState.SENDING)
        .values(claim_token=None)
        .execution_options(synchronize_session=False)
    )


def _due(now: datetime, limit: int, *columns: ColumnElement[Any]) -> Select[Any]:
    # The states as literals, so that both engines match ix_nudges_waiting_due's WHERE.
    waiting = bindparam("waiting", WAITING, expanding=True, literal_execute=True)
    return (
        select(*(columns or (Nudge.id,)))
        .where(Nudge.state.in_(waiting), Nudge.due_at <= now)
        .order_by(Nudge.due_at)
        .limit(limit)
    )


def _workspaces_due(now: datetime, window: int, count: int) -> Select[tuple[str]]:
    """The `count` workspaces due first, among the first `window` rows due."""
    due = _due(now, window, Nudge.member_id, Nudge.due_at).subquery()
    return (
        select(Member.team_id)
        .join(due, due.c.member_id == Member.id)
        .group_by(Member.team_id)
        .order_by(func.min(due.c.due_at), Member.team_id)
        .limit(count)
    )


def claim_due(
    *, session: Session, now: datetime, limit: int, token: str, workspaces: int | None = None
) -> list[int]:
    """Mark up to `limit` due rows as ours ("sending"); no other dispatcher gets them. With
    `workspaces`, the rows of that many workspaces at most, the earliest due first: each
    cohort's reminders go to one dispatcher, which paces its channel, and dispatchers that
    claim at once share the workspaces out."""
    postgres = session.get_bind().dialect.name == "postgresql"
    due = _due(now, limit)
    if workspaces is not None:
        teams: Any = _workspaces_due(now, limit, workspaces)
        if postgres:
            teams = _lock_workspaces(
                session, list(session.scalars(_workspaces_due(now, limit, limit))), workspaces
            )
        due = due.where(Nudge.member_id.in_(select(Member.id).where(Member.team_id.in_(teams))))
    if postgres:
        ids = list(session.scalars(due.with_for_update(skip_locked=True)))
        condition = Nudge.id.in_(ids)
    else:
        # One UPDATE is atomic in SQLite: a second dispatcher finds the rows taken.
        condition = Nudge.id.in_(due.scalar_subquery())
    session.execute(
        update(Nudge)
        .where(condition, Nudge.state.in_(WAITING))
        .values(
            state=NudgeState.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=Nudge.attempts + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return list(
        session.scalars(
            select(Nudge.id).where(Nudge.claim_token == token, Nudge.state == NudgeState.SENDING)
        )
    )


def _lock_workspaces(session: Session, team_ids: Sequence[str], count: int) -> list[str]:
    """Up to `count` of `team_ids` that no other dispatcher is claiming right now (a lock
    held until this transaction ends; by then the rows are "sending")."""
    locked: list[str] = []
    for team_id in team_ids:
        if len(locked) == count:
            break
        key = func.hashtext(f"parachute-claim:{team_id}")
        if session.scalar(select(func.pg_try_advisory_xact_lock(key))):
            locked.append(team_id)
    return locked


def claim_stuck(
    *, session: Session, claimed_before: datetime, token: str, now: datetime
) -> list[int]:
    """Rows left in "sending" by a dispatcher that stopped: ours now, to check and finish."""
    query = select(Nudge.id).where(
        Nudge.state == NudgeState.SENDING, Nudge.claimed_at < claimed_before
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(session.scalars(query))
    session.execute(
        update(Nudge)
        .where(Nudge.id.in_(ids), Nudge.state == NudgeState.SENDING)
        .values(claim_token=token, claimed_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return ids


def load_items(*, session: Session, ids: Sequence[int]) -> list[DueItem]:
    """The nudges with their owner and contact, by workspace, member and due instant."""
    rows = session.execute(
        select(Nudge, Contact.name, Contact.company)
        .outerjoin(Contact, Contact.id == Nudge.contact_id)
        .where(Nudge.id.in_(ids))
    ).all()
    # The owners apart, by primary key: joined in, PostgreSQL hashed the whole members
    # table, a cost that grew with the cohort instead of with what is due.
    owners = {
        member_id: (team_id, user_id, tz)
        for member_id, team_id, user_id, tz in session.execute(
            select(Member.id, Member.team_id, Member.user_id, Member.tz).where(
                Member.id.in_({nudge.member_id for nudge, _, _ in rows})
            )
        )
    }
    ranks = _company_ranks(session, [nudge for nudge, _, _ in rows])
    items = []
    for nudge, name, company in rows:
        team_id, user_id, tz = owners[nudge.member_id]
        rank, count = ranks.get(nudge.contact_id or 0, (1, 1))
        item = DueItem(
            nudge_id=nudge.id,
            kind=nudge.kind,
            number=nudge.number,
            dedupe_key=nudge.dedupe_key,
            state=nudge.state,
            team_id=team_id,
            user_id=user_id,
            member_tz=tz,
            contact_id=nudge.contact_id,
            contact_name=name,
            company=company,
            draft_id=nudge.draft_id,
            meeting_id=nudge.meeting_id,
            due_at=nudge.due_at,
            company_rank=rank,
            company_contacts=count,
        )
        items.append(((team_id, user_id, nudge.due_at, nudge.id), item))
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def _company_ranks(session: Session, nudges: Sequence[Nudge]) -> dict[int, tuple[int, int]]:
    """For each contact the nudges are about: (its place, how many) among its owner's
    contacts at the same company, in the order they were logged."""
    contact_ids = {nudge.contact_id for nudge in nudges if nudge.contact_id}
    if not contact_ids:
        return {}
    about = select(Contact.member_id, Contact.company_key).where(
        Contact.id.in_(contact_ids), Contact.company.is_not(None)
    )
    pairs = {(member_id, key) for member_id, key in session.execute(about)}
    colleagues: dict[tuple[int, str], list[int]] = {}
    for contact_id, member_id, key in session.execute(
        select(Contact.id, Contact.member_id, Contact.company_key)
        .where(
            Contact.member_id.in_({member_id for member_id, _ in pairs}),
            Contact.company_key.in_({key for _, key in pairs}),
        )
        .order_by(Contact.id)
    ):
        if (member_id, key) in pairs:
            colleagues.setdefault((member_id, key), []).append(contact_id)
    return {
        contact_id: (ids.index(contact_id) + 1, len(ids))
        for ids in colleagues.values()
        for contact_id in ids
        if contact_id in contact_ids
    }


def preview_due(*, session: Session, now: datetime, limit: int) -> list[DueItem]:
    """What a dispatch at `now` would take, without claiming anything."""
    return load_items(session=session, ids=list(session.scalars(_due(now, limit))))


def mark_posted(
    *, session: Session, ids: Sequence[int], channel: str, ts: str, now: datetime
) -> None:
    session.execute(
        update(Nudge)
        .where(Nudge.id.in_(ids), Nudge.state == NudgeState.SENDING)
        .values(
            state=NudgeState.SENT,
            channel_id=channel,
            message_ts=ts,
            claim_token=None,
            last_error=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )


def record_posted(
    *, session: Session, items: Sequence[DueItem], channel: str, ts: str, now: datetime
) -> None:
    """What follows a message posted with `items` (one member's, or a weekly digest): the
    rows are sent, the message is remembered for forget-me, a contact whose last follow-up
    went out is parked, and what recurs is planned again."""
    mark_posted(session=session, ids=[i.nudge_id for i in items], channel=channel, ts=ts, now=now)
    for item in items:
        if item.kind == NudgeKind.WEEKLY_DIGEST:  # the cohort's message, not the member's
            digest.plan_next(session=session, team_id=item.team_id, nudge_id=item.nudge_id, now=now)
    if any(item.kind != NudgeKind.WEEKLY_DIGEST for item in items):
        posted.record_message(
            session=session, owner=items[0].owner, channel_id=channel, ts=ts, now=now
        )
    park_contacts(
        session=session, park_ids=[i.nudge_id for i in items if i.kind == NudgeKind.PARK], now=now
    )
    plan_next_keep_in_touch(session=session, items=items, now=now)


def settle(
    *,
    session: Session,
    about: ColumnElement[bool],
    kinds: Collection[NudgeKind] | None,
    state: NudgeState,
    now: datetime,
) -> Reminders:
    """The reminders `about` a contact or a meeting (of `kinds`; all when None) are settled
    (done, cancelled), whether still to come or posted: returned, to redraw where they
    were posted."""
    # Claimed ones too: the dispatcher drops what is no longer its own before posting.
    query = select(Nudge).where(about, Nudge.state.in_(OPEN))
    if kinds is not None:
        query = query.where(Nudge.kind.in_(kinds))
    nudges = list(session.scalars(query))
    for nudge in nudges:
        nudge.state, nudge.updated_at = state, now
    return nudges


def still_claimed(*, session: Session, ids: Sequence[int], token: str) -> set[int]:
    """Of `ids`, those still "sending" under `token`: not settled or taken over since."""
    return set(
        session.scalars(
            select(Nudge.id).where(
                Nudge.id.in_(ids), Nudge.state == NudgeState.SENDING, Nudge.claim_token == token
            )
        )
    )


def release(
    *, session: Session, ids: Sequence[int], retry_at: datetime, error: str | None, now: datetime
) -> None:
    """Give rows back to the queue, due again at `retry_at` (quiet hours, or a failure)."""
    session.execute(
        update(Nudge)
        .where(Nudge.id.in_(ids), Nudge.state == NudgeState.SENDING)
        .values(
            state=NudgeState.PENDING,
            due_at=retry_at,
            claim_token=None,
            last_error=error,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )


def plan_next_keep_in_touch(*, session: Session, items: Sequence[DueItem], now: datetime) -> None:
    """Keeping in touch recurs: each one posted plans the next, the cohort's number of days
    later (0: off), on a business day at the cohort's nudge time in the member's zone."""
    for item in items:
        if item.kind != NudgeKind.KEEP_IN_TOUCH:
            continue
        cohort = get_cohort(session=session, team_id=item.team_id)
        nudge = session.get(Nudge, item.nudge_id)
        if nudge is None or not cohort.keep_in_touch_days:
            continue
        civil = civil_hours(cohort, item.member_tz)
        due = civil.first_at_or_after(now + timedelta(days=cohort.keep_in_touch_days))
        insert_if_absent(
            session,
            Nudge,
            member_id=nudge.member_id,
            contact_id=nudge.contact_id,
            meeting_id=nudge.meeting_id,
            kind=NudgeKind.KEEP_IN_TOUCH,
            number=nudge.number + 1,
            due_at=due,
            dedupe_key=f"{nudge.dedupe_key.rsplit('#', 1)[0]}#{nudge.number + 1}",
            state=NudgeState.PENDING,
            attempts=0,
            created_at=now,
        )


def park_contacts(*, session: Session, park_ids: Sequence[int], now: datetime) -> None:
    """The last follow-up went unanswered (PARK reminders `park_ids` posted): park their
    contacts (never deleted; they can be revived). One who replied since the ask (while the
    reminder was being posted) is not parked."""
    if not park_ids:
        return
    replied = (
        select(Nudge.id)
        .where(
            Nudge.id.in_(park_ids),
            Nudge.contact_id == Contact.id,
            Contact.replied_at >= Nudge.created_at,  # the ask's clock started then
        )
        .exists()
    )
    contact_ids = select(Nudge.contact_id).where(Nudge.id.in_(park_ids))
    session.execute(
        update(Contact)
        .where(Contact.id.in_(contact_ids), Contact.parked_at.is_(None), ~replied)
        .values(parked_at=now)
        .execution_options(synchronize_session=False)
    )


def owner_of_nudge(*, session: Session, team_id: str, nudge_id: int) -> str | None:
    """The user id of the nudge's owner, within the same workspace only."""
    return session.scalar(
        select(Member.user_id)
        .join(Nudge, Nudge.member_id == Member.id)
        .where(Nudge.id == nudge_id, Member.team_id == team_id)
    )


def get_nudge(*, session: Session, owner: Owner, nudge_id: int) -> Nudge:
    nudge = session.scalar(owned(Nudge, owner).where(Nudge.id == nudge_id))
    if nudge is None:
        raise NotFound(f"nudge {nudge_id}")
    return nudge


def complete(*, session: Session, owner: Owner, nudge_id: int, now: datetime) -> Nudge:
    nudge = get_nudge(session=session, owner=owner, nudge_id=nudge_id)
    if nudge.state in OPEN:
        nudge.state, nudge.updated_at = NudgeState.DONE, now
    return nudge


def snooze(
    *, session: Session, owner: Owner, nudge_id: int, until: datetime, now: datetime
) -> Nudge:
    """Bring the reminder back at `until`; it keeps its place in its message meanwhile."""
    nudge = get_nudge(session=session, owner=owner, nudge_id=nudge_id)
    # Never revive one already settled (replied, done), nor snooze what a snooze does not
    # suit (the menu is not offered there; a forged click changes nothing).
    if nudge.state in OPEN and nudge.kind in SNOOZABLE:
        nudge.state, nudge.due_at, nudge.updated_at = NudgeState.SNOOZED, until, now
    return nudge


def in_message(*, session: Session, channel: str, ts: str) -> list[DueItem]:
    """The nudges a posted message carries, in their current state (to redraw it)."""
    ids = list(
        session.scalars(select(Nudge.id).where(Nudge.channel_id == channel, Nudge.message_ts == ts))
    )
    return load_items(session=session, ids=ids)
