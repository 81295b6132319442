"""/targets end to end: the list modal, pushed forms, edits and removals, privacy."""

import json

from sqlalchemy import select

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.driver import SlackDriver
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.models import TargetCompany, TargetTitle
from tests.conftest import ALICE, BOB, TrackingExecutor


def _open_targets(driver: SlackDriver, slack: SlackStandIn, user: str) -> dict:
    view = driver.open_modal(user, "/targets")
    assert view["callback_id"] == ids.TARGETS_MODAL
    return view


def _push_form(driver: SlackDriver, slack: SlackStandIn, user: str, action_id: str, **kw) -> dict:
    before = len(slack.calls_to("views.push"))
    driver.click(user, action_id, view=slack.top_modal(user), **kw)
    slack.wait_for("views.push", before + 1)
    return slack.top_modal(user)


def _add_company(driver, slack, user: str, name: str, motivation: str) -> None:
    form = _push_form(driver, slack, user, ids.TARGETS_ADD_COMPANY)
    updates = len(slack.calls_to("views.update"))
    answer = driver.submit(user, form, {ids.COMPANY_NAME: name, ids.COMPANY_MOTIVATION: motivation})
    assert answer.errors == {}
    slack.wait_for("views.update", updates + 1)


def _list_text(slack: SlackStandIn, user: str) -> str:
    return json.dumps(slack.top_modal(user)["blocks"])


def test_companies_are_added_and_listed_by_motivation(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
):
    driver.open_home(ALICE)
    _open_targets(driver, slack, ALICE)
    _add_company(driver, slack, ALICE, "Initech", "2")
    _add_company(driver, slack, ALICE, "Globex", "5")
    shown = _list_text(slack, ALICE)
    assert shown.index("Globex") < shown.index("Initech")
    assert len(slack.modal_stack(ALICE)) == 1  # the form closed, the list is back on top

    title_form = _push_form(driver, slack, ALICE, ids.TARGETS_ADD_TITLE)
    updates = len(slack.calls_to("views.update"))
    assert driver.submit(ALICE, title_form, {ids.JOB_TITLE: "Product designer"}).errors == {}
    slack.wait_for("views.update", updates + 1)
    assert "Product designer" in _list_text(slack, ALICE)

    # App Home follows the burst of changes: redrawn at its end, with both companies.
    slack.wait_until(lambda: "Globex" in json.dumps(slack.home(ALICE)))


def test_a_company_is_edited_and_removed_from_its_menu(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    _open_targets(driver, slack, ALICE)
    _add_company(driver, slack, ALICE, "Acme", "3")
    with db.session() as session:
        acme = session.scalar(select(TargetCompany))
    form = _push_form(
        driver, slack, ALICE, ids.TARGETS_COMPANY_MENU, option=f"{ids.EDIT}:{acme.id}"
    )
    assert form["callback_id"] == ids.TARGET_COMPANY_FORM
    updates = len(slack.calls_to("views.update"))
    answer = driver.submit(
        ALICE, form, {ids.COMPANY_MOTIVATION: "5", ids.COMPANY_POSTING: ["posting"]}
    )
    assert answer.errors == {}
    slack.wait_for("views.update", updates + 1)
    with db.session() as session:
        edited = session.scalar(select(TargetCompany))
        assert (edited.name, edited.motivation, edited.has_posting) == ("Acme", 5, True)

    updates = len(slack.calls_to("views.update"))
    driver.click(
        ALICE,
        ids.TARGETS_COMPANY_MENU,
        view=slack.top_modal(ALICE),
        option=f"{ids.REMOVE}:{acme.id}",
    )
    slack.wait_for("views.update", updates + 1)
    assert "Acme" not in _list_text(slack, ALICE)
    with db.session() as session:
        assert session.scalar(select(TargetCompany)) is None


def test_a_missing_name_or_a_duplicate_gets_field_errors(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    _open_targets(driver, slack, ALICE)
    _add_company(driver, slack, ALICE, "Acme", "3")
    form = _push_form(driver, slack, ALICE, ids.TARGETS_ADD_COMPANY)
    answer = driver.submit(ALICE, form, {ids.COMPANY_NAME: "  ACME "})
    assert "already on your list" in answer.errors[ids.COMPANY_NAME]
    answer = driver.submit(ALICE, form, {ids.COMPANY_NAME: "\u200b\u200b"})
    assert ids.COMPANY_NAME in answer.errors
    with db.session() as session:
        assert len(list(session.scalars(select(TargetCompany)))) == 1


def test_another_members_ids_in_a_tampered_payload_change_nothing(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    _open_targets(driver, slack, ALICE)
    _add_company(driver, slack, ALICE, "Acme", "3")
    title_form = _push_form(driver, slack, ALICE, ids.TARGETS_ADD_TITLE)
    driver.submit(ALICE, title_form, {ids.JOB_TITLE: "Analyst"})
    with db.session() as session:
        acme = session.scalar(select(TargetCompany))
        analyst = session.scalar(select(TargetTitle))

    bobs_list = _open_targets(driver, slack, BOB)
    # Bob's copy of the list, doctored to carry Alice's ids.
    bobs_list["blocks"].append(
        {
            "type": "section",
            "block_id": "forged",
            "text": {"type": "mrkdwn", "text": "forged"},
            "accessory": {
                "type": "overflow",
                "action_id": ids.TARGETS_COMPANY_MENU,
                "options": [
                    {
                        "text": {"type": "plain_text", "text": "x"},
                        "value": f"{ids.REMOVE}:{acme.id}",
                    },
                    {"text": {"type": "plain_text", "text": "y"}, "value": f"{ids.EDIT}:{acme.id}"},
                ],
            },
        }
    )
    bobs_list["blocks"].append(
        {
            "type": "actions",
            "block_id": "forged_title",
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.TARGETS_REMOVE_TITLE,
                    "text": {"type": "plain_text", "text": "x"},
                    "value": str(analyst.id),
                }
            ],
        }
    )
    updates = len(slack.calls_to("views.update"))
    driver.click(BOB, ids.TARGETS_COMPANY_MENU, view=bobs_list, option=f"{ids.REMOVE}:{acme.id}")
    driver.click(BOB, ids.TARGETS_COMPANY_MENU, view=bobs_list, option=f"{ids.EDIT}:{acme.id}")
    driver.click(BOB, ids.TARGETS_REMOVE_TITLE, view=bobs_list, value=str(analyst.id))
    slack.wait_for("views.update", updates + 3)
    assert len(slack.modal_stack(BOB)) == 1  # no edit form of Alice's company was pushed

    form = _push_form(driver, slack, BOB, ids.TARGETS_ADD_COMPANY)
    form["private_metadata"] = json.dumps({"company_id": acme.id})
    answer = driver.submit(BOB, form, {ids.COMPANY_NAME: "Hijacked", ids.COMPANY_MOTIVATION: "1"})
    assert "no longer on your list" in answer.errors[ids.COMPANY_NAME]

    with db.session() as session:
        still = session.scalar(select(TargetCompany))
        assert (still.name, still.motivation) == ("Acme", 3)
        assert session.scalar(select(TargetTitle)) is not None
