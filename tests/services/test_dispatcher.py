"""The nudge dispatcher against the database and the Slack stand-in: once, on time, in place."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import func, select

from slackbot.db import Database
from slackbot.devtools.factories import ask_answers
from slackbot.devtools.slack_standin import SlackStandIn, dm_channel
from slackbot.domain.ask_form import AskRequest
from slackbot.domain.contacts import ContactDetails
from slackbot.domain.nudges import keys_in_payload, nudge_payload
from slackbot.models import Contact, Nudge
from slackbot.nudges.dispatcher import Dispatcher, describe_due
from slackbot.services import drafts, members
from slackbot.services.cohorts import get_cohort
from slackbot.services.members import Owner
from tests.conftest import TEAM

CHANNEL = "C0COHORT"
SENT = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)  # Wednesday
MEMBERS = {
    "ULEEANA": "America/Los_Angeles",
    "UKIRAN": "Asia/Kolkata",
    "UALICE": "Europe/Paris",
}


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def dispatcher(db: Database, client: WebClient, sleeps: list[float]) -> Dispatcher:
    return Dispatcher(db, client, sleep=sleeps.append)


def _set_channel(db: Database, channel: str | None, privacy: str = "company") -> None:
    with db.session() as session:
        cohort = get_cohort(session=session, team_id=TEAM)
        cohort.nudge_channel_id, cohort.privacy_level = channel, privacy


def _ask(
    db: Database,
    user_id: str,
    tz: str,
    name: str = "Jane Doe",
    company: str = "Acme",
    *,
    team_id: str = TEAM,
) -> None:
    """The member sent an ask: the follow-up clock holds pending nudges."""
    owner = Owner(team_id, user_id)
    with db.session() as session:
        members.save_profile(
            session=session, owner=owner, display_name=None, tz=tz, is_admin=False, now=SENT
        )
        draft = drafts.create_ask_draft(
            session=session,
            owner=owner,
            request=AskRequest(
                contact_id=None,
                new_contact=ContactDetails(name=name, company=company),
                answers=ask_answers(),
            ),
            now=SENT,
        )
        drafts.mark_sent(session=session, owner=owner, draft_id=draft.id, now=SENT, tz_name=tz)


def _lee_asks_jane(db: Database, slack: SlackStandIn) -> None:
    """Lee, in Los Angeles, sent an ask on Wednesday; the cohort channel is set."""
    _set_channel(db, CHANNEL)
    slack.add_user("ULEEANA", "Lee", tz="America/Los_Angeles")
    _ask(db, "ULEEANA", "America/Los_Angeles")


def _members_ask(db: Database, slack: SlackStandIn, zones: dict[str, str]) -> None:
    """Each member (user id: zone) sent an ask on Wednesday; the cohort channel is set."""
    _set_channel(db, CHANNEL)
    for user_id, tz in zones.items():
        slack.add_user(user_id, user_id.title(), tz=tz)
        _ask(db, user_id, tz)


def _posts(slack: SlackStandIn) -> list:
    return [m for m in slack.messages() if m.via == "chat.postMessage"]


def _states(db: Database) -> dict[str, int]:
    with db.session() as session:
        rows = session.execute(select(Nudge.state, func.count()).group_by(Nudge.state))
        return dict(rows.all())


def test_a_month_of_dispatches_posts_each_nudge_once_at_local_nine(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher
) -> None:
    _members_ask(db, slack, MEMBERS)
    instant = SENT
    seen: dict[str, datetime] = {}
    while instant < SENT + timedelta(days=35):
        instant += timedelta(minutes=30)
        dispatcher.dispatch_due(instant)
        for message in _posts(slack):
            for key in keys_in_payload(message.metadata["event_payload"]):
                assert key not in seen or seen[key] == message.ts
                seen.setdefault(key, message.ts)
    assert len(seen) == 4 * len(MEMBERS)  # second contact, 2 follow-ups, park: each once
    assert _states(db) == {"sent": 12}
    with db.session() as session:
        parked = session.scalars(select(Contact.parked_at)).all()
        assert all(parked)  # after the last follow-up, every contact was parked
    # Each member's messages went to the cohort channel and mention them.
    for message in _posts(slack):
        assert message.channel == CHANNEL and message.text.startswith("Reminders for <@")


def test_nudges_arrive_at_nine_in_each_members_zone(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher
) -> None:
    _members_ask(db, slack, MEMBERS)
    monday = datetime(2026, 11, 23, tzinfo=UTC)
    posted_at: dict[str, datetime] = {}
    for minute in range(0, 24 * 60, 15):
        instant = monday + timedelta(minutes=minute)
        before = len(_posts(slack))
        dispatcher.dispatch_due(instant)
        for message in _posts(slack)[before:]:
            user = message.text.removeprefix("Reminders for <@").removesuffix(">")
            posted_at[user] = instant
    assert posted_at == {
        "UKIRAN": datetime(2026, 11, 23, 3, 30, tzinfo=UTC),  # 09:00 IST
        "UALICE": datetime(2026, 11, 23, 8, 0, tzinfo=UTC),  # 09:00 CET
        "ULEEANA": datetime(2026, 11, 23, 17, 0, tzinfo=UTC),  # 09:00 PST
    }


def test_without_a_channel_nudges_go_by_dm(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher
) -> None:
    slack.add_user("ULEEANA", "Lee", tz="America/Los_Angeles")
    _ask(db, "ULEEANA", "America/Los_Angeles")
    report = dispatcher.dispatch_due(datetime(2026, 11, 23, 17, 0, tzinfo=UTC))
    assert report.posted == 1
    [message] = _posts(slack)
    assert message.channel == dm_channel("ULEEANA")
    assert slack.calls_to("conversations.open")


@pytest.mark.parametrize(
    ("privacy", "shown", "hidden"),
    [
        ("full", ["Jane Doe", "Acme"], []),
        ("company", ["your contact at *Acme*"], ["Jane Doe"]),
        ("minimal", ["1 reminder due"], ["Jane Doe", "Acme"]),
    ],
)
def test_privacy_levels(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher, privacy, shown, hidden
) -> None:
    _set_channel(db, CHANNEL, privacy)
    slack.add_user("ULEEANA", "Lee", tz="America/Los_Angeles")
    _ask(db, "ULEEANA", "America/Los_Angeles")
    dispatcher.dispatch_due(datetime(2026, 11, 23, 17, 0, tzinfo=UTC))
    [message] = _posts(slack)
    text = str(message.blocks)
    assert all(part in text for part in shown)
    assert not any(part in text for part in hidden)


def test_a_rate_limit_is_honoured_and_nothing_is_doubled(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher
) -> None:
    _lee_asks_jane(db, slack)
    slack.fail_next("chat.postMessage", status=429, retry_after=1)
    report = dispatcher.dispatch_due(datetime(2026, 11, 23, 17, 0, tzinfo=UTC))
    assert report.posted == 1
    assert len(slack.calls_to("chat.postMessage")) == 2  # refused once, then posted
    assert len(_posts(slack)) == 1


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ({"status": 500}, "internal_error"),
        ({"status": 503}, "internal_error"),
        ({"error": "account_inactive"}, "account_inactive"),
        ({"error": "fatal_error"}, "fatal_error"),
    ],
)
def test_a_slack_error_keeps_the_nudge_for_the_next_run(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher, fault: dict, error: str
) -> None:
    _lee_asks_jane(db, slack)
    due = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    slack.fail_next("chat.postMessage", **fault)
    assert dispatcher.dispatch_due(due).failed == 1
    with db.session() as session:
        nudge = session.scalar(select(Nudge).where(Nudge.kind == "second_contact"))
        assert (nudge.state, nudge.last_error) == ("pending", error)
    assert dispatcher.dispatch_due(due + timedelta(minutes=1)).posted == 0  # waits to retry
    assert dispatcher.dispatch_due(due + timedelta(minutes=6)).posted == 1
    assert len(_posts(slack)) == 1


@pytest.mark.parametrize("refusal", ["not_in_channel", "channel_not_found", "is_archived"])
def test_a_channel_that_refuses_the_bot_falls_back_to_dm_and_tells_coaches(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher, refusal: str
) -> None:
    _lee_asks_jane(db, slack)
    slack.fail_next("chat.postMessage", error=refusal)
    assert dispatcher.dispatch_due(datetime(2026, 11, 23, 17, 0, tzinfo=UTC)).posted == 1
    [message] = _posts(slack)
    assert message.channel == dm_channel("ULEEANA")
    with db.session() as session:
        assert get_cohort(session=session, team_id=TEAM).channel_problem == refusal


class CrashAfterPosting(Dispatcher):
    """Dies between Slack's answer and the database write, like a killed process."""

    def _record(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        raise SystemExit("killed")


def _posted_then_killed(db: Database, slack: SlackStandIn, client: WebClient) -> datetime:
    """Lee's reminder reached the channel, and the dispatcher died before recording it."""
    _lee_asks_jane(db, slack)
    due = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    with pytest.raises(SystemExit):
        CrashAfterPosting(db, client, sleep=lambda _: None).dispatch_due(due)
    return due


def test_a_crash_between_posting_and_recording_is_not_posted_twice(
    db: Database, slack: SlackStandIn, client: WebClient, dispatcher: Dispatcher
) -> None:
    due = _posted_then_killed(db, slack, client)
    assert len(_posts(slack)) == 1
    assert _states(db)["sending"] == 1
    assert dispatcher.dispatch_due(due + timedelta(minutes=20)).recovered == 0  # too early
    report = dispatcher.dispatch_due(due + timedelta(minutes=31))
    assert report.recovered == 1 and report.posted == 0
    assert len(_posts(slack)) == 1
    with db.session() as session:
        nudge = session.scalar(select(Nudge).where(Nudge.kind == "second_contact"))
        assert (nudge.state, nudge.message_ts) == ("sent", _posts(slack)[0].ts)


def test_recovery_finds_a_reminder_beyond_the_first_page_of_history(
    db: Database, slack: SlackStandIn, client: WebClient, dispatcher: Dispatcher
) -> None:
    """A busy channel since the crash: the reminder is on the second page of its history."""
    due = _posted_then_killed(db, slack, client)
    for n in range(250):
        client.chat_postMessage(channel=CHANNEL, text=f"Cohort chat {n}")

    report = dispatcher.dispatch_due(due + timedelta(minutes=31))
    assert report.recovered == 1 and report.posted == 0
    assert len([m for m in _posts(slack) if m.metadata]) == 1


def test_a_reminder_posted_with_the_old_metadata_shape_is_still_recognised(
    db: Database, slack: SlackStandIn, client: WebClient, dispatcher: Dispatcher
) -> None:
    """Posted by an older Parachute ({"keys": [...]}, an array of strings, which Slack's
    own types do not allow), then a crash: recovery still reads it."""
    due = _posted_then_killed(db, slack, client)
    [posted] = _posts(slack)
    [item] = posted.metadata["event_payload"]["nudges"]  # the shape within Slack's types
    posted.metadata = {**posted.metadata, "event_payload": {"keys": [item["key"]]}}

    report = dispatcher.dispatch_due(due + timedelta(minutes=31))
    assert report.recovered == 1 and report.posted == 0
    assert len(_posts(slack)) == 1


def test_the_standin_refuses_metadata_outside_slacks_types(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(
            channel="C0COHORT",
            text="x",
            metadata={"event_type": "parachute_nudge", "event_payload": {"keys": ["a", "b"]}},
        )
    assert refused.value.response["error"] == "invalid_metadata_schema"
    fine = {"event_type": "parachute_nudge", "event_payload": nudge_payload(["a", "b"])}
    assert client.chat_postMessage(channel="C0COHORT", text="x", metadata=fine)["ok"]


def test_a_crash_before_posting_is_posted_after_recovery(
    db: Database, slack: SlackStandIn, client: WebClient, dispatcher: Dispatcher
) -> None:
    _lee_asks_jane(db, slack)
    due = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    slack.fail_next("chat.postMessage", status=500, retry_after=None)
    with db.session() as session:  # claimed by a dispatcher that died before posting
        from slackbot.services import outbox

        outbox.claim_due(session=session, now=due, limit=10, token="dead")
    report = dispatcher.dispatch_due(due + timedelta(minutes=31))
    assert report.posted == 0 and report.failed == 1  # checked history, found none, tried
    assert dispatcher.dispatch_due(due + timedelta(minutes=40)).posted == 1
    assert len(_posts(slack)) == 1


def test_quiet_hours_hold_a_nudge_until_they_end(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher
) -> None:
    _lee_asks_jane(db, slack)
    with db.session() as session:
        cohort = get_cohort(session=session, team_id=TEAM)
        cohort.quiet_start_minute, cohort.quiet_end_minute = 8 * 60, 10 * 60
    report = dispatcher.dispatch_due(datetime(2026, 11, 23, 17, 0, tzinfo=UTC))  # 09:00 PST
    assert report.postponed == 1 and _posts(slack) == []
    with db.session() as session:
        due = session.scalar(select(Nudge.due_at).where(Nudge.kind == "second_contact"))
    assert due == datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # 10:00 PST
    assert dispatcher.dispatch_due(due).posted == 1


def test_many_members_at_once_get_one_digest_and_threaded_details_paced(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher, sleeps: list[float]
) -> None:
    users = [f"UMEMBER{n}" for n in range(8)]
    _members_ask(db, slack, dict.fromkeys(users, "UTC"))
    dispatcher.dispatch_due(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    digest, *details = _posts(slack)
    assert digest.thread_ts is None and all(
        f"<@{u}>" in digest.text + str(digest.blocks) for u in users
    )
    assert len(details) == 8 and {m.thread_ts for m in details} == {digest.ts}
    assert len(sleeps) == 8  # paced: a pause before each message after the first


def test_two_dispatchers_at_once_post_each_nudge_once(
    db: Database, slack: SlackStandIn, client: WebClient
) -> None:
    _set_channel(db, CHANNEL)
    for n in range(20):
        slack.add_user(f"U{n:04d}", f"M{n}", tz="UTC")
        _ask(db, f"U{n:04d}", "UTC", name=f"Contact {n}")
    due = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    barrier = threading.Barrier(2)

    def run() -> None:
        dispatcher = Dispatcher(Database(db.url), client, sleep=lambda _: None)
        barrier.wait()
        dispatcher.dispatch_due(due)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    keys = [
        k for m in _posts(slack) if m.metadata for k in keys_in_payload(m.metadata["event_payload"])
    ]
    assert len(keys) == len(set(keys)) == 20
    assert _states(db)["sent"] == 20


def test_dry_run_describes_and_changes_nothing(db: Database, slack: SlackStandIn) -> None:
    _set_channel(db, CHANNEL)
    _ask(db, "ULEEANA", "America/Los_Angeles")
    text = describe_due(db, datetime(2026, 11, 23, 17, 0, tzinfo=UTC))
    assert "channel C0COHORT" in text and "ULEEANA: 1" in text
    assert _states(db) == {"pending": 4}
    assert slack.calls == []
    assert "Nothing is due" in describe_due(db, SENT)


def test_a_member_who_cannot_be_reached_does_not_hold_up_the_others(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher
) -> None:
    for user_id in ("UGONE", "UHERE"):
        slack.add_user(user_id, user_id, tz="UTC")
        _ask(db, user_id, "UTC")
    slack.fail_next("conversations.open", error="user_not_found", about="UGONE")  # who left
    report = dispatcher.dispatch_due(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    assert (report.posted, report.failed) == (1, 1)
    assert [m.channel for m in _posts(slack)] == [dm_channel("UHERE")]


def test_a_timeout_is_checked_before_posting_again(
    db: Database, slack: SlackStandIn, client: WebClient
) -> None:
    from slack_sdk import WebClient as Client

    _set_channel(db, CHANNEL)
    slack.add_user("ULEEANA", "Lee", tz="UTC")
    _ask(db, "ULEEANA", "UTC")
    due = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    impatient = Client(token=slack.token, base_url=slack.api_url, timeout=1)
    slack.fail_next("chat.postMessage", delay=2)  # Slack posts it, but answers too late
    report = Dispatcher(db, impatient, sleep=lambda _: None).dispatch_due(due)
    assert report.posted == 0 and report.failed == 1
    assert _states(db)["sending"] == 1  # not given back blindly
    deadline = time.monotonic() + 5
    while not _posts(slack) and time.monotonic() < deadline:  # Slack finishes posting it
        time.sleep(0.05)
    later = Dispatcher(db, client, sleep=lambda _: None).dispatch_due(due + timedelta(minutes=31))
    assert later.recovered == 1 and later.posted == 0
    assert len(_posts(slack)) == 1


def test_a_huge_cohort_gets_a_digest_that_fits(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher
) -> None:
    _set_channel(db, CHANNEL)
    for n in range(150):
        slack.add_user(f"UBIG{n:05d}", f"M{n}", tz="UTC")
        _ask(db, f"UBIG{n:05d}", "UTC", name=f"Contact {n}")
    report = dispatcher.dispatch_due(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    assert report.posted == 150
    digest = _posts(slack)[0]
    assert "and 90 more members" in str(digest.blocks)


def test_a_follow_up_that_missed_its_time_waits_for_the_next_nudge_time(
    db: Database, slack: SlackStandIn, dispatcher: Dispatcher
) -> None:
    _lee_asks_jane(db, slack)
    # The service was down at 09:00 Monday; it is back at 20:30 (Monday evening in LA).
    evening = datetime(2026, 11, 24, 4, 30, tzinfo=UTC)
    report = dispatcher.dispatch_due(evening)
    assert report.postponed == 1 and _posts(slack) == []
    with db.session() as session:
        due = session.scalar(select(Nudge.due_at).where(Nudge.kind == "second_contact"))
    assert due == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # Tuesday 09:00 in LA
    assert dispatcher.dispatch_due(due).posted == 1
