from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column


class MemberOwned:
    """A record that belongs to one member; deleted with them."""

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
