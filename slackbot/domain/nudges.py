"""Rules for posting reminders: privacy levels, quiet hours, and when to use a digest."""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from slackbot.domain.calendar import BusinessCalendar, local_instant

# More members due in one channel at once than this: one digest, details in its thread.
DIGEST_ABOVE = 5
ITEMS_PER_MESSAGE = 10


class NudgeState(StrEnum):
    """Where a reminder is in its life."""

    PENDING = "pending"  # waiting for its instant
    SNOOZED = "snoozed"  # waiting, pushed later by its owner
    SENDING = "sending"  # claimed by a dispatcher, maybe posted (a crash leaves it here)
    SENT = "sent"  # posted: its buttons still act
    DONE = "done"  # its owner did it
    CANCELLED = "cancelled"  # no longer needed: a reply, a meeting, an uninstall


# The groups of states, declared here only.
WAITING = (NudgeState.PENDING, NudgeState.SNOOZED)  # to post at their instant
NOT_POSTED = (*WAITING, NudgeState.SENDING)  # nothing (surely) in Slack yet
LIVE = (*WAITING, NudgeState.SENT)  # unsettled, and in no dispatcher's hands
OPEN = (*LIVE, NudgeState.SENDING)  # unsettled: its owner may still act on it


class NudgeKind(StrEnum):
    # About an ask (the follow-up clock)
    SECOND_CONTACT = "second_contact"
    FOLLOW_UP = "follow_up"
    PARK = "park"
    # About a meeting
    PREP = "prep"
    NOTES = "notes"
    THANK_YOU = "thank_you"
    CLOSE_LOOP = "close_loop"
    KEEP_IN_TOUCH = "keep_in_touch"
    # About the cohort: the coach's weekly digest in the channel
    WEEKLY_DIGEST = "weekly_digest"

    @property
    def about_an_ask(self) -> bool:
        return self in (NudgeKind.SECOND_CONTACT, NudgeKind.FOLLOW_UP, NudgeKind.PARK)


# Reminders a snooze suits: waiting for a reply, or a step with no fixed hour. A prep pack
# (the meeting will not wait), notes and a thank-you (best the same day) and a parked
# notice (nothing to do later) are not snoozed.
SNOOZABLE = frozenset(
    {NudgeKind.SECOND_CONTACT, NudgeKind.FOLLOW_UP, NudgeKind.CLOSE_LOOP, NudgeKind.KEEP_IN_TOUCH}
)


class PrivacyLevel(StrEnum):
    FULL = "full"  # the contact's name and company
    COMPANY = "company"  # "your contact at Acme" (the default)
    MINIMAL = "minimal"  # counts only

    @property
    def label(self) -> str:
        return {
            "full": "Full: the contact's name and company",
            "company": "Company only: “your contact at Acme”",
            "minimal": "Minimal: counts only, details in App Home",
        }[self.value]


def _in_quiet_hours(minute: int, start: int, end: int) -> bool:
    if start == end:
        return False
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end  # the quiet hours span midnight


def after_quiet_hours(instant: datetime, *, tz: ZoneInfo, start: int, end: int) -> datetime:
    """`instant`, or the end of the member's quiet hours when it falls inside them."""
    local = instant.astimezone(tz)
    minute = local.hour * 60 + local.minute
    if not _in_quiet_hours(minute, start, end):
        return instant
    day = local.date() if minute < end else local.date() + timedelta(days=1)
    return local_instant(day, end, tz)


# A follow-up reminder that missed its nudge time (downtime, a retry) waits for the next
# one rather than arriving in the middle of the evening.
NUDGE_WINDOW = timedelta(hours=3)


def within_nudge_time(
    instant: datetime, *, tz: ZoneInfo, calendar: BusinessCalendar, minute: int
) -> datetime:
    """`instant` if it is on a business day within the window after the nudge time;
    otherwise the next such nudge time."""
    day = instant.astimezone(tz).date()
    if calendar.is_business_day(day):
        start = local_instant(day, minute, tz)
        if start <= instant < start + NUDGE_WINDOW:
            return instant
        if instant < start:
            return start
    return local_instant(calendar.add_business_days(day, 1), minute, tz)


# Message metadata of a posted nudge: which outbox keys it carries, so a dispatcher that
# crashed after posting finds them in the channel's history. Slack's payload values are
# strings, numbers, booleans, objects of those, or arrays of such objects (never an array
# of strings): one object per key.
def nudge_payload(keys: Iterable[str]) -> dict[str, list[dict[str, str]]]:
    return {"nudges": [{"key": key} for key in keys]}


def keys_in_payload(payload: Mapping[str, Any] | None) -> set[str]:
    """The keys of a nudge's metadata payload: this shape, or the `{"keys": [...]}` one of
    messages posted before it."""
    payload = payload or {}
    found = {item.get("key") for item in payload.get("nudges") or [] if isinstance(item, dict)}
    found.update(key for key in payload.get("keys") or [] if isinstance(key, str))
    return {key for key in found if isinstance(key, str)}
