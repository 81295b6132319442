"""The weekly digest through the nudge outbox: due at the coach's local day and time,
posted once in the channel, the next one planned; what it says, from a seeded cohort."""

import json
import struct
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from slackbot.db import Database
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.models import Member, Nudge
from slackbot.nudges.dispatcher import Dispatcher
from slackbot.services import digest
from slackbot.services.cohorts import get_cohort
from slackbot.services.members import Owner
from tests.cohort_seed import COACH, PRIVATE_INSIGHT, SECRET_NOTE, at, seed_cohort
from tests.conftest import ALICE, BOB, TEAM
from tests.privacy import assert_private

CHANNEL = "C0COHORT"
NOW = at(11, 25, 15)  # Wednesday
FRIDAY_4PM_NEW_YORK = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
FRIDAY = 4


@pytest.fixture
def dispatcher(db: Database, client: WebClient) -> Dispatcher:
    return Dispatcher(db, client, sleep=lambda _: None)


@pytest.fixture(autouse=True)
def cohort(db: Database) -> None:
    with db.session() as session:
        members = seed_cohort(session)
        members[ALICE].on_leaderboard = True  # Bob and Carol did not opt in
        cohort = get_cohort(session=session, team_id=TEAM)
        cohort.nudge_channel_id, cohort.timezone = CHANNEL, "America/New_York"


def _schedule(
    db: Database, weekday: int | None, minute: int = 16 * 60, now: datetime = NOW
) -> datetime | None:
    with db.session() as session:
        return digest.set_schedule(
            session=session,
            team_id=TEAM,
            coach=Owner(TEAM, COACH),
            weekday=weekday,
            minute=minute,
            now=now,
        )


def _digests(db: Database) -> list[tuple[str, datetime]]:
    with db.session() as session:
        rows = session.execute(
            select(Nudge.state, Nudge.due_at)
            .where(Nudge.kind == "weekly_digest")
            .order_by(Nudge.due_at)
        )
        return [(state, due) for state, due in rows]


def test_the_digest_is_posted_once_at_the_coachs_local_time(
    db: Database, dispatcher: Dispatcher, slack: SlackStandIn
) -> None:
    assert _schedule(db, FRIDAY) == FRIDAY_4PM_NEW_YORK
    dispatcher.dispatch_due(FRIDAY_4PM_NEW_YORK - timedelta(minutes=1))
    assert slack.messages(channel=CHANNEL) == []

    report = dispatcher.dispatch_due(FRIDAY_4PM_NEW_YORK)
    dispatcher.dispatch_due(FRIDAY_4PM_NEW_YORK + timedelta(minutes=1))
    assert report.posted == 1
    [posted] = _posts(slack, channel=CHANNEL)
    shown = json.dumps(posted.blocks)
    # The past 7 days (from Fri 20 Nov, 21:00 UTC): Alice sent 1 ask, held the meeting of
    # the 27th and earned a referral; the cohort's goals are 3 members x (5 asks, 2 meetings).
    assert ":tada: <@UALICE> held 1 meeting" in shown
    assert ":handshake: <@UALICE> earned 1 referral" in shown
    assert "1/15" in shown and "1/6" in shown
    assert ":first_place_medal: <@UALICE>: 1 meeting, 0 replies, 1 ask" in shown
    assert "<@UBOB>" not in shown and "<@UCAROL>" not in shown  # not opted in
    assert "<@UCOACH>" not in shown
    # The funnel chart, a PNG of 800 x 450 pixels, in the digest's thread.
    [chart] = slack.shared_files(channel=CHANNEL)
    assert chart.thread_ts == posted.ts and chart.name == "cohort-funnel.png"
    assert chart.content is not None and chart.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.content[12:16] == b"IHDR" and struct.unpack(">II", chart.content[16:24]) == (
        800,
        450,
    )
    # Once, and the next one is planned a week later (EST all along).
    assert _digests(db) == [
        ("sent", FRIDAY_4PM_NEW_YORK),
        ("pending", FRIDAY_4PM_NEW_YORK + timedelta(days=7)),
    ]
    assert_private(
        slack,
        {
            ALICE: ["Jane Doe", "Ravi Referred", SECRET_NOTE, PRIVATE_INSIGHT],
            BOB: ["Pat Private"],
        },
    )


