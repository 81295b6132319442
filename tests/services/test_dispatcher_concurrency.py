"""The dispatcher posts different channels side by side (issue #20), and what held one
message at a time still holds: each nudge once, Retry-After for its channel only, SIGTERM
handing back what was not posted, a crash recovered without doubles."""

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from slackbot.db import Database
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.domain.nudges import keys_in_payload
from slackbot.models import Contact, Nudge
from slackbot.nudges.dispatcher import Dispatcher
from slackbot.services import drafts, outbox
from slackbot.services.cohorts import get_cohort
from slackbot.services.members import Owner, owned
from tests.cohort_seed import seed_cohort
from tests.conftest import TEAM
from tests.services.test_dispatcher import _ask
from tests.services.test_weekly_digest import FRIDAY, FRIDAY_4PM_NEW_YORK, _schedule

MONDAY_9AM = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the follow-ups' second-contact step
TEAMS = {"T0NORTH": "C0NORTH", "T0SOUTH": "C0SOUTH"}
MEMBERS = 3  # per workspace: each gets a message of their own (no digest of many)


@pytest.fixture
def cohorts(db: Database, slack: SlackStandIn) -> None:
    """Two workspaces, each with its channel and three members due on Monday at 9."""
    for team_id, channel in TEAMS.items():
        for n in range(MEMBERS):
            user_id = f"U{team_id[2:]}{n}"
            slack.add_user(user_id, user_id, tz="UTC")
            _ask(db, user_id, "UTC", name=f"Contact {n}", team_id=team_id)
        with db.session() as session:
            get_cohort(session=session, team_id=team_id).nudge_channel_id = channel


def _posts(slack: SlackStandIn) -> list[Any]:
    return [m for m in slack.messages() if m.via == "chat.postMessage" and m.metadata]


def _posted_keys(slack: SlackStandIn) -> Counter[str]:
    return Counter(
        key for m in _posts(slack) for key in keys_in_payload(m.metadata["event_payload"])
    )


def _due_keys(db: Database) -> set[str]:
    with db.session() as session:
        return set(session.scalars(select(Nudge.dedupe_key).where(Nudge.kind == "second_contact")))


def _states(db: Database) -> dict[str, int]:
    with db.session() as session:
        rows = session.execute(
            select(Nudge.state, func.count())
            .where(Nudge.kind == "second_contact")
            .group_by(Nudge.state)
        )
        return dict(rows.all())


class _Client(WebClient):
    """The stand-in's client, with a hook on each post (after Slack's answer)."""

    def __init__(self, slack: SlackStandIn, before: Any = None, after: Any = None) -> None:
        super().__init__(token=slack.token, base_url=slack.api_url)
        self.before, self.after = before, after

    def chat_postMessage(self, **kwargs: Any) -> Any:  # noqa: N802 (slack_sdk's name)
        if self.before:
            self.before(kwargs)
        answer = super().chat_postMessage(**kwargs)
        if self.after:
            self.after(kwargs)
        return answer


@pytest.mark.usefixtures("cohorts")
def test_two_channels_are_posted_side_by_side_each_paced(db: Database, slack: SlackStandIn) -> None:
    # The first post of each channel waits for the other's: one at a time, this would
    # break the barrier instead.
    together = threading.Barrier(2, timeout=10)
    firsts: set[str] = set()

    def meet(kwargs: dict[str, Any]) -> None:
        if kwargs["channel"] not in firsts:
            firsts.add(kwargs["channel"])
            together.wait()

    sleeps: list[float] = []
    dispatcher = Dispatcher(db, lambda _team: _Client(slack, before=meet), sleep=sleeps.append)
    report = dispatcher.dispatch_due(MONDAY_9AM)

    assert (report.posted, report.messages, report.failed) == (6, 6, 0)
    assert _posted_keys(slack) == Counter(dict.fromkeys(_due_keys(db), 1))
    channels = [m.channel for m in _posts(slack)]
    # Interleaved: each channel's next message waits a second for that channel only.
    for pair in range(MEMBERS):
        assert set(channels[2 * pair : 2 * pair + 2]) == set(TEAMS.values())
    assert _states(db) == {"sent": 6}


