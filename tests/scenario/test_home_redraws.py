"""App Home after a member's changes, with the real window: drawn only for members who have
opened it, and once per burst of changes, with the state at the end of the burst."""

import json
from collections.abc import Callable
from datetime import datetime

import pytest
from slack_bolt import App

from slackbot.app import build_app
from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.deps import HOME_REDRAW_SECONDS, Deps
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.executor import TrackingExecutor
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.domain.contacts import ContactField
from slackbot.settings import Settings
from tests.conftest import ALICE

NAMES = ("Jane Doe", "Ravi Rao", "Mia Wong")


@pytest.fixture
def app(
    settings: Settings, db: Database, clock: Callable[[], datetime], listeners: TrackingExecutor
) -> App:
    return build_app(settings, deps=Deps(db=db, clock=clock), listener_executor=listeners)


def _log_contact(driver: SlackDriver, slack: SlackStandIn, name: str) -> None:
    opened = len(slack.calls_to("views.open"))
    driver.command(ALICE, "/contact", name)
    slack.wait_for("views.open", opened + 1)
    modal = slack.top_modal(ALICE)
    assert modal is not None
    answer = driver.submit(ALICE, modal, {ids.CONTACT_BLOCKS[ContactField.COMPANY]: "Acme"})
    assert answer.errors == {}


def test_a_member_who_never_opened_app_home_gets_no_redraw(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    _log_contact(driver, slack, "Jane Doe")
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
        _log_contact(driver, slack, name)

    def shows_all() -> bool:
        home = json.dumps(slack.home(ALICE))
        return all(name in home for name in NAMES)

    slack.wait_until(shows_all, timeout=HOME_REDRAW_SECONDS + 5)
    # Opened, the first change drawn at once, the other two together at the window's end:
    # one redraw per change would have taken a fourth to show all three.
    assert len(slack.calls_to("views.publish")) == 3
