"""The coach's view of the cohort: counts per member over three periods, reply rate and
speed, who has stalled, and progress against weekly goals. Each member's counts and
activity: these functions see instants and counts, never a contact, a draft or a note."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from statistics import median
from zoneinfo import ZoneInfo

from slackbot.domain.calendar import BusinessCalendar, local_instant

STALLED_AFTER = timedelta(days=7)
WEEKS_IN_MONTH_VIEW = 4


class Measure(StrEnum):
    TARGETS = "targets"
    CONTACTS = "contacts"
    ASKS = "asks"
    REPLIES = "replies"
    MEETINGS = "meetings"
    THANK_YOUS = "thank_yous"
    REFERRALS = "referrals"

    @property
    def label(self) -> str:
        return {
            "targets": "targets",
            "contacts": "contacts",
            "asks": "asks sent",
            "replies": "replies",
            "meetings": "meetings held",
            "thank_yous": "thank-yous",
            "referrals": "referrals",
        }[self.value]


@dataclass(frozen=True)
class Periods:
    """Where "this week" (Monday 00:00 in the cohort's zone) and "the last 4 weeks" (this
    week and the 3 before it) begin, as UTC instants; both end at `now`."""

    now: datetime
    week_start: datetime
    four_weeks_start: datetime


def periods_at(now: datetime, tz: ZoneInfo) -> Periods:
    monday = now.astimezone(tz).date()
    monday -= timedelta(days=monday.weekday())
    return Periods(
        now=now,
        week_start=local_instant(monday, 0, tz),
        four_weeks_start=local_instant(monday - timedelta(weeks=WEEKS_IN_MONTH_VIEW - 1), 0, tz),
    )


@dataclass(frozen=True)
class Counts:
    week: int = 0
    four_weeks: int = 0
    all_time: int = 0


def count_in(instants: Iterable[datetime], periods: Periods) -> Counts:
    """How many of `instants` fall in each period; the future (a meeting ahead) is not counted."""
    past = [instant for instant in instants if instant <= periods.now]
    return Counts(
        week=sum(instant >= periods.week_start for instant in past),
        four_weeks=sum(instant >= periods.four_weeks_start for instant in past),
        all_time=len(past),
    )


@dataclass(frozen=True)
class AskedContact:
    """One contact a member asked: when they first asked, and when (if) they replied."""

    first_asked: datetime
    replied: datetime | None


@dataclass(frozen=True)
class MemberActivity:
    """What a member logged, as instants by measure, plus their asks' outcomes."""

    user_id: str
    events: Mapping[Measure, Sequence[datetime]]
    asked: Sequence[AskedContact]
    last_logged: datetime | None


@dataclass(frozen=True)
class MemberStats:
    user_id: str
    counts: Mapping[Measure, Counts]
    reply_rate: float | None  # replied / asked contacts, all time; None before any ask
    median_reply_days: float | None  # business days from the first ask to the reply
    last_logged: datetime | None
    stalled: bool

    def days_quiet(self, now: datetime) -> int | None:
        return None if self.last_logged is None else (now - self.last_logged).days


def reply_days(
    asked: Iterable[AskedContact], calendar: BusinessCalendar, tz: ZoneInfo
) -> list[int]:
    """Business days from each first ask to its reply (replies before the ask don't count)."""

    def local(instant: datetime) -> date:
        return instant.astimezone(tz).date()

    return [
        calendar.business_days_between(local(contact.first_asked), local(contact.replied))
        for contact in asked
        if contact.replied is not None and contact.replied >= contact.first_asked
    ]


def is_stalled(last_logged: datetime | None, now: datetime) -> bool:
    """Nothing logged for 7 days (or ever)."""
    return last_logged is None or now - last_logged >= STALLED_AFTER


def member_stats(
    activity: MemberActivity, periods: Periods, *, calendar: BusinessCalendar, tz: ZoneInfo
) -> MemberStats:
    days = reply_days(activity.asked, calendar, tz)
    return MemberStats(
        user_id=activity.user_id,
        counts={
            measure: count_in(activity.events.get(measure, ()), periods) for measure in Measure
        },
        reply_rate=len(days) / len(activity.asked) if activity.asked else None,
        median_reply_days=median(days) if days else None,
        last_logged=activity.last_logged,
        stalled=is_stalled(activity.last_logged, periods.now),
    )


def totals(stats: Iterable[MemberStats]) -> dict[Measure, Counts]:
    """The cohort's sums, measure by measure."""
    summed = {measure: Counts() for measure in Measure}
    for member in stats:
        for measure, counts in member.counts.items():
            total = summed[measure]
            summed[measure] = Counts(
                total.week + counts.week,
                total.four_weeks + counts.four_weeks,
                total.all_time + counts.all_time,
            )
    return summed


def stalled_first(stats: Iterable[MemberStats]) -> list[MemberStats]:
    """Who needs help first: stalled members, longest quiet first; then the rest by id."""

    def key(member: MemberStats) -> tuple[int, float, str]:
        quiet = member.last_logged.timestamp() if member.last_logged else float("-inf")
        return (0 if member.stalled else 1, quiet if member.stalled else 0.0, member.user_id)

    return sorted(stats, key=key)


@dataclass(frozen=True)
class Goals:
    """A member's weekly goals."""

    asks: int
    meetings: int


@dataclass(frozen=True)
class WeekProgress:
    """A member's asks sent and meetings held this week, against their goals."""

    goals: Goals
    own_goals: bool  # False: the cohort's default
    asks: int
    meetings: int
    on_leaderboard: bool = False  # named in the weekly digest


PROGRESS_CELLS = 10
GOAL_MAX = 50


def progress_bar(done: int, goal: int) -> str:
    """A text bar, e.g. `▰▰▰▰▰▰▱▱▱▱ 3/5`; full (with a star) when the goal is met."""
    if goal <= 0:
        return f"{done} (no goal)"
    filled = min(PROGRESS_CELLS, round(PROGRESS_CELLS * done / goal))
    bar = "\u25b0" * filled + "\u25b1" * (PROGRESS_CELLS - filled)
    return f"{bar} {done}/{goal}" + (" :star:" if done >= goal else "")


def read_goal(raw: str | None) -> tuple[int | None, str | None]:
    """A weekly goal as typed: (the number, None), (None, None) when empty, or an error."""
    text = (raw or "").strip()
    if not text:
        return None, None
    if text.isascii() and text.isdecimal() and int(text) <= GOAL_MAX:
        return int(text), None
    return None, f"Please enter a whole number from 0 to {GOAL_MAX}."


def cohort_asks_goal_error(asks: int | None) -> str | None:
    """The cohort's default weekly asks: at least one, or the method has nothing to count."""
    if asks == 0:
        return (
            "Please set at least 1 ask a week: the method runs on asks (each one starts "
            "its follow-up clock), so a goal of 0 would switch it off for everyone."
        )
    return None
