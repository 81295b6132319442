"""Business days (weekends and the cohort's public holidays excluded) and local times."""

from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

DEFAULT_COUNTRY = "US"
SATURDAY = 5


@dataclass(frozen=True)
class BusinessCalendar:
    """Counts business days; `holidays` holds the dates that are not worked."""

    holidays: Container[date]

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < SATURDAY and day not in self.holidays

    def add_business_days(self, start: date, days: int) -> date:
        """The business day `days` business days after `start` (`start` itself if 0 and open).

        Counting starts the day after `start`, so a Friday + 1 is the next Monday.
        """
        day = start
        if days == 0:
            while not self.is_business_day(day):
                day += timedelta(days=1)
            return day
        remaining = days
        while remaining:
            day += timedelta(days=1)
            if self.is_business_day(day):
                remaining -= 1
        return day

    def business_days_between(self, start: date, end: date) -> int:
        """How many business days after `start`, up to and including `end`."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_business_day(day)
        return count


@lru_cache(maxsize=64)
def calendar_for(country: str | None) -> BusinessCalendar:
    """The calendar of a country's public holidays (ISO code; unknown codes mean none)."""
    code = (country or DEFAULT_COUNTRY).upper()
    try:
        return BusinessCalendar(holidays.country_holidays(code))
    except NotImplementedError:
        return BusinessCalendar(frozenset())


def zone(name: str | None) -> ZoneInfo:
    """The IANA zone, or UTC when it is unknown or unset."""
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_instant(day: date, minute_of_day: int, tz: ZoneInfo) -> datetime:
    """The UTC instant of `day` at `minute_of_day` local time (a DST gap moves it forward)."""
    wall = datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60), tzinfo=tz)
    # Round-tripping through UTC resolves a wall time that a DST gap skipped.
    return wall.astimezone(UTC)


def business_days_later(
    sent: datetime,
    days: int,
    *,
    calendar: BusinessCalendar,
    tz: ZoneInfo,
    at_minute: int,
) -> datetime:
    """The UTC instant `days` business days after `sent`, at `at_minute` local time."""
    local_day = sent.astimezone(tz).date()
    return local_instant(calendar.add_business_days(local_day, days), at_minute, tz)


@dataclass(frozen=True)
class CivilHours:
    """When day-scale reminders go out: a business day, at the cohort's nudge time, in the
    member's zone (never on a weekend or at the odd minute a meeting ended)."""

    calendar: BusinessCalendar
    tz: ZoneInfo
    at_minute: int

    def first_at_or_after(self, earliest: datetime) -> datetime:
        day = self.calendar.add_business_days(earliest.astimezone(self.tz).date(), 0)
        instant = local_instant(day, self.at_minute, self.tz)
        if instant < earliest:  # the nudge time has passed that day: the next business day
            instant = local_instant(
                self.calendar.add_business_days(day, 1), self.at_minute, self.tz
            )
        return instant

    def last_before(self, moment: datetime) -> datetime:
        """The nudge time of the last business day before `moment`'s day (a Monday
        meeting's is the Friday before, a Saturday's too)."""
        day = moment.astimezone(self.tz).date() - timedelta(days=1)
        while not self.calendar.is_business_day(day):
            day -= timedelta(days=1)
        return local_instant(day, self.at_minute, self.tz)
