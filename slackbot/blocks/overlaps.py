"""The overlap guard's private heads-ups: each side sees only their own record of the
person, and who the classmate is, so they can agree who reaches out."""

from datetime import date

from slackbot.blocks.dates import day_label
from slackbot.blocks.elements import context, section
from slackbot.blocks.messages import Message, build_message
from slackbot.blocks.text import escape

PRIVATE = "Only you see this message; neither of you sees the other's notes."


def overlap_for_newcomer(contact_name: str, classmate_id: str) -> Message:
    """To the member who just added or drafted an ask to someone a classmate asked."""
    text = (
        f":raised_hand: Heads-up about *{escape(contact_name)}*: <@{classmate_id}> from your "
        "cohort reached out to the same person in the last 30 days. Three cold emails in a "
        f"week would be a lot for them: check with <@{classmate_id}> first. You might wait a "
        "little, or ask them for an introduction instead."
    )
    return build_message(
        f"Heads-up: a classmate recently asked {escape(contact_name)} too",
        [section(text), context(PRIVATE)],
    )


def overlap_for_asker(
    contact_name: str, newcomer_id: str, asked_on: date, *, today: date
) -> Message:
    """To the member who had asked: a classmate is about to reach the same person."""
    text = (
        f":raised_hand: Heads-up about *{escape(contact_name)}*, whom you asked on "
        f"{day_label(asked_on, today)}: <@{newcomer_id}> from your cohort is about to reach out to "
        "the same person. A quick word between you spares them two cold emails in one week "
        "(and if your ask went well, an introduction may help both of you)."
    )
    return build_message(
        f"Heads-up: a classmate is about to contact {escape(contact_name)} too",
        [section(text), context(PRIVATE)],
    )
