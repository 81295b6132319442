"""The drafting engine: asks and follow-ups that follow the method, deterministic per variant.

Each part of a message has several phrasings; variant v takes phrasing (v + k) of part k, so
every "another version" changes every part while each still passes the checks.

Length (DESIGN §2.2: under 100 words, aim for under 75): a draft is written in full, then
its optional parts are dropped or shortened one by one (the "in short", the courtesy line,
then shorter question, opener and interest sentences) until it reads under 75 words. Only
when even the shortest form reaches 100 words (or a LinkedIn note's 300 characters) are
the member's own words shortened, and the draft says whose.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TypeVar

from slackbot.domain.ask_checks import (
    LINKEDIN_NOTE_MAX,
    WORD,
    WORDS_AIM,
    WORDS_MAX,
    Status,
    check_about_them,
    words,
)
from slackbot.domain.phrasing import (
    attributive,
    connection_subject,
    field_of_interest,
    greeting_name,
    known_company,
    learning_goal,
    mid_sentence,
    self_introduction,
    sentence_start,
    shortened,
)
from slackbot.domain.text import clean_line


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
        return greeting_name(self.contact_name)

    @property
    def connection_phrase(self) -> str | None:
        """What the checks look for first: the shared thing, or None without one."""
        return connection_phrase(self.connection, self.connection_detail)


def connection_phrase(kind: ConnectionKind, detail: str) -> str | None:
    """The shared thing a draft opens with ("State U" for "alumni of State U"), or None."""
    if kind is ConnectionKind.NONE:
        return None
    return connection_subject(kind.value, detail) or None


class Shortened(StrEnum):
    """The member's own words a draft may shorten as a last resort, as the card names them."""

    INTRO = "who you are"
    NARROW = "what you'd like to learn"
    BROAD = "the field you're exploring"
    COMPANY = "their company"
    SIGNATURE = "your name"
    GREETING = "their name"


@dataclass(frozen=True)
class Draft:
    subject: str | None
    body: str
    shortened: tuple[Shortened, ...] = ()  # the member's words cut to stay within limits

    @property
    def text(self) -> str:
        return self.body


@dataclass(frozen=True)
class _Words:
    """The member's words as the sentences hold them (domain/phrasing.py's rules applied)."""

    greeting: str
    company: str
    connection: str  # "" without one
    intro: str  # "I'm a nurse", or the member's own clause; "" to leave it out
    narrow: str
    broad: str
    signature: str


def _words(inputs: AskInputs) -> _Words:
    return _Words(
        greeting=inputs.first_name,
        company=known_company(inputs.company),
        connection=inputs.connection_phrase or "",
        intro=self_introduction(inputs.who_i_am),
        narrow=learning_goal(inputs.interest_narrow),
        broad=field_of_interest(inputs.interest_broad),
        signature=clean_line(inputs.member_name),
    )


@dataclass(frozen=True)
class _Trim:
    """Which optional parts a version keeps at full length."""

    in_short: bool = True
    courtesy: bool = True  # the thank-you line and a longer sign-off
    full_question: bool = True
    full_opener: bool = True
    full_interest: bool = True


# Every combination of optional parts, fullest first. Bit k of a mask drops part k (the
# "in short", the courtesy line, then the longer question, opener and interest): a part is
# dropped only when no combination keeping it (and every part after it) fits, and then
# every part before it goes too, unless keeping one is what makes the draft about them.
_MASKS = sorted(range(1 << 5), key=lambda mask: (mask.bit_length(), -mask))
_TRIMS = tuple(_Trim(*(not mask & (1 << bit) for bit in range(5))) for mask in _MASKS)


