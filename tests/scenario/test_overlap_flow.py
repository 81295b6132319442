"""The overlap guard through the real app, both ways: whoever adds or drafts an ask to
someone a classmate asked in the last 30 days is told, and so is the classmate, each
about their own record only."""

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import Message, SlackStandIn, dm_channel
from slackbot.domain.contacts import ContactField
from slackbot.services import progress
from tests.conftest import ALICE, BOB, TEAM, TrackingExecutor
from tests.privacy import assert_private
from tests.scenario.test_ask_flow import ANSWERS

NOW = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)
CONTACT = ids.CONTACT_BLOCKS


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return lambda: NOW


def _ask_and_send(
    driver: SlackDriver, slack: SlackStandIn, user: str, name: str, **new: str
) -> None:
    opened = len(slack.calls_to("views.open"))
    driver.command(user, "/ask-draft", name)
    slack.wait_for("views.open", opened + 1)
    answers = ANSWERS | {ids.ASK_BLOCKS[field]: value for field, value in new.items()}
    assert driver.submit(user, slack.top_modal(user), answers).errors == {}
    draft = _wait_for_dm(slack, user, lambda m: "Mark as sent" in json.dumps(m.blocks))
    updates = len(slack.calls_to("chat.update"))
    driver.click(user, ids.DRAFT_MARK_SENT, message=draft)
    slack.wait_for("chat.update", updates + 1)


def _wait_for_dm(slack: SlackStandIn, user: str, wanted: Callable[[Message], bool]) -> Message:
    for _ in range(100):
        found = [m for m in slack.messages(channel=dm_channel(user)) if wanted(m)]
        if found:
            return found[-1]
        slack.wait_for("chat.postMessage", len(slack.calls_to("chat.postMessage")) + 1, 0.05)
    raise AssertionError(f"no such message to {user}")


def _log_contact(driver: SlackDriver, slack: SlackStandIn, user: str, name: str, **fields: str):
    opened = len(slack.calls_to("views.open"))
    driver.command(user, "/contact", name)
    slack.wait_for("views.open", opened + 1)
    answers = {CONTACT[ContactField(field)]: value for field, value in fields.items()}
    assert driver.submit(user, slack.top_modal(user), answers).errors == {}


def _heads_ups(slack: SlackStandIn, user: str) -> list[Message]:
    return [m for m in slack.messages(channel=dm_channel(user)) if "Heads-up" in (m.text or "")]


def test_both_members_are_told_privately_both_ways(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    # Alice asks Jane at Acme; then Bob logs the same person (another spelling).
    _ask_and_send(driver, slack, ALICE, "Jane Doe", new_company="Acme")
    _log_contact(driver, slack, BOB, "jane doe", company="ACME", notes="Bob's secret angle")
    listeners.settle()
    [to_bob] = _heads_ups(slack, BOB)
    [to_alice] = _heads_ups(slack, ALICE)
    assert "*jane doe*" in json.dumps(to_bob.blocks) and "<@UALICE>" in json.dumps(to_bob.blocks)
    assert "*Jane Doe*" in json.dumps(to_alice.blocks) and "<@UBOB>" in json.dumps(to_alice.blocks)
    assert "Wed Nov 18" in json.dumps(to_alice.blocks)  # when she asked

    # Bob drafting his ask to the same person now tells nobody twice.
    _ask_and_send(driver, slack, BOB, "jane doe")
    listeners.settle()
    assert len(_heads_ups(slack, BOB)) == 1 and len(_heads_ups(slack, ALICE)) == 1

    # The other way round: Bob asked Sam first (by email), then Alice drafts to him.
    _log_contact(driver, slack, BOB, "Sam Lee", company="Initech", email="sam@initech.test")
    _ask_and_send(driver, slack, BOB, "Sam Lee")
    _log_contact(driver, slack, ALICE, "Samuel Lee", email="SAM@initech.test", notes="Alice's note")
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
