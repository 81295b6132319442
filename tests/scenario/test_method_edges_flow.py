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
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn, dm_channel
from slackbot.domain.cohort_settings import CohortField
from slackbot.domain.meetings import MeetingField
from slackbot.models import Contact, Meeting, Nudge
from tests.conftest import ALICE, COACH, TrackingExecutor
from tests.scenario.journeys import (
    CHANNEL,
    button_value,
    channel_posts,
    dispatch_nudges,
    draft_ask,
    form_answers,
    home_seen,
    meeting_in_app_home,
    meeting_with,
    notes_form,
    nudge_id,
    parked_after_an_ask,
    reschedule_form,
    send_ask,
    set_nudge_channel,
    time_passes,
    write_notes,
)

BLOCK = ids.COHORT_BLOCKS
MEETING = ids.MEETING_BLOCKS


@pytest.mark.usefixtures("coach")
def test_no_cohort_setting_switches_the_method_off(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    modal = driver.open_modal(COACH, "/cohort")
    answer = driver.submit(
        COACH,
        modal,
        form_answers(
            BLOCK, max_follow_ups="0", quiet_start="08:00", quiet_end="08:00", country="ZZ"
        ),
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

    settings = form_answers(
        BLOCK,
        channel=CHANNEL,
        max_follow_ups="1",
        country="gb",
        quiet_start="21:30",
        quiet_end="07:00",
    )
    assert driver.submit(COACH, modal, settings).errors == {}
    listeners.settle()
    [summary] = slack.messages(channel=dm_channel(COACH))
    assert "Cohort settings saved" in summary.text
    shown = json.dumps(summary.blocks)
    assert f"<#{CHANNEL}>" in shown and "GB public holidays" in shown
    assert "parked after 1 follow-up." in shown and "Quiet hours 21:30\\u201307:00" in shown


@pytest.mark.usefixtures("coach")
def test_a_cohort_goal_of_no_asks_is_refused(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    driver.open_home(COACH)
    slack.wait_for("views.publish")
    form = driver.click_open_modal(COACH, ids.HOME_COHORT_GOALS, view=slack.home(COACH))
    answer = driver.submit(COACH, form, {ids.GOAL_ASKS: "0", ids.GOAL_MEETINGS: "0"})
    assert set(answer.errors) == {ids.GOAL_ASKS}
    assert "at least 1 ask a week" in answer.errors[ids.GOAL_ASKS]
    assert driver.submit(COACH, form, {ids.GOAL_ASKS: "1", ids.GOAL_MEETINGS: "0"}).errors == {}


# --- §2: a meeting that already happened -------------------------------------------------

WEDNESDAY = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(WEDNESDAY)


def test_a_meeting_logged_days_later_plans_what_is_ahead_not_a_pile(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app: App, listeners: TrackingExecutor
) -> None:
    met = WEDNESDAY - timedelta(days=6)  # last Thursday
    assert meeting_with(driver, ALICE, met).errors == {}
    listeners.settle()
    set_nudge_channel(db)
    dispatch_nudges(app, db, WEDNESDAY + timedelta(hours=1))
    [message] = channel_posts(slack)
    post = json.dumps(message.blocks)
    assert "Write down what you learned" in post and "thank-you today" in post
    assert "Close the loop" not in post and "been a while" not in post
    with db.session() as session:
        waiting = dict(
            session.execute(select(Nudge.kind, Nudge.due_at).where(Nudge.state == "pending")).all()
        )
    assert set(waiting) == {"close_loop", "keep_in_touch"}
    assert all(due > WEDNESDAY for due in waiting.values())

    # The thank-you draft says when they met, and that late is fine.
    thank_you_id = button_value(message, "Draft the thank-you")
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
    start = WEDNESDAY + timedelta(days=2)
    meeting_id = meeting_in_app_home(driver, listeners, db, ALICE, start)
    form = reschedule_form(driver, ALICE, meeting_id)
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
    draft = draft_ask(
        driver,
        ALICE,
        "Priya Nair",
        new_company="n/a",
        interest_narrow="what to study from you",
        channel="linkedin",
    )
    [text] = [b["text"]["text"] for b in draft.blocks if "```" in str(b.get("text"))]
    assert text.startswith("```Hi Priya, your work caught my attention.")
    assert "n/a" not in text and "your company" not in text
    assert "your take on what to study?" in text and "from you" not in text


@pytest.mark.usefixtures("coach")
def test_counts_read_as_english(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    """One ask sent: "just asked" in App Home, "1 ask sent" for the coach."""
    send_ask(driver, ALICE, "Jane Doe", new_company="Acme")
    listeners.settle()
    home = home_seen(driver, listeners, ALICE)
    assert "just asked" in home and "0 business days" not in home

    driver.command(COACH, "/cohort", "stats")
    listeners.settle()
    stats = json.dumps([m.blocks for m in slack.messages(user=COACH)])
    assert "1 ask sent" in stats and "0 replies" in stats and "0 meetings held" in stats
    assert "1 asks" not in stats


def test_referral_lines_are_read_as_what_they_are(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
) -> None:
    meeting_with(driver, ALICE, WEDNESDAY - timedelta(hours=3))
    notes = notes_form(driver, ALICE)
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
    meeting_with(driver, ALICE, WEDNESDAY - timedelta(days=3), "Bob Lee", company="Acme Robotics")
    write_notes(driver, ALICE, {ids.NOTE_BLOCKS["advice"]: "Learn ROS first"})
    listeners.settle()

    start = WEDNESDAY + timedelta(days=2)
    goal = "Whether there are open roles on the team"
    meeting_with(driver, ALICE, start, company="Acme Robotics", duration="20", goal=goal)
    listeners.settle()
    dispatch_nudges(app, db, start - timedelta(hours=24))
    [nudge] = [
        m
        for m in slack.messages(channel=dm_channel(ALICE))
        if "prep pack is ready" in str(m.blocks)
    ]
    driver.click(ALICE, ids.NUDGE_OPEN, message=nudge, value=button_value(nudge, "Open prep pack"))
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
    # Friday Nov 27, 14:22 in Paris, 15 minutes: it ends at an odd minute before a weekend.
    meeting_with(driver, ALICE, datetime(2026, 11, 27, 13, 22, tzinfo=UTC))
    listeners.settle()
    paris = ZoneInfo("Europe/Paris")
    set_nudge_channel(db)
    with db.session() as session:
        due = dict(session.execute(select(Nudge.kind, Nudge.due_at)).all())
    for kind in ("close_loop", "keep_in_touch"):
        local = due[kind].astimezone(paris)
        assert local.weekday() < 5 and (local.hour, local.minute) == (9, 0), kind
    assert due["close_loop"].astimezone(paris).date() == date(2026, 12, 14)  # Monday

    # The prep pack (tomorrow's meeting) offers no snooze; a snooze says until when.
    dispatch_nudges(app, db, due["prep"])
    [prep] = channel_posts(slack)
    assert "prep pack is ready" in json.dumps(prep.blocks)
    assert ids.NUDGE_SNOOZE not in json.dumps(prep.blocks)
    time_passes(clock, app, db, due["close_loop"])
    close_loop = channel_posts(slack)[-1]
    assert "Close the loop" in json.dumps(close_loop.blocks)
    close_loop_id = nudge_id(db, "close_loop")
    driver.click(ALICE, ids.NUDGE_SNOOZE, message=close_loop, option=f"{close_loop_id}:3")
    listeners.settle()
    redrawn = next(m for m in slack.messages(channel=CHANNEL) if m.ts == close_loop.ts)
    assert ":zzz: Snoozed until Thu Dec 17" in json.dumps(redrawn.blocks)


@pytest.mark.usefixtures("coach")
def test_a_new_cohort_starts_in_its_first_coachs_zone(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    modal = driver.open_modal(COACH, "/cohort")
    [zone_block] = [b for b in modal["blocks"] if b.get("block_id") == BLOCK[CohortField.TIMEZONE]]
    assert zone_block["label"]["text"] == "The cohort's time zone"
    assert zone_block["element"]["initial_option"]["value"] == "America/New_York"
    assert driver.submit(COACH, modal, {}).errors == {}
    listeners.settle()
    [summary] = slack.messages(channel=dm_channel(COACH))
    assert "cohort zone America/New_York" in json.dumps(summary.blocks)


# --- §4: clear reminders at the "company" privacy level ---------------------------------


def test_two_contacts_at_one_company_read_apart_without_names(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app: App, listeners: TrackingExecutor
) -> None:
    send_ask(driver, ALICE, "Jane Doe", new_company="Acme")
    send_ask(driver, ALICE, "Bob Lee", new_company="ACME")  # the second person there
    listeners.settle()
    set_nudge_channel(db)
    with db.session() as session:
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
    dispatch_nudges(app, db, datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    shown = " ".join(json.dumps(m.blocks) for m in channel_posts(slack))
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
    meeting_with(driver, ALICE, WEDNESDAY - timedelta(hours=3))
    write_notes(driver, ALICE, {ids.NOTE_BLOCKS["advice"]: "Talk to the ops team first"})
    listeners.settle()
    set_nudge_channel(db)
    with db.session() as session:
        due = dict(session.execute(select(Nudge.kind, Nudge.due_at)).all())
    for kind, label, says in (
        ("close_loop", "Draft the update", "close the loop on our conversation on November 25."),
        ("keep_in_touch", "Draft a hello", "since we spoke on November 25, 2026,"),
    ):
        time_passes(clock, app, db, due[kind])
        reminder = channel_posts(slack)[-1]
        driver.click(ALICE, ids.NUDGE_OPEN, message=reminder, value=button_value(reminder, label))
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
    send_ask(driver, ALICE, "Jane Doe", new_company="Acme")
    set_nudge_channel(db)
    dispatch_nudges(app, db, datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    reminder = channel_posts(slack)[-1]
    posted = len(slack.calls_to("chat.postMessage"))
    driver.click(
        ALICE,
        ids.NUDGE_OPEN,
        message=reminder,
        value=button_value(reminder, "Draft the follow-up"),
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


def test_a_parked_contact_is_revived_from_its_notice(
    driver: SlackDriver, app: App, db: Database, listeners: TrackingExecutor
) -> None:
    notice = parked_after_an_ask(driver, app, db, ALICE, "Jane Doe")
    assert "parked for now" in json.dumps(notice.blocks)
    with db.session() as session:
        assert session.scalar(select(Contact.parked_at)) is not None
    revive = button_value(notice, "Revive and ask again")
    form = driver.click_open_modal(ALICE, ids.NUDGE_OPEN, message=notice, value=revive)
    assert form["callback_id"] == ids.ASK_MODAL and "Jane Doe" in json.dumps(form["blocks"])
    listeners.settle()
    with db.session() as session:
        assert session.scalar(select(Contact.parked_at)) is None
        assert session.scalar(select(Nudge.state).where(Nudge.kind == "park")) == "done"
