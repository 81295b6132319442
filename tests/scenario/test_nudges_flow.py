"""Channel nudges through the real app: posted by the dispatcher, acted on by their owner only;
and the coach's /cohort settings."""

import json
from datetime import UTC, datetime

import pytest
from slack_bolt import App
from sqlalchemy import select

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import Message, SlackStandIn, dm_channel
from slackbot.models import Cohort, Draft, Nudge
from tests.conftest import ALICE, BOB, COACH, TrackingExecutor
from tests.scenario.journeys import (
    ASK_SENT,
    CHANNEL,
    MONDAY_9_PARIS,
    channel_posts,
    dispatch_nudges,
    form_answers,
    home_seen,
    log_contact,
    nudge_id,
    send_ask,
    set_nudge_channel,
)

pytestmark = pytest.mark.usefixtures("coach")


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(ASK_SENT)


def _sent_ask(driver: SlackDriver, db: Database) -> None:
    """Alice (Europe/Paris) drafts an ask to Jane at Acme and marks it sent; the cohort's
    channel is set."""
    send_ask(driver, ALICE, "Jane Doe", new_company="Acme")
    set_nudge_channel(db)


def _nudge_message(slack: SlackStandIn) -> Message:
    """The first nudge message posted in the channel."""
    return channel_posts(slack)[0]


def test_only_the_owner_can_act_on_a_nudge(
    driver: SlackDriver,
    slack: SlackStandIn,
    db: Database,
    listeners: TrackingExecutor,
    nudged_on_monday: Message,
) -> None:
    nudge = nudged_on_monday
    assert "<@UALICE>" in nudge.text and "your contact at *Acme*" in json.dumps(nudge.blocks)
    assert "Jane" not in json.dumps(nudge.blocks)  # the default privacy level

    driver.click(BOB, ids.NUDGE_DONE, message=nudge)
    listeners.settle()
    [refusal] = [m for m in slack.messages(user=BOB) if m.user == BOB]
    assert "belongs to <@UALICE>" in refusal.text
    with db.session() as session:
        assert session.scalar(select(Nudge.state).where(Nudge.kind == "second_contact")) == "sent"

    driver.click(ALICE, ids.NUDGE_DONE, message=nudge)
    listeners.settle()
    with db.session() as session:
        assert session.scalar(select(Nudge.state).where(Nudge.kind == "second_contact")) == "done"
    assert ":white_check_mark: Done" in json.dumps(_nudge_message(slack).blocks)


@pytest.mark.usefixtures("nudged_on_monday")
def test_the_follow_up_nudge_opens_a_kind_follow_up_draft(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app: App, listeners: TrackingExecutor
) -> None:
    with db.session() as session:  # the second contact was handled
        session.execute(
            Nudge.__table__.update().where(Nudge.kind == "second_contact").values(state="done")
        )
    follow_up_day = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # +7 business days, 09:00 Paris
    dispatch_nudges(app, db, follow_up_day)
    message = channel_posts(slack)[-1]
    assert "follow-up #1" in json.dumps(message.blocks)
    driver.click(ALICE, ids.NUDGE_OPEN, message=message)
    listeners.settle()
    with db.session() as session:
        follow_up = session.scalar(select(Draft).where(Draft.kind == "follow_up"))
        assert follow_up is not None and follow_up.follow_up_number == 1
    drafts_in_dm = slack.messages(channel=dm_channel(ALICE))
    assert "follow-up #1" in json.dumps(drafts_in_dm[-1].blocks)

    # Mark it sent: that reminder is done, the next one still waits.
    driver.click(ALICE, ids.DRAFT_MARK_SENT, message=drafts_in_dm[-1])
    listeners.settle()
    with db.session() as session:
        states = dict(
            session.execute(select(Nudge.kind, Nudge.state).where(Nudge.number == 1)).all()
        )
        assert states == {"follow_up": "done"}


