from datetime import datetime

from sqlalchemy import CheckConstraint, String, func
from sqlalchemy.orm import Mapped, mapped_column

from slackbot.db import Base
from slackbot.db.base import EnumText
from slackbot.domain.nudges import PrivacyLevel


class Cohort(Base):
    """A workspace's cohort and the settings its coaches choose (DESIGN §3, `/cohort`)."""

    __tablename__ = "cohorts"
    __table_args__ = (
        CheckConstraint("max_followups BETWEEN 0 AND 5", name="max_followups_range"),
        CheckConstraint("nudge_minute BETWEEN 0 AND 1439", name="nudge_minute_range"),
        CheckConstraint("digest_weekday BETWEEN 0 AND 6", name="digest_weekday_range"),
        CheckConstraint("digest_minute BETWEEN 0 AND 1439", name="digest_minute_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), unique=True)
    nudge_channel_id: Mapped[str | None] = mapped_column(String(32))
    # Minutes after midnight in the cohort's time zone; 540 is 09:00.
    nudge_minute: Mapped[int] = mapped_column(default=540, server_default="540")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    holidays_country: Mapped[str | None] = mapped_column(String(2))
    max_followups: Mapped[int] = mapped_column(default=2, server_default="2")
    # The 3B7 cadence, in business days.
    second_contact_days: Mapped[int] = mapped_column(default=3, server_default="3")
    follow_up_days: Mapped[int] = mapped_column(default=7, server_default="7")
    privacy_level: Mapped[PrivacyLevel] = mapped_column(
        EnumText(PrivacyLevel, 16),
        default=PrivacyLevel.COMPANY,
        server_default=PrivacyLevel.COMPANY.value,
    )
    # Members' quiet hours, minutes after midnight in each member's own time zone.
    quiet_start_minute: Mapped[int] = mapped_column(default=1200, server_default="1200")
    quiet_end_minute: Mapped[int] = mapped_column(default=480, server_default="480")
    keep_in_touch_days: Mapped[int] = mapped_column(default=90, server_default="90")
    # The last problem posting to the channel (e.g. not_in_channel), shown to coaches.
    channel_problem: Mapped[str | None] = mapped_column(String(64))
    # The weekly goals each member starts with (they may set their own).
    goal_asks: Mapped[int] = mapped_column(default=5, server_default="5")
    goal_meetings: Mapped[int] = mapped_column(default=2, server_default="2")
    # The weekly digest: a weekday (0 is Monday; none: no digest) and a minute after
    # midnight, in the cohort's time zone.
    digest_weekday: Mapped[int | None]
    digest_minute: Mapped[int] = mapped_column(default=960, server_default="960")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
