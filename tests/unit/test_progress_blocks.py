import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.models.views import View

from slackbot.blocks.cohort import stats_message
from slackbot.blocks.contacts import ContactSummary
from slackbot.blocks.home import (
    AwaitingRow,
    CoachStatus,
    Dashboard,
    MeetingRow,
    NotesRow,
    home_view,
)
from slackbot.blocks.next_asks import NextAskRow
from slackbot.blocks.progress import CohortView
from slackbot.blocks.targets import CompanyRow
from slackbot.domain.calendar import BusinessCalendar
from slackbot.domain.cohort_stats import (
    Counts,
    Goals,
    MemberActivity,
    WeekProgress,
    member_stats,
    periods_at,
)
from slackbot.domain.lamp import Step
from slackbot.domain.pipeline import Stage

NOW = datetime(2026, 11, 25, 15, tzinfo=UTC)


def _cohort(size: int, stalled: int) -> CohortView:
    periods = periods_at(NOW, ZoneInfo("UTC"))
    members = [
        member_stats(
            MemberActivity(f"U{i:03d}", {}, [], NOW - timedelta(days=10 if i < stalled else 1)),
            periods,
            calendar=BusinessCalendar(frozenset()),
            tz=ZoneInfo("UTC"),
        )
        for i in range(size)
    ]
    return CohortView(members, Counts(), NOW)


def test_a_big_cohort_fits_one_message_stalled_members_first() -> None:
    message = stats_message(_cohort(45, stalled=3))
    assert len(message.blocks) <= 50
    shown = json.dumps(message.blocks)
    assert "And 5 more members, all moving." in shown
    assert shown.index("<@U002>") < shown.index("<@U003>")
    assert shown.count("coach_check_in") == 3


def test_a_coachs_home_with_a_big_cohort_and_a_full_dashboard_fits() -> None:
    dashboard = Dashboard(
        pipeline=dict.fromkeys(Stage, 1),
        recent_contacts=[ContactSummary(id=n, name=f"Contact {n}") for n in range(50)],
        next_asks=[
            NextAskRow(CompanyRow(n, f"Co {n}", 5, None, False), Step.ASK_INTRO) for n in range(50)
        ],
        awaiting=[AwaitingRow(n, f"Contact {n}", None, 2, None) for n in range(50)],
        coach=CoachStatus(None, None),
        meetings=[MeetingRow(n, f"Contact {n}", "Tue Dec 1, 10:00") for n in range(50)],
        notes=[NotesRow(f"Contact {n}", NOW.date(), "a note") for n in range(50)],
        week=WeekProgress(Goals(5, 2), False, 1, 0),
        offers_intros=False,
        cohort=_cohort(60, stalled=30),
    )
    view = home_view(dashboard)
    View(**view).to_dict()  # within Block Kit's limits
    assert len(view["blocks"]) <= 100
    assert "And 40 more members, 10 of them stalled." in json.dumps(view["blocks"])
