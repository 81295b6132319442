"""The drafting engine: asks and follow-ups that follow the method, deterministic per variant.

Each part of a message has several phrasings; variant v takes phrasing (v + k) of part k, so
every "another version" changes every part while each still passes the checks.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from slackbot.domain.ask_checks import LINKEDIN_NOTE_MAX


class ConnectionKind(StrEnum):
    ALUMNI = "alumni"
    REFERRAL = "referral"
    COMMUNITY = "community"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "alumni": "We're alumni of the same school or program",
            "referral": "One of my contacts referred me",
            "community": "We share a community or group",
            "none": "No connection yet",
        }[self.value]


class Channel(StrEnum):
    EMAIL = "email"
    LINKEDIN = "linkedin"

    @property
    def label(self) -> str:
        return "Email" if self is Channel.EMAIL else "LinkedIn note (300 characters)"


class DraftKind(StrEnum):
    ASK = "ask"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class AskInputs:
    contact_name: str
    company: str | None
    connection: ConnectionKind
    connection_detail: str  # the school, the referrer's name, the community
    who_i_am: str  # "a data analyst moving into UX research"
    interest_narrow: str  # "how your team runs usability studies"
    interest_broad: str  # "UX research"
    member_name: str
    channel: Channel

    @property
    def first_name(self) -> str:
        return self.contact_name.split()[0] if self.contact_name.split() else "there"

    @property
    def connection_phrase(self) -> str | None:
        """What the checks look for first: the shared thing, or None without one."""
        if self.connection is ConnectionKind.NONE or not self.connection_detail:
            return None
        return self.connection_detail


@dataclass(frozen=True)
class Draft:
    subject: str | None
    body: str

    @property
    def text(self) -> str:
        return self.body


def _pick(options: Sequence[str], variant: int, part: int) -> str:
    return options[(variant + part) % len(options)]


def _opener(inputs: AskInputs, variant: int) -> str:
    detail, company = inputs.connection_detail, inputs.company or "your company"
    options = {
        ConnectionKind.REFERRAL: (
            f"{detail} suggested I reach out to you.",
            f"{detail} suggested I reach out, saying you'd be the one to ask.",
            f"{detail} suggested I reach out to you about your work.",
        ),
        ConnectionKind.ALUMNI: (
            f"As a fellow {detail} alum, I hope you don't mind a note.",
            f"Your {detail} background caught my eye: we're both alumni.",
            f"We're both {detail} alumni, so you came to mind first.",
        ),
        ConnectionKind.COMMUNITY: (
            f"We're both part of {detail}, so I hope you'll welcome a note.",
            f"Through {detail}, your name came up as someone to learn from.",
            f"As a fellow member of {detail}, I hope you don't mind a note.",
        ),
        ConnectionKind.NONE: (
            f"Your work at {company} caught my attention.",
            f"Your path at {company} stood out to me.",
            f"Your work at {company} is what made me write to you.",
        ),
    }[inputs.connection if inputs.connection_phrase else ConnectionKind.NONE]
    return _pick(options, variant, 0)


def _interest(inputs: AskInputs, variant: int) -> str:
    narrow, broad = inputs.interest_narrow, inputs.interest_broad
    return _pick(
        (
            f"You know {broad} from the inside; your view on {narrow} would help me a lot.",
            f"I'm exploring {broad}, and I'd love to hear about {narrow} from you.",
            f"I'm learning about {broad}; your take on {narrow} would be a great help.",
        ),
        variant,
        2,
    )


_QUESTIONS = (
    "Would you be open to a 15-minute call in the next few weeks?",
    "Could you spare 15 minutes for a call, whenever suits you?",
    "Might you have 15 minutes for a quick chat soon?",
)
_THANKS = (
    "Thank you for your time, whatever your answer.",
    "Thank you, and no worries if your schedule is full.",
    "Thank you for any time you can give.",
)
_SIGN_OFFS = ("Best,", "Many thanks,", "Kind regards,")


def draft_ask(inputs: AskInputs, variant: int = 0) -> Draft:
    """The first ask: the connection first, who I am, the interest, a 15-minute question."""
    if inputs.channel is Channel.LINKEDIN:
        return _linkedin_note(inputs, variant)
    intro = _pick((f"I'm {inputs.who_i_am}.", f"In short, I'm {inputs.who_i_am}."), variant, 1)
    body = "\n\n".join(
        [
            f"Hi {inputs.first_name},",
            f"{_opener(inputs, variant)} {intro}",
            f"{_interest(inputs, variant)} {_pick(_QUESTIONS, variant, 3)}",
            f"{_pick(_THANKS, variant, 4)}\n{_pick(_SIGN_OFFS, variant, 5)}\n{inputs.member_name}",
        ]
    )
    return Draft(subject=_subject(inputs, variant), body=body)


def _subject(inputs: AskInputs, variant: int) -> str:
    if inputs.connection_phrase and inputs.connection is ConnectionKind.REFERRAL:
        lead = f"{inputs.connection_detail} suggested I reach out"
    elif inputs.connection_phrase:
        lead = f"A fellow {inputs.connection_detail} member"
        if inputs.connection is ConnectionKind.ALUMNI:
            lead = f"A fellow {inputs.connection_detail} alum"
    else:
        lead = "A quick question"
    return _pick(
        (
            f"{lead}: 15 minutes on {inputs.interest_broad}?",
            f"{lead}: your view on {inputs.interest_broad}",
        ),
        variant,
        6,
    )


def _linkedin_note(inputs: AskInputs, variant: int) -> Draft:
    """A connection note: the same parts, compact, within LinkedIn's 300 characters."""
    opener = _opener(inputs, variant)
    question = _pick(
        (
            f"Would you have 15 minutes to share your view on {inputs.interest_narrow}?",
            f"Could you spare 15 minutes to tell me about {inputs.interest_narrow}?",
        ),
        variant,
        3,
    )
    greeting, thanks = f"Hi {inputs.first_name},", f"Thank you! {inputs.member_name}"
    candidates = [
        f"{greeting} {opener} I'm {inputs.who_i_am}. {question} {thanks}",
        f"{greeting} {opener} {question} {thanks}",
    ]
    # The fullest note that fits; the checks flag it when even the shortest does not.
    body = next((c for c in candidates if len(c) <= LINKEDIN_NOTE_MAX), candidates[-1])
    return Draft(subject=None, body=body)


