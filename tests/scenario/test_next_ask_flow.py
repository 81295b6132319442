"""The LAMP list working for the member, through the real app: App Home's "Next best ask"
in LAMP order with one step per target, `/targets` as the LAMP spreadsheet, and nothing
of a classmate's contacts shown."""

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from slackbot.blocks import ids
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn, dm_channel
from tests.conftest import ALICE, BOB, TrackingExecutor
from tests.privacy import assert_private
from tests.scenario.journeys import log_contact, send_ask

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # a Wednesday
CAROL = "UCAROL"


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(NOW)


class Steps:
    """What the members do before the test looks, through the real app."""

    def __init__(
        self, driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
    ) -> None:
        self.driver, self.slack, self.listeners = driver, slack, listeners

    def modal(self, user: str) -> dict:
        self.listeners.settle()
        view = self.slack.top_modal(user)
        assert view is not None
        return view

    def contact(self, user: str, name: str, company: str, connection: str = "") -> None:
        fields = {"connection": connection} if connection else {}
        log_contact(self.driver, user, name, company=company, **fields)
        self.listeners.settle()

    def target(self, name: str, motivation: int, posting: bool = False) -> None:
        self.driver.command(ALICE, "/targets")
        self.driver.click(ALICE, ids.TARGETS_ADD_COMPANY, view=self.modal(ALICE))
        answers: dict = {ids.COMPANY_NAME: name, ids.COMPANY_MOTIVATION: str(motivation)}
        if posting:
            answers[ids.COMPANY_POSTING] = ["posting"]
        self.driver.submit(ALICE, self.modal(ALICE), answers)
        self.listeners.settle()

    def offer_intros(self, user: str) -> None:
        self.driver.open_home(user)
        self.listeners.settle()
        self.driver.click(user, ids.HOME_INTROS, view=self.slack.home(user), value="on")
        self.listeners.settle()

    def send_ask(self, name: str, school: str) -> None:
        send_ask(self.driver, ALICE, name, connection_kind="alumni", connection_detail=school)
        self.listeners.settle()


@pytest.fixture
def steps(driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor) -> Steps:
    return Steps(driver, slack, listeners)


def _rows(home: dict) -> list[dict]:
    start = next(i for i, b in enumerate(home["blocks"]) if "Next best ask" in json.dumps(b))
    rows = []
    for block in home["blocks"][start + 2 :]:
        if block["type"] != "section":
            break
        rows.append(block)
    return rows


def test_the_next_best_ask_follows_lamp_with_one_step_each_and_keeps_classmates_private(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor, steps: Steps
) -> None:
    slack.add_user(CAROL, "Carol Chen", tz="Europe/London")
    steps.target("Umbrella", 3)
    steps.target("Initech", 4)
    steps.target("Globex", 4, posting=True)
    steps.target("Acme", 5)
    steps.contact(ALICE, "Jane Doe", "Acme", connection="Fellow State U alum")
    steps.contact(ALICE, "Gus Globex", "Globex")
    steps.send_ask("Gus", "State U")
    steps.contact(BOB, "Pat Private", "Initech")
    steps.offer_intros(BOB)
    steps.contact(CAROL, "Carla Hidden", "Umbrella")  # Carol offers no intros

    driver.open_home(ALICE)
    listeners.settle()
    home = slack.home(ALICE)
    rows = _rows(home)
    texts = [row["text"]["text"] for row in rows]
    assert [text.split("*")[1] for text in texts] == ["Acme", "Globex", "Initech", "Umbrella"]
    # Acme: her alum Jane, to ask.
    assert "Ask *Jane Doe* for 15 minutes" in texts[0]
    assert rows[0]["accessory"]["action_id"] == ids.NEXT_ASK_DRAFT
    assert "A: 1 contact of yours" in texts[0] and "M: 5/5" in texts[0]
    # Globex: the ask is out, so the next follow-up's day instead of a button (3 business
    # days, Thanksgiving skipped).
    assert "Your ask to *Gus Globex* is out: next follow-up due Tue Dec 1" in texts[1]
    assert "P: open posting" in texts[1] and "accessory" not in rows[1]
    # Initech: a classmate (counted, not named) can introduce her.
    assert "1 classmate offering intros know" in texts[2]
    assert rows[2]["accessory"]["action_id"] == ids.NEXT_ASK_INTRO
    # Umbrella: find someone, an alum of her school (told through her alumni ask).
    assert rows[3]["accessory"]["action_id"] == ids.NEXT_ASK_SEARCH
    keywords = parse_qs(urlsplit(rows[3]["accessory"]["url"]).query)["keywords"]
    assert keywords == ["Umbrella State U"]
    shown = json.dumps(home)
    assert "Pat Private" not in shown and "Carla Hidden" not in shown and BOB not in shown

    # Draft an ask: the form, with Jane chosen.
    driver.click(ALICE, ids.NEXT_ASK_DRAFT, view=home)
    form = steps.modal(ALICE)
    assert form["callback_id"] == ids.ASK_MODAL
    assert "Jane Doe" in json.dumps(form["blocks"])

    # Ask a classmate: the classmates there, by DM, as `/network who` shows them.
    driver.click(ALICE, ids.NEXT_ASK_INTRO, view=home)
    listeners.settle()
    who = slack.messages(channel=dm_channel(ALICE))[-1]
    assert f"<@{BOB}>" in json.dumps(who.blocks) and "Pat Private" not in json.dumps(who.blocks)
    driver.click(ALICE, ids.INTRO_ASK, message=who)
    listeners.settle()
    request = json.dumps(slack.messages(channel=dm_channel(BOB))[-1].blocks)
    assert f"<@{ALICE}>" in request and "Pat Private" in request  # Bob's own, to Bob

    # /targets reads like the LAMP spreadsheet, in the same order.
    driver.command(ALICE, "/targets")
    lines = [
        b["text"]["text"]
        for b in steps.modal(ALICE)["blocks"]
        if b.get("accessory", {}).get("action_id") == ids.TARGETS_COMPANY_MENU
    ]
    assert [line.split("*")[1] for line in lines] == ["Acme", "Globex", "Initech", "Umbrella"]
    assert "A: 1 classmate offering intros · M: 4/5 · P: none" in lines[2]
    assert "A: nobody yet · M: 3/5 · P: none" in lines[3]

    assert (
        assert_private(
            slack,
            {
                ALICE: ["Jane Doe", "Gus Globex"],
                BOB: ["Pat Private"],
                CAROL: ["Carla Hidden"],
            },
        )
        > 0
    )
