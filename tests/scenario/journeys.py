"""A member's and a coach's steps through the real app, shared by the scenario tests.

Each step goes through Slack's payloads (the driver) and waits for what it caused,
counted from a marker taken before it (never a sleep): a form opened, a DM posted, a
message updated."""

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App
from sqlalchemy import select

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import Answer, SlackDriver, iter_elements
from slackbot.devtools.executor import TrackingExecutor
from slackbot.devtools.slack_standin import Message, SlackStandIn, dm_channel
from slackbot.models import Meeting, Member, Nudge
from slackbot.nudges.dispatcher import Dispatcher
from slackbot.services.cohorts import get_cohort
from tests.conftest import TEAM

CHANNEL = "C0COHORT"
ASK_SENT = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)  # a Wednesday, 18:00 in Paris
MONDAY_9_PARIS = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 3 business days later


def form_answers(blocks: Mapping[Any, str], **by_field: object) -> dict[str, object]:
    """A form's answers by field name (`company="Acme"`), keyed by the form's block ids
    (`blocks`: ids.CONTACT_BLOCKS, ids.ASK_BLOCKS, ...)."""
    return {blocks[field]: value for field, value in by_field.items()}


# What a member types in /ask-draft beyond the contact: enough for a draft that passes.
ASK_ANSWERS = form_answers(
    ids.ASK_BLOCKS,
    who_i_am="a data analyst moving into UX research",
    interest_narrow="how your team runs usability studies",
    interest_broad="UX research",
)


# -- contacts -----------------------------------------------------------------------------


def contact_form(driver: SlackDriver, user: str, text: str = "") -> dict:
    """/contact `text`: the form."""
    form = driver.open_modal(user, "/contact", text)
    assert form["callback_id"] == ids.CONTACT_MODAL
    return form


def log_contact(driver: SlackDriver, user: str, name: str, **fields: str) -> None:
    """/contact `name`, with `fields` (ContactField names) filled in, saved."""
    form = contact_form(driver, user, name)
    assert driver.submit(user, form, form_answers(ids.CONTACT_BLOCKS, **fields)).errors == {}


# -- asks ---------------------------------------------------------------------------------


def ask_form(driver: SlackDriver, user: str, text: str = "") -> dict:
    """/ask-draft `text`: the form."""
    form = driver.open_modal(user, "/ask-draft", text)
    assert form["callback_id"] == ids.ASK_MODAL
    return form


def _draft_cards(slack: SlackStandIn, user: str) -> list[Message]:
    """The member's drafts in their DM that can still be marked as sent."""
    return [
        m
        for m in slack.messages(channel=dm_channel(user))
        if any(e.get("action_id") == ids.DRAFT_MARK_SENT for _, e in iter_elements(m.blocks))
    ]


def draft_ask(driver: SlackDriver, user: str, name: str, **fields: str) -> Message:
    """/ask-draft `name` with ASK_ANSWERS and `fields` (AskField names): the draft card
    the bot sends to the member's DM."""
    slack = driver.slack
    cards = len(_draft_cards(slack, user))
    answers = ASK_ANSWERS | form_answers(ids.ASK_BLOCKS, **fields)
    assert driver.submit(user, ask_form(driver, user, name), answers).errors == {}
    slack.wait_until(lambda: len(_draft_cards(slack, user)) > cards)
    return _draft_cards(slack, user)[-1]


def mark_sent(driver: SlackDriver, user: str, draft: Message) -> Message:
    """Mark as sent on a draft card: the card as the bot redraws it."""
    updated = len(driver.slack.calls_to("chat.update"))
    driver.click(user, ids.DRAFT_MARK_SENT, message=draft)
    driver.slack.wait_for("chat.update", updated + 1)
    return next(m for m in driver.slack.messages(channel=draft.channel) if m.ts == draft.ts)


def send_ask(driver: SlackDriver, user: str, name: str, **fields: str) -> Message:
    """Draft an ask (see draft_ask) and mark it sent: the follow-up clock starts."""
    return mark_sent(driver, user, draft_ask(driver, user, name, **fields))


# -- meetings -----------------------------------------------------------------------------


def meeting_form(driver: SlackDriver, user: str, text: str = "") -> dict:
    """/meeting `text`: the form."""
    form = driver.open_modal(user, "/meeting", text)
    assert form["callback_id"] == ids.MEETING_MODAL
    return form


def log_meeting(
    driver: SlackDriver, user: str, name: str, start: datetime, **fields: str
) -> Answer:
    """/meeting `name` starting at `start`, with `fields` (MeetingField names): the answer
    to the submission (the form is replaced by what was saved)."""
    answers = form_answers(ids.MEETING_BLOCKS, start=int(start.timestamp()), **fields)
    return driver.submit(user, meeting_form(driver, user, name), answers)


