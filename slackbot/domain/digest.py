"""The weekly digest: when it is due, and what the past week adds up to. Members are
named only when they opted in; everyone else is counted, never named."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from slackbot.domain.calendar import local_instant
from slackbot.domain.cohort_stats import Goals, Measure, MemberActivity

DIGEST_WEEK = timedelta(days=7)
LEADERBOARD_SIZE = 5
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class DigestTime:
    """When the coach wants the digest: a weekday (0 is Monday) and a minute of the day,
    in the cohort's time zone."""

    weekday: int
    minute: int


def read_weekday(value: str | None) -> int | None:
    """A weekday number (0 is Monday) as a select sends it, or None if it is not one."""
    text = (value or "").strip()
    return int(text) if len(text) == 1 and text in "0123456" else None


def next_digest_at(now: datetime, *, weekday: int, minute: int, tz: ZoneInfo) -> datetime:
    """The first `weekday` at `minute` (cohort's local time) strictly after `now`, in UTC."""
    today = now.astimezone(tz).date()
    for ahead in range(8):
        day = today + timedelta(days=ahead)
        if day.weekday() == weekday and (due := local_instant(day, minute, tz)) > now:
            return due
    raise AssertionError("a weekday comes back within 8 days")


class Funnel(StrEnum):
    """The cohort's weekly funnel, in order: each step is rarer than the one before."""

    ASKS = "asks"
    REPLIES = "replies"
    MEETINGS = "meetings"
    REFERRALS = "referrals"

    @property
    def label(self) -> str:
        return {
            "asks": "Asks sent",
            "replies": "Replies",
            "meetings": "Meetings held",
            "referrals": "Referrals",
        }[self.value]

    @property
    def measure(self) -> Measure:
        return Measure(self.value)


@dataclass(frozen=True)
class MemberWeek:
    user_id: str
    named: bool  # opted in to the leaderboard and celebrations
    goals: Goals
    funnel: dict[Funnel, int]
    first_reply: bool  # their first reply ever came this week

    @property
    def score(self) -> tuple[int, int, int]:
        """Meetings first, then replies, then asks: the steps that are harder come first."""
        return (
            self.funnel[Funnel.MEETINGS],
            self.funnel[Funnel.REPLIES],
            self.funnel[Funnel.ASKS],
        )


@dataclass(frozen=True)
class Digest:
    start: datetime
    end: datetime
    members: Sequence[MemberWeek]

    def total(self, step: Funnel) -> int:
        return sum(member.funnel[step] for member in self.members)

    @property
    def goals(self) -> Goals:
        return Goals(
            asks=sum(member.goals.asks for member in self.members),
            meetings=sum(member.goals.meetings for member in self.members),
        )

    @property
    def leaderboard(self) -> list[MemberWeek]:
        ranked = [m for m in self.members if m.named and any(m.score)]
        return sorted(ranked, key=lambda m: (-m.score[0], -m.score[1], -m.score[2], m.user_id))[
            :LEADERBOARD_SIZE
        ]

    @property
    def first_replies(self) -> int:
        return sum(member.first_reply for member in self.members)


def member_week(
    activity: MemberActivity, *, named: bool, goals: Goals, start: datetime, end: datetime
) -> MemberWeek:
    def within(instants: Iterable[datetime]) -> int:
        return sum(start <= instant <= end for instant in instants)

    replies = sorted(activity.events.get(Measure.REPLIES, ()))
    return MemberWeek(
        user_id=activity.user_id,
        named=named,
        goals=goals,
        funnel={step: within(activity.events.get(step.measure, ())) for step in Funnel},
        first_reply=bool(replies) and start <= replies[0] <= end,
    )
