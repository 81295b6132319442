import json
from dataclasses import replace
from datetime import date

import pytest
from slack_sdk.models.views import View

from slackbot.blocks import ids
from slackbot.blocks import intros as intros_blocks
from slackbot.blocks import overlaps as overlaps_blocks
from slackbot.blocks.contacts import ContactSummary, contact_modal, contact_saved_view
from slackbot.blocks.drafts import DraftCard, draft_message
from slackbot.blocks.home import Dashboard, home_view
from slackbot.blocks.meetings import ThankYou, thank_you_message
from slackbot.blocks.messages import help_message
from slackbot.blocks.next_asks import NextAskRow
from slackbot.blocks.targets import CompanyRow, TitleRow, company_form, targets_view
from slackbot.domain.ask_checks import check_ask
from slackbot.domain.contacts import ContactField
from slackbot.domain.drafting import Channel, DraftKind, Shortened
from slackbot.domain.lamp import Step
from slackbot.domain.pipeline import Stage

HOSTILE = "<!channel> <http://evil.example|your bank> <@U123>"
URL = "https://www.linkedin.com/search/results/people/?keywords=Co"


def _contact(n: int, name: str = "Jane Doe") -> ContactSummary:
    return ContactSummary(id=n, name=name, company="Acme", title="PM", company_size="51-200")


def test_contact_modal_prefills_the_name_and_lists_referrers() -> None:
    view = contact_modal(name="Jane Doe", referrers=[_contact(1, "Bob")])
    View(**view).to_dict()
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert blocks[ids.CONTACT_BLOCKS[ContactField.NAME]]["element"]["initial_value"] == "Jane Doe"
    assert blocks[ids.CONTACT_BLOCKS[ContactField.NAME]]["optional"] is False
    referrer = blocks[ids.CONTACT_BLOCKS[ContactField.REFERRED_BY]]["element"]
    assert referrer["options"][0]["value"] == "1"


def test_contact_modal_has_no_empty_referrer_select_and_clips_a_long_name() -> None:
    view = contact_modal(name="x" * 500, referrers=[])
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert ids.CONTACT_BLOCKS[ContactField.REFERRED_BY] not in blocks
    assert len(blocks[ids.CONTACT_BLOCKS[ContactField.NAME]]["element"]["initial_value"]) == 100


def test_saved_view_escapes_what_the_member_typed() -> None:
    contact = ContactSummary(id=1, name=HOSTILE, connection=HOSTILE)
    shown = json.dumps(contact_saved_view(contact, advice=None))
    assert "<!channel>" not in shown and "<http" not in shown and "<@U123>" not in shown


def test_home_stays_within_100_blocks_and_shows_every_stage() -> None:
    dashboard = Dashboard(
        pipeline=dict.fromkeys(Stage, 3),
        recent_contacts=[_contact(n) for n in range(500)],
        next_asks=[
            NextAskRow(CompanyRow(n, f"Co {n}", 5, None, False), Step.FIND_SOMEONE, search_link=URL)
            for n in range(500)
        ],
    )
    view = home_view(dashboard)
    View(**view).to_dict()
    assert len(view["blocks"]) <= 100
    shown = json.dumps(view)
    assert all(stage.label in shown for stage in Stage)


def test_empty_home_tells_a_newcomer_where_to_start() -> None:
    view = home_view(Dashboard(pipeline={}, recent_contacts=[]))
    assert "/contact" in json.dumps(view) and "/targets" in json.dumps(view)


def test_target_list_is_bounded_and_escaped() -> None:
    companies = [CompanyRow(n, HOSTILE, 5, "5001+", True) for n in range(300)]
    titles = [TitleRow(n, HOSTILE) for n in range(300)]
    view = targets_view(companies, titles, more_companies=True, more_titles=True)
    View(**view).to_dict()
    assert len(view["blocks"]) <= 100
    assert "<!channel>" not in json.dumps(view)


def test_company_form_preselects_what_is_being_edited() -> None:
    view = company_form(CompanyRow(7, "Acme", 4, "11-50", True))
    View(**view).to_dict()
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert blocks[ids.COMPANY_MOTIVATION]["element"]["initial_option"]["value"] == "4"
    assert blocks[ids.COMPANY_SIZE]["element"]["initial_option"]["value"] == "11-50"
    assert blocks[ids.COMPANY_POSTING]["element"]["initial_options"]
    assert json.loads(view["private_metadata"]) == {"company_id": 7}


def test_help_lists_every_command_and_the_pipeline() -> None:
    message = help_message({Stage.IDENTIFIED: 4})
    shown = json.dumps(message.blocks)
    for command in ("/contact", "/targets", "/ask-draft", "/meeting", "/meeting-notes", "/network"):
        assert command in shown
    assert "Identified" in shown and "4" in shown


def test_an_unknown_word_is_answered_escaped() -> None:
    assert "<!channel>" not in json.dumps(help_message({}, unknown=HOSTILE).blocks)


def test_a_second_contact_hint_says_how_to_find_someone_when_nobody_is_known() -> None:
    from slackbot.blocks.drafts import SecondContactHint, second_contact_text

    text = second_contact_text(SecondContactHint("Acme <3", "Jane Doe", []))
    assert "search LinkedIn for Acme &lt;3 people" in text
    assert "You already know" not in text


def test_the_draft_card_says_when_the_members_words_were_shortened() -> None:
    body = "Hi Jane,\n\nWe share PyLadies. Could you spare 15 minutes?\n\nBest,\nAlice"
    card = DraftCard(
        draft_id=7,
        kind=DraftKind.ASK,
        follow_up_number=0,
        contact_name="Jane Doe",
        company="Acme",
        channel=Channel.EMAIL,
        subject="A fellow member of PyLadies: your view on UX",
        body=body,
        checks=check_ask(body, connection="PyLadies", linkedin=False, drafted=True),
        shortened=[Shortened.INTRO.value, Shortened.NARROW.value],
    )
    shown = json.dumps(draft_message(card).blocks)
    assert (
        "To stay under 100 words, I shortened what you typed for who you are and what "
        "you'd like to learn" in shown
    )
    sent = json.dumps(draft_message(replace(card, sent_on=date(2026, 11, 25))).blocks)
    assert "I shortened" not in sent  # once sent, the text is what they sent


HOSTILE = "<!channel> Ann & <https://evil.example|Bob>"


@pytest.mark.parametrize(
    "message",
    [
        pytest.param(lambda: overlaps_blocks.overlap_for_newcomer(HOSTILE, "U1"), id="newcomer"),
        pytest.param(
            lambda: overlaps_blocks.overlap_for_asker(
                HOSTILE, "U1", date(2026, 11, 2), today=date(2026, 11, 3)
            ),
            id="asker",
        ),
        pytest.param(lambda: intros_blocks.who_message(HOSTILE, ["U1"], offering=True), id="who"),
        pytest.param(
            lambda: intros_blocks.intro_request_message("U1", HOSTILE, [HOSTILE]), id="intro"
        ),
        pytest.param(
            lambda: thank_you_message(
                meeting_id=1,
                contact_name=HOSTILE,
                thank_you=ThankYou("Thanks", "send it within 24 hours"),
                sent=False,
            ),
            id="thank-you",
        ),
    ],
)
def test_a_notifications_fallback_text_is_escaped_like_its_blocks(message) -> None:
    text = message().text
    assert "<!channel>" not in text and "<https://" not in text
    assert "&lt;!channel&gt; Ann &amp; &lt;https://evil.example|Bob&gt;" in text
