"""Hostile and broken input, for every text field of every form and every command: an
answer the member can act on (a field error or the saved record), never a failure; and
nothing the bot posts or shows lets typed text ping a channel or disguise a link."""

import copy
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
import yaml

from slackbot.app import SORRY
from slackbot.blocks import ids
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver, form_state, sign
from slackbot.devtools.executor import TrackingExecutor
from slackbot.devtools.slack_standin import SlackStandIn, dm_channel
from slackbot.domain.contacts import ContactField
from slackbot.domain.meetings import MeetingField
from tests.conftest import ALICE, COACH, NOW, SIGNING_SECRET
from tests.scenario.journeys import ASK_ANSWERS
from tests.unit.test_manifest_and_packaging import ROOT

MARKUP = ["<!channel>", "<!here>", "<@U123>", "<http://evil|bank>"]
HOSTILE = [
    "",
    "   \n\t ",
    "\u200b\u200b",  # zero-width spaces only
    "مرحبا \u202eevil\u202c שלום",  # right-to-left, with an override
    "👩🏽‍💻🏳️‍🌈 ✓",
    "e\u0301\u0301\u0301 Zoe\u0308",  # combining marks
    *MARKUP,
    "*bold* _it_ ~gone~ `code` &amp; &lt;x&gt;",
]
TEXT_INPUTS = ("plain_text_input", "email_text_input", "url_text_input", "number_input")
COMMANDS = [
    c["command"]
    for c in yaml.safe_load((ROOT / "manifest.yml").read_text())["features"]["slash_commands"]
]


pytestmark = pytest.mark.usefixtures("coach")


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(NOW)


