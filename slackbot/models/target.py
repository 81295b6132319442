from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint, false, func
from sqlalchemy.orm import Mapped, mapped_column

from slackbot.db import Base
from slackbot.models.owned import MemberOwned


class TargetCompany(MemberOwned, Base):
    """A company on a member's target list (the LAMP list: ranked by motivation)."""

    __tablename__ = "target_companies"
    __table_args__ = (
        UniqueConstraint("member_id", "name_key"),
        CheckConstraint("motivation BETWEEN 1 AND 5", name="motivation_range"),
        Index("ix_target_companies_member_motivation", "member_id", "motivation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # The name folded for comparison, so "Acme" and "ACME " are one company.
    name_key: Mapped[str] = mapped_column(Text)
    motivation: Mapped[int]
    size_band: Mapped[str | None] = mapped_column(String(16))
    has_posting: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class TargetTitle(MemberOwned, Base):
    """A job title a member is interested in."""

    __tablename__ = "target_titles"
    __table_args__ = (UniqueConstraint("member_id", "title_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    title_key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
