"""Issue #21: the method holds at every edge (settings that would break 3B7, meetings that
already happened, the words a member reads and says), through the real app."""

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from slack_bolt import App
from sqlalchemy import select

from slackbot.blocks import ids
from slackbot.blocks.meetings import ALREADY_MET
from slackbot.db import Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import Answer, SlackDriver
from slackbot.devtools.slack_standin import Message, SlackStandIn, dm_channel
from slackbot.domain.ask_form import AskField
from slackbot.domain.cohort_settings import CohortField
from slackbot.domain.contacts import ContactField
from slackbot.domain.meetings import MeetingField
from slackbot.models import Contact, Meeting, Nudge
from slackbot.nudges.dispatcher import Dispatcher
from slackbot.services.cohorts import get_cohort
from tests.conftest import ALICE, TEAM, TrackingExecutor
from tests.scenario.test_ask_flow import ANSWERS

COACH = "UCOACH"
CHANNEL = "C0COHORT"
BLOCK = ids.COHORT_BLOCKS
MEETING = ids.MEETING_BLOCKS
ASK = ids.ASK_BLOCKS


def _open_cohort_settings(driver: SlackDriver, slack: SlackStandIn) -> dict:
    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    driver.command(COACH, "/cohort")
    slack.wait_for("views.open")
    return slack.top_modal(COACH)


