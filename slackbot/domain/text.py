"""Cleaning and comparing the short texts members type."""

import re
import unicodedata

_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"\s+")


def clean_line(text: str | None) -> str:
    """A one-line field as it should be stored: no control characters, single spaces."""
    if not text:
        return ""
    if not text.isprintable():  # most text is: skip the character by character look
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch in "\t\n")
    return _SPACES.sub(" ", text).strip()


def clean_block(text: str | None) -> str:
    """A multi-line field: line breaks kept, trailing spaces and blank edges removed."""
    if not text:
        return ""
    lines = [clean_line(line) for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def has_visible_text(text: str) -> bool:
    return bool(_INVISIBLE.sub("", text).strip())


def fold(text: str) -> str:
    """A comparison key: case, accents, invisible characters and spacing ignored."""
    if text.isascii():  # no accents nor invisible characters to remove (imports: speed)
        return _SPACES.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", _INVISIBLE.sub("", text))
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", without_marks.casefold()).strip()


ID_MAX = 2**31 - 1  # a database integer key


def parse_id(text: str | None) -> int | None:
    """A record id from text that came back from Slack, or None if it cannot be one."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdecimal()):
        return None
    number = int(text)
    return number if 0 < number <= ID_MAX else None
