"""A contact's page: their details, what happened between you, and the next message; and
/contact's choice when a name fits several contacts."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from slackbot.blocks import ids
from slackbot.blocks.contacts import ContactSummary
from slackbot.blocks.dates import day_label
from slackbot.blocks.elements import Json, actions, button, context, divider, header, modal, section
from slackbot.blocks.messages import Message, build_message
from slackbot.blocks.text import SECTION_TEXT_MAX, clip, escape, plural, role_line
from slackbot.domain.contact_history import Event, NextKind, NextStep
from slackbot.domain.contacts import NAME_MAX
from slackbot.domain.pipeline import Stage

HISTORY_SHOWN = 40
CHOICES_SHOWN = 10

# What the page says of what was just done on it.
DRAFTED = ":envelope: Your draft is in your messages with Parachute."
REVIVED = (
    ":seedling: Back in your pipeline. A fresh ask starts a new follow-up clock when you're ready."
)
SAVED = ":white_check_mark: Saved."


@dataclass(frozen=True)
class PageEntry:
    day: date  # the member's local day
    event: Event
    number: int = 0
    other: str | None = None


@dataclass(frozen=True)
class ContactPage:
    contact: ContactSummary
    stage: Stage
    today: date  # the member's
    next: NextStep
    linkedin_url: str | None = None
    email: str | None = None
    notes: str | None = None
    referred_by: str | None = None
    history: Sequence[PageEntry] = ()
    notice: str | None = None  # what the last click did


def _event_text(entry: PageEntry) -> str:
    other = f"*{escape(entry.other)}*" if entry.other else ""
    return {
        Event.LOGGED: "Added to your contacts",
        Event.REFERRED_BY: f"Referred to you by {other}",
        Event.ASK_DRAFTED: "Ask drafted, not marked as sent",
        Event.ASK_SENT: "Ask sent",
        Event.FOLLOW_UP_SENT: f"Follow-up #{entry.number} sent",
        Event.REPLIED: "They replied",
        Event.MEETING_AHEAD: "Meeting scheduled",
        Event.MET: "You met",
        Event.MEETING_CANCELLED: "Meeting cancelled",
        Event.NOTES: (
            f"Notes: {escape(clip(entry.other, 200))}" if entry.other else "Notes written"
        ),
        Event.THANKED: "Thank-you sent",
        Event.REFERRED: f"Referred you to {other}",
        Event.PARKED: "Parked: no reply after your follow-ups",
    }[entry.event]


def next_label(step: NextStep) -> str:
    """The draft button's words for a next message."""
    if step.kind is NextKind.ASK:
        return "Draft a new ask" if step.afresh else "Draft your ask"
    if step.kind is NextKind.FOLLOW_UP:
        return f"Draft follow-up #{step.number}"
    return {
        NextKind.THANK_YOU: "Draft the thank-you",
        NextKind.CLOSE_LOOP: "Draft the close-the-loop note",
        NextKind.KEEP_IN_TOUCH: "Draft a keep-in-touch hello",
    }[step.kind]


_WHY = {
    NextKind.ASK: "Ask for 15 minutes to learn, never for a job.",
    NextKind.FOLLOW_UP: "A kind follow-up: thank them, restate your question in a line.",
    NextKind.THANK_YOU: "Thank them within 24 hours, naming one thing that helped.",
    NextKind.CLOSE_LOOP: "About two weeks on, tell them what you did with their advice.",
    NextKind.KEEP_IN_TOUCH: "A short hello every few months keeps the connection warm.",
    NextKind.REVIVE: (
        "Parked after your follow-ups went unanswered: that's normal. "
        "Revive them when you'd like to ask again."
    ),
    NextKind.SCHEDULE: "They replied: set up your 15 minutes with `/meeting`.",
    NextKind.MEETING_AHEAD: (
        "Your meeting is coming up: I'll send your prep pack the business day before, "
        "and a thank-you draft after it."
    ),
    NextKind.SEND_ASK: (
        "Your ask is drafted and waiting in your messages with Parachute: send it yourself, "
        "then press *Mark as sent* there to start the follow-up clock."
    ),
}


