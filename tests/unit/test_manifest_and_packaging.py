"""manifest.yml is valid for Slack and matches the code; the Dockerfile runs a real command."""

import json
import os
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from slack_sdk import WebClient

from slackbot.cli import _parser
from slackbot.db import Database
from slackbot.deps import Deps
from slackbot.listeners.commands import command_handlers

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared" / "schemas" / "slack-app-manifest.schema.1.0.0.json"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_is_valid_against_slacks_schema(manifest: dict) -> None:
    if not SCHEMA.exists():
        # Slack's schema lives beside the repository, where CI has it; a plain clone does not.
        if os.environ.get("CI"):
            pytest.fail(f"Slack's manifest schema is missing at {SCHEMA}")
        pytest.skip(f"Slack's manifest schema is not beside the repository ({SCHEMA})")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(json.loads(json.dumps(manifest)), schema)


def test_manifest_and_code_declare_the_same_commands(manifest: dict) -> None:
    declared = {c["command"] for c in manifest["features"]["slash_commands"]}
    registered = set(command_handlers(Deps(db=Database("sqlite://"))))
    assert declared == registered


def test_manifest_subscribes_to_what_the_app_listens_for(manifest: dict) -> None:
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == [
        "app_home_opened",
        "app_uninstalled",  # with OAuth: forget the workspace's installation
        "tokens_revoked",
    ]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    bot_scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert bot_scopes == set(SCOPES_BY_METHOD.values()) | HISTORY_SCOPES | {"commands"}


# Each Web API method the code calls, and the bot scope Slack requires for it.
SCOPES_BY_METHOD = {
    "users_info": "users:read",
    "chat_postMessage": "chat:write",
    "chat_update": "chat:write",
    "chat_delete": "chat:write",
    "conversations_open": "im:write",
    "conversations_history": "channels:history",
    "conversations_replies": "channels:history",
    "files_info": "files:read",  # and the download of the file it describes
    "files_upload_v2": "files:write",
    "files_delete": "files:write",  # forget-me deletes the files it uploaded
}
HISTORY_SCOPES = {"groups:history", "im:history"}  # the same calls, in private channels and DMs


def test_every_web_api_method_the_code_calls_has_its_scope() -> None:
    called = set()
    for path in (ROOT / "slackbot").rglob("*.py"):
        if "devtools" not in path.parts:
            # Called, or handed on to be called (a history call that pages through results).
            named = set(re.findall(r"client\.(\w+)", path.read_text()))
            called |= {name for name in named if callable(getattr(WebClient, name, None))}
    needs_no_scope = {"views_open", "views_push", "views_update", "views_publish"}
    assert called - needs_no_scope == set(SCOPES_BY_METHOD)


def test_dockerfile_runs_a_real_subcommand_as_a_non_root_user() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE).group(1))
    assert cmd[0] == "slackbot"
    args = _parser().parse_args(cmd[1:])
    assert args.command == "serve"
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.MULTILINE)
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert dockerfile.count("FROM ") >= 2


def test_console_script_points_at_main() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["slackbot"] == "slackbot.cli:main"
