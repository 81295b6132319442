"""Set-ups shared by the scenario tests, as fixtures."""

import pytest
from slack_bolt import App

from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import Message
from tests.conftest import ALICE
from tests.scenario.journeys import (
    ASK_SENT,
    MONDAY_9_PARIS,
    channel_posts,
    send_ask,
    set_nudge_channel,
    time_passes,
)


@pytest.fixture
def nudged_on_monday(driver: SlackDriver, db: Database, app: App, clock: SimulatedClock) -> Message:
    """Alice (Europe/Paris) asked Jane Doe at Acme on Wednesday and marked it sent, the
    cohort's channel is set, and Monday 09:00 in Paris has come: the second-contact nudge
    posted in the channel."""
    clock.now = ASK_SENT
    send_ask(driver, ALICE, "Jane Doe", new_company="Acme")
    set_nudge_channel(db)
    time_passes(clock, app, db, MONDAY_9_PARIS)
    return channel_posts(driver.slack)[0]
