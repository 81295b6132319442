"""dispatch_due(now): claim the due nudges, post them once, record what was posted."""

import logging
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from sqlalchemy.orm import Session

from slackbot.blocks.digest import weekly_digest_message
from slackbot.blocks.funnel_chart import funnel_png
from slackbot.blocks.messages import Message
from slackbot.blocks.nudges import digest_message, member_message
from slackbot.db import Database
from slackbot.domain.calendar import BusinessCalendar, calendar_for, zone
from slackbot.domain.nudges import (
    DIGEST_ABOVE,
    NudgeKind,
    PrivacyLevel,
    after_quiet_hours,
    keys_in_payload,
    nudge_payload,
    within_nudge_time,
)
from slackbot.models import Cohort
from slackbot.services import digest, outbox, posted
from slackbot.services.cohorts import get_cohort, get_cohorts, note_channel_problem
from slackbot.services.digest import weekly_digest
from slackbot.services.installations import stop_team_nudges
from slackbot.services.members import Owner
from slackbot.services.outbox import DueItem
from slackbot.surfaces.rows import line_of

logger = logging.getLogger(__name__)

# A run posts at most this many nudges: paced at one message a second per channel, it ends
# well before another dispatcher would take its rows for stuck.
BATCH = 300
STUCK_AFTER = timedelta(minutes=30)
LOOKBACK_MARGIN = timedelta(minutes=5)
RETRY_AFTER = timedelta(minutes=5)
NUDGE_EVENT = "parachute_nudge"
DIGEST_EVENT = "parachute_digest"
# Errors about the channel itself: tell the coaches, and reach the member by DM meanwhile.
CHANNEL_PROBLEMS = frozenset(
    {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}
)


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