def meeting_with(
    driver: SlackDriver, user: str, start: datetime, name: str = "Jane Doe", **fields: str
) -> Answer:
    """`name` logged as a contact at `fields`' company (Acme unless named), then a meeting
    with them at `start` (ahead, or held), found by first name, with the meeting form's
    other `fields`: the answer to the meeting form (see log_meeting)."""
    log_contact(driver, user, name, company=fields.pop("company", "Acme"))
    return log_meeting(driver, user, name.split()[0], start, **fields)


def notes_form(driver: SlackDriver, user: str) -> dict:
    """The notes form, in place of a held meeting's confirmation ("Write your notes")."""
    updated = len(driver.slack.calls_to("views.update"))
    driver.click(user, ids.MEETING_WRITE_NOTES, view=driver.slack.top_modal(user))
    driver.slack.wait_for("views.update", updated + 1)
    form = driver.slack.top_modal(user)
    assert form is not None and form["callback_id"] == ids.NOTES_MODAL
    return form


def write_notes(driver: SlackDriver, user: str, answers: dict[str, object]) -> Answer:
    """Notes on the meeting just logged as held, saved."""
    answer = driver.submit(user, notes_form(driver, user), answers)
    assert answer.errors == {}
    return answer


# -- channel nudges -----------------------------------------------------------------------


def set_nudge_channel(db: Database, channel: str = CHANNEL) -> None:
    """The coach has chosen the cohort's channel (as /cohort would save it)."""
    with db.session() as session:
        get_cohort(session=session, team_id=TEAM).nudge_channel_id = channel


def dispatch_nudges(app: App, db: Database, now: datetime) -> None:
    """The dispatcher's run at `now`: what is due is posted (no pacing in tests)."""
    Dispatcher(db, app.client, sleep=lambda _: None).dispatch_due(now)


def time_passes(clock: SimulatedClock, app: App, db: Database, now: datetime) -> None:
    """The clock reaches `now`, and the nudges due by then are posted."""
    clock.now = now
    dispatch_nudges(app, db, now)


def channel_posts(slack: SlackStandIn, channel: str = CHANNEL) -> list[Message]:
    """What the bot posted in the channel (not ephemeral answers), oldest first."""
    return [m for m in slack.messages(channel=channel) if m.via == "chat.postMessage"]


def parked_after_an_ask(
    driver: SlackDriver, app: App, db: Database, user: str, name: str
) -> Message:
    """`user` asks `name` (at Acme) and the follow-up clock runs out: the parked notice
    posted in the channel."""
    send_ask(driver, user, name, new_company="Acme")
    set_nudge_channel(db)
    with db.session() as session:
        parked_at = session.scalar(select(Nudge.due_at).where(Nudge.kind == "park"))
    assert parked_at is not None, "no parked notice planned"
    dispatch_nudges(app, db, parked_at)
    return channel_posts(driver.slack)[-1]


def nudge_id(db: Database, kind: str, user: str | None = None) -> int:
    """The id of the (first) nudge of this kind, the member's if `user` is given: what a
    snooze menu's option carries."""
    query = select(Nudge.id).where(Nudge.kind == kind).order_by(Nudge.id)
    if user is not None:
        query = query.join(Member, Member.id == Nudge.member_id).where(Member.user_id == user)
    with db.session() as session:
        found = session.scalar(query)
    assert found is not None, f"no {kind} nudge"
    return found


def button_value(message: Message, label: str) -> str:
    """The value of the message's button labelled `label`."""
    return next(
        element["value"]
        for _, element in iter_elements(message.blocks)
        if element["type"] == "button" and element["text"]["text"] == label
    )


# -- App Home -----------------------------------------------------------------------------


def home_seen(driver: SlackDriver, listeners: TrackingExecutor, user: str) -> str:
    """The member opens App Home: what it shows (its JSON), drawn fresh."""
    driver.open_home(user)
    listeners.settle()
    return json.dumps(driver.slack.home(user))


def meeting_in_app_home(
    driver: SlackDriver, listeners: TrackingExecutor, db: Database, user: str, start: datetime
) -> int:
    """Jane Doe at Acme logged, a meeting with her at `start`, and App Home opened on it:
    the meeting's id."""
    meeting_with(driver, user, start)
    driver.open_home(user)
    listeners.settle()
    with db.session() as session:
        meeting_id = session.scalar(select(Meeting.id).order_by(Meeting.id.desc()))
    assert meeting_id is not None
    return meeting_id


def reschedule_form(driver: SlackDriver, user: str, meeting_id: int) -> dict:
    """The form that the meeting's menu in App Home opens for "Reschedule"."""
    option = f"{ids.MEETING_RESCHEDULE}:{meeting_id}"
    home = driver.slack.home(user)
    return driver.click_open_modal(user, ids.HOME_MEETING_MENU, view=home, option=option)


def cancel_meeting(driver: SlackDriver, user: str, meeting_id: int) -> None:
    """The member picks "Cancel" in the meeting's menu in App Home."""
    option = f"{ids.MEETING_CANCEL}:{meeting_id}"
    driver.click(user, ids.HOME_MEETING_MENU, view=driver.slack.home(user), option=option)
