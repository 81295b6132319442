"""The /ask-draft form, the draft message with its checks and buttons, and the edit form."""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slackbot.blocks import ids
from slackbot.blocks.contacts import ContactSummary, contact_select
from slackbot.blocks.dates import day_label
from slackbot.blocks.elements import (
    actions,
    button,
    context,
    input_block,
    modal,
    radio,
    section,
    text_input,
)
from slackbot.blocks.messages import Message, build_message
from slackbot.blocks.text import SECTION_TEXT_MAX, clip, escape
from slackbot.domain import ask_form as limits
from slackbot.domain.ask_checks import Check
from slackbot.domain.ask_form import AskAnswers, AskField
from slackbot.domain.drafting import Channel, ConnectionKind, DraftKind
from slackbot.domain.nudges import NudgeKind

BODY_MAX = 2500
SUBJECT_MAX = 200


@dataclass(frozen=True)
class SecondContactHint:
    """Opened from a "reach a second contact" nudge: who is waited on, who else is there."""

    company: str
    waiting_on: str
    colleagues: Sequence[str]


def second_contact_text(hint: SecondContactHint) -> str:
    company, waiting = escape(hint.company), escape(hint.waiting_on)
    intro = f"A second person at *{company}*, while you wait to hear from {waiting}."
    if hint.colleagues:
        names = ", ".join(escape(name) for name in hint.colleagues)
        return f"{intro} You already know: {names}. Pick one below."
    return (
        f"{intro} You have no one else there yet. To find someone: search LinkedIn for "
        f"{company} people from your school or communities, ask a classmate who knows "
        "the company, or look at its team pages. A level or two above you is ideal."
    )


@dataclass(frozen=True)
class AskFormDefaults:
    contact: ContactSummary | None
    new_name: str | None
    new_company: str | None
    answers: AskAnswers
    second_contact: SecondContactHint | None = None
    # Opened on top of this contact's page: the page is redrawn once the draft is written.
    page_contact_id: int | None = None


def ask_modal(defaults: AskFormDefaults, contacts: Sequence[ContactSummary]) -> dict[str, Any]:
    """The /ask-draft form; `contacts` are the member's (searched when there are many)."""
    block = ids.ASK_BLOCKS
    blocks: list[Any] = [
        section(
            "I'll write a short ask that follows the method; you edit it and send it "
            "yourself. Nothing goes to your contact from here."
        )
    ]
    if defaults.second_contact:
        blocks.append(section(second_contact_text(defaults.second_contact)))
    if contacts:
        element = contact_select(contacts, defaults.contact)
        blocks.append(input_block(block[AskField.CONTACT], "Contact", element))
    blocks += [
        text_input(
            block[AskField.NEW_NAME],
            "Or someone new" if contacts else "Who are you writing to?",
            max_length=100,
            initial=defaults.new_name,
            placeholder="Jane Doe",
            hint="They'll be added to your contacts.",
        ),
        text_input(
            block[AskField.NEW_COMPANY],
            "Their company",
            max_length=100,
            initial=defaults.new_company,
        ),
        input_block(
            block[AskField.CONNECTION_KIND],
            "Your connection",
            radio([(k.value, k.label) for k in ConnectionKind], defaults.answers.connection.value),
            optional=False,
        ),
        text_input(
            block[AskField.CONNECTION_DETAIL],
            "The connection in a few words",
            max_length=limits.DETAIL_MAX,
            initial=defaults.answers.connection_detail,
            placeholder="State U, Bob Lee, Women in Data",
            hint="The school, the person who referred you, or the community: it opens your ask.",
        ),
        text_input(
            block[AskField.WHO_I_AM],
            "Who you are, in one line",
            max_length=limits.WHO_I_AM_MAX,
            optional=False,
            initial=defaults.answers.who_i_am,
            placeholder="a data analyst moving into UX research",
            hint="It follows “I'm …” (“a”, “an” added where needed), or write your own sentence.",
        ),
        text_input(
            block[AskField.INTEREST_NARROW],
            "What you'd like to learn from them",
            max_length=limits.INTEREST_MAX,
            optional=False,
            initial=defaults.answers.interest_narrow,
            placeholder="how your team runs usability studies",
        ),
        text_input(
            block[AskField.INTEREST_BROAD],
            "The field you're exploring",
            max_length=limits.INTEREST_MAX,
            optional=False,
            initial=defaults.answers.interest_broad,
            placeholder="UX research",
        ),
        text_input(
            block[AskField.SIGN_OFF],
            "Sign it as",
            max_length=limits.SIGN_OFF_MAX,
            optional=False,
            initial=defaults.answers.sign_off,
        ),
        input_block(
            block[AskField.CHANNEL],
            "Sent by",
            radio([(c.value, c.label) for c in Channel], defaults.answers.channel.value),
            optional=False,
        ),
    ]
    return modal(
        callback_id=ids.ASK_MODAL,
        title="Draft an ask",
        submit="Write my draft",
        close="Cancel",
        blocks=blocks,
        private_metadata=(
            json.dumps({"page_contact_id": defaults.page_contact_id})
            if defaults.page_contact_id
            else None
        ),
    )


