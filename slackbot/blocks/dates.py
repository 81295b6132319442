from datetime import date


def day_label(day: date) -> str:
    """'Mon Nov 30': a date as people say it."""
    return f"{day:%a %b} {day.day}"
