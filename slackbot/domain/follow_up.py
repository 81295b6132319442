"""The follow-up clock, "3B7" (DESIGN §2.3): when each reminder about an ask falls due."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from slackbot.domain.calendar import BusinessCalendar, business_days_later
from slackbot.domain.nudges import NudgeKind


@dataclass(frozen=True)
class Cadence:
    second_contact_days: int = 3
    follow_up_days: int = 7
    max_follow_ups: int = 2
    at_minute: int = 9 * 60  # the local time of day reminders fall due


@dataclass(frozen=True)
class PlannedNudge:
    kind: NudgeKind
    number: int
    due_at: datetime


def follow_up_plan(
    sent_at: datetime,
    *,
    cadence: Cadence,
    calendar: BusinessCalendar,
    tz: ZoneInfo,
    second_person: bool = False,
) -> list[PlannedNudge]:
    """Reach a second contact after 3 business days, follow up every 7, then park. An ask
    to the `second_person` at a company (someone there was asked already) is that step
    done: it plans no "reach a second person" of its own."""

    def later(days: int) -> datetime:
        return business_days_later(
            sent_at, days, calendar=calendar, tz=tz, at_minute=cadence.at_minute
        )

    plan = (
        []
        if second_person
        else [PlannedNudge(NudgeKind.SECOND_CONTACT, 0, later(cadence.second_contact_days))]
    )
    plan += [
        PlannedNudge(NudgeKind.FOLLOW_UP, number, later(cadence.follow_up_days * number))
        for number in range(1, cadence.max_follow_ups + 1)
    ]
    plan.append(
        PlannedNudge(
            NudgeKind.PARK, 0, later(cadence.follow_up_days * (cadence.max_follow_ups + 1))
        )
    )
    return plan