@dataclass
class _Batch:
    """One member's nudges for one message."""

    user_id: str
    items: list[DueItem] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [item.nudge_id for item in self.items]


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
        # The workspace being served: a dispatcher runs one dispatch at a time.
        self.client: WebClient
        self.stopping = threading.Event()
        # Pauses between posts end early when the process is asked to stop.
        self.sleep = sleep or self.stopping.wait
        self.pace_seconds = pace_seconds
        self.coaches = coaches  # COHORT_ADMINS: left out of the digest unless they log
        self._last_post: dict[str, float] = {}

    def dispatch_due(self, now: datetime) -> Report:
        report = Report()
        token = secrets.token_hex(8)
        self._recover(now, token, report)
        with self.db.session() as session:
            ids = outbox.claim_due(session=session, now=now, limit=BATCH, token=token)
            items = outbox.load_items(session=session, ids=ids)
            places = destinations(session, items)
        for team_id, grouped in groupby(items, key=lambda item: item.team_id):
            team_items = list(grouped)
            if self.stopping.is_set():
                self._hand_back(team_items, now, report)
                continue
            if not self._serve(team_id, now):
                continue
            where = places[team_id]
            nudges, digests = [], []
            for item in team_items:
                (digests if item.kind == NudgeKind.WEEKLY_DIGEST else nudges).append(item)
            ready = self._hold_until_a_good_time(nudges, where, now, report)
            self._post_team(team_id, ready, where, now, report)
            for item in digests:  # at the coach's chosen time: no quiet hours
                if self.stopping.is_set():
                    self._hand_back([item], now, report)
                    continue
                self._post_digest(item, where, now, report)
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

    def _serve(self, team_id: str, now: datetime) -> bool:
        """Post with the workspace's client; False (its nudges stopped) once uninstalled."""
        client = self._client_for(team_id)
        if client is None:
            with self.db.session() as session:
                stopped = stop_team_nudges(session=session, team_id=team_id, now=now)
            logger.warning("workspace %s is not installed: %d nudges stopped", team_id, stopped)
            return False
        self.client = client
        return True

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
        self, team_id: str, items: list[DueItem], where: Destination, now: datetime, report: Report
    ) -> None:
        batches = [
            _Batch(user_id, list(group))
            for user_id, group in groupby(items, key=lambda item: item.user_id)
        ]
        if not batches:
            return
        thread_ts = None
        if where.channel and len(batches) > DIGEST_ABOVE:
            digest = digest_message([(b.user_id, len(b.items)) for b in batches])
            try:
                thread_ts = self._post(where.channel, digest, keys=[], event=DIGEST_EVENT)["ts"]
            except SlackApiError as failure:
                # Without the digest, each member's message still goes to the channel.
                logger.warning("digest not posted: %s", failure.response.get("error"))
        for index, batch in enumerate(batches):
            if self.stopping.is_set():
                self._hand_back([i for b in batches[index:] for i in b.items], now, report)
                return
            try:
                self._post_batch(team_id, batch, where, thread_ts, now, report)
            except Exception:  # one member's trouble must not hold up everyone else's
                logger.exception("nudges %s not posted", batch.ids)
                self._give_back(batch, "unexpected", now, report)

    def _post_batch(
        self,
        team_id: str,
        batch: _Batch,
        where: Destination,
        thread_ts: str | None,
        now: datetime,
        report: Report,
    ) -> None:
        message = member_message(
            batch.user_id, [line_of(item) for item in batch.items], where.privacy
        )
        try:
            posted = self._deliver(team_id, batch, message, where, thread_ts)
        except SlackApiError as failure:
            self._give_back(batch, str(failure.response.get("error") or "unknown"), now, report)
            return
        except OSError as failure:
            # A timeout or a dropped connection: Slack may have posted it. The rows stay
            # "sending", so the next run after STUCK_AFTER looks in the channel first.
            logger.warning("nudges %s: no answer from Slack (%s)", batch.ids, failure)
            report.failed += len(batch.items)
            return
        self._record(batch, posted["channel"], posted["ts"], now, report)

    def _deliver(
        self,
        team_id: str,
        batch: _Batch,
        message: Message,
        where: Destination,
        thread_ts: str | None = None,
    ) -> Any:
        """Post in the cohort channel, or the member's DM when there is none or the channel
        refuses us (the coaches are told). Raises the last SlackApiError or an OSError."""
        keys = [item.dedupe_key for item in batch.items]
        try:
            channel = where.channel or self._dm(batch.user_id)
            return self._post(channel, message, keys=keys, event=NUDGE_EVENT, thread_ts=thread_ts)
        except SlackApiError as failure:
            error = str(failure.response.get("error") or "unknown")
            if not (where.channel and error in CHANNEL_PROBLEMS):
                raise
            self._report_channel_problem(team_id, error)
            return self._post(self._dm(batch.user_id), message, keys=keys, event=NUDGE_EVENT)

    def _post_digest(
        self, item: DueItem, where: Destination, now: datetime, report: Report
    ) -> None:
        """The weekly digest in the cohort channel (the coach's DM when there is none or it
        refuses us)."""
        batch = _Batch(item.user_id, [item])
        with self.db.session() as session:
            week = weekly_digest(
                session=session, team_id=item.team_id, now=now, coaches=self.coaches
            )
        message = weekly_digest_message(week)
        chart = funnel_png(week)
        try:
            posted = self._deliver(item.team_id, batch, message, where)
        except SlackApiError as failure:
            self._give_back(batch, str(failure.response.get("error") or "unknown"), now, report)
            return
        except OSError as failure:
            # As for nudges: left "sending", the next run looks in the channel first.
            logger.warning("digest %s: no answer from Slack (%s)", item.nudge_id, failure)
            report.failed += 1
            return
        self._record(batch, posted["channel"], posted["ts"], now, report)
        self._upload_chart(posted["channel"], posted["ts"], chart, item.nudge_id)

    def _upload_chart(self, channel: str, digest_ts: str, png: bytes, nudge_id: int) -> None:
        """The funnel chart in the digest's thread. The digest is already recorded as
        posted, so a failure here costs the picture, never a second digest."""
        self._pace(channel)
        try:
            self.client.files_upload_v2(
                channel=channel,
                thread_ts=digest_ts,
                file=png,
                filename="cohort-funnel.png",
                title="The cohort's funnel this week",
                alt_txt="Bar chart: asks sent, replies, meetings held and referrals this week",
            )
        except (SlackApiError, SlackRequestError, OSError) as failure:
            logger.warning("digest %s: chart not uploaded (%s)", nudge_id, failure)

    def _post(
        self,
        channel: str,
        message: Message,
        *,
        keys: Sequence[str],
        event: str,
        thread_ts: str | None = None,
    ) -> Any:
        self._pace(channel)
        return self.client.chat_postMessage(
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            thread_ts=thread_ts,
            metadata={"event_type": event, "event_payload": nudge_payload(keys)},
        )

    def _pace(self, channel: str) -> None:
        """At most one message per second per channel, as Slack asks."""
        last = self._last_post.get(channel)
        now = time.monotonic()
        if last is not None and now - last < self.pace_seconds:
            self.sleep(self.pace_seconds - (now - last))
        self._last_post[channel] = time.monotonic()

    def _dm(self, user_id: str) -> str:
        return self.client.conversations_open(users=user_id)["channel"]["id"]

    def _record(
        self,
        batch: _Batch,
        channel: str,
        ts: str,
        now: datetime,
        report: Report,
        *,
        recovered: bool = False,
    ) -> None:
        with self.db.session() as session:
            outbox.mark_posted(session=session, ids=batch.ids, channel=channel, ts=ts, now=now)
            if batch.items[0].kind != NudgeKind.WEEKLY_DIGEST:  # the cohort's, not the member's
                owner = Owner(batch.items[0].team_id, batch.user_id)
                posted.record_message(
                    session=session, owner=owner, channel_id=channel, ts=ts, now=now
                )
            parked = [
                i.contact_id for i in batch.items if i.kind == NudgeKind.PARK and i.contact_id
            ]
            outbox.park_contacts(session=session, contact_ids=parked, now=now)
            outbox.plan_next_keep_in_touch(session=session, items=batch.items, now=now)
            digest.plan_next(session=session, items=batch.items, now=now)
        if recovered:
            report.recovered += len(batch.items)
        else:
            report.posted += len(batch.items)
            report.messages += 1

    def _give_back(self, batch: _Batch, error: str, now: datetime, report: Report) -> None:
        logger.warning("nudges %s not posted (%s); retrying later", batch.ids, error)
        with self.db.session() as session:
            outbox.release(
                session=session, ids=batch.ids, retry_at=now + RETRY_AFTER, error=error, now=now
            )
        report.failed += len(batch.items)

    def _report_channel_problem(self, team_id: str, error: str) -> None:
        logger.warning("cohort channel of %s refused the nudges: %s", team_id, error)
        with self.db.session() as session:
            note_channel_problem(session=session, team_id=team_id, problem=error)

    # -- after a crash -------------------------------------------------------------------

    def _recover(self, now: datetime, token: str, report: Report) -> None:
        """Rows left "sending" may have been posted before the crash: look before reposting."""
        with self.db.session() as session:
            since = outbox.earliest_stuck_claim(session=session, claimed_before=now - STUCK_AFTER)
            ids = outbox.claim_stuck(
                session=session, claimed_before=now - STUCK_AFTER, token=token, now=now
            )
            items = outbox.load_items(session=session, ids=ids)
        if since is not None:
            since -= LOOKBACK_MARGIN
        for team_id, team_items in groupby(items, key=lambda item: item.team_id):
            if not self._serve(team_id, now):
                continue
            with self.db.session() as session:
                channel = get_cohort(session=session, team_id=team_id).nudge_channel_id
            for user_id, group in groupby(team_items, key=lambda item: item.user_id):
                batch = _Batch(user_id, list(group))
                try:
                    places = [channel] if channel else []
                    places.append(self._dm(user_id))
                    for place in places:
                        keys = {i.dedupe_key for i in batch.items}
                        for ts, posted in self._find_posted(place, keys, since or now):
                            done = _Batch(
                                user_id, [i for i in batch.items if i.dedupe_key in posted]
                            )
                            self._record(done, place, ts, now, report, recovered=True)
                except (SlackApiError, OSError) as failure:
                    # Unsure whether they were posted: leave them for the next run.
                    logger.warning("could not check nudges %s: %s", batch.ids, failure)
                    with self.db.session() as session:
                        outbox.unclaim(session=session, ids=batch.ids)

    def _find_posted(
        self, channel: str, keys: set[str], since: datetime
    ) -> Iterable[tuple[str, set[str]]]:
        oldest = since.timestamp()
        history = self.client.conversations_history(
            channel=channel, oldest=f"{oldest:.6f}", include_all_metadata=True, limit=200
        )
        messages = list(history.get("messages") or [])
        for message in list(messages):
            if (message.get("metadata") or {}).get("event_type") == DIGEST_EVENT:
                replies = self.client.conversations_replies(
                    channel=channel, ts=message["ts"], include_all_metadata=True
                )
                messages += (replies.get("messages") or [])[1:]
        for message in messages:
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") != NUDGE_EVENT:
                continue
            posted = keys & keys_in_payload(metadata.get("event_payload"))
            if posted:
                yield message["ts"], posted


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
