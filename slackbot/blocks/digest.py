"""The weekly digest posted in the cohort channel: celebrations, the cohort's totals
against its goals, and a leaderboard of members who opted in. No contact is ever named."""

from typing import Any

from slackbot.blocks.elements import context, header, section
from slackbot.blocks.messages import Message, build_message
from slackbot.blocks.text import plural
from slackbot.domain.cohort_stats import progress_bar
from slackbot.domain.digest import Digest, Funnel, MemberWeek

CELEBRATIONS_SHOWN = 10
MEDALS = (":first_place_medal:", ":second_place_medal:", ":third_place_medal:")


def _replies(count: int, what: str = "reply") -> str:
    return f"{count} {what[:-1]}{'y' if count == 1 else 'ies'}"


def _celebrations(digest: Digest) -> list[str]:
    lines = []
    for member in digest.members:
        if not member.named:
            continue
        held, referrals = member.funnel[Funnel.MEETINGS], member.funnel[Funnel.REFERRALS]
        if held:
            lines.append(f":tada: <@{member.user_id}> held {plural(held, 'meeting')}")
        if referrals:
            lines.append(f":handshake: <@{member.user_id}> earned {plural(referrals, 'referral')}")
        if member.first_reply:
            lines.append(f":sparkles: <@{member.user_id}> got their first reply")
    return lines[:CELEBRATIONS_SHOWN]


def _everyone(digest: Digest) -> str:
    held, referrals = digest.total(Funnel.MEETINGS), digest.total(Funnel.REFERRALS)
    parts = [plural(held, "meeting") + " held", plural(referrals, "referral") + " earned"]
    if digest.first_replies:
        parts.append(_replies(digest.first_replies, "first reply"))
    return "Together: " + ", ".join(parts) + "."


def _board_line(rank: int, member: MemberWeek) -> str:
    medal = MEDALS[rank] if rank < len(MEDALS) else f"{rank + 1}."
    meetings, replies, asks = member.score
    return (
        f"{medal} <@{member.user_id}>: {plural(meetings, 'meeting')}, "
        f"{_replies(replies)}, {plural(asks, 'ask')}"
    )


def weekly_digest_message(digest: Digest) -> Message:
    goals = digest.goals
    celebrations = _celebrations(digest)
    blocks: list[Any] = [
        header(":parachute: Our week in networking"),
        section(
            "*Celebrations*\n"
            + "\n".join([*celebrations, _everyone(digest)])
            + ("" if celebrations else "\nEvery ask sent this week is a step: keep going!")
        ),
        section(
            "*The cohort against its goals*\n"
            f"Asks sent  {progress_bar(digest.total(Funnel.ASKS), goals.asks)}\n"
            f"Meetings held  {progress_bar(digest.total(Funnel.MEETINGS), goals.meetings)}\n"
            f"Replies: {digest.total(Funnel.REPLIES)} · "
            f"referrals: {digest.total(Funnel.REFERRALS)}"
        ),
    ]
    board = digest.leaderboard
    if board:
        lines = [_board_line(rank, member) for rank, member in enumerate(board)]
        blocks.append(section("*Leaderboard*\n" + "\n".join(lines)))
    blocks.append(
        context(
            "The past 7 days. Only members who opted in are named (App Home: "
            "*Name me in the digest*). Counts only: nobody's contacts or notes."
        )
    )
    return build_message("The cohort's week in networking", blocks)
