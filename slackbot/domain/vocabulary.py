"""The closed lists a member picks from, with the words shown for them."""

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


class Seniority(StrEnum):
    ENTRY = "entry"
    MID = "mid"
    SENIOR = "senior"
    MANAGER = "manager"
    DIRECTOR = "director"
    VP = "vp"
    EXECUTIVE = "executive"

    @property
    def label(self) -> str:
        return SENIORITY_LABELS[self]


SENIORITY_LABELS = {
    Seniority.ENTRY: "Entry level",
    Seniority.MID: "Mid level",
    Seniority.SENIOR: "Senior individual contributor",
    Seniority.MANAGER: "Manager",
    Seniority.DIRECTOR: "Director",
    Seniority.VP: "Vice president",
    Seniority.EXECUTIVE: "C-level, founder or owner",
}


class CompanySize(StrEnum):
    MICRO = "1-10"
    SMALL = "11-50"
    MEDIUM = "51-200"
    MIDSIZE = "201-1000"
    LARGE = "1001-5000"
    ENTERPRISE = "5001+"

    @property
    def label(self) -> str:
        return f"{self.value} people"

    @property
    def is_large(self) -> bool:
        return self in (CompanySize.LARGE, CompanySize.ENTERPRISE)


MOTIVATION_LABELS = {
    5: "5 - dream company",
    4: "4 - very keen",
    3: "3 - interested",
    2: "2 - curious",
    1: "1 - maybe",
}


def parse_choice(enum: type[E], value: str | None) -> E | None:
    """The member of `enum` with this value, or None (unset or unknown)."""
    try:
        return enum(value) if value else None
    except ValueError:
        return None
