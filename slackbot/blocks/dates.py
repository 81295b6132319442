"""Dates as people say them: the year only when it is not this year."""

from datetime import date


def _year(day: date, today: date | None) -> str:
    return f", {day.year}" if today is not None and day.year != today.year else ""


def day_label(day: date, today: date | None = None) -> str:
    """'Mon Nov 30' this year, 'Mon Jan 4, 2027' in another: the one rule for a short date.
    `today` is the member's (None: where a caller does not know it yet, no year)."""
    return f"{day:%a %b} {day.day}{_year(day, today)}"