def test_no_cohort_setting_switches_the_method_off(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    modal = _open_cohort_settings(driver, slack)
    answer = driver.submit(
        COACH,
        modal,
        {
            BLOCK[CohortField.MAX_FOLLOW_UPS]: "0",
            BLOCK[CohortField.QUIET_START]: "08:00",
            BLOCK[CohortField.QUIET_END]: "08:00",
            BLOCK[CohortField.COUNTRY]: "ZZ",
        },
    )
    errors = answer.errors
    assert set(errors) == {
        BLOCK[CohortField.MAX_FOLLOW_UPS],
        BLOCK[CohortField.QUIET_END],
        BLOCK[CohortField.COUNTRY],
    }
    assert "at least one kind follow-up" in errors[BLOCK[CohortField.MAX_FOLLOW_UPS]]
    assert "08:00 to 08:00" in errors[BLOCK[CohortField.QUIET_END]]
    assert "\u201cZZ\u201d is not a country" in errors[BLOCK[CohortField.COUNTRY]]
    listeners.settle()
    assert slack.messages(channel=dm_channel(COACH)) == []  # nothing saved, nothing said

    answer = driver.submit(
        COACH,
        modal,
        {
            BLOCK[CohortField.CHANNEL]: CHANNEL,
            BLOCK[CohortField.MAX_FOLLOW_UPS]: "1",
            BLOCK[CohortField.COUNTRY]: "gb",
            BLOCK[CohortField.QUIET_START]: "21:30",
            BLOCK[CohortField.QUIET_END]: "07:00",
        },
    )
    assert answer.errors == {}
    listeners.settle()
    [summary] = slack.messages(channel=dm_channel(COACH))
    assert "Cohort settings saved" in summary.text
    shown = json.dumps(summary.blocks)
    assert f"<#{CHANNEL}>" in shown and "GB public holidays" in shown
    assert "parked after 1 follow-up." in shown and "Quiet hours 21:30\\u201307:00" in shown


def test_a_cohort_goal_of_no_asks_is_refused(
    driver: SlackDriver, slack: SlackStandIn, app: App, db: Database, listeners: TrackingExecutor
) -> None:
    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    driver.open_home(COACH)
    slack.wait_for("views.publish")
    driver.click(COACH, ids.HOME_COHORT_GOALS, view=slack.home(COACH))
    slack.wait_for("views.open")
    form = slack.top_modal(COACH)
    answer = driver.submit(COACH, form, {ids.GOAL_ASKS: "0", ids.GOAL_MEETINGS: "0"})
    assert set(answer.errors) == {ids.GOAL_ASKS}
    assert "at least 1 ask a week" in answer.errors[ids.GOAL_ASKS]
    assert driver.submit(COACH, form, {ids.GOAL_ASKS: "1", ids.GOAL_MEETINGS: "0"}).errors == {}


# --- §2: a meeting that already happened -------------------------------------------------

WEDNESDAY = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(WEDNESDAY)


def _log_contact(driver: SlackDriver, slack: SlackStandIn, name: str, company: str) -> None:
    opened = len(slack.calls_to("views.open"))
    driver.command(ALICE, "/contact", name)
    slack.wait_for("views.open", opened + 1)
    driver.submit(
        ALICE, slack.top_modal(ALICE), {ids.CONTACT_BLOCKS[ContactField.COMPANY]: company}
    )


def _save_meeting(driver: SlackDriver, slack: SlackStandIn, name: str, start: datetime) -> Answer:
    opened = len(slack.calls_to("views.open"))
    driver.command(ALICE, "/meeting", name)
    slack.wait_for("views.open", opened + 1)
    return driver.submit(
        ALICE, slack.top_modal(ALICE), {MEETING[MeetingField.START]: int(start.timestamp())}
    )


def _button_value(message: Message, label: str) -> str:
    return next(
        element["value"]
        for block in message.blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["text"]["text"] == label
    )


def _channel_posts(slack: SlackStandIn) -> list[str]:
    return [
        json.dumps(m.blocks) for m in slack.messages(channel=CHANNEL) if m.via == "chat.postMessage"
    ]


def test_a_meeting_logged_days_later_plans_what_is_ahead_not_a_pile(
    driver: SlackDriver,
    slack: SlackStandIn,
    db: Database,
    app: App,
    clock: SimulatedClock,
    listeners: TrackingExecutor,
) -> None:
    _log_contact(driver, slack, "Jane Doe", "Acme")
    met = WEDNESDAY - timedelta(days=6)  # last Thursday
    assert _save_meeting(driver, slack, "Jane", met).errors == {}
    listeners.settle()
    with db.session() as session:
        get_cohort(session=session, team_id=TEAM).nudge_channel_id = CHANNEL
    Dispatcher(db, app.client, sleep=lambda _: None).dispatch_due(WEDNESDAY + timedelta(hours=1))
    [post] = _channel_posts(slack)
    assert "Write down what you learned" in post and "thank-you today" in post
    assert "Close the loop" not in post and "been a while" not in post
    with db.session() as session:
        waiting = dict(
            session.execute(select(Nudge.kind, Nudge.due_at).where(Nudge.state == "pending")).all()
        )
    assert set(waiting) == {"close_loop", "keep_in_touch"}
    assert all(due > WEDNESDAY for due in waiting.values())

    # The thank-you draft says when they met, and that late is fine.
    message = next(m for m in slack.messages(channel=CHANNEL) if m.via == "chat.postMessage")
    thank_you_id = _button_value(message, "Draft the thank-you")
    driver.click(ALICE, ids.NUDGE_OPEN, message=message, value=thank_you_id)
    listeners.settle()
    [draft] = [m for m in slack.messages(channel=dm_channel(ALICE)) if "thank-you" in m.text]
    shown = json.dumps(draft.blocks)
    assert "Thank you so much for your time last week." in shown
    assert "today" not in shown.split("time", 1)[1].split(".", 1)[0]
    assert "send it today" in shown and "within 24 hours" not in shown


def test_a_meeting_still_ahead_cannot_be_moved_into_the_past(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    _log_contact(driver, slack, "Jane Doe", "Acme")
    start = WEDNESDAY + timedelta(days=2)
    _save_meeting(driver, slack, "Jane", start)
    driver.open_home(ALICE)
    listeners.settle()
    with db.session() as session:
        meeting_id = session.scalar(select(Meeting.id))
    driver.click(
        ALICE,
        ids.HOME_MEETING_MENU,
        view=slack.home(ALICE),
        option=f"{ids.MEETING_RESCHEDULE}:{meeting_id}",
    )
    listeners.settle()
    form = slack.top_modal(ALICE)
    gone = WEDNESDAY - timedelta(days=1)
    answer = driver.submit(ALICE, form, {MEETING[MeetingField.START]: int(gone.timestamp())})
    assert "already passed" in answer.errors[MEETING[MeetingField.START]]
    with db.session() as session:
        assert session.scalar(select(Meeting.starts_at)) == start  # nothing changed
        assert "prep" in set(session.scalars(select(Nudge.kind)))
    # Told it happened then, it records the meeting as held.
    answer = driver.submit(
        ALICE,
        form,
        {
            MEETING[MeetingField.START]: int(gone.timestamp()),
            ids.MEETING_ALREADY_MET: [ALREADY_MET],
        },
    )
    assert answer.errors == {}
    with db.session() as session:
        assert session.scalar(select(Meeting.starts_at)) == gone


# --- §7: words --------------------------------------------------------------------------


def test_a_linkedin_note_reads_as_one_line_and_unknown_words_stay_out(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    """No capital after "Hi Priya,", no "at your company" for an unknown company, no
    dangling "from you" after what the member wants to learn."""
    driver.command(ALICE, "/ask-draft", "Priya Nair")
    slack.wait_for("views.open")
    driver.submit(
        ALICE,
        slack.top_modal(ALICE),
        ANSWERS
        | {
            ASK[AskField.NEW_COMPANY]: "n/a",
            ASK[AskField.INTEREST_NARROW]: "what to study from you",
            ASK[AskField.CHANNEL]: "linkedin",
        },
    )
    slack.wait_for("chat.postMessage")
    [draft] = slack.messages(channel=dm_channel(ALICE))
    [text] = [b["text"]["text"] for b in draft.blocks if "```" in str(b.get("text"))]
    assert text.startswith("```Hi Priya, your work caught my attention.")
    assert "n/a" not in text and "your company" not in text
    assert "your take on what to study?" in text and "from you" not in text


def test_counts_read_as_english(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    """One ask sent: "just asked" in App Home, "1 ask sent" for the coach."""
    driver.command(ALICE, "/ask-draft", "Jane Doe")
    slack.wait_for("views.open")
    driver.submit(ALICE, slack.top_modal(ALICE), ANSWERS | {ASK[AskField.NEW_COMPANY]: "Acme"})
    slack.wait_for("chat.postMessage")
    [draft] = slack.messages(channel=dm_channel(ALICE))
    driver.click(ALICE, ids.DRAFT_MARK_SENT, message=draft)
    listeners.settle()
    driver.open_home(ALICE)
    listeners.settle()
    home = json.dumps(slack.home(ALICE))
    assert "just asked" in home and "0 business days" not in home

    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    driver.command(COACH, "/cohort", "stats")
    listeners.settle()
    stats = json.dumps([m.blocks for m in slack.messages(user=COACH)])
    assert "1 ask sent" in stats and "0 replies" in stats and "0 meetings held" in stats
    assert "1 asks" not in stats


def test_referral_lines_are_read_as_what_they_are(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    _log_contact(driver, slack, "Jane Doe", "Acme")
    _save_meeting(driver, slack, "Jane", WEDNESDAY - timedelta(hours=3))
    driver.click(ALICE, ids.MEETING_WRITE_NOTES, view=slack.top_modal(ALICE))
    listeners.settle()
    notes = slack.top_modal(ALICE)
    typed = "Mia Wong, Umbrella, mia@umbrella.com\n\nhttps://www.linkedin.com/in/bob-lee"
    answer = driver.submit(ALICE, notes, {ids.NOTES_REFERRALS: typed})
    # The link is line 3 as she typed it (the blank line counts), and says what is missing.
    assert answer.errors[ids.NOTES_REFERRALS].startswith("Line 3: a link without a name.")
    with db.session() as session:
        assert session.scalar(select(Contact).where(Contact.name.contains("http"))) is None
    typed = "Mia Wong, Umbrella, mia@umbrella.com\n\nBob Lee - https://www.linkedin.com/in/bob-lee"
    assert driver.submit(ALICE, notes, {ids.NOTES_REFERRALS: typed}).errors == {}
    with db.session() as session:
        added = {
            c.name: (c.company, c.email, c.linkedin_url)
            for c in session.scalars(select(Contact).where(Contact.referred_by_id.is_not(None)))
        }
    assert added == {
        "Mia Wong": ("Umbrella", "mia@umbrella.com", None),
        "Bob Lee": (None, None, "https://www.linkedin.com/in/bob-lee"),
    }


# --- §6: what the member says aloud -----------------------------------------------------


def test_the_prep_pack_has_the_member_ask_to_learn_in_their_own_meeting_length(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app: App, listeners: TrackingExecutor
) -> None:
    # An earlier meeting at the same company, with someone else, and its notes.
    _log_contact(driver, slack, "Bob Lee", "Acme Robotics")
    _save_meeting(driver, slack, "Bob", WEDNESDAY - timedelta(days=3))
    driver.click(ALICE, ids.MEETING_WRITE_NOTES, view=slack.top_modal(ALICE))
    listeners.settle()
    driver.submit(ALICE, slack.top_modal(ALICE), {ids.NOTE_BLOCKS["advice"]: "Learn ROS first"})
    listeners.settle()

    _log_contact(driver, slack, "Jane Doe", "Acme Robotics")
    start = WEDNESDAY + timedelta(days=2)
    opened = len(slack.calls_to("views.open"))
    driver.command(ALICE, "/meeting", "Jane")
    slack.wait_for("views.open", opened + 1)
    driver.submit(
        ALICE,
        slack.top_modal(ALICE),
        {
            MEETING[MeetingField.START]: int(start.timestamp()),
            MEETING[MeetingField.DURATION]: "20",
            MEETING[MeetingField.GOAL]: "Whether there are open roles on the team",
        },
    )
    listeners.settle()
    Dispatcher(db, app.client, sleep=lambda _: None).dispatch_due(start - timedelta(hours=24))
    [nudge] = [
        m
        for m in slack.messages(channel=dm_channel(ALICE))
        if "prep pack is ready" in str(m.blocks)
    ]
    driver.click(ALICE, ids.NUDGE_OPEN, message=nudge, value=_button_value(nudge, "Open prep pack"))
    listeners.settle()
    pack = next(
        m for m in reversed(slack.messages(channel=dm_channel(ALICE))) if "Prep:" in str(m.blocks)
    )
    [introduction] = [
        b["text"]["text"]
        for b in pack.blocks
        if "*Your 30-second introduction*" in str(b.get("text"))
    ]
    assert "open roles" not in introduction
    assert "I'm hoping to learn what your work looks like day to day" in introduction
    assert "I'll keep to the 20 minutes we planned." in introduction
    shown = json.dumps(pack.blocks)
    assert "reads as asking about a job" in shown
    assert "started in this line of work" in shown and "their role" not in shown
    assert "Acme Robotics' website" in shown and "Robotics's" not in shown
    assert "earlier notes from meetings at Acme Robotics" in shown
    assert "Bob Lee: Learn ROS first" in shown and "about them" not in shown
    assert "17-20 min" in shown


# --- §3: reminders at civil hours on business days --------------------------------------


def test_reminders_land_on_business_days_and_snooze_only_where_it_fits(
    driver: SlackDriver,
    slack: SlackStandIn,
    db: Database,
    app: App,
    clock: SimulatedClock,
    listeners: TrackingExecutor,
) -> None:
    _log_contact(driver, slack, "Jane Doe", "Acme")
    # Friday Nov 27, 14:22 in Paris, 15 minutes: it ends at an odd minute before a weekend.
    start = datetime(2026, 11, 27, 13, 22, tzinfo=UTC)
    _save_meeting(driver, slack, "Jane", start)
    listeners.settle()
    paris = ZoneInfo("Europe/Paris")
    with db.session() as session:
        get_cohort(session=session, team_id=TEAM).nudge_channel_id = CHANNEL
        due = dict(session.execute(select(Nudge.kind, Nudge.due_at)).all())
    for kind in ("close_loop", "keep_in_touch"):
        local = due[kind].astimezone(paris)
        assert local.weekday() < 5 and (local.hour, local.minute) == (9, 0), kind
    assert due["close_loop"].astimezone(paris).date() == date(2026, 12, 14)  # Monday

    # The prep pack (tomorrow's meeting) offers no snooze; a snooze says until when.
    Dispatcher(db, app.client, sleep=lambda _: None).dispatch_due(due["prep"])
    [prep] = _channel_messages(slack)
    assert "prep pack is ready" in json.dumps(prep.blocks)
    assert ids.NUDGE_SNOOZE not in json.dumps(prep.blocks)
    clock.now = due["close_loop"]
    Dispatcher(db, app.client, sleep=lambda _: None).dispatch_due(due["close_loop"])
    close_loop = _channel_messages(slack)[-1]
    assert "Close the loop" in json.dumps(close_loop.blocks)
    with db.session() as session:
        close_loop_id = session.scalar(select(Nudge.id).where(Nudge.kind == "close_loop"))
    driver.click(ALICE, ids.NUDGE_SNOOZE, message=close_loop, option=f"{close_loop_id}:3")
    listeners.settle()
    redrawn = next(m for m in slack.messages(channel=CHANNEL) if m.ts == close_loop.ts)
    assert ":zzz: Snoozed until Thu Dec 17" in json.dumps(redrawn.blocks)


def test_a_new_cohort_starts_in_its_first_coachs_zone(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    modal = _open_cohort_settings(driver, slack)
    [zone_block] = [b for b in modal["blocks"] if b.get("block_id") == BLOCK[CohortField.TIMEZONE]]
    assert zone_block["label"]["text"] == "The cohort's time zone"
    assert zone_block["element"]["initial_option"]["value"] == "America/New_York"
    assert driver.submit(COACH, modal, {}).errors == {}
    listeners.settle()
    [summary] = slack.messages(channel=dm_channel(COACH))
    assert "cohort zone America/New_York" in json.dumps(summary.blocks)


def _channel_messages(slack: SlackStandIn) -> list[Message]:
    return [m for m in slack.messages(channel=CHANNEL) if m.via == "chat.postMessage"]


# --- §4: clear reminders at the "company" privacy level ---------------------------------


def _ask_and_mark_sent(driver: SlackDriver, slack: SlackStandIn, name: str, company: str) -> None:
    opened = len(slack.calls_to("views.open"))
    posted = len(slack.calls_to("chat.postMessage"))
    driver.command(ALICE, "/ask-draft", name)
    slack.wait_for("views.open", opened + 1)
    driver.submit(ALICE, slack.top_modal(ALICE), ANSWERS | {ASK[AskField.NEW_COMPANY]: company})
    slack.wait_for("chat.postMessage", posted + 1)
    draft = slack.messages(channel=dm_channel(ALICE))[-1]
    updated = len(slack.calls_to("chat.update"))
    driver.click(ALICE, ids.DRAFT_MARK_SENT, message=draft)
    slack.wait_for("chat.update", updated + 1)


def test_two_contacts_at_one_company_read_apart_without_names(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app: App, listeners: TrackingExecutor
) -> None:
    _ask_and_mark_sent(driver, slack, "Jane Doe", "Acme")
    _ask_and_mark_sent(driver, slack, "Bob Lee", "ACME")  # the second person there
    listeners.settle()
    with db.session() as session:
        get_cohort(session=session, team_id=TEAM).nudge_channel_id = CHANNEL
        # Bob was the second person: no "reach a second person" for him, and Jane's is done.
        states = dict(
            session.execute(
                select(Contact.name, Nudge.state)
                .join(Contact, Contact.id == Nudge.contact_id)
                .where(Nudge.kind == "second_contact")
            ).all()
        )
    assert states == {"Jane Doe": "done"}

    # Seven business days later (Thanksgiving off) both follow-ups are due, told apart
    # without a name.
    Dispatcher(db, app.client, sleep=lambda _: None).dispatch_due(
        datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    )
    shown = " ".join(json.dumps(m.blocks) for m in _channel_messages(slack))
    assert "follow-up #1 to your first contact at *Acme*" in shown
    assert "follow-up #1 to your second contact at *ACME*" in shown
    assert "Jane" not in shown and "Bob" not in shown
    assert "Reach a second person" not in shown


# --- §5: dead ends ----------------------------------------------------------------------


def test_close_the_loop_and_keep_in_touch_come_with_checked_drafts(
    driver: SlackDriver,
    slack: SlackStandIn,
    db: Database,
    app: App,
    clock: SimulatedClock,
    listeners: TrackingExecutor,
) -> None:
    _log_contact(driver, slack, "Jane Doe", "Acme")
    _save_meeting(driver, slack, "Jane", WEDNESDAY - timedelta(hours=3))
    driver.click(ALICE, ids.MEETING_WRITE_NOTES, view=slack.top_modal(ALICE))
    listeners.settle()
    driver.submit(
        ALICE, slack.top_modal(ALICE), {ids.NOTE_BLOCKS["advice"]: "Talk to the ops team first"}
    )
    listeners.settle()
    with db.session() as session:
        get_cohort(session=session, team_id=TEAM).nudge_channel_id = CHANNEL
        due = dict(session.execute(select(Nudge.kind, Nudge.due_at)).all())
    for kind, label, says in (
        ("close_loop", "Draft the update", "close the loop on our conversation on November 25."),
        ("keep_in_touch", "Draft a hello", "since we spoke on November 25, 2026,"),
    ):
        clock.now = due[kind]
        Dispatcher(db, app.client, sleep=lambda _: None).dispatch_due(due[kind])
        reminder = _channel_messages(slack)[-1]
        driver.click(ALICE, ids.NUDGE_OPEN, message=reminder, value=_button_value(reminder, label))
        listeners.settle()
        draft = json.dumps(slack.messages(channel=dm_channel(ALICE))[-1].blocks)
        assert says in draft, kind
        assert "*No job talk:* Nothing reads as asking for a job." in draft
        assert "*Length:*" in draft and "[one line on" in draft
    assert "You suggested this: \\u201cTalk to the ops team first.\\u201d" in json.dumps(
        [m.blocks for m in slack.messages(channel=dm_channel(ALICE))]
    )


def test_a_follow_up_draft_says_what_mark_as_sent_does_there(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app: App, listeners: TrackingExecutor
) -> None:
    _ask_and_mark_sent(driver, slack, "Jane Doe", "Acme")
    with db.session() as session:
        get_cohort(session=session, team_id=TEAM).nudge_channel_id = CHANNEL
    Dispatcher(db, app.client, sleep=lambda _: None).dispatch_due(
        datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    )
    reminder = _channel_messages(slack)[-1]
    posted = len(slack.calls_to("chat.postMessage"))
    driver.click(
        ALICE,
        ids.NUDGE_OPEN,
        message=reminder,
        value=_button_value(reminder, "Draft the follow-up"),
    )
    slack.wait_for("chat.postMessage", posted + 1)
    follow_up = json.dumps(slack.messages(channel=dm_channel(ALICE))[-1].blocks)
    assert "follow-up #1" in follow_up
    assert "settle this follow-up reminder" in follow_up
    assert "start the follow-up clock" not in follow_up


def test_network_help_and_the_manifest_name_every_word(
    driver: SlackDriver, listeners: TrackingExecutor
) -> None:
    help_text = json.dumps(driver.command(ALICE, "/network", "help").json())
    for word in ("`who <company>`", "`export`", "`import`", "`forget`"):
        assert word in help_text
    manifest = yaml.safe_load((Path(__file__).parents[2] / "manifest.yml").read_text())
    [network] = [c for c in manifest["features"]["slash_commands"] if c["command"] == "/network"]
    for word in ("who", "export", "import", "forget"):
        assert word in network["usage_hint"]


def parked_after_an_ask(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app: App, name: str
) -> Message:
    """Ask `name` and let the follow-up clock run out: the parked notice in the channel."""
    _ask_and_mark_sent(driver, slack, name, "Acme")
    with db.session() as session:
        get_cohort(session=session, team_id=TEAM).nudge_channel_id = CHANNEL
        parked_at = session.scalar(select(Nudge.due_at).where(Nudge.kind == "park"))
    Dispatcher(db, app.client, sleep=lambda _: None).dispatch_due(parked_at)
    return _channel_messages(slack)[-1]


def test_a_parked_contact_is_revived_from_its_notice(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app: App, listeners: TrackingExecutor
) -> None:
    notice = parked_after_an_ask(driver, slack, db, app, "Jane Doe")
    assert "parked for now" in json.dumps(notice.blocks)
    with db.session() as session:
        assert session.scalar(select(Contact.parked_at)) is not None
    opened = len(slack.calls_to("views.open"))
    driver.click(
        ALICE, ids.NUDGE_OPEN, message=notice, value=_button_value(notice, "Revive and ask again")
    )
    slack.wait_for("views.open", opened + 1)
    form = slack.top_modal(ALICE)
    assert form["callback_id"] == ids.ASK_MODAL and "Jane Doe" in json.dumps(form["blocks"])
    listeners.settle()
    with db.session() as session:
        assert session.scalar(select(Contact.parked_at)) is None
        assert session.scalar(select(Nudge.state).where(Nudge.kind == "park")) == "done"
