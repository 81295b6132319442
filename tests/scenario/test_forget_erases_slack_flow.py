"""Forget-me forgets what the bot posted too: every message and file posted for or about
the member (reminders before and after a snooze, draft cards, prep packs, import reports,
exports) is deleted from Slack through a durable queue, and the member is told the counts."""

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from slack_bolt import App
from sqlalchemy import func, select

from slackbot.blocks import ids
from slackbot.blocks.your_data import CONFIRMED
from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import Message, SlackStandIn, dm_channel
from slackbot.domain.meetings import MeetingDetails, MeetingFormat
from slackbot.models import Contact, Nudge, PostedMessage
from slackbot.nudges.eraser import Eraser
from slackbot.services import meetings
from tests.conftest import ALICE, ALICE_OWNER, BOB, TrackingExecutor
from tests.scenario.journeys import (
    ASK_SENT,
    CHANNEL,
    MONDAY_9_PARIS,
    dispatch_nudges,
    nudge_id,
    time_passes,
)
from tests.scenario.test_nudges_flow import _sent_ask
from tests.scenario.test_your_data_flow import _import
from tests.services.test_dispatcher import _ask
from tests.unit.test_csv_import import LINKEDIN_CONNECTIONS

TUESDAY_9_PARIS = MONDAY_9_PARIS + timedelta(days=1)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(ASK_SENT)


def _bots_posts_for_alice(slack: SlackStandIn) -> list[Message]:
    """What the bot posted that Alice's forget-me must remove: her DM's messages, and the
    channel's reminders that mention her."""
    in_dm = [m for m in slack.messages(channel=dm_channel(ALICE)) if m.user is None]
    in_channel = [
        m
        for m in slack.messages(channel=CHANNEL)
        if m.user is None and "<@UALICE>" in (m.text or "")
    ]
    return in_dm + in_channel


def _bots_files(slack: SlackStandIn) -> list[str]:
    return [f["id"] for m in slack.messages(channel=dm_channel(ALICE)) for f in m.files]


def _alice_with_everything(
    driver: SlackDriver,
    slack: SlackStandIn,
    db: Database,
    app: App,
    clock: SimulatedClock,
    listeners: TrackingExecutor,
) -> None:
    _sent_ask(driver, db)  # a draft card in her DM; the cohort channel set
    _ask(db, BOB, "America/Chicago", name="Ravi Shah")  # Bob's reminder must stay
    # Monday: reminded in the channel; she snoozes it; Tuesday it is posted again.
    time_passes(clock, app, db, MONDAY_9_PARIS)
    first = next(m for m in slack.messages(channel=CHANNEL) if "<@UALICE>" in (m.text or ""))
    alices = nudge_id(db, "second_contact", ALICE)
    driver.click(ALICE, ids.NUDGE_SNOOZE, message=first, option=f"{alices}:1")
    listeners.settle()
    time_passes(clock, app, db, TUESDAY_9_PARIS)
    with db.session() as session:  # a meeting with Jane on Thursday: a prep reminder
        jane = session.scalar(select(Contact.id).where(Contact.name == "Jane Doe"))
        thursday = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
        meetings.save_meeting(
            session=session,
            owner=ALICE_OWNER,
            details=MeetingDetails(jane, thursday, 15, MeetingFormat.VIDEO, None, None),
            now=clock.now,
        )
        prep_due = session.scalar(select(Nudge.due_at).where(Nudge.kind == "prep"))
    dispatch_nudges(app, db, prep_due)
    prep = [m for m in slack.messages(channel=CHANNEL) if "<@UALICE>" in (m.text or "")][-1]
    assert "prep" in json.dumps(prep.blocks).lower()
    driver.click(ALICE, ids.NUDGE_OPEN, message=prep)  # the prep pack, by DM
    listeners.settle()
    _import(
        driver, slack, ALICE, "connections.csv", LINKEDIN_CONNECTIONS.encode()
    )  # a report by DM
    driver.command(ALICE, "/network", "export")  # the zip, by DM
    slack.wait_for("files.completeUploadExternal")
    listeners.settle()
    [zipped] = [f for m in slack.messages(channel=dm_channel(ALICE)) for f in m.files]
    archive = zipfile.ZipFile(io.BytesIO(slack.file_content(zipped["id"])))
    listed = archive.read("posted_in_slack.csv").decode()
    assert all(
        m.ts in listed for m in slack.messages(channel=CHANNEL) if "<@UALICE>" in (m.text or "")
    )


