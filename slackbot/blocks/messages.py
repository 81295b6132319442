"""Ephemeral answers to slash commands."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slackbot.blocks.elements import context, section
from slackbot.blocks.home import pipeline_fields
from slackbot.blocks.text import clip, escape
from slackbot.domain.pipeline import Stage

MESSAGE_BLOCKS_MAX = 50
SORRY = (
    "Sorry, something went wrong on our side and nothing was changed. Please try again in a moment."
)
ECHO_MAX = 80  # of what a member typed, repeated back


@dataclass(frozen=True)
class Message:
    """A message: `text` is the notification and screen-reader fallback of `blocks`."""

    text: str
    blocks: list[dict[str, Any]]


def build_message(text: str, blocks: list[dict[str, Any]]) -> Message:
    if len(blocks) > MESSAGE_BLOCKS_MAX:
        raise ValueError(f"a message holds at most {MESSAGE_BLOCKS_MAX} blocks")
    return Message(text=text, blocks=blocks)


COMMANDS = {
    "/contact [name]": "log someone you'd like to learn from, or open their page",
    "/targets": "your target companies, ranked by motivation, and job titles",
    "/ask-draft [name]": "draft a short ask for a 15-minute chat, checked against the method",
    "/meeting [name]": "schedule or log a meeting",
    "/meeting-notes": "write down what you learned, leads and referrals",
    "/network": "this help and your pipeline; `who <company>` (classmates who can introduce "
    "you); `export` (your data as a file), `import` (contacts from a CSV or LinkedIn export), "
    "`forget` (delete all your data)",
    "/cohort": "for coaches: cohort settings and `stats`",
}


def help_message(pipeline: Mapping[Stage, int], *, unknown: str | None = None) -> Message:
    intro = (
        "*Parachute* helps you reach professionals for 15-minute informational interviews: "
        "to learn about their field, never to ask for a job."
    )
    if unknown:
        intro = (
            f"I don't know `{escape(clip(unknown, ECHO_MAX))}`. Here is what I can do.\n\n" + intro
        )
    commands = "\n".join(f"`{name}`: {what}" for name, what in COMMANDS.items())
    blocks: list[Any] = [
        section(intro),
        section(commands),
        section("*Your pipeline*", fields=pipeline_fields(pipeline)),
        context("Your App Home tab shows your dashboard."),
    ]
    return build_message("Parachute: commands and your pipeline", blocks)
