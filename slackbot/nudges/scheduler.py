"""APScheduler wakes the dispatcher every minute; the state lives in the outbox, not here."""

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.exc import SQLAlchemyError

from slackbot.nudges.dispatcher import Dispatcher, Report

logger = logging.getLogger(__name__)

JOB_ID = "dispatch_nudges"


def dispatch_once(dispatcher: Dispatcher, clock: Callable[[], datetime]) -> Report | None:
    """One dispatch; with the database away, nothing happens and the next minute tries again
    (the outbox keeps every claim it made, so nothing is lost or posted twice)."""
    try:
        report = dispatcher.dispatch_due(clock())
    except SQLAlchemyError as error:
        logger.warning("nudges wait: the database is unreachable (%s)", type(error).__name__)
        return None
    if report.messages or report.failed or report.recovered:
        logger.info("nudges: %s", report)
    return report


def start_scheduler(dispatcher: Dispatcher, clock: Callable[[], datetime]) -> BackgroundScheduler:
    def run() -> None:
        dispatch_once(dispatcher, clock)

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
