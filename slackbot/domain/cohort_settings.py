"""What a coach may set for the cohort, checked (DESIGN §3, `/cohort`)."""

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from zoneinfo import available_timezones

import holidays

from slackbot.domain.nudges import PrivacyLevel
from slackbot.domain.vocabulary import parse_choice

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class CohortField(StrEnum):
    CHANNEL = "channel"
    NUDGE_TIME = "nudge_time"
    TIMEZONE = "timezone"
    COUNTRY = "country"
    PRIVACY = "privacy"
    SECOND_CONTACT_DAYS = "second_contact_days"
    FOLLOW_UP_DAYS = "follow_up_days"
    MAX_FOLLOW_UPS = "max_follow_ups"
    QUIET_START = "quiet_start"
    QUIET_END = "quiet_end"
    KEEP_IN_TOUCH_DAYS = "keep_in_touch_days"


@dataclass(frozen=True)
class CohortSettingsForm:
    channel: str | None = None
    nudge_time: str | None = None
    timezone: str | None = None
    country: str | None = None
    privacy: str | None = None
    second_contact_days: str | None = None
    follow_up_days: str | None = None
    max_follow_ups: str | None = None
    quiet_start: str | None = None
    quiet_end: str | None = None
    keep_in_touch_days: str | None = None


@dataclass(frozen=True)
class CohortSettings:
    channel: str | None
    nudge_minute: int
    timezone: str
    country: str
    privacy: PrivacyLevel
    second_contact_days: int
    follow_up_days: int
    max_follow_ups: int
    quiet_start_minute: int
    quiet_end_minute: int
    keep_in_touch_days: int


# The fewest follow-ups the method allows: 3B7 is a follow-up at 7 business days, so a
# contact is never parked before one kind follow-up.
MIN_FOLLOW_UPS = 1
MAX_FOLLOW_UPS = 5

# (lowest, highest) for each number, and the error that says why when it is out of range:
# the form's inputs and the validation both read them here.
RANGES = {
    CohortField.SECOND_CONTACT_DAYS: (
        1,
        10,
        "Please enter a whole number between 1 and 10 business days.",
    ),
    CohortField.FOLLOW_UP_DAYS: (
        3,
        20,
        "Please enter a whole number between 3 and 20 business days.",
    ),
    CohortField.MAX_FOLLOW_UPS: (
        MIN_FOLLOW_UPS,
        MAX_FOLLOW_UPS,
        f"Please enter a whole number between {MIN_FOLLOW_UPS} and {MAX_FOLLOW_UPS}: the "
        "method (\u201c3B7\u201d) always sends at least one kind follow-up before a contact "
        "is parked, because many replies come after the first follow-up.",
    ),
    CohortField.KEEP_IN_TOUCH_DAYS: (
        0,
        365,
        "Please enter a whole number between 0 (off) and 365 days.",
    ),
}


def minute_of(hhmm: str | None) -> int | None:
    match = _TIME.match(hhmm or "")
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@cache
def timezone_names() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def known_timezone(name: str) -> bool:
    return name in timezone_names()


DEFAULT_TIMEZONE = "UTC"  # a new cohort's, until a coach saves the settings


def with_coach_zone(current: CohortSettings, coach_tz: str | None) -> CohortSettings:
    """The settings form for a cohort still on the default zone starts from the coach's
    own Slack zone: a cohort is rarely on UTC, and its weeks and digest follow its zone."""
    if current.timezone == DEFAULT_TIMEZONE and coach_tz and known_timezone(coach_tz):
        return replace(current, timezone=coach_tz)
    return current


def validate_cohort_settings(
    form: CohortSettingsForm,
) -> tuple[CohortSettings | None, dict[CohortField, str]]:
    errors: dict[CohortField, str] = {}
    minutes = {}
    for field, value in (
        (CohortField.NUDGE_TIME, form.nudge_time),
        (CohortField.QUIET_START, form.quiet_start),
        (CohortField.QUIET_END, form.quiet_end),
    ):
        minutes[field] = minute_of(value)
        if minutes[field] is None:
            errors[field] = "Please pick a time."
    numbers = {}
    for field, (low, high, error) in RANGES.items():
        raw = (getattr(form, field.value) or "").strip()
        numbers[field] = int(raw) if raw.isascii() and raw.isdecimal() and len(raw) < 6 else -1
        if not low <= numbers[field] <= high:
            errors[field] = error
    quiet_start, quiet_end = minutes[CohortField.QUIET_START], minutes[CohortField.QUIET_END]
    if quiet_start is not None and quiet_start == quiet_end:
        errors[CohortField.QUIET_END] = (
            f"Quiet hours from {hhmm(quiet_start)} to {hhmm(quiet_start)} have no length: "
            "please pick an end that differs from the start (e.g. 21:00 to 08:00)."
        )
    country = (form.country or "US").strip().upper()
    if country not in holidays.list_supported_countries():
        errors[CohortField.COUNTRY] = (
            f"\u201c{country[:2]}\u201d is not a country whose public holidays I know. "
            "Please use an ISO country code such as US, GB, IN or DE."
            if re.fullmatch(r"[A-Z]{2}", country)
            else "Please use a two-letter country code such as US, GB or IN."
        )
    timezone = (form.timezone or DEFAULT_TIMEZONE).strip()
    if not known_timezone(timezone):
        errors[CohortField.TIMEZONE] = "Please pick a time zone such as America/New_York."
    privacy = parse_choice(PrivacyLevel, form.privacy)
    if privacy is None:
        errors[CohortField.PRIVACY] = "Please pick how much nudges may show."
    nudge_minute = minutes[CohortField.NUDGE_TIME]
    if errors or privacy is None or None in (nudge_minute, quiet_start, quiet_end):
        return None, errors
    assert nudge_minute is not None and quiet_start is not None and quiet_end is not None
    return (
        CohortSettings(
            channel=form.channel or None,
            nudge_minute=nudge_minute,
            timezone=timezone,
            country=country,
            privacy=privacy,
            second_contact_days=numbers[CohortField.SECOND_CONTACT_DAYS],
            follow_up_days=numbers[CohortField.FOLLOW_UP_DAYS],
            max_follow_ups=numbers[CohortField.MAX_FOLLOW_UPS],
            quiet_start_minute=quiet_start,
            quiet_end_minute=quiet_end,
            keep_in_touch_days=numbers[CohortField.KEEP_IN_TOUCH_DAYS],
        ),
        {},
    )


def coaches_cohort(
    *, is_admin: bool, cohort_admins: Collection[str], team_id: str, user_id: str
) -> bool:
    """Coaches are the workspace's admins and owners, and the users COHORT_ADMINS names:
    by user id (a coach wherever Parachute is installed) or as TEAM:USER (in that
    workspace only: in an Enterprise Grid a user keeps one id in every workspace of the
    organisation)."""
    return is_admin or user_id in cohort_admins or f"{team_id}:{user_id}" in cohort_admins
