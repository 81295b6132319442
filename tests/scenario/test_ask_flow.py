"""/ask-draft end to end: the form, the draft in a DM with its checks, edit, another version,
mark as sent (the follow-up clock in the member's zone), they replied; and privacy."""

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools import factories
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import Message, SlackStandIn, dm_channel
from slackbot.domain.ask_form import AskField
from slackbot.models import Contact, Draft, Nudge
from tests.conftest import ALICE, ALICE_OWNER, BOB, TrackingExecutor
from tests.scenario.journeys import ASK_ANSWERS, ask_form, form_answers, log_contact

SENT = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)  # a Wednesday
LA, KOLKATA = "ULEEANA", "UKIRAN"
BLOCK = ids.ASK_BLOCKS


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(SENT)


@pytest.fixture(autouse=True)
def more_members(slack: SlackStandIn) -> None:
    slack.add_user(LA, "Lee Ana", tz="America/Los_Angeles")
    slack.add_user(KOLKATA, "Kiran Rao", tz="Asia/Kolkata")


def _draft_message(slack: SlackStandIn, user: str) -> Message:
    [message] = slack.messages(channel=dm_channel(user))
    return message


def _initial(modal: dict, field: AskField) -> object:
    block = next(b for b in modal["blocks"] if b.get("block_id") == BLOCK[field])
    element = block["element"]
    return element.get("initial_value") or (element.get("initial_option") or {}).get("value")


