"""What the /ask-draft form must hold, cleaned for the drafting engine."""

import re
from dataclasses import dataclass
from enum import StrEnum

from slackbot.domain.contacts import COMPANY_MAX, NAME_MAX, ContactDetails
from slackbot.domain.drafting import Channel, ConnectionKind
from slackbot.domain.phrasing import connection_subject, phrase, self_description
from slackbot.domain.text import clean_line, has_visible_text, parse_id
from slackbot.domain.vocabulary import parse_choice

WHO_I_AM_MAX = 150
INTEREST_MAX = 150
DETAIL_MAX = 80
SIGN_OFF_MAX = 60

# What a contact's "how you know them" note says about the kind of connection.
_REFERRAL_WORDS = re.compile(
    r"\b(referred|referral|suggested|introduced|intro|introduction|recommended)\b", re.I
)
_ALUMNI_WORDS = re.compile(
    r"\b(alum\w*|grad|grads|graduat\w*|class of|school|universit\w*|univ|uni|college|"
    r"studied|went to|campus|bootcamp|institute|academy|polytechnic|mba|phd)\b",
    re.I,
)
_NO_CONNECTION = re.compile(
    r"^(?:none|no|n/?a|nothing|cold|cold (?:email|outreach|message)|not yet|"
    r"(?:found (?:them )?)?on linkedin|linkedin|don'?t know them|-+)$",
    re.I,
)
# A "connection" that names only its kind says nothing to open an ask with.
_ONLY_A_KIND = re.compile(
    r"^(?:alumni|alums?|school|university|college|community|group|club|network|referral|"
    r"referred|friend|colleague)$",
    re.I,
)


class AskField(StrEnum):
    CONTACT = "contact"
    NEW_NAME = "new_name"
    NEW_COMPANY = "new_company"
    CONNECTION_KIND = "connection_kind"
    CONNECTION_DETAIL = "connection_detail"
    WHO_I_AM = "who_i_am"
    INTEREST_NARROW = "interest_narrow"
    INTEREST_BROAD = "interest_broad"
    SIGN_OFF = "sign_off"
    CHANNEL = "channel"


@dataclass(frozen=True)
class AskAnswers:
    """What the /ask-draft form starts with besides the contact: the connection (from the
    contact's record) and the member's own answers (from their last draft)."""

    connection: ConnectionKind
    connection_detail: str
    who_i_am: str
    interest_narrow: str
    interest_broad: str
    sign_off: str
    channel: Channel


@dataclass(frozen=True)
class AskForm:
    """What the member typed and picked, untouched."""

    contact_id: str | None = None
    new_name: str | None = None
    new_company: str | None = None
    connection_kind: str | None = None
    connection_detail: str | None = None
    who_i_am: str | None = None
    interest_narrow: str | None = None
    interest_broad: str | None = None
    sign_off: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class AskRequest:
    contact_id: int | None  # an existing contact, or
    new_contact: ContactDetails | None  # one typed inline
    answers: AskAnswers


_DETAIL_QUESTION = {
    ConnectionKind.ALUMNI: "Which school or program do you share?",
    ConnectionKind.REFERRAL: "Who referred you? Their name opens your ask.",
    ConnectionKind.COMMUNITY: "Which community or group do you share?",
}


def validate_ask(form: AskForm) -> tuple[AskRequest | None, dict[AskField, str]]:
    errors: dict[AskField, str] = {}
    contact_id = parse_id(form.contact_id)
    new_name = clean_line(form.new_name)
    new_company = clean_line(form.new_company)
    if contact_id is None and not has_visible_text(new_name):
        errors[AskField.CONTACT] = "Pick one of your contacts, or type a new name below."
    if len(new_name) > NAME_MAX:
        errors[AskField.NEW_NAME] = f"Please keep the name under {NAME_MAX + 1} characters."
    if len(new_company) > COMPANY_MAX:
        errors[AskField.NEW_COMPANY] = f"Please keep this under {COMPANY_MAX + 1} characters."

    connection = parse_choice(ConnectionKind, form.connection_kind) or ConnectionKind.NONE
    detail = connection_subject(connection.value, form.connection_detail)
    if connection is not ConnectionKind.NONE and (
        not has_visible_text(detail) or _ONLY_A_KIND.match(detail)
    ):
        errors[AskField.CONNECTION_DETAIL] = _DETAIL_QUESTION[connection]
    who = self_description(form.who_i_am)
    narrow, broad, sign_off = (
        phrase(form.interest_narrow),
        phrase(form.interest_broad),
        phrase(form.sign_off),
    )
    for field, value, limit, missing in (
        (AskField.CONNECTION_DETAIL, detail, DETAIL_MAX, None),
        (AskField.WHO_I_AM, who, WHO_I_AM_MAX, "Say who you are in a few words."),
        (AskField.INTEREST_NARROW, narrow, INTEREST_MAX, "What would you like to learn from them?"),
        (AskField.INTEREST_BROAD, broad, INTEREST_MAX, "Which field are you exploring?"),
        (AskField.SIGN_OFF, sign_off, SIGN_OFF_MAX, "How should the message be signed?"),
    ):
        if missing and not has_visible_text(value):
            errors.setdefault(field, missing)
        elif len(value) > limit:
            errors.setdefault(field, f"Please keep this under {limit + 1} characters.")
    channel = parse_choice(Channel, form.channel)
    if channel is None:
        errors[AskField.CHANNEL] = "Email or LinkedIn note?"
    if errors or channel is None:
        return None, errors
    return (
        AskRequest(
            contact_id=contact_id,
            new_contact=(
                None
                if contact_id is not None
                else ContactDetails(name=new_name, company=new_company or None)
            ),
            answers=AskAnswers(
                connection=connection,
                connection_detail=detail if connection is not ConnectionKind.NONE else "",
                who_i_am=who,
                interest_narrow=narrow,
                interest_broad=broad,
                sign_off=sign_off,
                channel=channel,
            ),
        ),
        {},
    )


def connection_from_note(note: str | None, referrer: str | None) -> tuple[ConnectionKind, str]:
    """The connection a contact's record tells: who referred them (a referral recorded with
    /meeting-notes or picked in /contact), else what the "how you know them" note says.

    "We both studied at Azusa Pacific" -> alumni, "Azusa Pacific"; "Referred by Bob Lee"
    -> referral, "Bob Lee"; "Member of Women in Data" -> community, "Women in Data"."""
    if referrer and has_visible_text(referrer):
        return ConnectionKind.REFERRAL, phrase(referrer)
    text = phrase(note)
    if not has_visible_text(text) or _NO_CONNECTION.match(text):
        return ConnectionKind.NONE, ""
    if _REFERRAL_WORDS.search(text):
        kind = ConnectionKind.REFERRAL
    elif _ALUMNI_WORDS.search(text):
        kind = ConnectionKind.ALUMNI
    else:
        kind = ConnectionKind.COMMUNITY
    detail = connection_subject(kind.value, text) or text
    return kind, "" if _ONLY_A_KIND.match(detail) else detail
