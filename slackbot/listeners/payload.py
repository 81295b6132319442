"""Reading Slack's payload shapes: who is asking, and what a submitted form holds."""

import json
from typing import Any

from slackbot.domain.text import parse_id
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner


def owner_of(body: dict[str, Any]) -> Owner:
    """The (team, user) of a slash command, interaction or event body."""
    user = body.get("user")
    if isinstance(user, dict):  # interactions: block_actions, view_submission
        team = user.get("team_id") or (body.get("team") or {}).get("id")
        return Owner(team_id=team, user_id=user["id"])
    if "user_id" in body:  # slash commands
        return Owner(team_id=body["team_id"], user_id=body["user_id"])
    return Owner(team_id=body["team_id"], user_id=body["event"]["user"])


def button_id(action: dict[str, Any]) -> int:
    """The record id a button's value carries; NotFound when it holds none (forged)."""
    record_id = parse_id(action.get("value"))
    if record_id is None:
        raise NotFound("unreadable id in a button")
    return record_id


def command_text(command: dict[str, Any]) -> str:
    """A slash command's text as typed: Slack sends &, < and > escaped."""
    text = command.get("text") or ""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


class Form:
    """The values of a submitted view, by block_id."""

    def __init__(self, view: dict[str, Any]) -> None:
        self._values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def __contains__(self, block_id: str) -> bool:
        return block_id in self._values

    def _element(self, block_id: str) -> dict[str, Any]:
        # One element per input block; its action_id is INPUT or, for a select whose
        # options are searched, its own.
        return next(iter(self._values.get(block_id, {}).values()), None) or {}

    def text(self, block_id: str) -> str | None:
        return self._element(block_id).get("value")

    def choice(self, block_id: str) -> str | None:
        selected = self._element(block_id).get("selected_option")
        return selected.get("value") if selected else None

    def conversation(self, block_id: str) -> str | None:
        return self._element(block_id).get("selected_conversation")

    def time(self, block_id: str) -> str | None:
        return self._element(block_id).get("selected_time")

    def files(self, block_id: str) -> list[dict[str, Any]]:
        """The files of a file input: Slack's file objects (id, name, url_private...)."""
        return list(self._element(block_id).get("files") or [])

    def checked(self, block_id: str) -> set[str]:
        return {o["value"] for o in self._element(block_id).get("selected_options") or []}


def over_length(view: dict[str, Any]) -> dict[str, str]:
    """Field errors for text longer than its input allows. Slack's client enforces each
    input's max_length, so this only answers a request that bypassed it, kindly."""
    values = view.get("state", {}).get("values", {})
    errors = {}
    for block in view.get("blocks") or []:
        limit = (
            (block.get("element") or {}).get("max_length") if block.get("type") == "input" else None
        )
        value = Form({"state": {"values": values}}).text(block.get("block_id", ""))
        if limit and value and len(value) > limit:
            errors[block["block_id"]] = (
                f"Please keep this to {limit:,} characters (it has {len(value):,})."
            )
    return errors


def metadata_of(view: dict[str, Any]) -> dict[str, Any]:
    """The view's private_metadata as a dict; anything unreadable counts as empty."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def message_of(body: dict[str, Any]) -> tuple[str, str] | None:
    """The (channel, ts) of the message a button was clicked in, if it was in one."""
    container = body.get("container") or {}
    if container.get("type") == "message" and not container.get("is_ephemeral"):
        return container["channel_id"], container["message_ts"]
    return None
