"""Meetings end to end: schedule, log a past one, notes with referrals, thank-you; privacy."""

import json
from datetime import timedelta

import pytest
from slack_bolt import App
from sqlalchemy import select

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn, dm_channel
from slackbot.domain.meetings import MeetingField
from slackbot.models import Contact, Meeting, Nudge
from tests.conftest import ALICE, BOB, NOW, TrackingExecutor
from tests.scenario.journeys import (
    ask_form,
    cancel_meeting,
    dispatch_nudges,
    home_seen,
    meeting_in_app_home,
    meeting_with,
    notes_form,
    reschedule_form,
)

BLOCK = ids.MEETING_BLOCKS


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(NOW)


def test_a_meeting_is_scheduled_and_its_reminders_planned(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    start = NOW + timedelta(days=2)
    answer = meeting_with(driver, ALICE, start, duration="30")
    assert answer.json()["response_action"] == "update"
    saved = json.dumps(slack.top_modal(ALICE)["blocks"])
    assert "Jane Doe" in saved and "prep pack" in saved and "more than you asked for" in saved
    listeners.settle()
    with db.session() as session:
        kinds = {n.kind: n.due_at for n in session.scalars(select(Nudge))}
    # Friday's meeting: Thursday is Thanksgiving and Wednesday's nudge time has passed, so
    # the prep pack comes now, before the meeting.
    assert kinds["prep"] == NOW
    assert kinds["thank_you"] == start + timedelta(minutes=30, hours=4)
    assert "Upcoming meetings" in home_seen(driver, listeners, ALICE)


def test_a_past_meeting_leads_to_notes_referrals_and_a_thank_you(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    meeting_with(driver, ALICE, NOW - timedelta(hours=3))
    assert "Write your notes now" in json.dumps(slack.top_modal(ALICE)["blocks"])
    notes = notes_form(driver, ALICE)  # in place of the confirmation

    long_note = ("Ünïcödé ✓ مرحبا 👩🏽‍💻 " * 200)[:3000]
    answer = driver.submit(
        ALICE,
        notes,
        {
            ids.NOTE_BLOCKS["advice"]: "Talk to the research ops team first.\nThen write.",
            ids.NOTE_BLOCKS["trends"]: long_note,
            ids.NOTES_REFERRALS: "Bob Lee, Globex, Research lead\nMia Wong at Umbrella",
        },
    )
    assert answer.errors == {}
    shown = json.dumps(slack.top_modal(ALICE)["blocks"])
    assert "2 referrals added" in shown and "Jane suggested I reach out" in shown
    assert "research ops team" in shown  # the thank-you names one specific thing
    with db.session() as session:
        jane = session.scalar(select(Contact).where(Contact.name == "Jane Doe"))
        referred = session.scalars(select(Contact).where(Contact.referred_by_id == jane.id)).all()
        assert sorted(c.name for c in referred) == ["Bob Lee", "Mia Wong"]
        assert session.scalar(select(Meeting.trends)) == long_note

    driver.click(ALICE, ids.MEETING_THANKED, view=slack.top_modal(ALICE))
    listeners.settle()
    with db.session() as session:
        assert session.scalar(select(Meeting.thank_you_sent_at)) is not None
        states = dict(session.execute(select(Nudge.kind, Nudge.state)).all())
        assert states["notes"] == "done" and states["thank_you"] == "done"
    home = home_seen(driver, listeners, ALICE)
    assert "Thanked" in home and "Your latest notes" in home

    # Asking a referral: the form starts from "referred by Jane Doe".
    blocks = {b.get("block_id"): b for b in ask_form(driver, ALICE, "Mia Wong")["blocks"]}
    kind = blocks[ids.ASK_BLOCKS["connection_kind"]]["element"]["initial_option"]["value"]
    detail = blocks[ids.ASK_BLOCKS["connection_detail"]]["element"]["initial_value"]
    assert (kind, detail) == ("referral", "Jane Doe")


def test_bad_referral_lines_keep_the_text(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    meeting_with(driver, ALICE, NOW - timedelta(hours=3))
    notes = notes_form(driver, ALICE)
    answer = driver.submit(ALICE, notes, {ids.NOTES_REFERRALS: ", Globex"})
    assert "Line 1" in answer.errors[ids.NOTES_REFERRALS]
    assert slack.top_modal(ALICE)["callback_id"] == ids.NOTES_MODAL  # nothing lost, still open
    with db.session() as session:
        assert session.scalar(select(Meeting.notes_written_at)) is None


def test_another_member_cannot_reach_a_meeting_by_forging_its_id(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    meeting_with(driver, ALICE, NOW - timedelta(hours=3))
    with db.session() as session:
        alices = session.scalar(select(Meeting.id))
    meeting_with(driver, BOB, NOW - timedelta(hours=2), "Sam Roe")
    bobs_form = driver.open_modal(BOB, "/meeting-notes")
    # Bob's own form, doctored to name Alice's meeting in both places a meeting id travels.
    bobs_form["private_metadata"] = json.dumps({"meeting_id": alices})
    picker = next(b for b in bobs_form["blocks"] if b.get("block_id") == ids.NOTES_MEETING)
    picker["element"]["options"].append(
        {"text": {"type": "plain_text", "text": "x"}, "value": str(alices)}
    )
    answer = driver.submit(
        BOB, bobs_form, {ids.NOTES_MEETING: str(alices), ids.NOTE_BLOCKS["advice"]: "mine now"}
    )
    assert "no longer in your list" in answer.errors[ids.NOTES_MEETING]
    forged = dict(bobs_form, blocks=bobs_form["blocks"][:1])
    driver.click(BOB, ids.NOTES_PICK, view=forged, option=str(alices))
    listeners.settle()
    with db.session() as session:
        alices_meeting = session.get(Meeting, alices)
        assert alices_meeting.advice is None and alices_meeting.cancelled_at is None
    assert "Jane" not in json.dumps(slack.top_modal(BOB))


def test_the_prep_nudge_opens_the_prep_pack_and_done_records_it(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app: App, listeners: TrackingExecutor
) -> None:
    start = NOW + timedelta(days=2)
    meeting_with(driver, ALICE, start)
    listeners.settle()
    dispatch_nudges(app, db, start - timedelta(hours=24))
    [nudge] = [
        m
        for m in slack.messages(channel=dm_channel(ALICE))
        if "prep pack is ready" in str(m.blocks)
    ]
    driver.click(ALICE, ids.NUDGE_OPEN, message=nudge)
    listeners.settle()
    posted = [m for m in slack.messages(channel=dm_channel(ALICE)) if m.via == "chat.postMessage"]
    pack = json.dumps(posted[-1].blocks)
    assert "TIARA" in pack and "Acme" in pack and "Who else should I talk to?" in pack
    driver.click(ALICE, ids.NUDGE_DONE, message=nudge)
    listeners.settle()
    with db.session() as session:
        assert session.scalar(select(Meeting.prep_done_at)) is not None


def test_reschedule_and_cancel_from_app_home(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    start = NOW + timedelta(days=2)
    meeting_id = meeting_in_app_home(driver, listeners, db, ALICE, start)
    form = reschedule_form(driver, ALICE, meeting_id)
    assert form["title"]["text"] == "Reschedule"
    later = start + timedelta(days=1)
    driver.submit(ALICE, form, {BLOCK[MeetingField.START]: int(later.timestamp())})
    listeners.settle()
    with db.session() as session:
        assert session.scalar(select(Meeting.starts_at)) == later
        assert session.scalar(select(Meeting.id).where(Meeting.id != meeting_id)) is None
    cancel_meeting(driver, ALICE, meeting_id)
    listeners.settle()
    with db.session() as session:
        assert session.scalar(select(Meeting.cancelled_at)) is not None
        assert set(session.scalars(select(Nudge.state))) == {"cancelled"}
    # App Home follows: redrawn once for the burst of changes.
    slack.wait_until(lambda: "Upcoming meetings" not in json.dumps(slack.home(ALICE)))
