"""The authorization matrix: every request a member (or the coach) sends on a journey through
every surface is first replayed as another member, and as the same user id from another
workspace. Each replay must change no one else's rows, touch no one else's Slack surfaces
and show nobody data that was not already in the forged request.

The ids to cover are read from the app itself, so a new command, action, view or event that
no journey step exercises fails this test until one does."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlencode

import pytest
from slack_bolt import App
from sqlalchemy import delete, select, update

from slackbot.blocks import ids
from slackbot.blocks.your_data import CONFIRMED
from slackbot.db import Base, Database
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import Answer, SlackDriver, sign
from slackbot.devtools.executor import TrackingExecutor
from slackbot.devtools.slack_standin import Message, SlackStandIn, dm_channel
from slackbot.domain.ask_form import AskField
from slackbot.domain.cohort_settings import CohortField
from slackbot.domain.contacts import ContactField
from slackbot.domain.meetings import MeetingField
from slackbot.models import Cohort, Contact, Meeting, Member, Nudge, TargetCompany, TargetTitle
from slackbot.nudges.dispatcher import Dispatcher
from tests.conftest import ALICE, BOB, SIGNING_SECRET, TEAM

OTHER_TEAM = "T0ELSEWHERE"
COACH = "UCOACH"
QUIET = "UQUIET"  # a member who has logged nothing: the coach checks in
CHANNEL = "C0COHORT"
START = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)  # a Wednesday
# What only Alice typed: none of it may reach anyone else.
CANARIES = (
    "Zelda Quill",
    "Acme Zephyr",
    "canary-contact-note",
    "Quentin Marsh",
    "Initrode Canary",
    "canary-insight",
    "Wanda Referral",
    "canary-edited-body",
    "Yara Imported",
)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(START)


def registered_ids(app: App) -> set[str]:
    """Every command, action, view, options and event id the app listens for."""
    found = set()
    for listener in app._listeners:
        for matcher in listener.matchers:
            function = getattr(matcher, "func", None)
            for cell in getattr(function, "__closure__", None) or ():
                if isinstance(cell.cell_contents, str):
                    found.add(cell.cell_contents)
    return found


def request_id(body: bytes) -> tuple[str, dict[str, Any]]:
    """What a request is about (command, action_id, callback_id, event type) and its data."""
    if body.startswith(b"{"):
        envelope = json.loads(body)
        return envelope["event"]["type"], envelope
    form = dict(parse_qsl(body.decode(), keep_blank_values=True))
    if "payload" not in form:
        return form["command"], form
    payload = json.loads(form["payload"])
    kind = payload["type"]
    if kind == "block_actions":
        return payload["actions"][0]["action_id"], payload
    if kind == "block_suggestion":
        return payload["action_id"], payload
    return payload["view"]["callback_id"], payload


@dataclass(frozen=True)
class Disguise:
    team_id: str
    user_id: str


@dataclass
class Intruders:
    """Wraps the driver's transport: each request from a victim is first sent disguised."""

    driver: SlackDriver
    slack: SlackStandIn
    db: Database
    listeners: TrackingExecutor
    victims: tuple[str, ...] = (ALICE, COACH)
    covered: set[str] = field(default_factory=set)
    replays: int = 0
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.real = self.driver.transport
        self.driver.transport = self.send
        self.event_numbers: Iterator[int] = iter(range(1, 10**6))

    def send(self, body: bytes, headers: dict[str, str]) -> Answer:
        what, data = request_id(body)
        user = _user_of(data)
        if user in self.victims:
            self.covered.add(what)
            for disguise in (Disguise(TEAM, BOB), Disguise(OTHER_TEAM, user)):
                self._replay(what, body, headers, user, disguise)
        return self.real(body, headers)

    def _replay(
        self, what: str, body: bytes, headers: dict[str, str], victim: str, disguise: Disguise
    ) -> None:
        forged = self._disguised(body, disguise)
        before_rows = self._rows_of_others(disguise)
        calls_before = len(self.slack.calls)
        answer = self.real(forged, {**headers, **sign(SIGNING_SECRET, forged)})
        self.listeners.settle()
        self.replays += 1
        where = f"{what} as {disguise}"
        if answer.status >= 500:
            self.problems.append(f"{where}: HTTP {answer.status}")
        if self._rows_of_others(disguise) != before_rows:
            self.problems.append(f"{where}: changed someone else's rows")
        text = unquote_plus(forged.decode())
        hidden = [c for c in CANARIES if c not in text and json.dumps(c)[1:-1] not in text]
        shown = [
            json.dumps(call.args)
            for call in self.slack.calls[calls_before:]
            if not _touches(call.method, call.args, ALICE, self.slack, set())
        ]  # Alice's own data, shown to Alice, is no leak (a classmate's intro request)
        shown.append(answer.body.decode(errors="replace"))
        for canary in hidden:
            if any(canary in s for s in shown):
                self.problems.append(f"{where}: revealed {canary!r}")
        view = _payload(forged).get("view") or {}
        views = {view.get(key) for key in ("id", "previous_view_id", "root_view_id")} - {None}
        self._forget(disguise)
        if disguise.team_id == TEAM:
            for call in self.slack.calls[calls_before:]:
                if _touches(call.method, call.args, victim, self.slack, views):
                    self.problems.append(f"{where}: {call.method} reached {victim}'s surfaces")

    def _disguised(self, body: bytes, disguise: Disguise) -> bytes:
        trigger = self.slack.issue_trigger_id(disguise.user_id)
        if body.startswith(b"{"):
            envelope = json.loads(body)
            envelope["team_id"] = disguise.team_id
            envelope["event"]["user"] = disguise.user_id
            envelope["event_id"] = f"EvForged{next(self.event_numbers):06d}"
            return json.dumps(envelope).encode()
        form = dict(parse_qsl(body.decode(), keep_blank_values=True))
        if "payload" not in form:
            form |= {
                "team_id": disguise.team_id,
                "user_id": disguise.user_id,
                "trigger_id": trigger,
                "response_url": self.slack.issue_response_url(disguise.user_id, form["channel_id"]),
            }
            return urlencode(form).encode()
        payload = json.loads(form["payload"])
        payload["user"] = {**payload["user"], "id": disguise.user_id, "team_id": disguise.team_id}
        payload["team"] = {**payload.get("team", {}), "id": disguise.team_id}
        if "trigger_id" in payload:
            payload["trigger_id"] = trigger
        if "response_url" in payload:
            channel = payload.get("channel", {}).get("id", CHANNEL)
            payload["response_url"] = self.slack.issue_response_url(disguise.user_id, channel)
        return urlencode({"payload": json.dumps(payload)}).encode()

    def _forget(self, disguise: Disguise) -> None:
        """Undo what the forged request legitimately made for its sender (a contact of their
        own, say), so the next replay finds them with nothing and the canaries stay Alice's."""
        with self.db.session() as session:
            members = select(Member.id).where(Member.team_id == disguise.team_id)
            if disguise.team_id == TEAM:
                members = members.where(Member.user_id == disguise.user_id)
            for table in reversed(Base.metadata.sorted_tables):
                if "member_id" in table.c:
                    session.execute(table.delete().where(table.c.member_id.in_(members)))
            session.execute(delete(Member).where(Member.id.in_(members)))
            if disguise.team_id != TEAM:
                session.execute(delete(Cohort).where(Cohort.team_id == disguise.team_id))

    def _rows_of_others(self, disguise: Disguise) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, but the disguised identity's own, event receipts, and
        the record of messages the bot posted (an allowed DM to a classmate, such as an
        intro request, is recorded as the recipient's so their forget-me deletes it)."""
        rows = {}
        with self.db.session() as session:
            owners = {m.id: (m.team_id, m.user_id) for m in session.scalars(select(Member))}
            for table in Base.metadata.sorted_tables:
                if table.name in ("processed_events", "posted_messages"):
                    continue
                kept = []
                for row in session.execute(select(table)).mappings():
                    owner = owners.get(row["member_id"]) if "member_id" in row else None
                    if not _belongs_to(dict(row), owner, disguise):
                        kept.append(tuple(sorted((k, repr(v)) for k, v in row.items())))
                rows[table.name] = sorted(kept)
        return rows


def _belongs_to(row: dict[str, Any], owner: tuple[str, str] | None, disguise: Disguise) -> bool:
    team, user = owner or (row.get("team_id"), row.get("user_id"))
    if team != disguise.team_id:
        return False
    if owner or "user_id" in row:
        return user == disguise.user_id
    return disguise.team_id != TEAM  # the other workspace's own settings row


def _alices(model: Any) -> Any:
    return (
        select(model.id)
        .join(Member, Member.id == model.member_id)
        .where(Member.team_id == TEAM, Member.user_id == ALICE)
    )


def _payload(body: bytes) -> dict[str, Any]:
    form = dict(parse_qsl(body.decode(), keep_blank_values=True))
    return json.loads(form["payload"]) if "payload" in form else {}


def _user_of(data: dict[str, Any]) -> str | None:
    if "event" in data:
        return data["event"].get("user")
    if "user_id" in data:
        return data["user_id"]
    return (data.get("user") or {}).get("id")


def _touches(
    method: str, args: dict[str, Any], victim: str, slack: SlackStandIn, forged_views: set[str]
) -> bool:
    """Would this Web API call change what `victim` sees?"""
    if method == "views.publish":
        return args.get("user_id") == victim
    if method == "views.update" and args.get("view_id") not in forged_views:
        # Slack delivers a view's actions only from the person viewing it, so redrawing the
        # views named in the request reaches its sender; no other view of theirs may move.
        theirs = {v["id"] for v in slack.modal_stack(victim)} | {
            (slack.home(victim) or {}).get("id")
        }
        return args.get("view_id") in theirs
    if method in ("chat.update", "chat.delete", "chat.postMessage", "chat.postEphemeral"):
        return args.get("channel") in (dm_channel(victim), victim) or args.get("user") == victim
    return False


def _last_modal(slack: SlackStandIn, user: str) -> dict[str, Any]:
    modal = slack.top_modal(user)
    assert modal is not None, f"{user} has no modal open"
    return modal


def _dm(slack: SlackStandIn, user: str) -> list[Message]:
    return slack.messages(channel=dm_channel(user))


def _shown_to(slack: SlackStandIn, user: str) -> Message:
    """The last message only `user` sees (an ephemeral answer)."""
    return [m for m in slack.messages(channel=CHANNEL) if m.user == user][-1]


def _with(messages: list[Message], action_id: str) -> Message:
    return [m for m in messages if action_id in json.dumps(m.blocks)][-1]


def _posted_in_channel(slack: SlackStandIn) -> list[Message]:
    return [m for m in slack.messages(channel=CHANNEL) if m.via == "chat.postMessage"]


def test_every_request_replayed_as_someone_else_is_refused(
    app: App,
    driver: SlackDriver,
    slack: SlackStandIn,
    db: Database,
    clock: SimulatedClock,
    listeners: TrackingExecutor,
) -> None:
    slack.add_user(COACH, "Casey Coach", tz="America/New_York", is_admin=True)
    intruders = Intruders(driver, slack, db, listeners)

    def settle() -> None:
        listeners.settle()

    def dispatch(at: datetime) -> None:
        clock.now = at
        Dispatcher(db, app.client, sleep=lambda _: None).dispatch_due(at)

    # The coach sets the cohort up (coach-only: Bob must be refused).
    driver.command(COACH, "/cohort")
    settle()
    cohort_form = _last_modal(slack, COACH)
    zone_block = ids.COHORT_BLOCKS[CohortField.TIMEZONE]
    driver.search(
        COACH, cohort_form, block_id=zone_block, action_id=ids.COHORT_TIMEZONE_SEARCH, query="Par"
    )
    assert (
        driver.submit(
            COACH,
            cohort_form,
            {
                ids.COHORT_BLOCKS[CohortField.CHANNEL]: CHANNEL,
                ids.COHORT_BLOCKS[CohortField.PRIVACY]: "minimal",
            },
        ).errors
        == {}
    )
    settle()

    # Alice: App Home, contacts, targets.
    driver.open_home(ALICE)
    settle()
    driver.click(ALICE, ids.HOME_ADD_CONTACT, view=slack.home(ALICE))
    settle()
    contact = ids.CONTACT_BLOCKS
    driver.submit(
        ALICE,
        _last_modal(slack, ALICE),
        {
            contact[ContactField.NAME]: "Zelda Quill",
            contact[ContactField.COMPANY]: "Acme Zephyr",
            contact[ContactField.NOTES]: "canary-contact-note",
        },
    )
    settle()
    driver.click(ALICE, ids.CONTACT_ADD_ANOTHER, view=_last_modal(slack, ALICE))
    settle()
    driver.command(ALICE, "/contact", "Quentin Marsh")
    settle()
    driver.submit(ALICE, _last_modal(slack, ALICE), {contact[ContactField.COMPANY]: "Acme Zephyr"})
    settle()

    driver.click(ALICE, ids.HOME_OPEN_TARGETS, view=slack.home(ALICE))
    settle()
    for company, motivation in (
        ("Initrode Canary", "4"),
        ("Acme Zephyr", "3"),
        ("Umbrella Works", "3"),
    ):
        driver.command(ALICE, "/targets")
        settle()
        driver.click(ALICE, ids.TARGETS_ADD_COMPANY, view=_last_modal(slack, ALICE))
        settle()
        driver.submit(
            ALICE,
            _last_modal(slack, ALICE),
            {ids.COMPANY_NAME: company, ids.COMPANY_MOTIVATION: motivation},
        )
        settle()
    with db.session() as session:
        company_id = session.scalar(
            _alices(TargetCompany).where(TargetCompany.name == "Initrode Canary")
        )
    driver.click(
        ALICE,
        ids.TARGETS_COMPANY_MENU,
        view=_last_modal(slack, ALICE),
        option=f"{ids.EDIT}:{company_id}",
    )
    settle()
    driver.submit(ALICE, _last_modal(slack, ALICE), {ids.COMPANY_POSTING: ["posting"]})
    settle()
    driver.click(ALICE, ids.TARGETS_ADD_TITLE, view=_last_modal(slack, ALICE))
    settle()
    driver.submit(ALICE, _last_modal(slack, ALICE), {ids.JOB_TITLE: "Researcher"})
    settle()
    with db.session() as session:
        title_id = session.scalar(_alices(TargetTitle))
    driver.click(
        ALICE, ids.TARGETS_REMOVE_TITLE, view=_last_modal(slack, ALICE), value=str(title_id)
    )
    settle()

    # Alice's next best asks: her contact at Acme Zephyr, the coach's intro at Initrode
    # Canary, and someone to find at Umbrella Works.
    driver.command(COACH, "/contact", "Ivy Insider")
    settle()
    driver.submit(
        COACH, _last_modal(slack, COACH), {contact[ContactField.COMPANY]: "Initrode Canary"}
    )
    settle()
    driver.open_home(COACH)
    settle()
    driver.click(COACH, ids.HOME_INTROS, view=slack.home(COACH), value="on")
    settle()
    driver.open_home(ALICE)
    settle()
    for step in (ids.NEXT_ASK_DRAFT, ids.NEXT_ASK_INTRO, ids.NEXT_ASK_SEARCH):
        driver.click(ALICE, step, view=slack.home(ALICE))
        settle()

    # Alice's contact pages: from App Home (edit, the next message), /contact with a name
    # that fits several contacts, a parked contact revived.
    with db.session() as session:
        zelda = session.scalar(_alices(Contact).where(Contact.name == "Zelda Quill"))
    driver.click(ALICE, ids.CONTACT_OPEN, view=slack.home(ALICE), value=str(zelda))
    settle()
    driver.click(ALICE, ids.CONTACT_EDIT, view=_last_modal(slack, ALICE))
    settle()
    driver.submit(ALICE, _last_modal(slack, ALICE), {contact[ContactField.TITLE]: "Researcher"})
    settle()
    driver.click(ALICE, ids.CONTACT_DRAFT_NEXT, view=_last_modal(slack, ALICE))
    settle()
    driver.command(ALICE, "/contact", "u")  # Zelda Quill and Quentin Marsh
    settle()
    driver.click(ALICE, ids.CONTACT_LOG_NEW, message=slack.messages(user=ALICE)[-1])
    settle()
    with db.session() as session:
        session.execute(update(Contact).where(Contact.id == zelda).values(parked_at=clock.now))
    driver.command(ALICE, "/contact", "Zelda Quill")
    settle()
    driver.click(ALICE, ids.CONTACT_REVIVE, view=_last_modal(slack, ALICE))
    settle()

    # Alice drafts an ask, edits it, asks for another version, sends it.
    driver.command(ALICE, "/ask-draft", "Zelda")
    settle()
    ask_form = _last_modal(slack, ALICE)
    driver.search(
        ALICE,
        ask_form,
        block_id=ids.ASK_BLOCKS[AskField.CONTACT],
        action_id=ids.CONTACT_SEARCH,
        query="Zel",
    )
    driver.submit(
        ALICE,
        ask_form,
        {
            ids.ASK_BLOCKS[AskField.WHO_I_AM]: "a data analyst moving into UX research",
            ids.ASK_BLOCKS[AskField.INTEREST_NARROW]: "how your team runs usability studies",
            ids.ASK_BLOCKS[AskField.INTEREST_BROAD]: "UX research",
        },
    )
    settle()
    driver.click(ALICE, ids.DRAFT_EDIT, message=_dm(slack, ALICE)[-1])
    settle()
    editor = _last_modal(slack, ALICE)
    body = next(b for b in editor["blocks"] if b.get("block_id") == ids.EDIT_BODY)
    edited = body["element"]["initial_value"] + "\ncanary-edited-body"
    driver.submit(ALICE, editor, {ids.EDIT_BODY: edited})
    settle()
    driver.click(ALICE, ids.DRAFT_ANOTHER, message=_dm(slack, ALICE)[-1])
    settle()
    driver.click(ALICE, ids.DRAFT_MARK_SENT, message=_dm(slack, ALICE)[-1])
    settle()

    # Days pass: nudges in the channel, each acted on.
    dispatch(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))  # Monday 09:00 in Paris
    nudge = _posted_in_channel(slack)[-1]
    driver.click(ALICE, ids.NUDGE_SHOW, message=nudge)
    settle()
    driver.command(COACH, "/cohort")  # from now on the nudges name the company
    settle()
    driver.submit(
        COACH, _last_modal(slack, COACH), {ids.COHORT_BLOCKS[CohortField.PRIVACY]: "company"}
    )
    settle()
    with db.session() as session:
        first = session.scalar(_alices(Nudge).where(Nudge.kind == "second_contact"))
    dispatch(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # nothing new: the same nudge stays
    driver.click(ALICE, ids.NUDGE_SNOOZE, message=_shown_to(slack, ALICE), option=f"{first}:1")
    settle()
    dispatch(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    driver.click(ALICE, ids.NUDGE_DONE, message=_posted_in_channel(slack)[-1])
    settle()
    dispatch(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))  # the first follow-up
    driver.click(ALICE, ids.NUDGE_CONTACT, message=_posted_in_channel(slack)[-1])
    settle()
    driver.click(ALICE, ids.NUDGE_OPEN, message=_posted_in_channel(slack)[-1])
    settle()
    driver.click(ALICE, ids.DRAFT_REPLIED, message=_with(_dm(slack, ALICE), ids.DRAFT_REPLIED))
    settle()
    driver.click(ALICE, ids.NUDGE_REPLIED, message=_posted_in_channel(slack)[-1])
    settle()

    # Meetings: one ahead (prep, reschedule, cancel), one just held (notes, thank-you).
    meeting = ids.MEETING_BLOCKS
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    driver.command(ALICE, "/meeting", "Zelda")
    settle()
    ahead = clock.now + timedelta(days=2)
    driver.submit(
        ALICE, _last_modal(slack, ALICE), {meeting[MeetingField.START]: int(ahead.timestamp())}
    )
    settle()
    for link in (ids.CALENDAR_GOOGLE, ids.CALENDAR_OUTLOOK):
        driver.click(ALICE, link, view=_last_modal(slack, ALICE))
        settle()
    dispatch(ahead - timedelta(hours=24))  # the prep reminder
    driver.click(ALICE, ids.NUDGE_OPEN, message=_posted_in_channel(slack)[-1])  # the prep pack
    settle()
    pack = _with(slack.messages(), ids.MEETING_PREP_DONE)
    driver.click(ALICE, ids.MEETING_PREP_DONE, message=pack)
    settle()
    with db.session() as session:
        ahead_id = session.scalar(_alices(Meeting))
    driver.open_home(ALICE)
    settle()
    driver.click(
        ALICE,
        ids.HOME_MEETING_MENU,
        view=slack.home(ALICE),
        option=f"{ids.MEETING_RESCHEDULE}:{ahead_id}",
    )
    settle()
    driver.submit(
        ALICE,
        _last_modal(slack, ALICE),
        {meeting[MeetingField.START]: int((ahead + timedelta(days=1)).timestamp())},
    )
    settle()
    driver.command(ALICE, "/meeting", "Quentin")
    settle()
    driver.submit(
        ALICE,
        _last_modal(slack, ALICE),
        {meeting[MeetingField.START]: int((clock.now - timedelta(hours=2)).timestamp())},
    )
    settle()
    driver.click(ALICE, ids.MEETING_WRITE_NOTES, view=_last_modal(slack, ALICE))
    settle()
    notes_form = _last_modal(slack, ALICE)
    picker = next(b for b in notes_form["blocks"] if b.get("block_id") == ids.NOTES_MEETING)
    chosen = picker["element"]["initial_option"]["value"]
    driver.click(ALICE, ids.NOTES_PICK, view=notes_form, option=chosen)
    settle()
    driver.submit(
        ALICE,
        _last_modal(slack, ALICE),
        {
            ids.NOTE_BLOCKS["insights"]: "canary-insight about research ops",
            ids.NOTES_REFERRALS: "Wanda Referral, Acme Zephyr, Research lead",
        },
    )
    settle()
    driver.click(ALICE, ids.MEETING_THANKED, view=_last_modal(slack, ALICE))
    settle()
    with db.session() as session:
        quentin = session.scalar(_alices(Contact).where(Contact.name == "Quentin Marsh"))
    driver.open_home(ALICE)
    settle()
    driver.click(ALICE, ids.CONTACT_OPEN, view=slack.home(ALICE), value=str(quentin))
    settle()
    driver.click(ALICE, ids.CONTACT_DRAFT_NEXT, view=_last_modal(slack, ALICE))  # close the loop
    settle()
    closing = _with(_dm(slack, ALICE), ids.MEETING_LOOP_CLOSED)
    driver.click(ALICE, ids.MEETING_LOOP_CLOSED, message=closing)
    settle()
    driver.command(ALICE, "/meeting-notes")
    settle()
    driver.command(ALICE, "/network")
    settle()
    driver.click(
        ALICE,
        ids.HOME_MEETING_MENU,
        view=slack.home(ALICE),
        option=f"{ids.MEETING_CANCEL}:{ahead_id}",
    )
    settle()

    # Alice's weekly goals, digest and intro choices; the coach's goals, a check-in for a
    # quiet member, and an intro to Alice's company.
    driver.open_home(ALICE)
    settle()
    driver.click(ALICE, ids.HOME_SET_GOALS, view=slack.home(ALICE))
    settle()
    driver.submit(ALICE, _last_modal(slack, ALICE), {ids.GOAL_ASKS: "5", ids.GOAL_MEETINGS: "2"})
    settle()
    driver.click(ALICE, ids.HOME_LEADERBOARD, view=slack.home(ALICE), value="on")
    settle()
    driver.click(ALICE, ids.HOME_INTROS, view=slack.home(ALICE), value="on")
    settle()
    slack.add_user(QUIET, "Quinn Quiet", tz="UTC")
    driver.open_home(QUIET)
    settle()
    driver.open_home(COACH)
    settle()
    driver.click(COACH, ids.HOME_COHORT_GOALS, view=slack.home(COACH))
    settle()
    driver.submit(COACH, _last_modal(slack, COACH), {ids.GOAL_ASKS: "4", ids.GOAL_MEETINGS: "1"})
    settle()
    driver.click(COACH, ids.COACH_CHECK_IN, view=slack.home(COACH), value=QUIET)
    settle()
    driver.command(COACH, "/network", "who Acme Zephyr")
    settle()
    driver.click(COACH, ids.INTRO_ASK, message=slack.messages(user=COACH)[-1])
    settle()
    driver.click(ALICE, ids.INTRO_DECLINE, message=_with(_dm(slack, ALICE), ids.INTRO_DECLINE))
    settle()
    driver.command(COACH, "/network", "who Acme Zephyr")
    settle()
    driver.click(COACH, ids.INTRO_ASK, message=slack.messages(user=COACH)[-1])
    settle()
    driver.click(ALICE, ids.INTRO_ACCEPT, message=_with(_dm(slack, ALICE), ids.INTRO_ACCEPT))
    settle()

    # Alice brings contacts in from a CSV, then asks Parachute to forget her.
    driver.command(ALICE, "/network", "import")
    settle()
    picked = slack.upload_file(ALICE, "people.csv", b"Name,Company\nYara Imported,Acme Zephyr\n")
    driver.submit(ALICE, _last_modal(slack, ALICE), {ids.IMPORT_FILE: [picked]})
    settle()
    driver.command(ALICE, "/network", "forget")
    settle()
    driver.submit(ALICE, _last_modal(slack, ALICE), {ids.FORGET_CONFIRM: [CONFIRMED]})
    settle()

    assert intruders.problems == [], "\n".join(intruders.problems)
    missing = registered_ids(app) - intruders.covered
    assert not missing, f"no journey step sends {sorted(missing)}: add one to this test"
    assert intruders.replays >= 2 * len(registered_ids(app))