def test_a_member_goes_from_contact_to_a_sent_ask_and_a_reply(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    log_contact(driver, LA, "Bob Lee")
    log_contact(driver, LA, "Jane Doe", company="Acme")
    with db.session() as session:
        jane = session.scalar(select(Contact).where(Contact.name == "Jane Doe"))

    modal = ask_form(driver, LA, "jane")
    assert _initial(modal, AskField.CONTACT) == str(jane.id)  # found by name
    assert _initial(modal, AskField.SIGN_OFF) == "Lee Ana"  # from users.info
    referred = form_answers(BLOCK, connection_kind="referral", connection_detail="Bob Lee")
    answer = driver.submit(LA, modal, ASK_ANSWERS | referred)
    assert answer.status == 200 and answer.errors == {}
    assert slack.top_modal(LA) is None  # the form closed
    slack.wait_for("chat.postMessage")
    draft = _draft_message(slack, LA)
    shown = json.dumps(draft.blocks)
    assert "Bob Lee suggested I reach out" in shown
    assert ":x:" not in shown and ":warning:" not in shown  # it passes every check
    assert "Parachute never sends anything for you" in shown

    # Edit: the member's own words are checked again.
    driver.click(LA, ids.DRAFT_EDIT, message=draft)
    listeners.settle()
    editor = slack.top_modal(LA)
    assert editor["callback_id"] == ids.DRAFT_EDIT_MODAL
    driver.submit(LA, editor, {ids.EDIT_BODY: "Hi Jane, are you hiring? Send me a job!"})
    listeners.settle()
    shown = json.dumps(_draft_message(slack, LA).blocks)
    assert ":x: *No job talk:*" in shown and "hiring" in shown

    # Another version: a fresh draft that passes again.
    driver.click(LA, ids.DRAFT_ANOTHER, message=_draft_message(slack, LA))
    listeners.settle()
    shown = json.dumps(_draft_message(slack, LA).blocks)
    assert ":x:" not in shown and "Bob Lee suggested I reach out" in shown

    # Mark as sent: the clock starts at 09:00 in Los Angeles, on business days.
    driver.click(LA, ids.DRAFT_MARK_SENT, message=_draft_message(slack, LA))
    listeners.settle()
    with db.session() as session:
        nudges = {(n.kind, n.number): n.due_at for n in session.scalars(select(Nudge))}
    assert nudges == {
        ("second_contact", 0): datetime(2026, 11, 23, 17, 0, tzinfo=UTC),
        ("follow_up", 1): datetime(2026, 11, 30, 17, 0, tzinfo=UTC),
        ("follow_up", 2): datetime(2026, 12, 9, 17, 0, tzinfo=UTC),
        ("park", 0): datetime(2026, 12, 18, 17, 0, tzinfo=UTC),
    }
    sent = _draft_message(slack, LA)
    shown = json.dumps(sent.blocks)
    assert "Marked as sent on Wed Nov 18" in shown and "Mon Nov 30" in shown
    driver.open_home(LA)  # App Home, drawn fresh as the member looks
    listeners.settle()
    home = json.dumps(slack.home(LA))
    assert "Waiting for a reply" in home and "Jane Doe" in home

    # They replied: follow-ups cancelled, /meeting suggested.
    driver.click(LA, ids.DRAFT_REPLIED, message=sent)
    listeners.settle()
    with db.session() as session:
        assert {n.state for n in session.scalars(select(Nudge))} == {"cancelled"}
    assert "/meeting Jane Doe" in json.dumps(_draft_message(slack, LA).blocks)


def test_the_clock_follows_a_member_in_kolkata(
    driver: SlackDriver, slack: SlackStandIn, db: Database
) -> None:
    modal = ask_form(driver, KOLKATA, "Priya Nair")
    assert _initial(modal, AskField.NEW_NAME) == "Priya Nair"  # not a contact yet
    driver.submit(
        KOLKATA,
        modal,
        ASK_ANSWERS | form_answers(BLOCK, new_company="Globex", channel="linkedin"),
    )
    slack.wait_for("chat.postMessage")
    driver.click(KOLKATA, ids.DRAFT_MARK_SENT, message=_draft_message(slack, KOLKATA))
    slack.wait_for("chat.update")
    with db.session() as session:
        assert session.scalar(select(Contact.company)) == "Globex"
        second = session.scalar(select(Nudge).where(Nudge.kind == "second_contact"))
        # 22:30 Wednesday in Kolkata + 3 business days = Monday 09:00 IST.
        assert second.due_at == datetime(2026, 11, 23, 3, 30, tzinfo=UTC)
        assert len(session.scalar(select(Draft.body))) <= 300


def test_the_form_answers_missing_fields(driver: SlackDriver, slack: SlackStandIn, db: Database):
    modal = ask_form(driver, ALICE, "")
    typed = form_answers(
        BLOCK, connection_kind="alumni", who_i_am=" ", interest_narrow="x", interest_broad="y"
    )
    answer = driver.submit(ALICE, modal, typed)
    assert set(answer.errors) == {
        BLOCK[AskField.NEW_NAME],
        BLOCK[AskField.CONNECTION_DETAIL],
        BLOCK[AskField.WHO_I_AM],
    }
    with db.session() as session:
        assert session.scalar(select(Draft)) is None


def test_another_member_replaying_the_buttons_changes_nothing(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    driver.submit(ALICE, ask_form(driver, ALICE, "Jane Doe"), ASK_ANSWERS)
    slack.wait_for("chat.postMessage")
    with db.session() as session:
        alices_draft = str(session.scalar(select(Draft.id)))
    actions = (ids.DRAFT_MARK_SENT, ids.DRAFT_ANOTHER, ids.DRAFT_REPLIED, ids.DRAFT_EDIT)
    # Alice's button values, replayed by Bob from a message of his own.
    forged = Message(
        channel=dm_channel(BOB),
        text="forged",
        blocks=[
            {
                "type": "actions",
                "block_id": "forged",
                "elements": [
                    {
                        "type": "button",
                        "action_id": action,
                        "text": {"type": "plain_text", "text": action},
                        "value": alices_draft,
                    }
                    for action in actions
                ],
            }
        ],
        ts="1.000001",
    )
    for action in actions:
        assert driver.click(BOB, action, message=forged).status == 200
    listeners.settle()
    # Bob gets no editor, and Alice's draft is untouched and unsent.
    assert slack.top_modal(BOB) is None
    with db.session() as session:
        draft = session.scalar(select(Draft))
        assert (draft.sent_at, draft.variant) == (None, 0)
        assert session.scalar(select(Nudge)) is None
        assert session.scalar(select(Contact.replied_at)) is None
    assert slack.calls_to("chat.update") == []


def test_many_contacts_are_searched_not_listed(
    driver: SlackDriver, slack: SlackStandIn, db: Database
) -> None:
    with db.session() as session:
        for n in range(120):
            factories.contact(session, ALICE_OWNER, now=SENT, name=f"Person {n:03d}")
    modal = ask_form(driver, ALICE, "")
    select_block = next(b for b in modal["blocks"] if b.get("block_id") == BLOCK[AskField.CONTACT])
    assert select_block["element"]["type"] == "external_select"
    payload = {
        "type": "block_suggestion",
        "user": {"id": ALICE, "team_id": slack.team_id},
        "team": {"id": slack.team_id},
        "action_id": ids.CONTACT_SEARCH,
        "block_id": BLOCK[AskField.CONTACT],
        "value": "person 11",
        "view": modal,
    }
    answer = driver._send_interaction(payload)
    names = [o["text"]["text"] for o in answer.json()["options"]]
    assert names[:1] == ["Person 110"] and len(names) == 10
    payload["user"] = {"id": BOB, "team_id": slack.team_id}
    assert driver._send_interaction(payload).json()["options"] == []


def test_the_form_starts_from_what_the_contact_record_says(
    driver: SlackDriver, slack: SlackStandIn, db: Database
) -> None:
    """Issue #18: a school in "how you know them" is an alumni connection, in its words."""
    log_contact(driver, LA, "Marcus Chen", connection="We both studied at Azusa Pacific")
    modal = ask_form(driver, LA, "marcus")
    assert _initial(modal, AskField.CONNECTION_KIND) == "alumni"
    assert _initial(modal, AskField.CONNECTION_DETAIL) == "Azusa Pacific"
    # The member keeps the pre-filled connection and types "who I am" as people do.
    answers = ASK_ANSWERS | form_answers(BLOCK, who_i_am="career switcher from teaching.")
    assert driver.submit(LA, modal, answers).errors == {}
    slack.wait_for("chat.postMessage")
    shown = json.dumps(_draft_message(slack, LA).blocks)
    assert "As a fellow Azusa Pacific alum" in shown
    assert "I'm a career switcher from teaching." in shown
    assert ":x:" not in shown and ":warning:" not in shown  # under 75 words, every rule held


def test_the_member_can_change_the_pre_filled_connection(
    driver: SlackDriver, slack: SlackStandIn
) -> None:
    log_contact(driver, LA, "Lena Fischer", connection="PyLadies")
    modal = ask_form(driver, LA, "lena")
    assert _initial(modal, AskField.CONNECTION_KIND) == "community"
    detail = "shared community: PyLadies Berlin"
    typed = form_answers(BLOCK, connection_kind="community", connection_detail=detail)
    answer = driver.submit(LA, modal, ASK_ANSWERS | typed)
    assert answer.errors == {}
    slack.wait_for("chat.postMessage")
    shown = json.dumps(_draft_message(slack, LA).blocks)
    assert "We're both part of PyLadies Berlin" in shown and "community:" not in shown


def test_a_connection_naming_only_its_kind_is_asked_about(
    driver: SlackDriver, slack: SlackStandIn, db: Database
) -> None:
    answer = driver.submit(
        LA,
        ask_form(driver, LA, "Jane Doe"),
        ASK_ANSWERS | form_answers(BLOCK, connection_kind="alumni", connection_detail="Alumni"),
    )
    assert answer.errors == {
        BLOCK[AskField.CONNECTION_DETAIL]: "Which school or program do you share?"
    }
    with db.session() as session:
        assert session.scalar(select(Draft)) is None


def test_a_draft_says_when_it_shortened_the_members_words(
    driver: SlackDriver, slack: SlackStandIn
) -> None:
    # Short words up to the form's 150 characters add up to more than 100 words.
    who = "a mum of two who ran a shop for ten years, now new to code and to all of it " * 2
    interest = "how you plan a study, who you ask, how you pick the next one and why " * 2
    typed = form_answers(
        BLOCK, who_i_am=who[:150], interest_narrow=interest[:150], interest_broad=interest[:150]
    )
    answer = driver.submit(LA, ask_form(driver, LA, "Jane Doe"), typed)
    assert answer.errors == {}
    slack.wait_for("chat.postMessage")
    shown = json.dumps(_draft_message(slack, LA).blocks)
    assert "To stay under 100 words, I shortened what you typed for" in shown
    assert ":x:" not in shown  # under 100 words, every rule held
