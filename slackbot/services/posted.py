"""What the bot posted for or about a member (messages and files), and the queue that
deletes it all from Slack when the member asks Parachute to forget them."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from slackbot.db.upsert import insert_if_absent
from slackbot.models import PostedMessage
from slackbot.services.members import Owner

POSTED, DELETING, DELETED, REFUSED = "posted", "deleting", "deleted", "refused"
# A deletion claimed by a process that died is tried again after this.
CLAIM_LEASE = timedelta(minutes=2)
# Slack away or busy: tried again after 1, 2, 4, 8, 16 and 32 minutes, then reported.
MAX_ATTEMPTS = 6


@dataclass(frozen=True)
class Deletion:
    id: int
    team_id: str
    user_id: str
    channel_id: str | None
    ts: str | None
    file_id: str | None


@dataclass
class ErasureSummary:
    """What forget-me deleted from Slack for one member, and what Slack refused."""

    owner: Owner
    messages: int = 0
    files: int = 0
    refused: dict[str, int] = field(default_factory=dict)  # Slack's error -> how many


def record_message(
    *, session: Session, owner: Owner, channel_id: str, ts: str, now: datetime
) -> None:
    _record(session, owner, now, channel_id=channel_id, ts=ts)


def record_files(*, session: Session, owner: Owner, file_ids: Iterable[str], now: datetime) -> None:
    for file_id in file_ids:
        _record(session, owner, now, file_id=file_id)


def _record(session: Session, owner: Owner, now: datetime, **where: str) -> None:
    """Once per message or file (a recovered nudge is recorded again)."""
    insert_if_absent(
        session, PostedMessage, team_id=owner.team_id, user_id=owner.user_id, posted_at=now, **where
    )


def queue_erasure(
    *, session: Session, owner: Owner, also: Iterable[tuple[str, str]], now: datetime
) -> tuple[int, int]:
    """Queue every message and file recorded for the member for deletion from Slack, with
    `also` (channel, ts) pairs known otherwise; (messages, files) queued."""
    for channel_id, ts in also:
        record_message(session=session, owner=owner, channel_id=channel_id, ts=ts, now=now)
    mine = (PostedMessage.team_id == owner.team_id) & (PostedMessage.user_id == owner.user_id)
    session.execute(
        update(PostedMessage)
        .where(mine, PostedMessage.state == POSTED)
        .values(state=DELETING, next_attempt_at=now)
    )
    counts = dict(
        session.execute(
            select(PostedMessage.file_id.is_(None), func.count())
            .where(mine, PostedMessage.state == DELETING)
            .group_by(PostedMessage.file_id.is_(None))
        ).all()
    )
    return counts.get(True, 0), counts.get(False, 0)


def claim_deletions(
    *, session: Session, now: datetime, limit: int, owner: Owner | None = None
) -> list[Deletion]:
    """Up to `limit` due deletions (of `owner` only, if given), leased to the caller."""
    due = (
        select(PostedMessage)
        .where(PostedMessage.state == DELETING, PostedMessage.next_attempt_at <= now)
        .order_by(PostedMessage.id)
        .limit(limit)
    )
    if owner is not None:
        due = due.where(
            PostedMessage.team_id == owner.team_id, PostedMessage.user_id == owner.user_id
        )
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    rows = list(session.scalars(due))
    for row in rows:
        row.next_attempt_at = now + CLAIM_LEASE
    return [Deletion(r.id, r.team_id, r.user_id, r.channel_id, r.ts, r.file_id) for r in rows]


def settle_deletion(
    *, session: Session, deletion_id: int, error: str | None, retry: bool, now: datetime
) -> None:
    """Deleted (no error), refused for good, or (retry) tried again later with a backoff
    until MAX_ATTEMPTS, then refused."""
    row = session.get(PostedMessage, deletion_id)
    if row is None or row.state != DELETING:
        return
    row.attempts += 1
    row.last_error = error
    if error is None:
        row.state = DELETED
    elif retry and row.attempts < MAX_ATTEMPTS:
        row.next_attempt_at = now + timedelta(minutes=2 ** (row.attempts - 1))
    else:
        row.state = REFUSED


def finished_erasures(*, session: Session) -> list[ErasureSummary]:
    """Members whose deletions are all settled: their summaries; the rows are deleted (the
    channels and timestamps were the last of the member's data)."""
    pending = {
        (team_id, user_id)
        for team_id, user_id in session.execute(
            select(PostedMessage.team_id, PostedMessage.user_id)
            .where(PostedMessage.state == DELETING)
            .distinct()
        )
    }
    summaries: dict[tuple[str, str], ErasureSummary] = {}
    settled = session.scalars(
        select(PostedMessage)
        .where(PostedMessage.state.in_((DELETED, REFUSED)))
        .order_by(PostedMessage.id)
    )
    done_ids = []
    for row in settled:
        key = (row.team_id, row.user_id)
        if key in pending:
            continue
        summary = summaries.setdefault(key, ErasureSummary(Owner(*key)))
        done_ids.append(row.id)
        if row.state == REFUSED:
            reason = row.last_error or "unknown"
            summary.refused[reason] = summary.refused.get(reason, 0) + 1
        elif row.file_id:
            summary.files += 1
        else:
            summary.messages += 1
    if done_ids:
        session.execute(delete(PostedMessage).where(PostedMessage.id.in_(done_ids)))
    return list(summaries.values())


def forget_team_posts(*, session: Session, team_id: str) -> None:
    """A workspace deleted after uninstalling: nothing can reach Slack there any more."""
    session.execute(delete(PostedMessage).where(PostedMessage.team_id == team_id))
