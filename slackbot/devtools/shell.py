"""`slackbot shell`: the real app in a terminal, against the Slack stand-in, no workspace.

Commands are typed as in Slack; modals become forms asked field by field; messages print
as text with numbered buttons. Requests go through the app's real signed dispatch."""

from __future__ import annotations

import contextlib
import re
import secrets
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import update

from slackbot.app import build_app
from slackbot.db import Database
from slackbot.db.migrate import upgrade_engine_to_head
from slackbot.deps import Deps
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import ClientRejected, SlackDriver, dispatch_transport, form_state
from slackbot.devtools.executor import TrackingExecutor
from slackbot.devtools.render import Clickable, Renderer
from slackbot.devtools.slack_standin import Message, SlackStandIn, dm_channel
from slackbot.domain.calendar import zone
from slackbot.models import Member
from slackbot.nudges.dispatcher import Dispatcher
from slackbot.services.cohorts import get_cohort
from slackbot.settings import Settings

TEAM = "T0SHELL"
CHANNEL = "C0COHORT"
CHANNEL_NAME = "cohort"
SHELL_TZ = "America/New_York"
IN_MEMORY = ("sqlite://", "sqlite:///:memory:")

HELP = """\
Type what you would type in Slack:
  /contact Jane Doe   /ask-draft Jane   /targets   /meeting Jane   /meeting-notes
  /network            /cohort (coaches)
And these:
  :click N            press button N (or pick from menu N) of the last thing shown
  :home               show your App Home tab
  :as NAME            become another member (created on first use)
  :coach              make the current member a coach (a workspace admin)
  :time +3d | +4h | 2026-12-01 09:00
                      move the clock forward and post the nudges that fall due
  :help   :quit
In a form, press Enter to keep the value shown in [brackets], type - to clear it,
:cancel to close it. A multi-line answer goes on one line with \\n between lines."""


def _user_id(name: str) -> str:
    return "U" + re.sub(r"[^A-Z0-9]", "", name.upper())[:10] or "UMEMBER"