def _restatement(inputs: AskInputs) -> str:
    detail, broad = inputs.connection_detail, inputs.interest_broad
    if not inputs.connection_phrase:
        company = inputs.company or "your company"
        return f"your work at {company} is why I wrote to you about {broad}"
    return {
        ConnectionKind.REFERRAL: f"{detail} suggested I reach out to you about {broad}",
        ConnectionKind.ALUMNI: f"as a fellow {detail} alum, I wrote to you about {broad}",
        ConnectionKind.COMMUNITY: (f"as a fellow member of {detail}, I wrote to you about {broad}"),
    }[inputs.connection]


def draft_follow_up(inputs: AskInputs, *, asked_on: str, number: int, variant: int = 0) -> Draft:
    """A kind follow-up: thanks, a one-line restatement, the same short question, no guilt."""
    opening = _pick(
        (
            f"A gentle follow-up on my note of {asked_on}: {_restatement(inputs)}.",
            f"I know your inbox is busy, so here is a kind follow-up: {_restatement(inputs)}.",
        ),
        variant + number,
        0,
    )
    question = _pick(_QUESTIONS, variant, 3)
    if inputs.channel is Channel.LINKEDIN:
        body = f"Hi {inputs.first_name}, {opening} {question} Thank you! {inputs.member_name}"
        return Draft(subject=None, body=body)
    body = "\n\n".join(
        [
            f"Hi {inputs.first_name},",
            f"{opening} {question}",
            f"{_pick(_THANKS, variant, 4)}\n{_pick(_SIGN_OFFS, variant, 5)}\n{inputs.member_name}",
        ]
    )
    return Draft(subject=f"Re: {_subject(inputs, variant)}", body=body)
