from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from slackbot.domain.calendar import BusinessCalendar
from slackbot.domain.cohort_stats import (
    AskedContact,
    Counts,
    Measure,
    MemberActivity,
    MemberStats,
    count_in,
    member_stats,
    periods_at,
    progress_bar,
    stalled_first,
)

NO_HOLIDAYS = BusinessCalendar(frozenset())
NEW_YORK = ZoneInfo("America/New_York")


def test_the_week_starts_on_monday_midnight_in_the_cohorts_zone() -> None:
    # Monday 00:30 UTC is still Sunday evening in New York: the week began the Monday before.
    periods = periods_at(datetime(2026, 11, 23, 0, 30, tzinfo=UTC), NEW_YORK)
    assert periods.week_start == datetime(2026, 11, 16, 5, 0, tzinfo=UTC)
    assert periods.four_weeks_start == datetime(2026, 10, 26, 4, 0, tzinfo=UTC)  # EDT then


def test_counts_skip_the_future_and_nest() -> None:
    now = datetime(2026, 11, 25, 15, tzinfo=UTC)
    periods = periods_at(now, ZoneInfo("UTC"))
    instants = [now - timedelta(days=d) for d in (0, 1, 3, 20, 200)] + [now + timedelta(hours=1)]
    assert count_in(instants, periods) == Counts(week=2, four_weeks=4, all_time=5)


def test_reply_rate_and_median_business_days() -> None:
    friday = datetime(2026, 11, 20, 16, tzinfo=UTC)
    activity = MemberActivity(
        user_id="U1",
        events={},
        asked=[
            AskedContact(friday, friday + timedelta(days=3)),  # Monday: 1 business day
            AskedContact(friday, friday + timedelta(days=5)),  # Wednesday: 3
            AskedContact(friday, friday + timedelta(days=4)),  # Tuesday: 2
            AskedContact(friday, None),
            AskedContact(friday, friday - timedelta(days=9)),  # replied to an earlier ask
        ],
        last_logged=friday,
    )
    now = friday + timedelta(days=6)
    stats = member_stats(activity, periods_at(now, ZoneInfo("UTC")), calendar=NO_HOLIDAYS, tz=UTC)
    assert stats.reply_rate == 3 / 5
    assert stats.median_reply_days == 2
    assert not stats.stalled
    assert stats.counts[Measure.ASKS] == Counts()


def test_who_needs_help_comes_first() -> None:
    now = datetime(2026, 11, 25, tzinfo=UTC)
    periods = periods_at(now, ZoneInfo("UTC"))

    def stats(user: str, last: datetime | None) -> MemberStats:
        return member_stats(
            MemberActivity(user, {}, [], last), periods, calendar=NO_HOLIDAYS, tz=UTC
        )

    members = [
        stats("UACTIVE", now - timedelta(days=1)),
        stats("UQUIET", now - timedelta(days=8)),
        stats("UNEVER", None),
        stats("UQUIETER", now - timedelta(days=20)),
    ]
    assert [m.user_id for m in stalled_first(members)] == [
        "UNEVER",
        "UQUIETER",
        "UQUIET",
        "UACTIVE",
    ]


@given(st.integers(0, 50), st.integers(1, 20))
def test_a_progress_bar_has_ten_cells_and_says_the_count(done: int, goal: int) -> None:
    bar = progress_bar(done, goal)
    cells = bar.split(" ")[0]
    assert len(cells) == 10 and set(cells) <= {"\u25b0", "\u25b1"}
    assert f" {done}/{goal}" in bar
    assert bar.endswith(":star:") == (done >= goal)
    if done >= goal:
        assert cells == "\u25b0" * 10
    if done == 0:
        assert cells == "\u25b1" * 10
