"""The cohort's progress in App Home: the coach's section (also the body of
`/cohort stats`) and the member's weekly goals. Members appear by Slack mention with
counts, never with a contact's name or a note."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slackbot.blocks import ids
from slackbot.blocks.elements import (
    actions,
    button,
    context,
    header,
    input_block,
    modal,
    number_input,
    section,
    static_select,
    time_picker,
)
from slackbot.blocks.text import plural
from slackbot.domain.cohort_settings import hhmm
from slackbot.domain.cohort_stats import (
    GOAL_MAX,
    Counts,
    Goals,
    Measure,
    MemberStats,
    WeekProgress,
    progress_bar,
    stalled_first,
    totals,
)
from slackbot.domain.digest import WEEKDAYS, DigestTime

STATS_MEMBERS_SHOWN = 40  # a message holds 50 blocks
HOME_MEMBERS_SHOWN = 20  # App Home holds 100, shared with the member's own dashboard


@dataclass(frozen=True)
class CohortView:
    """What the coach sees: every member's stats, and how often asks overlapped."""

    members: Sequence[MemberStats]
    overlaps: Counts
    now: datetime
    digest: DigestTime | None = None


# Each measure as a count reads it: "1 ask sent", "2 replies".
_COUNTED = {
    Measure.TARGETS: ("target", ""),
    Measure.CONTACTS: ("contact", ""),
    Measure.ASKS: ("ask", " sent"),
    Measure.REPLIES: ("reply", ""),
    Measure.MEETINGS: ("meeting", " held"),
    Measure.THANK_YOUS: ("thank-you", ""),
    Measure.REFERRALS: ("referral", ""),
}


def counted(count: int, measure: Measure) -> str:
    noun, after = _COUNTED[measure]
    return plural(count, noun) + after


def counts_table(rows: Sequence[tuple[str, Counts]]) -> str:
    width = max(len(label) for label, _ in rows)
    lines = [f"{'':<{width}}  week  4 wks  all time"]
    lines += [
        f"{label:<{width}}  {c.week:>4}  {c.four_weeks:>5}  {c.all_time:>8}" for label, c in rows
    ]
    return "```" + "\n".join(lines) + "```"


def _rate(member: MemberStats) -> str:
    if member.reply_rate is None:
        return "no asks sent yet"
    line = f"reply rate {member.reply_rate:.0%}"
    if member.median_reply_days is not None:
        days = member.median_reply_days
        shown = f"{days:g}"
        line += f", a reply after {shown} business day{'' if days == 1 else 's'} (median)"
    return line


def _status(member: MemberStats, now: datetime) -> str:
    if not member.stalled:
        return ":large_green_circle: moving"
    quiet = member.days_quiet(now)
    if quiet is None:
        return ":warning: *stalled*: nothing logged yet"
    return f":warning: *stalled*: nothing logged for {plural(quiet, 'day')}"


def _member_block(member: MemberStats, now: datetime) -> Any:
    text = f"<@{member.user_id}> · {_status(member, now)} · {_rate(member)}\n" + counts_table(
        [(measure.label, member.counts[measure]) for measure in Measure]
    )
    accessory = (
        button("Send a kind check-in", ids.COACH_CHECK_IN, value=member.user_id)
        if member.stalled
        else None
    )
    return section(text, accessory=accessory)


def summary(view: CohortView) -> str:
    stalled = sum(member.stalled for member in view.members)
    summed = totals(view.members)
    week = ", ".join(
        counted(summed[m].week, m) for m in (Measure.ASKS, Measure.REPLIES, Measure.MEETINGS)
    )
    lines = [
        f"*{plural(len(view.members), 'member')}*, {stalled} stalled "
        "(nothing logged for 7 days). This week: " + week + ".",
        f"Two members reached for the same person (and were told, privately): "
        f"{view.overlaps.week} this week, {view.overlaps.four_weeks} in 4 weeks, "
        f"{view.overlaps.all_time} in all.",
    ]
    return "\n".join(lines)


def member_blocks(view: CohortView, shown: int) -> list[Any]:
    ordered = stalled_first(view.members)
    blocks = [_member_block(member, view.now) for member in ordered[:shown]]
    rest = ordered[shown:]
    if rest:
        stalled = sum(member.stalled for member in rest)
        blocks.append(
            context(
                f"And {plural(len(rest), 'more member')}"
                + (f", {stalled} of them stalled." if stalled else ", all moving.")
            )
        )
    return blocks


