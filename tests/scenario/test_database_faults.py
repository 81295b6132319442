"""PostgreSQL going away mid-run, through a proxy the test cuts: members get a kind answer
and keep what they typed, /healthz says 503, events are left for Slack to retry, nudges wait;
when the database is back everything resumes, and no transaction is left half-written."""

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from slack_sdk import WebClient
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from slackbot.app import SORRY, build_app
from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.executor import TrackingExecutor
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.models import Contact, Meeting, Nudge
from slackbot.nudges.dispatcher import Dispatcher
from slackbot.nudges.scheduler import dispatch_once
from slackbot.settings import Settings
from slackbot.web import build_web_app
from tests.conftest import ALICE, SIGNING_SECRET, LiveServer, app_deps, http_transport
from tests.faults import TcpProxy
from tests.scenario.journeys import contact_form, log_contact, log_meeting, notes_form
from tests.services.test_dispatcher import CHANNEL, _ask, _posts, _set_channel

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)

pytestmark = pytest.mark.listener_failures_expected  # the outage makes listeners fail


@dataclass
class Outage:
    proxy: TcpProxy
    db: Database  # the app's, through the proxy
    http: httpx.Client
    driver: SlackDriver


@pytest.fixture
def outage(
    database_url: str,
    db: Database,
    slack: SlackStandIn,
    settings: Settings,
    listeners: TrackingExecutor,
) -> Iterator[Outage]:
    if not database_url.startswith("postgresql"):
        pytest.skip("the proxy stands between the app and a PostgreSQL server")
    server = make_url(os.environ["TEST_DATABASE_URL"])
    proxy = TcpProxy(server.host or "127.0.0.1", server.port or 5432)
    via_proxy = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    app_db = Database(via_proxy.render_as_string(hide_password=False))
    deps = app_deps(app_db, SimulatedClock(NOW))
    app = build_app(settings, deps=deps, listener_executor=listeners)
    with (
        LiveServer(build_web_app(app, app_db)) as base_url,
        httpx.Client(base_url=base_url) as http,
    ):
        driver = SlackDriver(slack, SIGNING_SECRET, http_transport(http))
        yield Outage(proxy, app_db, http, driver)
    listeners.settle()
    proxy.close()
    app_db.dispose()


def _contacts(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Contact))


def test_members_are_answered_kindly_and_lose_nothing_while_the_database_is_down(
    outage: Outage, db: Database, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    driver = outage.driver
    form = contact_form(driver, ALICE, "Jane Doe")
    assert outage.http.get("/healthz").status_code == 200

    outage.proxy.cut()
    assert outage.http.get("/healthz").status_code == 503
    answer = driver.submit(ALICE, form, {})
    assert answer.status == 200 and SORRY in answer.errors.values()
    assert slack.top_modal(ALICE)["id"] == form["id"]  # still open, with what she typed
    answer = driver.command(ALICE, "/network")
    listeners.settle()
    assert answer.status == 200 and answer.json()["text"] == SORRY
    assert driver.open_home(ALICE).status == 503  # Slack delivers the event again later
    dispatcher = Dispatcher(outage.db, WebClient(), sleep=lambda _: None)
    assert dispatch_once(dispatcher, SimulatedClock(NOW)) is None  # waits for the next minute

    outage.proxy.restore()
    assert outage.http.get("/healthz").status_code == 200
    assert driver.submit(ALICE, form, {}).errors == {}
    listeners.settle()
    assert _contacts(db) == 1
    assert driver.open_home(ALICE).status == 200
    listeners.settle()
    assert "Jane Doe" in json.dumps(slack.home(ALICE))


def test_a_connection_lost_mid_transaction_leaves_nothing_half_written(
    outage: Outage, db: Database, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    driver = outage.driver
    log_contact(driver, ALICE, "Jane Doe")
    log_meeting(driver, ALICE, "Jane", NOW - timedelta(hours=2))
    listeners.settle()
    notes = notes_form(driver, ALICE)
    answers = {
        ids.NOTE_BLOCKS["advice"]: "Talk to research ops first",
        ids.NOTES_REFERRALS: "Bob Lee, Globex\nMia Wong, Umbrella",
    }

    def cut_after_the_first_referral(_conn, _cursor, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO CONTACTS"):
            outage.proxy.cut()

    event.listen(outage.db.engine, "after_cursor_execute", cut_after_the_first_referral)
    try:
        answer = driver.submit(ALICE, notes, answers)
    finally:
        event.remove(outage.db.engine, "after_cursor_execute", cut_after_the_first_referral)
        outage.proxy.restore()
    assert SORRY in answer.errors.values()
    assert _contacts(db) == 1  # neither referral
    with db.session() as session:
        assert session.scalar(select(Meeting.notes_written_at)) is None
        assert session.scalar(select(Meeting.advice)) is None

    assert driver.submit(ALICE, notes, answers).errors == {}  # the same form, once it is back
    listeners.settle()
    assert _contacts(db) == 3


def test_a_nudge_posted_just_before_the_database_went_away_is_not_posted_again(
    outage: Outage, db: Database, slack: SlackStandIn
) -> None:
    client = WebClient(token=slack.token, base_url=slack.api_url)
    _set_channel(db, CHANNEL)
    slack.add_user("ULEEANA", "Lee", tz="UTC")
    _ask(db, "ULEEANA", "UTC")
    due = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    proxy = outage.proxy

    class CutAfterPosting(Dispatcher):
        def _post(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            posted = super()._post(*args, **kwargs)
            proxy.cut()  # Slack has it; the database never hears back
            return posted

    clock = SimulatedClock(due)
    cut = CutAfterPosting(outage.db, client, sleep=lambda _: None)
    assert dispatch_once(cut, clock) is None
    proxy.restore()
    dispatcher = Dispatcher(outage.db, client, sleep=lambda _: None)
    clock.now = due + timedelta(minutes=1)
    assert dispatch_once(dispatcher, clock).posted == 0  # claimed
    clock.now = due + timedelta(minutes=31)
    later = dispatch_once(dispatcher, clock)
    assert later is not None and later.recovered == 1 and later.posted == 0
    assert len(_posts(slack)) == 1
    with db.session() as session:
        assert session.scalar(select(Nudge.state).where(Nudge.kind == "second_contact")) == "sent"
