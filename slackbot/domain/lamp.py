"""The LAMP list (*The 2-Hour Job Search*, DESIGN §2.1) working for the member: List,
Advocacy, Motivation, Posting; and, per target company, the next best ask."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum
from urllib.parse import quote, urlencode

LINKEDIN_PEOPLE_SEARCH = "https://www.linkedin.com/search/results/people/"


class Advocacy(IntEnum):
    """Who could vouch for the member at a company, strongest last (the sort uses it)."""

    NONE = 0
    CLASSMATE = 1  # a classmate who offers warm intros knows someone there
    CONTACT = 2  # a contact of their own there replied, meets them, or is an alum / referral


@dataclass(frozen=True)
class TargetContact:
    """One of the member's own contacts at a target company, with what happened so far."""

    contact_id: int
    name: str
    warm: bool  # an alum, or referred by someone
    replied: bool
    meeting: bool  # they agreed to meet (a meeting not cancelled, held or ahead)
    asked: bool  # an ask was sent
    parked: bool
    waiting: bool  # a sent ask still without a reply
    next_due: datetime | None  # the next reminder of that ask

    @property
    def is_advocate(self) -> bool:
        return self.replied or self.meeting or self.warm

    @property
    def can_be_asked(self) -> bool:
        return not (self.asked or self.meeting or self.parked)


@dataclass(frozen=True)
class TargetFacts:
    """A company on the member's list, and the paths into it."""

    company_id: int
    name: str
    motivation: int
    has_posting: bool
    size_band: str | None = None
    contacts: Sequence[TargetContact] = ()
    classmates: int = 0  # classmates offering intros who know someone there (a count only)

    @property
    def advocates(self) -> int:
        return sum(contact.is_advocate for contact in self.contacts)

    @property
    def advocacy(self) -> Advocacy:
        if any(contact.is_advocate for contact in self.contacts):
            return Advocacy.CONTACT
        return Advocacy.CLASSMATE if self.classmates else Advocacy.NONE


class Step(StrEnum):
    WAIT = "wait"  # an ask is out: the next follow-up is what's due
    DRAFT_ASK = "draft_ask"
    ASK_INTRO = "ask_intro"
    FIND_SOMEONE = "find_someone"


@dataclass(frozen=True)
class NextAsk:
    target: TargetFacts
    step: Step
    contact: TargetContact | None = None  # whom to ask (DRAFT_ASK) or awaited (WAIT)


def lamp_order(targets: Iterable[TargetFacts]) -> list[TargetFacts]:
    """Motivation first, then an open posting, then advocacy; then by name."""
    return sorted(
        targets,
        key=lambda t: (-t.motivation, not t.has_posting, -t.advocacy, t.name.casefold()),
    )


def next_ask(target: TargetFacts) -> NextAsk:
    """One suggested step: wait for the ask that is out; else ask an advocate of your own,
    then a classmate for an intro (warm before cold), then any contact there; else find
    someone."""
    waiting = [c for c in target.contacts if c.waiting]
    if waiting:
        soonest = min(waiting, key=lambda c: (c.next_due is None, c.next_due or datetime.min))
        return NextAsk(target, Step.WAIT, soonest)
    askable = sorted(
        (c for c in target.contacts if c.can_be_asked),
        key=lambda c: (not c.replied, not c.warm, c.name.casefold()),
    )
    if askable and askable[0].is_advocate:
        return NextAsk(target, Step.DRAFT_ASK, askable[0])
    if target.classmates:
        return NextAsk(target, Step.ASK_INTRO)
    if askable:
        return NextAsk(target, Step.DRAFT_ASK, askable[0])
    return NextAsk(target, Step.FIND_SOMEONE)


def next_asks(targets: Iterable[TargetFacts], *, limit: int) -> list[NextAsk]:
    return [next_ask(target) for target in lamp_order(targets)[:limit]]


def people_search_link(company: str, school: str | None) -> str:
    """LinkedIn's people search for the company, and the member's school when known
    (alumni are the warmest cold contacts)."""
    keywords = " ".join(part for part in (company, school) if part)
    return f"{LINKEDIN_PEOPLE_SEARCH}?{urlencode({'keywords': keywords}, quote_via=quote)}"
