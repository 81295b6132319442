from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from slackbot.db import Base


class UninstalledWorkspace(Base):
    """A workspace that uninstalled Parachute (or revoked its token): its members' data is
    deleted once the retention period has passed, unless it installs Parachute again."""

    __tablename__ = "uninstalled_workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    uninstalled_at: Mapped[datetime] = mapped_column(index=True)
