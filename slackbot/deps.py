from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slackbot.coalesce import Coalescer
from slackbot.db import Database

# A member's App Home is redrawn at most once in this many seconds after their changes.
HOME_REDRAW_SECONDS = 3.0


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    """What every listener needs: the database and the clock (injected, for tests), and
    the App Home redraws of the process, coalesced per member."""

    db: Database
    clock: Callable[[], datetime] = utc_now
    cohort_admins: frozenset[str] = frozenset()  # coaches named in COHORT_ADMINS
    home_redraws: Coalescer = field(default_factory=lambda: Coalescer(HOME_REDRAW_SECONDS))
