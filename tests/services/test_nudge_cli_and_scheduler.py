"""`slackbot nudge` from the command line, and the scheduler inside `slackbot serve`."""

import os
import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import func, select

from slackbot.db import Database
from slackbot.devtools.slack_standin import dm_channel
from slackbot.models import Nudge
from slackbot.nudges.dispatcher import Dispatcher
from slackbot.nudges.scheduler import HOUSEKEEPING_JOB_ID, JOB_ID, start_scheduler
from slackbot.services import posted
from slackbot.services.members import Owner
from tests.conftest import TEAM
from tests.services.test_dispatcher import CHANNEL, _ask, _set_channel


def _nudge(database_url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slackbot", "nudge", *args],
        env={**os.environ, "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_dry_run_prints_per_channel_and_member_and_changes_nothing(
    db: Database, database_url: str
) -> None:
    _set_channel(db, CHANNEL)
    _ask(db, "ULEEANA", "America/Los_Angeles")
    with db.session() as session:
        before = session.execute(select(Nudge.id, Nudge.state, Nudge.due_at)).all()
    result = _nudge(database_url, "--dry-run", "--now", "2026-11-23T17:00:00Z")
    assert result.returncode == 0, result.stderr
    assert "channel C0COHORT" in result.stdout and "ULEEANA: 1" in result.stdout
    with db.session() as session:
        assert session.execute(select(Nudge.id, Nudge.state, Nudge.due_at)).all() == before


def test_a_real_run_needs_the_bot_token_and_says_so(database_url: str) -> None:
    result = _nudge(database_url)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN is not set" in result.stderr


def test_a_bad_instant_is_explained(database_url: str) -> None:
    result = _nudge(database_url, "--dry-run", "--now", "tomorrow")
    assert result.returncode == 2 and "ISO-8601" in result.stderr


def test_the_scheduler_runs_fixed_jobs_nudges_every_minute_housekeeping_hourly_in_utc(
    db: Database, slack, client
) -> None:
    _set_channel(db, CHANNEL)
    _ask(db, "ULEEANA", "America/Los_Angeles")
    due = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    scheduler = start_scheduler(Dispatcher(db, client, sleep=lambda _: None), lambda: due)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {JOB_ID, HOUSEKEEPING_JOB_ID}
        assert jobs[JOB_ID].trigger.interval.total_seconds() == 60
        assert jobs[HOUSEKEEPING_JOB_ID].trigger.interval.total_seconds() == 3600
        assert str(scheduler.timezone) == "UTC"
        assert {job.max_instances for job in jobs.values()} == {1}
        slack.wait_for("chat.postMessage")  # the first run is right away
    finally:
        scheduler.shutdown(wait=True)
    with db.session() as session:
        assert session.scalar(select(func.count()).where(Nudge.state == "sent")) == 1


def test_a_nudge_run_finishes_forget_mes_pending_deletions(
    db: Database, database_url: str, slack, client
) -> None:
    """From cron, as in `serve`: what Slack could not delete at forget-me time goes now."""
    owner = Owner(TEAM, "UALICE")
    now = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    reminder = client.chat_postMessage(channel=CHANNEL, text="Reminders for <@UALICE>")
    with db.session() as session:
        posted.record_message(
            session=session, owner=owner, channel_id=CHANNEL, ts=reminder["ts"], now=now
        )
        posted.queue_erasure(session=session, owner=owner, also=[], now=now)
    result = _nudge(
        database_url,
        "--now",
        "2026-11-23T17:05:00Z",
        SLACK_BOT_TOKEN=slack.token,
        SLACK_API_URL=slack.api_url,
    )
    assert result.returncode == 0, result.stderr
    assert [m.ts for m in slack.messages(channel=CHANNEL)] == []
    [report] = slack.messages(channel=dm_channel("UALICE"))
    assert "I deleted 1 message and 0 files" in report.text
