"""dispatch_due(now): claim the due nudges, hold what falls in quiet hours, post the rest
once with each workspace's poster, record what was posted (the outbox plans what follows).
Recovery after a crash and the weekly digest have their own modules."""

import heapq
import itertools
import logging
import secrets
import threading
import time
import traceback
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import groupby

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from slackbot.blocks.messages import Message
from slackbot.blocks.nudges import digest_message
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
from slackbot.surfaces.rows import reminders_message

logger = logging.getLogger(__name__)

# Rows claimed at once (a slice of workspaces, at most this many).
BATCH = 300
# A run claims for CLAIM_FOR, then posts what it holds (the next minute's run claims the
# rest). What is still queued after HAND_BACK_AFTER (a channel Slack holds back) goes back
# to the queue: nothing of a live run stays "sending" until another dispatcher would take
# it for stuck (recovery.STUCK_AFTER, 30 minutes).
CLAIM_FOR = timedelta(minutes=5).total_seconds()
HAND_BACK_AFTER = timedelta(minutes=20).total_seconds()
RETRY_AFTER = timedelta(minutes=5)
# Threads posting to different channels side by side: each call mostly waits for Slack.
WORKERS = 16
# Workspaces claimed at a time: a run takes more while its workers have time to spare, so
# dispatchers started together share the workspaces out, each pacing its channels alone.
SLICE = 5
# After a claim found nothing, the next look for newly due rows, while the run goes on.
CLAIM_AGAIN = 10.0
RATE_LIMITED_TRIES = 5


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


class _Step(StrEnum):
    DIGEST = "digest"  # the digest of many, whose thread holds the members' messages
    MEMBER = "member"  # one member's reminders
    WEEKLY = "weekly"  # the weekly digest
    CHART = "chart"  # the weekly digest's chart, in its thread


@dataclass
class _Thread:
    ts: str | None = None  # the digest's, once posted


@dataclass(eq=False)
class _Job:
    """One message (or file) for a channel."""

    step: _Step
    items: list[DueItem] = field(default_factory=list)
    token: str = ""  # the claim's, of `items`
    privacy: PrivacyLevel = PrivacyLevel.COMPANY  # MEMBER: its message is drawn at submit
    message: Message | None = None
    thread: _Thread | None = None
    chart: Delivered | None = None  # CHART: the weekly digest it goes under
    png: bytes = b""
    refusals: int = 0  # 429s so far


@dataclass(eq=False)
class _Lane:
    """The jobs of one channel (or one member's DM), posted one at a time, paced."""

    key: tuple[str, str]
    poster: Poster
    channel: str | None  # None: the member's DM
    jobs: deque[_Job] = field(default_factory=deque)
    ready_at: float = 0.0
    busy: bool = False  # a job of its own is with Slack: the next waits for its answer


@dataclass
class _Outcome:
    delivered: Delivered | None = None
    failure: Exception | None = None
    refused_by: list[str] = field(default_factory=list)  # the channel's errors, for coaches
    answered_at: float = 0.0


