"""dispatch_due(now): claim the due nudges, hold what falls in quiet hours, post the rest
once with each workspace's poster, record what was posted (the outbox plans what follows).
Recovery after a crash and the weekly digest have their own modules."""

import logging
import secrets
import threading
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from slackbot.blocks.messages import Message
from slackbot.blocks.nudges import NudgeLine, digest_message, member_message
from slackbot.db import Database
from slackbot.domain.calendar import BusinessCalendar, calendar_for, zone
from slackbot.domain.nudges import (
    DIGEST_ABOVE,
    NudgeKind,
    PrivacyLevel,
    after_quiet_hours,
    within_nudge_time,
)
from slackbot.models import Cohort
from slackbot.nudges import weekly_digest
from slackbot.nudges.poster import DIGEST_EVENT, Delivered, Poster
from slackbot.nudges.recovery import recover
from slackbot.services import outbox
from slackbot.services.cohorts import get_cohorts, note_channel_problem
from slackbot.services.installations import stop_team_nudges
from slackbot.services.outbox import DueItem

logger = logging.getLogger(__name__)

# A run posts at most this many nudges: paced at one message a second per channel, it ends
# well before another dispatcher would take its rows for stuck (recovery.STUCK_AFTER).
BATCH = 300
RETRY_AFTER = timedelta(minutes=5)


@dataclass
class Report:
    posted: int = 0  # nudges
    messages: int = 0
    postponed: int = 0  # held back by quiet hours
    failed: int = 0  # given back to the queue, to retry
    recovered: int = 0  # found already posted after a crash
    released: int = 0  # handed back unposted because the process is stopping


@dataclass(frozen=True)
class Destination:
    channel: str | None  # None: each member's DM
    privacy: PrivacyLevel
    quiet_start: int
    quiet_end: int
    timezone: str  # for members whose Slack profile has no zone
    nudge_minute: int
    calendar: BusinessCalendar


def line_of(item: DueItem) -> NudgeLine:
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


def destination_of(cohort: Cohort) -> Destination:
    return Destination(
        channel=cohort.nudge_channel_id,
        privacy=cohort.privacy_level,
        quiet_start=cohort.quiet_start_minute,
        quiet_end=cohort.quiet_end_minute,
        timezone=cohort.timezone,
        nudge_minute=cohort.nudge_minute,
        calendar=calendar_for(cohort.holidays_country),
    )


def destinations(session: Session, items: Iterable[DueItem]) -> dict[str, Destination]:
    """Where each workspace's nudges go: every cohort in one query, however many are due."""
    cohorts = get_cohorts(session=session, team_ids={item.team_id for item in items})
    return {team_id: destination_of(cohort) for team_id, cohort in cohorts.items()}


