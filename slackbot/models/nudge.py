from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from slackbot.db import Base
from slackbot.models.owned import MemberOwned


class Nudge(MemberOwned, Base):
    """The outbox (DESIGN §4): a reminder due at an instant, posted once by the dispatcher."""

    __tablename__ = "nudges"
    __table_args__ = (
        # The dispatcher reads pending rows by due instant: its cost follows what is due.
        Index("ix_nudges_state_due", "state", "due_at"),
        Index("ix_nudges_contact_state", "contact_id", "state"),
        Index("ix_nudges_member_state", "member_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))  # NudgeKind
    number: Mapped[int] = mapped_column(default=0, server_default="0")
    due_at: Mapped[datetime]
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    # Set when a dispatcher claims the row (state "sending"); a crash leaves it there.
    claim_token: Mapped[str | None] = mapped_column(String(32), index=True)
    claimed_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]
