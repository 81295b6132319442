"""Process faults: `slackbot nudge` stopped with SIGTERM mid-dispatch hands back what it had
not posted; killed with SIGKILL, the next run finds what was posted. Either way every
member's reminder is posted exactly once. `slackbot serve` stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from slackbot.db import Database
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.models import Nudge
from tests.conftest import SIGNING_SECRET
from tests.scenario.test_serve_process import _free_port, _wait_until_healthy
from tests.services.test_dispatcher import CHANNEL, _ask, _posts, _set_channel

DUE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 09:00 for members in UTC
MEMBERS = ["UONE", "UTWO", "UTHREE", "UFOUR"]  # fewer than a digest: one message each


def _env(slack: SlackStandIn, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": slack.token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }


def _nudge(slack: SlackStandIn, database_url: str, when: datetime) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "slackbot", "nudge", "--now", when.isoformat()],
        env=_env(slack, database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _states(db: Database) -> Counter[str]:
    with db.session() as session:
        return Counter(
            dict(session.execute(select(Nudge.state, func.count()).group_by(Nudge.state)).all())
        )


def _each_member_posted_once(slack: SlackStandIn) -> None:
    mentions = Counter(
        member for message in _posts(slack) for member in MEMBERS if f"<@{member}>" in message.text
    )
    assert mentions == Counter(MEMBERS)


@pytest.fixture
def four_due(db: Database, slack: SlackStandIn) -> None:
    _set_channel(db, CHANNEL)
    for member in MEMBERS:
        slack.add_user(member, member, tz="UTC")
        _ask(db, member, "UTC")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_dispatch_hands_back_the_rest_and_the_next_run_posts_it(
    four_due: None, db: Database, slack: SlackStandIn, database_url: str, stop: int
) -> None:
    run = _nudge(slack, database_url, DUE)
    slack.wait_for("chat.postMessage", timeout=30)
    run.send_signal(stop)
    output, _ = run.communicate(timeout=15)
    assert run.returncode == 0, output
    assert "left for the next run" in output
    states = _states(db)
    assert states["sending"] == 0  # nothing stranded
    assert 1 <= states["sent"] < len(MEMBERS) <= states["sent"] + states["pending"]

    rerun = _nudge(slack, database_url, DUE + timedelta(minutes=1))
    assert rerun.wait(timeout=30) == 0
    _each_member_posted_once(slack)
    assert _states(db)["pending"] == states["pending"] - (len(MEMBERS) - states["sent"])


def test_a_killed_dispatch_is_recovered_without_doubles(
    four_due: None, db: Database, slack: SlackStandIn, database_url: str
) -> None:
    run = _nudge(slack, database_url, DUE)
    slack.wait_for("chat.postMessage", timeout=30)
    run.kill()
    run.wait(timeout=15)
    assert _states(db)["sending"] >= len(MEMBERS) - 1  # claimed, unrecorded

    # The claims look stuck after 30 minutes: the next run checks the channel first.
    rerun = _nudge(slack, database_url, DUE + timedelta(minutes=31))
    output, _ = rerun.communicate(timeout=30)
    assert rerun.returncode == 0, output
    assert "1 found already posted" in output
    _each_member_posted_once(slack)
    assert _states(db)["sending"] == 0


def test_serve_stops_cleanly_on_sigterm(
    slack: SlackStandIn, database_url: str, db: Database, tmp_path
) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "slackbot", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=_env(slack, database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_healthy(process, f"http://127.0.0.1:{port}")
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "Traceback" not in output
