"""Rows as a member's use would leave them, for tests and benchmarks that seed a database
without going through the app (thousands of asks in a second)."""

from datetime import datetime
from typing import Any

from slackbot.domain.ask_form import AskAnswers
from slackbot.domain.drafting import Channel, ConnectionKind, DraftKind
from slackbot.models import Draft


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


def sent_ask(
    member_id: int, contact_id: int, *, sent_at: datetime | None, created_at: datetime | None = None
) -> Draft:
    """An ask drafted for the contact (and sent at `sent_at`, unless None), not yet added
    to a session."""
    created = created_at or sent_at
    assert created is not None, "an unsent ask needs the instant it was drafted"
    return Draft(
        member_id=member_id,
        contact_id=contact_id,
        kind=DraftKind.ASK,
        channel=Channel.EMAIL,
        connection_kind=ConnectionKind.ALUMNI,
        who_i_am="a career switcher",
        interest_narrow="how your team runs research",
        interest_broad="UX research",
        sign_off_name="Alex",
        body="Hi",
        created_at=created,
        sent_at=sent_at,
    )
