"""Engine, sessions and the declarative base."""

from slackbot.db.base import Base
from slackbot.db.engine import Database, make_engine

__all__ = ["Base", "Database", "make_engine"]
