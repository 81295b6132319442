"""Members, contacts, asks and meetings as a member's use would leave them, for tests and
benchmarks that seed a database without going through Slack.

Two kinds: rows with a history (`*_row`, `sent_ask`: any instant, not yet added to a
session; thousands of asks in a second), and records made through the services, as the
app makes them (`member`, `contact`, `drafted_ask`: keys, checks and reminders included)."""

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from slackbot.domain.ask_form import AskAnswers, AskRequest
from slackbot.domain.contacts import ContactDetails
from slackbot.domain.drafting import Channel, ConnectionKind, DraftKind
from slackbot.domain.text import fold
from slackbot.models import Contact, Draft, Meeting, Member
from slackbot.services import contacts, drafts, members
from slackbot.services.members import Owner


def ask_answers(**overrides: Any) -> AskAnswers:
    """A member's answers in the /ask-draft form, as a plausible member gives them."""
    answers: dict[str, Any] = {
        "connection": ConnectionKind.NONE,
        "connection_detail": "",
        "who_i_am": "a data analyst",
        "interest_narrow": "your research ops",
        "interest_broad": "UX research",
        "sign_off": "Alice",
        "channel": Channel.EMAIL,
    }
    return AskAnswers(**(answers | overrides))


# -- rows with a history ------------------------------------------------------------------


def ask_columns(
    member_id: int, contact_id: int, *, sent_at: datetime | None, created_at: datetime | None
) -> dict[str, Any]:
    """The drafts-table columns of an ask drafted at `created_at` (or `sent_at`) and sent
    at `sent_at` (unless None): for a bulk load that skips the ORM."""
    created = created_at or sent_at
    assert created is not None, "an unsent ask needs the instant it was drafted"
    return {
        "member_id": member_id,
        "contact_id": contact_id,
        "kind": DraftKind.ASK.value,
        "channel": Channel.EMAIL.value,
        "connection_kind": ConnectionKind.ALUMNI.value,
        "connection_detail": "State U",
        "who_i_am": "a career switcher from teaching",
        "interest_narrow": "how your team runs research",
        "interest_broad": "UX research",
        "sign_off_name": "Alex",
        "subject": "A fellow State U alum: 15 minutes on UX research?",
        "body": "Hi, as a fellow State U alum ... Would you have 15 minutes?",
        "edited": False,
        "created_at": created,
        "sent_at": sent_at,
    }


def sent_ask(
    member_id: int, contact_id: int, *, sent_at: datetime | None, created_at: datetime | None = None
) -> Draft:
    """An ask drafted for the contact (and sent at `sent_at`, unless None), not yet added
    to a session."""
    return Draft(**ask_columns(member_id, contact_id, sent_at=sent_at, created_at=created_at))


def contact_columns(
    member_id: int, name: str, *, created_at: datetime, **details: Any
) -> dict[str, Any]:
    """The contacts-table columns of a contact logged at `created_at` (any other column in
    `details`): for a bulk load that skips the ORM."""
    return {
        "member_id": member_id,
        "name": name,
        "name_key": fold(name),
        "created_at": created_at,
        **details,
    }


def contact_row(member_id: int, name: str, *, created_at: datetime, **details: Any) -> Contact:
    """A contact logged at `created_at` (any other column in `details`), not yet added to a
    session."""
    return Contact(**contact_columns(member_id, name, created_at=created_at, **details))


def meeting_columns(
    member_id: int, contact_id: int, *, starts_at: datetime, created_at: datetime, **details: Any
) -> dict[str, Any]:
    """The meetings-table columns of a 15-minute video meeting planned at `created_at` (any
    other column in `details`): for a bulk load that skips the ORM."""
    return {
        "member_id": member_id,
        "contact_id": contact_id,
        "starts_at": starts_at,
        "duration_minutes": 15,
        "format": "video",
        "created_at": created_at,
        **details,
    }


def meeting_row(
    member_id: int, contact_id: int, *, starts_at: datetime, created_at: datetime, **details: Any
) -> Meeting:
    """A 15-minute video meeting planned at `created_at` (any other column in `details`),
    not yet added to a session."""
    return Meeting(
        **meeting_columns(
            member_id, contact_id, starts_at=starts_at, created_at=created_at, **details
        )
    )


# -- through the services -----------------------------------------------------------------


def member(
    session: Session,
    owner: Owner,
    *,
    now: datetime,
    tz: str | None = "Europe/Paris",
    display_name: str | None = None,
    is_admin: bool = False,
) -> Member:
    """A member whose Slack profile (zone, name, admin or not) the app has read at `now`."""
    return members.save_profile(
        session=session, owner=owner, display_name=display_name, tz=tz, is_admin=is_admin, now=now
    )


def contact(session: Session, owner: Owner, *, now: datetime, **details: Any) -> Contact:
    """A contact the member logged at `now` (Jane Doe unless `details` name another), as
    /contact saves it."""
    return contacts.create_contact(
        session=session,
        owner=owner,
        details=ContactDetails(**({"name": "Jane Doe"} | details)),
        now=now,
    )


def drafted_ask(
    session: Session,
    owner: Owner,
    *,
    now: datetime,
    contact_id: int | None = None,
    new_contact: ContactDetails | None = None,
    sent: bool = False,
    zone: str | None = None,
    **answers: Any,
) -> Draft:
    """An ask drafted at `now` (`answers` as in `ask_answers`) to the member's contact, or
    to one typed inline; if `sent`, marked sent at `now` too by a member in `zone` (the
    follow-up clock then runs)."""
    request = AskRequest(
        contact_id=contact_id, new_contact=new_contact, answers=ask_answers(**answers)
    )
    draft = drafts.create_ask_draft(session=session, owner=owner, request=request, now=now)
    if sent:
        drafts.mark_sent(session=session, owner=owner, draft_id=draft.id, now=now, tz_name=zone)
    return draft
