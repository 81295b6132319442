"""A contact's story as the member lived it, and the next message it calls for (DESIGN §2.3
and §2.5): the first ask, a kind follow-up, the thank-you, closing the loop, keeping in
touch."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Event(StrEnum):
    """What happened with a contact, as the contact page lists it."""

    LOGGED = "logged"
    REFERRED_BY = "referred_by"  # `other`: who referred them
    ASK_DRAFTED = "ask_drafted"  # drafted, not marked as sent
    ASK_SENT = "ask_sent"
    FOLLOW_UP_SENT = "follow_up_sent"  # `number`: which follow-up
    REPLIED = "replied"
    MEETING_AHEAD = "meeting_ahead"
    MET = "met"
    MEETING_CANCELLED = "meeting_cancelled"
    NOTES = "notes"  # `other`: the notes' most specific line
    THANKED = "thanked"
    REFERRED = "referred"  # `other`: whom they referred the member to
    PARKED = "parked"


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    event: Event
    number: int = 0
    other: str | None = None


class NextKind(StrEnum):
    """The next step with a contact: a message to draft, or what comes before one."""

    ASK = "ask"
    FOLLOW_UP = "follow_up"
    THANK_YOU = "thank_you"
    CLOSE_LOOP = "close_loop"
    KEEP_IN_TOUCH = "keep_in_touch"
    REVIVE = "revive"  # parked: revive them first
    SCHEDULE = "schedule"  # they replied: set up the meeting
    MEETING_AHEAD = "meeting_ahead"  # prepare; the thank-you comes after
    SEND_ASK = "send_ask"  # an ask is drafted: the member sends it, then marks it sent

    @property
    def is_message(self) -> bool:
        return self not in (
            NextKind.REVIVE,
            NextKind.SCHEDULE,
            NextKind.MEETING_AHEAD,
            NextKind.SEND_ASK,
        )


@dataclass(frozen=True)
class NextStep:
    kind: NextKind
    number: int = 0  # the follow-up's number
    afresh: bool = False  # an ask to someone asked before (revived, or follow-ups used up)
    draft_id: int | None = None  # the ask a follow-up follows
    meeting_id: int | None = None  # the meeting a thank-you or a later note is about


@dataclass(frozen=True)
class MessageFacts:
    """What decides the next message to a contact."""

    parked: bool
    last_ask_id: int | None  # the latest ask marked as sent
    replied_since_ask: bool
    follow_ups_sent: int  # since that ask
    max_follow_ups: int
    clock_ran_out: bool = False  # that ask's follow-up clock ended in parking them
    meeting_ahead_id: int | None = None
    held_meeting_id: int | None = None  # the latest meeting that took place
    thanked: bool = False  # for that meeting
    loop_closed: bool = False  # its close-the-loop reminder is done
    ask_waiting: bool = False  # an ask drafted since the last one sent, not sent yet


def next_step(facts: MessageFacts) -> NextStep:
    """The step the method takes next with this contact: a thank-you before anything else
    once they met, then closing the loop, then keeping in touch; before a meeting, the ask
    and its follow-ups (a fresh ask once those are used up or their time has run out)."""
    if facts.parked:
        return NextStep(NextKind.REVIVE)
    held = facts.held_meeting_id
    if held is not None and not facts.thanked:
        return NextStep(NextKind.THANK_YOU, meeting_id=held)
    if facts.meeting_ahead_id is not None:
        return NextStep(NextKind.MEETING_AHEAD, meeting_id=facts.meeting_ahead_id)
    if held is not None:
        kind = NextKind.KEEP_IN_TOUCH if facts.loop_closed else NextKind.CLOSE_LOOP
        return NextStep(kind, meeting_id=held)
    if facts.last_ask_id is None:
        return NextStep(NextKind.SEND_ASK if facts.ask_waiting else NextKind.ASK)
    if facts.replied_since_ask:
        return NextStep(NextKind.SCHEDULE)
    if facts.follow_ups_sent < facts.max_follow_ups and not facts.clock_ran_out:
        return NextStep(
            NextKind.FOLLOW_UP, number=facts.follow_ups_sent + 1, draft_id=facts.last_ask_id
        )
    if facts.ask_waiting:
        return NextStep(NextKind.SEND_ASK)
    return NextStep(NextKind.ASK, afresh=True)