@pytest.mark.usefixtures("cohorts")
def test_a_rate_limit_holds_its_channel_only(db: Database, slack: SlackStandIn) -> None:
    # A client that leaves 429s to the dispatcher (the app's retries them once itself).
    plain = WebClient(token=slack.token, base_url=slack.api_url)
    slack.fail_next("chat.postMessage", status=429, retry_after=30, about="C0NORTH")
    report = Dispatcher(db, plain, sleep=lambda _: None).dispatch_due(MONDAY_9AM)

    assert (report.posted, report.failed) == (6, 0)
    assert _posted_keys(slack) == Counter(dict.fromkeys(_due_keys(db), 1))
    channels = [m.channel for m in _posts(slack)]
    # The south channel went on while the north one waited its 30 seconds.
    assert channels == ["C0SOUTH"] * MEMBERS + ["C0NORTH"] * MEMBERS
    north_calls = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "C0NORTH"]
    assert len(north_calls) == MEMBERS + 1  # refused once, then each posted once


@pytest.mark.usefixtures("cohorts")
def test_sigterm_mid_run_hands_back_what_was_not_posted(db: Database, slack: SlackStandIn) -> None:
    dispatcher: Dispatcher

    def stop_after_two(_: dict[str, Any]) -> None:
        if len(_posts(slack)) >= 2:
            dispatcher.stop()

    dispatcher = Dispatcher(
        db, lambda _team: _Client(slack, after=stop_after_two), sleep=lambda _: None
    )
    report = dispatcher.dispatch_due(MONDAY_9AM)

    # What was in flight was posted and recorded; the rest is due again, nothing "sending".
    assert report.posted == len(_posts(slack)) >= 2
    assert report.released == 6 - report.posted
    assert _states(db) == {"sent": report.posted, "pending": report.released}
    later = Dispatcher(
        db, WebClient(token=slack.token, base_url=slack.api_url), sleep=lambda _: None
    )
    assert later.dispatch_due(MONDAY_9AM + timedelta(minutes=1)).posted == report.released
    assert _posted_keys(slack) == Counter(dict.fromkeys(_due_keys(db), 1))


class CrashOnTheThirdRecord(Dispatcher):
    """Killed between Slack's answer and the database write of the third message, with
    other channels' posts in flight."""

    records = 0

    def _record(self, posted: list[Any], *args: Any) -> None:
        room = 2 - self.records  # recorded before the kill
        super()._record(posted[:room], *args)
        self.records += min(room, len(posted))
        if len(posted) > room:
            raise SystemExit("killed")


@pytest.mark.usefixtures("cohorts")
def test_a_crash_mid_run_is_recovered_without_doubles(
    db: Database, slack: SlackStandIn, client: WebClient
) -> None:
    with pytest.raises(SystemExit):
        CrashOnTheThirdRecord(db, client, sleep=lambda _: None).dispatch_due(MONDAY_9AM)
    posted_before = len(_posts(slack))
    assert _states(db)["sent"] == 2 and _states(db)["sending"] == 4
    assert posted_before >= 3  # the third, and any in flight, reached Slack unrecorded

    report = Dispatcher(db, client, sleep=lambda _: None).dispatch_due(
        MONDAY_9AM + timedelta(minutes=31)
    )
    assert report.recovered == posted_before - 2
    assert report.posted == 6 - posted_before
    assert _posted_keys(slack) == Counter(dict.fromkeys(_due_keys(db), 1))
    assert _states(db) == {"sent": 6}


