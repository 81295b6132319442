"""The coach's numbers from a seeded cohort, against expectations computed by hand."""

from datetime import timedelta

from slackbot.db import Database
from slackbot.domain.cohort_stats import Counts, Goals, Measure, WeekProgress, totals
from slackbot.services import progress
from tests.cohort_seed import CAROL, COACH, at, seed_cohort
from tests.conftest import ALICE, ALICE_OWNER, BOB, BOB_OWNER, TEAM

NOW = at(11, 25, 15)


def test_each_members_counts_rates_and_stall(db: Database) -> None:
    with db.session() as session:
        seed_cohort(session)
        stats = progress.cohort_stats(session=session, team_id=TEAM, now=NOW, coaches=())
    by_user = {member.user_id: member for member in stats.members}
    assert set(by_user) == {ALICE, BOB, CAROL}  # the coach logged nothing: not listed
    alice = by_user[ALICE]
    assert alice.counts == {
        Measure.TARGETS: Counts(1, 2, 3),
        Measure.CONTACTS: Counts(1, 2, 3),
        Measure.ASKS: Counts(1, 2, 3),
        Measure.REPLIES: Counts(0, 1, 2),
        Measure.MEETINGS: Counts(0, 1, 1),
        Measure.THANK_YOUS: Counts(0, 1, 1),
        Measure.REFERRALS: Counts(1, 1, 1),
    }
    assert alice.reply_rate == 2 / 3
    assert alice.median_reply_days == 2  # 1 and 3 business days
    assert not alice.stalled and alice.last_logged == at(11, 24)

    bob = by_user[BOB]
    assert bob.counts[Measure.CONTACTS] == Counts(0, 1, 1)
    assert bob.reply_rate is None and bob.median_reply_days is None
    assert bob.stalled and bob.days_quiet(NOW) == 15
    assert by_user[CAROL].stalled and by_user[CAROL].last_logged is None

    assert totals(stats.members)[Measure.CONTACTS] == Counts(1, 3, 4)
    assert stats.overlaps == Counts(1, 1, 1)
    assert stats.periods.week_start == at(11, 23, 0)
    assert stats.periods.four_weeks_start == at(11, 2, 0)


def test_a_coach_who_logs_is_listed_and_a_week_later_everyone_is_stalled(db: Database) -> None:
    with db.session() as session:
        seed_cohort(session)
        later = NOW + timedelta(days=7)
        stats = progress.cohort_stats(session=session, team_id=TEAM, now=later, coaches={ALICE})
    by_user = {member.user_id: member for member in stats.members}
    assert COACH not in by_user and ALICE in by_user  # Alice logs, so she is listed
    assert all(member.stalled for member in stats.members)
    assert by_user[ALICE].counts[Measure.MEETINGS] == Counts(
        0, 2, 2
    )  # the 27th was held, last week


def test_weekly_goals_default_to_the_cohorts_and_progress_counts_this_week(db: Database) -> None:
    with db.session() as session:
        seed_cohort(session)
        mine = progress.week_progress(session=session, owner=ALICE_OWNER, now=NOW)
        assert mine == WeekProgress(Goals(5, 2), own_goals=False, asks=1, meetings=0)
        progress.set_goals(session=session, owner=BOB_OWNER, asks=3, meetings=None)
    with db.session() as session:
        bobs = progress.week_progress(session=session, owner=BOB_OWNER, now=NOW)
        assert bobs.goals == Goals(3, 2) and bobs.own_goals  # meetings: the cohort's
        assert progress.week_progress(session=session, owner=ALICE_OWNER, now=NOW).goals == Goals(
            5, 2
        )
