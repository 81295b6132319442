"""The `slackbot` command line: serve, nudge, migrate."""

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from slackbot.settings import MissingSettingError, Settings, describe_problems

if TYPE_CHECKING:
    from slack_bolt import App

EXIT_BAD_SETTINGS = 2
EXIT_DATABASE_DOWN = 3
EXIT_SLACK_UNREACHABLE = 4

DESCRIPTION = """\
Parachute: a Slack bot that coaches a career cohort through informational interviews.

Settings come from the environment or a .env file in the working directory
(SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, DATABASE_URL, ...; see README.md).
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slackbot",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = commands.add_parser(
        "serve",
        help="run the bot (HTTP on /slack/events, or Socket Mode)",
        description=(
            "Run Parachute. Applies pending database migrations first. HTTP mode serves "
            "Slack's requests on POST /slack/events and a health check on GET /healthz; "
            "Socket Mode (--socket) needs no public URL but needs SLACK_APP_TOKEN."
        ),
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default %(default)s; 0.0.0.0 in a container)",
    )
    serve.add_argument(
        "--port", type=int, help="port to listen on (default: the PORT setting, 3000)"
    )
    serve.add_argument(
        "--socket", action="store_true", help="connect over Socket Mode instead of serving HTTP"
    )
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help=(
            "HTTP worker processes (default 1); they share nothing but the database, and "
            "nudges are posted by this process alone"
        ),
    )
    serve.add_argument(
        "--no-scheduler",
        action="store_true",
        help="do not post nudges from this process (run `slackbot nudge` from cron instead)",
    )

    nudge = commands.add_parser(
        "nudge",
        help="post the nudges that are due, once, and exit (for cron)",
        description=(
            "Run one dispatch of the nudge outbox as of --now (default: now) and exit. "
            "With --dry-run, print what would be posted, per channel and member, and change "
            "nothing."
        ),
    )
    nudge.add_argument("--now", type=_instant, help="ISO-8601 instant, e.g. 2026-12-01T09:00Z")
    nudge.add_argument("--dry-run", action="store_true", help="print, post nothing")

    shell = commands.add_parser(
        "shell",
        help="try Parachute in this terminal, with no Slack workspace",
        description=(
            "Run the real bot against a local stand-in of Slack: type /contact, /ask-draft, "
            "/meeting ... as in Slack, fill modals as forms, click buttons by number, and move "
            "the clock with :time to see nudges fire. Type :help inside."
        ),
    )
    shell.add_argument("--user", default="Alex", help="your name in the shell (default Alex)")
    shell.add_argument("--coach", action="store_true", help="start as a coach")
    shell.add_argument(
        "--db",
        default="sqlite:///parachute-shell.db",
        help="database URL (default: parachute-shell.db here; sqlite:// keeps it in memory)",
    )

    export = commands.add_parser(
        "export",
        help="send a member their data as a zip of CSV files, by DM (for operators)",
        description=(
            "Do what `/network export` does for one member: their contacts, asks, meetings, "
            "referrals and nudges as CSV files in one zip, uploaded to their DM with the bot."
        ),
    )
    export.add_argument("--team", required=True, help="the Slack team id, e.g. T012AB")
    export.add_argument("--user", required=True, help="the member's Slack user id, e.g. U034CD")

    commands.add_parser(
        "rotate-key",
        help="encrypt every stored workspace token again under the first key",
        description=(
            "Key rotation, with OAuth: put a new key first in TOKEN_ENCRYPTION_KEYS (keeping "
            "the old one after it), run this, then drop the old key."
        ),
    )

    commands.add_parser(
        "migrate",
        help="create or upgrade the database schema (alembic upgrade head)",
        description="Bring the database at DATABASE_URL to the newest schema. Safe to repeat.",
    )
    return parser


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO-8601 instant, e.g. 2026-12-01T09:00Z"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _positive(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _load_settings() -> Settings:
    return Settings()


def _configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level_number, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Slack's libraries log payloads (names, notes) at DEBUG: keep them at INFO at most.
    for name in ("slack_bolt", "slack_sdk"):
        logging.getLogger(name).setLevel(max(settings.log_level_number, logging.INFO))
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "serve" and args.socket and args.workers > 1:
        parser.error("--workers is for HTTP: in Socket Mode, run one process per connection")
    if args.command == "shell":
        from slackbot.devtools.shell import run_shell

        return run_shell(db_url=args.db, user=args.user, coach=args.coach)
    try:
        settings = _load_settings()
        if args.command == "serve":
            settings.require_slack_credentials("SLACK_SIGNING_SECRET")
            if args.socket:
                settings.require("SLACK_APP_TOKEN")
        if args.command == "export" or (args.command == "nudge" and not args.dry_run):
            settings.require_slack_credentials()
        if args.command == "rotate-key":
            settings.require("TOKEN_ENCRYPTION_KEYS")
    except (ValidationError, MissingSettingError) as error:
        for line in describe_problems(error):
            print(f"slackbot: {line}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    _configure_logging(settings)

    from slackbot.db.migrate import upgrade_to_head

    try:
        upgrade_to_head(settings.database_url, settings.token_cipher)
    except RuntimeError as error:  # stored tokens to encrypt, and no key to do it
        print(f"slackbot: {error}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    except SQLAlchemyError as error:
        print(
            f"slackbot: cannot reach the database at DATABASE_URL ({error.orig})", file=sys.stderr
        )
        return EXIT_DATABASE_DOWN
    if args.command == "migrate":
        print("slackbot: the database is up to date.")
        return 0
    if args.command == "rotate-key":
        return _rotate_key(settings)
    if args.command == "nudge":
        return _nudge(settings, now=args.now or datetime.now(UTC), dry_run=args.dry_run)
    if args.command == "export":
        return _export(settings, team_id=args.team, user_id=args.user)
    return _serve(
        settings,
        host=args.host,
        port=args.port or settings.port,
        socket=args.socket,
        scheduler=not args.no_scheduler,
        workers=args.workers,
    )


def _nudge(settings: Settings, *, now: datetime, dry_run: bool) -> int:
    from slackbot.db import Database
    from slackbot.nudges.dispatcher import Dispatcher, describe_due
    from slackbot.nudges.eraser import Eraser
    from slackbot.nudges.scheduler import erase_once, keep_house

    db = Database(settings.database_url)
    if dry_run:
        print(describe_due(db, now))
        return 0
    from slackbot.app import clients_for_teams  # Bolt's app: not needed for a dry run

    clients = clients_for_teams(settings, db, retry_dropped_connections=False)
    dispatcher = Dispatcher(db, clients, coaches=settings.cohort_admins)
    _stop_on_signals(dispatcher.stop)
    report = dispatcher.dispatch_due(now)
    erase_once(Eraser(db, clients), lambda: now)
    keep_house(db, lambda: now, timedelta(days=settings.uninstalled_retention_days))
    print(
        f"Posted {report.posted} nudge(s) in {report.messages} message(s); "
        f"{report.postponed} held for quiet hours; {report.failed} to retry; "
        f"{report.recovered} found already posted; {report.released} left for the next run."
    )
    return 0


def _rotate_key(settings: Settings) -> int:
    from slackbot.db import Database
    from slackbot.oauth import rotate_tokens
    from slackbot.token_cipher import TokenKeyError

    cipher = settings.token_cipher
    assert cipher is not None
    try:
        rotated = rotate_tokens(Database(settings.database_url).engine, cipher)
    except TokenKeyError as error:
        print(f"slackbot: {error}; nothing was changed", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    print(f"slackbot: {rotated} token(s) encrypted under the first key of TOKEN_ENCRYPTION_KEYS.")
    return 0


def _stop_on_signals(stop: Callable[[], None]) -> None:
    """SIGTERM (docker stop, systemd) and Ctrl-C end a run gracefully: the message being
    posted is recorded, the rest handed back to the queue."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop())


