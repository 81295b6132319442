"""Acts as Slack's client: builds the payloads Slack sends, signs them, applies the answers.

Used by the tests (over HTTP or in-process) and meant for the offline shell. Submissions
are checked the way Slack's client checks them before sending (required fields, lengths),
so a test cannot submit what a member never could.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier

from slackbot.devtools.slack_standin import Message, SlackStandIn

DEFAULT_CHANNEL = "C0COHORT"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Answer:
    """The app's HTTP answer to one request."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body.strip() else {}

    @property
    def errors(self) -> dict[str, str]:
        """Field errors of a view submission (response_action: errors)."""
        data = self.json()
        return data.get("errors", {}) if data.get("response_action") == "errors" else {}


Transport = Callable[[bytes, dict[str, str]], Answer]


def dispatch_transport(app: App) -> Transport:
    """Requests into the app in-process, through the same signed dispatch as HTTP."""

    def send(body: bytes, headers: dict[str, str]) -> Answer:
        response = app.dispatch(
            BoltRequest(body=body.decode(), headers={k.lower(): [v] for k, v in headers.items()})
        )
        return Answer(response.status, (response.body or "").encode(), {})

    return send


class ClientRejected(ValueError):
    """Slack's own client would not send this submission (the member sees it inline)."""


def sign(signing_secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack adds: v0= HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(signing_secret).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


class SlackDriver:
    def __init__(
        self,
        slack: SlackStandIn,
        signing_secret: str,
        transport: Transport,
        *,
        team_id: str | None = None,
    ) -> None:
        """`team_id`: the workspace the requests come from (the stand-in's by default)."""
        self.slack = slack
        self.signing_secret = signing_secret
        self.transport = transport
        self.team_id = team_id or slack.team_id
        self._event_ids = iter(range(1, 10**9))

    # -- sending -------------------------------------------------------------------

    def send(
        self, body: bytes, *, content_type: str, headers: dict[str, str] | None = None
    ) -> Answer:
        signed = {"Content-Type": content_type, **sign(self.signing_secret, body)}
        return self.transport(body, signed | (headers or {}))

    def _send_form(self, fields: dict[str, str]) -> Answer:
        return self.send(
            urlencode(fields).encode(), content_type="application/x-www-form-urlencoded"
        )

    def _send_interaction(self, payload: dict[str, Any]) -> Answer:
        return self._send_form({"payload": json.dumps(payload)})

    def _user(self, user_id: str) -> dict[str, str]:
        return {
            "id": user_id,
            "username": user_id.lower(),
            "name": user_id.lower(),
            "team_id": self.team_id,
        }

    # -- what a member does ----------------------------------------------------------

    def command(
        self, user_id: str, command: str, text: str = "", *, channel_id: str = DEFAULT_CHANNEL
    ) -> Answer:
        """Type a slash command; an ephemeral answer in the ack is recorded as a message."""
        answer = self._send_form(
            {
                "token": "deprecated-verification-token",
                "team_id": self.team_id,
                "team_domain": "cohort",
                "channel_id": channel_id,
                "channel_name": "cohort",
                "user_id": user_id,
                "user_name": user_id.lower(),
                "command": command,
                "text": text,
                "api_app_id": "APARACHUTE",
                "is_enterprise_install": "false",
                "response_url": self.slack.issue_response_url(user_id, channel_id),
                "trigger_id": self.slack.issue_trigger_id(user_id),
            }
        )
        if answer.status == 200 and answer.body.strip().startswith(b"{"):
            data = answer.json()
            if data.get("text") or data.get("blocks"):
                ephemeral = data.get("response_type", "ephemeral") == "ephemeral"
                self.slack.record_message(
                    Message(
                        channel=channel_id,
                        text=data.get("text"),
                        blocks=data.get("blocks") or [],
                        user=user_id if ephemeral else None,
                        via="ack",
                        response_type=data.get("response_type"),
                    )
                )
        return answer

    def open_modal(self, user_id: str, command: str, text: str = "") -> dict[str, Any]:
        """Type a slash command that opens a form: the form, once Slack has opened it."""
        return self._modal_opened_by(user_id, command, lambda: self.command(user_id, command, text))

    def click_open_modal(self, user_id: str, action_id: str, **where: Any) -> dict[str, Any]:
        """Click a button that opens a form (`where`: as for `click`): the form, once
        Slack has opened it."""
        return self._modal_opened_by(
            user_id, action_id, lambda: self.click(user_id, action_id, **where)
        )

    def _modal_opened_by(
        self, user_id: str, what: str, act: Callable[[], Answer]
    ) -> dict[str, Any]:
        # Counted from before the act, so that a form opened earlier does not count.
        opened = len(self.slack.calls_to("views.open"))
        answer = act()
        if answer.status != 200:
            raise AssertionError(f"{what} was answered {answer.status}")
        self.slack.wait_for("views.open", opened + 1)
        modal = self.slack.top_modal(user_id)
        if modal is None:
            raise AssertionError(f"{what} opened no form for {user_id}")
        return modal

    def open_home(self, user_id: str) -> Answer:
        return self.event(
            {
                "type": "app_home_opened",
                "user": user_id,
                "channel": "D" + user_id.removeprefix("U"),
                "tab": "home",
            }
        )

    def event(self, event: dict[str, Any]) -> Answer:
        """Deliver an Events API event from this workspace."""
        payload = {
            "token": "deprecated-verification-token",
            "team_id": self.team_id,
            "api_app_id": "APARACHUTE",
            "type": "event_callback",
            "event_id": f"Ev{self.team_id}{next(self._event_ids):08d}",  # unique, as in Slack
            "event_time": int(time.time()),
            "event": {**event, "event_ts": f"{time.time():.6f}"},
        }
        return self.send(json.dumps(payload).encode(), content_type="application/json")

    def click(
        self,
        user_id: str,
        action_id: str,
        *,
        view: dict[str, Any] | None = None,
        message: Message | None = None,
        value: str | None = None,
        option: str | None = None,
    ) -> Answer:
        """Click a button (the one with `value`, if several) or pick `option` of a menu,
        in a view (modal or App Home) or in a message."""
        if (view is None) == (message is None):
            raise ValueError("click needs the view or the message the element is in")
        blocks = view["blocks"] if view is not None else message.blocks  # type: ignore[union-attr]
        block_id, element = find_element(blocks, action_id, value)
        action: dict[str, Any] = {
            "type": element["type"],
            "block_id": block_id,
            "action_id": action_id,
            "action_ts": f"{time.time():.6f}",
        }
        if element["type"] == "button":
            action["value"] = element.get("value")
            action["text"] = element["text"]
        else:
            chosen = next((o for o in element.get("options", []) if o["value"] == option), None)
            if chosen is None:
                raise ValueError(f"{action_id} has no option {option!r}")
            action["selected_option"] = chosen
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": "cohort"},
            "user": self._user(user_id),
            "api_app_id": "APARACHUTE",
            "token": "deprecated-verification-token",
            "trigger_id": self.slack.issue_trigger_id(user_id),
            "actions": [action],
        }
        if view is not None:
            payload |= {"container": {"type": "view", "view_id": view["id"]}, "view": view}
        else:
            assert message is not None
            payload |= {
                "container": {
                    "type": "message",
                    "message_ts": message.ts,
                    "channel_id": message.channel,
                    "is_ephemeral": message.user is not None,
                },
                "channel": {"id": message.channel},
                "message": {
                    "type": "message",
                    "ts": message.ts,
                    "text": message.text,
                    "blocks": message.blocks,
                },
                "response_url": self.slack.issue_response_url(user_id, message.channel),
            }
        return self._send_interaction(payload)

    def search(
        self, user_id: str, view: dict[str, Any], *, block_id: str, action_id: str, query: str
    ) -> list[dict[str, Any]]:
        """Type `query` into an external select of the view: the options the app offers."""
        answer = self._send_interaction(
            {
                "type": "block_suggestion",
                "user": self._user(user_id),
                "team": {"id": self.slack.team_id, "domain": "cohort"},
                "api_app_id": "APARACHUTE",
                "token": "deprecated-verification-token",
                "container": {"type": "view", "view_id": view["id"]},
                "view": view,
                "action_id": action_id,
                "block_id": block_id,
                "value": query,
            }
        )
        return answer.json().get("options", []) if answer.status == 200 else []

    def submit(
        self, user_id: str, view: dict[str, Any], answers: dict[str, Any] | None = None
    ) -> Answer:
        """Fill the modal's inputs (by block_id) and press submit, as the member would."""
        return self.submit_state(user_id, view, form_state(view, answers or {}))

    def submit_state(self, user_id: str, view: dict[str, Any], values: dict[str, Any]) -> Answer:
        """Submit `values` as the view's state.values, unchecked: what a client that skipped
        Slack's own checks (lengths, required fields) could send."""
        submitted = {**view, "state": {"values": values}}
        payload = {
            "type": "view_submission",
            "team": {"id": self.team_id, "domain": "cohort"},
            "user": self._user(user_id),
            "api_app_id": "APARACHUTE",
            "token": "deprecated-verification-token",
            "trigger_id": self.slack.issue_trigger_id(user_id),
            "view": submitted,
            "response_urls": [],
        }
        answer = self._send_interaction(payload)
        if answer.status == 200:
            self.slack.apply_view_response(user_id, view["id"], answer.json())
        return answer


