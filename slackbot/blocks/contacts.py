"""The contact modal and what a member sees once a contact is saved."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slackbot.blocks import ids
from slackbot.blocks.elements import (
    Json,
    actions,
    button,
    context,
    email_input,
    external_select,
    input_block,
    modal,
    option,
    section,
    static_select,
    text_input,
)
from slackbot.blocks.text import escape, role_line
from slackbot.domain import contacts as rules
from slackbot.domain.contacts import ContactDetails, ContactField
from slackbot.domain.vocabulary import CompanySize, Seniority


@dataclass(frozen=True)
class ContactSummary:
    """What the blocks show of a contact."""

    id: int
    name: str
    company: str | None = None
    title: str | None = None
    seniority: str | None = None
    company_size: str | None = None
    connection: str | None = None


SEARCH_ABOVE = 100  # more contacts than a static select holds: search them instead


def contact_select(contacts: Sequence[ContactSummary], chosen: ContactSummary | None) -> Json:
    """Pick one of the member's contacts: listed, or searched by name when there are many."""
    if len(contacts) > SEARCH_ABOVE:
        return external_select(
            ids.CONTACT_SEARCH,
            placeholder="Type a name",
            min_query_length=1,
            initial=option(str(chosen.id), chosen.name) if chosen else None,
        )
    return static_select(
        [(str(c.id), c.name) for c in contacts],
        initial=str(chosen.id) if chosen else None,
        placeholder="One of your contacts",
    )


def contact_modal(
    *,
    name: str | None,
    referrers: Sequence[ContactSummary],
    editing: tuple[int, ContactDetails] | None = None,
) -> dict[str, Any]:
    """The `/contact` form; `referrers` are the member's contacts who may have referred this
    one. With `editing` (a contact's id and details), the same form filled in, to change."""
    block = ids.CONTACT_BLOCKS
    now = editing[1] if editing else ContactDetails(name=name or "")
    blocks = [
        text_input(
            block[ContactField.NAME],
            "Name",
            max_length=rules.NAME_MAX,
            optional=False,
            initial=now.name,
            placeholder="Jane Doe",
        ),
        text_input(
            block[ContactField.COMPANY],
            "Company",
            max_length=rules.COMPANY_MAX,
            initial=now.company,
        ),
        text_input(
            block[ContactField.TITLE], "Job title", max_length=rules.TITLE_MAX, initial=now.title
        ),
        input_block(
            block[ContactField.SENIORITY],
            "Seniority",
            static_select(
                [(level.value, level.label) for level in Seniority],
                initial=now.seniority,
                placeholder="Pick a level",
            ),
            hint="People a level or two above you are the likeliest to say yes.",
        ),
        input_block(
            block[ContactField.COMPANY_SIZE],
            "Company size",
            static_select(
                [(size.value, size.label) for size in CompanySize],
                initial=now.company_size,
                placeholder="Size",
            ),
        ),
        text_input(
            block[ContactField.CONNECTION],
            "How you know them",
            max_length=rules.CONNECTION_MAX,
            initial=now.connection,
            placeholder="Alumni of State U, met at a meetup, member of Women in Data…",
            hint="Your ask will open with this connection.",
        ),
    ]
    others = [c for c in referrers if not editing or c.id != editing[0]]  # nobody refers themselves
    if others:
        blocks.append(
            input_block(
                block[ContactField.REFERRED_BY],
                "Referred by",
                static_select(
                    [(str(c.id), c.name) for c in others],
                    initial=str(now.referred_by_id) if now.referred_by_id else None,
                    placeholder="One of your contacts",
                ),
            )
        )
    blocks += [
        text_input(
            block[ContactField.LINKEDIN_URL],
            "LinkedIn profile",
            max_length=rules.LINKEDIN_URL_MAX,
            initial=now.linkedin_url,
            placeholder="https://www.linkedin.com/in/jane-doe",
        ),
        input_block(
            block[ContactField.EMAIL],
            "Email",
            email_input("jane@example.com", initial=now.email),
        ),
        text_input(
            block[ContactField.NOTES],
            "Notes",
            max_length=rules.NOTES_MAX,
            initial=now.notes,
            multiline=True,
            placeholder="What you know of their work, what you'd like to learn from them",
        ),
    ]
    if editing:
        return modal(
            callback_id=ids.CONTACT_EDIT_MODAL,
            title="Edit contact",
            submit="Save changes",
            close="Back",
            blocks=blocks,
            private_metadata=json.dumps({"contact_id": editing[0]}),
        )
    return modal(
        callback_id=ids.CONTACT_MODAL,
        title="Log a contact",
        submit="Save contact",
        close="Cancel",
        blocks=blocks,
    )


def contact_saved_view(contact: ContactSummary, *, advice: str | None) -> dict[str, Any]:
    """The confirmation that replaces the form: the contact, the advice, the next step."""
    summary = f":white_check_mark: *{escape(contact.name)}* is in your contacts."
    role = role_line(contact.title, contact.company, contact.seniority, contact.company_size)
    if role:
        summary += f"\n{role}"
    if contact.connection:
        summary += f"\nHow you know them: {escape(contact.connection)}"
    blocks: list[Any] = [section(summary)]
    if advice:
        blocks.append(section(f":bulb: {advice}"))
    blocks += [
        section(
            f"*Next step:* draft your ask with `/ask-draft {escape(contact.name)}`. "
            "Lead with your connection, keep it under 75 words, and ask for "
            "15 minutes to learn, never for a job."
        ),
        actions(elements=[button("Log another contact", ids.CONTACT_ADD_ANOTHER)]),
        context("Only you can see your contacts."),
    ]
    return modal(
        callback_id=ids.CONTACT_SAVED,
        title="Contact saved",
        close="Done",
        blocks=blocks,
    )


_DETAIL_NAMES = {ContactField.LINKEDIN_URL: "LinkedIn profile", ContactField.EMAIL: "email"}


def duplicate_message(
    existing_name: str, field: ContactField, tells_apart: Sequence[ContactField]
) -> str:
    """Why the contact form refuses a person already on record (`field` matched), and which
    detail (`tells_apart`) would tell a namesake apart."""
    if field is not ContactField.NAME:
        return f"You already have {existing_name} with this {_DETAIL_NAMES[field]}."
    found = f"You already have {existing_name} with this name at this company."
    if not tells_apart:
        # Only a detail both records have can tell two namesakes apart.
        return f"{found} If it's someone else, tell them apart in the name (a middle initial)."
    details = " or ".join(_DETAIL_NAMES[detail] for detail in tells_apart)
    return f"{found} If it's someone else, add their {details} to tell them apart."
