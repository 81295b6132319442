"""APScheduler wakes the dispatcher every minute; the state lives in the outbox, not here."""

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler

from slackbot.nudges.dispatcher import Dispatcher

logger = logging.getLogger(__name__)

JOB_ID = "dispatch_nudges"


def start_scheduler(dispatcher: Dispatcher, clock: Callable[[], datetime]) -> BackgroundScheduler:
    def run() -> None:
        report = dispatcher.dispatch_due(clock())
        if report.messages or report.failed or report.recovered:
            logger.info("nudges: %s", report)

    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(
        run,
        "interval",
        minutes=1,
        id=JOB_ID,
        replace_existing=True,
        max_instances=1,  # a slow run is never overlapped by the next one
        coalesce=True,
        next_run_time=datetime.now(UTC),
    )
    scheduler.start()
    return scheduler