def test_dispatchers_started_together_share_the_workspaces_out(
    db: Database, slack: SlackStandIn
) -> None:
    """Each workspace's channel is paced by one dispatcher alone: its rows all go to one."""
    teams = {f"T0TEAM{n}": f"C0TEAM{n}" for n in range(8)}
    for team_id, channel in teams.items():
        for n in range(2):
            user_id = f"U{team_id[2:]}{n}"
            slack.add_user(user_id, user_id, tz="UTC")
            _ask(db, user_id, "UTC", name=f"Contact {n}", team_id=team_id)
        with db.session() as session:
            get_cohort(session=session, team_id=team_id).nudge_channel_id = channel
    posters: dict[str, set[int]] = {channel: set() for channel in teams.values()}
    barrier = threading.Barrier(2)

    def run(number: int) -> None:
        def note(kwargs: dict[str, Any]) -> None:
            posters[kwargs["channel"]].add(number)

        dispatcher = Dispatcher(
            Database(db.url), lambda _team: _Client(slack, before=note), sleep=lambda _: None
        )
        barrier.wait()
        dispatcher.dispatch_due(MONDAY_9AM)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(len(numbers) == 1 for numbers in posters.values())
    assert _posted_keys(slack) == Counter(dict.fromkeys(_due_keys(db), 1))


