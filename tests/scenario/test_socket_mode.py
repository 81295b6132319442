"""`slackbot serve --socket`, the real process, against the Web API and Socket Mode stand-ins:
a member's journey (the same one passes over HTTP), the in-process scheduler, `disconnect`,
a silent drop and a redelivered event, and SIGTERM."""

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import func, select
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools import factories
from slackbot.devtools.driver import SlackDriver, find_element
from slackbot.devtools.slack_standin import SlackStandIn, dm_channel
from slackbot.devtools.socket_mode_standin import NotAcknowledged, SocketModeStandIn
from slackbot.domain.contacts import ContactField
from slackbot.domain.meetings import MeetingDetails, MeetingFormat
from slackbot.models import Contact, Draft, Nudge, ProcessedEvent
from slackbot.services import meetings
from slackbot.services.cohorts import get_cohort
from tests.conftest import ALICE, ALICE_OWNER, SIGNING_SECRET, TEAM, http_transport
from tests.scenario.journeys import ASK_ANSWERS, ask_form, contact_form
from tests.scenario.test_process_faults import _env
from tests.scenario.test_serve_process import _free_port, _serving

CHANNEL = "C0COHORT"
# The bound is 30 s; the client's pings (every 1.5 s, four missed) make it about 10.
RECONNECT_WITHIN_SECONDS = 15.0
STOP_WITHIN_SECONDS = 5.0


@pytest.fixture
def socket_mode(slack: SlackStandIn) -> Iterator[SocketModeStandIn]:
    with SocketModeStandIn(slack) as standin:
        yield standin


