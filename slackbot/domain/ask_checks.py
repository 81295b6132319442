"""The method's rules for an ask, checked on any text, drafted or edited (DESIGN §2.2)."""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from slackbot.domain.text import fold

WORDS_AIM = 75
WORDS_MAX = 100
LINKEDIN_NOTE_MAX = 300
MINUTES_MAX = 20

WORD = re.compile(  # a word as counted: letters or digits, with inner apostrophes
    r"[^\W_]+(?:['\u2019][^\W_]+)*"
)
_JOB_WORDS = re.compile(
    r"\b(jobs?|positions?|openings?|hiring|hires?|hired|r[eé]sum[eé]s?|cvs?|"
    r"vacanc(?:y|ies)|apply|applying|applied|applications?|referrals?|refer me|"
    r"(?:open|available|vacant|any) roles?)\b"
)
_MINUTES = re.compile(
    r"\b(\d{1,3}|ten|fifteen|twenty|thirty|forty[- ]five|sixty)"
    r"(?:\s*(?:-|\u2013|to|or)\s*(\d{1,3}|fifteen|twenty|thirty))?[- ]?min(?:ute)?s?\b"
)
_LONG_ASKS = re.compile(r"\b(half an hour|an hour|one hour|hour-long|lunch)\b")
_NUMBER_WORDS = {
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "forty five": 45,
    "sixty": 60,
}
_ABOUT_THEM = {"you", "your", "yours", "yourself", "you're", "you'd", "you've", "you'll"}
_ABOUT_ME = {"i", "me", "my", "mine", "myself", "i'm", "i'd", "i've", "i'll"}
_GREETING = re.compile(  # "Hi Jane," "Dear Dr. Okafor," (a title's full stop is not an end)
    r"^\s*(hi|hello|dear|hey|good (morning|afternoon|evening))\b"
    r"(?:\b(?:dr|mrs?|ms|mx|prof)\.|[^\n,!.])*[,!.]?",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


class Status(StrEnum):
    PASS = "pass"  # noqa: S105 (a check result, not a password)
    WARN = "warn"
    FAIL = "fail"

    @property
    def emoji(self) -> str:
        return {"pass": ":white_check_mark:", "warn": ":warning:", "fail": ":x:"}[self.value]


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    reason: str


def _normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    return [word.replace("\u2019", "'") for word in WORD.findall(_normalized(text))]


def _first_sentence(text: str) -> str:
    body = _GREETING.sub("", text.strip(), count=1).strip()
    parts = [part for part in _SENTENCE_END.split(body) if part.strip()]
    return parts[0] if parts else ""


def check_length(text: str, *, drafted: bool = False) -> Check:
    """`drafted`: the text is Parachute's own draft, already as short as the member's own
    words allow, so a long one is long because of them."""
    count = len(words(text))
    if count >= WORDS_MAX:
        return Check(
            "Length", Status.FAIL, f"{count} words: cut it below {WORDS_MAX}, ideally {WORDS_AIM}."
        )
    if count >= WORDS_AIM and drafted:
        return Check(
            "Length",
            Status.WARN,
            f"{count} words, most of them what you typed: trimming your own words would "
            f"bring it under {WORDS_AIM}, which reads faster.",
        )
    if count >= WORDS_AIM:
        return Check(
            "Length", Status.WARN, f"{count} words: fine, but under {WORDS_AIM} reads faster."
        )
    return Check("Length", Status.PASS, f"{count} words: short enough to read in seconds.")


def check_connection_first(text: str, connection: str | None) -> Check:
    if not connection or not fold(connection):
        return Check(
            "Connection first",
            Status.WARN,
            "No shared connection: if you share a school, a community or a referral, open with it.",
        )
    if fold(connection) in fold(_first_sentence(text)):
        return Check("Connection first", Status.PASS, "It opens with what you share.")
    return Check(
        "Connection first",
        Status.FAIL,
        f"Open with your connection ({connection}) in the first sentence.",
    )


def check_no_job_talk(text: str) -> Check:
    found = sorted({match.group(0) for match in _JOB_WORDS.finditer(_normalized(text))})
    if found:
        listed = ", ".join(f"“{word}”" for word in found)
        return Check(
            "No job talk",
            Status.FAIL,
            f"Remove {listed}: ask to learn, never for a job, or they may not answer.",
        )
    return Check("No job talk", Status.PASS, "Nothing reads as asking for a job.")


def check_question(text: str) -> Check:
    if "?" in text.replace("\uff1f", "?"):
        return Check(
            "A real question", Status.PASS, "Your request is a question, easy to say yes to."
        )
    return Check(
        "A real question",
        Status.FAIL,
        "Phrase your request as a question ending with “?”, e.g. “Would you have 15 minutes…?”",
    )


def _minutes(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS.get(token, 0)


def check_time_ask(text: str) -> Check:
    normalized = _normalized(text)
    asks = [max(_minutes(a), _minutes(b or "0")) for a, b in _MINUTES.findall(normalized)]
    if asks and max(asks) <= MINUTES_MAX:
        return Check("Small time ask", Status.PASS, f"You ask for {max(asks)} minutes.")
    if asks or _LONG_ASKS.search(normalized):
        return Check(
            "Small time ask",
            Status.WARN,
            "That is a big ask: 15 minutes (20 at most) gets more yeses.",
        )
    return Check("Small time ask", Status.WARN, "Say how long: ask for about 15 minutes.")


def check_about_them(text: str) -> Check:
    tokens = words(text)
    them = sum(token in _ABOUT_THEM for token in tokens)
    me = sum(token in _ABOUT_ME for token in tokens)
    if them > me:
        return Check("About them", Status.PASS, f"More about them ({them}) than about you ({me}).")
    return Check(
        "About them",
        Status.WARN,
        f"More about you ({me} I/me/my) than them ({them} you/your): turn a sentence around.",
    )


def check_linkedin_length(text: str) -> Check:
    length = len(text)
    if length > LINKEDIN_NOTE_MAX:
        return Check(
            "LinkedIn note",
            Status.FAIL,
            f"{length} characters: a LinkedIn note holds {LINKEDIN_NOTE_MAX}. Shorten it.",
        )
    return Check("LinkedIn note", Status.PASS, f"{length} of {LINKEDIN_NOTE_MAX} characters.")


def check_ask(
    text: str, *, connection: str | None, linkedin: bool, drafted: bool = False
) -> list[Check]:
    """Every rule of the method, in the order a person would fix them."""
    checks = [
        check_length(text, drafted=drafted),
        check_connection_first(text, connection),
        check_no_job_talk(text),
        check_question(text),
        check_time_ask(text),
        check_about_them(text),
    ]
    if linkedin:
        checks.append(check_linkedin_length(text))
    return checks


def worst(checks: list[Check]) -> Status:
    statuses = {check.status for check in checks}
    return next((s for s in (Status.FAIL, Status.WARN) if s in statuses), Status.PASS)