def _export(settings: Settings, *, team_id: str, user_id: str) -> int:
    from slack_sdk.errors import SlackApiError

    from slackbot.app import clients_for_teams
    from slackbot.db import Database
    from slackbot.delivery.files import deliver_export
    from slackbot.services.members import Owner

    db = Database(settings.database_url)
    client = clients_for_teams(settings, db)(team_id)
    if client is None:
        print(f"slackbot: Parachute is not installed in workspace {team_id}", file=sys.stderr)
        return 1
    owner = Owner(team_id=team_id, user_id=user_id)
    try:
        rows = deliver_export(client, db, owner, datetime.now(UTC))
    except SlackApiError as error:
        print(
            f"slackbot: Slack refused the upload ({error.response.get('error')})", file=sys.stderr
        )
        return 1
    print(f"Sent {rows} row(s) to {user_id} of {team_id} as a zip, by direct message.")
    return 0


def _serve(
    settings: Settings, *, host: str, port: int, socket: bool, scheduler: bool, workers: int
) -> int:
    from slackbot.app import build_app, clients_for_teams
    from slackbot.db import Database
    from slackbot.deps import Deps, utc_now
    from slackbot.nudges.dispatcher import Dispatcher
    from slackbot.nudges.eraser import Eraser
    from slackbot.nudges.scheduler import start_scheduler
    from slackbot.web import build_web_app

    db = Database(settings.database_url)
    # With workers, each builds its own app; this process only posts the nudges.
    app = (
        build_app(settings, deps=Deps(db=db, cohort_admins=settings.cohort_admins))
        if workers == 1
        else None
    )
    poster = clients_for_teams(settings, db, retry_dropped_connections=False)
    dispatcher = Dispatcher(db, poster, coaches=settings.cohort_admins)
    # Stopping: uvicorn finishes the requests in flight, the dispatcher the message it posts.
    _stop_on_signals(dispatcher.stop)
    retention = timedelta(days=settings.uninstalled_retention_days)
    nudges = (
        start_scheduler(dispatcher, utc_now, eraser=Eraser(db, poster), retention=retention)
        if scheduler
        else None
    )
    try:
        if app is None:
            _serve_http(WORKER_APP, host, port, settings, on_stop=dispatcher.stop, workers=workers)
            return 0
        if socket:
            return _serve_socket(app, settings, on_stop=dispatcher.stop)
        _serve_http(build_web_app(app, db), host, port, settings, on_stop=dispatcher.stop)
    finally:
        dispatcher.stop()
        if nudges is not None:
            nudges.shutdown(wait=True)
    return 0


