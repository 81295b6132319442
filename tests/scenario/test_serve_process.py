"""The real `slackbot serve` process, pointed at the Slack stand-in over HTTPS, as Slack is:
/contact end to end, in one process and with two worker processes."""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme
from sqlalchemy import select

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.driver import Answer, SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.domain.contacts import ContactField
from slackbot.models import Contact
from slackbot.token_cipher import new_key
from tests.conftest import ALICE, SIGNING_SECRET
from tests.scenario.test_oauth_flow import CLIENT_ID, CLIENT_SECRET, _install


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def trusted(authority: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The authority as a file: the served process trusts it through SSL_CERT_FILE."""
    path = tmp_path_factory.mktemp("tls") / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return str(path)


pytestmark = pytest.mark.slack_over_https


def _wait_until_healthy(process: "subprocess.Popen[Any]", base_url: str) -> None:
    """Poll /healthz until the served app answers 200 (no event to wait for: it is another
    process); fail if it exits first or takes more than 30 s."""
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            pytest.fail(f"slackbot serve exited: {process.communicate()[0]!r}")
        try:
            if httpx.get(f"{base_url}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("slackbot serve did not become healthy in 30 s")
        time.sleep(0.1)


@contextmanager
def _serving(
    tmp_path: Path, *args: str, output: list[str] | None = None, **settings: str
) -> Iterator[str]:
    """`slackbot serve ARGS` with these settings, once healthy: its base URL; what it
    printed is added to `output` once it stopped."""
    port = _free_port()
    env = {**os.environ, "LOG_LEVEL": "WARNING", **settings}
    process = subprocess.Popen(
        [sys.executable, "-m", "slackbot", "serve", "--port", str(port), *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(process, base_url)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=15)
        if output is not None:
            output.append(process.stdout.read().decode())


@pytest.fixture(params=[1, 2], ids=["one process", "two workers"])
def served(
    request: pytest.FixtureRequest,
    slack: SlackStandIn,
    trusted: str,
    database_url: str,
    db: Database,
    tmp_path: Path,
) -> Iterator[str]:
    with _serving(
        tmp_path,
        "--workers",
        str(request.param),
        SSL_CERT_FILE=trusted,
        SLACK_BOT_TOKEN=slack.token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.api_url,
        DATABASE_URL=database_url,
    ) as base_url:
        yield base_url


def test_serve_handles_contact_from_command_to_app_home(
    served: str, slack: SlackStandIn, db: Database
) -> None:
    def transport(body: bytes, headers: dict[str, str]) -> Answer:
        response = httpx.post(f"{served}/slack/events", content=body, headers=headers)
        return Answer(response.status_code, response.content, dict(response.headers))

    driver = SlackDriver(slack, SIGNING_SECRET, transport)
    driver.open_home(ALICE)
    slack.wait_for("views.publish")
    assert driver.command(ALICE, "/contact", "Jane Doe").status == 200
    slack.wait_for("views.open")
    answer = driver.submit(
        ALICE, slack.top_modal(ALICE), {ids.CONTACT_BLOCKS[ContactField.COMPANY]: "Acme"}
    )
    assert answer.json()["response_action"] == "update"
    with db.session() as session:
        [contact] = session.scalars(select(Contact))
        assert (contact.name, contact.company) == ("Jane Doe", "Acme")
    slack.wait_for("views.publish", 2)
    assert "Jane Doe" in json.dumps(slack.home(ALICE)["blocks"])


def test_serve_installs_into_a_workspace_through_oauth(
    slack: SlackStandIn, trusted: str, database_url: str, db: Database, tmp_path
) -> None:
    slack.register_oauth_app(CLIENT_ID, CLIENT_SECRET)
    printed: list[str] = []
    with (
        _serving(
            tmp_path,
            output=printed,
            LOG_LEVEL="INFO",  # with uvicorn's access log
            TOKEN_ENCRYPTION_KEYS=new_key(),
            SSL_CERT_FILE=trusted,
            SLACK_BOT_TOKEN="",
            SLACK_CLIENT_ID=CLIENT_ID,
            SLACK_CLIENT_SECRET=CLIENT_SECRET,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            DATABASE_URL=database_url,
        ) as base_url,
        httpx.Client(base_url=base_url) as web,
    ):
        _install(web, slack, slack.team_id, ALICE)

        def transport(body: bytes, headers: dict[str, str]) -> Answer:
            response = web.post("/slack/events", content=body, headers=headers)
            return Answer(response.status_code, response.content, dict(response.headers))

        assert (
            SlackDriver(slack, SIGNING_SECRET, transport).command(ALICE, "/targets").status == 200
        )
        [opened] = slack.wait_for("views.open")
    [installed] = [t for t in slack.tokens_of(slack.team_id) if t != slack.token]
    assert opened.token == installed
    [log] = printed
    assert '"GET /slack/oauth_redirect HTTP/1.1" 200' in log  # the access log, without
    assert "code=" not in log and "state=" not in log  # the one-time code and state