class Dispatcher:
    def __init__(
        self,
        db: Database,
        client: WebClient | Callable[[str], WebClient | None],
        *,
        sleep: Callable[[float], object] | None = None,
        pace_seconds: float = 1.0,
        coaches: frozenset[str] = frozenset(),
    ) -> None:
        """`client` posts for every workspace, or (OAuth) gives each workspace's client, and
        None for one that uninstalled the app: its nudges are stopped."""
        self.db = db
        self._client_for = (lambda _team: client) if isinstance(client, WebClient) else client
        self.stopping = threading.Event()
        # Pauses between posts end early when the process is asked to stop.
        self.sleep = sleep or self.stopping.wait
        self.pace_seconds = pace_seconds
        self.coaches = coaches  # COHORT_ADMINS: left out of the digest unless they log
        self._last_post: dict[str, float] = {}

    def dispatch_due(self, now: datetime) -> Report:
        report = Report()
        token = secrets.token_hex(8)
        posters: dict[str, Poster | None] = {}

        def poster_for(team_id: str) -> Poster | None:
            if team_id not in posters:
                posters[team_id] = self._poster(team_id, now)
            return posters[team_id]

        report.recovered += recover(self.db, poster_for, now, token)
        with self.db.session() as session:
            ids = outbox.claim_due(session=session, now=now, limit=BATCH, token=token)
            items = outbox.load_items(session=session, ids=ids)
            places = destinations(session, items)
        for team_id, grouped in groupby(items, key=lambda item: item.team_id):
            team_items = list(grouped)
            if self.stopping.is_set():
                self._hand_back(team_items, now, report)
                continue
            poster = poster_for(team_id)
            if poster is None:
                continue
            where = places[team_id]
            nudges, digests = [], []
            for item in team_items:
                (digests if item.kind == NudgeKind.WEEKLY_DIGEST else nudges).append(item)
            ready = self._hold_until_a_good_time(nudges, where, now, report)
            self._post_team(poster, ready, where, now, report)
            for item in digests:  # at the coach's chosen time: no quiet hours
                if self.stopping.is_set():
                    self._hand_back([item], now, report)
                    continue
                self._guarded([item], now, report, self._post_weekly_digest, poster, item, where)
        return report

    def stop(self) -> None:
        """Finish the message being posted, hand the rest back to the queue, and return."""
        self.stopping.set()

    def _hand_back(self, items: Sequence[DueItem], now: datetime, report: Report) -> None:
        with self.db.session() as session:
            outbox.release(
                session=session, ids=[i.nudge_id for i in items], retry_at=now, error=None, now=now
            )
        report.released += len(items)

    def _poster(self, team_id: str, now: datetime) -> Poster | None:
        """The workspace's poster; None (its nudges stopped) once uninstalled."""
        client = self._client_for(team_id)
        if client is None:
            with self.db.session() as session:
                stopped = stop_team_nudges(session=session, team_id=team_id, now=now)
            logger.warning("workspace %s is not installed: %d nudges stopped", team_id, stopped)
            return None
        return Poster(team_id, client, self._pace)

    # -- quiet hours ---------------------------------------------------------------------

    def _hold_until_a_good_time(
        self, items: list[DueItem], where: Destination, now: datetime, report: Report
    ) -> list[DueItem]:
        ready = []
        held: dict[datetime, list[int]] = defaultdict(list)
        for item in items:
            tz = zone(item.member_tz or where.timezone)
            resume = after_quiet_hours(now, tz=tz, start=where.quiet_start, end=where.quiet_end)
            if item.kind.about_an_ask:
                resume = within_nudge_time(
                    resume, tz=tz, calendar=where.calendar, minute=where.nudge_minute
                )
            if resume == now:
                ready.append(item)
            else:
                held[resume].append(item.nudge_id)
        if held:
            # One transaction for them all: a night's batch is held at once, not row by row.
            with self.db.session() as session:
                for resume, ids in held.items():
                    outbox.release(session=session, ids=ids, retry_at=resume, error=None, now=now)
            report.postponed += sum(len(ids) for ids in held.values())
        return ready

    # -- posting -------------------------------------------------------------------------

    def _post_team(
        self,
        poster: Poster,
        items: list[DueItem],
        where: Destination,
        now: datetime,
        report: Report,
    ) -> None:
        batches = [list(group) for _, group in groupby(items, key=lambda item: item.user_id)]
        if not batches:
            return
        thread_ts = None
        if where.channel and len(batches) > DIGEST_ABOVE:
            digest = digest_message([(batch[0].user_id, len(batch)) for batch in batches])
            try:
                thread_ts = poster.post(where.channel, digest, keys=[], event=DIGEST_EVENT).ts
            except SlackApiError as failure:
                # Without the digest, each member's message still goes to the channel.
                logger.warning("digest not posted: %s", failure.response.get("error"))
        for index, batch in enumerate(batches):
            if self.stopping.is_set():
                self._hand_back([i for b in batches[index:] for i in b], now, report)
                return
            self._guarded(batch, now, report, self._post_batch, poster, batch, where, thread_ts)

    def _guarded(
        self,
        items: list[DueItem],
        now: datetime,
        report: Report,
        post: Callable[..., None],
        *args: object,
    ) -> None:
        """One message's trouble must not hold up everyone else's: given back to retry,
        and logged with ids only (an error's text may quote what a member wrote)."""
        try:
            post(*args, now, report)
        except Exception as failure:
            logger.error(
                "nudges %s not posted: %s at %s",
                [item.nudge_id for item in items],
                type(failure).__name__,
                _origin(failure),
            )
            self._give_back(items, "unexpected", now, report)

    def _post_batch(
        self,
        poster: Poster,
        batch: list[DueItem],
        where: Destination,
        thread_ts: str | None,
        now: datetime,
        report: Report,
    ) -> None:
        message = member_message(batch[0].user_id, [line_of(item) for item in batch], where.privacy)
        delivered = self._post(poster, batch, message, where, now, report, thread_ts)
        if delivered is not None:
            self._record(batch, delivered, now, report)

    def _post_weekly_digest(
        self, poster: Poster, item: DueItem, where: Destination, now: datetime, report: Report
    ) -> None:
        """In the cohort channel (the coach's DM when there is none or it refuses us)."""
        week = weekly_digest.compose(self.db, item.team_id, now, self.coaches)
        delivered = self._post(poster, [item], week.message, where, now, report)
        if delivered is not None:
            self._record([item], delivered, now, report)
            weekly_digest.upload_chart(poster, delivered.channel, delivered.ts, week.chart)

    def _post(
        self,
        poster: Poster,
        items: list[DueItem],
        message: Message,
        where: Destination,
        now: datetime,
        report: Report,
        thread_ts: str | None = None,
    ) -> Delivered | None:
        """Posted, or None: given back to retry, or left "sending" after a timeout."""
        try:
            return poster.deliver(
                where.channel,
                items[0].user_id,
                message,
                keys=[item.dedupe_key for item in items],
                refused=lambda error: self._report_channel_problem(poster.team_id, error),
                thread_ts=thread_ts,
            )
        except SlackApiError as failure:
            self._give_back(items, str(failure.response.get("error") or "unknown"), now, report)
        except OSError as failure:
            # A timeout or a dropped connection: Slack may have posted it. The rows stay
            # "sending", so the next run after STUCK_AFTER looks in the channel first.
            ids = [item.nudge_id for item in items]
            logger.warning("nudges %s: no answer from Slack (%s)", ids, failure)
            report.failed += len(items)
        return None

    def _pace(self, channel: str) -> None:
        """At most one message per second per channel, as Slack asks."""
        last = self._last_post.get(channel)
        now = time.monotonic()
        if last is not None and now - last < self.pace_seconds:
            self.sleep(self.pace_seconds - (now - last))
        self._last_post[channel] = time.monotonic()

    def _record(
        self, items: list[DueItem], delivered: Delivered, now: datetime, report: Report
    ) -> None:
        with self.db.session() as session:
            outbox.record_posted(
                session=session, items=items, channel=delivered.channel, ts=delivered.ts, now=now
            )
        report.posted += len(items)
        report.messages += 1

    def _give_back(
        self, items: Sequence[DueItem], error: str, now: datetime, report: Report
    ) -> None:
        ids = [item.nudge_id for item in items]
        logger.warning("nudges %s not posted (%s); retrying later", ids, error)
        with self.db.session() as session:
            outbox.release(
                session=session, ids=ids, retry_at=now + RETRY_AFTER, error=error, now=now
            )
        report.failed += len(items)

    def _report_channel_problem(self, team_id: str, error: str) -> None:
        logger.warning("cohort channel of %s refused the nudges: %s", team_id, error)
        with self.db.session() as session:
            note_channel_problem(session=session, team_id=team_id, problem=error)


def _origin(failure: BaseException) -> str:
    """Where an error was raised (file:line), to find it without its text."""
    frames = traceback.extract_tb(failure.__traceback__)
    return f"{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else "?"


def describe_due(db: Database, now: datetime) -> str:
    """What a dispatch at `now` would post, per channel and member (changes nothing)."""
    with db.read_only() as session:
        items = outbox.preview_due(session=session, now=now, limit=BATCH)
        places = destinations(session, items)
    if not items:
        return f"Nothing is due at {now:%Y-%m-%d %H:%M} UTC."
    lines = [f"Due at {now:%Y-%m-%d %H:%M} UTC: {len(items)} reminder(s)."]
    for team_id, team_items in groupby(items, key=lambda item: item.team_id):
        where = places[team_id]
        place = f"channel {where.channel}" if where.channel else "each member's DM"
        lines.append(f"Workspace {team_id}, {place} (privacy: {where.privacy}):")
        for user_id, group in groupby(team_items, key=lambda item: item.user_id):
            batch = list(group)
            lines.append(f"  {user_id}: {len(batch)}")
            lines += [f"    - {item.kind} #{item.number}: {item.dedupe_key}" for item in batch]
    return "\n".join(lines)
