"""Channel nudges: one message per member, a digest when many are due, owner-only answers."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from slackbot.blocks import ids
from slackbot.blocks.dates import day_label
from slackbot.blocks.elements import actions, button, context, option, overflow, section
from slackbot.blocks.messages import Message, build_message
from slackbot.blocks.text import escape, plural
from slackbot.domain.nudges import (
    ITEMS_PER_MESSAGE,
    SNOOZABLE,
    NudgeKind,
    NudgeState,
    PrivacyLevel,
)

SNOOZE_DAYS = (1, 3)


@dataclass(frozen=True)
class NudgeLine:
    nudge_id: int
    kind: NudgeKind
    number: int
    state: NudgeState
    contact_name: str | None
    company: str | None
    due_on: date | None = None  # the member's local day it is (or, snoozed, will be) due
    company_rank: int = 1  # this contact's place among the member's contacts at the company
    company_contacts: int = 1


_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def _about(line: NudgeLine, privacy: PrivacyLevel) -> str:
    if privacy is PrivacyLevel.FULL and line.contact_name:
        company = f" ({escape(line.company)})" if line.company else ""
        return f"*{escape(line.contact_name)}*{company}"
    if not line.company:
        return "your contact"
    which = _ORDINALS.get(line.company_rank, f"#{line.company_rank}")
    # Two people at one company read apart, still without naming either.
    contact = f"{which} contact" if line.company_contacts > 1 else "contact"
    return f"your {contact} at *{escape(line.company)}*"


def line_text(line: NudgeLine, privacy: PrivacyLevel) -> str:
    about = _about(line, privacy)
    if line.kind is NudgeKind.SECOND_CONTACT:
        where = f"*{escape(line.company)}*" if line.company else "the same company"
        return (
            f"Reach a second person at {where} while you wait to hear from {about}: "
            "asking two people doubles your chances."
        )
    if line.kind is NudgeKind.FOLLOW_UP:
        return (
            f"Time for kind follow-up #{line.number} to {about}: thank them, restate your "
            "question in a line, keep it short. Busy people appreciate the reminder."
        )
    if line.kind is NudgeKind.PARK:
        return (
            f"No reply from {about} after your follow-ups, so they are parked for now. "
            "That's normal; you can revive them any time."
        )
    return {
        NudgeKind.PREP: f"Your meeting with {about} is coming up: your prep pack is ready.",
        NudgeKind.NOTES: (
            f"Write down what you learned from {about} while it's fresh, and who else "
            "they suggested you talk to."
        ),
        NudgeKind.THANK_YOU: (
            f"Send {about} a thank-you today, naming one thing they said that helped."
        ),
        NudgeKind.CLOSE_LOOP: (
            f"Close the loop with {about}: tell them what you did with their advice."
        ),
        NudgeKind.KEEP_IN_TOUCH: (
            f"It's been a while since you met {about}: a short hello keeps the connection warm."
        ),
    }[line.kind]


_OPEN_LABELS = {
    NudgeKind.FOLLOW_UP: "Draft the follow-up",
    NudgeKind.SECOND_CONTACT: "Draft an ask",
    NudgeKind.PREP: "Open prep pack",
    NudgeKind.NOTES: "Write notes",
    NudgeKind.THANK_YOU: "Draft the thank-you",
    NudgeKind.CLOSE_LOOP: "Draft the update",
    NudgeKind.KEEP_IN_TOUCH: "Draft a hello",
    NudgeKind.PARK: "Revive and ask again",
}


_SETTLED = {
    NudgeState.DONE: ":white_check_mark: Done",
    NudgeState.SNOOZED: ":zzz: Snoozed",
    NudgeState.CANCELLED: ":tada: Settled: they replied or you met",
}


def _line_blocks(line: NudgeLine, privacy: PrivacyLevel, today: date | None) -> list[Any]:
    text = line_text(line, privacy)
    settled = _SETTLED.get(line.state)
    if line.state == NudgeState.SNOOZED and line.due_on is not None:
        settled = f":zzz: Snoozed until {day_label(line.due_on, today)}"
    if settled:
        return [section(f"{settled} · ~{text}~")]
    value = str(line.nudge_id)
    buttons: list[Any] = [button("Done", ids.NUDGE_DONE, value=value, style="primary")]
    if line.kind in _OPEN_LABELS:
        buttons.append(button(_OPEN_LABELS[line.kind], ids.NUDGE_OPEN, value=value))
    if line.kind in (NudgeKind.SECOND_CONTACT, NudgeKind.FOLLOW_UP):
        buttons.append(button("They replied", ids.NUDGE_REPLIED, value=value))
    if line.contact_name is not None:
        buttons.append(button("Open contact", ids.NUDGE_CONTACT, value=value))
    snooze = (
        overflow(
            ids.NUDGE_SNOOZE,
            [
                option(f"{line.nudge_id}:{days}", f"Snooze {plural(days, 'business day')}")
                for days in SNOOZE_DAYS
            ],
        )
        if line.kind in SNOOZABLE
        else None
    )
    return [
        section(text, accessory=snooze),
        actions(elements=buttons),
    ]


def member_message(
    user_id: str,
    lines: Sequence[NudgeLine],
    privacy: PrivacyLevel,
    *,
    today: date,
) -> Message:
    """One member's nudges; only they can act on the buttons. `today` is the member's."""
    mention = f"<@{user_id}>"
    if privacy is PrivacyLevel.MINIMAL:
        open_lines = [line for line in lines if line.state not in _SETTLED]
        text = (
            f"{mention}, you have {plural(len(open_lines), 'reminder')} due: "
            "details in your App Home, or here, just for you."
            if open_lines
            else f"{mention}, all caught up. :white_check_mark:"
        )
        blocks: list[Any] = [section(text)]
        if open_lines:
            value = ",".join(str(line.nudge_id) for line in open_lines)
            blocks.append(actions(elements=[button("Show me", ids.NUDGE_SHOW, value=value)]))
        return build_message(f"Reminders for {mention}", blocks)
    blocks = [section(f"{mention}, here's what's due:")]
    for line in lines[:ITEMS_PER_MESSAGE]:
        blocks += _line_blocks(line, privacy, today)
    if len(lines) > ITEMS_PER_MESSAGE:
        more = len(lines) - ITEMS_PER_MESSAGE
        blocks.append(context(f"And {plural(more, 'more reminder')} in your App Home."))
    blocks.append(context("Only the person mentioned can use these buttons."))
    return build_message(f"Reminders for {mention}", blocks)


def details_message(lines: Sequence[NudgeLine], *, today: date) -> Message:
    """The owner's full view of their nudges, shown only to them."""
    blocks: list[Any] = [section("Your reminders, in full:")]
    for line in lines[:ITEMS_PER_MESSAGE]:
        blocks += _line_blocks(line, PrivacyLevel.FULL, today)
    return build_message("Your reminders", blocks)


DIGEST_MENTIONS = 60  # a section holds 3,000 characters; a mention takes about 20


def digest_message(counts: Sequence[tuple[str, int]]) -> Message:
    """When many members are due at once: who and how many; details in the thread."""
    listed = ", ".join(f"<@{user_id}> ({count})" for user_id, count in counts[:DIGEST_MENTIONS])
    if len(counts) > DIGEST_MENTIONS:
        listed += f" and {plural(len(counts) - DIGEST_MENTIONS, 'more member')}"
    text = (
        f"Good morning, cohort! Reminders for {plural(len(counts), 'member')} today: {listed}. "
        "Your details are in the thread below."
    )
    return build_message("Today's reminders", [section(text)])


def not_yours_message(owner_id: str) -> Message:
    text = f"This one belongs to <@{owner_id}>, so only they can use its buttons."
    return build_message(text, [section(text)])
