from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from slackbot.db import Base


class PostedMessage(Base):
    """A message or file the bot posted for or about a member, recorded as it was posted,
    so forget-me can delete it from Slack. On forget-me the rows become a queue (the
    outbox pattern of the nudges): each is deleted through Slack, retried when Slack is
    away, and the member is told the counts once none is left pending.

    Keyed by team and user, not by member row: the member row goes at once, these stay
    until Slack has deleted what they point at."""

    __tablename__ = "posted_messages"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "ts"),
        UniqueConstraint("team_id", "file_id"),
        Index("ix_posted_messages_owner", "team_id", "user_id"),
        Index("ix_posted_messages_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))  # a message
    file_id: Mapped[str | None] = mapped_column(String(32))  # or a file
    posted_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16), default="posted", server_default="posted")
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(64))