@dataclass(frozen=True)
class DraftCard:
    """What the draft message shows."""

    draft_id: int
    kind: DraftKind
    follow_up_number: int
    contact_name: str
    company: str | None
    channel: Channel
    subject: str | None
    body: str
    checks: Sequence[Check]
    sent_on: date | None = None
    replied: bool = False
    upcoming: Sequence[tuple[date, str]] = field(default_factory=tuple)
    shortened: Sequence[str] = ()  # what of the member's own words the draft had to cut
    today: date | None = None  # the member's: dates in another year show it


def shortened_note(channel: Channel, shortened: Sequence[str]) -> str:
    """Saying so when the member's own words were cut to fit."""
    limit = (
        "fit LinkedIn's 300 characters" if channel is Channel.LINKEDIN else "stay under 100 words"
    )
    what = " and ".join(shortened)
    return (
        f":scissors: To {limit}, I shortened what you typed for {what}. "
        "Press *Edit* to put it your way."
    )


def checks_text(checks: Sequence[Check]) -> str:
    """A draft's rule checks, one line each, with their emoji."""
    lines = "\n".join(f"{c.status.emoji} *{c.name}:* {escape(c.reason)}" for c in checks)
    return clip(lines, SECTION_TEXT_MAX)


def _title(card: DraftCard) -> str:
    who = escape(card.contact_name) + (f" ({escape(card.company)})" if card.company else "")
    what = f"follow-up #{card.follow_up_number}" if card.kind is DraftKind.FOLLOW_UP else "ask"
    via = "email" if card.channel is Channel.EMAIL else "LinkedIn note"
    return f"*Your {what} to {who}* · {via}"


def draft_message(card: DraftCard) -> Message:
    blocks: list[Any] = [section(_title(card))]
    if card.subject:
        subject = f"*Subject:* {escape(card.subject)}"
        blocks.append(section(clip(subject, SECTION_TEXT_MAX)))
    body = clip(escape(card.body), SECTION_TEXT_MAX - 8)
    blocks.append(section(f"```{body}```"))
    blocks.append(section(checks_text(card.checks)))
    if card.shortened and card.sent_on is None:
        blocks.append(context(escape(shortened_note(card.channel, card.shortened))))
    first_name = escape(card.contact_name.split()[0]) if card.contact_name.split() else "They"
    if card.replied:
        blocks.append(
            section(
                f":tada: {first_name} replied. Schedule your 15 minutes with "
                f"`/meeting {escape(card.contact_name)}`, and prepare with TIARA "
                "questions: trends, insights, advice, resources, assignments."
            )
        )
    elif card.sent_on is not None:
        lines = [f":white_check_mark: Marked as sent on {day_label(card.sent_on, card.today)}."]
        lines += [f"• {day_label(day, card.today)}: {escape(what)}" for day, what in card.upcoming]
        blocks += [
            section("\n".join(lines)),
            actions(elements=[button("They replied", ids.DRAFT_REPLIED, value=str(card.draft_id))]),
        ]
    else:
        value = str(card.draft_id)
        after = (
            "to settle this follow-up reminder (the clock has run since your first ask)"
            if card.kind is DraftKind.FOLLOW_UP
            else "to start the follow-up clock"
        )
        blocks += [
            context(
                "Parachute never sends anything for you: copy the text, send it "
                f"yourself, then press *Mark as sent* {after}."
            ),
            actions(
                elements=[
                    button("Mark as sent", ids.DRAFT_MARK_SENT, value=value, style="primary"),
                    button("Edit", ids.DRAFT_EDIT, value=value),
                    button("Another version", ids.DRAFT_ANOTHER, value=value),
                ]
            ),
        ]
    return build_message(f"Your draft to {escape(card.contact_name)}", blocks)


def edit_modal(
    *, draft_id: int, channel: Channel, subject: str | None, body: str
) -> dict[str, Any]:
    blocks = []
    if channel is Channel.EMAIL:
        blocks.append(
            text_input(ids.EDIT_SUBJECT, "Subject", max_length=SUBJECT_MAX, initial=subject)
        )
    blocks.append(
        text_input(
            ids.EDIT_BODY,
            "Message",
            max_length=BODY_MAX,
            optional=False,
            multiline=True,
            initial=body,
            hint=(
                "A LinkedIn note holds 300 characters."
                if channel is Channel.LINKEDIN
                else "Under 100 words; aim for under 75."
            ),
        )
    )
    return modal(
        callback_id=ids.DRAFT_EDIT_MODAL,
        title="Edit your draft",
        submit="Check again",
        close="Cancel",
        private_metadata=json.dumps({"draft_id": draft_id}),
        blocks=blocks,
    )


def step_text(kind: NudgeKind, number: int, contact_name: str, company: str | None) -> str:
    """What a reminder about an ask will ask of the member."""
    first = contact_name.split()[0] if contact_name.split() else contact_name
    if kind is NudgeKind.SECOND_CONTACT:
        return f"reach a second contact at {company}" if company else "reach a second contact"
    if kind is NudgeKind.FOLLOW_UP:
        return f"kind follow-up #{number} to {first}"
    return f"park {first} if there is still no reply (you can revive them any time)"
