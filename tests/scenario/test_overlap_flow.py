"""The overlap guard through the real app, both ways: whoever adds or drafts an ask to
someone a classmate asked in the last 30 days is told, and so is the classmate, each
about their own record only."""

import json
from datetime import UTC, datetime

import pytest

from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import Message, SlackStandIn, dm_channel
from slackbot.services import progress
from tests.conftest import ALICE, BOB, TEAM, TrackingExecutor
from tests.privacy import assert_private
from tests.scenario.journeys import log_contact, send_ask

NOW = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(NOW)


def _heads_ups(slack: SlackStandIn, user: str) -> list[Message]:
    return [m for m in slack.messages(channel=dm_channel(user)) if "Heads-up" in (m.text or "")]


def test_both_members_are_told_privately_both_ways(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    # Alice asks Jane at Acme; then Bob logs the same person (another spelling).
    send_ask(driver, ALICE, "Jane Doe", new_company="Acme")
    log_contact(driver, BOB, "jane doe", company="ACME", notes="Bob's secret angle")
    listeners.settle()
    [to_bob] = _heads_ups(slack, BOB)
    [to_alice] = _heads_ups(slack, ALICE)
    assert "*jane doe*" in json.dumps(to_bob.blocks) and "<@UALICE>" in json.dumps(to_bob.blocks)
    assert "*Jane Doe*" in json.dumps(to_alice.blocks) and "<@UBOB>" in json.dumps(to_alice.blocks)
    assert "Wed Nov 18" in json.dumps(to_alice.blocks)  # when she asked

    # Bob drafting his ask to the same person now tells nobody twice.
    send_ask(driver, BOB, "jane doe")
    listeners.settle()
    assert len(_heads_ups(slack, BOB)) == 1 and len(_heads_ups(slack, ALICE)) == 1

    # The other way round: Bob asked Sam first (by email), then Alice drafts to him.
    log_contact(driver, BOB, "Sam Lee", company="Initech", email="sam@initech.test")
    send_ask(driver, BOB, "Sam Lee")
    log_contact(driver, ALICE, "Samuel Lee", email="SAM@initech.test", notes="Alice's note")
    listeners.settle()
    assert "*Samuel Lee*" in json.dumps(_heads_ups(slack, ALICE)[-1].blocks)
    assert "*Sam Lee*" in json.dumps(_heads_ups(slack, BOB)[-1].blocks)

    with db.session() as session:
        stats = progress.cohort_stats(session=session, team_id=TEAM, now=NOW, coaches=())
    assert stats.overlaps.week == 2  # what coaches see: how often it happens
    assert assert_private(
        slack,
        {
            ALICE: ["Jane Doe", "Samuel Lee", "Alice's note"],
            BOB: ["jane doe", "Sam Lee", "Bob's secret angle"],
        },
    )
