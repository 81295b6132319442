from datetime import datetime

from sqlalchemy import String, UniqueConstraint, false, func
from sqlalchemy.orm import Mapped, mapped_column

from slackbot.db import Base


class Member(Base):
    """A person of the cohort, known by their Slack team and user ids."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str | None] = mapped_column(String(200))
    # IANA zone from users.info, cached; refreshed when older than a week.
    tz: Mapped[str | None] = mapped_column(String(64))
    # A workspace admin or owner (users.info), and so a coach of the cohort.
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    profile_fetched_at: Mapped[datetime | None]
    # When they last opened App Home; never: it is not redrawn after their changes.
    home_opened_at: Mapped[datetime | None]
    # Their own weekly goals; none: the cohort's.
    goal_asks: Mapped[int | None]
    goal_meetings: Mapped[int | None]
    # Named on the weekly digest's leaderboard and celebrations: only when they opt in.
    on_leaderboard: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Classmates may see that they know someone at a company (never who) and ask for an
    # introduction: only when they opt in.
    offers_intros: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
