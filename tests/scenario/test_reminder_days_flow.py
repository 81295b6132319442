"""Issue #21 §3: when meeting reminders go out. The prep pack comes at the cohort's nudge
time on the last business day before the meeting (never on a weekend, always before the
meeting); notes and the thank-you keep the meeting's own clock (the same day, within 24
hours), even after a Friday meeting."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from slack_bolt import App
from sqlalchemy import select

from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.models import Nudge
from slackbot.nudges.dispatcher import Dispatcher
from slackbot.services.cohorts import get_cohort
from tests.conftest import ALICE, TEAM, TrackingExecutor
from tests.scenario.journeys import (
    CHANNEL,
    channel_posts,
    log_contact,
    log_meeting,
)

WEDNESDAY = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(WEDNESDAY)


def _due(db: Database) -> dict[str, datetime]:
    with db.session() as session:
        get_cohort(session=session, team_id=TEAM).nudge_channel_id = CHANNEL
        return {n.kind: n.due_at for n in session.scalars(select(Nudge))}


def test_a_monday_meetings_prep_pack_comes_on_friday_morning_and_not_on_sunday(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app: App, listeners: TrackingExecutor
) -> None:
    log_contact(driver, ALICE, "Jane Doe", company="Acme")
    monday = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 in Alice's Paris
    assert log_meeting(driver, ALICE, "Jane Doe", monday).errors == {}
    listeners.settle()
    due = _due(db)
    friday_nine_in_paris = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
    assert due["prep"] == friday_nine_in_paris
    dispatcher = Dispatcher(db, app.client, sleep=lambda _: None)
    dispatcher.dispatch_due(datetime(2026, 12, 4, 7, 59, tzinfo=UTC))
    assert channel_posts(slack) == []
    dispatcher.dispatch_due(friday_nine_in_paris)
    [reminder] = channel_posts(slack)
    assert "your prep pack is ready" in json.dumps(reminder.blocks)


def test_a_friday_meetings_thank_you_comes_the_same_day_not_on_monday(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    log_contact(driver, ALICE, "Jane Doe", company="Acme")
    friday = datetime(2026, 12, 4, 13, 0, tzinfo=UTC)  # 14:00 in Paris, 15 minutes
    assert log_meeting(driver, ALICE, "Jane Doe", friday).errors == {}
    listeners.settle()
    due = _due(db)
    ends = friday + timedelta(minutes=15)
    assert due["notes"] == ends + timedelta(hours=2)
    assert due["thank_you"] == ends + timedelta(hours=4)  # well within the 24 hours
    assert due["prep"] == datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # Thursday, 09:00 in Paris
