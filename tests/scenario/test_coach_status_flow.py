"""A demoted admin loses the coach's surfaces within minutes: the admin flag behind them is
checked with Slack (users.info) every few minutes, not once a week like the time zone."""

import json
from datetime import timedelta

import pytest

from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.services.members import COACH_STATUS_MAX_AGE
from tests.conftest import NOW, TrackingExecutor

COACH = "UCOACH"
COACH_ACTIONS = "Cohort goals & digest"  # on App Home, for coaches only
COACH_STATS = "No members have used Parachute yet"  # /cohort stats of an empty cohort


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(NOW)


def _stats_reply(driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor) -> str:
    driver.command(COACH, "/cohort", "stats")
    listeners.settle()
    return json.dumps(slack.messages(user=COACH)[-1].blocks)


def _home(driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor) -> str:
    driver.open_home(COACH)
    listeners.settle()
    return json.dumps(slack.home(COACH)["blocks"])


def test_a_demoted_admin_loses_the_coach_surfaces_within_minutes(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor, clock: SimulatedClock
) -> None:
    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    assert COACH_STATS in _stats_reply(driver, slack, listeners)
    assert COACH_ACTIONS in _home(driver, slack, listeners)

    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=False)
    clock.now += COACH_STATUS_MAX_AGE - timedelta(seconds=1)
    assert COACH_STATS in _stats_reply(driver, slack, listeners)  # cached

    clock.now += timedelta(seconds=2)
    assert "is for the cohort's coaches" in _stats_reply(driver, slack, listeners)
    assert COACH_ACTIONS not in _home(driver, slack, listeners)

    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    clock.now += COACH_STATUS_MAX_AGE + timedelta(seconds=1)
    assert COACH_ACTIONS not in _home(driver, slack, listeners)  # a promotion waits...
    assert COACH_STATS in _stats_reply(driver, slack, listeners)  # ...for /cohort
    assert COACH_ACTIONS in _home(driver, slack, listeners)
