import struct
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from slackbot.blocks.digest import weekly_digest_message
from slackbot.blocks.funnel_chart import HEIGHT_PX, WIDTH_PX, funnel_png
from slackbot.domain.cohort_stats import Goals
from slackbot.domain.digest import Digest, Funnel, MemberWeek, next_digest_at, read_weekday

NEW_YORK = ZoneInfo("America/New_York")


def test_the_next_digest_is_the_coachs_local_day_and_time_across_dst() -> None:
    friday_before = datetime(2026, 10, 30, 19, 59, tzinfo=UTC)  # 15:59 EDT
    assert next_digest_at(friday_before, weekday=4, minute=16 * 60, tz=NEW_YORK) == datetime(
        2026, 10, 30, 20, 0, tzinfo=UTC
    )
    at_the_time = datetime(2026, 10, 30, 20, 0, tzinfo=UTC)  # strictly after: next week, EST
    assert next_digest_at(at_the_time, weekday=4, minute=16 * 60, tz=NEW_YORK) == datetime(
        2026, 11, 6, 21, 0, tzinfo=UTC
    )


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)),
    st.integers(0, 6),
    st.integers(0, 1439),
)
def test_the_next_digest_is_within_a_week_on_the_right_day(
    now: datetime, weekday: int, minute: int
) -> None:
    now = now.replace(tzinfo=UTC)
    due = next_digest_at(now, weekday=weekday, minute=minute, tz=NEW_YORK)
    assert now < due
    assert (due - now).days <= 7
    assert due.astimezone(NEW_YORK).weekday() == weekday


def test_weekday_values() -> None:
    assert [read_weekday(v) for v in ("0", "6", "7", "off", "", None, "-1")] == [
        0,
        6,
        None,
        None,
        None,
        None,
        None,
    ]


def _week(user: str, named: bool, asks: int, replies: int, meetings: int) -> MemberWeek:
    funnel = {Funnel.ASKS: asks, Funnel.REPLIES: replies, Funnel.MEETINGS: meetings}
    return MemberWeek(user, named, Goals(5, 2), funnel | {Funnel.REFERRALS: 0}, False)


def test_the_leaderboard_names_only_members_who_opted_in_hardest_steps_first() -> None:
    digest = Digest(
        datetime(2026, 11, 20, tzinfo=UTC),
        datetime(2026, 11, 27, tzinfo=UTC),
        [
            _week("UMANYASKS", True, 9, 0, 0),
            _week("UMET", True, 1, 1, 1),
            _week("UPRIVATE", False, 20, 5, 4),
            _week("UIDLE", True, 0, 0, 0),
        ],
    )
    assert [m.user_id for m in digest.leaderboard] == ["UMET", "UMANYASKS"]
    shown = str(weekly_digest_message(digest).blocks)
    assert "UPRIVATE" not in shown and "UIDLE" not in shown
    assert "30/20" in shown  # everyone counts in the totals


def test_the_funnel_chart_is_a_png_of_the_right_size_even_for_a_quiet_week() -> None:
    for weeks in ([], [_week("UA", False, 7, 3, 1)]):
        png = funnel_png(
            Digest(datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 27, tzinfo=UTC), weeks)
        )
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
        assert struct.unpack(">II", png[16:24]) == (WIDTH_PX, HEIGHT_PX) == (800, 450)
        assert png.endswith(b"IEND\xaeB`\x82")


def test_nudge_metadata_reads_its_shape_and_the_old_one() -> None:
    from slackbot.domain.nudges import keys_in_payload, nudge_payload

    assert nudge_payload(["a:1", "b:2"]) == {"nudges": [{"key": "a:1"}, {"key": "b:2"}]}
    assert keys_in_payload(nudge_payload(["a:1", "b:2"])) == {"a:1", "b:2"}
    assert keys_in_payload({"keys": ["a:1"]}) == {"a:1"}  # posted before the change
    assert keys_in_payload(None) == set()
    assert keys_in_payload({"nudges": ["stray", {"key": 3}], "keys": [4]}) == set()
