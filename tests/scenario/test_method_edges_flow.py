"""Issue #21: the method holds at every edge (settings that would break 3B7, meetings that
already happened, the words a member reads and says), through the real app."""

import json

from slack_bolt import App

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn, dm_channel
from slackbot.domain.cohort_settings import CohortField
from tests.conftest import TrackingExecutor

COACH = "UCOACH"
CHANNEL = "C0COHORT"
BLOCK = ids.COHORT_BLOCKS


def _open_cohort_settings(driver: SlackDriver, slack: SlackStandIn) -> dict:
    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    driver.command(COACH, "/cohort")
    slack.wait_for("views.open")
    return slack.top_modal(COACH)


def test_no_cohort_setting_switches_the_method_off(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    modal = _open_cohort_settings(driver, slack)
    answer = driver.submit(
        COACH,
        modal,
        {
            BLOCK[CohortField.MAX_FOLLOW_UPS]: "0",
            BLOCK[CohortField.QUIET_START]: "08:00",
            BLOCK[CohortField.QUIET_END]: "08:00",
            BLOCK[CohortField.COUNTRY]: "ZZ",
        },
    )
    errors = answer.errors
    assert set(errors) == {
        BLOCK[CohortField.MAX_FOLLOW_UPS],
        BLOCK[CohortField.QUIET_END],
        BLOCK[CohortField.COUNTRY],
    }
    assert "at least one kind follow-up" in errors[BLOCK[CohortField.MAX_FOLLOW_UPS]]
    assert "08:00 to 08:00" in errors[BLOCK[CohortField.QUIET_END]]
    assert "\u201cZZ\u201d is not a country" in errors[BLOCK[CohortField.COUNTRY]]
    listeners.settle()
    assert slack.messages(channel=dm_channel(COACH)) == []  # nothing saved, nothing said

    answer = driver.submit(
        COACH,
        modal,
        {
            BLOCK[CohortField.CHANNEL]: CHANNEL,
            BLOCK[CohortField.MAX_FOLLOW_UPS]: "1",
            BLOCK[CohortField.COUNTRY]: "gb",
            BLOCK[CohortField.QUIET_START]: "21:30",
            BLOCK[CohortField.QUIET_END]: "07:00",
        },
    )
    assert answer.errors == {}
    listeners.settle()
    [summary] = slack.messages(channel=dm_channel(COACH))
    assert "Cohort settings saved" in summary.text
    shown = json.dumps(summary.blocks)
    assert f"<#{CHANNEL}>" in shown and "GB public holidays" in shown
    assert "parked after 1 follow-up." in shown and "Quiet hours 21:30\\u201307:00" in shown


def test_a_cohort_goal_of_no_asks_is_refused(
    driver: SlackDriver, slack: SlackStandIn, app: App, db: Database, listeners: TrackingExecutor
) -> None:
    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    driver.open_home(COACH)
    slack.wait_for("views.publish")
    driver.click(COACH, ids.HOME_COHORT_GOALS, view=slack.home(COACH))
    slack.wait_for("views.open")
    form = slack.top_modal(COACH)
    answer = driver.submit(COACH, form, {ids.GOAL_ASKS: "0", ids.GOAL_MEETINGS: "0"})
    assert set(answer.errors) == {ids.GOAL_ASKS}
    assert "at least 1 ask a week" in answer.errors[ids.GOAL_ASKS]
    assert driver.submit(COACH, form, {ids.GOAL_ASKS: "1", ids.GOAL_MEETINGS: "0"}).errors == {}