def _forms(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(who, form, answers that make it valid) for every form of the app."""
    contact = driver.open_modal(ALICE, "/contact", "Jane Doe")
    yield ALICE, contact, {}
    driver.submit(ALICE, contact, {ids.CONTACT_BLOCKS[ContactField.COMPANY]: "Acme"})
    listeners.settle()

    ask = driver.open_modal(ALICE, "/ask-draft", "Jane")
    yield ALICE, ask, ASK_ANSWERS
    driver.submit(ALICE, ask, ASK_ANSWERS)
    listeners.settle()
    [draft] = [m for m in slack.messages(channel=dm_channel(ALICE)) if m.blocks][-1:]
    driver.click(ALICE, ids.DRAFT_EDIT, message=draft)
    listeners.settle()
    yield ALICE, slack.top_modal(ALICE), {}

    targets = driver.open_modal(ALICE, "/targets")
    driver.click(ALICE, ids.TARGETS_ADD_COMPANY, view=targets)
    listeners.settle()
    yield ALICE, slack.top_modal(ALICE), {ids.COMPANY_NAME: "Globex", ids.COMPANY_MOTIVATION: "3"}
    driver.click(ALICE, ids.TARGETS_ADD_TITLE, view=targets)
    listeners.settle()
    yield ALICE, slack.top_modal(ALICE), {ids.JOB_TITLE: "Researcher"}

    meeting = driver.open_modal(ALICE, "/meeting", "Jane")
    held = int((NOW - timedelta(hours=2)).timestamp())
    yield ALICE, meeting, {ids.MEETING_BLOCKS[MeetingField.START]: held}
    driver.submit(ALICE, meeting, {ids.MEETING_BLOCKS[MeetingField.START]: held})
    listeners.settle()
    yield ALICE, driver.open_modal(ALICE, "/meeting-notes"), {}

    yield COACH, driver.open_modal(COACH, "/cohort"), {}

    for user, button in ((ALICE, ids.HOME_SET_GOALS), (COACH, ids.HOME_COHORT_GOALS)):
        driver.open_home(user)
        listeners.settle()
        driver.click(user, button, view=slack.home(user))
        listeners.settle()
        yield user, slack.top_modal(user), {}


def _text_inputs(form: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for block in form["blocks"]:
        if block["type"] == "input" and block["element"]["type"] in TEXT_INPUTS:
            yield block["block_id"], block["element"]


def _with_text(values: dict[str, Any], block_id: str, text: str) -> dict[str, Any]:
    changed = copy.deepcopy(values)
    [state] = changed[block_id].values()
    state["value"] = text or None
    return changed


def _shown_markup(slack: SlackStandIn) -> list[str]:
    """Slack markup in anything Slack would render as mrkdwn: message text and blocks."""
    found = []
    shown: list[Any] = [m.text for m in slack.messages()] + [m.blocks for m in slack.messages()]
    for call in slack.calls:
        if call.method.startswith("views."):
            view = call.args.get("view")
            shown.append(json.loads(view) if isinstance(view, str) else view)
    for text in _mrkdwn(shown):
        found += [markup for markup in MARKUP if markup in text]
    return found


def _mrkdwn(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _mrkdwn(item)
    elif isinstance(node, dict):
        if node.get("type") == "mrkdwn":
            yield node.get("text", "")
        for value in node.values():
            if isinstance(value, dict | list):
                yield from _mrkdwn(value)


def test_every_form_field_answers_hostile_text_clearly(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    tried = 0
    for user, form, answers in _forms(driver, slack, listeners):
        valid = form_state(form, answers)
        for block_id, element in _text_inputs(form):
            limit = element.get("max_length") or 3000
            cases = [*HOSTILE, "x" * limit, "y" * (limit + 1)]
            for text in cases:
                answer = driver.submit_state(user, form, _with_text(valid, block_id, text))
                listeners.settle()
                tried += 1
                where = f"{form['callback_id']}/{block_id} with {text[:20]!r}"
                assert answer.status == 200, where
                errors = answer.errors
                assert set(errors) <= {b.get("block_id") for b in form["blocks"]}, where
                assert SORRY not in errors.values(), where
                if len(text) > limit:
                    assert block_id in errors, f"{where}: too long, yet accepted"
    assert tried > 300
    assert _shown_markup(slack) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_answers_hostile_arguments(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor, command: str
) -> None:
    user = COACH if command == "/cohort" else ALICE
    escaped = [t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for t in HOSTILE]
    for text in [*HOSTILE, *escaped, "z" * 4000]:
        answer = driver.command(user, command, text)
        listeners.settle()
        assert answer.status == 200, f"{command} {text[:20]!r}"
        for stack in (slack.modal_stack(user),):
            for modal in stack:
                slack.close_modal(user, modal["id"])
    assert _shown_markup(slack) == []


BROKEN_BODIES = {
    "payload that is not JSON": {"payload": "{not json"},
    "payload of an unknown type": {"payload": json.dumps({"type": "mystery", "user": {}})},
    "an action nobody listens for": {
        "payload": json.dumps(
            {
                "type": "block_actions",
                "user": {"id": ALICE, "team_id": "T0COHORT"},
                "team": {"id": "T0COHORT"},
                "actions": [{"action_id": "no_such_action", "block_id": "b", "type": "button"}],
            }
        )
    },
    "a form nobody listens for": {
        "payload": json.dumps(
            {
                "type": "view_submission",
                "user": {"id": ALICE, "team_id": "T0COHORT"},
                "team": {"id": "T0COHORT"},
                "view": {"callback_id": "no_such_form", "state": {"values": {}}},
            }
        )
    },
    "an empty form body": {},
}


@pytest.mark.parametrize("case", BROKEN_BODIES)
def test_broken_payloads_get_a_4xx_not_a_failure(
    driver: SlackDriver, slack: SlackStandIn, case: str
) -> None:
    body = urlencode(BROKEN_BODIES[case]).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"} | sign(SIGNING_SECRET, body)
    answer = driver.transport(body, headers)
    assert 200 <= answer.status < 500, answer.status


@pytest.mark.parametrize(
    "metadata", ["", "{", "[]", '{"meeting_id": "1; DROP TABLE"}', '{"contact_id": 99999}', "null"]
)
def test_tampered_private_metadata_is_refused_kindly(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor, metadata: str
) -> None:
    for user, form, answers in _forms(driver, slack, listeners):
        tampered = {**form, "private_metadata": metadata}
        answer = driver.submit_state(user, tampered, form_state(form, answers))
        listeners.settle()
        assert answer.status == 200, form["callback_id"]
        assert SORRY not in answer.errors.values(), form["callback_id"]
