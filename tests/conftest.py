"""Shared fixtures: databases on every engine, the Slack stand-in, the app, a Slack driver.

SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (then it must be reachable:
a test that needs it fails, never skips).
"""

import os
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest
import trustme
import uvicorn
from slack_bolt import App
from sqlalchemy import create_engine, text

import slackbot.models  # noqa: F401  (registers the tables)
from slackbot.app import build_app
from slackbot.coalesce import Coalescer
from slackbot.db import Base, Database
from slackbot.db.migrate import upgrade_to_head
from slackbot.db.slack_oauth import SLACK_OAUTH_METADATA
from slackbot.deps import Deps, utc_now
from slackbot.devtools.driver import Answer, SlackDriver, Transport
from slackbot.devtools.executor import TrackingExecutor
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.services.members import Owner
from slackbot.settings import Settings
from slackbot.web import build_web_app

SIGNING_SECRET = "test-signing-secret"
TEAM = "T0COHORT"
ALICE = "UALICE"
BOB = "UBOB"
COACH = "UCOACH"  # a workspace admin: the cohort's coach
ALICE_OWNER = Owner(TEAM, ALICE)
BOB_OWNER = Owner(TEAM, BOB)
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_listener_failures(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """A listener that fails after its ack is invisible to the test; fail the test then."""
    yield
    if request.node.get_closest_marker("listener_failures_expected"):
        return
    records = caplog.get_records("setup") + caplog.get_records("call")
    # The app's listeners, and the App Home redraws that run after a burst of changes.
    failures = [r.getMessage() for r in records if r.name in ("slackbot.app", "slackbot.coalesce")]
    assert not failures, f"listeners failed: {failures}"


def _engines() -> list[str]:
    engines = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL"):
        engines.append("postgresql")
    return engines


def _reset_postgresql(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture(scope="session", params=_engines())
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database built by the migrations (alembic upgrade head), once per engine."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'parachute.db'}"
    else:
        url = Settings(_env_file=None, database_url=os.environ["TEST_DATABASE_URL"]).database_url
        _reset_postgresql(url)
    upgrade_to_head(url)
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    with database.session() as session:
        for table in [*reversed(Base.metadata.sorted_tables), *SLACK_OAUTH_METADATA.sorted_tables]:
            session.execute(table.delete())
    database.dispose()


@pytest.fixture(scope="session")
def authority() -> trustme.CA:
    """A throwaway certificate authority: the stand-in's certificate, when over HTTPS."""
    return trustme.CA()


@pytest.fixture
def slack(request: pytest.FixtureRequest, authority: trustme.CA) -> Iterator[SlackStandIn]:
    """The Slack stand-in with Alice and Bob; over HTTPS, as Slack is, for a module marked
    `slack_over_https` (a client then trusts `authority`)."""
    tls = None
    if request.node.get_closest_marker("slack_over_https"):
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        authority.issue_cert("127.0.0.1").configure_cert(tls)
    with SlackStandIn(team_id=TEAM, tls=tls) as standin:
        standin.add_user(ALICE, "Alice Moreau", tz="Europe/Paris")
        standin.add_user(BOB, "Bob Okafor", tz="America/Chicago")
        yield standin


@pytest.fixture
def coach(slack: SlackStandIn) -> str:
    """Casey, a workspace admin and so the cohort's coach, in the stand-in."""
    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    return COACH


@pytest.fixture
def settings(slack: SlackStandIn, database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        slack_bot_token=slack.token,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.api_url,
        database_url=database_url,
    )


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """The app's clock; a test module overrides this fixture to fix the time."""
    return utc_now


@pytest.fixture
def listeners() -> Iterator[TrackingExecutor]:
    executor = TrackingExecutor()
    yield executor
    executor.shutdown(wait=True)


def app_deps(db: Database, clock: Callable[[], datetime] = utc_now) -> Deps:
    """The app's dependencies in tests: App Home is redrawn at once after each change, so
    that `listeners.settle()` covers it and no redraw outlives its test;
    test_home_redraws.py holds the real window (one redraw per burst)."""
    return Deps(db=db, clock=clock, home_redraws=Coalescer(0))


@pytest.fixture
def app(
    settings: Settings,
    db: Database,
    clock: Callable[[], datetime],
    listeners: TrackingExecutor,
) -> App:
    return build_app(settings, deps=app_deps(db, clock), listener_executor=listeners)


class LiveServer:
    """The real ASGI app under uvicorn on a free port, in a background thread."""

    def __init__(self, asgi_app: object) -> None:
        config = uvicorn.Config(asgi_app, host="127.0.0.1", port=0, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def http(app: App, db: Database) -> Iterator[httpx.Client]:
    """An HTTP client to the real app served by uvicorn, as Slack would reach it."""
    with LiveServer(build_web_app(app, db)) as base_url, httpx.Client(base_url=base_url) as client:
        yield client


@pytest.fixture
def driver(slack: SlackStandIn, http: httpx.Client) -> SlackDriver:
    """Slack's side of the conversation, talking to the real app over its HTTP endpoint."""
    return SlackDriver(slack, SIGNING_SECRET, http_transport(http))


def http_transport(http: httpx.Client) -> Transport:
    """Requests to the app's /slack/events (`http` has the app's base URL)."""

    def transport(body: bytes, headers: dict[str, str]) -> Answer:
        response = http.post("/slack/events", content=body, headers=headers)
        return Answer(response.status_code, response.content, dict(response.headers))

    return transport
