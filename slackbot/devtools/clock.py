"""A clock that stands still until moved: the app's clock in the shell and in tests."""

from datetime import datetime


class SimulatedClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
