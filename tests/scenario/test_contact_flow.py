"""/contact end to end: signed requests in, the modal out, the contact stored, App Home shown."""

import json

from slack_sdk.models.views import View
from sqlalchemy import func, select

from slackbot.blocks import ids
from slackbot.db import Database
from slackbot.devtools.driver import SlackDriver, sign
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.domain.contacts import ContactField
from slackbot.models import Contact
from tests.conftest import ALICE, BOB, SIGNING_SECRET
from tests.scenario.journeys import contact_form, form_answers

BLOCK = ids.CONTACT_BLOCKS


def _contacts(db: Database) -> list[Contact]:
    with db.session() as session:
        return list(session.scalars(select(Contact).order_by(Contact.id)))


def _home_text(slack: SlackStandIn, user: str) -> str:
    home = slack.home(user)
    assert home is not None
    return json.dumps(home["blocks"])


def test_contact_is_logged_end_to_end(driver: SlackDriver, slack: SlackStandIn, db: Database):
    driver.open_home(ALICE)  # App Home follows her changes once she has opened it
    slack.wait_for("views.publish")
    modal = contact_form(driver, ALICE, "Jane Doe")
    View(**modal).to_dict()  # what Slack received passes Block Kit's limits
    name_input = next(b for b in modal["blocks"] if b["block_id"] == BLOCK[ContactField.NAME])
    assert name_input["element"]["initial_value"] == "Jane Doe"

    answer = driver.submit(
        ALICE,
        modal,
        form_answers(
            BLOCK,
            company="Acme",
            title="Product Manager",
            seniority="manager",
            connection="Alumni of State U",
            linkedin_url="linkedin.com/in/Jane-Doe/",
            email="jane@acme.io",
        ),
    )

    assert answer.status == 200
    assert answer.json()["response_action"] == "update"
    confirmation = slack.top_modal(ALICE)
    assert confirmation is not None and confirmation["callback_id"] == ids.CONTACT_SAVED
    shown = json.dumps(confirmation["blocks"])
    assert "Jane Doe" in shown and "/ask-draft Jane Doe" in shown
    assert "Product Manager at Acme" in shown

    [contact] = _contacts(db)
    assert (contact.name, contact.company, contact.email) == ("Jane Doe", "Acme", "jane@acme.io")
    assert contact.linkedin_url == "https://www.linkedin.com/in/jane-doe"

    slack.wait_for("views.publish", 2)
    assert "Jane Doe" in _home_text(slack, ALICE)


def test_bad_input_gets_field_errors_and_stores_nothing(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    modal = contact_form(driver, ALICE, "")
    answer = driver.submit(
        ALICE,
        modal,
        form_answers(BLOCK, name="\u200b", linkedin_url="https://example.com/jane"),
    )
    assert answer.status == 200
    assert set(answer.errors) == {BLOCK[ContactField.NAME], BLOCK[ContactField.LINKEDIN_URL]}
    assert "LinkedIn" in answer.errors[BLOCK[ContactField.LINKEDIN_URL]]
    assert slack.top_modal(ALICE)["callback_id"] == ids.CONTACT_MODAL  # the form stays open
    assert _contacts(db) == []


def test_a_duplicate_is_caught_with_a_clear_message(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    first = contact_form(driver, ALICE, "Jane Doe")
    driver.submit(ALICE, first, {BLOCK[ContactField.EMAIL]: "jane@acme.io"})
    second = contact_form(driver, ALICE, "J. Doe")
    answer = driver.submit(ALICE, second, {BLOCK[ContactField.EMAIL]: "JANE@acme.io"})
    assert "You already have Jane Doe" in answer.errors[BLOCK[ContactField.EMAIL]]
    assert len(_contacts(db)) == 1


def test_the_same_person_may_be_logged_by_two_members(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    for user in (ALICE, BOB):
        modal = contact_form(driver, user, "Jane Doe")
        answer = driver.submit(user, modal, {BLOCK[ContactField.EMAIL]: "jane@acme.io"})
        assert answer.errors == {}
    assert len(_contacts(db)) == 2


def test_a_senior_executive_at_a_large_company_brings_the_gentle_warning(
    driver: SlackDriver, slack: SlackStandIn
):
    modal = contact_form(driver, ALICE, "Sam Chief")
    driver.submit(
        ALICE,
        modal,
        form_answers(BLOCK, seniority="executive", company_size="5001+"),
    )
    assert "a level or two above you" in json.dumps(slack.top_modal(ALICE)["blocks"])


def test_a_referral_links_to_the_referrer_and_a_forged_referrer_is_refused(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    modal = contact_form(driver, BOB, "Bob's friend")
    driver.submit(BOB, modal, {})
    [bobs_contact] = _contacts(db)

    modal = contact_form(driver, ALICE, "Jane Doe")
    driver.submit(ALICE, modal, {})
    modal = contact_form(driver, ALICE, "Ravi Shah")
    referred_block = next(
        b for b in modal["blocks"] if b["block_id"] == BLOCK[ContactField.REFERRED_BY]
    )
    options = referred_block["element"]["options"]
    assert [o["text"]["text"] for o in options] == ["Jane Doe"]  # Alice's contacts only

    # A payload tampered to name Bob's contact as the referrer is refused.
    referred_block["element"]["options"].append(
        {"text": {"type": "plain_text", "text": "x"}, "value": str(bobs_contact.id)}
    )
    answer = driver.submit(ALICE, modal, {BLOCK[ContactField.REFERRED_BY]: str(bobs_contact.id)})
    assert BLOCK[ContactField.REFERRED_BY] in answer.errors
    assert len(_contacts(db)) == 2

    answer = driver.submit(ALICE, modal, {BLOCK[ContactField.REFERRED_BY]: options[0]["value"]})
    assert answer.errors == {}
    ravi = _contacts(db)[-1]
    assert ravi.referred_by_id == int(options[0]["value"])


def test_members_never_see_each_others_contacts(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    driver.open_home(ALICE)
    modal = contact_form(driver, ALICE, "Jane Doe")
    driver.submit(ALICE, modal, {BLOCK[ContactField.NOTES]: "Secret notes"})
    slack.wait_until(lambda: "Jane Doe" in json.dumps(slack.home(ALICE)))
    driver.open_home(BOB)
    slack.wait_for("views.publish", 3)
    bob_home = _home_text(slack, BOB)
    assert "Jane Doe" not in bob_home and "Secret" not in bob_home


def test_a_forged_signature_is_refused_and_changes_nothing(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    body = b"command=%2Fcontact&text=Jane&team_id=T0COHORT&user_id=UALICE&trigger_id=1.x"
    headers = sign("not-the-secret", body) | {"Content-Type": "application/x-www-form-urlencoded"}
    assert driver.transport(body, headers).status == 401
    stale = sign(SIGNING_SECRET, body, timestamp=1_000_000_000)
    assert driver.transport(body, stale | {"Content-Type": headers["Content-Type"]}).status == 401
    assert slack.calls_to("views.open") == []
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 0


def test_command_text_arrives_escaped_and_is_read_as_typed(
    driver: SlackDriver, slack: SlackStandIn
) -> None:
    modal = contact_form(driver, ALICE, "Tom &amp; Jerry &lt;3")
    name_input = next(b for b in modal["blocks"] if b["block_id"] == BLOCK[ContactField.NAME])
    assert name_input["element"]["initial_value"] == "Tom & Jerry <3"
