"""App Home after a member's changes, with the real window: drawn only for members who have
opened it, and once per burst of changes, with the state at the end of the burst."""

import json
from collections.abc import Callable
from datetime import datetime

import pytest
from slack_bolt import App

from slackbot.app import build_app
from slackbot.db import Database
from slackbot.deps import HOME_REDRAW_SECONDS, Deps
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.executor import TrackingExecutor
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.settings import Settings
from tests.conftest import ALICE
from tests.scenario.journeys import log_contact

NAMES = ("Jane Doe", "Ravi Rao", "Mia Wong")


@pytest.fixture
def app(
    settings: Settings, db: Database, clock: Callable[[], datetime], listeners: TrackingExecutor
) -> App:
    return build_app(settings, deps=Deps(db=db, clock=clock), listener_executor=listeners)


def test_a_member_who_never_opened_app_home_gets_no_redraw(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    log_contact(driver, ALICE, "Jane Doe", company="Acme")
    listeners.settle()  # the first change of a window is handled in the listener itself
    assert slack.calls_to("views.publish") == []
    driver.open_home(ALICE)
    slack.wait_for("views.publish")
    assert "Jane Doe" in json.dumps(slack.home(ALICE))


def test_a_burst_of_changes_is_drawn_once_more_at_its_end_with_all_of_them(
    driver: SlackDriver, slack: SlackStandIn
) -> None:
    assert HOME_REDRAW_SECONDS >= 1  # the burst below fits in the window
    driver.open_home(ALICE)
    slack.wait_for("views.publish")
    for name in NAMES:
        log_contact(driver, ALICE, name, company="Acme")

    def shows_all() -> bool:
        home = json.dumps(slack.home(ALICE))
        return all(name in home for name in NAMES)

    slack.wait_until(shows_all, timeout=HOME_REDRAW_SECONDS + 5)
    # Opened, the first change drawn at once, the other two together at the window's end:
    # one redraw per change would have taken a fourth to show all three.
    assert len(slack.calls_to("views.publish")) == 3