class _ClaimsWatched(Dispatcher):
    """Tells when a claim found nothing more: every due row is planned into its lane."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.claimed_all = threading.Event()

    def _claim(self, *args: Any) -> Any:
        claimed, fresh = super()._claim(*args)
        if not claimed:
            self.claimed_all.set()
        return claimed, fresh


@pytest.mark.usefixtures("cohorts")
def test_a_channel_gets_one_post_at_a_time_while_claims_go_on(
    db: Database, slack: SlackStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One row a claim: the later ones join a lane whose only job is with Slack.
    monkeypatch.setattr("slackbot.nudges.dispatcher.BATCH", 1)
    lock = threading.Lock()
    posting: Counter[str] = Counter()
    most: Counter[str] = Counter()
    dispatcher: _ClaimsWatched

    def enter(kwargs: dict[str, Any]) -> None:
        with lock:
            posting[kwargs["channel"]] += 1
            most[kwargs["channel"]] = max(most[kwargs["channel"]], posting[kwargs["channel"]])
        # The first posts wait for the claims behind them (bounded, should it never come).
        dispatcher.claimed_all.wait(timeout=30)

    def leave(kwargs: dict[str, Any]) -> None:
        with lock:
            posting[kwargs["channel"]] -= 1

    dispatcher = _ClaimsWatched(
        db, lambda _team: _Client(slack, before=enter, after=leave), sleep=lambda _: None
    )
    report = dispatcher.dispatch_due(MONDAY_9AM)

    assert report.posted == 6
    assert most == Counter(dict.fromkeys(TEAMS.values(), 1))
    assert _posted_keys(slack) == Counter(dict.fromkeys(_due_keys(db), 1))
    assert _states(db) == {"sent": 6}


@pytest.mark.usefixtures("cohorts")
def test_a_channel_held_back_long_hands_its_rows_back_before_they_look_stuck(
    db: Database, slack: SlackStandIn
) -> None:
    # Slack holds the north channel back for 30 minutes: waited out, its rows would stay
    # "sending" until another dispatcher's recovery took them (STUCK_AFTER) and posted them.
    plain = WebClient(token=slack.token, base_url=slack.api_url)
    slack.fail_next("chat.postMessage", status=429, retry_after=30 * 60, about="C0NORTH")
    sleeps: list[float] = []
    report = Dispatcher(db, plain, sleep=sleeps.append).dispatch_due(MONDAY_9AM)

    assert (report.posted, report.released) == (MEMBERS, MEMBERS)
    assert {m.channel for m in _posts(slack)} == {"C0SOUTH"}
    assert sum(sleeps) < 30 * 60
    assert _states(db) == {"sent": MEMBERS, "pending": MEMBERS}
    later = Dispatcher(db, plain, sleep=lambda _: None)
    assert later.dispatch_due(MONDAY_9AM + timedelta(minutes=21)).posted == MEMBERS
    assert _posted_keys(slack) == Counter(dict.fromkeys(_due_keys(db), 1))


class DatabaseDownOnTheFirstRecord(Dispatcher):
    def _record(self, posted: list[Any], *args: Any) -> None:
        raise OperationalError("UPDATE nudges", {}, Exception("the database went away"))


@pytest.mark.usefixtures("cohorts")
def test_a_database_failure_mid_run_hands_back_what_was_queued(
    db: Database, slack: SlackStandIn, client: WebClient
) -> None:
    dispatcher = DatabaseDownOnTheFirstRecord(db, client, sleep=lambda _: None)
    with pytest.raises(OperationalError):
        dispatcher.dispatch_due(MONDAY_9AM)

    # What reached Slack stays "sending", for recovery to find; the rest is due again now.
    in_slack = set(_posted_keys(slack))
    with db.session() as session:
        sending = set(session.scalars(select(Nudge.dedupe_key).where(Nudge.state == "sending")))
    assert sending == in_slack
    assert _states(db) == {"sending": len(in_slack), "pending": 2 * MEMBERS - len(in_slack)}
    later = Dispatcher(db, client, sleep=lambda _: None)
    assert later.dispatch_due(MONDAY_9AM + timedelta(minutes=1)).posted == 6 - len(in_slack)


def test_workers_only_call_slack_the_weekly_digest_is_read_in_the_runs_thread(
    db: Database, client: WebClient, slack: SlackStandIn
) -> None:
    with db.session() as session:
        seed_cohort(session)
        cohort = get_cohort(session=session, team_id=TEAM)
        cohort.nudge_channel_id, cohort.timezone = "C0COHORT", "America/New_York"
    _schedule(db, FRIDAY)
    readers: set[str] = set()

    def note(*_: Any) -> None:
        readers.add(threading.current_thread().name)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        report = Dispatcher(db, client, sleep=lambda _: None).dispatch_due(FRIDAY_4PM_NEW_YORK)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)

    assert report.posted == 1 and len(slack.shared_files(channel="C0COHORT")) == 1
    assert readers == {threading.current_thread().name}


class TheyReplyWhileItIsClaimed(Dispatcher):
    """A member clicks "They replied" on a reminder just after the run claimed it."""

    replied: str = ""  # its dedupe key

    def _claim(self, *args: Any) -> Any:
        claimed, fresh = super()._claim(*args)
        if claimed and not self.replied:
            owner = Owner("T0NORTH", "UNORTH0")
            with self.db.session() as session:
                mine = owned(Nudge, owner).where(Nudge.kind == "second_contact")
                nudge = session.scalars(mine).one()
                drafts.record_reply_from_nudge(
                    session=session, owner=owner, nudge_id=nudge.id, now=MONDAY_9AM
                )
                self.replied = nudge.dedupe_key
        return claimed, fresh


@pytest.mark.usefixtures("cohorts")
def test_a_reminder_settled_after_the_claim_is_not_posted(
    db: Database, slack: SlackStandIn, client: WebClient
) -> None:
    dispatcher = TheyReplyWhileItIsClaimed(db, client, sleep=lambda _: None)
    report = dispatcher.dispatch_due(MONDAY_9AM)

    assert report.posted == 5
    assert _posted_keys(slack) == Counter(dict.fromkeys(_due_keys(db) - {dispatcher.replied}, 1))
    assert _states(db) == {"sent": 5, "cancelled": 1}


def test_a_contact_who_replied_while_the_last_reminder_was_posted_is_not_parked(
    db: Database,
) -> None:
    _ask(db, "ULEE", "UTC")
    owner = Owner(TEAM, "ULEE")
    with db.session() as session:
        park = session.scalars(select(Nudge).where(Nudge.kind == "park")).one()
        [item] = outbox.load_items(session=session, ids=[park.id])
        assert park.contact_id is not None and park.due_at is not None
        drafts.record_reply(
            session=session, owner=owner, contact_id=park.contact_id, now=park.due_at
        )
    with db.session() as session:
        outbox.record_posted(session=session, items=[item], channel="C0", ts="1.0", now=park.due_at)
        assert session.get(Contact, park.contact_id).parked_at is None  # type: ignore[union-attr]
