"""A meeting in the member's own calendar: the RFC 5545 file, and the template links of
Google Calendar and Outlook. Times are UTC throughout, so every zone reads them right."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode

from icalendar import Calendar, Event

PRODUCT_ID = "-//Parachute//Informational interviews//EN"
UID_DOMAIN = "parachute.meetings"
LINK_MAX = 3000  # a Block Kit button's url
GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
OUTLOOK_COMPOSE = "https://outlook.office.com/calendar/0/deeplink/compose"
GOOGLE_INSTANT = "%Y%m%dT%H%M%SZ"
OUTLOOK_INSTANT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class MeetingEvent:
    """What the member's calendar holds of one meeting: their own words, nobody else's."""

    uid: str
    sequence: int
    starts_at: datetime
    duration_minutes: int
    contact_name: str
    location: str | None
    goal: str | None
    cancelled: bool = False

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def title(self) -> str:
        return f"{self.duration_minutes}-minute informational interview with {self.contact_name}"

    @property
    def details(self) -> str:
        lines = [f"What I want to learn: {self.goal}"] if self.goal else []
        if self.location:
            lines.append(f"Where: {self.location}")
        lines.append("Keep to the time you asked for, and end with: who else should I talk to?")
        return "\n".join(lines)


def meeting_uid(meeting_id: int, created_at: datetime) -> str:
    """Stable for the meeting's life; its creation instant keeps it unique even where a
    database hands a deleted row's id out again."""
    return f"{meeting_id}-{int(created_at.timestamp() * 1_000_000)}@{UID_DOMAIN}"


def ics_file(event: MeetingEvent, *, now: datetime) -> bytes:
    """The calendar file: PUBLISH, whose STATUS:CANCELLED takes a cancelled meeting off."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = Event()
    entry.add("uid", event.uid)
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", now.astimezone(UTC))
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("summary", event.title)
    entry.add("description", event.details)
    if event.location:
        entry.add("location", event.location)
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    entry.add("transp", "TRANSPARENT" if event.cancelled else "OPAQUE")
    calendar.add_component(entry)
    return calendar.to_ical()


def _utc(moment: datetime, pattern: str) -> str:
    return moment.astimezone(UTC).strftime(pattern)


def _shortest_link(base: str, fields: dict[str, str], optional: tuple[str, ...]) -> str:
    """The link with every field, or without the optional ones (last first) past LINK_MAX:
    the calendar file keeps them all."""
    kept = dict(fields)
    link = _link(base, kept)
    for name in reversed(optional):
        if len(link) <= LINK_MAX:
            break
        kept.pop(name, None)
        link = _link(base, kept)
    return link


def _link(base: str, fields: dict[str, str]) -> str:
    # Spaces as %20: Outlook shows a "+" as it is.
    return f"{base}?{urlencode(fields, quote_via=quote, safe='/:')}"


def google_calendar_link(event: MeetingEvent) -> str:
    """Google Calendar's event template: `dates` as two UTC instants, start/end."""
    fields = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc(event.starts_at, GOOGLE_INSTANT)}/{_utc(event.ends_at, GOOGLE_INSTANT)}",
        "details": event.details,
        "location": event.location or "",
    }
    return _shortest_link(GOOGLE_TEMPLATE, fields, ("location", "details"))


def outlook_calendar_link(event: MeetingEvent) -> str:
    """Outlook on the web's compose deep link: ISO 8601 UTC start and end."""
    fields = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": _utc(event.starts_at, OUTLOOK_INSTANT),
        "enddt": _utc(event.ends_at, OUTLOOK_INSTANT),
        "body": event.details,
        "location": event.location or "",
    }
    return _shortest_link(OUTLOOK_COMPOSE, fields, ("location", "body"))