def _details(page: ContactPage) -> list[str]:
    contact = page.contact
    fields = [f"*Stage*\n{page.stage.label}"]
    if contact.connection:
        fields.append(f"*How you know them*\n{escape(contact.connection)}")
    if page.referred_by:
        fields.append(f"*Referred by*\n{escape(page.referred_by)}")
    if page.linkedin_url:
        fields.append(f"*LinkedIn*\n<{escape(page.linkedin_url)}|Profile>")
    if page.email:
        fields.append(f"*Email*\n{escape(page.email)}")
    return fields


def contact_page_view(page: ContactPage) -> dict[str, Any]:
    contact = page.contact
    value = str(contact.id)
    blocks: list[Json] = [header(clip(contact.name, NAME_MAX))]
    role = role_line(contact.title, contact.company, contact.seniority, contact.company_size)
    if role:
        blocks.append(section(role))
    blocks.append(section(None, fields=_details(page)))
    if page.notes:
        # Clipped once escaped: escaping can make the text five times longer.
        blocks.append(section(clip(f"*Notes*\n{escape(page.notes)}", SECTION_TEXT_MAX)))
    if page.notice:
        blocks.append(section(page.notice))
    namesake = button(
        f"Someone else named {clip(contact.name, 40)}", ids.CONTACT_LOG_NEW, value=contact.name
    )  # a namesake at another company: /contact with this name opens this page
    buttons = [button("Edit details", ids.CONTACT_EDIT, value=value), namesake]
    if page.next.kind is NextKind.REVIVE:
        buttons.insert(0, button("Revive", ids.CONTACT_REVIVE, value=value, style="primary"))
    elif page.next.kind.is_message:
        label = next_label(page.next)
        buttons.insert(0, button(label, ids.CONTACT_DRAFT_NEXT, value=value, style="primary"))
    blocks += [
        section(f"*Next:* {_WHY[page.next.kind]}"),
        actions(buttons),
        divider(),
        header("History"),
    ]
    blocks += [
        section(f"*{day_label(entry.day, page.today)}* \u00b7 {_event_text(entry)}")
        for entry in page.history[:HISTORY_SHOWN]
    ]
    if len(page.history) > HISTORY_SHOWN:
        older = len(page.history) - HISTORY_SHOWN
        blocks.append(context(f"And {plural(older, 'earlier event')}."))
    blocks.append(context("Only you can see your contacts."))
    return modal(
        callback_id=ids.CONTACT_PAGE,
        title="Contact",
        close="Close",
        blocks=blocks,
        private_metadata=json.dumps({"contact_id": contact.id}),
    )


def contact_choice_message(name: str, found: Sequence[ContactSummary]) -> Message:
    """/contact with a name that fits several contacts: open one, or log someone new."""
    blocks: list[Json] = [
        section(
            f"More than {CHOICES_SHOWN} of your contacts match *{escape(name)}*: here are the "
            "first ones. Type more of the name to find someone further down."
            if len(found) > CHOICES_SHOWN
            else f"You have {plural(len(found), 'contact')} matching *{escape(name)}*:"
        )
    ]
    for contact in found[:CHOICES_SHOWN]:
        role = role_line(contact.title, contact.company, contact.seniority, contact.company_size)
        line = f"*{escape(contact.name)}*" + (f"\n{role}" if role else "")
        blocks.append(
            section(line, accessory=button("Open", ids.CONTACT_OPEN, value=str(contact.id)))
        )
    new = button(f"Log a new contact: {clip(name, 40)}", ids.CONTACT_LOG_NEW, value=name[:NAME_MAX])
    blocks.append(actions([new]))
    return build_message(f"Your contacts matching {escape(name)}", blocks)
