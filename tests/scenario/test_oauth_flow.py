"""Many workspaces through OAuth: the install flow against the stand-in's oauth.v2.access,
each workspace served with its own token, data isolated, and uninstalls stopping nudges."""

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import yaml
from slack_bolt import App
from sqlalchemy import select

from slackbot.app import clients_for_teams
from slackbot.db import Database
from slackbot.db.slack_oauth import BOTS, INSTALLATIONS
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.executor import TrackingExecutor
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.models import Member, Nudge
from slackbot.nudges.dispatcher import Dispatcher
from slackbot.oauth import BOT_SCOPES
from slackbot.services import contacts, outbox
from slackbot.services.members import Owner
from slackbot.settings import Settings
from slackbot.token_cipher import TokenCipher, new_key
from tests.conftest import ALICE, ALICE_OWNER, NOW, SIGNING_SECRET, TEAM, LiveServer, http_transport
from tests.scenario.journeys import log_contact
from tests.services.test_dispatcher import _ask
from tests.services.test_oauth_store import dump

ROOT = Path(__file__).resolve().parents[2]

CLIENT_ID = "1234567890.0987654321"
CLIENT_SECRET = "oauth-client-secret"
OTHER_TEAM = "T0OTHER"
CAROL = "UCAROL"
CAROL_OWNER = Owner(OTHER_TEAM, CAROL)
TOKEN_KEY = new_key()


@pytest.fixture
def settings(slack: SlackStandIn, database_url: str) -> Settings:
    """The app set for OAuth (many workspaces): no bot token, a client id and secret."""
    slack.register_oauth_app(CLIENT_ID, CLIENT_SECRET)
    slack.add_user(CAROL, "Carol Ng", tz="Asia/Singapore")
    return Settings(
        _env_file=None,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        token_encryption_keys=TOKEN_KEY,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.api_url,
        database_url=database_url,
    )


@pytest.fixture
def web(app: App, db: Database) -> Iterator[httpx.Client]:
    from slackbot.web import build_web_app

    with (
        LiveServer(build_web_app(app, db)) as base_url,
        httpx.Client(base_url=base_url) as client,
    ):
        yield client


def _driver(slack: SlackStandIn, web: httpx.Client, team_id: str) -> SlackDriver:
    return SlackDriver(slack, SIGNING_SECRET, http_transport(web), team_id=team_id)


def _start_install(web: httpx.Client) -> tuple[str, str]:
    """Open /slack/install: the state in the "Add to Slack" link, and the state cookie."""
    page = web.get("/slack/install")
    assert page.status_code == 200
    authorize = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page.text)
    assert authorize is not None
    link = authorize.group(1).replace("&amp;", "&")
    assert f"client_id={CLIENT_ID}" in link
    state = re.search(r"state=([^&]+)", link).group(1)
    # The browser keeps the state cookie (Secure: sent back over HTTPS, so by hand here).
    cookie = page.headers["set-cookie"].split(";")[0]
    assert cookie == f"slack-app-oauth-state={state}"
    return state, cookie


def _redirect(web: httpx.Client, code: str, state: str, cookie: str) -> httpx.Response:
    """Slack sends the browser back with the code, after the admin clicked Allow."""
    return web.get(
        "/slack/oauth_redirect", params={"code": code, "state": state}, headers={"Cookie": cookie}
    )


def _install(web: httpx.Client, slack: SlackStandIn, team_id: str, user_id: str) -> str:
    state, cookie = _start_install(web)
    code = slack.approve_install(team_id, user_id)
    done = _redirect(web, code, state, cookie)
    assert done.status_code == 200, done.text
    return code


def _bot_tokens(db: Database, team_id: str) -> list[str]:
    """The team's bot tokens, decrypted (the database holds them encrypted)."""
    cipher = TokenCipher([TOKEN_KEY])
    with db.session() as session:
        stored = session.scalars(select(BOTS.c.bot_token).where(BOTS.c.team_id == team_id))
        return [cipher.decrypt(token) for token in stored]


def test_the_install_asks_for_the_manifests_scopes() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert set(BOT_SCOPES) == set(manifest["oauth_config"]["scopes"]["bot"])


def test_installing_stores_the_workspaces_token_and_the_app_uses_it(
    web: httpx.Client, slack: SlackStandIn, db: Database
):
    _install(web, slack, TEAM, ALICE)
    [token] = _bot_tokens(db, TEAM)
    assert token in slack.tokens_of(TEAM)
    assert token not in dump(db.engine)  # encrypted at rest: a backup holds no token
    [exchange] = slack.calls_to("oauth.v2.access")
    assert exchange.token is None  # the client credentials, never a bot token

    driver = _driver(slack, web, TEAM)
    assert driver.command(ALICE, "/contact", "Jane Doe").status == 200
    [opened] = slack.wait_for("views.open")
    assert opened.token == token


