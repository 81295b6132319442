from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from slackbot.db import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    """What every listener needs: the database and the clock (injected, for tests)."""

    db: Database
    clock: Callable[[], datetime] = utc_now
    cohort_admins: frozenset[str] = frozenset()  # coaches named in COHORT_ADMINS