@contextmanager
def _serving_socket(
    socket_mode: SocketModeStandIn, database_url: str, tmp_path: Path, **settings: str
) -> Iterator["subprocess.Popen[str]"]:
    """`slackbot serve --socket`, once it has opened its Socket Mode connection."""
    process = subprocess.Popen(
        [sys.executable, "-m", "slackbot", "serve", "--socket"],
        cwd=tmp_path,
        env={
            **_env(socket_mode.slack, database_url),
            "SLACK_APP_TOKEN": socket_mode.app_token,
            **settings,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    connection = len(socket_mode.connections) + 1
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket_mode.wait_for_connection(connection, timeout=0.2)
                break
            except TimeoutError:
                if process.poll() is not None:
                    pytest.fail(f"slackbot serve --socket exited: {process.communicate()[0]}")
                if time.monotonic() > deadline:
                    pytest.fail("slackbot serve --socket did not connect in 30 s")
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=15)


@pytest.fixture
def serving_socket(
    socket_mode: SocketModeStandIn, database_url: str, db: Database, tmp_path: Path
) -> Iterator["subprocess.Popen[str]"]:
    with _serving_socket(socket_mode, database_url, tmp_path) as process:
        yield process


@pytest.fixture(params=["http", "socket"])
def served(
    request: pytest.FixtureRequest,
    slack: SlackStandIn,
    database_url: str,
    db: Database,
    tmp_path: Path,
) -> Iterator[SlackDriver]:
    """A driver talking to a real `slackbot serve`, over HTTP or over Socket Mode."""
    if request.param == "http":
        with (
            _serving(
                tmp_path,
                SLACK_BOT_TOKEN=slack.token,
                SLACK_SIGNING_SECRET=SIGNING_SECRET,
                SLACK_API_URL=slack.api_url,
                DATABASE_URL=database_url,
            ) as base_url,
            httpx.Client(base_url=base_url) as web,
        ):
            yield SlackDriver(slack, SIGNING_SECRET, http_transport(web))
    else:
        with (
            SocketModeStandIn(slack) as socket_mode,
            _serving_socket(socket_mode, database_url, tmp_path),
        ):
            yield SlackDriver(slack, SIGNING_SECRET, socket_mode.transport)
            assert socket_mode.problems == []
            assert all(envelope.acked_in_time for envelope in socket_mode.envelopes)


def test_a_members_journey_from_contact_to_a_sent_ask_and_app_home(
    served: SlackDriver, slack: SlackStandIn, db: Database
) -> None:
    driver = served
    blocks = ids.CONTACT_BLOCKS

    # /contact: the modal; a bad field is answered in the ack, the form stays open.
    modal = contact_form(driver, ALICE, "Jane Doe")
    answer = driver.submit(
        ALICE,
        modal,
        {blocks[ContactField.COMPANY]: "Acme", blocks[ContactField.LINKEDIN_URL]: "example.com/j"},
    )
    assert "LinkedIn" in answer.errors[blocks[ContactField.LINKEDIN_URL]]
    assert slack.top_modal(ALICE)["id"] == modal["id"]
    answer = driver.submit(ALICE, modal, {blocks[ContactField.COMPANY]: "Acme"})
    assert answer.errors == {}
    with db.session() as session:
        [contact] = session.scalars(select(Contact))
        assert (contact.name, contact.company) == ("Jane Doe", "Acme")

    # /ask-draft: the form, the draft by DM, Mark as sent.
    assert driver.submit(ALICE, ask_form(driver, ALICE, "jane"), ASK_ANSWERS).errors == {}
    slack.wait_for("chat.postMessage")
    [draft] = slack.messages(channel=dm_channel(ALICE))
    assert "Jane" in json.dumps(draft.blocks)
    driver.click(ALICE, ids.DRAFT_MARK_SENT, message=draft)
    slack.wait_for("chat.update")
    [sent] = slack.messages(channel=dm_channel(ALICE))
    find_element(sent.blocks, ids.DRAFT_REPLIED)  # "They replied" is offered now
    with db.session() as session:
        assert session.scalar(select(Draft.sent_at)) is not None
        assert session.scalar(select(func.count()).select_from(Nudge)) > 0  # the clock runs

    # App Home, when the member opens it.
    published = len(slack.calls_to("views.publish"))
    driver.open_home(ALICE)
    slack.wait_for("views.publish", published + 1)
    assert "Jane Doe" in json.dumps(slack.home(ALICE)["blocks"])


def _prep_due_now(db: Database) -> None:
    """A meeting in two hours: its prep reminder is due now, and no quiet hours hold it."""
    now = datetime.now(UTC)
    with db.session() as session:
        cohort = get_cohort(session=session, team_id=TEAM)
        cohort.nudge_channel_id = CHANNEL
        cohort.quiet_start_minute = cohort.quiet_end_minute = 0
        contact = factories.contact(session, ALICE_OWNER, now=now, company="Acme")
        meetings.save_meeting(
            session=session,
            owner=ALICE_OWNER,
            details=MeetingDetails(
                contact.id, now + timedelta(hours=2), 15, MeetingFormat.VIDEO, None, None
            ),
            now=now,
        )


@pytest.mark.parametrize("mode", ["http", "socket"])
def test_the_in_process_scheduler_posts_a_due_nudge(
    mode: str,
    slack: SlackStandIn,
    socket_mode: SocketModeStandIn,
    database_url: str,
    db: Database,
    tmp_path: Path,
) -> None:
    _prep_due_now(db)
    serving = (
        _serving_socket(socket_mode, database_url, tmp_path)
        if mode == "socket"
        else _serving(tmp_path, **_env(slack, database_url))
    )
    with serving:
        slack.wait_for("chat.postMessage", timeout=20)
    [nudge] = slack.messages(channel=CHANNEL)
    assert f"<@{ALICE}>" in json.dumps([nudge.text, nudge.blocks])
    with db.session() as session:
        prep = session.scalar(select(Nudge).where(Nudge.kind == "prep"))
        assert prep is not None and prep.state == "sent"


@pytest.mark.parametrize("reason", ["refresh_requested", "warning"])
def test_the_app_reconnects_when_slack_says_disconnect(
    reason: str,
    slack: SlackStandIn,
    socket_mode: SocketModeStandIn,
    serving_socket: "subprocess.Popen[str]",
    db: Database,
) -> None:
    first = socket_mode.wait_for_connection(1)
    socket_mode.request_reconnect(reason)
    socket_mode.wait_for_connection(2)
    socket_mode.wait_closed(first)  # the app closes the old one itself
    driver = SlackDriver(slack, SIGNING_SECRET, socket_mode.transport)
    driver.command(ALICE, "/contact", "Jane Doe")
    slack.wait_for("views.open")
    assert [e.connection for e in socket_mode.envelopes] == [2]
    assert socket_mode.problems == []


def test_a_silent_drop_is_noticed_and_a_redelivered_event_acts_once(
    slack: SlackStandIn,
    socket_mode: SocketModeStandIn,
    serving_socket: "subprocess.Popen[str]",
    db: Database,
) -> None:
    driver = SlackDriver(slack, SIGNING_SECRET, socket_mode.transport)
    # The event reaches the app, which acts on it; then the network dies, ack and all.
    socket_mode.drop_after_next_envelope()
    with pytest.raises(NotAcknowledged):
        driver.open_home(ALICE)
    slack.wait_for("views.publish")
    [lost] = socket_mode.envelopes
    dropped = socket_mode.connections[0]
    assert dropped.dropped_at is not None

    # Pings go unanswered: the app opens a new connection, well before a minute.
    second = socket_mode.wait_for_connection(2, timeout=RECONNECT_WITHIN_SECONDS + 5)
    assert second.opened_at - dropped.dropped_at < RECONNECT_WITHIN_SECONDS
    assert len(slack.calls_to("apps.connections.open")) == 2

    # Slack delivers the event again, on the new connection: acked, acted on once.
    again = socket_mode.redeliver(lost)
    assert socket_mode.wait_ack(again)
    assert again.message()["retry_attempt"] == 1
    # The duplicate is recognised before its ack, so no work can follow it.
    assert len(slack.calls_to("views.publish")) == 1
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ProcessedEvent)) == 1

    # And the member's commands work again.
    driver.command(ALICE, "/contact", "Jane Doe")
    slack.wait_for("views.open")
    assert socket_mode.problems == []


