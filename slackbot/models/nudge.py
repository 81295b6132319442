from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from slackbot.db import Base
from slackbot.db.base import EnumText
from slackbot.domain.nudges import WAITING, NudgeKind, NudgeState
from slackbot.models.owned import MemberOwned

# The nudges still to post, as literal SQL: SQLite uses a partial index only for a query
# whose WHERE repeats the index's own words.
WAITING_SQL = "state IN ({})".format(", ".join(f"'{state}'" for state in WAITING))


class Nudge(MemberOwned, Base):
    """The outbox (DESIGN §4): a reminder due at an instant, posted once by the dispatcher."""

    __tablename__ = "nudges"
    __table_args__ = (
        Index("ix_nudges_state_due", "state", "due_at"),
        # The dispatcher reads the waiting rows in due order, up to a batch: walking this
        # index it stops after the batch, however many rows the outbox holds or wrongly
        # seems to hold (PostgreSQL misjudged 137k rows due for 1,000; docs/PERFORMANCE.md).
        Index(
            "ix_nudges_waiting_due",
            "due_at",
            sqlite_where=text(WAITING_SQL),
            postgresql_where=text(WAITING_SQL),
        ),
        Index("ix_nudges_contact_state", "contact_id", "state"),
        Index("ix_nudges_member_state", "member_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[NudgeKind] = mapped_column(EnumText(NudgeKind, 24))
    number: Mapped[int] = mapped_column(default=0, server_default="0")
    due_at: Mapped[datetime]
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    state: Mapped[NudgeState] = mapped_column(
        EnumText(NudgeState, 16),
        default=NudgeState.PENDING,
        server_default=NudgeState.PENDING.value,
    )
    # Set when a dispatcher claims the row (state "sending"); a crash leaves it there.
    claim_token: Mapped[str | None] = mapped_column(String(32), index=True)
    claimed_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]
