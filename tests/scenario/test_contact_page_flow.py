"""Issue #21: each contact has a page (from App Home, the reminders and /contact <name>):
every field edited by the rules of a new contact, the history, revive, the next message
drafted; and nobody else can open, edit or revive it."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from slack_bolt import App
from sqlalchemy import select

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn, dm_channel
from slackbot.domain.contacts import ContactField
from slackbot.models import Contact, Meeting, Nudge
from tests.conftest import ALICE, BOB, TrackingExecutor
from tests.scenario.journeys import (
    ASK_ANSWERS,
    button_value,
    log_contact,
    log_meeting,
    parked_after_an_ask,
    send_ask,
)

BLOCK = ids.CONTACT_BLOCKS
WEDNESDAY = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(WEDNESDAY)


def _contact(db: Database, name: str) -> Contact:
    with db.session() as session:
        contact = session.scalars(select(Contact).where(Contact.name == name)).one()
        session.expunge(contact)
        return contact


def _logged(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor, db: Database, name: str
) -> Contact:
    """`name` logged through /contact (at Acme), as stored."""
    log_contact(driver, ALICE, name, company="Acme")
    listeners.settle()
    return _contact(db, name)


def _page_text(slack: SlackStandIn, user: str = ALICE) -> str:
    page = slack.top_modal(user)
    assert page is not None and page["callback_id"] == ids.CONTACT_PAGE
    return json.dumps(page["blocks"])


def _open_from_home(driver: SlackDriver, slack: SlackStandIn, contact_id: int) -> None:
    published = len(slack.calls_to("views.publish"))
    driver.open_home(ALICE)
    slack.wait_for("views.publish", published + 1)
    opened = len(slack.calls_to("views.open"))
    driver.click(ALICE, ids.CONTACT_OPEN, view=slack.home(ALICE), value=str(contact_id))
    slack.wait_for("views.open", opened + 1)


def _click_on_page(driver: SlackDriver, slack: SlackStandIn, action_id: str, method: str) -> None:
    done = len(slack.calls_to(method))
    driver.click(ALICE, action_id, view=slack.top_modal(ALICE))
    slack.wait_for(method, done + 1)


def test_a_contact_page_shows_the_history_edits_every_field_and_drafts_the_follow_up(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    raj = _logged(driver, slack, listeners, db, "Raj Patel")
    opened = len(slack.calls_to("views.open"))
    driver.command(ALICE, "/contact", "Jane Doe")
    slack.wait_for("views.open", opened + 1)
    driver.submit(
        ALICE,
        slack.top_modal(ALICE),
        {
            BLOCK[ContactField.COMPANY]: "Acme",
            BLOCK[ContactField.REFERRED_BY]: str(raj.id),
            BLOCK[ContactField.EMAIL]: "jane@acme.io",
        },
    )
    send_ask(driver, ALICE, "Jane Doe", new_company="Acme")
    listeners.settle()
    jane = _contact(db, "Jane Doe")

    _open_from_home(driver, slack, jane.id)
    page = _page_text(slack)
    for shown in ("Jane Doe", "Raj Patel", "jane@acme.io", "Ask sent", "Added to your contacts"):
        assert shown in page
    assert "Draft follow-up #1" in page and "*Stage*\\nAsked" in page

    # Edit: the form comes filled in, on top of the page; bad input gets field errors.
    _click_on_page(driver, slack, ids.CONTACT_EDIT, "views.push")
    form = slack.top_modal(ALICE)
    assert form["callback_id"] == ids.CONTACT_EDIT_MODAL
    assert [v["callback_id"] for v in slack.modal_stack(ALICE)] == [
        ids.CONTACT_PAGE,
        ids.CONTACT_EDIT_MODAL,
    ]
    assert "jane@acme.io" in json.dumps(form["blocks"])
    answer = driver.submit(
        ALICE, form, {BLOCK[ContactField.NAME]: " ", BLOCK[ContactField.LINKEDIN_URL]: "x.com/jd"}
    )
    assert set(answer.errors) == {BLOCK[ContactField.NAME], BLOCK[ContactField.LINKEDIN_URL]}
    answer = driver.submit(
        ALICE, form, {BLOCK[ContactField.NAME]: "RAJ PATEL", BLOCK[ContactField.COMPANY]: "ACME"}
    )
    assert "You already have Raj Patel" in answer.errors[BLOCK[ContactField.NAME]]
    assert _contact(db, "Jane Doe").company == "Acme"  # nothing half-saved

    updated = len(slack.calls_to("views.update"))
    answer = driver.submit(
        ALICE,
        form,
        {
            BLOCK[ContactField.NAME]: "Jane Doe-Smith",
            BLOCK[ContactField.COMPANY]: "Acme Corp",
            BLOCK[ContactField.TITLE]: "Research Lead",
            BLOCK[ContactField.SENIORITY]: "manager",
            BLOCK[ContactField.CONNECTION]: "Alumni of State U",
            BLOCK[ContactField.LINKEDIN_URL]: "linkedin.com/in/Jane-Doe-Smith?trk=x",
            BLOCK[ContactField.EMAIL]: "",
            BLOCK[ContactField.NOTES]: "Runs the research ops guild",
        },
    )
    assert answer.errors == {}
    slack.wait_for("views.update", updated + 1)
    with db.session() as session:
        edited = session.get(Contact, jane.id)
        assert edited is not None
        assert (edited.name, edited.name_key, edited.company, edited.company_key) == (
            "Jane Doe-Smith",
            "jane doe-smith",
            "Acme Corp",
            "acme corp",
        )
        assert edited.title == "Research Lead" and edited.seniority == "manager"
        assert edited.linkedin_url == "https://www.linkedin.com/in/jane-doe-smith"
        assert edited.email is None and edited.referred_by_id == raj.id
    page = _page_text(slack)
    assert "Saved." in page and "Research Lead at Acme Corp" in page
    assert "Alumni of State U" in page and "Runs the research ops guild" in page

    # The next message: follow-up #1, drafted by the follow-up flow, in the member's DM.
    posted = len(slack.calls_to("chat.postMessage"))
    _click_on_page(driver, slack, ids.CONTACT_DRAFT_NEXT, "views.update")
    slack.wait_for("chat.postMessage", posted + 1)
    draft = json.dumps(slack.messages(channel=dm_channel(ALICE))[-1].blocks)
    assert "follow-up #1" in draft and "Jane" in draft
    assert "Your draft is in your messages" in _page_text(slack)

    # Raj's page tells whom he referred.
    _open_from_home(driver, slack, raj.id)
    assert "Referred you to *Jane Doe-Smith*" in _page_text(slack)


def test_slash_contact_opens_the_page_or_lets_the_member_pick(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    log_contact(driver, ALICE, "Sam Lee", company="Acme")
    listeners.settle()
    opened = len(slack.calls_to("views.open"))
    driver.command(ALICE, "/contact", "Sam Lee")  # the one Sam Lee: her page
    slack.wait_for("views.open", opened + 1)
    _click_on_page(driver, slack, ids.CONTACT_LOG_NEW, "views.push")  # a namesake
    form = slack.top_modal(ALICE)
    assert form["callback_id"] == ids.CONTACT_MODAL
    assert driver.submit(ALICE, form, {BLOCK[ContactField.COMPANY]: "Globex"}).errors == {}
    log_contact(driver, ALICE, "Ana Ruiz", company="Initech")
    listeners.settle()

    opened = len(slack.calls_to("views.open"))
    driver.command(ALICE, "/contact", "ana ruíz")  # case and accents ignored
    slack.wait_for("views.open", opened + 1)
    assert "Ana Ruiz" in _page_text(slack)

    driver.command(ALICE, "/contact", "Sam Lee")
    listeners.settle()
    choice = slack.messages(user=ALICE)[-1]
    assert choice.user == ALICE  # only she sees it
    shown = json.dumps(choice.blocks)
    assert "Acme" in shown and "Globex" in shown
    globex = _contact_at(db, "Globex")
    driver.click(ALICE, ids.CONTACT_OPEN, message=choice, value=str(globex))
    slack.wait_for("views.open", opened + 2)
    assert "Globex" in _page_text(slack)

    # A part of a name: the matches, and the choice to log someone new.
    driver.command(ALICE, "/contact", "Sam")
    listeners.settle()
    choice = slack.messages(user=ALICE)[-1]
    assert json.dumps(choice.blocks).count(ids.CONTACT_OPEN) == 2
    driver.click(ALICE, ids.CONTACT_LOG_NEW, message=choice)
    slack.wait_for("views.open", opened + 3)
    form = slack.top_modal(ALICE)
    assert form["callback_id"] == ids.CONTACT_MODAL
    assert form["blocks"][0]["element"]["initial_value"] == "Sam"


def _contact_at(db: Database, company: str) -> int:
    with db.session() as session:
        return session.scalars(select(Contact.id).where(Contact.company == company)).one()


def test_a_parked_contact_is_revived_from_its_page_and_asked_afresh(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app: App, listeners: TrackingExecutor
) -> None:
    notice = parked_after_an_ask(driver, app, db, ALICE, "Jane Doe")
    opened = len(slack.calls_to("views.open"))
    driver.click(
        ALICE, ids.NUDGE_CONTACT, message=notice, value=button_value(notice, "Open contact")
    )
    slack.wait_for("views.open", opened + 1)
    page = _page_text(slack)
    assert "Parked: no reply after your follow-ups" in page and ids.CONTACT_REVIVE in page

    _click_on_page(driver, slack, ids.CONTACT_REVIVE, "views.update")
    assert _contact(db, "Jane Doe").parked_at is None
    listeners.settle()  # the channel's notice is redrawn after the page
    with db.session() as session:
        assert session.scalar(select(Nudge.state).where(Nudge.kind == "park")) == "done"
    assert notice.ts in {call.args.get("ts") for call in slack.calls_to("chat.update")}
    page = _page_text(slack)
    assert "Back in your pipeline" in page and "Draft a new ask" in page
    assert "Parked: no reply after your follow-ups" in page  # still part of their story

    _click_on_page(driver, slack, ids.CONTACT_DRAFT_NEXT, "views.push")
    form = slack.top_modal(ALICE)
    assert form["callback_id"] == ids.ASK_MODAL and "Jane Doe" in json.dumps(form["blocks"])
    updated = len(slack.calls_to("views.update"))
    assert driver.submit(ALICE, form, ASK_ANSWERS).errors == {}
    slack.wait_for("views.update", updated + 1)  # the page, under the form that closed
    page = _page_text(slack)
    assert "Your draft is in your messages" in page and "Mark as sent" in page
    assert ids.CONTACT_DRAFT_NEXT not in page  # no second ask while this one waits


def test_after_a_meeting_the_page_drafts_the_thank_you_then_closes_the_loop(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    log_contact(driver, ALICE, "Jane Doe", company="Acme")
    log_meeting(driver, ALICE, "Jane Doe", WEDNESDAY - timedelta(hours=3))
    listeners.settle()
    jane = _contact(db, "Jane Doe")
    _open_from_home(driver, slack, jane.id)
    page = _page_text(slack)
    assert "You met" in page and "Draft the thank-you" in page

    posted = len(slack.calls_to("chat.postMessage"))
    _click_on_page(driver, slack, ids.CONTACT_DRAFT_NEXT, "views.update")
    slack.wait_for("chat.postMessage", posted + 1)
    thank_you = slack.messages(channel=dm_channel(ALICE))[-1]
    assert "Your thank-you to Jane Doe" in thank_you.text
    updated = len(slack.calls_to("chat.update"))
    driver.click(ALICE, ids.MEETING_THANKED, message=thank_you)
    slack.wait_for("chat.update", updated + 1)

    _open_from_home(driver, slack, jane.id)
    page = _page_text(slack)
    assert "Thank-you sent" in page and "Draft the close-the-loop note" in page
    _click_on_page(driver, slack, ids.CONTACT_DRAFT_NEXT, "views.update")
    closing = slack.messages(channel=dm_channel(ALICE))[-1]
    assert "close-the-loop note to Jane Doe" in closing.text
    updated = len(slack.calls_to("chat.update"))
    driver.click(ALICE, ids.MEETING_LOOP_CLOSED, message=closing)
    slack.wait_for("chat.update", updated + 1)
    assert "the loop is closed" in json.dumps(slack.messages(channel=dm_channel(ALICE))[-1].blocks)
    _open_from_home(driver, slack, jane.id)
    assert "Draft a keep-in-touch hello" in _page_text(slack)  # the loop is closed


def test_dates_name_the_year_when_it_is_not_this_year(
    driver: SlackDriver, slack: SlackStandIn, db: Database, clock: SimulatedClock
) -> None:
    clock.now = datetime(2026, 12, 30, 15, 0, tzinfo=UTC)
    log_contact(driver, ALICE, "Jane Doe", company="Acme")
    log_meeting(driver, ALICE, "Jane Doe", datetime(2027, 1, 6, 15, 0, tzinfo=UTC))
    saved = json.dumps(slack.top_modal(ALICE))  # the meeting's confirmation
    assert "Wed Jan 6, 2027, 16:00" in saved
    with db.session() as session:
        jane_id, meeting_id = session.execute(select(Meeting.contact_id, Meeting.id)).one()
    published = len(slack.calls_to("views.publish"))
    driver.open_home(ALICE)
    slack.wait_for("views.publish", published + 1)
    assert "Wed Jan 6, 2027, 16:00" in json.dumps(slack.home(ALICE))  # App Home's meetings
    opened = len(slack.calls_to("views.open"))
    option = f"{ids.CONTACT_OPEN}:{meeting_id}"  # from the upcoming meeting's menu
    driver.click(ALICE, ids.HOME_MEETING_MENU, view=slack.home(ALICE), option=option)
    slack.wait_for("views.open", opened + 1)
    page = _page_text(slack)
    assert "*Wed Dec 30* \\u00b7 Added" in page
    assert "*Wed Jan 6, 2027* \\u00b7 Meeting scheduled" in page
    clock.now = datetime(2027, 1, 7, 15, 0, tzinfo=UTC)
    _open_from_home(driver, slack, jane_id)
    page = _page_text(slack)
    assert "*Wed Dec 30, 2026* \\u00b7 Added" in page and "*Wed Jan 6* \\u00b7 You met" in page


def test_nobody_else_can_open_edit_or_revive_a_members_contact(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    jane = _logged(driver, slack, listeners, db, "Jane Doe")
    with db.session() as session:
        parked = session.get(Contact, jane.id)
        assert parked is not None
        parked.parked_at = WEDNESDAY
    _open_from_home(driver, slack, jane.id)
    page = slack.top_modal(ALICE)
    assert page is not None
    _click_on_page(driver, slack, ids.CONTACT_EDIT, "views.push")
    form = slack.top_modal(ALICE)
    assert form is not None
    calls = len(slack.calls)

    # Bob replays each of Alice's requests with her contact's id.
    for action_id in (ids.CONTACT_EDIT, ids.CONTACT_REVIVE):
        driver.click(BOB, action_id, view=page, value=str(jane.id))
    driver.click(BOB, ids.CONTACT_OPEN, view=slack.home(ALICE), value=str(jane.id))
    answer = driver.submit(BOB, form, {BLOCK[ContactField.NAME]: "Hijacked"})
    assert "no longer in your list" in answer.errors[BLOCK[ContactField.NAME]]
    listeners.settle()
    # Nothing opened, pushed or redrawn for anyone: no Slack call at all.
    assert [call.method for call in slack.calls[calls:]] == []
    assert slack.modal_stack(BOB) == []
    unchanged = _contact(db, "Jane Doe")
    assert unchanged.parked_at is not None and unchanged.name == "Jane Doe"