class Shell:
    def __init__(
        self,
        *,
        db_url: str,
        user: str,
        coach: bool,
        out: TextIO,
        read: Callable[[str], str],
        start: datetime | None = None,
    ) -> None:
        self.out, self.read = out, read
        self._scratch = None
        if db_url in IN_MEMORY:
            # A throwaway file: one SQLite connection shared by threads is not safe.
            self._scratch = tempfile.TemporaryDirectory(prefix="parachute-shell-")
            db_url = f"sqlite:///{self._scratch.name}/shell.db"
        self.slack = SlackStandIn(team_id=TEAM).start()
        self.db = Database(db_url)
        upgrade_engine_to_head(self.db.engine)
        self.clock = SimulatedClock(start or datetime.now(UTC).replace(second=0, microsecond=0))
        secret = secrets.token_hex(16)
        settings = Settings(
            _env_file=None,
            slack_bot_token=self.slack.token,
            slack_signing_secret=secret,
            slack_api_url=self.slack.api_url,
            database_url=db_url,
        )
        self.listeners = TrackingExecutor()
        app = build_app(
            settings, deps=Deps(db=self.db, clock=self.clock), listener_executor=self.listeners
        )
        self.driver = SlackDriver(self.slack, secret, dispatch_transport(app))
        self.dispatcher = Dispatcher(self.db, app.client, sleep=lambda _: None)
        self.names: dict[str, str] = {CHANNEL: CHANNEL_NAME}
        self.clickables: list[Clickable] = []
        self.clicked_in: dict[str, Any] = {}
        self.seen: dict[tuple[str, str], str] = {}
        self.user = self._become(user, coach=coach)
        with self.db.session() as session:
            cohort = get_cohort(session=session, team_id=TEAM)
            cohort.nudge_channel_id = cohort.nudge_channel_id or CHANNEL

    # -- members -------------------------------------------------------------------------

    def _become(self, name: str, *, coach: bool = False) -> str:
        user_id = _user_id(name)
        if user_id not in self.names:
            self.slack.add_user(user_id, name, tz=SHELL_TZ, is_admin=coach)
            self.names[user_id] = name
        return user_id

    def name_of(self, some_id: str) -> str:
        return self.names.get(some_id, some_id)

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    # -- the loop ------------------------------------------------------------------------

    def run(self) -> None:
        self.say(
            f"Parachute shell. You are {self.name_of(self.user)}; the cohort channel is "
            f"#{CHANNEL_NAME}; it is {self._now_text()}. Type :help for help."
        )
        while True:
            try:
                line = self.read(f"{self.name_of(self.user)}> ").strip()
            except EOFError:
                break
            if line in (":quit", ":q", ":exit"):
                break
            try:
                self.handle(line)
            except ClientRejected as problem:
                self.say(f"  (Slack would not send that: {problem})")
            except FormCancelled:
                self.say("  (closed; nothing was sent)")
            except EOFError:
                break
        self.close()

    def close(self) -> None:
        self.listeners.shutdown(wait=True)
        self.slack.stop()
        self.db.dispose()
        if self._scratch is not None:
            self._scratch.cleanup()

    def handle(self, line: str) -> None:
        if not line:
            return
        if line.startswith("/"):
            command, _, text = line.partition(" ")
            answer = self.driver.command(self.user, command, text)
            if answer.status != 200:
                self.say(f"  (the app answered {answer.status})")
            self.settle()
            return
        verb, _, rest = line.partition(" ")
        actions: dict[str, Callable[[str], None]] = {
            ":help": lambda _: self.say(HELP),
            ":home": lambda _: self.show_home(),
            ":click": self.click,
            ":as": self.switch,
            ":coach": lambda _: self.make_coach(),
            ":time": self.travel,
        }
        if verb not in actions:
            self.say("  Not a command. Type :help.")
            return
        actions[verb](rest.strip())

    def settle(self) -> None:
        """Let the app finish, then show what changed: new messages, or a modal to fill."""
        self.listeners.settle()
        self.show_messages()
        modal = self.slack.top_modal(self.user)
        if modal is not None:
            self.show_modal(modal)

    # -- showing -------------------------------------------------------------------------

    def _renderer(self) -> Renderer:
        renderer = Renderer(self.name_of)
        renderer.clickables = self.clickables
        return renderer

    def show_messages(self) -> None:
        for message in self.slack.messages(user=self.user):
            key = (message.channel, message.ts or str(id(message)))
            content = repr((message.text, message.blocks))
            if self.seen.get(key) == content:
                continue
            updated = key in self.seen
            self.seen[key] = content
            if not self._visible(message):
                continue
            self.clickables = []
            renderer = self._renderer()
            where = self._where(message)
            self.say(f"\n{where}{' (updated)' if updated else ''}")
            lines = renderer.blocks(message.blocks) if message.blocks else [f"  {message.text}"]
            for line in lines:
                self.say(line)
            for shared in message.files:
                self.say(f"  📎 {shared['name']} ({shared['size']} bytes)")
            self.clickables = renderer.clickables
            for clickable in self.clickables:
                self.clicked_in[str(clickable.number)] = ("message", message)

    def _visible(self, message: Message) -> bool:
        if message.user is not None:
            return message.user == self.user
        return not message.channel.startswith("D") or message.channel == dm_channel(self.user)

    def _where(self, message: Message) -> str:
        if message.user is not None:
            return "[only visible to you] Parachute:"
        if message.channel.startswith("D"):
            return "[DM] Parachute:"
        thread = " (in a thread)" if message.thread_ts else ""
        return f"[#{self.name_of(message.channel)}]{thread} Parachute:"

    def show_home(self) -> None:
        self.driver.open_home(self.user)
        self.listeners.settle()
        home = self.slack.home(self.user)
        if home is None:
            self.say("  (no App Home yet)")
            return
        self.clickables = []
        renderer = self._renderer()
        self.say("\n[App Home]")
        for line in renderer.blocks(home["blocks"]):
            self.say(line)
        self.clickables = renderer.clickables
        for clickable in self.clickables:
            self.clicked_in[str(clickable.number)] = ("view", home)

    def show_modal(self, modal: dict[str, Any]) -> None:
        title = (modal.get("title") or {}).get("text", "")
        self.say(f"\n┌ {title}")
        renderer = self._renderer()
        renderer.clickables = []
        inputs = [b for b in modal["blocks"] if b["type"] == "input"]
        for block in modal["blocks"]:
            if block["type"] != "input":
                for line in renderer.blocks([block], indent="│ "):
                    self.say(line)
        self.clickables = renderer.clickables
        for clickable in self.clickables:
            self.clicked_in[str(clickable.number)] = ("view", modal)
        if inputs and modal.get("submit"):
            self.fill(modal)
        elif self.clickables:
            self.say("└ (a button's number to click it, or Enter to close)")
            answer = self.read("  ").strip().removeprefix(":click").strip()
            if answer:
                self.click(answer)
            else:
                self.slack.close_modal(self.user, modal["id"])
        else:
            self.say("└")
            self.slack.close_modal(self.user, modal["id"])

    # -- forms ---------------------------------------------------------------------------

    def fill(
        self,
        modal: dict[str, Any],
        errors: dict[str, str] | None = None,
        answers: dict[str, Any] | None = None,
    ) -> None:
        answers = dict(answers or {})
        inputs = [b for b in modal["blocks"] if b["type"] == "input"]
        for block in inputs:
            if errors and block["block_id"] not in errors:
                continue
            if errors:
                self.say(f"│ ⚠️  {errors[block['block_id']]}")
            value = self.ask(block)
            if value is not _KEEP:
                answers[block["block_id"]] = value
            element = block["element"]
            if block.get("dispatch_action") and value is not _KEEP:
                self.driver.click(self.user, element["action_id"], view=modal, option=value)
                self.listeners.settle()
                updated = self.slack.top_modal(self.user)
                if updated is not None:
                    self.say("│ (the form changed with your choice)")
                    self.show_modal(updated)
                return
        submit = (modal.get("submit") or {}).get("text", "Submit")
        if self.read(f"└ Press Enter to {submit.lower()}, or type :cancel ").strip() == ":cancel":
            self.slack.close_modal(self.user, modal["id"])
            raise FormCancelled
        try:
            form_state(modal, answers)
        except ClientRejected as problem:
            block_id = str(problem).split(":", 1)[0]
            self.fill(modal, {block_id: str(problem).split(":", 1)[-1].strip()}, answers)
            return
        answer = self.driver.submit(self.user, modal, answers)
        if answer.errors:
            self.fill(modal, answer.errors, answers)
            return
        self.settle()

    def ask(self, block: dict[str, Any]) -> Any:
        element, label = block["element"], block["label"]["text"]
        kind = element["type"]
        required = "" if block.get("optional") else " (required)"
        hint = block.get("hint", {}).get("text")
        self.say(f"│ {label}{required}" + (f" — {hint}" if hint else ""))
        if kind == "file_input":
            return self._pick_file(block)
        options = element.get("options") or []
        initial = self._initial(element)
        if kind == "external_select":
            query = self.read("│   search: ").strip()
            if not query:
                return _KEEP
            options = self._search(block, element, query)
        if options:
            for number, option in enumerate(options, start=1):
                self.say(f"│   {number}. {option['text']['text']}")
        shown = f" [{initial}]" if initial not in (None, "", []) else ""
        raw = self.read(f"│ >{shown} ").strip()
        if raw == ":cancel":
            self.slack.close_modal(self.user, self.slack.top_modal(self.user)["id"])
            raise FormCancelled
        if raw == "":
            return _KEEP
        if raw == "-":
            return [] if kind in ("checkboxes", "multi_static_select") else None
        if options:
            picks = [p.strip() for p in raw.split(",") if p.strip()]
            values = []
            for pick in picks:
                if not pick.isdigit() or not 1 <= int(pick) <= len(options):
                    self.say("│   (pick by number)")
                    return self.ask(block)
                values.append(options[int(pick) - 1]["value"])
            return values if kind in ("checkboxes", "multi_static_select") else values[0]
        if kind == "datetimepicker":
            try:
                local = datetime.strptime(raw, "%Y-%m-%d %H:%M").replace(tzinfo=zone(SHELL_TZ))
            except ValueError:
                self.say("│   (as 2026-12-01 10:30)")
                return self.ask(block)
            return int(local.timestamp())
        if kind == "conversations_select":
            return CHANNEL if raw.lstrip("#") in (CHANNEL_NAME, CHANNEL) else raw.lstrip("#")
        return raw.replace("\\n", "\n")

    def _pick_file(self, block: dict[str, Any]) -> Any:
        """A file input: a path on this computer, uploaded as Slack's client would."""
        raw = self.read("│   path to the file: ").strip()
        if raw == ":cancel":
            self.slack.close_modal(self.user, self.slack.top_modal(self.user)["id"])
            raise FormCancelled
        if not raw:
            return _KEEP
        path = Path(raw).expanduser()
        try:
            data = path.read_bytes()
        except OSError as problem:
            self.say(f"│   (can't read {path}: {problem.strerror})")
            return self._pick_file(block)
        return [self.slack.upload_file(self.user, path.name, data)]

    def _initial(self, element: dict[str, Any]) -> Any:
        if element.get("initial_value"):
            return element["initial_value"]
        if element.get("initial_option"):
            return element["initial_option"]["text"]["text"]
        if element.get("initial_options"):
            return ", ".join(o["text"]["text"] for o in element["initial_options"])
        for key in ("initial_time", "initial_date", "initial_conversation"):
            if element.get(key):
                return self.name_of(element[key])
        if element.get("initial_date_time"):
            moment = datetime.fromtimestamp(element["initial_date_time"], tz=zone(SHELL_TZ))
            return f"{moment:%Y-%m-%d %H:%M}"
        return None

    def _search(
        self, block: dict[str, Any], element: dict[str, Any], query: str
    ) -> list[dict[str, Any]]:
        options = self.driver.search(
            self.user,
            self.slack.top_modal(self.user) or {"id": ""},
            block_id=block["block_id"],
            action_id=element["action_id"],
            query=query,
        )
        element["options"] = options  # the driver picks among what the search showed
        return options

    # -- actions -------------------------------------------------------------------------

    def click(self, which: str) -> None:
        target = next((c for c in self.clickables if str(c.number) == which), None)
        if target is None:
            self.say("  No such button. Buttons are numbered in [brackets] in the last output.")
            return
        kind, container = self.clicked_in[which]
        element = target.element
        option = None
        if element["type"] != "button":
            for number, choice in enumerate(element.get("options", []), start=1):
                self.say(f"  {number}. {choice['text']['text']}")
            pick = self.read("  which? ").strip()
            if not pick.isdigit() or not 1 <= int(pick) <= len(element.get("options", [])):
                self.say("  (nothing picked)")
                return
            option = element["options"][int(pick) - 1]["value"]
        value = element.get("value") if element["type"] == "button" else None
        if kind == "message":
            self.driver.click(
                self.user, element["action_id"], message=container, value=value, option=option
            )
        else:
            self.driver.click(
                self.user, element["action_id"], view=container, value=value, option=option
            )
        self.settle()

    def switch(self, name: str) -> None:
        if not name:
            self.say("  :as NAME, e.g. :as Bob")
            return
        self.user = self._become(name)
        self.say(f"  You are now {name}.")

    def make_coach(self) -> None:
        self.slack.add_user(self.user, self.name_of(self.user), tz=SHELL_TZ, is_admin=True)
        with self.db.session() as session:  # forget the cached profile: read users.info again
            session.execute(
                update(Member)
                .where(Member.team_id == TEAM, Member.user_id == self.user)
                .values(profile_fetched_at=None)
            )
        self.say(f"  {self.name_of(self.user)} is now a coach.")

    def travel(self, when: str) -> None:
        target = _parse_when(when, self.clock.now)
        if target is None or target < self.clock.now:
            self.say("  :time +3d, :time +4h, or :time 2026-12-01 09:00 (later than now)")
            return
        # Step through the time in hours, as the scheduler would run every minute.
        step = timedelta(hours=1)
        while self.clock.now < target:
            self.clock.now = min(self.clock.now + step, target)
            self.dispatcher.dispatch_due(self.clock.now)
        self.say(f"  It is now {self._now_text()}.")
        self.show_messages()

    def _now_text(self) -> str:
        return f"{self.clock.now.astimezone(zone(SHELL_TZ)):%a %b %d %Y, %H:%M} ({SHELL_TZ})"


_KEEP = object()


class FormCancelled(Exception):
    """The person closed the form with :cancel."""


def _parse_when(text: str, now: datetime) -> datetime | None:
    match = re.fullmatch(r"\+(\d+)([dhm])", text.strip())
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        return (
            now
            + {
                "d": timedelta(days=amount),
                "h": timedelta(hours=amount),
                "m": timedelta(minutes=amount),
            }[unit]
        )
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=zone(SHELL_TZ))
    except ValueError:
        return None


def run_shell(*, db_url: str, user: str, coach: bool) -> int:
    interactive = sys.stdin.isatty()
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (history and line editing for input())

    def read(prompt: str) -> str:
        if interactive:
            return input(prompt)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        print(f"{prompt}{line.rstrip()}", flush=True)  # echo, so a piped journey reads well
        return line.rstrip("\n")

    Shell(db_url=db_url, user=user, coach=coach, out=sys.stdout, read=read).run()
    return 0
