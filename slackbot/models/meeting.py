from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from slackbot.db import Base
from slackbot.db.base import EnumText
from slackbot.domain.meetings import MeetingFormat
from slackbot.models.owned import MemberOwned


class Meeting(MemberOwned, Base):
    """An informational interview, scheduled or held, and what the member wrote after it."""

    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_member_starts", "member_id", "starts_at"),
        Index("ix_meetings_contact", "contact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int]
    format: Mapped[MeetingFormat] = mapped_column(EnumText(MeetingFormat, 16))
    location: Mapped[str | None] = mapped_column(String(300))
    goal: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None]
    # The calendar file's SEQUENCE (RFC 5545): raised on each reschedule and on cancelling,
    # so calendars replace the copy they hold.
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    prep_done_at: Mapped[datetime | None]
    # The TIARA notes, leads and next steps, written after the meeting.
    trends: Mapped[str | None] = mapped_column(Text)
    insights: Mapped[str | None] = mapped_column(Text)
    advice: Mapped[str | None] = mapped_column(Text)
    resources: Mapped[str | None] = mapped_column(Text)
    assignments: Mapped[str | None] = mapped_column(Text)
    leads: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    notes_written_at: Mapped[datetime | None]
    thank_you_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