def test_a_forged_state_or_a_reused_code_installs_nothing(
    web: httpx.Client, slack: SlackStandIn, db: Database
):
    code = slack.approve_install(TEAM, ALICE)
    forged = _redirect(web, code, "made-up", "slack-app-oauth-state=made-up")
    assert forged.status_code == 401 and "invalid_state" in forged.text
    assert _bot_tokens(db, TEAM) == []
    assert slack.calls_to("oauth.v2.access") == []  # refused before the exchange

    used = _install(web, slack, OTHER_TEAM, CAROL)
    state, cookie = _start_install(web)
    replayed = _redirect(web, used, state, cookie)
    assert replayed.status_code == 401 and "invalid_code" in replayed.text
    assert len(_bot_tokens(db, OTHER_TEAM)) == 1


def test_two_workspaces_are_served_with_their_own_tokens_and_see_only_their_data(
    web: httpx.Client, slack: SlackStandIn, db: Database
):
    _install(web, slack, TEAM, ALICE)
    _install(web, slack, OTHER_TEAM, CAROL)
    for team, user, name in ((TEAM, ALICE, "Jane Doe"), (OTHER_TEAM, CAROL, "Wei Tan")):
        driver = _driver(slack, web, team)
        driver.open_home(user)
        log_contact(driver, user, name, email="")

    slack.wait_for("views.publish", 4)  # each opened App Home, then saw it redrawn
    homes = {call.args["user_id"]: call for call in slack.calls_to("views.publish")}
    assert homes[CAROL].token == _bot_tokens(db, OTHER_TEAM)[0]
    carol_home = json.dumps(slack.home(CAROL)["blocks"])
    assert "Wei Tan" in carol_home and "Jane Doe" not in carol_home
    alice_home = json.dumps(slack.home(ALICE)["blocks"])
    assert "Jane Doe" in alice_home and "Wei Tan" not in alice_home


SENT = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)  # a Wednesday
# Tuesday 1 December, 09:00 in Singapore: Carol's follow-ups are due, at her nudge time.
DUE = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def _asked(db: Database, owner: Owner, tz: str) -> None:
    _ask(db, owner.user_id, tz, team_id=owner.team_id)


def _states_by_team(db: Database) -> dict[str, set[str]]:
    with db.session() as session:
        rows = session.execute(
            select(Member.team_id, Nudge.state).join(Member, Member.id == Nudge.member_id)
        )
        found: dict[str, set[str]] = {}
        for team_id, state in rows:
            found.setdefault(team_id, set()).add(state)
        return found


@pytest.mark.parametrize(
    "event",
    [
        {"type": "app_uninstalled"},
        {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UPARACHUTE"]}},
    ],
)
def test_uninstalling_removes_the_installation_and_stops_that_workspaces_nudges(
    web: httpx.Client,
    slack: SlackStandIn,
    db: Database,
    listeners: TrackingExecutor,
    event: dict,
):
    _install(web, slack, TEAM, ALICE)
    _install(web, slack, OTHER_TEAM, CAROL)
    _asked(db, ALICE_OWNER, "Europe/Paris")
    _asked(db, CAROL_OWNER, "Asia/Singapore")
    with db.session() as session:  # a snoozed reminder is not posted yet either
        first = session.scalars(select(Nudge.id).order_by(Nudge.id)).first()
        outbox.snooze(
            session=session, owner=ALICE_OWNER, nudge_id=first, until=datetime.now(UTC), now=NOW
        )
    assert _states_by_team(db)[TEAM] == {"pending", "snoozed"}

    slack.revoke_tokens(TEAM)
    assert _driver(slack, web, TEAM).event(event).status == 200
    listeners.settle()

    assert _bot_tokens(db, TEAM) == []
    assert len(_bot_tokens(db, OTHER_TEAM)) == 1
    with db.session() as session:  # the installation goes too, with every token it held
        teams = set(session.scalars(select(INSTALLATIONS.c.team_id)))
    assert teams == {OTHER_TEAM}
    assert _states_by_team(db) == {TEAM: {"cancelled"}, OTHER_TEAM: {"pending"}}
    with db.session() as session:  # the data stays, isolated, should they reinstall
        assert contacts.recent_contacts(session=session, owner=ALICE_OWNER, limit=5)

    _install(web, slack, TEAM, ALICE)  # they do: the stopped reminders are due again
    assert _states_by_team(db) == {TEAM: {"pending"}, OTHER_TEAM: {"pending"}}


def test_the_dispatcher_posts_with_each_workspaces_token_and_skips_uninstalled_ones(
    web: httpx.Client, slack: SlackStandIn, db: Database, settings: Settings
):
    _install(web, slack, TEAM, ALICE)
    _install(web, slack, OTHER_TEAM, CAROL)
    _asked(db, ALICE_OWNER, "Europe/Paris")
    _asked(db, CAROL_OWNER, "Asia/Singapore")
    with db.session() as session:  # gone without an event reaching us
        session.execute(BOTS.delete().where(BOTS.c.team_id == TEAM))

    clients = clients_for_teams(settings, db)
    report = Dispatcher(db, clients, sleep=lambda _: None).dispatch_due(DUE)

    assert report.posted >= 1
    posts = slack.calls_to("chat.postMessage")
    assert {call.token for call in posts} == set(_bot_tokens(db, OTHER_TEAM))
    assert _states_by_team(db)[TEAM] == {"cancelled"}
