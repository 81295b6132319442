"""The contact page's blocks, its next-message rule, and short dates with their year."""

import json
from datetime import date, datetime

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from slackbot.blocks import ids
from slackbot.blocks.contact_page import (
    HISTORY_SHOWN,
    ContactPage,
    PageEntry,
    contact_choice_message,
    contact_page_view,
)
from slackbot.blocks.contacts import ContactSummary, contact_modal
from slackbot.blocks.dates import day_label
from slackbot.blocks.drafts import DraftCard, draft_message
from slackbot.blocks.home import AwaitingRow, Dashboard, NotesRow, home_view
from slackbot.blocks.meetings import when_label
from slackbot.blocks.nudges import NudgeLine, details_message
from slackbot.domain.contact_history import (
    Event,
    MessageFacts,
    NextKind,
    NextStep,
    next_step,
)
from slackbot.domain.contacts import ContactDetails, ContactField
from slackbot.domain.drafting import Channel, DraftKind
from slackbot.domain.nudges import NudgeKind, NudgeState
from slackbot.domain.pipeline import Stage
from slackbot.domain.vocabulary import Seniority

HOSTILE = "<!channel> <http://evil.example|your bank> <@U123>"
TODAY = date(2026, 12, 30)


# --- short dates: the year only when it is not this year --------------------------------


@pytest.mark.parametrize(
    ("day", "today", "label"),
    [
        (date(2026, 11, 30), date(2026, 12, 30), "Mon Nov 30"),
        (date(2027, 1, 4), date(2026, 12, 30), "Mon Jan 4, 2027"),
        (date(2025, 12, 29), date(2026, 1, 2), "Mon Dec 29, 2025"),
        (date(2027, 1, 4), None, "Mon Jan 4"),  # a caller that does not know today yet
    ],
)
def test_a_short_date_names_its_year_only_when_it_is_not_this_year(
    day: date, today: date | None, label: str
) -> None:
    assert day_label(day, today) == label


def test_a_meeting_time_follows_the_same_rule() -> None:
    moment = datetime(2027, 1, 8, 10, 0)
    assert when_label(moment, TODAY) == "Fri Jan 8, 2027, 10:00"
    assert when_label(moment, date(2027, 1, 2)) == "Fri Jan 8, 10:00"


def test_app_home_draft_and_reminder_dates_name_another_year() -> None:
    home = json.dumps(
        home_view(
            Dashboard(
                pipeline=dict.fromkeys(Stage, 0),
                recent_contacts=[],
                awaiting=[AwaitingRow(1, "Jane", None, 3, (date(2027, 1, 5), "follow-up #1"))],
                notes=[NotesRow("Raj", date(2026, 12, 2), "Talk to ops")],
                today=TODAY,
            )
        )
    )
    assert "on Tue Jan 5, 2027" in home and "Wed Dec 2\\n" in home
    card = DraftCard(
        draft_id=1,
        kind=DraftKind.ASK,
        follow_up_number=0,
        contact_name="Jane",
        company=None,
        channel=Channel.EMAIL,
        subject="Hi",
        body="Hello?",
        checks=(),
        sent_on=TODAY,
        upcoming=[(date(2027, 1, 4), "second contact")],
        today=TODAY,
    )
    shown = json.dumps(draft_message(card).blocks)
    assert "Marked as sent on Wed Dec 30." in shown and "Mon Jan 4, 2027: second contact" in shown
    line = NudgeLine(1, NudgeKind.FOLLOW_UP, 1, NudgeState.SNOOZED, "Jane", None, date(2027, 1, 4))
    assert "Snoozed until Mon Jan 4, 2027" in json.dumps(
        details_message([line], today=TODAY).blocks
    )


# --- the contact page -------------------------------------------------------------------


def _page(**changes: object) -> ContactPage:
    page = {
        "contact": ContactSummary(id=7, name="Jane Doe", company="Acme", title="PM"),
        "stage": Stage.ASKED,
        "today": TODAY,
        "next": NextStep(NextKind.FOLLOW_UP, number=1, draft_id=3),
        "history": [PageEntry(date(2026, 12, 1), Event.ASK_SENT)],
    }
    return ContactPage(**(page | changes))  # type: ignore[arg-type]


def test_the_page_offers_the_next_draft_and_edit_with_the_contact_id() -> None:
    view = contact_page_view(_page())
    View(**view).to_dict()
    assert view["callback_id"] == ids.CONTACT_PAGE
    assert json.loads(view["private_metadata"]) == {"contact_id": 7}
    buttons = {
        e["action_id"]: e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
    }
    assert buttons[ids.CONTACT_DRAFT_NEXT]["text"]["text"] == "Draft follow-up #1"
    assert buttons[ids.CONTACT_EDIT]["value"] == "7"
    assert ids.CONTACT_REVIVE not in buttons
    assert "*Tue Dec 1* \\u00b7 Ask sent" in json.dumps(view)


def test_a_parked_page_offers_revive_and_no_draft() -> None:
    view = json.dumps(contact_page_view(_page(next=NextStep(NextKind.REVIVE))))
    assert ids.CONTACT_REVIVE in view and ids.CONTACT_DRAFT_NEXT not in view


@pytest.mark.parametrize("kind", [NextKind.SCHEDULE, NextKind.MEETING_AHEAD])
def test_a_step_that_is_not_a_message_has_no_draft_button(kind: NextKind) -> None:
    view = json.dumps(contact_page_view(_page(next=NextStep(kind))))
    assert ids.CONTACT_DRAFT_NEXT not in view and ids.CONTACT_EDIT in view


