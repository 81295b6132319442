"""Meetings in the member's own calendar: schedule, reschedule and cancel in two time zones;
the .ics each time, read back with icalendar, and the Google and Outlook links."""

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from icalendar import Calendar, Event
from sqlalchemy import select

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn, StoredFile, dm_channel
from slackbot.domain.meetings import MeetingField
from slackbot.models import Meeting
from tests.conftest import ALICE, BOB, NOW, TrackingExecutor
from tests.scenario.journeys import (
    cancel_meeting,
    home_seen,
    meeting_with,
    reschedule_form,
)

BLOCK = ids.MEETING_BLOCKS


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(NOW)


def _schedule(driver: SlackDriver, listeners: TrackingExecutor, user: str, start: datetime) -> dict:
    """A meeting with Jane Doe (at Acme) at `start`, on a video link, with a goal: what the
    form shows once saved."""
    link, goal = "https://meet.example.com/abc", "how their team runs usability studies"
    meeting_with(driver, user, start, location=link, goal=goal)
    listeners.settle()
    return driver.slack.top_modal(user)


def _calendar_files(slack: SlackStandIn, user: str) -> list[StoredFile]:
    return [f for f in slack.shared_files(channel=dm_channel(user)) if f.name.endswith(".ics")]


def _event(slack: SlackStandIn, stored: StoredFile) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(slack.file_content(stored.id))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _links(view: dict) -> dict[str, dict[str, list[str]]]:
    found = {}
    for block in view["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") in (ids.CALENDAR_GOOGLE, ids.CALENDAR_OUTLOOK):
                found[element["action_id"]] = parse_qs(urlsplit(element["url"]).query)
    return found


@pytest.mark.parametrize(
    ("user", "local_start", "utc_start"),
    [
        # 10:00 in Paris (UTC+1 in December) and 10:00 in Chicago (UTC-6).
        (ALICE, "Tue Dec 1, 10:00", datetime(2026, 12, 1, 9, 0, tzinfo=UTC)),
        (BOB, "Tue Dec 1, 10:00", datetime(2026, 12, 1, 16, 0, tzinfo=UTC)),
    ],
)
def test_schedule_reschedule_and_cancel_reach_the_members_calendar(
    driver: SlackDriver,
    slack: SlackStandIn,
    db: Database,
    listeners: TrackingExecutor,
    user: str,
    local_start: str,
    utc_start: datetime,
) -> None:
    other = BOB if user == ALICE else ALICE
    saved = _schedule(driver, listeners, user, utc_start)

    # The confirmation carries the two template links, in UTC.
    links = _links(saved)
    google, outlook = links[ids.CALENDAR_GOOGLE], links[ids.CALENDAR_OUTLOOK]
    assert google["action"] == ["TEMPLATE"]
    assert google["dates"] == [
        f"{utc_start:%Y%m%dT%H%M%S}Z/{utc_start + timedelta(minutes=15):%Y%m%dT%H%M%S}Z"
    ]
    assert google["text"] == ["15-minute informational interview with Jane Doe"]
    assert google["location"] == ["https://meet.example.com/abc"]
    assert "how their team runs usability studies" in google["details"][0]
    assert outlook["startdt"] == [f"{utc_start:%Y-%m-%dT%H:%M:%S}Z"]
    assert outlook["enddt"] == [f"{utc_start + timedelta(minutes=15):%Y-%m-%dT%H:%M:%S}Z"]
    assert outlook["subject"] == google["text"]

    # The .ics came to the member's DM, with the local time in the comment.
    (first,) = _calendar_files(slack, user)
    comment = [m for m in slack.messages(channel=dm_channel(user)) if m.files][-1].text or ""
    assert local_start in comment and "Jane Doe" in comment
    calendar, event = _event(slack, first)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert event.decoded("DTSTART") == utc_start
    assert event.decoded("DTEND") == utc_start + timedelta(minutes=15)
    assert event["DTSTART"].to_ical().endswith(b"Z")  # UTC, readable in any zone
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "15-minute informational interview with Jane Doe"
    assert str(event["LOCATION"]) == "https://meet.example.com/abc"
    assert "how their team runs usability studies" in str(event["DESCRIPTION"])
    uid = str(event["UID"])

    # Rescheduled from App Home: same UID, SEQUENCE raised, the new time.
    with db.session() as session:
        meeting_id = session.scalar(select(Meeting.id))
    driver.open_home(user)
    listeners.settle()
    form = reschedule_form(driver, user, meeting_id)
    later = utc_start + timedelta(days=1, hours=2)
    driver.submit(user, form, {BLOCK[MeetingField.START]: int(later.timestamp())})
    listeners.settle()
    assert _links(slack.top_modal(user))[ids.CALENDAR_GOOGLE]["dates"][0].startswith(
        f"{later:%Y%m%dT%H%M%S}Z/"
    )
    _, moved = _event(slack, _calendar_files(slack, user)[-1])
    assert str(moved["UID"]) == uid
    assert int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == later
    assert str(moved["STATUS"]) == "CONFIRMED"
    assert "Moved" in (slack.messages(channel=dm_channel(user))[-1].text or "")

    # Cancelled: same UID, SEQUENCE raised again, STATUS:CANCELLED.
    cancel_meeting(driver, user, meeting_id)
    listeners.settle()
    files = _calendar_files(slack, user)
    assert len(files) == 3
    _, cancelled = _event(slack, files[-1])
    assert str(cancelled["UID"]) == uid
    assert int(cancelled["SEQUENCE"]) == 2
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Cancelled" in (slack.messages(channel=dm_channel(user))[-1].text or "")

    # Nothing of it reached the other member.
    assert _calendar_files(slack, other) == []
    assert "Jane" not in json.dumps([m.text for m in slack.messages(channel=dm_channel(other))])


def test_a_meeting_logged_after_the_fact_sends_no_calendar_file(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    saved = _schedule(driver, listeners, ALICE, NOW - timedelta(hours=3))
    assert _links(saved) == {}
    assert _calendar_files(slack, ALICE) == []


def test_a_refused_upload_keeps_the_meeting_and_its_reminders(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    slack.fail_next("files.getUploadURLExternal", error="ratelimited")
    saved = _schedule(driver, listeners, ALICE, NOW + timedelta(days=2))
    assert ids.CALENDAR_GOOGLE in json.dumps(saved)  # the links still work
    with db.session() as session:
        assert session.scalar(select(Meeting.cancelled_at)) is None
    assert "Upcoming meetings" in home_seen(driver, listeners, ALICE)


def test_a_meeting_moved_into_the_past_updates_the_calendar_without_links(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    _schedule(driver, listeners, ALICE, NOW + timedelta(days=1))
    with db.session() as session:
        meeting_id = session.scalar(select(Meeting.id))
    driver.open_home(ALICE)
    listeners.settle()
    form = reschedule_form(driver, ALICE, meeting_id)
    earlier = NOW - timedelta(hours=1)  # it happened already: logged, with its notes next
    driver.submit(
        ALICE,
        form,
        {
            BLOCK[MeetingField.START]: int(earlier.timestamp()),
            ids.MEETING_ALREADY_MET: ["already_met"],
        },
    )
    listeners.settle()
    assert _links(slack.top_modal(ALICE)) == {}
    assert "Write your notes now" in json.dumps(slack.top_modal(ALICE))
    _, moved = _event(slack, _calendar_files(slack, ALICE)[-1])
    assert (int(moved["SEQUENCE"]), moved.decoded("DTSTART")) == (1, earlier)
