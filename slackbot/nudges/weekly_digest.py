"""The weekly digest as the dispatcher posts it: the cohort's week in words from the
database, and its funnel chart in the digest's thread once the digest is recorded."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from slackbot.blocks.digest import weekly_digest_message
from slackbot.blocks.funnel_chart import funnel_png
from slackbot.blocks.messages import Message
from slackbot.db import Database
from slackbot.nudges.poster import Poster
from slackbot.services.digest import weekly_digest


@dataclass(frozen=True)
class WeeklyDigest:
    message: Message
    chart: bytes  # PNG


def compose(db: Database, team_id: str, now: datetime, coaches: Collection[str]) -> WeeklyDigest:
    """The past week of `team_id`'s cohort (`coaches` left out unless they log)."""
    with db.session() as session:
        week = weekly_digest(session=session, team_id=team_id, now=now, coaches=coaches)
    return WeeklyDigest(weekly_digest_message(week), funnel_png(week))


def upload_chart(poster: Poster, channel: str, digest_ts: str, chart: bytes) -> None:
    """The funnel chart in the digest's thread. The digest is already recorded as posted,
    so a failure here costs the picture, never a second digest."""
    poster.upload_png(
        channel,
        digest_ts,
        chart,
        filename="cohort-funnel.png",
        title="The cohort's funnel this week",
        alt="Bar chart: asks sent, replies, meetings held and referrals this week",
    )
