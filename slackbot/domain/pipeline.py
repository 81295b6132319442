"""A contact's stage, derived from what happened, never typed in (DESIGN §3)."""

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    IDENTIFIED = "identified"
    ASKED = "asked"
    FOLLOWED_UP = "followed_up"
    REPLIED = "replied"
    MEETING_SCHEDULED = "meeting_scheduled"
    MET = "met"
    THANKED = "thanked"
    PARKED = "parked"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.IDENTIFIED: "Identified",
    Stage.ASKED: "Asked",
    Stage.FOLLOWED_UP: "Followed up",
    Stage.REPLIED: "Replied",
    Stage.MEETING_SCHEDULED: "Meeting scheduled",
    Stage.MET: "Met",
    Stage.THANKED: "Thanked",
    Stage.PARKED: "Parked",
}


@dataclass(frozen=True)
class ContactFacts:
    """What has been recorded about one contact."""

    asks_sent: int = 0
    follow_ups_sent: int = 0
    replied: bool = False
    meeting_scheduled: bool = False
    met: bool = False
    thanked: bool = False
    parked: bool = False


def stage_of(facts: ContactFacts) -> Stage:
    """The furthest stage the facts support; parking wins until the contact is revived."""
    if facts.parked:
        return Stage.PARKED
    if facts.thanked:
        return Stage.THANKED
    if facts.met:
        return Stage.MET
    if facts.meeting_scheduled:
        return Stage.MEETING_SCHEDULED
    if facts.replied:
        return Stage.REPLIED
    if facts.follow_ups_sent:
        return Stage.FOLLOWED_UP
    if facts.asks_sent:
        return Stage.ASKED
    return Stage.IDENTIFIED
