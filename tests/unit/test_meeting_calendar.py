from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from slackbot.domain.contacts import NAME_MAX
from slackbot.domain.meeting_calendar import (
    LINK_MAX,
    MeetingEvent,
    google_calendar_link,
    ics_file,
    meeting_uid,
    outlook_calendar_link,
)
from slackbot.domain.meetings import GOAL_MAX, LOCATION_MAX
from slackbot.domain.text import clean_block, clean_line

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
# Written in a member's zone (UTC-5): the file and the links still carry UTC.
START = datetime(2026, 12, 1, 10, 0, tzinfo=timezone(timedelta(hours=-5)))
# What the forms let through: each field as its validator cleans it.
NAME = st.text(min_size=1, max_size=NAME_MAX).map(clean_line).filter(bool)
GOAL = st.text(min_size=1, max_size=GOAL_MAX).map(clean_block).filter(bool)
LOCATION = st.text(max_size=LOCATION_MAX).map(clean_line)


def _event(**changes: object) -> MeetingEvent:
    fields: dict[str, object] = {
        "uid": meeting_uid(7, NOW),
        "sequence": 0,
        "starts_at": START,
        "duration_minutes": 15,
        "contact_name": "Jane Doe",
        "location": "Blue Bottle, Market St",
        "goal": "how their team runs usability studies",
    } | changes
    return MeetingEvent(**fields)  # type: ignore[arg-type]


def _query(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


def test_the_file_holds_the_meeting_in_utc_and_nothing_else() -> None:
    (event,) = Calendar.from_ical(ics_file(_event(), now=NOW)).walk("VEVENT")
    assert event["DTSTART"].to_ical() == b"20261201T150000Z"
    assert event["DTEND"].to_ical() == b"20261201T151500Z"
    assert event["DTSTAMP"].to_ical() == b"20261125T150000Z"
    assert str(event["UID"]) == meeting_uid(7, NOW)
    assert str(event["SUMMARY"]) == "15-minute informational interview with Jane Doe"
    assert str(event["LOCATION"]) == "Blue Bottle, Market St"
    assert set(event.keys()) == {
        "UID",
        "SEQUENCE",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "STATUS",
        "TRANSP",
    }  # no organizer, no attendees: nobody's address leaves Parachute


def test_a_cancelled_meeting_keeps_its_uid_with_a_higher_sequence() -> None:
    (event,) = Calendar.from_ical(ics_file(_event(sequence=3, cancelled=True), now=NOW)).walk(
        "VEVENT"
    )
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 3
    assert str(event["UID"]) == meeting_uid(7, NOW)


def test_uids_differ_between_meetings_even_with_a_reused_id() -> None:
    assert meeting_uid(7, NOW) != meeting_uid(8, NOW)
    assert meeting_uid(7, NOW) != meeting_uid(7, NOW + timedelta(microseconds=1))


def test_the_links_carry_utc_times() -> None:
    google = _query(google_calendar_link(_event(duration_minutes=20)))
    assert google["dates"] == ["20261201T150000Z/20261201T152000Z"]
    assert google["text"] == ["20-minute informational interview with Jane Doe"]
    outlook = _query(outlook_calendar_link(_event()))
    assert outlook["startdt"] == ["2026-12-01T15:00:00Z"]
    assert outlook["enddt"] == ["2026-12-01T15:15:00Z"]
    assert outlook["rru"] == ["addevent"]
    assert "+" not in outlook_calendar_link(_event())  # Outlook shows a "+" as it is


@given(name=NAME, goal=GOAL, location=LOCATION)
def test_any_text_round_trips_and_the_links_fit_a_button(
    name: str, goal: str, location: str
) -> None:
    event = _event(contact_name=name, goal=goal, location=location or None)
    (parsed,) = Calendar.from_ical(ics_file(event, now=NOW)).walk("VEVENT")
    assert str(parsed["SUMMARY"]) == event.title
    assert str(parsed["DESCRIPTION"]) == event.details
    google, outlook = google_calendar_link(event), outlook_calendar_link(event)
    assert len(google) <= LINK_MAX and len(outlook) <= LINK_MAX
    assert _query(google)["dates"] == ["20261201T150000Z/20261201T151500Z"]
    assert _query(outlook)["startdt"] == ["2026-12-01T15:00:00Z"]