def test_a_long_history_stays_within_a_modal_and_escapes_what_the_member_typed() -> None:
    history = [
        PageEntry(date(2026, 1, 1), event, other=HOSTILE) for event in Event for _ in range(5)
    ]
    page = _page(
        contact=ContactSummary(id=7, name=HOSTILE, company=HOSTILE, connection=HOSTILE),
        notes=HOSTILE * 200,
        email="jane@acme.io",
        linkedin_url="https://www.linkedin.com/in/jane",
        referred_by=HOSTILE,
        history=history,
        notice="Saved.",
    )
    view = contact_page_view(page)
    View(**view).to_dict()
    shown = json.dumps(_mrkdwn(view))  # plain text (the header, the buttons) is never read
    assert "<!channel>" not in shown and "<http://evil" not in shown and "<@U123>" not in shown
    assert f"And {len(history) - HISTORY_SHOWN} earlier events." in shown


def _mrkdwn(node: object) -> list[str]:
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn":
            return [node["text"]]
        return [text for value in node.values() for text in _mrkdwn(value)]
    if isinstance(node, list):
        return [text for value in node for text in _mrkdwn(value)]
    return []


def test_the_choice_lists_the_matches_and_offers_someone_new() -> None:
    found = [ContactSummary(id=n, name="Sam Lee", company=f"Co {n}") for n in range(1, 15)]
    message = contact_choice_message(HOSTILE, found)
    for block in message.blocks:
        Block.parse(block).validate_json()  # type: ignore[union-attr]
    shown = json.dumps(message.blocks)
    assert shown.count(ids.CONTACT_OPEN) == 10 and ids.CONTACT_LOG_NEW in shown
    assert "More than 10 of your contacts match" in shown  # never "You have 10"
    assert "<!channel>" not in json.dumps(_mrkdwn(message.blocks)) + message.text
    two = json.dumps(contact_choice_message("Sam", found[:2]).blocks)
    assert "You have 2 contacts matching *Sam*" in two


def test_the_edit_form_is_filled_in_and_nobody_refers_themselves() -> None:
    details = ContactDetails(
        name="Jane Doe",
        company="Acme",
        seniority=Seniority.MANAGER,
        referred_by_id=2,
        email="jane@acme.io",
        notes="Met at the meetup",
    )
    referrers = [ContactSummary(id=7, name="Jane Doe"), ContactSummary(id=2, name="Raj")]
    view = contact_modal(name=None, referrers=referrers, editing=(7, details))
    View(**view).to_dict()
    assert view["callback_id"] == ids.CONTACT_EDIT_MODAL
    assert json.loads(view["private_metadata"]) == {"contact_id": 7}
    blocks = {b["block_id"]: b["element"] for b in view["blocks"]}
    field = ids.CONTACT_BLOCKS
    assert blocks[field[ContactField.EMAIL]]["initial_value"] == "jane@acme.io"
    assert blocks[field[ContactField.SENIORITY]]["initial_option"]["value"] == "manager"
    referred = blocks[field[ContactField.REFERRED_BY]]
    assert [o["value"] for o in referred["options"]] == ["2"]
    assert referred["initial_option"]["value"] == "2"


# --- the next message -------------------------------------------------------------------


def _facts(**changes: object) -> MessageFacts:
    facts = {
        "parked": False,
        "last_ask_id": 3,
        "replied_since_ask": False,
        "follow_ups_sent": 0,
        "max_follow_ups": 2,
    }
    return MessageFacts(**(facts | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "step"),
    [
        (_facts(last_ask_id=None), NextStep(NextKind.ASK)),
        (_facts(last_ask_id=None, ask_waiting=True), NextStep(NextKind.SEND_ASK)),
        (_facts(ask_waiting=True), NextStep(NextKind.FOLLOW_UP, number=1, draft_id=3)),
        (_facts(follow_ups_sent=2, ask_waiting=True), NextStep(NextKind.SEND_ASK)),
        (_facts(), NextStep(NextKind.FOLLOW_UP, number=1, draft_id=3)),
        (_facts(follow_ups_sent=1), NextStep(NextKind.FOLLOW_UP, number=2, draft_id=3)),
        (_facts(follow_ups_sent=2), NextStep(NextKind.ASK, afresh=True)),
        (_facts(clock_ran_out=True), NextStep(NextKind.ASK, afresh=True)),
        (_facts(parked=True, held_meeting_id=5), NextStep(NextKind.REVIVE)),
        (_facts(replied_since_ask=True), NextStep(NextKind.SCHEDULE)),
        (_facts(meeting_ahead_id=4), NextStep(NextKind.MEETING_AHEAD, meeting_id=4)),
        (
            _facts(held_meeting_id=5, meeting_ahead_id=4),
            NextStep(NextKind.THANK_YOU, meeting_id=5),
        ),
        (
            _facts(held_meeting_id=5, thanked=True, meeting_ahead_id=4),
            NextStep(NextKind.MEETING_AHEAD, meeting_id=4),
        ),
        (_facts(held_meeting_id=5, thanked=True), NextStep(NextKind.CLOSE_LOOP, meeting_id=5)),
        (
            _facts(held_meeting_id=5, thanked=True, loop_closed=True),
            NextStep(NextKind.KEEP_IN_TOUCH, meeting_id=5),
        ),
    ],
)
def test_the_next_message_follows_the_method(facts: MessageFacts, step: NextStep) -> None:
    assert next_step(facts) == step
