from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from slackbot.db import Base
from slackbot.domain.contacts import company_key
from slackbot.models.owned import MemberOwned


class Contact(MemberOwned, Base):
    """A person a member may ask for an informational interview. Private to its owner."""

    __tablename__ = "contacts"
    __table_args__ = (
        # NULLs never collide, so contacts without a URL or email are unconstrained.
        UniqueConstraint("member_id", "linkedin_url"),
        UniqueConstraint("member_id", "email"),
        Index("ix_contacts_member_created", "member_id", "created_at"),
        Index("ix_contacts_member_name_key", "member_id", "name_key"),
        # The overlap guard looks for the same person across the cohort's members.
        Index("ix_contacts_name_key", "name_key"),
        Index("ix_contacts_email", "email"),
        Index("ix_contacts_linkedin_url", "linkedin_url"),
        # Warm intros look for classmates' contacts at a company.
        Index("ix_contacts_company_key", "company_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # The name folded (case, accents, spacing) to find the same person typed another way.
    name_key: Mapped[str] = mapped_column(Text)
    company: Mapped[str | None] = mapped_column(String(100))
    # The company folded (`domain.contacts.company_key`), kept by `company`'s validator.
    company_key: Mapped[str] = mapped_column(Text, default="", server_default="")
    title: Mapped[str | None] = mapped_column(String(100))
    seniority: Mapped[str | None] = mapped_column(String(16))
    company_size: Mapped[str | None] = mapped_column(String(16))
    connection: Mapped[str | None] = mapped_column(String(200))
    referred_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    linkedin_url: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    last_interaction_at: Mapped[datetime | None]
    replied_at: Mapped[datetime | None]
    # Parked after the last follow-up went unanswered; never deleted, can be revived.
    parked_at: Mapped[datetime | None]

    @validates("company")
    def _keep_company_key(self, _: str, company: str | None) -> str | None:
        self.company_key = company_key(company)
        return company