def test_they_replied_and_snooze_from_the_channel(
    driver: SlackDriver,
    slack: SlackStandIn,
    db: Database,
    app: App,
    listeners: TrackingExecutor,
    nudged_on_monday: Message,
) -> None:
    second_contact = nudge_id(db, "second_contact")
    driver.click(ALICE, ids.NUDGE_SNOOZE, message=nudged_on_monday, option=f"{second_contact}:1")
    listeners.settle()
    with db.session() as session:
        snoozed = session.scalar(select(Nudge).where(Nudge.kind == "second_contact"))
        assert snoozed.state == "snoozed"
        assert snoozed.due_at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # next business day
    assert ":zzz: Snoozed" in json.dumps(_nudge_message(slack).blocks)

    # It comes back the next business day, and this time they have replied.
    dispatch_nudges(app, db, snoozed.due_at)
    again = channel_posts(slack)[-1]
    driver.click(ALICE, ids.NUDGE_REPLIED, message=again)
    listeners.settle()
    with db.session() as session:
        assert set(session.scalars(select(Nudge.state))) == {"cancelled"}
    updated = next(m for m in slack.messages(channel=CHANNEL) if m.ts == again.ts)
    assert ":tada:" in json.dumps(updated.blocks)


def test_cohort_settings_are_for_coaches(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    driver.command(ALICE, "/cohort")
    listeners.settle()
    [refusal] = slack.messages(user=ALICE)
    assert "for the cohort's coaches" in refusal.text
    assert slack.calls_to("views.open") == []

    modal = driver.open_modal(COACH, "/cohort")
    settings = form_answers(ids.COHORT_BLOCKS, channel=CHANNEL, privacy="minimal", country="gb")
    answer = driver.submit(
        COACH, modal, settings | form_answers(ids.COHORT_BLOCKS, max_follow_ups="9")
    )
    assert set(answer.errors) == {ids.COHORT_BLOCKS["max_follow_ups"]}
    answer = driver.submit(COACH, modal, settings)
    assert answer.errors == {}
    listeners.settle()
    with db.session() as session:
        cohort = session.scalar(select(Cohort))
        assert (cohort.nudge_channel_id, cohort.privacy_level, cohort.holidays_country) == (
            CHANNEL,
            "minimal",
            "GB",
        )
    [hello] = channel_posts(slack)
    assert "Parachute will post friendly reminders here" in hello.text
    assert "nudges go to <#C0COHORT>" in home_seen(driver, listeners, COACH)


def test_a_channel_the_bot_cannot_post_in_is_reported_to_the_coach(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    modal = driver.open_modal(COACH, "/cohort")
    slack.fail_next("chat.postMessage", error="not_in_channel")
    driver.submit(COACH, modal, form_answers(ids.COHORT_BLOCKS, channel="CPRIVATE"))
    listeners.settle()
    problem, summary = slack.messages(channel=dm_channel(COACH))
    assert "/invite @Parachute" in problem.text and "Cohort settings saved" in summary.text
    assert "not_in_channel" in home_seen(driver, listeners, COACH)


def test_the_second_contact_nudge_suggests_who_else_at_the_company(
    driver: SlackDriver,
    slack: SlackStandIn,
    db: Database,
    app: App,
    listeners: TrackingExecutor,
) -> None:
    _sent_ask(driver, db)
    log_contact(driver, ALICE, "Bob Lee", company="ACME", connection="member of Women in Data")
    listeners.settle()
    dispatch_nudges(app, db, MONDAY_9_PARIS)
    driver.click(ALICE, ids.NUDGE_OPEN, message=_nudge_message(slack))
    listeners.settle()
    form = slack.top_modal(ALICE)
    assert form["callback_id"] == ids.ASK_MODAL
    shown = json.dumps(form["blocks"])
    assert "A second person at *Acme*, while you wait to hear from Jane Doe" in shown
    assert "You already know: Bob Lee" in shown
    picked = next(b for b in form["blocks"] if b.get("block_id") == ids.ASK_BLOCKS["contact"])
    assert picked["element"]["initial_option"]["text"]["text"] == "Bob Lee"
    # The connection is the one Bob Lee's record tells, not Jane's.
    blocks = {b.get("block_id"): b for b in form["blocks"]}
    kind = blocks[ids.ASK_BLOCKS["connection_kind"]]["element"]["initial_option"]["value"]
    detail = blocks[ids.ASK_BLOCKS["connection_detail"]]["element"]["initial_value"]
    assert (kind, detail) == ("community", "Women in Data")
