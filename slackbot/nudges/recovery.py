"""After a crash: rows left "sending" may have been posted before it. Each workspace's
channel and each member's DM are read back for the outbox keys the dispatcher puts in a
message's metadata; what is found is recorded as posted, the rest is posted by the run."""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import groupby

from slack_sdk.errors import SlackApiError

from slackbot.db import Database
from slackbot.nudges.poster import Poster
from slackbot.services import outbox
from slackbot.services.cohorts import get_cohort
from slackbot.services.outbox import DueItem

logger = logging.getLogger(__name__)

# A run ends well before this (docs/ARCHITECTURE.md): a row claimed longer ago is stuck.
STUCK_AFTER = timedelta(minutes=30)
LOOKBACK_MARGIN = timedelta(minutes=5)


def recover(
    db: Database, poster_for: Callable[[str], Poster | None], now: datetime, token: str
) -> int:
    """Claim the stuck rows with `token` and record those found posted; the others keep
    the token, so the run's claim takes them on. Returns how many were found posted."""
    with db.session() as session:
        since = outbox.earliest_stuck_claim(session=session, claimed_before=now - STUCK_AFTER)
        ids = outbox.claim_stuck(
            session=session, claimed_before=now - STUCK_AFTER, token=token, now=now
        )
        if not ids:
            return 0
        items = outbox.load_items(session=session, ids=ids)
    found = 0
    for team_id, team_items in groupby(items, key=lambda item: item.team_id):
        poster = poster_for(team_id)
        if poster is None:
            continue
        with db.session() as session:
            channel = get_cohort(session=session, team_id=team_id).nudge_channel_id
        for _, group in groupby(team_items, key=lambda item: item.user_id):
            found += _recover_member(db, poster, channel, list(group), since or now, now)
    return found


def _recover_member(
    db: Database,
    poster: Poster,
    channel: str | None,
    items: list[DueItem],
    since: datetime,
    now: datetime,
) -> int:
    found = 0
    try:
        places = [channel] if channel else []
        places.append(poster.dm(items[0].user_id))
        keys = {item.dedupe_key for item in items}
        for place in places:
            for ts, posted in poster.find_posted(place, keys, since - LOOKBACK_MARGIN):
                done = [item for item in items if item.dedupe_key in posted]
                with db.session() as session:
                    outbox.record_posted(session=session, items=done, channel=place, ts=ts, now=now)
                found += len(done)
    except (SlackApiError, OSError) as failure:
        # Unsure whether they were posted: leave them for the next run.
        logger.warning("could not check nudges %s: %s", [item.nudge_id for item in items], failure)
        with db.session() as session:
            outbox.unclaim(session=session, ids=[item.nudge_id for item in items])
    return found
