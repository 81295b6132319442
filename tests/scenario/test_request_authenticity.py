"""Only Slack's signed requests get in: a forged, altered, unsigned or stale request is
refused with 401 before anything happens; Slack's allowed clock skew is accepted."""

import json
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pytest

from slackbot.devtools.driver import SlackDriver, sign
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.web import MAX_BODY_BYTES
from tests.conftest import ALICE, SIGNING_SECRET, TEAM, TrackingExecutor

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _contact_command(slack: SlackStandIn) -> bytes:
    return urlencode(
        {
            "command": "/contact",
            "text": "Jane Doe",
            "team_id": TEAM,
            "user_id": ALICE,
            "channel_id": "C0COHORT",
            "trigger_id": slack.issue_trigger_id(ALICE),
            "response_url": slack.issue_response_url(ALICE, "C0COHORT"),
        }
    ).encode()


def _changed_byte(body: bytes) -> bytes:
    return body.replace(b"Jane", b"Jone", 1)


REFUSED = {
    "a signature made with another secret": lambda body, now: (
        body,
        sign("not-the-signing-secret", body, now),
    ),
    "one byte of the body changed": lambda body, now: (
        _changed_byte(body),
        sign(SIGNING_SECRET, body, now),
    ),
    "no signature header": lambda body, now: (
        body,
        {"X-Slack-Request-Timestamp": str(now)},
    ),
    "no timestamp header": lambda body, now: (
        body,
        {"X-Slack-Signature": sign(SIGNING_SECRET, body, now)["X-Slack-Signature"]},
    ),
    "signed 301 s ago": lambda body, now: (body, sign(SIGNING_SECRET, body, now - 301)),
    "signed 301 s ahead": lambda body, now: (body, sign(SIGNING_SECRET, body, now + 301)),
    "a timestamp that is not a number": lambda body, now: (
        body,
        {**sign(SIGNING_SECRET, body, now), "X-Slack-Request-Timestamp": "soon"},
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_request_slack_did_not_sign_is_refused_and_does_nothing(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor, case: str
) -> None:
    body, headers = REFUSED[case](_contact_command(slack), int(time.time()))
    answer = driver.transport(body, FORM | headers)
    assert answer.status == 401
    listeners.settle()  # no listener started: nothing runs after the answer either
    assert listeners.futures == [] and slack.calls == []


@pytest.mark.parametrize("skew", [-299, 299])
def test_a_clock_skew_slack_allows_is_accepted(
    driver: SlackDriver, slack: SlackStandIn, skew: int
) -> None:
    body = _contact_command(slack)
    answer = driver.transport(body, FORM | sign(SIGNING_SECRET, body, int(time.time()) + skew))
    assert answer.status == 200
    slack.wait_for("views.open")


def test_a_body_over_the_limit_is_refused_before_it_is_read(
    http: httpx.Client, slack: SlackStandIn
) -> None:
    """413 whether the length is declared or the body arrives in chunks; nothing reaches
    Bolt (a signature is not even looked at) and Slack is not called."""
    too_long = b"x" * (MAX_BODY_BYTES + 1)
    declared = http.post("/slack/events", content=too_long, headers=FORM)
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(too_long), 64 * 1024):
            yield too_long[start : start + 64 * 1024]

    chunked = http.post("/slack/events", content=chunks(), headers=FORM)
    assert chunked.status_code == 413
    assert slack.calls == []


def test_the_largest_view_slack_sends_back_fits_the_limit(driver: SlackDriver) -> None:
    """A view_submission of a modal at Slack's limits (100 blocks, 3000 characters each,
    of characters that form-encoding triples) is under the limit."""
    worst_text = "é" * 3000
    view = {
        "type": "modal",
        "callback_id": "any",
        "title": {"type": "plain_text", "text": "t"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": worst_text}} for _ in range(100)
        ],
        "state": {"values": {}},
        "private_metadata": "é" * 3000,
    }
    body = urlencode({"payload": json.dumps(view, ensure_ascii=False)}).encode()
    assert len(body) < MAX_BODY_BYTES
