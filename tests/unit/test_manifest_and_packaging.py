"""manifest.yml is valid for Slack and matches the code; the Dockerfile runs a real command."""

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

from slackbot.cli import _parser
from slackbot.db import Database
from slackbot.listeners.commands import command_handlers
from slackbot.listeners.deps import Deps

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared" / "schemas" / "slack-app-manifest.schema.1.0.0.json"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_is_valid_against_slacks_schema(manifest: dict) -> None:
    if not SCHEMA.exists():
        pytest.fail(f"Slack's manifest schema is missing at {SCHEMA}")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(json.loads(json.dumps(manifest)), schema)


def test_manifest_and_code_declare_the_same_commands(manifest: dict) -> None:
    declared = {c["command"] for c in manifest["features"]["slash_commands"]}
    registered = set(command_handlers(Deps(db=Database("sqlite://"))))
    assert declared == registered


def test_manifest_subscribes_to_what_the_app_listens_for(manifest: dict) -> None:
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_home_opened"]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "chat:write",
        "commands",
        "users:read",
    }


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