PRIVACY_LINE = (
    "Each member's counts and activity only: nobody's contacts, drafts or notes are shown, "
    "to you or to anyone else."
)


def _digest_line(digest: DigestTime | None) -> str:
    if digest is None:
        return "No weekly digest yet: pick its day under *Cohort goals & digest*."
    return f"Weekly digest: {WEEKDAYS[digest.weekday]}s at {hhmm(digest.minute)} (cohort time)."


def coach_home_blocks(view: CohortView) -> list[Any]:
    """The coach's section of App Home: the summary, then members, stalled first."""
    blocks: list[Any] = [
        header("Your cohort"),
        section(summary(view)) if view.members else context("No members yet."),
        *member_blocks(view, HOME_MEMBERS_SHOWN),
        actions(elements=[button("Cohort goals & digest", ids.HOME_COHORT_GOALS)]),
        context(
            f"{_digest_line(view.digest)} {PRIVACY_LINE} `/cohort stats` shows this in a message."
        ),
    ]
    return blocks


def week_blocks(week: WeekProgress) -> list[Any]:
    """The member's week in App Home: progress bars against their goals."""
    whose = "your goals" if week.own_goals else "the cohort's goals"
    goals = week.goals
    return [
        header("This week"),
        section(
            f"*Asks sent*  {progress_bar(week.asks, goals.asks)}\n"
            f"*Meetings held*  {progress_bar(week.meetings, goals.meetings)}"
        ),
        actions(
            elements=[
                button("Set my weekly goals", ids.HOME_SET_GOALS),
                button("Stop naming me in the digest", ids.HOME_LEADERBOARD, value=ids.SWITCH_OFF)
                if week.on_leaderboard
                else button("Name me in the digest", ids.HOME_LEADERBOARD, value=ids.SWITCH_ON),
            ]
        ),
        context(
            f"Against {whose}; weeks start on Monday. "
            + (
                "The weekly digest celebrates you by name and may show you on its leaderboard."
                if week.on_leaderboard
                else "The weekly digest counts you in the cohort's totals without naming you."
            )
        ),
    ]


def _goal(block_id: str, label: str, initial: int | None, hint: str | None = None) -> Any:
    return input_block(
        block_id,
        label,
        number_input(initial=initial, low=0, high=GOAL_MAX),
        optional=hint is not None,
        hint=hint,
    )


def goals_modal(own_asks: int | None, own_meetings: int | None, cohort: Goals) -> dict[str, Any]:
    """The member's weekly goals; empty fields follow the cohort's."""
    return modal(
        callback_id=ids.GOALS_MODAL,
        title="My weekly goals",
        submit="Save",
        close="Cancel",
        blocks=[
            section(
                "Small, steady goals beat big bursts. A common start: 5 asks and 2 meetings a week."
            ),
            _goal(
                ids.GOAL_ASKS,
                "Asks to send each week",
                own_asks,
                f"Empty: the cohort's {cohort.asks}.",
            ),
            _goal(
                ids.GOAL_MEETINGS,
                "Meetings to hold each week",
                own_meetings,
                f"Empty: the cohort's {cohort.meetings}.",
            ),
        ],
    )


def cohort_goals_modal(
    goals: Goals, digest: DigestTime | None, digest_minute: int
) -> dict[str, Any]:
    """The coach's defaults for everyone's weekly goals, and the weekly digest's time."""
    days = [(ids.DIGEST_OFF, "No digest"), *((str(i), name) for i, name in enumerate(WEEKDAYS))]
    return modal(
        callback_id=ids.COHORT_GOALS_MODAL,
        title="Goals & weekly digest",
        submit="Save",
        close="Cancel",
        blocks=[
            section("Each member starts with these weekly goals and may set their own."),
            _goal(ids.GOAL_ASKS, "Asks to send each week", goals.asks),
            _goal(ids.GOAL_MEETINGS, "Meetings to hold each week", goals.meetings),
            input_block(
                ids.DIGEST_DAY,
                "Weekly digest in the cohort channel on",
                static_select(
                    days,
                    initial=str(digest.weekday) if digest else ids.DIGEST_OFF,
                    placeholder="Pick a day",
                ),
                optional=False,
                hint="Celebrations, the cohort's totals against its goals, and a leaderboard "
                "of members who opted in.",
            ),
            input_block(
                ids.DIGEST_TIME,
                "At",
                time_picker(hhmm(digest_minute)),
                optional=False,
                hint="In the cohort's time zone (see /cohort).",
            ),
        ],
    )
