"""The coach's view (/cohort stats, App Home, the kind check-in) and weekly goals, through
the real app; nothing a member logged about a contact reaches anyone else."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn, dm_channel
from slackbot.models import Member, Nudge
from tests.cohort_seed import CAROL, COACH, PRIVATE_INSIGHT, SECRET_NOTE, at, seed_cohort
from tests.conftest import ALICE, BOB, TrackingExecutor
from tests.privacy import assert_private
from tests.scenario.journeys import home_seen

NOW = at(11, 25, 15)
SECRETS = {
    ALICE: ["Jane Doe", "Olga Oldfield", "Ravi Referred", SECRET_NOTE, PRIVATE_INSIGHT, "Globex"],
    BOB: ["Pat Private", "Bob's own note", "Umbrella"],
}


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(NOW)


@pytest.fixture(autouse=True)
def cohort(slack: SlackStandIn, db: Database, coach: str) -> None:
    slack.add_user(CAROL, "Carol Chen", tz="Europe/London")
    with db.session() as session:
        seed_cohort(session)


def _text(blocks: list[dict[str, object]]) -> str:
    return json.dumps(blocks)


def test_cohort_stats_shows_who_is_stuck_first_with_counts_only(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    driver.command(COACH, "/cohort", "stats")
    listeners.settle()
    [stats] = slack.messages(user=COACH)
    assert stats.user == COACH  # ephemeral
    shown = _text(stats.blocks)
    # Carol never logged anything, Bob has been quiet for 15 days: they come first.
    assert shown.index("<@UCAROL>") < shown.index("<@UBOB>") < shown.index("<@UALICE>")
    assert "nothing logged for 15 days" in shown and "nothing logged yet" in shown
    assert "reply rate 67%, a reply after 2 business days (median)" in shown
    # Alice's row: asks sent 1 this week, 2 in 4 weeks, 3 in all.
    assert "asks sent         1      2         3" in shown
    assert "3 members*, 2 stalled" in shown and "1 this week, 1 in 4 weeks, 1 in all" in shown
    assert shown.count(ids.COACH_CHECK_IN) == 2  # Bob and Carol
    assert "<@UCOACH>" not in shown.split("*Your cohort at a glance*")[1]

    driver.command(BOB, "/cohort", "stats")
    listeners.settle()
    [refusal] = slack.messages(user=BOB)
    assert "for the cohort's coaches" in refusal.text
    assert_private(slack, SECRETS)


def test_the_coach_sends_a_kind_check_in_from_app_home(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    assert "Your cohort" in home_seen(driver, listeners, COACH)
    home = slack.home(COACH)
    driver.click(COACH, ids.COACH_CHECK_IN, view=home, value=BOB)
    listeners.settle()
    [check_in] = slack.messages(channel=dm_channel(BOB))
    assert "<@UCOACH> wanted to check in" in _text(check_in.blocks)
    [sent] = slack.messages(channel=dm_channel(COACH))
    assert "I sent <@UBOB> a kind check-in" in sent.text

    # A member cannot send check-ins, even with a forged button.
    assert "Your cohort" not in home_seen(driver, listeners, BOB)
    driver.click(BOB, ids.COACH_CHECK_IN, view=home, value=BOB)
    listeners.settle()
    check_in_again, refusal = slack.messages(channel=dm_channel(BOB))
    assert check_in_again == check_in and "for the cohort's coaches" in refusal.text
    # Nor does a coach reach someone outside the cohort.
    forged = {**home, "blocks": json.loads(_text(home["blocks"]).replace(BOB, "UOUTSIDER"))}
    driver.click(COACH, ids.COACH_CHECK_IN, view=forged, value="UOUTSIDER")
    listeners.settle()
    assert len(slack.messages(channel=dm_channel(COACH))) == 1
    assert_private(slack, SECRETS)


def test_weekly_goals_show_as_progress_bars_and_the_coach_sets_the_default(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    shown = home_seen(driver, listeners, ALICE)
    assert "1/5" in shown and "0/2" in shown and "the cohort's goals" in shown

    modal = driver.click_open_modal(ALICE, ids.HOME_SET_GOALS, view=slack.home(ALICE))
    answer = driver.submit(ALICE, modal, {ids.GOAL_ASKS: "500"})
    assert ids.GOAL_ASKS in answer.errors
    driver.submit(ALICE, modal, {ids.GOAL_ASKS: "1", ids.GOAL_MEETINGS: ""})
    slack.wait_for("views.publish", 2)
    shown = _text(slack.home(ALICE)["blocks"])
    assert "1/1 :star:" in shown and "0/2" in shown and "your goals" in shown

    # The coach's default applies to those who have not set their own.
    driver.open_home(COACH)
    slack.wait_for("views.publish", 3)
    goals = driver.click_open_modal(COACH, ids.HOME_COHORT_GOALS, view=slack.home(COACH))
    driver.submit(COACH, goals, {ids.GOAL_ASKS: "4", ids.GOAL_MEETINGS: "1"})
    listeners.settle()
    assert "0/4" in home_seen(driver, listeners, BOB)
    assert "0/1" in home_seen(driver, listeners, ALICE)  # her meetings follow the cohort's now

    # A member cannot change the cohort's default with a forged form.
    forged = driver.submit(
        BOB,
        slack.top_modal(COACH) or modal | {"callback_id": ids.COHORT_GOALS_MODAL},
        {ids.GOAL_ASKS: "1", ids.GOAL_MEETINGS: "0"},
    )
    assert forged.status == 200
    assert_private(slack, SECRETS)


def test_the_coach_picks_the_digest_day_and_members_opt_in_to_be_named(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    driver.open_home(COACH)
    slack.wait_for("views.publish")
    assert "No weekly digest yet" in _text(slack.home(COACH)["blocks"])
    modal = driver.click_open_modal(COACH, ids.HOME_COHORT_GOALS, view=slack.home(COACH))
    forged = json.loads(json.dumps(modal))  # a payload with a day that is not one
    day = next(b for b in forged["blocks"] if b.get("block_id") == ids.DIGEST_DAY)
    day["element"]["options"].append({"text": {"type": "plain_text", "text": "?"}, "value": "9"})
    answer = driver.submit(COACH, forged, {ids.DIGEST_DAY: "9"})
    assert ids.DIGEST_DAY in answer.errors
    driver.submit(COACH, modal, {ids.DIGEST_DAY: "0", ids.DIGEST_TIME: "08:30"})
    slack.wait_for("views.publish", 2)
    assert "Weekly digest: Mondays at 08:30" in _text(slack.home(COACH)["blocks"])
    with db.session() as session:
        [(due, state)] = session.execute(
            select(Nudge.due_at, Nudge.state).where(Nudge.kind == "weekly_digest")
        ).all()
    assert (due, state) == (at(11, 30, 8) + timedelta(minutes=30), "pending")  # UTC cohort

    driver.open_home(BOB)
    slack.wait_for("views.publish", 3)
    driver.click(BOB, ids.HOME_LEADERBOARD, view=slack.home(BOB), value="on")
    slack.wait_for("views.publish", 4)
    assert "Stop naming me in the digest" in _text(slack.home(BOB)["blocks"])
    with db.session() as session:
        assert session.scalar(select(Member.on_leaderboard).where(Member.user_id == BOB))