def test_forget_me_deletes_every_message_and_file_posted_for_the_member(
    driver: SlackDriver,
    slack: SlackStandIn,
    db: Database,
    app: App,
    clock: SimulatedClock,
    listeners: TrackingExecutor,
) -> None:
    _alice_with_everything(driver, slack, db, app, clock, listeners)
    before = _bots_posts_for_alice(slack)
    reminders = [m for m in before if m.channel == CHANNEL]
    assert len(reminders) == 3  # posted, posted again after the snooze, the prep reminder
    dm_texts = json.dumps([m.blocks for m in before if m.channel != CHANNEL])
    assert "Jane Doe" in dm_texts and "Imported" in dm_texts  # a draft card, a report
    assert any((m.text or "").startswith("Your prep pack for Jane Doe") for m in before)
    [export] = _bots_files(slack)
    bobs = [m for m in slack.messages(channel=CHANNEL) if "<@UBOB>" in (m.text or "")]

    modal = driver.open_modal(ALICE, "/network", "forget")
    assert "every message and file I posted for you" in json.dumps(modal["blocks"])
    done = driver.submit(ALICE, modal, {ids.FORGET_CONFIRM: [CONFIRMED]}).json()
    assert "I'm now deleting the" in json.dumps(done["view"]["blocks"])
    listeners.settle()

    [report] = _bots_posts_for_alice(slack)  # only the last word is left
    messages = len(before) - 1  # the export's file message goes with its file
    assert report.text.startswith(
        f":wastebasket: Done: I deleted {messages} messages and 1 file I had posted"
    )
    assert _bots_files(slack) == [] and export not in {f.id for f in slack.stored_files()}
    assert [m.ts for m in slack.messages(channel=CHANNEL) if "<@UBOB>" in (m.text or "")] == [
        m.ts for m in bobs
    ]
    with db.session() as session:  # the queue is emptied once the member is told
        assert session.scalar(select(func.count()).select_from(PostedMessage)) == len(bobs)


@pytest.mark.usefixtures("nudged_on_monday")
def test_deletions_slack_refuses_now_are_retried_and_what_it_never_allows_is_reported(
    driver: SlackDriver,
    slack: SlackStandIn,
    db: Database,
    app: App,
    clock: SimulatedClock,
    listeners: TrackingExecutor,
) -> None:
    card, reminder = _bots_posts_for_alice(slack)  # the draft card and the reminder
    slack.fail_next("chat.delete", error="internal_error", status=500, times=2)

    modal = driver.open_modal(ALICE, "/network", "forget")
    driver.submit(ALICE, modal, {ids.FORGET_CONFIRM: [CONFIRMED]})
    listeners.settle()
    assert _bots_posts_for_alice(slack) == [card, reminder]  # Slack was away: none yet
    with db.session() as session:
        assert set(session.scalars(select(PostedMessage.state))) == {"deleting"}

    eraser = Eraser(db, lambda _team: app.client)
    assert eraser.erase_due(clock.now + timedelta(seconds=30)).deleted == 0  # not yet due
    slack.fail_next("chat.delete", error="cant_delete_message")
    later = eraser.erase_due(clock.now + timedelta(minutes=1))
    assert (later.deleted, later.refused, later.members_told) == (1, 1, 1)
    kept, report = _bots_posts_for_alice(slack)
    assert kept.ts == card.ts  # what Slack refused stays, and the member is told
    assert "I deleted 1 message and 0 files" in report.text
    assert "Slack would not let me delete 1 item (cant_delete_message)" in report.text
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(PostedMessage)) == 0
