"""Every manifest command is answered; /network help; App Home; the health check."""

import json

import httpx
import pytest
import yaml

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn, dm_channel
from tests.conftest import ALICE, BOB, TrackingExecutor, app_deps
from tests.unit.test_manifest_and_packaging import ROOT

MANIFEST_COMMANDS = [
    c["command"]
    for c in yaml.safe_load((ROOT / "manifest.yml").read_text())["features"]["slash_commands"]
]


@pytest.mark.parametrize("command", MANIFEST_COMMANDS)
def test_every_manifest_command_gets_an_answer(
    command: str, driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    answer = driver.command(ALICE, command)
    assert answer.status == 200
    listeners.settle()
    # An answer in the ack, a modal, or a message through the command's response_url.
    assert answer.body or slack.calls_to("views.open") or slack.messages(user=ALICE)


COMMAND_REPLIES = [
    ("/network", ""),
    ("/network", "nonsense"),
    ("/network", "who Acme"),
    ("/network", "who"),
    ("/meeting-notes", ""),  # no meetings yet
    ("/cohort", "stats"),  # not a coach
]


@pytest.mark.parametrize(("command", "text"), COMMAND_REPLIES)
def test_replies_to_a_member_say_ephemeral_explicitly(
    command: str, text: str, driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    driver.command(ALICE, command, text)
    listeners.settle()
    replies = [m for m in slack.messages(user=ALICE) if m.via in ("ack", "response_url")]
    assert replies
    assert {(m.user, m.response_type) for m in replies} == {(ALICE, "ephemeral")}


def test_network_help_lists_commands_and_the_pipeline(
    driver: SlackDriver, slack: SlackStandIn
) -> None:
    driver.command(ALICE, "/network")
    [message] = slack.messages(user=ALICE)
    assert message.user == ALICE  # ephemeral: only Alice sees it
    shown = json.dumps(message.blocks)
    assert "/contact" in shown and "Identified" in shown


def test_an_unknown_network_word_is_answered_kindly(driver: SlackDriver) -> None:
    data = driver.command(ALICE, "/network", "<!channel>").json()
    shown = json.dumps(data["blocks"])
    assert "I don't know" in shown and "<!channel>" not in shown


def test_app_home_is_published_and_the_time_zone_cached(
    driver: SlackDriver, slack: SlackStandIn, db: Database
) -> None:
    assert driver.open_home(ALICE).status == 200
    [publish] = slack.wait_for("views.publish")
    assert publish.args["user_id"] == ALICE
    assert "Your networking pipeline" in json.dumps(slack.home(ALICE))
    driver.open_home(ALICE)
    slack.wait_for("views.publish", 2)
    assert len(slack.calls_to("users.info")) == 1  # cached for a week

    from slackbot.services.members import find_member
    from tests.conftest import ALICE_OWNER

    with db.session() as session:
        assert find_member(session=session, owner=ALICE_OWNER).tz == "Europe/Paris"


def test_home_quick_actions_open_the_modals(driver: SlackDriver, slack: SlackStandIn) -> None:
    from slackbot.blocks import ids

    driver.open_home(BOB)
    slack.wait_for("views.publish")
    home = slack.home(BOB)
    assert driver.click_open_modal(BOB, ids.HOME_ADD_CONTACT, view=home)["callback_id"] == (
        ids.CONTACT_MODAL
    )
    assert driver.click_open_modal(BOB, ids.HOME_OPEN_TARGETS, view=home)["callback_id"] == (
        ids.TARGETS_MODAL
    )


def test_slack_failing_users_info_still_shows_home(
    driver: SlackDriver, slack: SlackStandIn
) -> None:
    slack.fail_next("users.info", error="user_not_found")
    driver.open_home(ALICE)
    slack.wait_for("views.publish")


def test_healthz_reports_the_database(http: httpx.Client, db: Database) -> None:
    assert http.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(slack: SlackStandIn, tmp_path) -> None:
    from slackbot.app import build_app
    from slackbot.settings import Settings
    from slackbot.web import build_web_app
    from tests.conftest import SIGNING_SECRET, LiveServer

    down = Database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    settings = Settings(
        _env_file=None,
        slack_bot_token=slack.token,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.api_url,
    )
    app = build_app(settings, deps=app_deps(down))
    with LiveServer(build_web_app(app, down)) as base_url:
        response = httpx.get(f"{base_url}/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.parametrize(
    ("fault", "explained"),
    [
        ({"error": "expired_trigger_id"}, "did not let me open that form in time"),
        ({"status": 500}, "nothing was changed"),
        ({"error": "account_inactive"}, "nothing was changed"),
    ],
)
def test_a_slack_failure_after_the_ack_is_explained_to_the_member(
    driver: SlackDriver,
    slack: SlackStandIn,
    listeners: TrackingExecutor,
    caplog,
    fault: dict,
    explained: str,
) -> None:
    slack.fail_next("views.open", **fault)
    assert driver.command(ALICE, "/contact", "Jane").status == 200
    listeners.settle()
    [message] = slack.messages(user=ALICE)
    assert message.via == "response_url" and explained in message.text
    assert any("Slack refused a call" in r.getMessage() for r in caplog.records)
    assert "Jane" not in caplog.text  # logs carry ids, not what members typed


def test_a_failed_click_in_app_home_is_explained_by_dm(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    driver.open_home(ALICE)
    home = slack.wait_for("views.publish") and slack.home(ALICE)
    slack.fail_next("views.open", error="expired_trigger_id")
    assert driver.click(ALICE, ids.HOME_ADD_CONTACT, view=home).status == 200
    listeners.settle()
    [message] = slack.messages(channel=dm_channel(ALICE))
    assert "did not let me open that form in time" in message.text


@pytest.mark.listener_failures_expected
def test_a_failure_inside_a_form_keeps_it_open_with_an_explanation(
    driver: SlackDriver, slack: SlackStandIn, db: Database
) -> None:
    from slackbot.blocks import ids

    modal = driver.open_modal(ALICE, "/contact", "Jane")

    def database_down(*_: object) -> None:
        raise OSError("database down")

    db.engine.dispose()
    pool = db.engine.pool
    working = pool._creator  # type: ignore[attr-defined]
    pool._creator = database_down  # type: ignore[attr-defined]
    try:
        answer = driver.submit(ALICE, modal, {})
    finally:
        pool._creator = working  # type: ignore[attr-defined]
        db.engine.dispose()
    assert answer.status == 200
    assert "nothing was changed" in next(iter(answer.errors.values()))
    assert slack.top_modal(ALICE)["callback_id"] == ids.CONTACT_MODAL


def test_an_event_delivered_again_has_one_effect(
    driver: SlackDriver, slack: SlackStandIn, listeners: TrackingExecutor
) -> None:
    import json as json_module
    from concurrent.futures import ThreadPoolExecutor

    payload = {
        "type": "event_callback",
        "team_id": slack.team_id,
        "api_app_id": "APARACHUTE",
        "event_id": "Ev0RETRY01",
        "event_time": 1,
        "event": {"type": "app_home_opened", "user": ALICE, "tab": "home"},
    }
    body = json_module.dumps(payload).encode()
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    with ThreadPoolExecutor(max_workers=2) as pool:  # two deliveries at once, then a retry
        answers = list(
            pool.map(lambda _: driver.send(body, content_type="application/json"), range(2))
        )
    answers.append(driver.send(body, content_type="application/json", headers=retry))
    assert [a.status for a in answers] == [200, 200, 200]
    listeners.settle()
    assert len(slack.calls_to("views.publish")) == 1