def _serve_socket(app: "App", settings: Settings, *, on_stop: Callable[[], None]) -> int:
    from slack_sdk.errors import SlackApiError

    from slackbot.socket_mode import run_socket_mode

    stopping = threading.Event()

    def stop() -> None:
        on_stop()
        stopping.set()

    # Stopping: envelopes already received are handled and acked, then the socket closes.
    _stop_on_signals(stop)
    assert settings.slack_app_token is not None
    try:
        run_socket_mode(app, settings.slack_app_token.get_secret_value(), stopping)
    except SlackApiError as error:
        print(
            f"slackbot: Slack refused SLACK_APP_TOKEN for Socket Mode "
            f"({error.response.get('error')}); it needs an app-level token with "
            "connections:write",
            file=sys.stderr,
        )
        return EXIT_BAD_SETTINGS
    except OSError as error:
        print(f"slackbot: cannot reach Slack for Socket Mode ({error})", file=sys.stderr)
        return EXIT_SLACK_UNREACHABLE
    return 0


# Each worker process builds its own app from the settings; imported by uvicorn by name.
WORKER_APP = "slackbot.cli:worker_app"


def worker_app() -> Any:
    """The ASGI app of one HTTP worker of `slackbot serve --workers N`: Slack's requests
    only (the parent process posts the nudges and has migrated the database)."""
    from slackbot.app import build_app
    from slackbot.db import Database
    from slackbot.deps import Deps
    from slackbot.web import build_web_app

    settings = _load_settings()
    _configure_logging(settings)
    db = Database(settings.database_url)
    app = build_app(settings, deps=Deps(db=db, cohort_admins=settings.cohort_admins))
    return build_web_app(app, db)


def _serve_http(
    asgi_app: Any,
    host: str,
    port: int,
    settings: Settings,
    *,
    on_stop: Callable[[], None],
    workers: int = 1,
) -> None:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from slackbot.web import uvicorn_log_config

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            on_stop()  # at once, not after the requests in flight
            super().handle_exit(sig, frame)

    config = uvicorn.Config(
        asgi_app,
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        log_config=uvicorn_log_config(),
        timeout_graceful_shutdown=10,
        workers=workers,
        factory=workers > 1,
    )
    if workers > 1:
        # uvicorn's supervisor starts the workers, restarts one that dies and stops them
        # all on SIGTERM; then the nudges stop here too.
        sock = config.bind_socket()
        try:
            Multiprocess(config, sockets=[sock]).run()
        finally:
            on_stop()
        return
    Server(config).run()