def iter_elements(blocks: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every interactive element of the blocks, with its block_id."""
    for block in blocks:
        block_id = block.get("block_id", "")
        if block.get("accessory"):
            yield block_id, block["accessory"]
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            yield block_id, element
        if block["type"] == "input":
            yield block_id, block["element"]


def find_element(
    blocks: list[dict[str, Any]], action_id: str, value: str | None = None
) -> tuple[str, dict[str, Any]]:
    for block_id, element in iter_elements(blocks):
        if element.get("action_id") == action_id and (
            value is None or element.get("value") == value
        ):
            return block_id, element
    raise LookupError(f"no element {action_id!r} (value {value!r}) in these blocks")


def _option(element: dict[str, Any], value: str) -> dict[str, Any]:
    for option in element.get("options", []):
        if option["value"] == value:
            return option
    raise ClientRejected(f"{value!r} is not one of the options")


def form_state(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """state.values as Slack builds it: the answer, or else the initial value, per input."""
    unknown = set(answers) - {b.get("block_id") for b in view["blocks"] if b["type"] == "input"}
    if unknown:
        raise ClientRejected(f"no input blocks {sorted(unknown)} in this view")
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        kind = element["type"]
        given = answers.get(block["block_id"])
        if kind in ("plain_text_input", "email_text_input", "url_text_input", "number_input"):
            text = given if block["block_id"] in answers else element.get("initial_value")
            text = text or None
            _check_text(block, element, text)
            state: dict[str, Any] = {"type": kind, "value": text}
        elif kind in ("static_select", "external_select", "radio_buttons"):
            chosen = _option(element, given) if given else element.get("initial_option")
            _check_required(block, chosen)
            state = {"type": kind, "selected_option": chosen}
        elif kind in ("checkboxes", "multi_static_select"):
            chosen_list = (
                [_option(element, v) for v in given]
                if block["block_id"] in answers
                else element.get("initial_options") or []
            )
            _check_required(block, chosen_list)
            state = {"type": kind, "selected_options": chosen_list}
        elif kind in ("conversations_select", "channels_select", "users_select"):
            key = {
                "conversations_select": "conversation",
                "channels_select": "channel",
                "users_select": "user",
            }[kind]
            chosen_id = given if block["block_id"] in answers else element.get(f"initial_{key}")
            _check_required(block, chosen_id)
            state = {"type": kind, f"selected_{key}": chosen_id}
        elif kind == "datepicker":
            state = {"type": kind, "selected_date": given or element.get("initial_date")}
            _check_required(block, state["selected_date"])
        elif kind == "timepicker":
            state = {"type": kind, "selected_time": given or element.get("initial_time")}
            _check_required(block, state["selected_time"])
        elif kind == "datetimepicker":
            state = {
                "type": kind,
                "selected_date_time": given or element.get("initial_date_time"),
            }
            _check_required(block, state["selected_date_time"])
        elif kind == "file_input":
            # The answer: file objects the stand-in made with `upload_file`.
            files = list(given or [])
            _check_required(block, files)
            if len(files) > element.get("max_files", 10):
                raise ClientRejected(f"{block['block_id']}: more than {element['max_files']} files")
            state = {"type": kind, "files": files}
        else:
            raise ClientRejected(f"input type {kind} is not supported by the driver yet")
        values[block["block_id"]] = {element["action_id"]: state}
    return values


def _check_required(block: dict[str, Any], value: Any) -> None:
    if not block.get("optional") and not value:
        raise ClientRejected(f"{block['block_id']}: this field is required")


def _check_text(block: dict[str, Any], element: dict[str, Any], text: str | None) -> None:
    _check_required(block, text)
    if text is None:
        return
    if element.get("max_length") and len(text) > element["max_length"]:
        raise ClientRejected(f"{block['block_id']}: longer than {element['max_length']}")
    if element.get("min_length") and len(text) < element["min_length"]:
        raise ClientRejected(f"{block['block_id']}: shorter than {element['min_length']}")
    if element["type"] == "email_text_input" and not _EMAIL.match(text):
        raise ClientRejected(f"{block['block_id']}: not an email address")