class Dispatcher:
    def __init__(
        self,
        db: Database,
        client: WebClient | Callable[[str], WebClient | None],
        *,
        sleep: Callable[[float], object] | None = None,
        pace_seconds: float = 1.0,
        coaches: frozenset[str] = frozenset(),
        workers: int = WORKERS,
    ) -> None:
        """`client` posts for every workspace, or (OAuth) gives each workspace's client, and
        None for one that uninstalled the app: its nudges are stopped. `workers` threads
        post to different channels side by side; `sleep` waits between posts when none is
        in flight (a sleep that returns at once, in tests, moves the pacing clock on)."""
        self.db = db
        self._client_for = (lambda _team: client) if isinstance(client, WebClient) else client
        self.stopping = threading.Event()
        # Pauses between posts end early when the process is asked to stop.
        self.sleep = sleep or self.stopping.wait
        self._sleep_is_real = sleep is None
        self._skipped = 0.0
        self.pace_seconds = pace_seconds
        self.coaches = coaches  # COHORT_ADMINS: left out of the digest unless they log
        self.workers = workers
        self._last_post: dict[tuple[str, str], float] = {}  # lane -> when Slack last answered

    def dispatch_due(self, now: datetime) -> Report:
        """Claim slices of workspaces while there are workers to spare, post each channel's
        messages in order and paced, channels side by side; record each message as Slack
        answers. New rows falling due while it runs are claimed too."""
        report = Report()
        token = secrets.token_hex(8)
        posters: dict[str, Poster | None] = {}

        def poster_for(team_id: str) -> Poster | None:
            if team_id not in posters:
                posters[team_id] = self._poster(team_id, now)
            return posters[team_id]

        report.recovered += recover(self.db, poster_for, now, token)
        started, begun = time.monotonic(), self._clock()
        lanes: dict[tuple[str, str], _Lane] = {}
        waiting: list[tuple[float, int, _Lane]] = []  # lanes with jobs, by when they may post
        order = itertools.count()
        in_flight: dict[Future[_Outcome], tuple[_Lane, _Job]] = {}

        def queue(lane: _Lane) -> None:
            # A busy lane is queued once its job settles: one post per channel at a time.
            if lane.jobs and not lane.busy:
                heapq.heappush(waiting, (lane.ready_at, next(order), lane))

        exhausted, claim_at = False, 0.0
        try:
            with ThreadPoolExecutor(self.workers, thread_name_prefix="nudges") as pool:
                while True:
                    age = self._clock() - begun
                    if (self.stopping.is_set() or age >= HAND_BACK_AFTER) and waiting:
                        # Busy lanes' jobs follow once their post settles and they queue.
                        self._hand_back(_queued(lane for _, _, lane in waiting), now, report)
                        waiting.clear()
                    claiming = not self.stopping.is_set() and age < CLAIM_FOR
                    free = self.workers - len(in_flight)
                    one_ready = bool(waiting) and waiting[0][0] <= self._clock()
                    if claiming and free and not one_ready and time.monotonic() >= claim_at:
                        # The run's instant moves on: what falls due meanwhile is not left
                        # behind.
                        at = now + timedelta(seconds=time.monotonic() - started)
                        claimed, fresh = self._claim(at, token, poster_for, lanes, report)
                        token = secrets.token_hex(8)  # the next slice's rows apart from these
                        exhausted = not claimed
                        claim_at = time.monotonic() + CLAIM_AGAIN if exhausted else 0.0
                        for lane in fresh:
                            queue(lane)
                        continue
                    while free and waiting and waiting[0][0] <= self._clock():
                        lane = heapq.heappop(waiting)[2]
                        job = lane.jobs[0]  # still queued should preparing it fail
                        ready = self._prepare(lane, job, now, report)
                        lane.jobs.popleft()
                        if not ready:
                            queue(lane)
                            continue
                        lane.busy = True
                        in_flight[pool.submit(self._post, lane, job)] = (lane, job)
                        free -= 1
                    if not in_flight and not waiting:
                        if exhausted or not claiming:
                            break
                        continue
                    # Never past the hand-back: a lane Slack holds back is not waited out.
                    until_hand_back = begun + HAND_BACK_AFTER - self._clock()
                    if not in_flight:
                        self._pause(min(waiting[0][0] - self._clock(), until_hand_back))
                        continue
                    timeout = None
                    if free and waiting:
                        timeout = max(0.0, min(waiting[0][0] - self._clock(), until_hand_back))
                    if free and claiming and not exhausted:
                        timeout = min(timeout or CLAIM_AGAIN, max(0.0, claim_at - time.monotonic()))
                    done, _ = wait(in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
                    posted: list[tuple[list[DueItem], Delivered]] = []
                    settled = []
                    for future in done:
                        lane, job = in_flight.pop(future)
                        lane.busy = False
                        self._settle(lane, job, future.result(), posted, now, report)
                        settled.append(lane)
                    if posted:
                        # One transaction for what Slack took meanwhile: a database error
                        # goes up (recovery finds these messages in their channels).
                        self._record(posted, now, report)
                    for lane in settled:
                        queue(lane)
        except Exception:
            # The database failed: what no worker took goes back to the queue now rather
            # than wait STUCK_AFTER for recovery.
            self._hand_back_after_failure(_queued(lanes.values()), now)
            raise
        return report

    def stop(self) -> None:
        """Finish the messages being posted, hand the rest back to the queue, and return."""
        self.stopping.set()

    # -- pacing --------------------------------------------------------------------------

    def _clock(self) -> float:
        return time.monotonic() + self._skipped

    def _pause(self, seconds: float) -> None:
        if seconds <= 0:
            return
        started = time.monotonic()
        self.sleep(seconds)
        if not self._sleep_is_real:
            self._skipped += max(0.0, seconds - (time.monotonic() - started))

    # -- claiming ------------------------------------------------------------------------

    def _claim(
        self,
        at: datetime,
        token: str,
        poster_for: Callable[[str], Poster | None],
        lanes: dict[tuple[str, str], _Lane],
        report: Report,
    ) -> tuple[int, list[_Lane]]:
        """A slice of workspaces claimed (how many rows) and planned into lanes (those
        that had no jobs waiting)."""
        with self.db.session() as session:
            ids = outbox.claim_due(
                session=session, now=at, limit=BATCH, token=token, workspaces=SLICE
            )
            if not ids:
                return 0, []
            items = outbox.load_items(session=session, ids=ids)
            places = destinations(session, items)
        fresh: list[_Lane] = []
        for team_id, grouped in groupby(items, key=lambda item: item.team_id):
            poster = poster_for(team_id)
            if poster is None:
                continue
            where = places[team_id]
            nudges, digests = [], []
            for item in grouped:
                (digests if item.kind == NudgeKind.WEEKLY_DIGEST else nudges).append(item)
            ready = self._hold_until_a_good_time(nudges, where, at, report)
            jobs = self._member_jobs(ready, where)
            # At the coach's chosen time: no quiet hours.
            jobs += [(item.user_id, _Job(_Step.WEEKLY, [item])) for item in digests]
            for user_id, job in jobs:
                job.token = token
                key = (team_id, where.channel or f"@{user_id}")
                lane = lanes.get(key)
                if lane is None:
                    last = self._last_post.get(key)
                    lane = lanes[key] = _Lane(key, poster, where.channel)
                    lane.ready_at = last + self.pace_seconds if last is not None else 0.0
                if not lane.jobs and not lane.busy:
                    fresh.append(lane)
                lane.jobs.append(job)
        return len(items), fresh

    def _member_jobs(self, items: list[DueItem], where: Destination) -> list[tuple[str, _Job]]:
        """Each member's message; many at once in a channel go in a digest's thread."""
        batches = [list(group) for _, group in groupby(items, key=lambda item: item.user_id)]
        jobs: list[tuple[str, _Job]] = []
        thread = None
        if where.channel and len(batches) > DIGEST_ABOVE:
            thread = _Thread()
            digest = digest_message([(batch[0].user_id, len(batch)) for batch in batches])
            jobs.append(("", _Job(_Step.DIGEST, message=digest, thread=thread)))
        for batch in batches:
            job = _Job(_Step.MEMBER, batch, privacy=where.privacy, thread=thread)
            jobs.append((batch[0].user_id, job))
        return jobs

    def _hand_back(self, ids: Sequence[int], now: datetime, report: Report) -> None:
        """Queued rows back to the queue, due at once, unposted."""
        if ids:
            with self.db.session() as session:
                outbox.release(session=session, ids=ids, retry_at=now, error=None, now=now)
            report.released += len(ids)

    def _hand_back_after_failure(self, ids: Sequence[int], now: datetime) -> None:
        try:
            self._hand_back(ids, now, Report())
        except Exception as failure:  # best effort: recovery takes them after STUCK_AFTER
            logger.error(
                "nudges %s left sending: %s at %s", ids, type(failure).__name__, _origin(failure)
            )

    def _poster(self, team_id: str, now: datetime) -> Poster | None:
        """The workspace's poster; None (its nudges stopped) once uninstalled."""
        client = self._client_for(team_id)
        if client is None:
            with self.db.session() as session:
                stopped = stop_team_nudges(session=session, team_id=team_id, now=now)
            logger.warning("workspace %s is not installed: %d nudges stopped", team_id, stopped)
            return None
        return Poster(team_id, client)

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

    # -- before posting (in the run's thread) ------------------------------------------

    def _prepare(self, lane: _Lane, job: _Job, now: datetime, report: Report) -> bool:
        """Just before a worker takes `job`: its rows still ours (a reminder settled or
        taken over meanwhile is dropped) and its message drawn from them. False: nothing
        is left to post."""
        if job.items:
            with self.db.read_only() as session:
                ours = outbox.still_claimed(
                    session=session, ids=[item.nudge_id for item in job.items], token=job.token
                )
            job.items = [item for item in job.items if item.nudge_id in ours]
            if not job.items:
                return False
        if job.step == _Step.MEMBER:
            job.message = reminders_message(job.items, job.privacy, now)
        elif job.step == _Step.WEEKLY:
            try:
                week = weekly_digest.compose(self.db, lane.poster.team_id, now, self.coaches)
            except SQLAlchemyError:
                raise  # the run's failure: handed back with the rest
            except Exception as failure:  # a bug in drawing it: this digest only waits
                ids = [item.nudge_id for item in job.items]
                logger.error(
                    "digest %s not drawn: %s at %s", ids, type(failure).__name__, _origin(failure)
                )
                self._give_back(job.items, "unexpected", now, report)
                return False
            job.message, job.png = week.message, week.chart
        return True

    # -- posting (in a worker thread: Slack only, no database) ----------------------------

    def _post(self, lane: _Lane, job: _Job) -> _Outcome:
        outcome = _Outcome()
        try:
            if job.step == _Step.CHART:
                assert job.chart is not None
                weekly_digest.upload_chart(lane.poster, job.chart.channel, job.chart.ts, job.png)
            elif job.step == _Step.DIGEST:
                assert lane.channel is not None and job.message is not None
                outcome.delivered = lane.poster.post(
                    lane.channel, job.message, keys=[], event=DIGEST_EVENT
                )
            else:
                assert job.message is not None
                outcome.delivered = lane.poster.deliver(
                    lane.channel,
                    job.items[0].user_id,
                    job.message,
                    keys=[item.dedupe_key for item in job.items],
                    refused=outcome.refused_by.append,
                    thread_ts=job.thread.ts if job.thread else None,
                )
        except Exception as failure:  # settled by the run: one job's trouble stops no other
            outcome.failure = failure
        outcome.answered_at = self._clock()
        return outcome

    # -- what Slack answered (in the run's thread: every database write is here) ----------

    def _settle(
        self,
        lane: _Lane,
        job: _Job,
        outcome: _Outcome,
        posted: list[tuple[list[DueItem], Delivered]],
        now: datetime,
        report: Report,
    ) -> None:
        """Slack's answer to a job: what was posted goes to `posted`, to record."""
        # Paced from Slack's answer: by then Slack has counted the message.
        self._last_post[lane.key] = outcome.answered_at
        lane.ready_at = outcome.answered_at + self.pace_seconds
        for error in outcome.refused_by:
            self._report_channel_problem(lane.poster.team_id, error)
        failure, delivered = outcome.failure, outcome.delivered
        if failure is None:
            if job.step == _Step.DIGEST:
                assert job.thread is not None and delivered is not None
                job.thread.ts = delivered.ts
            elif delivered is not None:
                posted.append((job.items, delivered))
                if job.step == _Step.WEEKLY:  # its chart, next in its channel
                    lane.jobs.appendleft(_Job(_Step.CHART, chart=delivered, png=job.png))
            return
        ids = [item.nudge_id for item in job.items]
        retry_after = _retry_after(failure)
        if retry_after is not None and job.refusals < RATE_LIMITED_TRIES:
            # Slack's rate limit: this channel waits as long as Slack asks; others go on.
            job.refusals += 1
            lane.ready_at = outcome.answered_at + retry_after
            lane.jobs.appendleft(job)
        elif job.step == _Step.DIGEST:
            # Without the digest, each member's message still goes to the channel.
            logger.warning("digest not posted in %s: %s", lane.channel, _error_of(failure))
        elif isinstance(failure, SlackApiError):
            self._give_back(job.items, _error_of(failure), now, report)
        elif isinstance(failure, OSError):
            # A timeout or a dropped connection: Slack may have posted it. The rows stay
            # "sending", so the next run after STUCK_AFTER looks in the channel first.
            logger.warning("nudges %s: no answer from Slack (%s)", ids, failure)
            report.failed += len(job.items)
        else:
            # Logged with ids only: an error's text may quote what a member wrote.
            logger.error(
                "nudges %s not posted: %s at %s", ids, type(failure).__name__, _origin(failure)
            )
            self._give_back(job.items, "unexpected", now, report)

    def _record(
        self, posted: list[tuple[list[DueItem], Delivered]], now: datetime, report: Report
    ) -> None:
        with self.db.session() as session:
            for items, delivered in posted:
                outbox.record_posted(
                    session=session,
                    items=items,
                    channel=delivered.channel,
                    ts=delivered.ts,
                    now=now,
                )
        report.posted += sum(len(items) for items, _ in posted)
        report.messages += len(posted)

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


def _queued(lanes: Iterable[_Lane]) -> list[int]:
    """The ids of the lanes' jobs that no worker has taken (emptying the lanes)."""
    ids = []
    for lane in lanes:
        ids += [item.nudge_id for job in lane.jobs for item in job.items]
        lane.jobs.clear()
    return ids


def _error_of(failure: SlackApiError | Exception) -> str:
    if isinstance(failure, SlackApiError):
        return str(failure.response.get("error") or "unknown")
    return type(failure).__name__


def _retry_after(failure: Exception) -> float | None:
    """Slack's Retry-After, in seconds, for a 429; None for any other failure."""
    if not (isinstance(failure, SlackApiError) and failure.response.status_code == 429):
        return None
    headers = {name.lower(): value for name, value in (failure.response.headers or {}).items()}
    value = headers.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return float(value) if value is not None else 1.0
    except ValueError:
        return 1.0


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