def test_changing_or_turning_off_the_schedule_moves_the_pending_digest(db: Database) -> None:
    _schedule(db, FRIDAY)
    assert _schedule(db, FRIDAY, minute=9 * 60) == datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
    assert _schedule(db, FRIDAY) == FRIDAY_4PM_NEW_YORK  # back: the same row revived
    assert _digests(db) == [("pending", FRIDAY_4PM_NEW_YORK)]
    assert _schedule(db, None) is None
    assert _digests(db) == [("cancelled", FRIDAY_4PM_NEW_YORK)]


def test_without_a_channel_the_digest_goes_to_the_coach(
    db: Database, dispatcher: Dispatcher, slack: SlackStandIn
) -> None:
    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    with db.session() as session:
        get_cohort(session=session, team_id=TEAM).nudge_channel_id = None
        assert session.scalar(select(Member.is_admin).where(Member.user_id == COACH))
    _schedule(db, FRIDAY)
    dispatcher.dispatch_due(FRIDAY_4PM_NEW_YORK)
    [posted] = _posts(slack)
    assert posted.channel == "DCOACH" and "Our week in networking" in json.dumps(posted.blocks)
    assert [f.channel for f in slack.shared_files()] == ["DCOACH"]


def test_a_channel_that_refuses_the_digest_sends_it_to_the_coach(
    db: Database, dispatcher: Dispatcher, slack: SlackStandIn
) -> None:
    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    _schedule(db, FRIDAY)
    slack.fail_next("chat.postMessage", error="not_in_channel")
    assert dispatcher.dispatch_due(FRIDAY_4PM_NEW_YORK).posted == 1
    [posted] = _posts(slack)
    assert posted.channel == "DCOACH"
    with db.session() as session:
        assert get_cohort(session=session, team_id=TEAM).channel_problem == "not_in_channel"


def test_a_failed_chart_upload_never_repeats_the_digest(
    db: Database, dispatcher: Dispatcher, slack: SlackStandIn
) -> None:
    _schedule(db, FRIDAY)
    slack.fail_next("files.getUploadURLExternal", error="internal_error")
    report = dispatcher.dispatch_due(FRIDAY_4PM_NEW_YORK)
    dispatcher.dispatch_due(FRIDAY_4PM_NEW_YORK + timedelta(minutes=1))
    assert report.posted == 1 and len(_posts(slack, channel=CHANNEL)) == 1
    assert slack.shared_files() == []


class CrashAfterPosting(Dispatcher):
    """Dies between Slack's answer and the database write, like a killed process."""

    def _record(self, *args: object, **kwargs: object) -> None:
        raise SystemExit("killed")


def test_a_crash_after_posting_the_digest_never_posts_it_twice(
    db: Database, client: WebClient, dispatcher: Dispatcher, slack: SlackStandIn
) -> None:
    # Recovery reads the channel's history, whose timestamps are the real clock's: a
    # Tuesday already past.
    tuesday_10am = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    assert _schedule(db, 1, minute=10 * 60, now=at(11, 23)) == tuesday_10am
    with pytest.raises(SystemExit):
        CrashAfterPosting(db, client, sleep=lambda _: None).dispatch_due(tuesday_10am)
    report = dispatcher.dispatch_due(tuesday_10am + timedelta(minutes=31))
    assert report.recovered == 1 and report.posted == 0
    assert len(_posts(slack, channel=CHANNEL)) == 1
    assert _digests(db) == [
        ("sent", tuesday_10am),
        ("pending", tuesday_10am + timedelta(days=7)),  # planned on recovery too
    ]


def _posts(slack: SlackStandIn, channel: str | None = None) -> list:
    """What the bot posted, leaving out the chart's file-share message in the thread."""
    return [m for m in slack.messages(channel=channel) if m.via == "chat.postMessage"]