def test_sigterm_finishes_what_was_received_and_exits_cleanly(
    socket_mode: SocketModeStandIn, database_url: str, db: Database, tmp_path: Path
) -> None:
    slack = socket_mode.slack
    slack.fail_next("views.open", delay=1.0)  # Slack is slow to open the form
    with _serving_socket(socket_mode, database_url, tmp_path, LOG_LEVEL="INFO") as process:
        driver = SlackDriver(slack, SIGNING_SECRET, socket_mode.transport)
        driver.command(ALICE, "/contact", "Jane Doe")  # acked; the form opens after the ack
        process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        output, _ = process.communicate(timeout=15)
        stopped_after = time.monotonic() - started
    assert process.returncode == 0, output
    assert stopped_after < STOP_WITHIN_SECONDS, output
    assert "Traceback" not in output
    assert "Scheduler has been shut down" in output
    # Nothing half-done: the command was acked in time, and the form it opens is open.
    [envelope] = socket_mode.envelopes
    assert envelope.acked_in_time
    assert slack.top_modal(ALICE)["callback_id"] == ids.CONTACT_MODAL
    socket_mode.wait_closed(socket_mode.connections[0], timeout=1)


def test_sigterm_leaves_no_envelope_half_handled(
    slack: SlackStandIn,
    socket_mode: SocketModeStandIn,
    serving_socket: "subprocess.Popen[str]",
    db: Database,
) -> None:
    """SIGTERM amid a burst of events: each one the app acted on was acked, and each one it
    acked was acted on (what it never read, Slack delivers again elsewhere)."""
    members = [f"UMEMBER{n:02d}" for n in range(20)]
    for member in members:
        slack.add_user(member, member, tz="UTC")
    burst = SlackDriver(slack, SIGNING_SECRET, socket_mode.transport_without_waiting)
    for member in members:
        burst.open_home(member)
    assert socket_mode.wait_ack(socket_mode.envelopes[0])
    serving_socket.send_signal(signal.SIGTERM)
    output, _ = serving_socket.communicate(timeout=15)
    assert serving_socket.returncode == 0, output
    socket_mode.wait_closed(socket_mode.connections[0], timeout=1)  # every ack read
    acked = {e.payload["event"]["user"] for e in socket_mode.envelopes if e.ack is not None}
    published = {c.args["user_id"] for c in slack.calls_to("views.publish") if c.answered}
    assert acked and acked == published
    assert all(e.acked_in_time for e in socket_mode.envelopes if e.ack is not None)
    assert socket_mode.problems == []


def test_apps_connections_open_takes_the_app_level_token_only(
    slack: SlackStandIn, socket_mode: SocketModeStandIn
) -> None:
    client = WebClient(base_url=slack.api_url)
    url = client.apps_connections_open(app_token=socket_mode.app_token)["url"]
    with connect(url) as link:
        assert json.loads(link.recv(timeout=5))["type"] == "hello"
    with pytest.raises(InvalidStatus):  # each URL opens one connection
        connect(url)
    for token, error in [(slack.token, "not_allowed_token_type"), ("xapp-1-A-x", "invalid_auth")]:
        with pytest.raises(SlackApiError) as refused:
            client.apps_connections_open(app_token=token)
        assert refused.value.response["error"] == error


def test_serve_socket_with_a_token_slack_refuses_says_so_and_exits_2(
    slack: SlackStandIn, database_url: str, db: Database, tmp_path: Path
) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "slackbot", "serve", "--socket"],
        cwd=tmp_path,
        env={**_env(slack, database_url), "SLACK_APP_TOKEN": "xapp-1-A0-revoked"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert process.returncode == 2
    assert "Slack refused SLACK_APP_TOKEN for Socket Mode (invalid_auth)" in process.stderr
    assert "Traceback" not in process.stderr


def test_serve_socket_with_slack_out_of_reach_says_so_and_exits_4(
    slack: SlackStandIn, database_url: str, db: Database, tmp_path: Path
) -> None:
    closed_port = _free_port()
    process = subprocess.run(
        [sys.executable, "-m", "slackbot", "serve", "--socket"],
        cwd=tmp_path,
        env={
            **_env(slack, database_url),
            "SLACK_API_URL": f"http://127.0.0.1:{closed_port}/api/",
            "SLACK_APP_TOKEN": "xapp-1-A0-valid",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == 4, process.stderr
    assert "cannot reach Slack for Socket Mode" in process.stderr
    assert "Traceback" not in process.stderr
