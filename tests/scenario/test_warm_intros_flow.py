"""Warm intros through the real app: `/network who <company>` names classmates who opted
in and know someone there (never whom); the button asks them by DM."""

import json

import pytest

from slackbot.blocks import ids
from slackbot.blocks.intros import intro_value
from slackbot.db import Database
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import Message, SlackStandIn, dm_channel
from tests.cohort_seed import CAROL, SECRET_NOTE, seed_cohort
from tests.conftest import ALICE, BOB, TrackingExecutor
from tests.privacy import assert_private


@pytest.fixture(autouse=True)
def cohort(slack: SlackStandIn, db: Database) -> None:
    slack.add_user(CAROL, "Carol Chen", tz="Europe/London")
    with db.session() as session:
        seed_cohort(session)  # Alice knows Jane Doe and Ravi Referred at Acme


def _who(driver: SlackDriver, slack: SlackStandIn, user: str, company: str) -> Message:
    answers = len(slack.messages(user=user))
    driver.command(user, "/network", f"who {company}")
    # The answer comes by response_url, after the ack.
    slack.wait_until(lambda: len(slack.messages(user=user)) > answers)
    return slack.messages(user=user)[-1]


def test_classmates_who_opted_in_are_listed_and_asked_never_their_contacts(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    # Off by default: nobody is listed until Alice opts in from her App Home.
    assert "No classmate who offers warm intros" in _who(driver, slack, BOB, "acme").text
    driver.open_home(ALICE)
    slack.wait_for("views.publish")
    driver.click(ALICE, ids.HOME_INTROS, view=slack.home(ALICE), value="on")
    slack.wait_for("views.publish", 2)
    assert "Warm intros: on" in json.dumps(slack.home(ALICE)["blocks"])

    answer = _who(driver, slack, BOB, "ACME")
    shown = json.dumps(answer.blocks)
    assert answer.user == BOB and "<@UALICE>" in shown and "Jane" not in shown
    assert "Offer warm intros" in shown  # Bob does not offer any yet
    assert "<@UALICE>" not in json.dumps(_who(driver, slack, ALICE, "Acme").blocks)  # not herself

    driver.click(BOB, ids.INTRO_ASK, message=answer)
    listeners.settle()
    [request] = slack.messages(channel=dm_channel(ALICE))
    asked = json.dumps(request.blocks)
    assert ("<@UBOB>" in asked and "*Acme*" in asked) or "*ACME*" in asked
    assert "*Jane Doe*" in asked  # Alice's own contact, to Alice only
    assert "I asked <@UALICE>" in slack.messages(user=BOB)[-1].text

    # A forged button for someone who does not offer intros (Carol) reaches nobody.
    forged = Message(
        channel=answer.channel,
        text=answer.text,
        blocks=json.loads(json.dumps(answer.blocks).replace(ALICE, CAROL)),
        user=BOB,
        ts=answer.ts,
    )
    driver.click(BOB, ids.INTRO_ASK, message=forged, value=intro_value(CAROL, "ACME"))
    listeners.settle()
    assert slack.messages(channel=dm_channel(CAROL)) == []
    assert "no longer offers" in slack.messages(user=BOB)[-1].text

    assert_private(slack, {ALICE: ["Jane Doe", "Ravi Referred", SECRET_NOTE]})


def test_the_classmate_answers_with_a_button_and_the_asker_hears_it(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    driver.open_home(ALICE)
    slack.wait_for("views.publish")
    driver.click(ALICE, ids.HOME_INTROS, view=slack.home(ALICE), value="on")
    slack.wait_for("views.publish", 2)
    for answer_id, bob_hears, alice_sees in (
        (ids.INTRO_DECLINE, "can't make an introduction", "You said not now"),
        (ids.INTRO_ACCEPT, "will introduce you", "You'll introduce <@UBOB>"),
    ):
        driver.click(BOB, ids.INTRO_ASK, message=_who(driver, slack, BOB, "Acme"))
        listeners.settle()
        request = slack.messages(channel=dm_channel(ALICE))[-1]
        assert {"I'll introduce you", "Not now"} <= set(
            e["text"]["text"]
            for b in request.blocks
            if b["type"] == "actions"
            for e in b["elements"]
        )
        # Bob cannot answer for Alice with a forged click: nothing reaches him.
        told = len(slack.messages(channel=dm_channel(BOB)))
        driver.click(BOB, answer_id, message=request)
        listeners.settle()
        assert len(slack.messages(channel=dm_channel(BOB))) == told
        driver.click(ALICE, answer_id, message=request)
        listeners.settle()
        assert bob_hears in slack.messages(channel=dm_channel(BOB))[-1].text
        redrawn = next(m for m in slack.messages(channel=dm_channel(ALICE)) if m.ts == request.ts)
        assert alice_sees in redrawn.text and "actions" not in json.dumps(redrawn.blocks)
    assert_private(slack, {ALICE: ["Jane Doe", "Ravi Referred", SECRET_NOTE]})


def test_a_company_is_needed(driver: SlackDriver, slack: SlackStandIn) -> None:
    assert "Which company?" in _who(driver, slack, BOB, "").text
