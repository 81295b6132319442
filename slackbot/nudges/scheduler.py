"""APScheduler wakes the dispatcher every minute, and the housekeeping every hour; the
state lives in the database, not here."""

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.exc import SQLAlchemyError

from slackbot.db import Database
from slackbot.nudges.dispatcher import Dispatcher, Report
from slackbot.nudges.eraser import Eraser
from slackbot.services.installations import delete_departed_workspaces, prune_oauth_states

logger = logging.getLogger(__name__)

JOB_ID = "dispatch_nudges"
HOUSEKEEPING_JOB_ID = "housekeeping"


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


def erase_once(eraser: Eraser, clock: Callable[[], datetime]) -> None:
    """Forget-me's deletions that are due (retries); with the database away, next minute."""
    try:
        report = eraser.erase_due(clock())
    except SQLAlchemyError as error:
        logger.warning("deletions wait: the database is unreachable (%s)", type(error).__name__)
        return
    if report.deleted or report.retrying or report.refused:
        logger.info("forget-me deletions: %s", report)


def keep_house(db: Database, clock: Callable[[], datetime], retention: timedelta) -> None:
    """Delete the data of workspaces uninstalled longer than `retention` ago, and expired
    OAuth states; with the database away, the next run does it."""
    try:
        with db.session() as session:
            now = clock()
            departed = delete_departed_workspaces(session=session, now=now, retention=retention)
            pruned = prune_oauth_states(session=session, now=now)
    except SQLAlchemyError as error:
        logger.warning("housekeeping waits: the database is unreachable (%s)", type(error).__name__)
        return
    if departed or pruned:
        logger.info(
            "housekeeping: data of %d uninstalled workspace(s) deleted (%s); "
            "%d OAuth state(s) pruned",
            len(departed),
            ", ".join(departed),
            pruned,
        )


def start_scheduler(
    dispatcher: Dispatcher,
    clock: Callable[[], datetime],
    *,
    eraser: Eraser | None = None,
    retention: timedelta = timedelta(days=30),
) -> BackgroundScheduler:
    def run() -> None:
        dispatch_once(dispatcher, clock)
        if eraser is not None:
            erase_once(eraser, clock)

    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(
        keep_house,
        "interval",
        args=(dispatcher.db, clock, retention),
        hours=1,
        id=HOUSEKEEPING_JOB_ID,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(UTC),
    )
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
