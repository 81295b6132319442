from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from slackbot.db import Base
from slackbot.models.owned import MemberOwned


class Overlap(MemberOwned, Base):
    """Two members reaching out to the same person within a month: both were told once.

    `member_id` added or drafted to `contact_id`; `other_member_id` had asked
    `other_contact_id`, their own record of the same person."""

    __tablename__ = "overlaps"
    __table_args__ = (
        UniqueConstraint("contact_id", "other_contact_id"),
        Index("ix_overlaps_member_created", "member_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    other_member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    other_contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime]
