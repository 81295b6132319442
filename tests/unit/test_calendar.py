from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from slackbot.domain.calendar import (
    BusinessCalendar,
    business_days_later,
    calendar_for,
    local_instant,
    zone,
)

US = calendar_for("US")
NO_HOLIDAYS = BusinessCalendar(frozenset())


def test_weekends_are_skipped() -> None:
    friday = date(2026, 11, 20)
    assert NO_HOLIDAYS.add_business_days(friday, 1) == date(2026, 11, 23)
    assert NO_HOLIDAYS.add_business_days(friday, 3) == date(2026, 11, 25)
    saturday = date(2026, 11, 21)
    assert NO_HOLIDAYS.add_business_days(saturday, 0) == date(2026, 11, 23)


def test_the_cohorts_public_holidays_are_skipped() -> None:
    wednesday_before_thanksgiving = date(2026, 11, 25)
    assert US.add_business_days(wednesday_before_thanksgiving, 1) == date(2026, 11, 27)
    assert US.add_business_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    # Not a holiday in Germany: Thanksgiving is a working day there.
    assert calendar_for("DE").add_business_days(wednesday_before_thanksgiving, 1) == date(
        2026, 11, 26
    )


def test_an_unknown_country_has_no_holidays() -> None:
    assert calendar_for("ZZ").add_business_days(date(2026, 11, 25), 1) == date(2026, 11, 26)


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@given(days, st.integers(min_value=1, max_value=60))
def test_the_result_is_a_business_day_after_the_start(start: date, n: int) -> None:
    result = US.add_business_days(start, n)
    assert US.is_business_day(result)
    assert result > start
    assert US.business_days_between(start, result) == n


@given(days, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_more_business_days_is_never_earlier(start: date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert US.add_business_days(start, low) <= US.add_business_days(start, high)


def test_the_local_hour_holds_across_a_dst_change() -> None:
    new_york = zone("America/New_York")
    sent = datetime(2026, 10, 29, 18, 0, tzinfo=UTC)  # Thursday, daylight time
    due = business_days_later(sent, 3, calendar=NO_HOLIDAYS, tz=new_york, at_minute=9 * 60)
    assert due == datetime(2026, 11, 3, 14, 0, tzinfo=UTC)  # 09:00 EST, after Nov 1
    assert due.astimezone(new_york).hour == 9


def test_the_day_is_the_members_local_day() -> None:
    # 23:30 on Friday in Los Angeles is already Saturday in UTC.
    sent = datetime(2026, 11, 21, 7, 30, tzinfo=UTC)
    la = zone("America/Los_Angeles")
    due = business_days_later(sent, 1, calendar=NO_HOLIDAYS, tz=la, at_minute=9 * 60)
    assert due.astimezone(la).date() == date(2026, 11, 23)


def test_a_time_inside_a_dst_gap_moves_forward() -> None:
    instant = local_instant(date(2026, 3, 8), 2 * 60 + 30, zone("America/New_York"))
    assert instant.astimezone(zone("America/New_York")).hour == 3


def test_unknown_zones_fall_back_to_utc() -> None:
    assert zone("Mars/Olympus") == zone(None) == zone("UTC")
    assert local_instant(date(2026, 1, 5), 540, zone("nope")) - datetime(
        2026, 1, 5, tzinfo=UTC
    ) == timedelta(hours=9)


def test_the_nudge_time_window() -> None:
    from slackbot.domain.nudges import within_nudge_time

    ny = zone("America/New_York")
    nine = 9 * 60
    monday_9 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    at = lambda instant: within_nudge_time(instant, tz=ny, calendar=US, minute=nine)  # noqa: E731
    assert at(monday_9) == monday_9
    assert at(monday_9 + timedelta(hours=2)) == monday_9 + timedelta(hours=2)
    assert at(monday_9 - timedelta(hours=1)) == monday_9  # early: wait for 09:00
    assert at(monday_9 + timedelta(hours=4)) == monday_9 + timedelta(days=1)  # too late
    wednesday_evening = datetime(2026, 11, 25, 23, 0, tzinfo=UTC)
    assert at(wednesday_evening) == datetime(2026, 11, 27, 14, 0, tzinfo=UTC)  # not Thanksgiving