_SHORTEST = _Trim(False, False, False, False, False)
# The member's words that may be shortened as a last resort, in two tiers: what they
# typed about themselves and their interest (the longest first), then the names, each
# to no fewer words than given (a self-introduction under three words is left out).
_SHORTENABLE = (
    ((Shortened.INTRO, "intro", 0), (Shortened.NARROW, "narrow", 1), (Shortened.BROAD, "broad", 1)),
    (
        (Shortened.COMPANY, "company", 1),
        (Shortened.SIGNATURE, "signature", 2),
        (Shortened.GREETING, "greeting", 2),
    ),
)
_INTRO_MIN = 3
_CHARS_PER_WORD = 6  # to turn characters over LinkedIn's limit into words to cut

_T = TypeVar("_T")


def _pick(options: Sequence[_T], variant: int, part: int) -> _T:
    return options[(variant + part) % len(options)]


def _word_count(text: str) -> int:
    return len(words(text))


def _fit(
    build: Callable[[_Words, _Trim], str], member: _Words, *, linkedin: bool
) -> tuple[str, tuple[Shortened, ...]]:
    """The fullest version under 75 words (one about them if there is one); else the fullest
    under 100; else the shortest with the member's own words shortened, saying which."""

    def excess(body: str) -> int:
        """How many words too long the text is for its channel: 0 when it fits."""
        over_words = _word_count(body) - WORDS_MAX + 1
        over_chars = len(body) - LINKEDIN_NOTE_MAX if linkedin else 0
        return max(0, over_words, -(-over_chars // _CHARS_PER_WORD))

    def reads_fast(body: str) -> bool:
        return not excess(body) and _word_count(body) < WORDS_AIM

    bodies = [build(member, trim) for trim in _TRIMS]
    for goal in (reads_fast, lambda body: not excess(body)):
        passing = [body for body in bodies if goal(body)]
        if passing:
            about_them = (b for b in passing if check_about_them(b).status is Status.PASS)
            return next(about_them, passing[0]), ()
    return _shorten_words(build, member, excess)


def _shorten_words(
    build: Callable[[_Words, _Trim], str], member: _Words, excess: Callable[[str], int]
) -> tuple[str, tuple[Shortened, ...]]:
    body, done, unused = build(member, _SHORTEST), list[Shortened](), set[str]()
    for tier in _SHORTENABLE:
        while over := excess(body):
            sizes = {field: len(WORD.findall(getattr(member, field))) for _, field, _ in tier}
            open_ = [
                (label, field, fewest)
                for label, field, fewest in tier
                if sizes[field] > fewest and field not in unused
            ]
            if not open_:
                break
            label, field, fewest = max(open_, key=lambda part: sizes[part[1]])
            others = max((sizes[f] for _, f, _ in open_ if f != field), default=0)
            keep = min(max(sizes[field] - over, others, fewest), sizes[field] - 1)
            if field == "intro" and keep < _INTRO_MIN:
                keep = 0
            cut = replace(member, **{field: shortened(getattr(member, field), keep)})
            if (shorter := build(cut, _SHORTEST)) == body:
                unused.add(field)  # not part of this kind of message (a note has no field)
                continue
            member, body = cut, shorter
            done += [label] if label not in done else []
    return body, tuple(done)


def _opener(member: _Words, kind: ConnectionKind, variant: int, full: bool) -> str:
    detail = member.connection
    at_company = f" at {member.company}" if member.company else ""
    lead = sentence_start(detail)  # the referrer opens the sentence
    yours = f"Your {attributive(member.company)}".rstrip()  # "Your Acme", or just "Your"
    kind = kind if detail else ConnectionKind.NONE
    if full:
        options = {
            ConnectionKind.REFERRAL: (
                f"{lead} suggested I reach out to you.",
                f"{lead} suggested you'd be the right person to ask.",
                f"{lead} suggested I reach out to you about your work.",
            ),
            ConnectionKind.ALUMNI: (
                f"As a fellow {detail} alum, I hope you don't mind a note.",
                f"Your {detail} background stood out: we're both alumni.",
                f"We're both {detail} alumni, so you came to mind first.",
            ),
            ConnectionKind.COMMUNITY: (
                f"We're both part of {detail}, so you came to mind first.",
                f"Through {detail}, your name came up as someone to learn from.",
                f"As a fellow member of {detail}, I hope you don't mind a note.",
            ),
            ConnectionKind.NONE: (
                f"Your work{at_company} caught my attention.",
                f"Your path{at_company} stood out as one to learn from.",
                f"Your work{at_company} is what made me write to you.",
            ),
        }
    else:
        options = {
            ConnectionKind.REFERRAL: (
                f"{lead} recommended you.",
                f"{lead} mentioned you.",
            ),
            ConnectionKind.ALUMNI: (
                f"We're both {detail} alumni.",
                f"Fellow {detail} alum here.",
            ),
            ConnectionKind.COMMUNITY: (
                f"We're both in {detail}.",
                f"We share {detail}.",
            ),
            ConnectionKind.NONE: (
                f"{yours} work stood out.",
                f"{yours} path stood out.",
            ),
        }
    return _pick(options[kind], variant, 0)


def _intro(member: _Words, variant: int, trim: _Trim) -> str:
    if not member.intro:
        return ""
    if trim.in_short and member.intro.startswith("I") and _pick((False, True), variant, 1):
        return f"In short, {member.intro}."
    return f"{member.intro}."


def _interest(member: _Words, variant: int, full: bool) -> str:
    narrow, broad = member.narrow, member.broad
    if not full:
        return _pick(
            (
                f"Your view on {narrow}, within {broad}, would help.",
                f"Your take on {narrow}, and {broad} broadly, would help.",
            ),
            variant,
            2,
        )
    return _pick(
        (
            f"You know {broad} from the inside; your view on {narrow} would help a lot.",
            f"You'd know {broad} well, so your take on {narrow} would mean a lot.",
            f"From your side of {broad}, your view on {narrow} would be a great help.",
        ),
        variant,
        2,
    )


_QUESTIONS = (
    "Would you be open to a 15-minute call in the next few weeks?",
    "Could you spare 15 minutes for a call, whenever suits you?",
    "Might you have 15 minutes for a quick chat soon?",
)
_SHORT_QUESTIONS = (
    "Could you spare 15 minutes?",
    "Would you have 15 minutes?",
    "Do you have 15 minutes?",
)
_THANKS = (
    "Thank you for your time, whatever your answer.",
    "Thank you, and no worries if your schedule is full.",
    "Thank you for any time you can give.",
)
_SIGN_OFFS = ("Best,", "Many thanks,", "Kind regards,")


def _question(variant: int, full: bool) -> str:
    return _pick(_QUESTIONS if full else _SHORT_QUESTIONS, variant, 3)


def _closing(member: _Words, variant: int, trim: _Trim) -> str:
    if not trim.courtesy:
        return f"Best,\n{member.signature}"
    return f"{_pick(_THANKS, variant, 4)}\n{_pick(_SIGN_OFFS, variant, 5)}\n{member.signature}"


def _email(*paragraphs: str) -> str:
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _sentences(*sentences: str) -> str:
    return " ".join(sentence for sentence in sentences if sentence)


_NOTE_THANKS = "Thank you!"  # kept in every note: short, and it is about them


def _note(member: _Words, *sentences: str) -> str:
    """A LinkedIn note: one short paragraph that opens with the greeting, "Hi Jane, your
    work…" (a note reads as one line, so no capital after the comma)."""
    return f"Hi {member.greeting}, {mid_sentence(_sentences(*sentences))}"


def draft_ask(inputs: AskInputs, variant: int = 0) -> Draft:
    """The first ask: the connection first, who I am, the interest, a 15-minute question."""
    kind = inputs.connection
    if inputs.channel is Channel.LINKEDIN:
        return _linkedin_note(inputs, variant)

    def build(member: _Words, trim: _Trim) -> str:
        return _email(
            f"Hi {member.greeting},",
            _sentences(
                _opener(member, kind, variant, trim.full_opener), _intro(member, variant, trim)
            ),
            _sentences(
                _interest(member, variant, trim.full_interest),
                _question(variant, trim.full_question),
            ),
            _closing(member, variant, trim),
        )

    body, cut = _fit(build, _words(inputs), linkedin=False)
    return Draft(subject=_subject(inputs, variant), body=body, shortened=cut)


_SUBJECT_FIELD_WORDS = 6  # a subject line is read at a glance


def _subject(inputs: AskInputs, variant: int) -> str:
    detail = inputs.connection_phrase
    broad = shortened(field_of_interest(inputs.interest_broad), _SUBJECT_FIELD_WORDS)
    if detail and inputs.connection is ConnectionKind.REFERRAL:
        lead = f"{sentence_start(detail)} suggested I reach out"
    elif detail and inputs.connection is ConnectionKind.ALUMNI:
        lead = f"A fellow {detail} alum"
    elif detail:
        lead = f"A fellow member of {detail}"
    else:
        lead = "A quick question"
    return _pick((f"{lead}: 15 minutes on {broad}?", f"{lead}: your view on {broad}"), variant, 6)


def _linkedin_note(inputs: AskInputs, variant: int) -> Draft:
    """A connection note: the same parts, compact, within LinkedIn's 300 characters."""
    kind = inputs.connection

    def build(member: _Words, trim: _Trim) -> str:
        question = (
            _pick(
                (
                    f"Would you have 15 minutes to share your view on {member.narrow}?",
                    f"Could you spare 15 minutes for your take on {member.narrow}?",
                ),
                variant,
                3,
            )
            if trim.full_question
            else f"Could you spare 15 minutes for your view on {member.narrow}?"
        )
        return _note(
            member,
            _opener(member, kind, variant, trim.full_opener),
            _intro(member, variant, trim),
            question,
            _NOTE_THANKS,
            member.signature,
        )

    body, cut = _fit(build, _words(inputs), linkedin=True)
    return Draft(subject=None, body=body, shortened=cut)


def _restatement(member: _Words, kind: ConnectionKind) -> str:
    detail, broad = member.connection, member.broad
    if not detail:
        at_company = f" at {member.company}" if member.company else ""
        return f"your work{at_company} is why I wrote to you about {broad}"
    return {
        ConnectionKind.REFERRAL: f"{detail} suggested I reach out to you about {broad}",
        ConnectionKind.ALUMNI: f"as a fellow {detail} alum, I wrote to you about {broad}",
        ConnectionKind.COMMUNITY: f"as a fellow member of {detail}, I wrote to you about {broad}",
    }[kind]


def draft_follow_up(inputs: AskInputs, *, asked_on: str, number: int, variant: int = 0) -> Draft:
    """A kind follow-up: thanks, a one-line restatement, the same short question, no guilt."""
    kind, linkedin = inputs.connection, inputs.channel is Channel.LINKEDIN

    def build(member: _Words, trim: _Trim) -> str:
        restated = _restatement(member, kind)
        opening = (
            _pick(
                (
                    f"A gentle follow-up on my note of {asked_on}: {restated}.",
                    f"I know your inbox is busy, so here is a kind follow-up: {restated}.",
                ),
                variant + number,
                0,
            )
            if trim.full_opener
            else f"A kind follow-up: {restated}."
        )
        question = _question(variant, trim.full_question)
        if linkedin:
            return _note(member, opening, question, _NOTE_THANKS, member.signature)
        return _email(
            f"Hi {member.greeting},",
            _sentences(opening, question),
            _closing(member, variant, trim),
        )

    body, cut = _fit(build, _words(inputs), linkedin=linkedin)
    subject = None if linkedin else f"Re: {_subject(inputs, variant)}"
    return Draft(subject=subject, body=body, shortened=cut)
