from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from slackbot.db import Base
from slackbot.db.base import EnumText
from slackbot.domain.drafting import Channel, ConnectionKind, DraftKind
from slackbot.models.owned import MemberOwned


class Draft(MemberOwned, Base):
    """An outreach draft: its inputs, its current text, and when it was sent (an ask)."""

    __tablename__ = "drafts"
    __table_args__ = (
        Index("ix_drafts_member_created", "member_id", "created_at"),
        Index("ix_drafts_contact_sent", "contact_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    kind: Mapped[DraftKind] = mapped_column(EnumText(DraftKind, 16))
    channel: Mapped[Channel] = mapped_column(EnumText(Channel, 16))
    connection_kind: Mapped[ConnectionKind] = mapped_column(EnumText(ConnectionKind, 16))
    connection_detail: Mapped[str] = mapped_column(String(200), default="")
    who_i_am: Mapped[str] = mapped_column(String(200))
    interest_narrow: Mapped[str] = mapped_column(String(200))
    interest_broad: Mapped[str] = mapped_column(String(200))
    sign_off_name: Mapped[str] = mapped_column(String(100))
    follow_up_number: Mapped[int] = mapped_column(default=0, server_default="0")
    variant: Mapped[int] = mapped_column(default=0, server_default="0")
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    edited: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    # Where the draft message is, so edits update it in place.
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
